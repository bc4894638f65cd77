import type { CheckResult } from '@tmigr-check/core';
import type { WasmEngine } from '@tmigr-check/engine';
import { PanVerifier, type SpinRun } from './spin.js';
import { renderTable } from './table.js';
import type { Workload } from './workloads.js';

/** The Wasm engine and SPIN on one workload, best of N each. */
export interface SpinComparison {
  readonly workload: Workload;
  readonly wasm: CheckResult;
  readonly wasmSeconds: number;
  readonly spin: SpinRun;
  /** Same states and transitions: otherwise the comparison is void. */
  readonly countsAgree: boolean;
}

/** Runs the Wasm engine and pan alternately `runs` times each (pan compiled once, not timed). */
export function compareWithSpin(workload: Workload, wasm: WasmEngine, runs: number): SpinComparison {
  const program = workload.build();
  let best: { result: CheckResult; seconds: number } | null = null;
  const first = wasm.check(program);
  const pan = new PanVerifier(program, first.states);
  let spin: SpinRun | null = null;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const result = wasm.check(program);
      const seconds = (performance.now() - t0) / 1000;
      if (!best || seconds < best.seconds) best = { result, seconds };
      const r = pan.run();
      if (!spin || r.seconds < spin.seconds) spin = r;
    }
  } finally {
    pan.dispose();
  }
  const b = best!;
  const s = spin!;
  return {
    workload,
    wasm: b.result,
    wasmSeconds: b.seconds,
    spin: s,
    countsAgree: s.states === b.result.states && s.transitions - 1 === b.result.transitions,
  };
}

/** The SPIN table: state counts of both, times and the speed ratio. */
export function spinTable(rows: readonly SpinComparison[]): string {
  const header = ['workload', 'states', 'spin states', 'wasm s', 'spin s', 'spin wall s', 'wasm/spin'];
  return renderTable(
    header,
    rows.map((c) => [
      c.workload.name,
      String(c.wasm.states),
      c.countsAgree ? String(c.spin.states) : `${c.spin.states} (MISMATCH: void)`,
      c.wasmSeconds.toFixed(3),
      c.spin.seconds.toFixed(3),
      c.spin.wallSeconds.toFixed(3),
      `${(c.spin.seconds / c.wasmSeconds).toFixed(2)}x`,
    ]),
  );
}
