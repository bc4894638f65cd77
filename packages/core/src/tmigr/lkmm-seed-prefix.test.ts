/**
 * The seed race (reference/tmigr-kernel.md §5) under the LKMM, before the fix: a complete
 * depth-first search of every execution graph of the seed scenario under v7.1-rc1, with the
 * hierarchy invariants checked on every quiescent cut of every finished execution.
 *
 * The issue expected `top-active-if-cpu-active` to break here. The complete search finds no
 * invariant broken, which agrees with the hand analysis in lkmm-seed-story.test.ts: B missing
 * the link that A saw closes a pb cycle through C's fully ordered activation of the new root.
 * The !state.active WARN itself is reachable under the LKMM as under SC (tmigr-check seed).
 * About 3 minutes on a 2-core machine; its own file so that it runs beside the fix's search.
 */
import { describe, expect, it } from 'vitest';
import { checkTmigr, getVariant, INVARIANTS, loadScenario } from './api.js';

// The reference's complete LKMM search of the seed takes about 4 minutes on a 2-core machine;
// the Wasm engine's test (packages/engine/src/lkmm-seed.test.ts) pins the same count in seconds
// and runs in CI. Set TMIGR_HEAVY=1 to run this oracle search as well.
describe.skipIf(process.env.TMIGR_HEAVY !== '1')('the seed under LKMM, v7.1-rc1', () => {
  it('keeps every hierarchy invariant (ok, complete search): the story needs a pb cycle', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), {
      model: 'lkmm',
      properties: [...INVARIANTS],
      search: 'dfs',
    });
    expect([r.verdict, r.complete, r.reason]).toEqual(['ok', true, null]);
    expect(r.states).toBe(2_191_538);
  }, 1_800_000);
});
