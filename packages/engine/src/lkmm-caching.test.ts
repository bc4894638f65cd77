/**
 * State-space caching in the Wasm LKMM depth-first search (core's `ExploreOptions.visitedCap`):
 * the same verdict, property, explorations, transitions, depth, stored count and path as the
 * reference's `exploreDfs` at every cap, on every preset scenario under every shipped variant
 * (stopped at a state limit) and on complete searches.
 */
import {
  buildTmigrModel,
  checkTmigr,
  compileLitmus,
  exploreDfs,
  getVariant,
  INVARIANTS,
  LkmmSemantics,
  listScenarios,
  listVariants,
  loadScenario,
  parseLitmus,
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

function agree(model: TmigrModel, visitedCap: number, maxStates?: number) {
  const limit = maxStates !== undefined ? { maxStates } : {};
  const { tmigr: _model, ...ts } = checkTmigr(model.scenario, model.variant, {
    tmigrModel: model,
    model: 'lkmm',
    search: 'dfs',
    visitedCap,
    ...limit,
  });
  const s = new LkmmWasmSearch(ex, model.program, {
    tmigr: model,
    deadlock: model.properties.includes('deadlock'),
    search: 'dfs',
    visitedCap,
    ...limit,
  });
  while (!s.step()) {
    // one batch per call
  }
  const w = s.result();
  expect(comparable(w)).toEqual(comparable(ts));
  return w;
}

describe('Wasm LKMM search with state-space caching = the reference', () => {
  const cases = listScenarios().flatMap((s) => listVariants().map((v) => [s.name, v.name] as const));
  for (const [scenario, variant] of cases) {
    it(`${scenario} × ${variant}, caps 1 and 97, 600 explorations at most`, () => {
      const model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
      for (const cap of [1, 97]) {
        const w = agree(model, cap, 600);
        expect(w.states).toBeGreaterThan(0);
      }
    });
  }

  it('ends on a state graph with cycles (a thread waiting at a spin_lock may wait again), like the reference', () => {
    // Without the check of the states on the stack, the cap-1 search runs on to its state limit.
    const text = `C locked-stores
{}
P0(spinlock_t *l, int *x) { spin_lock(l); WRITE_ONCE(*x, 1); spin_unlock(l); }
P1(spinlock_t *l, int *x) { spin_lock(l); WRITE_ONCE(*x, 2); spin_unlock(l); }
P2(spinlock_t *l, int *x) { spin_lock(l); WRITE_ONCE(*x, 3); spin_unlock(l); }
exists (x=3)
`;
    const { program } = compileLitmus(parseLitmus(text, 'locked-stores.litmus'));
    for (const visitedCap of [1, 5]) {
      const ts = exploreDfs(new LkmmSemantics(program), { visitedCap, maxStates: 100_000 });
      const s = new LkmmWasmSearch(ex, program, { search: 'dfs', visitedCap, maxStates: 100_000 });
      while (!s.step()) {
        // one batch per call
      }
      const w = s.result();
      expect(comparable(w)).toEqual(comparable(ts));
      expect([w.complete, w.stored]).toEqual([true, visitedCap]);
    }
  });

  it('refuses a cap below one state, and caching in the breadth-first search, as the reference does', () => {
    const model = buildTmigrModel(loadScenario('seed'), getVariant('v7.1-rc1'));
    expect(() => new LkmmWasmSearch(ex, model.program, { search: 'dfs', visitedCap: 0 })).toThrow(
      'visitedCap must be at least 1 (got 0)',
    );
    expect(() => new LkmmWasmSearch(ex, model.program, { search: 'bfs', visitedCap: 10 })).toThrow(
      'visitedCap (state-space caching) needs the depth-first search',
    );
  });

  it('complete searches: a historical bug is found and its fix passes at every cap', () => {
    const scenario = loadScenario('10a0e6f3d3db-B');
    const buggy = buildTmigrModel(scenario, getVariant('10a0e6f3d3db'));
    const fixed = buildTmigrModel(scenario, getVariant('bd3c45dd01'), { properties: [...INVARIANTS] });
    for (const cap of [1, 40, 1_000]) {
      expect(agree(buggy, cap)).toMatchObject({ verdict: 'violation', property: 'migrator-well-formed' });
      const ok = agree(fixed, cap);
      expect([ok.verdict, ok.complete]).toEqual(['ok', true]);
      expect(ok.stored).toBe(cap);
    }
  });
});
