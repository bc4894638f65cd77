/**
 * `pnpm bench`: the Wasm engine against the TypeScript reference explorer on the same programs,
 * side by side in one run (after a warm-up), with equal state counts checked. Prints a table
 * of states, transitions, seconds and states/s per engine and the Wasm/TS ratio.
 *
 * When `spin` and `gcc` are installed, the programs that run to completion are also exported to
 * Promela and checked with SPIN (no reduction: `spin -o1`, `-DNOREDUCE`), whose state counts must match.
 *
 * Then the seed's two complete LKMM searches on the Wasm engine against the reference on the
 * same searches (`lkmm.ts`): states/s ratio and bytes per stored state.
 *
 * Options: --runs N (best of N per engine, default 3), --scale X (size of the state-limited
 * workload, default 1), --quick (one run, scale 0.25), --only NAME (only the workloads whose name
 * contains NAME; repeatable), --no-spin, --no-lkmm, --lkmm-ts-states N
 * (states of the reference's LKMM runs, default 200,000), --lkmm-ts-full (complete reference
 * LKMM searches: minutes each).
 */
import os from 'node:os';
import { createEngine } from '@tmigr-check/engine';
import { lkmmComparison, lkmmTable } from './lkmm.js';
import { compare, warmUp } from './measure.js';
import { PromelaExportError } from './promela.js';
import { spinAvailable } from './spin.js';
import { compareWithSpin, spinTable } from './spin-compare.js';
import { comparisonTable } from './table.js';
import { defaultWorkloads, tmigrWorkloads, type Workload, warmupWorkloads } from './workloads.js';

interface BenchArgs {
  readonly runs: number;
  readonly scale: number;
  readonly spin: boolean;
  readonly lkmm: boolean;
  readonly lkmmTsStates: number;
  /** Only the workloads whose name contains one of these (case-insensitive); empty: all. */
  readonly only: readonly string[];
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let runs = 3;
  let scale = 1;
  let spin = true;
  let lkmm = true;
  let lkmmTsStates = 200_000;
  const only: string[] = [];
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
    else if (arg === '--only') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new Error('--only needs a workload name or part of one');
      only.push(v.toLowerCase());
    } else if (arg === '--lkmm-ts-full') lkmmTsStates = Number.POSITIVE_INFINITY;
    else if (arg === '--quick') {
      runs = 1;
      scale = 0.25;
    } else
      throw new Error(
        `unknown option ${arg} (expected --runs N, --scale X, --quick, --only NAME, --no-spin, --no-lkmm, --lkmm-ts-states N or --lkmm-ts-full)`,
      );
  }
  return { runs, scale, spin, lkmm, lkmmTsStates, only };
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
  const results = [];
  const workloads = [...defaultWorkloads(args.scale), ...tmigrWorkloads(args.scale)].filter(
    (w) => args.only.length === 0 || args.only.some((part) => w.name.toLowerCase().includes(part)),
  );
  for (const workload of workloads) {
    const c = compare(workload, wasm, args.runs);
    results.push(c);
    console.error(`  ${workload.name}: ts ${c.ts.seconds.toFixed(2)} s, wasm ${c.wasm.seconds.toFixed(2)} s`);
  }
  console.log();
  console.log(comparisonTable(results));
  const mismatches = results.filter((c) => !c.countsAgree).map((c) => c.workload.name);
  if (args.spin) {
    if (spinAvailable()) {
      console.log();
      console.log(
        'SPIN (spin [-o1] -a; gcc -O2 -DSAFETY [-DNOREDUCE]; pan -E) on the same SC transition system exported to Promela;',
      );
      console.log(
        '"spin" runs without reduction (-o1 -DNOREDUCE: equal counts checked), "spin POR" with its default reductions:',
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
  }
  if (mismatches.length > 0) {
    console.error(`state counts differ on: ${mismatches.join(', ')}: the times are not comparable`);
    return 1;
  }
  return 0;
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
