/**
 * The seed race (reference/tmigr-kernel.md §5) under x86-TSO, explored completely on the packed
 * fast path ({@link TsoSemantics.packed}): TSO's store buffers do not produce the
 * inconsistent-root state, so the fix bd3c45dd01 passes every default property and v7.1-rc1
 * keeps every hierarchy invariant (it trips only the `!state.active` WARN, not checked here).
 * The state counts pin the search down (the v7.1-rc1 search stores about 1.5M states).
 */
import { describe, expect, it } from 'vitest';
import { TsoSemantics } from '../models/tso.js';
import { checkTmigr, getVariant, loadScenario } from './api.js';
import { INVARIANTS } from './properties.js';

describe('the seed under TSO', () => {
  it('uses the packed fast path', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('bd3c45dd01'), { model: 'tso', maxStates: 1 });
    expect(new TsoSemantics(r.tmigr.program).packed).toBeDefined();
  });

  it('bd3c45dd01 keeps every default property (ok, complete)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('bd3c45dd01'), { model: 'tso' });
    expect([r.verdict, r.complete, r.property]).toEqual(['ok', true, null]);
    expect([r.states, r.transitions, r.depth]).toEqual([981_832, 4_078_947, 123]);
  }, 600_000);

  it('v7.1-rc1 trips WARN_ON_ONCE(!state.active) in setup, as under SC', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), { model: 'tso' });
    expect([r.verdict, r.property]).toEqual(['violation', 'WARN_ON_ONCE(!state.active)']);
  }, 600_000);

  it('v7.1-rc1 keeps the hierarchy invariants (ok, complete)', () => {
    const r = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), {
      model: 'tso',
      properties: [...INVARIANTS],
    });
    expect([r.verdict, r.complete, r.property]).toEqual(['ok', true, null]);
    expect([r.states, r.transitions, r.depth]).toEqual([1_549_862, 6_633_400, 123]);
  }, 1_200_000);
});
