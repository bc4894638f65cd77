/**
 * The LKMM graph search in Wasm (`assembly/lkmm/`): the same transition system as core's
 * `LkmmSemantics` (with the LKMM axioms, or with `axioms: 'sc' | 'tso'` the reduced searches
 * that litmus verdicts use), explored breadth-first like `exploreOracle` or depth-first like
 * `exploreDfs`, with identical verdicts, properties, state and transition counts, depths and
 * paths.
 *
 * The state vector has fixed capacities (events per thread, co length, branch guesses and
 * control scopes per thread). A search that needs more stops with an engine-local reason and is
 * run again with doubled capacities; the search is deterministic, so the answer is the same.
 */
import {
  type CheckResult,
  describeCut,
  encodeLkmmTables,
  encodeProgram,
  LkmmGraphFormat as F,
  hasPlainAccess,
  Opcodes as K,
  type LkmmOptions,
  type ModelName,
  type Program,
  type TmigrModel,
} from '@tmigr-check/core';
import type { EngineExports } from './exports.js';
import { R_CAPACITY, R_TOO_LARGE, SEARCH_FINISHED, SEARCH_RUNNING } from './exports.js';
import { DEFAULT_BATCH_SIZE, resultOf, type WasmCheckOptions } from './run.js';

/**
 * The program is beyond what the Wasm LKMM search handles (threads, locations or events per
 * thread of the consistency checker's graphs): run it on the reference explorer.
 */
export class WasmLimitError extends Error {
  override readonly name = 'WasmLimitError';
}

/** Options of an LKMM search in Wasm. */
export interface LkmmWasmOptions extends WasmCheckOptions {
  /** The options of core's `LkmmSemantics` (axioms, deferral switches, thread order). */
  readonly lkmm?: LkmmOptions;
  /** 'bfs' (default, shortest counterexample) or 'dfs'. */
  readonly search?: 'bfs' | 'dfs';
  /**
   * Collect the distinct outcomes of the final states (the values of the program's final
   * checks, which are then not checked; {@link LkmmWasmSearch.outcomes}) instead of stopping at
   * a failed final check.
   */
  readonly outcomes?: boolean;
  /**
   * Depth-first only: state-space caching at this many stored states (core's
   * `ExploreOptions.visitedCap`; the same states, transitions and verdict as the reference).
   */
  readonly visitedCap?: number;
  /**
   * Depth-first only: when the visited set cannot grow within the memory limit, go on with
   * state-space caching (default true) instead of ending with memory-limit. The result's
   * `stored` then says how many states the set holds.
   */
  readonly cacheWhenFull?: boolean;
}

/** Initial capacities of the state vector; doubled while a search reports R_CAPACITY. */
const INITIAL_CAPACITY = { events: 32, co: 16, guesses: 8, scopes: 8, outcomes: 64 };
/** Event references keep a po index in 16 bits. */
const MAX_EVENTS = 1 << 15;
/** The LKMM checker's graph limits (core's `LkmmGraphFormat`). */
const LKMM_LIMITS = { threads: F.LK_MAX_THREADS, locations: F.LK_MAX_LOCATIONS, events: F.LK_MAX_EVENTS };
const MAX_PAGES = 65536;

/** The consistency predicates the Wasm search checks (LKMM: `assembly/lkmm/consistency.ts`). */
export const WASM_LKMM_AXIOMS: readonly ModelName[] = ['lkmm', 'sc', 'tso'];

/** One LKMM search on one engine instance, in batches. */
export class LkmmWasmSearch {
  private readonly ex: EngineExports;
  private readonly options: LkmmWasmOptions;
  private readonly program: Program;
  private readonly t0: number;
  private readonly maxMs: number;
  private readonly batch: number;
  private readonly properties: readonly string[];
  private capacity = { ...INITIAL_CAPACITY };
  private readonly maxEvents: number;
  private status = SEARCH_RUNNING;

