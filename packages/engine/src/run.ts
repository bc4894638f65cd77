import {
  BAD_ADDRESS,
  type BoundStop,
  type CheckResult,
  DEADLOCK,
  type EncodedProgram,
  expandPorPath,
  Opcodes as K,
  type ModelName,
  type PathStep,
  type PorInfo,
  type Program,
  type Progress,
  ScSemantics,
  type Semantics,
  ST_BOUND,
  type StopReason,
  stateAt,
  type TmigrInvariantSpec,
  TsoSemantics,
  type Verdict,
} from '@tmigr-check/core';
import {
  ASSUME_FALSE_INITIALLY,
  type EngineExports,
  R_ASSUME_INITIALLY,
  SEARCH_FINISHED,
  SEARCH_RUNNING,
} from './exports.js';

/** Options of a Wasm search (the engine-relevant subset of core's check options). */
export interface WasmCheckOptions {
  /** Memory model: 'sc' (default) or 'tso'. */
  readonly model?: ModelName;
  /** Stop with verdict "incomplete" (state-limit) once this many states are stored. */
  readonly maxStates?: number;
  /** Stop with verdict "incomplete" (time-limit) after this many seconds (checked between batches). */
  readonly maxSeconds?: number;
  /**
   * Cap on the engine's linear memory in MiB (default and maximum: the wasm32 ceiling of 4 GiB).
   * When the search needs more it stops with verdict "incomplete" (memory-limit).
   */
  readonly maxMemoryMB?: number;
  /** Report a state where every unfinished thread waits for a lock as a violation (default true). */
  readonly deadlock?: boolean;
  /** Called after every batch. */
  readonly onProgress?: (p: Progress) => void;
  /** States taken from the frontier per call into Wasm (default 8192). */
  readonly batchSize?: number;
  /** Checked between batches; when it returns true the search stops as "incomplete" (time-limit). */
  readonly shouldStop?: () => boolean;
  /**
   * A tmigr program's layout and checked properties (a core `TmigrModel` is one): the enabled
   * hierarchy invariants are checked at quiescent states inside Wasm, like core's `checkTmigr`
   * with the model's invariant hook. Pass `deadlock: properties.includes('deadlock')` as it does.
   */
  readonly tmigr?: TmigrInvariantSpec;
  /**
   * Partial-order reduction (core's analysis/por.ts) under SC and x86-TSO: default true. Off, the
   * search is the reference's, state for state; on, it stores fewer states with the same verdicts.
   */
  readonly por?: boolean;
}

/** Default number of states explored per call into Wasm. */
export const DEFAULT_BATCH_SIZE = 8192;

const MAX_PAGES = 65536;
/** Batches stay well inside i32 (the argument of the Wasm `run`). */
const MAX_BATCH_SIZE = 1 << 30;

/** A search in progress on one engine instance: start, step in batches, read the result. */
export class WasmSearch {
  private readonly ex: EngineExports;
  private readonly encoded: EncodedProgram;
  private readonly options: WasmCheckOptions;
  /** The reduction's analysis when it is on (paths are expanded with it). */
  private readonly por: PorInfo | null;
  private readonly t0: number;
  private readonly maxMs: number;
  private readonly batch: number;
  private status: number;

  constructor(
    ex: EngineExports,
    encoded: EncodedProgram,
    options: WasmCheckOptions,
    por: PorInfo | null = null,
  ) {
    this.ex = ex;
    this.encoded = encoded;
    this.por = por;
    this.options = options;
    this.t0 = performance.now();
    this.maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    const batch = Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.batch = Number.isFinite(batch) ? Math.min(Math.max(1, batch), MAX_BATCH_SIZE) : DEFAULT_BATCH_SIZE;
    const words = encoded.words;
    const ptr = ex.programBuffer(words.length);
    if (ptr === 0) {
      this.status = SEARCH_FINISHED;
      ex.abort(K.R_MEMORY_LIMIT);
      return;
    }
    new Int32Array(ex.memory.buffer, ptr, words.length).set(words);
    // Like the reference: NaN never stops the search; 0 or less stops after the first new state.
    const maxStates = Number.isNaN(options.maxStates)
      ? Number.POSITIVE_INFINITY
      : (options.maxStates ?? Number.POSITIVE_INFINITY);
    const pages =
      options.maxMemoryMB === undefined
        ? MAX_PAGES
        : Math.max(0, Math.min(MAX_PAGES, Math.floor(options.maxMemoryMB * 16)));
    this.status = ex.start(
      Math.min(maxStates, 2 ** 32 - 1),
      pages === 0 ? 1 : pages,
      options.deadlock === false ? 0 : 1,
    );
  }

  /** Whether the search has ended. */
  get finished(): boolean {
    return this.status !== SEARCH_RUNNING;
  }

  /** Runs one batch (after checking the time limit); returns true when the search has ended. */
  step(): boolean {
    if (this.status !== SEARCH_RUNNING) return true;
    if (performance.now() - this.t0 > this.maxMs || this.options.shouldStop?.()) {
      this.ex.abort(K.R_TIME_LIMIT);
      this.status = SEARCH_FINISHED;
      return true;
    }
    this.status = this.ex.run(this.batch);
    this.options.onProgress?.(this.progress());
    return this.status !== SEARCH_RUNNING;
  }

  /** Counts so far. */
  progress(): Progress {
    const ex = this.ex;
    return {
      states: ex.states(),
      transitions: ex.transitions(),
      depth: ex.depth(),
      frontier: ex.frontier(),
      seconds: (performance.now() - this.t0) / 1000,
    };
  }

