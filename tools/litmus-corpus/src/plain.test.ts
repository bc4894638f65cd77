/**
 * The corpus's plain-access tests (C `*x = v` / `r = *x`, `isPlainAccessTest`) under LKMM against
 * herd7: verdict and flags (`herd_lkmm`: `data-race`, `mixed-accesses`). All of them run (about
 * two seconds on the reference explorer); the tests that the front end refuses
 * (`plain-access-dependency`, see core's models/lkmm/blocking.ts) are counted apart.
 */
import { describe, expect, it } from 'vitest';
import { readManifest } from './manifest.js';
import { corpusDir, corpusPresent } from './paths.js';
import { isPlainAccessTest, type RowResult, runCorpus } from './runner.js';
import { selectRows } from './select.js';

const DIR = corpusDir();
const FOUND = corpusPresent(DIR);

const line = (r: RowResult) =>
  `${r.row.path}: ${r.status} ${r.detail ?? ''} expected ${r.expected} ${r.expectedFlags?.join(',') ?? ''}, got ${r.got} ${r.flags?.join(',') ?? ''}`;

describe('litmus corpus: plain accesses under LKMM, verdict and data-race flag as herd7', () => {
  if (!FOUND) {
    it('skipped: corpus not found', (ctx) => {
      ctx.skip(`skipped: corpus not found (looked in ${DIR}; set TMIGR_LITMUS_DIR)`);
    });
    return;
  }
  const rows = selectRows(readManifest(DIR), { subset: 'all' }).filter((r) => isPlainAccessTest(DIR, r));

  it('finds the plain-access tests (all subsets)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
  });

  it('every one that compiles agrees with herd7 on the verdict and the flags', async () => {
    const results = await runCorpus(rows, { dir: DIR, models: ['lkmm'], maxSeconds: 20 });
    const judged = results.filter((r) => r.status !== 'unsupported');
    expect(judged.filter((r) => r.status !== 'agree').map(line)).toEqual([]);
    expect(judged.length).toBeGreaterThanOrEqual(140);
    // Racy and race-free, allowed and forbidden outcomes are all among them.
    const kinds = new Set(
      judged.map((r) => `${r.got} ${r.flags!.includes('data-race') ? 'racy' : 'race-free'}`),
    );
    for (const k of ['Never racy', 'Never race-free', 'Sometimes racy', 'Sometimes race-free'])
      expect(kinds, k).toContain(k);
    // Refusals are only for dependencies the LKMM search could not build.
    const refused = results.filter((r) => r.status === 'unsupported');
    expect([...new Set(refused.map((r) => r.detail))]).toEqual(
      refused.length ? ['plain-access-dependency'] : [],
    );
  }, 120_000);
});
