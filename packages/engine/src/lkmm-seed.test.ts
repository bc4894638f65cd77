/**
 * The seed's two complete LKMM searches in the Wasm engine (the reference takes minutes each:
 * core's tmigr/lkmm-seed-*.test.ts pin the same counts): depth-first, the pre-fix kernel with the
 * hierarchy invariants on every quiescent cut of every finished execution, the fixed kernel with
 * every property. About half a minute each on a 2-core machine. And the preset that a new user
 * writes first (two idle/active cycles and a new timer on four CPUs), a few seconds.
 */
import { buildTmigrModel, getVariant, INVARIANTS, loadScenario, type TmigrModel } from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from './exports.js';
import { LkmmWasmSearch } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

function search(model: TmigrModel) {
  const s = new LkmmWasmSearch(ex, model.program, {
    tmigr: model,
    deadlock: model.properties.includes('deadlock'),
    search: 'dfs',
    batchSize: 100_000,
  });
  while (!s.step()) {
    // one batch per call
  }
  return s.result();
}

describe('the seed under LKMM in the Wasm engine (complete depth-first searches)', () => {
  it('v7.1-rc1 keeps every hierarchy invariant', () => {
    const model = buildTmigrModel(loadScenario('seed'), getVariant('v7.1-rc1'), {
      properties: [...INVARIANTS],
    });
    const r = search(model);
    expect([r.verdict, r.complete, r.reason, r.states]).toEqual(['ok', true, null, PINS.prefix]);
  }, 600_000);

  it('bd3c45dd01 passes every property', () => {
    const model = buildTmigrModel(loadScenario('seed'), getVariant('bd3c45dd01'));
    expect(model.properties).toContain('WARN_ON_ONCE(!start->parent)');
    const r = search(model);
    expect([r.verdict, r.complete, r.reason, r.states]).toEqual(['ok', true, null, PINS.fix]);
  }, 600_000);
});

describe('idle-cycles-new-timer under LKMM in the Wasm engine (complete depth-first searches)', () => {
  for (const variant of ['v7.1-rc1', 'bd3c45dd01']) {
    it(`${variant}: every property holds`, () => {
      const r = search(buildTmigrModel(loadScenario('idle-cycles-new-timer'), getVariant(variant)));
      // The reference (checkTmigr, model lkmm, dfs) gives the same: ok, 7,226 states. (153,194
      // before reads under a lock taken through a pointer, `spin_lock(&group->lock)`, stopped
      // counting the other CPUs' writes inside that lock's critical sections: future.ts.)
      expect([r.verdict, r.complete, r.states, r.transitions]).toEqual(['ok', true, 7_226, 7_408]);
    }, 600_000);
  }
});

/** The reference's counts (core tmigr/lkmm-seed-prefix.test.ts and lkmm-seed-fix.test.ts). */
const PINS = { prefix: 2_191_538, fix: 1_897_930 };
