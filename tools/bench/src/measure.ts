import { type CheckResult, check, checkTmigr, type Program } from '@tmigr-check/core';
import type { WasmEngine } from '@tmigr-check/engine';
import type { Workload } from './workloads.js';

/** The two engines measured side by side. */
export type EngineName = 'ts' | 'wasm';

/** One engine's best run on one workload. */
export interface Measurement {
  readonly engine: EngineName;
  readonly result: CheckResult;
  /** Best (smallest) wall time of the runs, in seconds. */
  readonly seconds: number;
}

/** Both engines on one workload. */
export interface Comparison {
  readonly workload: Workload;
  readonly ts: Measurement;
  readonly wasm: Measurement;
  /** Whether both engines found the same verdict, states and transitions (else the times are not comparable). */
  readonly countsAgree: boolean;
}

/**
 * One search of `workload` (its program `program`) on one engine. The Wasm engine runs without
 * partial-order reduction unless `options.por` (so that its counts equal the reference's);
 * `options.maxStates` overrides the workload's cap.
 */
export function runOnce(
  engine: EngineName,
  wasm: WasmEngine,
  workload: Workload,
  program: Program,
  options: { readonly por?: boolean; readonly maxStates?: number } = {},
): CheckResult {
  const cap = options.maxStates ?? workload.maxStates;
  const capped = cap !== undefined ? { maxStates: cap } : {};
  const limit = { ...capped, por: options.por ?? false };
  const model = workload.model ?? 'sc';
  const tmigr = workload.tmigr;
  if (tmigr) {
    if (engine === 'ts')
      return checkTmigr(tmigr.scenario, tmigr.variant, { model, tmigrModel: tmigr, ...capped });
    return wasm.check(program, { model, tmigr, deadlock: tmigr.properties.includes('deadlock'), ...limit });
  }
  return engine === 'ts' ? check(program, { model, ...capped }) : wasm.check(program, { model, ...limit });
}

/**
 * Runs both engines `runs` times each on the workload, alternating (ts, wasm, ts, wasm, ...) so
 * that background load hits both alike, and keeps each engine's best time.
 */
export function compare(workload: Workload, wasm: WasmEngine, runs: number): Comparison {
  const program = workload.build();
  const best: Record<EngineName, Measurement | null> = { ts: null, wasm: null };
  for (let i = 0; i < runs; i++) {
    for (const engine of ['ts', 'wasm'] as const) {
      const t0 = performance.now();
      const result = runOnce(engine, wasm, workload, program);
      const seconds = (performance.now() - t0) / 1000;
      const prev = best[engine];
      if (!prev || seconds < prev.seconds) best[engine] = { engine, result, seconds };
    }
  }
  const ts = best.ts!;
  const w = best.wasm!;
  const countsAgree =
    ts.result.verdict === w.result.verdict &&
    ts.result.property === w.result.property &&
    ts.result.states === w.result.states &&
    ts.result.transitions === w.result.transitions;
  return { workload, ts, wasm: w, countsAgree };
}

/** Runs a workload on both engines once, without keeping anything (JIT warm-up). */
export function warmUp(workload: Workload, wasm: WasmEngine): void {
  const program = workload.build();
  for (const engine of ['ts', 'wasm'] as const) runOnce(engine, wasm, workload, program);
}
