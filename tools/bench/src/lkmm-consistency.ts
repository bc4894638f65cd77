/**
 * `pnpm bench:lkmm-consistency`: the LKMM consistency predicate, checks per second, on the
 * graphs that the TypeScript LKMM search checks (the seed scenario under both kernels and the
 * repository's litmus suite): core's `violatedAxiom`, the Wasm full check and the Wasm
 * incremental check (from the parent state's graph), side by side in one run on the same
 * graphs, each graph checked `--repeat` times in a row per predicate (graphs encoded into Wasm
 * memory outside the timed part, as the Wasm search keeps its graphs there). Times are the
 * process's CPU time (`process.cpuUsage`), so that other processes on a shared machine do not
 * inflate them. The three answers must agree on every graph.
 *
 * Options: --states N (states per seed search, default 3000), --repeat K (default 20),
 * --rounds R (rounds of the three, alternating; best round counts; default 3).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkTmigr,
  getVariant,
  type LkGraph,
  type LkmmAxiom,
  LkmmSemantics,
  type LkmmState,
  loadScenario,
  parseLitmus,
  runLitmus,
  violatedAxiom,
} from '@tmigr-check/core';
import { changeBetween, compileEngine, type LkGraphChange, WasmLkmmChecker } from '@tmigr-check/engine';

interface Sample {
  readonly source: string;
  readonly graph: LkGraph;
  readonly nLoc: number;
  readonly change: LkGraphChange;
}

type Proto = {
  inconsistent(g: LkGraph): boolean;
  successors(s: LkmmState): unknown;
  nLoc: number;
  model: string;
};

/** Runs `body`, collecting every graph the LKMM search checks, with its change from the parent state. */
function collect(source: string, out: Sample[], body: () => void): void {
  const proto = LkmmSemantics.prototype as unknown as Proto;
  const origInconsistent = proto.inconsistent;
  const origSuccessors = proto.successors;
  let parent: LkGraph | null = null;
  proto.inconsistent = function (this: Proto, g: LkGraph) {
    const change = parent && this.model === 'lkmm' ? changeBetween(parent, g) : null;
    if (change) out.push({ source, graph: g, nLoc: this.nLoc, change });
    return origInconsistent.call(this, g);
  };
  proto.successors = function (this: Proto, s: LkmmState) {
    parent = s.graph;
    try {
      return origSuccessors.call(this, s);
    } finally {
      parent = null;
    }
  };
  try {
    body();
  } finally {
    proto.inconsistent = origInconsistent;
    proto.successors = origSuccessors;
  }
}

function parseArgs(argv: readonly string[]): { states: number; repeat: number; rounds: number } {
  let states = 3000;
  let repeat = 20;
  let rounds = 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const v = Number(argv[++i]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
    if (arg === '--states') states = Math.floor(v);
    else if (arg === '--repeat') repeat = Math.floor(v);
    else if (arg === '--rounds') rounds = Math.floor(v);
    else throw new Error(`unknown option ${arg} (expected --states N, --repeat K or --rounds R)`);
  }
  return { states, repeat, rounds };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const checker = new WasmLkmmChecker(await compileEngine());
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `LKMM consistency bench: Node ${process.version}, ${cpu}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const samples: Sample[] = [];
  for (const variant of ['v7.1-rc1', 'bd3c45dd01']) {
    collect(`seed ${variant}`, samples, () => {
      checkTmigr(loadScenario('seed'), getVariant(variant), {
        model: 'lkmm',
        search: 'dfs',
        maxStates: args.states,
      });
    });
  }
  const suite = resolve(dirname(fileURLToPath(import.meta.url)), '../../../packages/core/litmus');
  collect('litmus suite', samples, () => {
    for (const f of readdirSync(suite).filter((x) => x.endsWith('.litmus'))) {
      runLitmus(parseLitmus(readFileSync(join(suite, f), 'utf8'), f), { model: 'lkmm', maxSeconds: 20 });
    }
  });

  const sources = [...new Set(samples.map((s) => s.source))];
  console.log(
    `${samples.length} graphs checked by the TS LKMM search (${sources.map((s) => `${s}: ${samples.filter((x) => x.source === s).length}`).join(', ')}); each checked ${args.repeat}× in a row per predicate, CPU time, best of ${args.rounds} rounds`,
  );
  console.log();
  console.log('graphs        predicate          checks/s   vs TS   mean events considered (of the graph)');
  for (const group of [...sources.map((s) => [s]), sources]) {
    const set = samples.filter((s) => group.includes(s.source));
    const r = measure(set, checker, args.repeat, args.rounds);
    const name = group.length > 1 ? 'all' : group[0]!;
    const row = (label: string, perSec: number, events: number) =>
      `${name.padEnd(13)} ${label.padEnd(18)} ${Math.round(perSec).toString().padStart(9)}   ${(perSec / r.ts).toFixed(1).padStart(5)}×   ${events.toFixed(1)}`;
    console.log(row('TS violatedAxiom', r.ts, r.events));
    console.log(row('Wasm full', r.full, r.fullUniverse));
    console.log(row('Wasm incremental', r.incremental, r.universe));
    if (r.disagreements > 0) {
      console.error(`${name}: ${r.disagreements} graphs where the predicates disagree`);
      return 1;
    }
  }
  return 0;
}

interface Rates {
  ts: number;
  full: number;
  incremental: number;
  /** Mean thread events per graph. */
  events: number;
  /** Mean events the full check considered (those on a po|rf|co|fr cycle). */
  fullUniverse: number;
  /** Mean events the incremental check considered. */
  universe: number;
  disagreements: number;
}

/** CPU time of this process in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function measure(set: readonly Sample[], checker: WasmLkmmChecker, repeat: number, rounds: number): Rates {
  const best = { ts: Infinity, full: Infinity, incremental: Infinity };
  let universe = 0;
  let fullUniverse = 0;
  let events = 0;
  let disagreements = 0;
  for (let round = 0; round < rounds; round++) {
    let ts = 0;
    let full = 0;
    let incremental = 0;
    universe = 0;
    fullUniverse = 0;
    events = 0;
    for (const s of set) {
      let t0 = cpuMs();
      let want: LkmmAxiom | null = null;
      for (let k = 0; k < repeat; k++) want = violatedAxiom(s.graph, s.nLoc);
      ts += cpuMs() - t0;
      checker.load(s.graph, s.nLoc);
      let got: LkmmAxiom | null = null;
      t0 = cpuMs();
      for (let k = 0; k < repeat; k++) got = checker.check();
      full += cpuMs() - t0;
      fullUniverse += checker.lastUniverse();
      let inc: LkmmAxiom | null = null;
      t0 = cpuMs();
      for (let k = 0; k < repeat; k++) inc = checker.checkAfter(s.change);
      incremental += cpuMs() - t0;
      universe += checker.lastUniverse();
      events += s.graph.events.reduce((n, e) => n + e.length, 0);
      if (round === 0 && (got !== want || inc !== want)) disagreements++;
    }
    best.ts = Math.min(best.ts, ts);
    best.full = Math.min(best.full, full);
    best.incremental = Math.min(best.incremental, incremental);
  }
  const calls = set.length * repeat * 1000;
  return {
    ts: calls / best.ts,
    full: calls / best.full,
    incremental: calls / best.incremental,
    events: events / set.length,
    fullUniverse: fullUniverse / set.length,
    universe: universe / set.length,
    disagreements,
  };
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
