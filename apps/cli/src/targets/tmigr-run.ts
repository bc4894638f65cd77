import {
  buildTmigrModel,
  checkTmigr,
  type ModelName,
  type Progress,
  replay,
  type Scenario,
  semanticsFor,
  type TmigrCheckResult,
  type TmigrModel,
  type Trace,
  type Variant,
} from '@tmigr-check/core';
import { type WasmEngine, WasmLimitError } from '@tmigr-check/engine';
import { UsageError } from '../io.js';
import type { SearchStop } from '../stop.js';

/** What to check: a scenario under a kernel variant, restricted to some properties or not. */
export interface TmigrTarget {
  readonly scenario: Scenario;
  readonly variant: Variant;
  /** undefined = every property the model checks. */
  readonly properties?: readonly string[] | undefined;
}

/** Limits and callbacks of one run. */
export interface TmigrRunOptions {
  readonly model: ModelName;
  readonly maxStates?: number | undefined;
  readonly maxSeconds?: number | undefined;
  /** Search order (default breadth-first). */
  readonly search?: 'bfs' | 'dfs' | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
  /** Ctrl-C and the memory guard (`searchStop`). */
  readonly stop: SearchStop;
  /** Which engine; by default the Wasm engine where it runs the model and the order, else ts. */
  readonly engine?: 'wasm' | 'ts' | undefined;
  /** Partial-order reduction in the Wasm SC and TSO searches (default on). */
  readonly por?: boolean | undefined;
  /** LKMM: the canonical schedule's thread priority (thread indices; `--thread-order`). */
  readonly lkmmOrder?: readonly number[] | undefined;
  /** LKMM depth-first in Wasm: state-space caching when the visited set is full (default on). */
  readonly stateCaching?: boolean | undefined;
  /**
   * The Wasm engine's memory limit in MiB (`--max-memory`): the engine stops, or turns to
   * state-space caching, at it; the guard in `stop` then watches the JavaScript heap only.
   */
  readonly maxMemoryMB?: number | undefined;
  /** The loaded Wasm engine (without it every run uses the reference explorer). */
  readonly wasm?: WasmEngine | undefined;
}

/** A finished run, or the reason the memory model could not run. */
export type TmigrOutcome =
  | { readonly kind: 'done'; readonly result: TmigrCheckResult; readonly model: TmigrModel }
  | { readonly kind: 'unavailable'; readonly model: ModelName; readonly message: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Builds the IR model of a target; a scenario the model builder rejects is a usage error. */
export function buildTarget(target: TmigrTarget): TmigrModel {
  try {
    return buildTmigrModel(
      target.scenario,
      target.variant,
      target.properties ? { properties: target.properties } : {},
    );
  } catch (e) {
    throw new UsageError(`scenario ${target.scenario.name}, variant ${target.variant.name}: ${messageOf(e)}`);
  }
}

/** Whether a run goes to the Wasm engine (see {@link TmigrRunOptions.engine}). */
export function wantsWasm(
  options: Pick<TmigrRunOptions, 'wasm' | 'search' | 'model' | 'engine'>,
  model: TmigrModel,
): boolean {
  const wasm = options.wasm;
  // The Wasm engine searches LKMM breadth- and depth-first, SC and TSO breadth-first only.
  const order = (options.search ?? 'bfs') === 'bfs' || options.model === 'lkmm';
  if (options.engine === 'wasm') {
    if (!order) throw new UsageError('--search dfs runs on the reference explorer only; use --engine ts');
    if (!wasm?.supports(options.model, model.program))
      throw new UsageError(
        `--engine wasm cannot run this scenario under --model ${options.model}; use --engine ts`,
      );
    return true;
  }
  return options.engine === undefined && order && wasm?.supports(options.model, model.program) === true;
}

/**
 * Checks a target with the Wasm engine (which evaluates the tmigr invariants itself) or the
 * reference explorer. A memory model that core does not implement yet gives `unavailable`
 * instead of an exception.
 */
export function runTmigr(target: TmigrTarget, options: TmigrRunOptions, built?: TmigrModel): TmigrOutcome {
  const model = built ?? buildTarget(target);
  try {
    semanticsFor(model.program, options.model);
  } catch (e) {
    return { kind: 'unavailable', model: options.model, message: messageOf(e) };
  }
  if (wantsWasm(options, model)) {
    try {
      const result = options.wasm!.check(model.program, {
        model: options.model,
        tmigr: model,
        deadlock: model.properties.includes('deadlock'),
        ...(options.search ? { search: options.search } : {}),
        ...(options.por === false ? { por: false } : {}),
        ...(options.lkmmOrder ? { lkmm: { order: options.lkmmOrder } } : {}),
        ...(options.stateCaching === false ? { cacheWhenFull: false } : {}),
        ...(options.maxMemoryMB !== undefined ? { maxMemoryMB: options.maxMemoryMB } : {}),
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
        ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        shouldStop: options.stop.shouldStop,
      });
      if (options.stop.cause() === 'memory-limit' && result.verdict === 'incomplete') {
        return { kind: 'done', result: { ...result, reason: 'memory-limit', tmigr: model }, model };
      }
      return { kind: 'done', result: { ...result, tmigr: model }, model };
    } catch (e) {
      // A scenario beyond the Wasm LKMM search's graph limits runs on the reference by default.
      if (!(e instanceof WasmLimitError)) throw e;
      if (options.engine === 'wasm') throw new UsageError(e.message);
    }
  }
  const result = checkTmigr(target.scenario, target.variant, {
    model: options.model,
    tmigrModel: model,
    ...(target.properties ? { properties: target.properties } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.search ? { search: options.search } : {}),
    ...(options.lkmmOrder ? { lkmmOrder: options.lkmmOrder } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    shouldStop: options.stop.shouldStop,
  });
  if (options.stop.cause() === 'memory-limit' && result.verdict === 'incomplete') {
    return { kind: 'done', result: { ...result, reason: 'memory-limit' }, model };
  }
  return { kind: 'done', result, model };
}

/** Replays a result's path into a trace (null when the result has no path). */
export function tmigrTrace(result: TmigrCheckResult, model: TmigrModel): Trace | null {
  if (!result.path) return null;
  return replay(semanticsFor(model.program, result.model), result.path);
}
