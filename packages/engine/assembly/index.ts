// The exports of the engine's Wasm module (raw bindings; see src/load.ts for the JS side).
//
// Protocol: programBuffer(n) → JS writes the n words of an encoded program there →
// start(maxStates, maxPages, deadlock) → run(batch) until it returns 1 (finished) → read the
// result with the getters; the path is rebuilt with pathEnd/pathLast/parentOf/viaOf.
// Counts that may exceed 2^31 are returned as f64.
import { align16, ensureBytes, setLimitPages, top } from './layout';
import { lastUniverse, setConsistencyScratch, violatedAxiom, violatedAxiomAfter } from './lkmm/consistency';
import { graphBytes } from './lkmm/graph';
import { setProgram } from './program';
import {
  frontierSize,
  maxDepth,
  pathEnd,
  pathLast,
  property,
  reason,
  searchAbort,
  searchReset,
  searchRun,
  searchStart,
  stateCount,
  transitionCount,
  verdict,
} from './search';
import {
  boundPc as lkmmBoundPcOf,
  boundThread as lkmmBoundThreadOf,
  lkmmAbort as lkmmSearchAbort,
  lkmmFrontier as lkmmFrontierSize,
  lkmmOverflowKind,
  lkmmRun as lkmmSearchRun,
  lkmmStart as lkmmSearchStart,
  lkmmTableSlots as lkmmSlots,
  lkmmStored as lkmmStoredCount,
  lkmmTablesAt,
  maxDepth as lkmmMaxDepth,
  pathLength as lkmmPathLen,
  pathPtr as lkmmPathPtr,
  property as lkmmResultProperty,
  reason as lkmmResultReason,
  stateCount as lkmmStateCount,
  transitionCount as lkmmTransitionCount,
  verdict as lkmmResultVerdict,
} from './lkmm/search';
import { outcomeCount as lkmmOutcomes, outcomeWord as lkmmOutcomeWordOf } from './lkmm/outcomes';
import { cutPc as lkmmCutPcOf, violationAtCut as lkmmAtCut } from './lkmm/cuts';
import { recordParent, recordVia, tableCapacity } from './store';

export { invariantViolated } from './invariants';

let programPtr: usize = 0;
let programWords: i32 = 0;

/** Resets the engine and returns where to write a program of `words` words (0 if out of memory). */
export function programBuffer(words: i32): usize {
  searchReset();
  programPtr = align16(__heap_base);
  programWords = words;
  if (!ensureBytes(<u64>programPtr + ((<u64>words) << 2))) return 0;
  return programPtr;
}

/**
 * Starts a search of the program written at programBuffer(). `maxStates` ≥ 2^32 − 1 means no
 * limit; `maxPages` caps linear memory (64 KiB pages, ≤ 0 or > 65,536: the 4 GiB ceiling).
 * Returns 0 while running, 1 when already finished.
 */
export function start(maxStates: f64, maxPages: i32, deadlock: i32): i32 {
  setLimitPages(maxPages);
  const limit: u32 = maxStates >= 4294967295.0 ? 0xffffffff : maxStates <= 0 ? 0 : <u32>Math.ceil(maxStates);
  const scratch = programPtr + ((<usize>programWords) << 2);
  return searchStart(programPtr, programWords, scratch, limit, deadlock != 0);
}

/** Explores up to `batch` more states; 0 = still running, 1 = finished. */
export function run(batch: i32): i32 {
  return searchRun(batch);
}

/** Ends a running search as incomplete with `reasonCode` (e.g. R_TIME_LIMIT). */
export function abort(reasonCode: i32): void {
  searchAbort(reasonCode);
}

export function resultVerdict(): i32 {
  return verdict;
}
export function resultReason(): i32 {
  return reason;
}
/** Property index (R_ASSERT) or -1. */
export function resultProperty(): i32 {
  return property;
}
export function states(): f64 {
  return <f64>stateCount;
}
export function transitions(): f64 {
  return <f64>transitionCount;
}
export function depth(): f64 {
  return <f64>maxDepth;
}
export function frontier(): f64 {
  return <f64>frontierSize();
}
/** Id of the state the violation path ends at, or -1 for an empty path. */
export function resultPathEnd(): i32 {
  return <i32>pathEnd;
}
/** The violating step after pathEnd (thread << 16 | choice), or -1. */
export function resultPathLast(): i32 {
  return <i32>pathLast;
}
/** Parent id of state `id` (-1 for the initial state). */
export function parentOf(id: i32): i32 {
  return <i32>recordParent(<u32>id);
}
/** The step (thread << 16 | choice) that discovered state `id`. */
export function viaOf(id: i32): i32 {
  return <i32>recordVia(<u32>id);
}
/** Bytes of linear memory in use by the search. */
export function memoryUsed(): f64 {
  return <f64>top;
}
/** Slots of the visited table. */
export function tableSlots(): f64 {
  return <f64>tableCapacity();
}

// ---- LKMM (assembly/lkmm/): programBuffer(n) and the program words as above, then
// lkmmTablesBuffer(m) and the LKMM tables, then lkmmStart(...) and lkmmRun(batch) until it
// returns 1; the result getters are the lkmm* ones. ----

let lkmmTablesWords: i32 = 0;

/** Where to write the LKMM tables (`words` words) after the program; 0 if out of memory. */
export function lkmmTablesBuffer(words: i32): usize {
  lkmmTablesWords = words;
  return lkmmTablesAt(programPtr, programWords, words);
}

