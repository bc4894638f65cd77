import { getHeapStatistics } from 'node:v8';
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
import type { WasmEngine } from '@tmigr-check/engine';
import { err, UsageError } from '../io.js';

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
  readonly shouldStop?: (() => boolean) | undefined;
  /** Which engine; by default the Wasm engine where it supports the model (breadth-first), else ts. */
  readonly engine?: 'wasm' | 'ts' | undefined;
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
function wantsWasm(options: TmigrRunOptions, model: TmigrModel): boolean {
  const wasm = options.wasm;
  const bfs = (options.search ?? 'bfs') === 'bfs';
  if (options.engine === 'wasm') {
    if (!bfs) throw new UsageError('--search dfs runs on the reference explorer only; use --engine ts');
    if (!wasm?.supports(options.model))
      throw new UsageError(`--engine wasm does not support --model ${options.model} yet; use --engine ts`);
    return true;
  }
  return options.engine === undefined && bfs && wasm?.supports(options.model, model.program) === true;
}

/**
 * Checks a target with the Wasm engine (which evaluates the invariants itself) or the
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
    const result = options.wasm!.check(model.program, {
      model: options.model,
      tmigr: model,
      deadlock: model.properties.includes('deadlock'),
      ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
      ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    return { kind: 'done', result: { ...result, tmigr: model }, model };
  }
  const guard = heapGuard();
  const result = checkTmigr(target.scenario, target.variant, {
    model: options.model,
    tmigrModel: model,
    ...(target.properties ? { properties: target.properties } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
    ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    ...(options.search ? { search: options.search } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    shouldStop: () => guard.full() || (options.shouldStop?.() ?? false),
  });
  if (guard.tripped() && result.verdict === 'incomplete') {
    return { kind: 'done', result: { ...result, reason: 'memory-limit' }, model };
  }
  return { kind: 'done', result, model };
}

/** Fraction of V8's heap limit at which a search is stopped (reported as `memory-limit`). */
const HEAP_FRACTION = 0.85;

/**
 * Stops a reference search before V8 runs out of heap (which would abort the process with a
 * fatal error instead of a verdict). Checked by the explorer between batches of states.
 */
export function heapGuard(): { full: () => boolean; tripped: () => boolean } {
  const limit = getHeapStatistics().heap_size_limit;
  let tripped = false;
  return {
    full: () => {
      if (tripped) return true;
      const used = process.memoryUsage().heapUsed;
      if (used < HEAP_FRACTION * limit) return false;
      tripped = true;
      const mib = (n: number): number => Math.round(n / 2 ** 20);
      err(
        `tmigr-check: the heap is nearly full (${mib(used)} of ${mib(limit)} MiB): stopping this search; raise the limit with NODE_OPTIONS=--max-old-space-size=MiB`,
      );
      return true;
    },
    tripped: () => tripped,
  };
}

/** Replays a result's path into a trace (null when the result has no path). */
export function tmigrTrace(result: TmigrCheckResult, model: TmigrModel): Trace | null {
  if (!result.path) return null;
  return replay(semanticsFor(model.program, result.model), result.path);
}