  constructor(ex: EngineExports, program: Program, options: LkmmWasmOptions) {
    this.ex = ex;
    this.program = program;
    this.options = options;
    this.t0 = performance.now();
    this.maxMs = (options.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    const batch = Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.batch = Number.isFinite(batch) ? Math.min(Math.max(1, batch), 1 << 30) : DEFAULT_BATCH_SIZE;
    const axioms = options.lkmm?.axioms ?? 'lkmm';
    if (!WASM_LKMM_AXIOMS.includes(axioms))
      throw new Error(`the wasm engine does not check the '${axioms}' axioms on LKMM graphs yet`);
    if (axioms === 'lkmm' && hasPlainAccess(program))
      throw new Error(
        'the wasm engine does not model LKMM plain accesses (data races); use the reference explorer (--engine ts)',
      );
    this.maxEvents = axioms === 'lkmm' ? LKMM_LIMITS.events : MAX_EVENTS;
    const encoded = encodeProgram(program, options.tmigr ? { tmigr: options.tmigr } : {});
    this.properties = encoded.properties;
    this.words = encoded.words;
    this.tables = encodeLkmmTables(program, options.lkmm);
    this.begin();
  }

  private readonly words: Int32Array;
  private readonly tables: Int32Array;

  /** (Re)starts the search with the current capacities. */
  private begin(): void {
    const ex = this.ex;
    const ptr = ex.programBuffer(this.words.length);
    const tp = ptr === 0 ? 0 : ex.lkmmTablesBuffer(this.tables.length);
    if (tp === 0) {
      ex.lkmmAbort(K.R_MEMORY_LIMIT);
      this.status = SEARCH_FINISHED;
      return;
    }
    new Int32Array(ex.memory.buffer, ptr, this.words.length).set(this.words);
    new Int32Array(ex.memory.buffer, tp, this.tables.length).set(this.tables);
    const o = this.options;
    const maxStates = Number.isNaN(o.maxStates)
      ? Number.POSITIVE_INFINITY
      : (o.maxStates ?? Number.POSITIVE_INFINITY);
    const pages =
      o.maxMemoryMB === undefined
        ? MAX_PAGES
        : Math.max(1, Math.min(MAX_PAGES, Math.floor(o.maxMemoryMB * 16)));
    const c = this.capacity;
    const visitedCap = o.visitedCap ?? Number.POSITIVE_INFINITY;
    if (!(visitedCap >= 1)) throw new Error(`visitedCap must be at least 1 (got ${visitedCap})`);
    if (o.visitedCap !== undefined && o.search !== 'dfs')
      throw new Error('visitedCap (state-space caching) needs the depth-first search');
    this.status = ex.lkmmStart(
      Math.min(maxStates, 2 ** 32 - 1),
      Math.min(visitedCap, 2 ** 32 - 1),
      o.cacheWhenFull === false ? 0 : 1,
      pages,
      o.deadlock === false ? 0 : 1,
      o.search === 'dfs' ? 1 : 0,
      c.events,
      c.co,
      c.guesses,
      c.scopes,
      o.outcomes ? c.outcomes : 0,
    );
    this.retryIfTooSmall();
  }

  /** A search that ran out of a capacity starts again with twice as much. */
  private retryIfTooSmall(): void {
    if (this.status !== SEARCH_FINISHED) return;
    const reason = this.ex.lkmmReason();
    const c = this.capacity;
    if (reason !== R_TOO_LARGE && reason !== R_CAPACITY) return;
    const kind = reason === R_CAPACITY ? this.ex.lkmmOverflow() : 0;
    if (reason === R_TOO_LARGE || ((kind & 1) !== 0 && c.events * 2 > this.maxEvents))
      throw new WasmLimitError(
        `the wasm LKMM search handles at most ${LKMM_LIMITS.threads} threads, ${LKMM_LIMITS.locations} locations and ${this.maxEvents} events per thread; use --engine ts`,
      );
    this.capacity = {
      events: kind & 1 ? c.events * 2 : c.events,
      co: kind & 2 ? c.co * 2 : c.co,
      guesses: kind & 4 ? c.guesses * 2 : c.guesses,
      scopes: kind & 8 ? c.scopes * 2 : c.scopes,
      outcomes: kind & 16 ? c.outcomes * 2 : c.outcomes,
    };
    this.begin();
  }

  get finished(): boolean {
    return this.status !== SEARCH_RUNNING;
  }

  /** Runs one batch (after checking the time limit); returns true when the search has ended. */
  step(): boolean {
    if (this.status !== SEARCH_RUNNING) return true;
    if (performance.now() - this.t0 > this.maxMs || this.options.shouldStop?.()) {
      this.ex.lkmmAbort(K.R_TIME_LIMIT);
      this.status = SEARCH_FINISHED;
      return true;
    }
    this.status = this.ex.lkmmRun(this.batch);
    this.retryIfTooSmall();
    const stored = this.ex.lkmmStored();
    this.options.onProgress?.({
      states: this.ex.lkmmStates(),
      transitions: this.ex.lkmmTransitions(),
      depth: this.ex.lkmmDepth(),
      frontier: this.ex.lkmmFrontier(),
      seconds: (performance.now() - this.t0) / 1000,
      ...(stored >= 0 ? { stored } : {}),
    });
    return this.status !== SEARCH_RUNNING;
  }

  /**
   * The result of a finished search; with a tmigr model, a violation at a quiescent cut also
   * names the cut (`cut`, as in core's `TmigrCheckResult`); a result with reason `bound` names
   * the thread, pc and path of the first settled state at a loop bound (`bound`, as the reference).
   */
  result(): CheckResult & { readonly cut?: string } {
    const ex = this.ex;
    const n = ex.lkmmPathLength();
    const path = [];
    for (let i = 0; i < n; i++) {
      const s = ex.lkmmPathStep(i);
      path.push({ thread: s >>> 16, choice: s & 0xffff });
    }
    const result = resultOf(
      {
        verdict: ex.lkmmVerdict(),
        reason: ex.lkmmReason(),
        property: ex.lkmmProperty(),
        states: ex.lkmmStates(),
        transitions: ex.lkmmTransitions(),
        depth: ex.lkmmDepth(),
      },
      this.options.lkmm?.axioms ?? this.options.model ?? 'lkmm',
      this.properties,
      performance.now() - this.t0,
      path,
    );
    const stored = ex.lkmmStored();
    const counted = stored >= 0 ? { ...result, stored } : result;
    if (result.reason === 'bound')
      return { ...counted, bound: { thread: ex.lkmmBoundThread(), pc: ex.lkmmBoundPc(), path } };
    const cut = result.verdict === 'violation' ? this.cut() : undefined;
    return cut === undefined ? counted : { ...counted, cut };
  }

  /**
   * For a violation found at a quiescent cut of a finished execution (the tmigr invariants),
   * the cut as core's `checkTmigr` names it; else undefined.
   */
  cut(): string | undefined {
    const spec = this.options.tmigr;
    if (!spec || !('scenario' in spec) || this.ex.lkmmViolationAtCut() !== 1) return undefined;
    const model = spec as TmigrModel;
    const nextOp = model.layout.threads.map((t, i) => {
      const pc = this.ex.lkmmCutPc(i);
      return pc < 0 ? -1 : t.boundaries.indexOf(pc);
    });
    return describeCut(model, nextOp);
  }

  /**
   * With `outcomes`: the distinct outcomes of the final states the search stored, in the order
   * it first met them; each is the values of the program's final-check expressions.
   */
  outcomes(): number[][] {
    const ex = this.ex;
    const n = ex.lkmmOutcomeCount();
    const k = this.program.finalChecks?.length ?? 0;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const tuple: number[] = [];
      for (let j = 0; j < k; j++) tuple.push(ex.lkmmOutcomeValue(i, j));
      out.push(tuple);
    }
    return out;
  }

  /** Memory the search used (bytes of linear memory). */
  memoryUsed(): number {
    return this.ex.memoryUsed();
  }

  get programName(): string {
    return this.program.name;
  }
}
