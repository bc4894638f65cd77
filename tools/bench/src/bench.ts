/**
 * `pnpm bench`: the Wasm engine against the TypeScript reference explorer on the same programs,
 * side by side in one run (after a warm-up), with equal state counts checked. Prints a table
 * of states, transitions, seconds and states/s per engine and the Wasm/TS ratio.
 *
 * When `spin` and `gcc` are installed, the SC programs that run to completion are also exported
 * to Promela and checked with SPIN in two pairings: without reduction on both sides (`spin -o1`,
 * `-DNOREDUCE` against the Wasm engine with `por: false`; the state counts must match), and each
 * tool with its own partial-order reduction (SPIN's defaults against `por: true`).
 *
 * Then the seed's two complete LKMM searches on the Wasm engine against the reference on the
 * same searches (`lkmm.ts`): states/s ratio and bytes per stored state; and the fixed kernel's
 * search with state-space caching at several visited-set caps (`lkmm-caching.ts`).
 *
 * Then the Wasm SC and TSO searches of the tmigr presets with partial-order reduction (the
 * default) and without it, side by side (`por-compare.ts`): states, seconds, ratios, verdicts.
 *
 * Options: --runs N (best of N per engine, default 3), --scale X (size of the state-limited
 * workload, default 1), --quick (one run, scale 0.25), --only NAME (only the workloads whose name
 * contains NAME; repeatable), --only-lkmm (the LKMM part alone), --no-spin, --no-lkmm, --lkmm-ts-states N
 * (states of the reference's LKMM runs, default 200,000), --lkmm-ts-full (complete reference
 * LKMM searches: minutes each), --no-por (skip the reduction table), --por-only (only that
 * table), --por-full-cap N (state cap of the searches without reduction, default 5,000,000).
 */
import os from 'node:os';
import { createEngine, type WasmEngine } from '@tmigr-check/engine';
import { lkmmComparison, lkmmTable } from './lkmm.js';
import { cachingAgrees, cachingComparison, cachingTable } from './lkmm-caching.js';
import { compare, warmUp } from './measure.js';
import { comparePor, porTable, porWorkloads } from './por-compare.js';
import { PromelaExportError } from './promela.js';
import { spinAvailable } from './spin.js';
import { compareWithSpin, spinTable } from './spin-compare.js';
import { comparisonTable } from './table.js';
import {
  defaultWorkloads,
  formatCount,
  tmigrWorkloads,
  type Workload,
  warmupWorkloads,
} from './workloads.js';

