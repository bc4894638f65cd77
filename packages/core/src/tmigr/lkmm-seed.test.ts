/**
 * The seed race (reference/tmigr-kernel.md §5) under the LKMM, as the issue expects it:
 * v7.1-rc1 reaches the inconsistent-root state, the fix bd3c45dd01 does not. These searches
 * do not finish today (the graph tree is estimated above 10^10 nodes; see
 * lkmm-seed-story.test.ts for why the story's own shape is forbidden by the transcription):
 * set TMIGR_HEAVY=1 to run them, depth-first, within 25 minutes each.
 */
import { describe, expect, it } from 'vitest';
import { checkTmigr, getVariant, loadScenario } from './api.js';

const HEAVY = process.env.TMIGR_HEAVY === '1';
const INVARIANTS_ONLY = ['top-active-if-cpu-active', 'parent-child-consistency'];

describe.skipIf(!HEAVY)('the seed under LKMM', () => {
  it('v7.1-rc1 violates a hierarchy invariant', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), {
      model: 'lkmm',
      properties: INVARIANTS_ONLY,
      maxSeconds: 1500,
      search: 'dfs',
    });
    expect(r.verdict).toBe('violation');
    expect(INVARIANTS_ONLY).toContain(r.property);
  }, 1_800_000);

  it('bd3c45dd01 keeps the invariants (ok, complete)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('bd3c45dd01'), {
      model: 'lkmm',
      properties: INVARIANTS_ONLY,
      maxSeconds: 1500,
      search: 'dfs',
    });
    expect([r.verdict, r.complete]).toEqual(['ok', true]);
  }, 1_800_000);
});
