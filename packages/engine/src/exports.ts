import type { WasmMemory } from './wasm-api.js';

/**
 * The raw exports of `engine.wasm` (AssemblyScript sources in `assembly/`, protocol described in
 * `assembly/index.ts`). Written by hand so that the TypeScript side typechecks without a build.
 */
export interface EngineExports {
  readonly memory: WasmMemory;
  /** Resets the engine; returns where to write a program of `words` words, or 0 if out of memory. */
  programBuffer(words: number): number;
  /** Starts the search: 0 = running, 1 = finished already. */
  start(maxStates: number, maxPages: number, deadlock: number): number;
  /** Explores up to `batch` more states: 0 = running, 1 = finished. */
  run(batch: number): number;
  /** Ends a running search as incomplete with the given reason code. */
  abort(reasonCode: number): void;
  resultVerdict(): number;
  resultReason(): number;
  resultProperty(): number;
  states(): number;
  transitions(): number;
  depth(): number;
  frontier(): number;
  resultPathEnd(): number;
  resultPathLast(): number;
  parentOf(id: number): number;
  viaOf(id: number): number;
  memoryUsed(): number;
  tableSlots(): number;
  // LKMM graph search (assembly/lkmm/, see assembly/index.ts).
  lkmmTablesBuffer(words: number): number;
  lkmmStart(
    maxStates: number,
    visitedCap: number,
    cacheWhenFull: number,
    maxPages: number,
    deadlock: number,
    dfs: number,
    events: number,
    coCap: number,
    guesses: number,
    scopes: number,
    outcomes: number,
  ): number;
  lkmmRun(batch: number): number;
  lkmmAbort(reasonCode: number): void;
  lkmmVerdict(): number;
  lkmmReason(): number;
  lkmmProperty(): number;
  lkmmStates(): number;
  lkmmTransitions(): number;
  lkmmDepth(): number;
  lkmmFrontier(): number;
  lkmmPathLength(): number;
  lkmmPathStep(i: number): number;
  /** With reason `bound`: the thread stopped at its loop bound, and the pc of its back edge (the path is lkmmPathStep's). */
  lkmmBoundThread(): number;
  /** After a search started with outcomes > 0: the distinct outcomes, and value j of outcome i. */
  lkmmOutcomeCount(): number;
  lkmmOutcomeValue(i: number, j: number): number;
  lkmmBoundPc(): number;
  /** After R_CAPACITY: which capacities were too small (1 events, 2 co, 4 guesses, 8 scopes, 16 outcomes). */
  lkmmOverflow(): number;
  /** 1 when the violation was found at a quiescent cut of a finished execution. */
  lkmmViolationAtCut(): number;
  /** The pc where the violating cut left thread t (an operation boundary), -1 if finished. */
  lkmmCutPc(t: number): number;
  lkmmTableSlots(): number;
  /** States the visited set holds, once a state was explored without being stored (state-space caching); else -1. */
  lkmmStored(): number;
  /** Resets the engine; returns where to write one LKMM graph (assembly/lkmm/graph.ts), or 0. */
  lkmmGraphBuffer(): number;
  /** The first violated LKMM axiom of the graph at `g`: 0 none, 1 coherence, 2 atomic, 3 hb, 4 propagation, -1 out of memory. */
  lkmmViolatedAxiom(g: number): number;
  /** The same, given that the graph without the change (thread, po, count) was consistent. */
  lkmmViolatedAxiomAfter(g: number, thread: number, po: number, count: number): number;
  /** Events the last LKMM check considered. */
  lkmmLastUniverse(): number;
  /**
   * Shared decision 2: 0, or 1 + the property index of the first violated invariant of the
   * current program's tmigr section, on memory values at `cells` (word a = address a) and
   * per-thread (pc, status) pairs at `threads`.
   */
  invariantViolated(cells: number, threads: number): number;
  /** Test support: makes the written program current; returns where `bytes` bytes may be written (0: no memory). */
  probeBuffer(bytes: number): number;
}

/** Search status returned by `start` and `run`. */
export const SEARCH_RUNNING = 0;
export const SEARCH_FINISHED = 1;
/** Engine-local reason code (assembly/search.ts): an assume failed before the first step. */
export const R_ASSUME_INITIALLY = 100;
/** Engine-local reason code (assembly/lkmm/search.ts): a capacity of the LKMM state vector was too small. */
export const R_CAPACITY = 101;
/** Engine-local reason code: the program exceeds the LKMM checker's graph limits (threads, locations, events per thread). */
export const R_TOO_LARGE = 102;
/** Name of the property reported in that case, as core's ScSemantics reports it. */
export const ASSUME_FALSE_INITIALLY = 'assume-false-initially';
