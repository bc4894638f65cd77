import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileLitmus, parseLitmus, runLitmus } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { readManifest } from './manifest.js';
import { corpusDir, corpusPresent } from './paths.js';
import { selectRows } from './select.js';

const DIR = corpusDir();

/**
 * The cheap self-check that needs no oracle: on every kernel core test and a fixed sample of
 * paulmckrcu core tests, the final outcomes allowed under SC are allowed under x86-TSO, and
 * those are allowed under LKMM.
 */
describe('SC ⊆ TSO ⊆ LKMM on corpus tests', () => {
  if (!corpusPresent(DIR)) {
    it('skipped: corpus not found', (ctx) => {
      ctx.skip(`skipped: corpus not found (looked in ${DIR}; set TMIGR_LITMUS_DIR)`);
    });
    return;
  }
  const rows = readManifest(DIR);
  const picked = [
    ...selectRows(rows, { subset: 'core', sources: ['kernel-tools', 'kernel-doc'] }),
    ...selectRows(rows, { subset: 'core', sources: ['paulmckrcu'], maxProcs: 3, sample: 120 }),
  ];
  it(`holds on ${picked.length} tests`, () => {
    let compared = 0;
    for (const row of picked) {
      let compiled: ReturnType<typeof compileLitmus>;
      try {
        compiled = compileLitmus(parseLitmus(readFileSync(join(DIR, row.path), 'utf8'), row.path));
      } catch {
        continue; // unsupported primitives are counted by the agreement tests
      }
      const sets = (['sc', 'tso', 'lkmm'] as const).map((model) => {
        const o = runLitmus(compiled, { model, maxSeconds: 10 });
        expect(o.status, `${row.path} under ${model}`).toBe('ok');
        return new Set(o.finals.map((f) => JSON.stringify(Object.entries(f.values).sort())));
      });
      const [sc, tso, lkmm] = sets as [Set<string>, Set<string>, Set<string>];
      for (const x of sc) expect(tso.has(x), `${row.path}: SC outcome ${x} not allowed by TSO`).toBe(true);
      for (const x of tso)
        expect(lkmm.has(x), `${row.path}: TSO outcome ${x} not allowed by LKMM`).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(picked.length - 2);
  });
});
