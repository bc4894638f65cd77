/**
 * tmigr scenarios under the LKMM in the Wasm engine: kernel WARNs (asserts, reported once every
 * read is resolved), the hierarchy invariants on settled states and on every quiescent cut of
 * every finished execution (evaluated inside Wasm), deadlock, loop bounds: the same verdict,
 * property, states, transitions, depth and path as core's `checkTmigr` with `model: 'lkmm'`, on
 * every preset scenario under every shipped variant, breadth- and depth-first.
 */
import {
  buildTmigrModel,
  checkTmigr,
  getVariant,
  INVARIANTS,
  listScenarios,
  listVariants,
  loadScenario,
  parseScenario,
  type TmigrModel,
} from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable } from './compare.js';
import type { EngineExports } from './exports.js';
import { LkmmWasmSearch } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

function agree(model: TmigrModel, search: 'bfs' | 'dfs', maxStates: number) {
  const ts = checkTmigr(model.scenario, model.variant, {
    tmigrModel: model,
    model: 'lkmm',
    search,
    maxStates,
  });
  const s = new LkmmWasmSearch(ex, model.program, {
    tmigr: model,
    deadlock: model.properties.includes('deadlock'),
    search,
    maxStates,
  });
  while (!s.step()) {
    // one batch per call
  }
  const w = s.result();
  const { tmigr: _model, ...tsResult } = ts;
  expect(comparable(w)).toEqual(comparable(tsResult));
  return w;
}

/** Every search stops at this many states (a stopped search's counts must agree as well). */
const MAX_STATES = 800;

describe('tmigr scenarios under LKMM: Wasm vs checkTmigr', () => {
  const cases = listScenarios().flatMap((s) => listVariants().map((v) => [s.name, v.name] as const));
  it('has presets and variants', () => {
    expect(cases.length).toBeGreaterThan(3);
  });
  for (const [scenario, variant] of cases) {
    for (const search of ['dfs', 'bfs'] as const) {
      it(`${scenario} × ${variant}, ${search}`, () => {
        const model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
        const w = agree(model, search, MAX_STATES);
        expect(w.states).toBeGreaterThan(0);
      });
    }
  }
});

/** Two CPUs wake up together with no cmpxchg retry: a CPU stops at its loop bound mid-operation. */
const RACE_NO_RETRY = `
name: race-no-retry
description: CPU0 and CPU1 wake up together; no cmpxchg retry allowed
machine:
  possibleCpus: 2
  nodes: 1
  childrenPerGroup: 2
cpus:
  - cpu: 0
    state: idle
    script:
      - activate
  - cpu: 1
    state: idle
    script:
      - activate
bounds:
  retries: 0
`;

describe('a CPU stopped at its loop bound is not quiescent (Wasm vs checkTmigr under LKMM)', () => {
  for (const search of ['dfs', 'bfs'] as const) {
    it(`${search}: incomplete (bound), no invariant violation`, () => {
      const scenario = parseScenario(RACE_NO_RETRY, 'race-no-retry.yaml');
      const model = buildTmigrModel(scenario, getVariant('bd3c45dd01'), { properties: [...INVARIANTS] });
      const w = agree(model, search, 1_000_000);
      expect([w.verdict, w.reason, w.property]).toEqual(['incomplete', 'bound', null]);
    });
  }
});

/** Issue 13's three-level-remote: CPU 4 walks its own path up the tree, then CPU 0's. */
const THREE_LEVEL_REMOTE = `
name: three-level-remote
description: CPU4 (migrator of the top) expires CPU0's timer remotely; CPU1's timer has the same expiry
machine:
  possibleCpus: 8
  nodes: 1
  childrenPerGroup: 2
cpus:
  - cpu: 0
    state: idle
    timer: 1
  - cpu: 1
    state: idle
    timer: 1
  - cpu: 2
    state: idle
  - cpu: 3
    state: idle
  - cpu: 4
    state: active
    script:
      - handle-remote
bounds:
  retries: 2
  time: 1
`;

/** `model` with every loop bound lowered by `by` (not below 0): its loops run out of iterations. */
function lowerBounds(model: TmigrModel, by: number): TmigrModel {
  const threads = model.program.threads.map((t) => ({
    ...t,
    code: t.code.map((i) =>
      'bound' in i && i.bound !== undefined ? { ...i, bound: Math.max(0, i.bound - by) } : i,
    ),
  }));
  return { ...model, program: { ...model.program, threads } };
}

describe('incomplete (bound) names the same thread, back edge and path as the reference (three-level-remote, lowered bounds)', () => {
  const scenario = parseScenario(THREE_LEVEL_REMOTE, 'three-level-remote.yaml');
  for (const variant of ['v7.1-rc1', 'bd3c45dd01']) {
    for (const search of ['bfs', 'dfs'] as const) {
      it(`${variant}, ${search}`, () => {
        const model = lowerBounds(buildTmigrModel(scenario, getVariant(variant)), 1);
        const w = agree(model, search, 1_000_000);
        expect([w.verdict, w.reason]).toEqual(['incomplete', 'bound']);
        const bound = w.bound!;
        // The pc is a back edge of the stopped thread, and the path reaches the stop.
        const instr = model.program.threads[bound.thread]!.code[bound.pc]!;
        expect('bound' in instr && instr.bound !== undefined).toBe(true);
        expect(bound.path.length).toBeGreaterThan(0);
      });
    }
  }
  it('with the bounds as built: ok, complete (226 states, as the reference)', () => {
    const model = buildTmigrModel(scenario, getVariant('v7.1-rc1'));
    const w = agree(model, 'bfs', 1_000_000);
    expect([w.verdict, w.complete, w.states]).toEqual(['ok', true, 226]);
  });
});
