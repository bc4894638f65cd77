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
}
