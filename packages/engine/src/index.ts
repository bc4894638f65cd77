/**
 * @tmigr-check/engine: the exploration loop of tmigr-check compiled from AssemblyScript to
 * WebAssembly. `createEngine()` loads it (Node or browser); `engine.check(program, options)`
 * returns the same `CheckResult` as core's reference `check()`, with `engine: 'wasm'`.
 */
import {
  analyzePor,
  type CheckResult,
  computeLoopSlots,
  type EncodedProgram,
  encodeProgram,
  type ModelName,
  type PorInfo,
  type Program,
  storeBufferBound,
} from '@tmigr-check/core';
import type { EngineExports } from './exports.js';
import { type LkmmWasmOptions, LkmmWasmSearch } from './lkmm.js';
import {
  canInstantiateSync,
  compileEngine,
  instantiateEngine,
  instantiateEngineSync,
  type WasmSource,
} from './load.js';
import { type WasmCheckOptions, WasmSearch } from './run.js';
import type { WasmModule } from './wasm-api.js';

export type { EngineExports } from './exports.js';
export { type LkmmWasmOptions, LkmmWasmSearch, WASM_LKMM_AXIOMS, WasmLimitError } from './lkmm.js';
export { changeBetween, encodeLkGraph, type LkGraphChange, WasmLkmmChecker } from './lkmm-graph.js';
export { compileEngine, defaultWasmUrl, instantiateEngine, type WasmSource } from './load.js';
export { DEFAULT_BATCH_SIZE, type WasmCheckOptions } from './run.js';
export type { WasmMemory, WasmModule } from './wasm-api.js';

/** The Wasm model checker. */
export interface WasmEngine {
  readonly name: 'wasm';
  /**
   * Whether the engine implements a memory model ('sc', 'tso' and 'lkmm') and, given a program,
   * can run that program under it (x86-TSO needs a static store-buffer bound of at most
   * {@link WASM_TSO_MAX_BUFFER} entries).
   */
  supports(model: ModelName, program?: Program): boolean;
  /**
   * Explores every interleaving of `program` breadth-first, like core's `check()`: same verdict,
   * property, state and transition counts, depth and (shortest) path. Runs synchronously, calling
   * into Wasm once per batch of states.
   */
  check(program: Program, options?: EngineCheckOptions): CheckResult;
  /** Like `check`, but yields to the event loop between batches (keeps a page or a CLI responsive). */
  checkAsync(program: Program, options?: EngineCheckOptions): Promise<CheckResult>;
}

/** Options of {@link createEngine}. */
export interface CreateEngineOptions {
  /** Where to load the Wasm from (default: the package's `dist/raw/engine.wasm`). */
  readonly wasm?: WasmSource;
}

/** An instance whose memory grew beyond this is dropped after its search where it can be recreated synchronously (Node). */
const LARGE_MEMORY_BYTES = 256 * 1024 * 1024;

const SUPPORTED: readonly ModelName[] = ['sc', 'tso', 'lkmm'];

/**
 * The largest static store-buffer bound (entries per thread) the Wasm engine accepts under
 * x86-TSO: every state vector holds each buffer at its bound.
 */
export const WASM_TSO_MAX_BUFFER = 1024;

/** Per thread, the static store-buffer bound of core's TSO model (Infinity: none). */
function bufferBounds(program: Program): number[] {
  const slots = computeLoopSlots(program);
  return program.threads.map((t, i) => storeBufferBound(t, slots[i]!));
}

/** Why the Wasm engine cannot run `program` under x86-TSO, or null when it can. */
function tsoRefusal(program: Program): string | null {
  const worst = Math.max(0, ...bufferBounds(program));
  if (worst <= WASM_TSO_MAX_BUFFER) return null;
  return Number.isFinite(worst)
    ? `a store buffer of this program may hold ${worst} stores, more than the wasm engine's ${WASM_TSO_MAX_BUFFER}; use the reference explorer (--engine ts)`
    : 'a store buffer of this program has no static bound (loops that overlap without nesting); use the reference explorer (--engine ts)';
}

/**
 * The partial-order reduction's analysis of `program` when `opts.por` is not false (default on);
 * a tmigr program's operation boundaries are observed pcs (never movers).
 */
