import {
  type CheckResult,
  check,
  type ExploreOptions,
  type ModelName,
  type Program,
} from '@tmigr-check/core';
import { createEngine, WasmLimitError } from '@tmigr-check/engine';
import { UsageError } from './io.js';

export type EngineName = 'wasm' | 'ts';

export interface RunOptions {
  readonly model: ModelName;
  readonly engine?: EngineName | undefined;
  readonly maxStates?: number | undefined;
  readonly maxSeconds?: number | undefined;
  readonly maxMemoryMB?: number | undefined;
  readonly search?: 'bfs' | 'dfs' | undefined;
  /** Partial-order reduction in the Wasm SC and TSO searches (default on). */
  readonly por?: boolean | undefined;
  /** LKMM: the canonical schedule's thread priority (thread indices). */
  readonly lkmmOrder?: readonly number[] | undefined;
  /** LKMM depth-first in Wasm: state-space caching when the visited set is full (default on). */
  readonly stateCaching?: boolean | undefined;
  readonly onProgress?: ExploreOptions['onProgress'];
  readonly shouldStop?: () => boolean;
}

/**
 * Runs a program on the chosen engine. Without an explicit engine, Wasm is used when it
 * supports the model, else the TypeScript reference explorer.
 */
export async function runProgram(program: Program, options: RunOptions): Promise<CheckResult> {
  const wasm = await createEngine();
  const dfs = options.search === 'dfs';
  // The Wasm engine searches LKMM breadth- and depth-first, SC and TSO breadth-first only.
  const wasmSearches = wasm.supports(options.model, program) && (!dfs || options.model === 'lkmm');
  if (dfs && options.engine === 'wasm' && !wasmSearches)
    throw new UsageError('--search dfs runs on the reference explorer only; use --engine ts');
  const wanted = options.engine ?? (wasmSearches ? 'wasm' : 'ts');
  if (wanted === 'wasm') {
    if (!wasm.supports(options.model)) {
      throw new UsageError(`--engine wasm does not support --model ${options.model} yet; use --engine ts`);
    }
    try {
      return wasm.check(program, {
        model: options.model,
        ...(dfs ? { search: 'dfs' as const } : {}),
        ...(options.por === false ? { por: false } : {}),
        ...(options.lkmmOrder ? { lkmm: { order: options.lkmmOrder } } : {}),
        ...(options.stateCaching === false ? { cacheWhenFull: false } : {}),
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
        ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
        ...(options.maxMemoryMB !== undefined ? { maxMemoryMB: options.maxMemoryMB } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      });
    } catch (e) {
      // A program beyond the Wasm LKMM search's graph limits runs on the reference by default.
      if (!(e instanceof WasmLimitError)) throw e;
      if (options.engine === 'wasm') throw new UsageError(e.message);
    }
  }
  return check(program, {
    model: options.model,
    ...(dfs ? { search: 'dfs' as const } : {}),
    ...(options.lkmmOrder ? { lkmmOrder: options.lkmmOrder } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
  });
}
