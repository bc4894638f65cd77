/**
 * The seed race (reference/tmigr-kernel.md §5) under the LKMM: v7.1-rc1 reaches the
 * inconsistent-root state (the RWC+addr/acq+mb shape of §5.2 is allowed by the LKMM), the fix
 * bd3c45dd01 does not. These are long searches: set TMIGR_HEAVY=1 to run them.
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
    });
    expect(r.verdict).toBe('violation');
    expect(INVARIANTS_ONLY).toContain(r.property);
  }, 1_800_000);

  it('bd3c45dd01 keeps the invariants (ok, complete)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('bd3c45dd01'), {
      model: 'lkmm',
      properties: INVARIANTS_ONLY,
      maxSeconds: 1500,
    });
    expect([r.verdict, r.complete]).toEqual(['ok', true]);
  }, 1_800_000);
});
