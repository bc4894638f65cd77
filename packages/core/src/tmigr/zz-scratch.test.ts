import { test } from 'vitest';
import { checkTmigr, getVariant, loadScenario, INVARIANTS } from './api.js';

test('scratch', () => {
  const s = loadScenario(process.env.SCN ?? 'seed');
  for (const vn of (process.env.VARS ?? 'bd3c45dd01').split(',')) {
    const v = getVariant(vn);
    const props = process.env.INV ? [...INVARIANTS, 'deadlock'] : undefined;
    const r = checkTmigr(s, v, { model: (process.env.MODEL ?? 'sc') as 'sc', ...(props ? { properties: props } : {}), maxSeconds: Number(process.env.SECS ?? 600) });
    console.log(vn, r.verdict, r.property, r.reason, r.states, r.transitions, r.depth, r.seconds.toFixed(2));
  }
}, 1_000_000);
