import type { CheckResult } from '@tmigr-check/core';
import type { WasmEngine } from '@tmigr-check/engine';
import { runOnce } from './measure.js';
import { PanVerifier, type SpinRun } from './spin.js';
import { renderTable } from './table.js';
import type { Workload } from './workloads.js';

/** The Wasm engine's best run of one configuration. */
export interface WasmRun {
  readonly result: CheckResult;
  /** Wall time of `check` (encoding and the reduction's analysis included), in seconds. */
  readonly seconds: number;
}

/** The Wasm engine and SPIN on one workload, best of N each, in two pairings. */
export interface SpinComparison {
  readonly workload: Workload;
  /** The Wasm engine without reduction (`por: false`): the reference's state space. */
  readonly wasm: WasmRun;
  /** SPIN without reduction (`spin -o1`, `-DNOREDUCE`): the same transition system. */
  readonly spin: SpinRun;
  /** The Wasm engine with its partial-order reduction (`por: true`). */
  readonly wasmPor: WasmRun;
  /** SPIN with its defaults (partial-order reduction and dead-variable resetting). */
  readonly spinPor: SpinRun;
  /** Same states and transitions as SPIN without reduction: otherwise the comparison is void. */
  readonly countsAgree: boolean;
  /** With reduction the verdicts agree (both ok: the Promela export carries no property). */
  readonly porAgree: boolean;
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
 * Runs the Wasm engine (without and with its reduction) and pan (without and with SPIN's
 * reduction) `runs` times each, alternating (pan compiled once per mode, not timed). A tmigr
 * workload runs on Wasm with its invariants, which the Promela export does not carry (they do
 * not change the state count of an ok search).
 */
export function compareWithSpin(workload: Workload, wasm: WasmEngine, runs: number): SpinComparison {
  const program = workload.build();
  const first = runOnce('wasm', wasm, workload, program);
  const pan = new PanVerifier(program, first.states);
  const panPor = new PanVerifier(program, first.states, { reduce: true });
  const best: { full: WasmRun | null; por: WasmRun | null } = { full: null, por: null };
  const spinRuns: { full: SpinRun | null; por: SpinRun | null } = { full: null, por: null };
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of ['full', 'por'] as const) {
        const t0 = performance.now();
        const result = runOnce('wasm', wasm, workload, program, { por: mode === 'por' });
        const seconds = (performance.now() - t0) / 1000;
        const prev = best[mode];
        if (!prev || seconds < prev.seconds) best[mode] = { result, seconds };
        const r = bestOf(mode === 'full' ? pan : panPor, 1);
        const prevSpin = spinRuns[mode];
        if (!prevSpin || r.seconds < prevSpin.seconds) spinRuns[mode] = r;
      }
    }
  } finally {
    pan.dispose();
    panPor.dispose();
  }
  const full = best.full!;
  const por = best.por!;
  const spin = spinRuns.full!;
  const spinPor = spinRuns.por!;
  return {
    workload,
    wasm: full,
    spin,
    wasmPor: por,
    spinPor,
    countsAgree: spin.states === full.result.states && spin.transitions - 1 === full.result.transitions,
    porAgree: por.result.verdict === full.result.verdict && spinPor.errors === spin.errors,
  };
}

/** "3.71x": how many times less time the Wasm engine took than SPIN. */
function speedup(spinSeconds: number, wasmSeconds: number): string {
  return `${(spinSeconds / wasmSeconds).toFixed(2)}x`;
}

/**
 * The SPIN table, two pairings per workload: without reduction (equal state counts, checked)
 * and each tool with its own partial-order reduction (both state counts). `spin/wasm` is SPIN's
 * time over the Wasm engine's (above 1: the Wasm engine is faster).
 */
export function spinTable(rows: readonly SpinComparison[]): string {
  const header = ['workload', 'pairing', 'wasm states', 'spin states', 'wasm s', 'spin s', 'spin/wasm'];
  const body: string[][] = [];
  for (const c of rows) {
    body.push([
      c.workload.name,
      'no reduction',
      String(c.wasm.result.states),
      c.countsAgree ? String(c.spin.states) : `${c.spin.states} (MISMATCH: void)`,
      c.wasm.seconds.toFixed(3),
      c.spin.seconds.toFixed(3),
      speedup(c.spin.seconds, c.wasm.seconds),
    ]);
    body.push([
      '',
      'each with its POR',
      String(c.wasmPor.result.states),
      c.porAgree ? String(c.spinPor.states) : `${c.spinPor.states} (VERDICTS DIFFER)`,
      c.wasmPor.seconds.toFixed(3),
      c.spinPor.seconds.toFixed(3),
      speedup(c.spinPor.seconds, c.wasmPor.seconds),
    ]);
  }
  return renderTable(header, body);
}
