/**
 * The LKMM part of the bench: the seed's two complete LKMM searches (the pre-fix kernel with
 * the hierarchy invariants, the fixed kernel with every property; depth-first, as `seed` and
 * core's lkmm-seed tests run them) on the Wasm engine, and the TypeScript reference on the same
 * searches, side by side: states/s of each and their ratio, and the bytes of Wasm linear memory
 * per stored state. The reference runs the first `tsStates` states of each search (its rate is
 * steady; a complete reference search takes minutes), or all of them with `tsStates` Infinity;
 * the Wasm engine runs the same prefix too, and both prefixes must have identical counts.
 */
import {
  buildTmigrModel,
  type CheckResult,
  checkTmigr,
  getVariant,
  INVARIANTS,
  loadScenario,
  type TmigrModel,
} from '@tmigr-check/core';
import { compileEngine, instantiateEngine, type LkmmWasmOptions, LkmmWasmSearch } from '@tmigr-check/engine';
import { formatCount } from './workloads.js';

/** One of the seed's LKMM searches. */
interface SeedSearch {
  readonly name: string;
  readonly model: TmigrModel;
}

function seedSearches(): SeedSearch[] {
  const scenario = loadScenario('seed');
  return [
    {
      name: 'seed v7.1-rc1 lkmm invariants',
      model: buildTmigrModel(scenario, getVariant('v7.1-rc1'), { properties: [...INVARIANTS] }),
    },
    {
      name: 'seed bd3c45dd01 lkmm all properties',
      model: buildTmigrModel(scenario, getVariant('bd3c45dd01')),
    },
  ];
}

export interface LkmmRow {
  readonly name: string;
  readonly wasm: CheckResult;
  readonly bytesPerState: number;
  readonly wasmPrefix: CheckResult;
  readonly ts: CheckResult;
  readonly countsAgree: boolean;
}

/**
 * One depth-first LKMM search of a tmigr model on a fresh instance of `module` (so that its
 * memory is this search's): the result and the Wasm memory at its end.
 */
export async function runWasmDfs(
  module: WebAssembly.Module,
  model: TmigrModel,
  options: Pick<LkmmWasmOptions, 'maxStates' | 'visitedCap'> = {},
): Promise<{ result: CheckResult; memory: number }> {
  const ex = await instantiateEngine(module);
  const s = new LkmmWasmSearch(ex, model.program, {
    tmigr: model,
    deadlock: model.properties.includes('deadlock'),
    search: 'dfs',
    batchSize: 100_000,
    ...options,
  });
  while (!s.step()) {
    // one batch per call
  }
  return { result: s.result(), memory: s.memoryUsed() };
}

const rate = (r: CheckResult): number => r.states / Math.max(r.seconds, 1e-9);

/** Runs the comparison; `tsStates`: states of the reference's run (Infinity: complete). */
export async function lkmmComparison(tsStates: number): Promise<LkmmRow[]> {
  const module = await compileEngine();
  const rows: LkmmRow[] = [];
  for (const { name, model } of seedSearches()) {
    const runWasm = (maxStates?: number) =>
      runWasmDfs(module, model, maxStates !== undefined ? { maxStates } : {});
    const full = await runWasm();
    console.error(`  ${name}: wasm ${full.result.seconds.toFixed(2)} s`);
    const prefix = Number.isFinite(tsStates) ? (await runWasm(tsStates)).result : full.result;
    const { tmigr: _m, ...ts } = checkTmigr(model.scenario, model.variant, {
      tmigrModel: model,
      model: 'lkmm',
      search: 'dfs',
      ...(Number.isFinite(tsStates) ? { maxStates: tsStates } : {}),
    });
    console.error(`  ${name}: ts ${ts.seconds.toFixed(2)} s (${formatCount(ts.states)} states)`);
    const same = (a: CheckResult, b: CheckResult) =>
      a.verdict === b.verdict &&
      a.states === b.states &&
      a.transitions === b.transitions &&
      a.depth === b.depth;
    rows.push({
      name,
      wasm: full.result,
      bytesPerState: full.memory / full.result.states,
      wasmPrefix: prefix,
      ts,
      countsAgree: same(prefix, ts),
    });
  }
  return rows;
}

/** The table of {@link lkmmComparison}. */
export function lkmmTable(rows: readonly LkmmRow[]): string {
  const head = [
    'LKMM search (depth-first)',
    'wasm verdict',
    'wasm states',
    'wasm s',
    'wasm states/s',
    'B/state',
    'ts states',
    'ts s',
    'ts states/s',
    'wasm/ts',
  ];
  const body = rows.map((r) => [
    r.name,
    r.wasm.verdict,
    formatCount(r.wasm.states),
    r.wasm.seconds.toFixed(2),
    formatCount(Math.round(rate(r.wasm))),
    r.bytesPerState.toFixed(1),
    formatCount(r.ts.states),
    r.ts.seconds.toFixed(2),
    formatCount(Math.round(rate(r.ts))),
    r.countsAgree ? `${(rate(r.wasm) / rate(r.ts)).toFixed(1)}x` : 'counts differ',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
