/**
 * Partial-order reduction in the bench: the Wasm engine's SC and TSO searches of the tmigr
 * presets with the reduction (the default) and without it (`por: false`, the reference's
 * state space), side by side in one run: states, seconds and the ratios, and whether both
 * searches gave the same verdict and property (a full search stopped at its state cap gives
 * no verdict to compare).
 */
import { buildTmigrModel, getVariant, listScenarios, loadScenario, type ModelName } from '@tmigr-check/core';
import type { WasmEngine } from '@tmigr-check/engine';
import { runOnce } from './measure.js';
import { renderTable } from './table.js';
import { formatCount, type Workload } from './workloads.js';

/** One search, best of the runs. */
interface Timed {
  readonly states: number;
  readonly transitions: number;
  readonly verdict: string;
  readonly property: string | null;
  readonly complete: boolean;
  readonly seconds: number;
}

/** A workload with and without the reduction. */
export interface PorComparison {
  readonly workload: Workload;
  readonly full: Timed;
  readonly reduced: Timed;
  /** Same verdict and property; null when the full search stopped at its cap. */
  readonly agree: boolean | null;
}

/** A scenario under a variant and a model, all properties, as a workload. */
export function scenarioWorkload(scenario: string, variant: string, model: ModelName): Workload {
  const tmigr = buildTmigrModel(loadScenario(scenario), getVariant(variant));
  return { name: `${scenario} ${variant} ${model}`, build: () => tmigr.program, model, tmigr };
}

/**
 * The seed under both kernels (v7.1-rc1 stops at its WARN), then every other preset under
 * v7.1-rc1 and the fixed kernel bd3c45dd01, SC then TSO.
 */
export function porWorkloads(): Workload[] {
  const out: Workload[] = [];
  for (const model of ['sc', 'tso'] as const) {
    out.push(scenarioWorkload('seed', 'bd3c45dd01', model), scenarioWorkload('seed', 'v7.1-rc1', model));
    for (const s of listScenarios()) {
      if (s.name === 'seed') continue;
      out.push(scenarioWorkload(s.name, 'bd3c45dd01', model));
    }
  }
  return out;
}

function timed(wasm: WasmEngine, w: Workload, por: boolean, runs: number, maxStates: number): Timed {
  const program = w.build();
  let best: Timed | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = runOnce('wasm', wasm, w, program, { por, maxStates });
    const seconds = (performance.now() - t0) / 1000;
    if (!best || seconds < best.seconds)
      best = {
        states: r.states,
        transitions: r.transitions,
        verdict: r.verdict,
        property: r.property,
        complete: r.complete,
        seconds,
      };
  }
  return best!;
}

/** Runs `w` with and without reduction (`runs` times each, alternating; best times). */
export function comparePor(wasm: WasmEngine, w: Workload, runs: number, fullCap: number): PorComparison {
  const full = timed(wasm, w, false, runs, fullCap);
  const reduced = timed(wasm, w, true, runs, fullCap);
  const agree = full.complete ? full.verdict === reduced.verdict && full.property === reduced.property : null;
  return { workload: w, full, reduced, agree };
}

const verdictText = (t: Timed) =>
  t.verdict === 'violation' ? `violation (${t.property})` : t.complete ? t.verdict : 'capped';

/** The table: states and seconds without and with the reduction, the ratios, the verdict (left-aligned last). */
export function porTable(rows: readonly PorComparison[]): string {
  const header = ['workload', 'full states', 'full s', 'POR states', 'POR s', 'states÷', 'time÷', 'verdict'];
  return renderTable(
    header,
    rows.map((r) => [
      r.workload.name,
      `${r.full.complete ? '' : '≥'}${formatCount(r.full.states)}`,
      r.full.seconds.toFixed(2),
      `${r.reduced.complete ? '' : '≥'}${formatCount(r.reduced.states)}`,
      r.reduced.seconds.toFixed(2),
      `${(r.full.states / r.reduced.states).toFixed(1)}x`,
      `${(r.full.seconds / r.reduced.seconds).toFixed(1)}x`,
      r.agree === false
        ? `MISMATCH: ${verdictText(r.full)} vs ${verdictText(r.reduced)}`
        : r.agree === null
          ? `${verdictText(r.reduced)} (full capped)`
          : verdictText(r.reduced),
    ]),
  );
}
