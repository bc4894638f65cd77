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
/** Name of the property reported in that case, as core's ScSemantics reports it. */
export const ASSUME_FALSE_INITIALLY = 'assume-false-initially';