function porFor(program: Program, opts: WasmCheckOptions): PorInfo | null {
  if (opts.por === false) return null;
  return analyzePor(program, { observedPcs: opts.tmigr?.layout.threads.map((t) => t.boundaries) });
}

/** Encodes `program` for `model`: under x86-TSO with each thread's store-buffer bound. */
function encodeFor(
  program: Program,
  model: ModelName,
  opts: WasmCheckOptions,
  por: PorInfo | null,
): EncodedProgram {
  const tmigr = opts.tmigr ? { tmigr: opts.tmigr } : {};
  const reduce = por ? { por } : {};
  if (model !== 'tso') return encodeProgram(program, { ...tmigr, ...reduce });
  const refusal = tsoRefusal(program);
  if (refusal) throw new Error(refusal);
  return encodeProgram(program, { ...tmigr, ...reduce, storeBuffers: bufferBounds(program) });
}

/**
 * Options of `check`: those of every model, and for 'lkmm' the LKMM search's own
 * (`search`: 'bfs' or 'dfs'; `lkmm`: core's `LkmmOptions`).
 */
export type EngineCheckOptions = LkmmWasmOptions;

/** One search on one instance, whatever the model: start, step in batches, read the result. */
interface Search {
  step(): boolean;
  result(): CheckResult;
}

function startSearch(
  ex: EngineExports,
  program: Program,
  model: ModelName,
  opts: EngineCheckOptions,
): Search {
  if (model === 'lkmm') return new LkmmWasmSearch(ex, program, opts);
  if (opts.search === 'dfs') throw new Error(`the wasm engine searches '${model}' breadth-first only`);
  const por = porFor(program, opts);
  const search = new WasmSearch(ex, encodeFor(program, model, opts, por), opts, por);
  return { step: () => search.step(), result: () => search.result(model, program) };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Engine instances not running a search. A search owns its instance until it ends, so that
 * concurrent `checkAsync` calls never share linear memory.
 */
class InstancePool {
  private readonly module: WasmModule;
  private readonly idle: EngineExports[];

  constructor(module: WasmModule, first: EngineExports) {
    this.module = module;
    this.idle = [first];
  }

  acquireSync(): EngineExports {
    const ex = this.idle.pop() ?? instantiateEngineSync(this.module);
    if (!ex)
      throw new Error(
        'the wasm engine is busy with another search here; use checkAsync for concurrent searches',
      );
    return ex;
  }

  async acquire(): Promise<EngineExports> {
    return this.idle.pop() ?? (await instantiateEngine(this.module));
  }

  /** Returns an instance; one left with a large memory is dropped where a new one is cheap to make. */
  release(ex: EngineExports): void {
    if (ex.memory.buffer.byteLength > LARGE_MEMORY_BYTES && canInstantiateSync()) return;
    this.idle.push(ex);
  }
}

/** Loads and instantiates the engine. */
export async function createEngine(options: CreateEngineOptions = {}): Promise<WasmEngine> {
  const module = await compileEngine(options.wasm);
  const pool = new InstancePool(module, await instantiateEngine(module));
  const modelOf = (opts: WasmCheckOptions): ModelName => {
    const model = opts.model ?? 'sc';
    if (!SUPPORTED.includes(model))
      throw new Error(`memory model '${model}' is not supported by the wasm engine yet`);
    return model;
  };

  return {
    name: 'wasm',
    supports: (model, program) =>
      SUPPORTED.includes(model) && (model !== 'tso' || program === undefined || tsoRefusal(program) === null),
    check(program, opts = {}) {
      const model = modelOf(opts);
      const ex = pool.acquireSync();
      try {
        const search = startSearch(ex, program, model, opts);
        while (!search.step()) {
          // one batch per iteration
        }
        return search.result();
      } finally {
        pool.release(ex);
      }
    },
    async checkAsync(program, opts = {}) {
      const model = modelOf(opts);
      const ex = await pool.acquire();
      try {
        const search = startSearch(ex, program, model, opts);
        while (!search.step()) await yieldToEventLoop();
        return search.result();
      } finally {
        pool.release(ex);
      }
    },
  };
}
