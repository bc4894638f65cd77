import type { ModelName } from './semantics.js';

export type Verdict = 'ok' | 'violation' | 'incomplete';

/** Why a search ended without a complete "ok". */
export type StopReason = 'violation' | 'bound' | 'state-limit' | 'time-limit' | 'memory-limit';

/** One step of a path: which thread moved and which of its model-specific choices it took. */
export interface PathStep {
  readonly thread: number;
  readonly choice: number;
}

/**
 * Where a loop bound stopped a thread, for a result with reason `bound`: the first state the
 * search stored in which a thread could not take a back edge once more (breadth-first: a
 * shortest path to such a state).
 */
export interface BoundStop {
  /** The thread stopped at its bound. */
  readonly thread: number;
  /** The pc of the back edge (a branch or jump with a `bound`) it could not take again. */
  readonly pc: number;
  /** Steps from the initial state to that state. */
  readonly path: readonly PathStep[];
}

/** The result of a search, the same for every engine. */
export interface CheckResult {
  readonly verdict: Verdict;
  /** The violated property, or null. */
  readonly property: string | null;
  readonly model: ModelName;
  readonly engine: 'ts' | 'wasm';
  /** True when every reachable state was explored (or a violation ended the search). */
  readonly complete: boolean;
  /**
   * Distinct states stored; with state-space caching (`stored` present), states explored,
   * some possibly more than once.
   */
  readonly states: number;
  /**
   * Depth-first search with state-space caching (`ExploreOptions.visitedCap`, or the Wasm LKMM
   * search whose visited set reached its memory budget): present when the visited set stopped
   * growing, with the number of states it holds. The search went on without storing new
   * states; `complete` and the verdict are unaffected.
   */
  readonly stored?: number;
  /** Transitions generated (edges, including those to known states). */
  readonly transitions: number;
  /** Greatest BFS depth reached. */
  readonly depth: number;
  readonly seconds: number;
  /** Why the search stopped early, if it did. */
  readonly reason: StopReason | null;
  /** Steps from the initial state to the violation (shortest), or null. */
  readonly path: readonly PathStep[] | null;
  /** With reason `bound`: which loop stopped which thread, and how the search got there. */
  readonly bound?: BoundStop;
  /**
   * Whether partial-order reduction was on (analysis/por.ts; the Wasm SC and TSO searches):
   * the counts are then those of the reduced search, and `path` holds every real step.
   */
  readonly por?: boolean;
}

/** Progress of a running search. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly frontier: number;
  readonly seconds: number;
  /** Once state-space caching runs (see `CheckResult.stored`): the states the visited set holds. */
  readonly stored?: number;
}
