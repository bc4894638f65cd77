import type { Program, SharedInstr } from '../ir/types.js';
import type { ThreadState } from './thread.js';

/** The memory models tmigr-check knows. */
export type ModelName = 'sc' | 'tso' | 'lkmm';

/** What one step did, for traces. */
export interface StepInfo {
  readonly thread: number;
  /** Model-specific choice among the thread's possible steps (0 for the plain step). */
  readonly choice: number;
  /** Instruction index executed, or -1 for a step that runs no instruction (e.g. a TSO flush). */
  readonly pc: number;
  readonly instr?: SharedInstr;
  /** Address accessed, value read and value written, where they apply. */
  readonly addr?: number;
  readonly read?: number;
  readonly wrote?: number;
  /** A human description of a model-specific step (e.g. "flush x=1 from store buffer"). */
  readonly note?: string;
  /**
   * LKMM: the read returned a value older than the co-latest write to that location; the
   * number is the co-latest value.
   */
  readonly stale?: { readonly latest: number; readonly writer: number };
}

/** A successor: either a new state or a violation reached by this step. */
export type Successor<S> =
  | { readonly kind: 'state'; readonly state: S; readonly step: StepInfo }
  | { readonly kind: 'violation'; readonly property: string; readonly step: StepInfo };

/** A read-only view of a state, for properties and traces. */
export interface StateView {
  readonly threads: readonly ThreadState[];
  /** The current value of `addr` (SC: memory; TSO: memory; LKMM: the co-latest write). */
  value(addr: number): number;
  /**
   * False while some write or read is still in flight, so that `value` may not be what every
   * thread will see (TSO: a store buffer is not empty; LKMM: a deferred read is unresolved).
   * State properties such as the tmigr invariants are only meaningful on settled states.
   * Absent means settled (SC).
   */
  readonly settled?: boolean;
  /**
   * The flags herd7 would raise on this final execution (LKMM with plain accesses:
   * `data-race`, `mixed-accesses`); absent where the model raises none.
   */
  readonly flags?: () => readonly string[];
}

/**
 * A memory model's transition system over a program. The reference explorer and the trace
 * replayer work through this interface only.
 */
export interface Semantics<S> {
  readonly model: ModelName;
  readonly program: Program;
  /** The initial state, or a violation already raised by local code before any step. */
  initial(): Successor<S>;
  /** All successors of `state`, in a deterministic order (by thread, then choice). */
  successors(state: S): Successor<S>[];
  /** A canonical key: equal keys ⇔ equal states. */
  key(state: S): string;
  view(state: S): StateView;
  /** True when every thread has finished and nothing is left in flight. */
  isFinal(state: S): boolean;
  /**
   * Optional fast path for the explorer: the same transition system over fixed-width packed
   * states. A semantics that has it must agree with `successors()` / `key()` exactly.
   */
  readonly packed?: PackedTransitions<S>;
}

/** {@link PackedTransitions.step}: the slot's step is not enabled (or its execution is discarded). */
export const PACKED_NONE = 0;
/** {@link PackedTransitions.step}: the successor state was written to `out`. */
export const PACKED_STATE = 1;
/** {@link PackedTransitions.step}: the step violates {@link PackedTransitions.violation}. */
export const PACKED_VIOLATION = 2;

/**
 * A transition system over states packed as `width` 32-bit words: two states are equal iff
 * their packed words are equal (iff their `key()`s are equal). Steps are tried slot by slot,
 * `0 .. slots - 1`, which enumerates exactly the successors of `successors()` in its order.
 */
export interface PackedTransitions<S> {
  /** Words per packed state. */
  readonly width: number;
  /** Candidate steps per state. */
  readonly slots: number;
  /** The thread and the model-specific choice of a slot (as in {@link StepInfo}). */
  slotThread(slot: number): number;
  slotChoice(slot: number): number;
  /** Writes the packed form of `state` to `out[0 .. width)`. */
  pack(state: S, out: Int32Array): void;
  /** A fresh state object from packed words (`vec` is not retained). */
  unpack(vec: Int32Array): S;
  /**
   * Takes step `slot` from the packed state `src`: writes the successor to `out` (which must
   * not be `src`) and returns {@link PACKED_STATE}, or returns {@link PACKED_NONE} or
   * {@link PACKED_VIOLATION}.
   */
  step(src: Int32Array, slot: number, out: Int32Array): number;
  /** The property of the last step that returned {@link PACKED_VIOLATION}. */
  readonly violation: string;
  /**
   * After a step returned {@link PACKED_STATE}: `out` equals `src` outside the words
   * `[dirtyFrom, dirtyTo)` and the word `dirtyWord` (-1: none). A hint for incremental hashing;
   * `0, width, -1` is always correct.
   */
  readonly dirtyFrom: number;
  readonly dirtyTo: number;
  readonly dirtyWord: number;
  /**
   * A view and a state object that read through `vec` (no copy): after `vec` changes, call
   * `sync()` before using them again. For hooks that look at a state only during a call.
   */
  window(vec: Int32Array): PackedWindow<S>;
  /** `isFinal` of the packed state. */
  isFinal(vec: Int32Array): boolean;
  /** Whether some thread of the packed state stopped at a loop bound. */
  hasBound(vec: Int32Array): boolean;
}

/** See {@link PackedTransitions.window}. */
export interface PackedWindow<S> {
  readonly view: StateView;
  readonly state: S;
  /** Re-reads the fields that are not live views of the packed words. */
  sync(): void;
}
