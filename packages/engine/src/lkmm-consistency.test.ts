/**
 * The Wasm LKMM consistency predicate (assembly/lkmm/consistency.ts) against core's
 * `violatedAxiom`, on every graph the TypeScript LKMM search builds for the repository's
 * litmus suite and a sample of the corpus ($TMIGR_LITMUS_DIR, else ../shared/litmus): the
 * full check on each graph the search checks or keeps, and the incremental check on each of
 * them from its (consistent) parent state's graph.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkTmigr,
  compileLitmus,
  getVariant,
  hasPlainAccess,
  type LkGraph,
  LkmmSemantics,
  type LkmmState,
  loadScenario,
  parseLitmus,
  runLitmus,
  violatedAxiom,
} from '@tmigr-check/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileEngine } from './index.js';
import { changeBetween, WasmLkmmChecker } from './lkmm-graph.js';

const here = dirname(fileURLToPath(import.meta.url));
const SUITE = resolve(here, '../../core/litmus');
const CORPUS = process.env.TMIGR_LITMUS_DIR ?? resolve(here, '../../../../shared/litmus'); // ../shared/litmus next to the repository

let checker: WasmLkmmChecker;
beforeAll(async () => {
  checker = new WasmLkmmChecker(await compileEngine());
});

interface Tally {
  full: number;
  incremental: number;
  inconsistent: number;
  /** Graphs per answer (axiom or 'consistent'). */
  byAxiom: Record<string, number>;
  mismatches: string[];
}

type Proto = {
  inconsistent(g: LkGraph): boolean;
  successors(s: LkmmState): unknown;
  nLoc: number;
  model: string;
};

/**
 * Runs `body` with the LKMM semantics compare each graph it checks or keeps (Wasm full and
 * incremental vs core); the TS search itself is unchanged (the hooks call the originals).
 */
function comparingGraphs(body: () => void, onGraph?: (g: LkGraph) => void): Tally {
  const proto = LkmmSemantics.prototype as unknown as Proto;
  const origInconsistent = proto.inconsistent;
  const origSuccessors = proto.successors;
  const tally: Tally = { full: 0, incremental: 0, inconsistent: 0, byAxiom: {}, mismatches: [] };
  let parent: LkGraph | null = null;
  const compare = (g: LkGraph, nLoc: number) => {
    onGraph?.(g);
    const want = violatedAxiom(g, nLoc);
    if (want !== null) tally.inconsistent++;
    const key = want ?? 'consistent';
    tally.byAxiom[key] = (tally.byAxiom[key] ?? 0) + 1;
    const got = checker.violatedAxiom(g, nLoc);
    tally.full++;
    if (got !== want) tally.mismatches.push(`full: ${got} != ${want} on ${JSON.stringify(g)}`);
    const change = parent ? changeBetween(parent, g) : null;
    if (change) {
      const inc = checker.checkAfter(change);
      tally.incremental++;
      if (inc !== want)
        tally.mismatches.push(
          `incremental ${JSON.stringify(change)}: ${inc} != ${want} on ${JSON.stringify(g)}`,
        );
    }
    return want;
  };
  proto.inconsistent = function (this: Proto, g: LkGraph) {
    if (this.model !== 'lkmm') return origInconsistent.call(this, g);
    return compare(g, this.nLoc) !== null;
  };
  // `inconsistent` runs inside `successors`: its parent is the state being expanded.
  proto.successors = function (this: Proto, s: LkmmState) {
    if (this.model !== 'lkmm') return origSuccessors.call(this, s);
    parent = s.graph;
    const out = origSuccessors.call(this, s) as { kind: string; state?: LkmmState }[];
    for (const x of out) if (x.kind === 'state' && x.state) compare(x.state.graph, this.nLoc);
    parent = null;
    return out;
  };
  try {
    body();
  } finally {
    proto.inconsistent = origInconsistent;
    proto.successors = origSuccessors;
  }
  return tally;
}

function litmusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.litmus'))
    .sort()
    .map((f) => join(dir, f));
}

const totals: Tally = { full: 0, incremental: 0, inconsistent: 0, byAxiom: {}, mismatches: [] };
afterAll(() => {
  console.log(
    `Wasm LKMM consistency vs core: ${totals.full} graphs (full), ${totals.incremental} (incremental), ${totals.inconsistent} inconsistent ${JSON.stringify(totals.byAxiom)}`,
  );
});

function addToTotals(t: Tally): void {
  totals.full += t.full;
  totals.incremental += t.incremental;
  totals.inconsistent += t.inconsistent;
  for (const [k, v] of Object.entries(t.byAxiom)) totals.byAxiom[k] = (totals.byAxiom[k] ?? 0) + v;
}

function runAll(files: readonly string[]): Tally {
  const t = comparingGraphs(() => {
    for (const f of files) {
      let test: ReturnType<typeof parseLitmus>;
      try {
        test = parseLitmus(readFileSync(f, 'utf8'), f);
      } catch {
        continue; // outside the front end's primitives: not a graph source
      }
      // The Wasm LKMM consistency does not model plain accesses (the engine refuses them).
      try {
        if (hasPlainAccess(compileLitmus(test).program)) continue;
      } catch {
        continue;
      }
      try {
        runLitmus(test, { model: 'lkmm', maxSeconds: 20 });
      } catch {
        // compile errors of unsupported constructs
      }
    }
  });
  addToTotals(t);
  return t;
}

describe('Wasm LKMM consistency = core on every graph of the LKMM search', () => {
  it('on the repository litmus suite', () => {
    const t = runAll(litmusFiles(SUITE));
    expect(t.mismatches.slice(0, 3)).toEqual([]);
    expect(t.full).toBeGreaterThan(1000);
    expect(t.incremental).toBeGreaterThan(500);
    expect(t.inconsistent).toBeGreaterThan(100);
  });

  it('on a sample of the corpus', (ctx) => {
    const manifest = join(CORPUS, 'manifest.tsv');
    if (!existsSync(manifest)) {
      ctx.skip();
      return;
    }
    const rows = readFileSync(manifest, 'utf8').trim().split('\n').slice(1);
    // Every 25th test with at most 3 threads: a sample across the corpus's directories.
    const files = rows
      .map((r) => r.split('\t'))
      .filter((c, i) => i % 25 === 0 && Number(c[4]) <= 3)
      .map((c) => join(CORPUS, c[0]!));
    const t = runAll(files);
    expect(t.mismatches.slice(0, 3)).toEqual([]);
    expect(t.full).toBeGreaterThan(1000);
  });

  it('on the seed scenario (graphs of up to ~120 events, two bit words per row)', () => {
    let largest = 0;
    const t = comparingGraphs(
      () => {
        for (const variant of ['v7.1-rc1', 'bd3c45dd01']) {
          for (const search of ['bfs', 'dfs'] as const) {
            const r = checkTmigr(loadScenario('seed'), getVariant(variant), {
              model: 'lkmm',
              search,
              maxStates: 1500,
            });
            expect(r.states).toBeGreaterThan(1000);
          }
        }
      },
      (g) => {
        largest = Math.max(
          largest,
          g.events.reduce((n, e) => n + e.length, 0),
        );
      },
    );
    addToTotals(t);
    expect(t.mismatches.slice(0, 3)).toEqual([]);
    expect(largest).toBeGreaterThan(64);
    expect(t.incremental).toBeGreaterThan(3000);
  });
});
