/**
 * Issue 13 §1 in the Wasm engine: the depth-first LKMM search of `wake-sleep-remote` with the
 * v7.1-rc1 kernel once stopped at its 118,055th state with a false `violation of deadlock` (every
 * lock free, a deferred read left without a consistent write: a pruned prefix). The engine's
 * LKMM search visits the reference's states in the same order (lkmm.test.ts), so the same search
 * here must go on past that state without reporting a deadlock (the reference takes minutes for
 * it; core's tmigr/deadlock.test.ts checks SC and TSO to completion).
 *
 * Issue 13 §1 also asks for the complete LKMM search. It once ran past 349 M states without
 * an end; two rules of the search made it finite in practice (a read under a lock taken
 * through a pointer ignores the other CPUs' writes inside that lock, future.ts; a read of a
 * location only written by threads without reads, like the clock's jiffies, waits instead of
 * being deferred, ordered-reads.ts). The full search takes minutes (TMIGR_HEAVY=1 runs it
 * here); the same scenario with CPU0's script cut to its first deactivate completes in CI.
 */
import {
  buildTmigrModel,
  checkTmigr,
  getVariant,
  type LkmmOptions,
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

/** wake-sleep-remote with CPU0's script cut to its first deactivate. */
const WAKE_SLEEP_REMOTE_ONE = WAKE_SLEEP_REMOTE.replace(
  `      - activate
      - action: deactivate
        nextexp: null
`,
  '',
);

function completeSearch(model: TmigrModel, lkmm: LkmmOptions = {}, maxStates?: number) {
  const s = new LkmmWasmSearch(ex, model.program, {
    tmigr: model,
    deadlock: true,
    search: 'dfs',
    lkmm,
    batchSize: 200_000,
    ...(maxStates !== undefined ? { maxStates } : {}),
  });
  while (!s.step()) {
    // one batch per call
  }
  return s.result();
}

describe('wake-sleep-remote (issue 13) under LKMM in the Wasm engine: complete searches', () => {
  it('with one deactivate on CPU0: ok, complete, as the reference; far larger without the two rules', () => {
    const scenario = parseScenario(WAKE_SLEEP_REMOTE_ONE, 'wake-sleep-remote-one.yaml');
    expect(scenario.cpus[0]!.script).toHaveLength(1);
    const model = buildTmigrModel(scenario, getVariant('v7.1-rc1'));
    const r = completeSearch(model);
    expect([r.verdict, r.complete, r.reason, r.states, r.transitions]).toEqual([
      'ok',
      true,
      null,
      2_798,
      2_914,
    ]);
    const { tmigr: _model, ...ts } = checkTmigr(model.scenario, model.variant, {
      tmigrModel: model,
      model: 'lkmm',
      search: 'dfs',
    });
    expect(comparable(r)).toEqual(comparable(ts));
    // Each rule alone completes it, in far more states; with neither (no waiting at ordered
    // reads also switches the read-free rule off) the search runs past a million states, as
    // the whole search did before the two rules.
    const pick = (r: ReturnType<typeof completeSearch>) => [r.verdict, r.reason, r.states];
    expect(pick(completeSearch(model, { heldLocks: false }))).toEqual(['ok', null, 157_842]);
    expect(pick(completeSearch(model, { orderedReadsWait: false }))).toEqual(['ok', null, 127_490]);
    const neither = completeSearch(model, { heldLocks: false, orderedReadsWait: false }, 1_000_000);
    expect(pick(neither)).toEqual(['incomplete', 'state-limit', 1_000_000]);
  }, 600_000);

  it.skipIf(process.env.TMIGR_HEAVY !== '1')(
    'the whole scenario: ok, complete (CPU2 first, then the clock: minutes)',
    () => {
      const scenario = parseScenario(WAKE_SLEEP_REMOTE, 'wake-sleep-remote.yaml');
      const model = buildTmigrModel(scenario, getVariant('v7.1-rc1'));
      const r = completeSearch(model, { order: [1, 2, 0] });
      expect([r.verdict, r.complete, r.reason, r.property]).toEqual(['ok', true, null, null]);
    },
    3_600_000,
  );
});
