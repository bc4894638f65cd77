/**
 * Loop bounds count the iterations of one execution of a loop (encoding/encode.ts
 * `computeLoopExits`). Issue 13's `three-level-remote`: CPU 4, the top level's migrator, expires
 * CPU 0's timer remotely and walks CPU 0's path up the three-level tree after walking its own,
 * from the same code. With counters that were never reset, the second walk exhausted
 * `__walk_groups_from`'s bound (the number of levels): a false `incomplete (bound)` (SC 203
 * states, TSO 630, LKMM 202). The expected answer is `ok`, complete, in every model.
 */
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../explore/semantics.js';
import { checkTmigr, getVariant } from './api.js';
import { parseScenarioText } from './scenario.js';

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

describe('three-level-remote (issue 13): a walk repeated from the same code gets its bound again', () => {
  const scenario = parseScenarioText(THREE_LEVEL_REMOTE, 'three-level-remote.yaml');
  const expected: [ModelName, number][] = [
    ['sc', 227],
    ['tso', 696],
    ['lkmm', 226],
  ];
  for (const variant of ['bd3c45dd01', 'v7.1-rc1']) {
    for (const [model, states] of expected) {
      it(`${variant} under ${model}: ok, complete (${states} states)`, () => {
        const r = checkTmigr(scenario, getVariant(variant), { model });
        expect([r.verdict, r.reason, r.complete, r.property]).toEqual(['ok', null, true, null]);
        expect(r.states).toBe(states);
      }, 120_000);
    }
  }
});