  /** The result of a finished search of `program` (the one encoded). */
  result(model: ModelName, program: Program): CheckResult {
    const ex = this.ex;
    const verdict = verdictOf(ex.resultVerdict());
    const code = ex.resultReason();
    const reason = verdict === 'ok' ? null : verdict === 'violation' ? 'violation' : stopReasonOf(code);
    const path = verdict === 'violation' || reason === 'bound' ? this.path(model, program) : null;
    return {
      verdict,
      property: verdict === 'violation' ? this.propertyName(code, ex.resultProperty()) : null,
      model,
      engine: 'wasm',
      complete: verdict !== 'incomplete',
      states: ex.states(),
      transitions: ex.transitions(),
      depth: ex.depth(),
      seconds: (performance.now() - this.t0) / 1000,
      reason,
      path: verdict === 'violation' ? path : null,
      ...(reason === 'bound' && path ? { bound: boundStop(program, model, path) } : {}),
      por: this.por !== null,
    };
  }

  private propertyName(code: number, index: number): string {
    switch (code) {
      case K.R_ASSERT: {
        const name = this.encoded.properties[index];
        if (name === undefined) throw new Error(`engine reported unknown property index ${index}`);
        return name;
      }
      case K.R_BAD_ADDRESS:
        return BAD_ADDRESS;
      case K.R_DEADLOCK:
        return DEADLOCK;
      case R_ASSUME_INITIALLY:
        return ASSUME_FALSE_INITIALLY;
      default:
        throw new Error(`engine reported a violation with unknown reason code ${code}`);
    }
  }

  /**
   * The violation path (or the path to the first bound state) from the parent links; with the
   * reduction, each compound step expanded into its real steps (core's `expandPorPath`).
   */
  private path(model: ModelName, program: Program): PathStep[] {
    const steps = this.rawPath();
    if (this.por === null) return steps;
    const base = model === 'tso' ? new TsoSemantics(program) : new ScSemantics(program);
    return expandPorPath<unknown>(base as Semantics<unknown>, this.por, steps);
  }

  /** The path as the search stored it (one entry per stored state). */
  private rawPath(): PathStep[] {
    const ex = this.ex;
    const steps: PathStep[] = [];
    const last = ex.resultPathLast();
    if (last !== -1) steps.push(decodeStep(last));
    for (let id = ex.resultPathEnd(); id > 0; id = ex.parentOf(id)) steps.push(decodeStep(ex.viaOf(id)));
    return steps.reverse();
  }
}

/** Where the path to the first state with a thread at its loop bound ends (core's `BoundStop`). */
function boundStop(program: Program, model: ModelName, path: PathStep[]): BoundStop {
  const threads =
    model === 'tso'
      ? stateAt(new TsoSemantics(program), path).threads
      : stateAt(new ScSemantics(program), path).threads;
  const thread = threads.findIndex((t) => t.status === ST_BOUND);
  if (thread < 0) throw new Error('engine reported a bound, but no thread of its state is at one');
  return { thread, pc: threads[thread]!.pc, path };
}

function decodeStep(via: number): PathStep {
  return { thread: via >>> 16, choice: via & 0xffff };
}

function verdictOf(code: number): Verdict {
  switch (code) {
    case K.V_OK:
      return 'ok';
    case K.V_VIOLATION:
      return 'violation';
    case K.V_INCOMPLETE:
      return 'incomplete';
    default:
      throw new Error(`engine reported unknown verdict code ${code}`);
  }
}

function stopReasonOf(code: number): StopReason {
  switch (code) {
    case K.R_BOUND:
      return 'bound';
    case K.R_STATE_LIMIT:
      return 'state-limit';
    case K.R_MEMORY_LIMIT:
      return 'memory-limit';
    case K.R_TIME_LIMIT:
      return 'time-limit';
    default:
      throw new Error(`engine reported unknown stop reason code ${code}`);
  }
}

/** The raw result getters of a finished search. */
export interface RawResult {
  readonly verdict: number;
  readonly reason: number;
  readonly property: number;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
}

/** A `CheckResult` from a finished search's raw result (used by the LKMM search). */
export function resultOf(
  raw: RawResult,
  model: ModelName,
  properties: readonly string[],
  ms: number,
  path: PathStep[],
): CheckResult {
  const verdict = verdictOf(raw.verdict);
  return {
    verdict,
    property: verdict === 'violation' ? propertyNameOf(raw.reason, raw.property, properties) : null,
    model,
    engine: 'wasm',
    complete: verdict !== 'incomplete',
    states: raw.states,
    transitions: raw.transitions,
    depth: raw.depth,
    seconds: ms / 1000,
    reason: verdict === 'ok' ? null : verdict === 'violation' ? 'violation' : stopReasonOf(raw.reason),
    path: verdict === 'violation' ? path : null,
  };
}

function propertyNameOf(code: number, index: number, properties: readonly string[]): string {
  switch (code) {
    case K.R_ASSERT: {
      const name = properties[index];
      if (name === undefined) throw new Error(`engine reported unknown property index ${index}`);
      return name;
    }
    case K.R_BAD_ADDRESS:
      return BAD_ADDRESS;
    case K.R_DEADLOCK:
      return DEADLOCK;
    case R_ASSUME_INITIALLY:
      return ASSUME_FALSE_INITIALLY;
    default:
      throw new Error(`engine reported a violation with unknown reason code ${code}`);
  }
}