interface BenchArgs {
  readonly runs: number;
  readonly scale: number;
  readonly spin: boolean;
  readonly lkmm: boolean;
  readonly lkmmTsStates: number;
  /** Only the LKMM part (no SC/TSO workloads, no SPIN). */
  readonly onlyLkmm: boolean;
  /** Only the workloads whose name contains one of these (case-insensitive); empty: all. */
  readonly only: readonly string[];
  readonly por: boolean;
  readonly porOnly: boolean;
  readonly porFullCap: number;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let runs = 3;
  let scale = 1;
  let spin = true;
  let lkmm = true;
  let lkmmTsStates = 200_000;
  let onlyLkmm = false;
  const only: string[] = [];
  let por = true;
  let porOnly = false;
  let porFullCap = 5_000_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
      return v;
    };
    if (arg === '--runs') runs = Math.floor(value());
    else if (arg === '--scale') scale = value();
    else if (arg === '--no-spin') spin = false;
    else if (arg === '--no-lkmm') lkmm = false;
    else if (arg === '--lkmm-ts-states') lkmmTsStates = Math.floor(value());
    else if (arg === '--only-lkmm') onlyLkmm = true;
    else if (arg === '--only') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new Error('--only needs a workload name or part of one');
      only.push(v.toLowerCase());
    } else if (arg === '--lkmm-ts-full') lkmmTsStates = Number.POSITIVE_INFINITY;
    else if (arg === '--no-por') por = false;
    else if (arg === '--por-only') porOnly = true;
    else if (arg === '--por-full-cap') porFullCap = Math.floor(value());
    else if (arg === '--quick') {
      runs = 1;
      scale = 0.25;
    } else
      throw new Error(
        `unknown option ${arg} (expected --runs N, --scale X, --quick, --only NAME, --only-lkmm, --no-spin, --no-lkmm, --lkmm-ts-states N, --lkmm-ts-full, --no-por, --por-only or --por-full-cap N)`,
      );
  }
  return {
    runs,
    scale,
    spin: spin && !onlyLkmm,
    lkmm,
    lkmmTsStates,
    onlyLkmm,
    only,
    por: por && !onlyLkmm,
    porOnly,
    porFullCap,
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const wasm = await createEngine();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `tmigr-check bench: Node ${process.version}, ${cpu}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`best of ${args.runs} run(s) per engine, engines alternating`);
  for (const w of warmupWorkloads()) warmUp(w, wasm);
  if (args.porOnly) return porSection(wasm, args);
  const results = [];
  const workloads = args.onlyLkmm
    ? []
    : [...defaultWorkloads(args.scale), ...tmigrWorkloads(args.scale)].filter(
        (w) => args.only.length === 0 || args.only.some((part) => w.name.toLowerCase().includes(part)),
      );
  for (const workload of workloads) {
    const c = compare(workload, wasm, args.runs);
    results.push(c);
    console.error(`  ${workload.name}: ts ${c.ts.seconds.toFixed(2)} s, wasm ${c.wasm.seconds.toFixed(2)} s`);
  }
  if (!args.onlyLkmm) {
    console.log();
    console.log(comparisonTable(results));
  }
  const mismatches = results.filter((c) => !c.countsAgree).map((c) => c.workload.name);
  if (args.spin) {
    if (spinAvailable()) {
      console.log();
      console.log(
        "SPIN 6.5 (spin [-o1] -a; gcc -O2 -DSAFETY [-DNOREDUCE]; pan -E; time: pan's own) on the same SC transition system exported to Promela:",
      );
      console.log(
        '"no reduction": spin -o1, -DNOREDUCE against Wasm --no-por (equal counts checked); "each with its POR": SPIN\'s defaults (partial-order',
      );
      console.log(
        "reduction, dead-variable resetting) against Wasm with its partial-order reduction. spin/wasm: SPIN's time over ours (> 1: we are faster).",
      );
      const spinRows = [];
      for (const w of workloads.filter(
        (x: Workload) => x.maxStates === undefined && (x.model ?? 'sc') === 'sc',
      )) {
        try {
          spinRows.push(compareWithSpin(w, wasm, args.runs));
        } catch (e) {
          if (!(e instanceof PromelaExportError)) throw e;
          console.log(`  ${w.name}: not exported (${e.message})`);
        }
      }
      console.log(spinTable(spinRows));
      mismatches.push(...spinRows.filter((c) => !c.countsAgree).map((c) => `${c.workload.name} (spin)`));
      mismatches.push(
        ...spinRows.filter((c) => !c.porAgree).map((c) => `${c.workload.name} (spin, reduced)`),
      );
    } else {
      console.log('\n(SPIN comparison skipped: spin or gcc not found; Debian: apt-get install -y spin)');
    }
  }
  if (args.lkmm) {
    console.log();
    const rows = await lkmmComparison(args.lkmmTsStates);
    console.log(lkmmTable(rows));
    console.log(
      Number.isFinite(args.lkmmTsStates)
        ? `ts: the first ${args.lkmmTsStates.toLocaleString('en-US')} states of each search (the wasm engine runs the same prefix, with the same counts); wasm: complete searches. B/state: Wasm linear memory / stored states.`
        : 'ts and wasm: complete searches. B/state: Wasm linear memory / stored states.',
    );
    mismatches.push(...rows.filter((r) => !r.countsAgree).map((r) => r.name));
    console.log();
    console.log(
      'State-space caching: seed bd3c45dd01, LKMM, every property, Wasm depth-first, the visited set stopped at each cap (explorations: states explored, some more than once):',
    );
    const caching = await cachingComparison();
    console.log(cachingTable(caching));
    if (!cachingAgrees(caching))
      mismatches.push('state-space caching (a verdict differs from the full search)');
  }
  if (args.por && porSection(wasm, args) !== 0) mismatches.push('partial-order reduction');
  if (mismatches.length > 0) {
    console.error(`state counts differ on: ${mismatches.join(', ')}: the times are not comparable`);
    return 1;
  }
  return 0;
}

/** The reduction table; 1 when a verdict with reduction differs from the full search's. */
function porSection(wasm: WasmEngine, args: BenchArgs): number {
  console.log();
  console.log(
    `Wasm engine with partial-order reduction (POR, the default) and without (full, --no-por; capped at ${formatCount(args.porFullCap)} states), tmigr presets, all properties:`,
  );
  const rows = [];
  for (const w of porWorkloads()) {
    const row = comparePor(wasm, w, args.runs, args.porFullCap);
    rows.push(row);
    console.error(
      `  ${w.name}: full ${row.full.seconds.toFixed(2)} s, POR ${row.reduced.seconds.toFixed(2)} s`,
    );
  }
  console.log(porTable(rows));
  return rows.some((r) => r.agree === false) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
