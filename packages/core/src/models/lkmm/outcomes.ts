import { explore } from '../../explore/bfs.js';
import type { CheckResult } from '../../explore/result.js';
import type { ModelName, Semantics, StateView } from '../../explore/semantics.js';
import type { Program } from '../../ir/types.js';
import { LkmmSemantics } from './semantics.js';

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

/**
 * A semantics for enumerating final outcomes only (litmus verdicts), under any of the three
 * models: the partial-execution-graph search of `LkmmSemantics` with the model's axioms. For
 * SC and x86-TSO it reaches the same final outcomes as `models/sc.ts` and `models/tso.ts`
 * (checked on random programs in `monotonic.test.ts`) with far fewer states, because the
 * graph, not the interleaving, is the state and only one thread moves at a time. Its state
 * counts and paths are not those of `check()`: use it for verdicts, not for traces.
 */
export function outcomeSemanticsFor(program: Program, model: ModelName): Semantics<unknown> {
  return new LkmmSemantics(program, { axioms: model }) as Semantics<unknown>;
}
