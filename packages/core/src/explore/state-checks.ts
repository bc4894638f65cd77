import { evalFinal } from '../ir/eval.js';
import type { ExploreOptions } from './bfs.js';
import type { BoundStop, CheckResult, PathStep, StopReason } from './result.js';
import type { Semantics } from './semantics.js';
import { ST_BOUND } from './thread.js';

/** What a search has counted so far, for its result. */
export interface SearchCounts {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** With state-space caching: the states the visited set holds (see `CheckResult.stored`). */
  readonly stored?: number;
}

/** Ends a search: its verdict, the violated property, why it stopped, and the path. */
export type Finish = (
  verdict: CheckResult['verdict'],
  property: string | null,
  reason: StopReason | null,
  path: PathStep[] | null,
  bound?: BoundStop | null,
) => CheckResult;

/**
 * The `finish` of a reference search started at `t0`: builds its {@link CheckResult} with the
 * counts `counts()` gives at that moment.
 */
export function finisher<S>(sem: Semantics<S>, t0: number, counts: () => SearchCounts): Finish {
  return (verdict, property, reason, path, bound) => {
    const c = counts();
    return {
      verdict,
      property,
      model: sem.model,
      engine: 'ts',
      complete: verdict !== 'incomplete',
      states: c.states,
      transitions: c.transitions,
      depth: c.depth,
      seconds: (performance.now() - t0) / 1000,
      reason,
      path,
      ...(bound ? { bound } : {}),
      ...(c.stored !== undefined ? { stored: c.stored } : {}),
    };
  };
}

/** The first thread of `threads` stopped at a loop bound, as a {@link BoundStop}; or null. */
export function boundStopOf(
  threads: readonly { readonly status: number; readonly pc: number }[],
  path: () => PathStep[],
): BoundStop | null {
  const thread = threads.findIndex((t) => t.status === ST_BOUND);
  return thread < 0 ? null : { thread, pc: threads[thread]!.pc, path: path() };
}

/**
 * The checks of a new state object shared by the string-keyed searches: the invariant hook,
 * and on final states the program's final checks and `onFinal`. Returns the violated
 * property or null; `bound()` gives the first checked settled state that had a thread at a
 * loop bound (`path`: how the search reached the state being checked), or null.
 */
export function stateChecker<S>(
  sem: Semantics<S>,
  options: ExploreOptions<S>,
): { check: (state: S, path: () => PathStep[]) => string | null; bound: () => BoundStop | null } {
  let bound: BoundStop | null = null;
  const check = (state: S, path: () => PathStep[]): string | null => {
    const view = sem.view(state);
    // Under the LKMM a prefix with unresolved reads may run a thread into a loop bound on a
    // path no consistent execution takes (a guessed branch, a value not read yet): the bound
    // counts once the state is settled, as its successors with every read resolved are.
    if (bound === null && view.settled !== false) bound = boundStopOf(view.threads, path);
    if (options.invariant) {
      const bad = options.invariant(view, state);
      if (bad) return bad;
    }
    if (sem.isFinal(state)) {
      for (const fc of sem.program.finalChecks ?? []) {
        const v = evalFinal(
          fc.cond,
          (t, r) => view.threads[t]!.regs[r]!,
          (a) => view.value(a),
        );
        if (v === 0) return fc.property;
      }
      options.onFinal?.(view, state);
    }
    return null;
  };
  return { check, bound: () => bound };
}
