/**
 * The state-space caching part of the bench: the seed's fixed-kernel LKMM search (depth-first,
 * every property) in the Wasm engine with the visited set stopped at several sizes, side by
 * side in one run: explorations, explorations per distinct state, time, rate and the Wasm
 * memory, against the full search. Every row must give the full search's verdict.
 */
import { buildTmigrModel, type CheckResult, getVariant, loadScenario } from '@tmigr-check/core';
import { compileEngine } from '@tmigr-check/engine';
import { runWasmDfs } from './lkmm.js';
import { renderTable } from './table.js';
import { formatCount } from './workloads.js';

export interface CachingRow {
  /** The visited set's cap (Infinity: the full search). */
  readonly cap: number;
  readonly result: CheckResult;
  /** Bytes of Wasm linear memory at the end of the search. */
  readonly memory: number;
}

/** Visited-set caps of the comparison (the full search first). */
export const CACHING_CAPS: readonly number[] = [Number.POSITIVE_INFINITY, 1_000_000, 100_000];

/** Runs the seed's fixed-kernel LKMM search at each cap, each on a fresh engine instance. */
export async function cachingComparison(caps: readonly number[] = CACHING_CAPS): Promise<CachingRow[]> {
  const module = await compileEngine();
  const model = buildTmigrModel(loadScenario('seed'), getVariant('bd3c45dd01'));
  const rows: CachingRow[] = [];
  for (const cap of caps) {
    const { result, memory } = await runWasmDfs(
      module,
      model,
      Number.isFinite(cap) ? { visitedCap: cap } : {},
    );
    console.error(
      `  caching, cap ${Number.isFinite(cap) ? formatCount(cap) : 'none'}: ${result.seconds.toFixed(2)} s`,
    );
    rows.push({ cap, result, memory });
  }
  return rows;
}

/** Whether every row gave the full search's verdict (the first row is the full search). */
export function cachingAgrees(rows: readonly CachingRow[]): boolean {
  const full = rows[0]?.result;
  return rows.every((r) => full !== undefined && r.result.verdict === full.verdict && r.result.complete);
}

/** The table of {@link cachingComparison}. */
export function cachingTable(rows: readonly CachingRow[]): string {
  const distinct = rows[0]?.result.states ?? 0;
  return renderTable(
    ['visited set cap', 'verdict', 'explorations', 'per state', 'stored', 's', 'explorations/s', 'MiB'],
    rows.map((r) => [
      Number.isFinite(r.cap) ? formatCount(r.cap) : 'none (full)',
      r.result.verdict,
      formatCount(r.result.states),
      `${(r.result.states / Math.max(distinct, 1)).toFixed(2)}x`,
      formatCount(r.result.stored ?? r.result.states),
      r.result.seconds.toFixed(2),
      formatCount(Math.round(r.result.states / Math.max(r.result.seconds, 1e-9))),
      (r.memory / 2 ** 20).toFixed(0),
    ]),
  );
}
