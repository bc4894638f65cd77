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
  listScenarios,
  listVariants,
  loadScenario,
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
