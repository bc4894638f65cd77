/**
 * Issue 13 §1 in the Wasm engine: the depth-first LKMM search of `wake-sleep-remote` with the
 * v7.1-rc1 kernel once stopped at its 118,055th state with a false `violation of deadlock` (every
 * lock free, a deferred read left without a consistent write: a pruned prefix). The engine's
 * LKMM search visits the reference's states in the same order (lkmm.test.ts), so the same search
 * here must go on past that state without reporting a deadlock (the reference takes minutes for
 * it; core's tmigr/deadlock.test.ts checks SC and TSO to completion).
 */
import { buildTmigrModel, getVariant, parseScenario } from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from './exports.js';
import { LkmmWasmSearch } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

const WAKE_SLEEP_REMOTE = `
name: wake-sleep-remote
description: CPU0 idles with T0=1, wakes, idles with no timer; CPU1 idle with T1=1; CPU2 (migrator) runs handle-remote
machine:
  possibleCpus: 4
  nodes: 1
  childrenPerGroup: 2
cpus:
  - cpu: 0
    state: active
    script:
      - action: deactivate
        nextexp: 1
      - activate
      - action: deactivate
        nextexp: null
  - cpu: 1
    state: idle
    timer: 1
  - cpu: 2
    state: active
    script:
      - handle-remote
  - cpu: 3
    state: idle
bounds:
  retries: 2
  time: 1
`;

describe('wake-sleep-remote (issue 13) under LKMM in the Wasm engine: no false deadlock', () => {
  it('v7.1-rc1, depth-first: no deadlock where the old rule saw one (state 118,055)', () => {
    const scenario = parseScenario(WAKE_SLEEP_REMOTE, 'wake-sleep-remote.yaml');
    const model = buildTmigrModel(scenario, getVariant('v7.1-rc1'));
    expect(model.properties).toContain('deadlock');
    const s = new LkmmWasmSearch(ex, model.program, {
      tmigr: model,
      deadlock: true,
      search: 'dfs',
      maxStates: 125_000,
      batchSize: 50_000,
    });
    while (!s.step()) {
      // one batch per call
    }
    const r = s.result();
    expect(r.property).not.toBe('deadlock');
    expect([r.verdict, r.reason, r.states]).toEqual(['incomplete', 'state-limit', 125_000]);
  }, 600_000);
});
