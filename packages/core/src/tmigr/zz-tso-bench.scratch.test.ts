import { it } from 'vitest';
import { checkTmigr, getVariant, INVARIANTS, loadScenario } from './api.js';

const ON = process.env.TSO_BENCH === '1';
it.skipIf(!ON)(
  'bench',
  () => {
    const which = process.env.TSO_WHICH ?? 'both';
    const run = (name: string, props?: string[]) => {
      const t0 = Date.now();
      const r = checkTmigr(loadScenario('seed'), getVariant(name), {
        model: 'tso',
        ...(props ? { properties: props } : {}),
        maxSeconds: Number(process.env.TSO_MAXS ?? 1200),
        onProgress: (p) => console.log(name, JSON.stringify(p)),
      });
      console.log(
        'RESULT',
        name,
        r.verdict,
        r.property,
        r.complete,
        r.states,
        r.transitions,
        r.depth,
        r.seconds.toFixed(1),
        (Date.now() - t0) / 1000,
        JSON.stringify(r.path?.length),
      );
    };
    if (which !== 'bd') run('v7.1-rc1', [...INVARIANTS]);
    if (which !== 'v7') run('bd3c45dd01');
  },
  3_600_000,
);
