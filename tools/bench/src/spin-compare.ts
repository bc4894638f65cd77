import type { CheckResult } from '@tmigr-check/core';
import type { WasmEngine } from '@tmigr-check/engine';
import { runOnce } from './measure.js';
import { PanVerifier, type SpinRun } from './spin.js';
import { renderTable } from './table.js';
import type { Workload } from './workloads.js';

/** The Wasm engine and SPIN on one workload, best of N each. */
export interface SpinComparison {
  readonly workload: Workload;
  readonly wasm: CheckResult;
  readonly wasmSeconds: number;
  /** SPIN without reduction (-DNOREDUCE): the same transition system. */
  readonly spin: SpinRun;
  /** SPIN with its default partial-order reduction. */
  readonly spinPor: SpinRun;
  /** Same states and transitions as SPIN without reduction: otherwise the comparison is void. */
  readonly countsAgree: boolean;
}

/** The best (fastest) of `runs` pan runs. */
function bestOf(pan: PanVerifier, runs: number): SpinRun {
  let best: SpinRun | null = null;
  for (let i = 0; i < runs; i++) {
    const r = pan.run();
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best!;
}

/**
 * Runs the Wasm engine and pan (without and with SPIN's reduction) `runs` times each (pan
 * compiled once per mode, not timed). A tmigr workload runs on Wasm with its invariants, which
 * the Promela export does not carry (they do not change the state count of an ok search).
 */
export function compareWithSpin(workload: Workload, wasm: WasmEngine, runs: number): SpinComparison {
  const program = workload.build();
  let best: { result: CheckResult; seconds: number } | null = null;
  const first = runOnce('wasm', wasm, workload, program);
  const pan = new PanVerifier(program, first.states);
  const panPor = new PanVerifier(program, first.states, { reduce: true });
  let spin: SpinRun;
  let spinPor: SpinRun;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const result = runOnce('wasm', wasm, workload, program);
      const seconds = (performance.now() - t0) / 1000;
      if (!best || seconds < best.seconds) best = { result, seconds };
    }
    spin = bestOf(pan, runs);
    spinPor = bestOf(panPor, runs);
  } finally {
    pan.dispose();
    panPor.dispose();
  }
  const b = best!;
  return {
    workload,
    wasm: b.result,
    wasmSeconds: b.seconds,
    spin,
    spinPor,
    countsAgree: spin.states === b.result.states && spin.transitions - 1 === b.result.transitions,
  };
}

/** The SPIN table: state counts of both, times and the speed ratios. */
export function spinTable(rows: readonly SpinComparison[]): string {
  const header = [
    'workload',
    'states',
    'spin states',
    'wasm s',
    'spin s',
    'wasm/spin',
    'spin POR states',
    'spin POR s',
    'wasm/spin POR',
  ];
  return renderTable(
    header,
    rows.map((c) => [
      c.workload.name,
      String(c.wasm.states),
      c.countsAgree ? String(c.spin.states) : `${c.spin.states} (MISMATCH: void)`,
      c.wasmSeconds.toFixed(3),
      c.spin.seconds.toFixed(3),
      `${(c.spin.seconds / c.wasmSeconds).toFixed(2)}x`,
      String(c.spinPor.states),
      c.spinPor.seconds.toFixed(3),
      `${(c.spinPor.seconds / c.wasmSeconds).toFixed(2)}x`,
    ]),
  );
}
