/**
 * `pnpm bench`: the Wasm engine against the TypeScript reference explorer on the same programs,
 * side by side in one run (after a warm-up), with equal state counts checked. Prints a table
 * of states, transitions, seconds and states/s per engine and the Wasm/TS ratio.
 *
 * Options: --runs N (best of N per engine, default 3), --scale X (size of the state-limited
 * workload, default 1), --quick (one run, scale 0.25).
 */
import os from 'node:os';
import { createEngine } from '@tmigr-check/engine';
import { compare, warmUp } from './measure.js';
import { comparisonTable } from './table.js';
import { defaultWorkloads, warmupWorkloads } from './workloads.js';

interface BenchArgs {
  readonly runs: number;
  readonly scale: number;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let runs = 3;
  let scale = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
      return v;
    };
    if (arg === '--runs') runs = Math.floor(value());
    else if (arg === '--scale') scale = value();
    else if (arg === '--quick') {
      runs = 1;
      scale = 0.25;
    } else throw new Error(`unknown option ${arg} (expected --runs N, --scale X or --quick)`);
  }
  return { runs, scale };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const wasm = await createEngine();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `tmigr-check bench: Node ${process.version}, ${cpu}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`best of ${args.runs} run(s) per engine, engines alternating; model sc`);
  for (const w of warmupWorkloads()) warmUp(w, wasm);
  const results = [];
  for (const workload of defaultWorkloads(args.scale)) {
    const c = compare(workload, wasm, args.runs);
    results.push(c);
    console.error(`  ${workload.name}: ts ${c.ts.seconds.toFixed(2)} s, wasm ${c.wasm.seconds.toFixed(2)} s`);
  }
  console.log();
  console.log(comparisonTable(results));
  const mismatches = results.filter((c) => !c.countsAgree);
  if (mismatches.length > 0) {
    console.error(
      `state counts differ on: ${mismatches.map((c) => c.workload.name).join(', ')} — the times are not comparable`,
    );
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
