import type { ModelName } from '@tmigr-check/core';

/** The kernel before the seed fix and the fix itself (commit bd3c45dd01). */
export const PRE_FIX = 'v7.1-rc1';
export const FIXED = 'bd3c45dd01';
export const SEED_VARIANTS = [PRE_FIX, FIXED] as const;
export const SEED_MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];
/** The invariant the seed race breaks under LKMM. */
export const SEED_INVARIANT = 'top-active-if-cpu-active';

/** Which property set a run checks. */
export type PropertySet = 'all' | 'invariants';

/** What a run ended with, as the table shows it. */
export interface RunSummary {
  readonly verdict: 'ok' | 'violation' | 'incomplete' | 'unavailable' | 'error';
  readonly property: string | null;
}

/** An expectation of the story, with the words the table prints. */
export interface Expectation {
  readonly text: string;
  readonly holds: (r: RunSummary, invariants: readonly string[]) => boolean;
}

const ok: Expectation = { text: 'ok', holds: (r) => r.verdict === 'ok' };

/**
 * The seed story (reference/tmigr-kernel.md §5): under SC and TSO the pre-fix kernel can only
 * trip the `!state.active` WARN in setup and no invariant breaks at quiescence; under LKMM
 * `top-active-if-cpu-active` breaks; the fixed kernel passes everything under every model.
 * Under LKMM the first violation over all properties may be either (BFS reports the shorter).
 */
export function expectationFor(variant: string, model: ModelName, set: PropertySet): Expectation {
  if (variant !== PRE_FIX) return ok;
  if (set === 'invariants') {
    if (model !== 'lkmm') return ok;
    return {
      text: `violation ${SEED_INVARIANT}`,
      holds: (r) => r.verdict === 'violation' && r.property === SEED_INVARIANT,
    };
  }
  if (model === 'lkmm') return { text: 'violation (any)', holds: (r) => r.verdict === 'violation' };
  return {
    text: 'violation of the !state.active WARN',
    holds: (r, invariants) =>
      r.verdict === 'violation' &&
      r.property !== null &&
      !invariants.includes(r.property) &&
      /state\.active/.test(r.property),
  };
}
