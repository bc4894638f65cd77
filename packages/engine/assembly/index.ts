// The exports of the engine's Wasm module (raw bindings; see src/load.ts for the JS side).
//
// Protocol: programBuffer(n) → JS writes the n words of an encoded program there →
// start(maxStates, maxPages, deadlock) → run(batch) until it returns 1 (finished) → read the
// result with the getters; the path is rebuilt with pathEnd/pathLast/parentOf/viaOf.
// Counts that may exceed 2^31 are returned as f64.
import { align16, ensureBytes, setLimitPages, top } from './layout';
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
