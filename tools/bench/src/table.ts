import type { Comparison } from './measure.js';
import { formatCount } from './workloads.js';

/** Renders rows as an aligned plain-text table (first column left-aligned, the others right-aligned). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The benchmark table: states, transitions, time and states/s per engine, and the Wasm/TS speed ratio. */
export function comparisonTable(comparisons: readonly Comparison[]): string {
  const header = [
    'workload',
    'states',
    'transitions',
    'ts s',
    'ts states/s',
    'wasm s',
    'wasm states/s',
    'wasm/ts',
  ];
  const rows = comparisons.map((c) => {
    const states = c.wasm.result.states;
    const rate = (s: number) => `${formatCount(Math.round(states / s))}`;
    return [
      c.workload.name,
      c.countsAgree ? String(states) : `${c.ts.result.states} vs ${states} (MISMATCH)`,
      String(c.wasm.result.transitions),
      c.ts.seconds.toFixed(3),
      rate(c.ts.seconds),
      c.wasm.seconds.toFixed(3),
      rate(c.wasm.seconds),
      `${(c.ts.seconds / c.wasm.seconds).toFixed(1)}x`,
    ];
  });
  return renderTable(header, rows);
}