/**
 * Starts an LKMM search (`dfs` != 0: depth-first) with the given capacities of the state
 * vector (events per thread, co length per location, branch guesses and control scopes per
 * thread). `outcomes` > 0: collect up to that many distinct final outcomes (lkmm/outcomes.ts)
 * instead of checking the final checks. Depth-first only, state-space caching: the visited set
 * stores at most `visitedCap` states, and `cacheWhenFull` != 0 goes on the same way when the
 * visited set cannot grow within the memory limit (else that ends the search with
 * memory-limit); see lkmm/search.ts. Returns 0 while running, 1 when already finished.
 */
export function lkmmStart(
  maxStates: f64,
  visitedCap: f64,
  cacheWhenFull: i32,
  maxPages: i32,
  deadlock: i32,
  dfs: i32,
  events: i32,
  coCap: i32,
  guesses: i32,
  scopes: i32,
  outcomes: i32,
): i32 {
  setLimitPages(maxPages);
  const limit: u32 = maxStates >= 4294967295.0 ? 0xffffffff : maxStates <= 0 ? 0 : <u32>Math.ceil(maxStates);
  const cap: u32 = visitedCap >= 4294967295.0 ? 0xffffffff : visitedCap <= 1 ? 1 : <u32>Math.floor(visitedCap);
  return lkmmSearchStart(
    programPtr,
    lkmmTablesWords,
    limit,
    cap,
    cacheWhenFull != 0,
    deadlock != 0,
    dfs != 0,
    events,
    coCap,
    guesses,
    scopes,
    outcomes,
  );
}

export function lkmmRun(batch: i32): i32 {
  return lkmmSearchRun(batch);
}
export function lkmmAbort(reasonCode: i32): void {
  lkmmSearchAbort(reasonCode);
}
export function lkmmVerdict(): i32 {
  return lkmmResultVerdict;
}
export function lkmmReason(): i32 {
  return lkmmResultReason;
}
export function lkmmProperty(): i32 {
  return lkmmResultProperty;
}
export function lkmmStates(): f64 {
  return <f64>lkmmStateCount;
}
export function lkmmTransitions(): f64 {
  return lkmmTransitionCount;
}
export function lkmmDepth(): f64 {
  return <f64>lkmmMaxDepth;
}
export function lkmmFrontier(): f64 {
  return lkmmFrontierSize();
}
/** Length of the violation path (-1: it did not fit in memory). */
export function lkmmPathLength(): i32 {
  return lkmmPathLen;
}
/** Step i of the violation path (thread << 16 | choice). */
export function lkmmPathStep(i: i32): i32 {
  return load<i32>(lkmmPathPtr + ((<usize>i) << 2));
}
/** Whether the violation was found at a quiescent cut of a finished execution (not at its last state). */
/** Outcome collection (`lkmmStart` with outcomes > 0): the distinct outcomes found. */
export function lkmmOutcomeCount(): i32 {
  return lkmmOutcomes;
}
/** Value `j` (the program's final check j) of outcome `i`. */
export function lkmmOutcomeValue(i: i32, j: i32): i32 {
  return lkmmOutcomeWordOf(i, j);
}
/** With reason `bound`: the thread stopped at its loop bound (the path is lkmmPathStep's). */
export function lkmmBoundThread(): i32 {
  return lkmmBoundThreadOf;
}
/** With reason `bound`: the pc of the back edge that thread could not take again. */
export function lkmmBoundPc(): i32 {
  return lkmmBoundPcOf;
}

export function lkmmViolationAtCut(): i32 {
  return lkmmAtCut ? 1 : 0;
}
/** The pc where the violating cut left thread t (an operation boundary), -1 if finished. */
export function lkmmCutPc(t: i32): i32 {
  return lkmmCutPcOf(t);
}
/** After R_CAPACITY: which capacities were too small (1 events, 2 co, 4 guesses, 8 scopes). */
export function lkmmOverflow(): i32 {
  return lkmmOverflowKind();
}
export function lkmmTableSlots(): f64 {
  return lkmmSlots();
}
/** States the visited set holds, once a state was explored without being stored (state-space caching); else -1. */
export function lkmmStored(): f64 {
  return lkmmStoredCount();
}

// ---- LKMM consistency (assembly/lkmm; test and bench entry points) ------------------------

/**
 * Resets the engine and returns where to write one LKMM graph (lkmm/graph.ts, G_BYTES bytes);
 * the consistency checker's scratch lies above it. 0 if out of memory.
 */
export function lkmmGraphBuffer(): usize {
  searchReset();
  const g = align16(__heap_base);
  if (!ensureBytes(<u64>g + <u64>graphBytes())) return 0;
  setConsistencyScratch(g + <usize>graphBytes());
  return g;
}

/** The first violated LKMM axiom of the graph at `g` (0 none, 1 coherence, 2 atomic, 3 hb, 4 propagation). */
export function lkmmViolatedAxiom(g: usize): i32 {
  return violatedAxiom(g);
}

/** lkmmViolatedAxiom(g), given that g without events po..po+count-1 of thread tid (or without that read's rf) was consistent. */
export function lkmmViolatedAxiomAfter(g: usize, tid: i32, po: i32, count: i32): i32 {
  return violatedAxiomAfter(g, tid, po, count);
}

/** Number of events the last LKMM check had to consider. */
export function lkmmLastUniverse(): i32 {
  return lastUniverse;
}

/**
 * Test support: makes the program written at programBuffer() current without starting a
 * search and returns where `bytes` bytes of probe data (e.g. the cells and thread pairs of
 * `invariantViolated`) may be written, 0 if out of memory.
 */
export function probeBuffer(bytes: i32): usize {
  setProgram(programPtr);
  const at = align16(programPtr + ((<usize>programWords) << 2));
  if (!ensureBytes(<u64>at + <u64>bytes)) return 0;
  return at;
}
