/**
 * The Wasm LKMM consistency predicate against core's `violatedAxiom` on random graphs
 * (arbitrary-lkgraph.ts: random walks that grow graphs the way the LKMM search does): the full
 * check on every graph, and the incremental check on every step from a consistent graph.
 * Small graphs (one bit word per row) and large ones (up to 4 × 60 events: several words).
 */
import { type LkGraph, violatedAxiom } from '@tmigr-check/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWalk } from './arbitrary-lkgraph.js';
import { compileEngine } from './index.js';
import { WasmLkmmChecker } from './lkmm-graph.js';

let checker: WasmLkmmChecker;
beforeAll(async () => {
  checker = new WasmLkmmChecker(await compileEngine());
});

const seen = { full: 0, incremental: 0, largest: 0, byAxiom: {} as Record<string, number> };
afterAll(() => {
  console.log(
    `random graphs: ${seen.full} full checks, ${seen.incremental} incremental, largest ${seen.largest} events, ${JSON.stringify(seen.byAxiom)}`,
  );
});

/** Walks from `seed` and asserts Wasm = core on every graph (full) and every step from a consistent one (incremental). */
function agreeOnWalk(
  seed: number,
  threads: number,
  locations: number,
  steps: number,
  maxEvents: number,
  mbHeavy = false,
): void {
  const nLoc = locations;
  const memo = new Map<LkGraph, ReturnType<typeof violatedAxiom>>();
  const core = (g: LkGraph) => {
    let v = memo.get(g);
    if (v === undefined) memo.set(g, (v = violatedAxiom(g, nLoc)));
    return v;
  };
  randomWalk(
    seed,
    {
      threads,
      locations,
      steps,
      maxEvents,
      consistent: (g) => core(g) === null,
      keepInconsistent: 0.1,
      mbHeavy,
    },
    ({ before, change, after }) => {
      const want = core(after);
      seen.byAxiom[want ?? 'consistent'] = (seen.byAxiom[want ?? 'consistent'] ?? 0) + 1;
      checker.load(after, nLoc);
      expect(checker.check()).toBe(want);
      seen.full++;
      seen.largest = Math.max(
        seen.largest,
        after.events.reduce((n, e) => n + e.length, 0),
      );
      if (core(before) === null) {
        expect(checker.checkAfter(change)).toBe(want);
        seen.incremental++;
      }
    },
  );
}

describe('Wasm LKMM consistency = core on random graphs', () => {
  it('small graphs: 1-4 threads, 1-3 locations', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 4, max: 30 }),
        (seed, threads, locations, steps) => {
          agreeOnWalk(seed, threads, locations, steps, 12);
        },
      ),
      { numRuns: 400, seed: 4 },
    );
  });

  it('litmus-sized graphs: 2-3 threads, 2 locations (where hb and pb cycles are frequent)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 6, max: 14 }),
        (seed, threads, steps) => {
          agreeOnWalk(seed, threads, 2, steps, 6, seed % 2 === 0);
        },
      ),
      { numRuns: 2000, seed: 4 },
    );
  });

  it('large graphs: more than 64 and 128 events (several bit words per row)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 4 }), (seed, threads) => {
        agreeOnWalk(seed, threads, 4, 400, 60);
      }),
      { numRuns: 12, seed: 4 },
    );
  });

  // The seeds are fixed so that this coverage is a property of the inputs above.
  it('covers every answer', () => {
    for (const k of ['consistent', 'coherence', 'atomic', 'happens-before', 'propagation'])
      expect(seen.byAxiom[k] ?? 0).toBeGreaterThan(4);
    expect(seen.largest).toBeGreaterThan(128);
  });
});
