/**
 * @tmigr-check/engine: the exploration loop of tmigr-check compiled from AssemblyScript to
 * WebAssembly. `createEngine()` loads it (Node or browser); `engine.check(program, options)`
 * returns the same `CheckResult` as core's reference `check()`, with `engine: 'wasm'`.
 */
import { type CheckResult, encodeProgram, type ModelName, type Program } from '@tmigr-check/core';
import type { EngineExports } from './exports.js';
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
export { compileEngine, defaultWasmUrl, type WasmSource } from './load.js';
export { DEFAULT_BATCH_SIZE, type WasmCheckOptions } from './run.js';
export type { WasmMemory, WasmModule } from './wasm-api.js';

/** The Wasm model checker. */
export interface WasmEngine {
  readonly name: 'wasm';
  /** Whether the engine implements a memory model (only 'sc' for now). */
  supports(model: ModelName): boolean;
  /**
   * Explores every interleaving of `program` breadth-first, like core's `check()`: same verdict,
   * property, state and transition counts, depth and (shortest) path. Runs synchronously, calling
   * into Wasm once per batch of states.
   */
  check(program: Program, options?: WasmCheckOptions): CheckResult;
  /** Like `check`, but yields to the event loop between batches (keeps a page or a CLI responsive). */
  checkAsync(program: Program, options?: WasmCheckOptions): Promise<CheckResult>;
}

/** Options of {@link createEngine}. */
export interface CreateEngineOptions {
  /** Where to load the Wasm from (default: the package's `dist/raw/engine.wasm`). */
  readonly wasm?: WasmSource;
}

/** An instance whose memory grew beyond this is dropped after its search where it can be recreated synchronously (Node). */
const LARGE_MEMORY_BYTES = 256 * 1024 * 1024;

const SUPPORTED: readonly ModelName[] = ['sc'];

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
    supports: (model) => SUPPORTED.includes(model),
    check(program, opts = {}) {
      const model = modelOf(opts);
      const encoded = encodeProgram(program);
      const ex = pool.acquireSync();
      try {
        const search = new WasmSearch(ex, encoded, opts);
        while (!search.step()) {
          // one batch per iteration
        }
        return search.result(model, program);
      } finally {
        pool.release(ex);
      }
    },
    async checkAsync(program, opts = {}) {
      const model = modelOf(opts);
      const encoded = encodeProgram(program);
      const ex = await pool.acquire();
      try {
        const search = new WasmSearch(ex, encoded, opts);
        while (!search.step()) await yieldToEventLoop();
        return search.result(model, program);
      } finally {
        pool.release(ex);
      }
    },
  };
}
