import { explore } from '../../explore/bfs.js';
import type { CheckResult } from '../../explore/result.js';
import type { Semantics, StateView } from '../../explore/semantics.js';

/** herd's verdict on a condition over all final states: `Never 0 0` means no execution (DEADLOCK). */
export type HerdVerdict = 'Always' | 'Sometimes' | 'Never';

/** The distinct final outcomes of a search, each described by `observe`. */
export interface OutcomeSet {
  readonly outcomes: ReadonlySet<string>;
  readonly result: CheckResult;
}

/**
 * Explores `sem` completely (no deadlock reports) and collects `observe(view)` for every
 * distinct final state.
 */
export function finalOutcomes<S>(sem: Semantics<S>, observe: (view: StateView) => string): OutcomeSet {
  const outcomes = new Set<string>();
  const result = explore(sem, { deadlock: false, onFinal: (view) => outcomes.add(observe(view)) });
  return { outcomes, result };
}

/**
 * herd's verdict of `cond` over the final states of `sem`, with the number of distinct final
 * states where it holds and fails (herd counts executions instead, so compare the word only,
 * and `0 0` only for DEADLOCK).
 */
export function conditionVerdict<S>(
  sem: Semantics<S>,
  cond: (view: StateView) => boolean,
): { verdict: HerdVerdict; pos: number; neg: number; result: CheckResult } {
  let pos = 0;
  let neg = 0;
  const result = explore(sem, {
    deadlock: false,
    onFinal: (view) => {
      if (cond(view)) pos++;
      else neg++;
    },
  });
  const verdict: HerdVerdict = pos > 0 && neg === 0 ? 'Always' : pos > 0 ? 'Sometimes' : 'Never';
  return { verdict, pos, neg, result };
}
