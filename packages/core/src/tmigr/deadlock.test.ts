/**
 * Issue 13 §1: `check --scenario wake-sleep-remote.yaml --variant v7.1-rc1 --model lkmm --search
 * dfs` reported `violation of deadlock` in a state where every lock was free: the trace's last
 * steps resolved deferred reads, after which nothing could move because another deferred read
 * had no consistent write left. That state is a pruned prefix, not a deadlock: a deadlock is a
 * settled state (every read resolved) in which every unfinished thread waits at a held lock
 * (explore/bfs-oracle.ts `isDeadlocked`). SC and TSO: ok, complete. LKMM: the depth-first search
 * goes on past the old false deadlock: packages/engine/src/deadlock.test.ts runs it in the Wasm
 * engine, whose LKMM search visits the reference's states in the same order (lkmm.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../explore/semantics.js';
import { checkTmigr, getVariant } from './api.js';
import { parseScenarioText } from './scenario.js';

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

describe('wake-sleep-remote (issue 13): no false deadlock', () => {
  const scenario = parseScenarioText(WAKE_SLEEP_REMOTE, 'wake-sleep-remote.yaml');

  for (const model of ['sc', 'tso'] as ModelName[]) {
    it(`bd3c45dd01 under ${model}: ok, complete`, () => {
      const r = checkTmigr(scenario, getVariant('bd3c45dd01'), { model });
      expect([r.verdict, r.reason, r.complete, r.property]).toEqual(['ok', null, true, null]);
    }, 600_000);
  }
});
