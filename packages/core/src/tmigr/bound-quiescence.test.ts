/**
 * A CPU stopped at a loop bound is in the middle of an operation: a state with such a CPU is not
 * quiescent, so the hierarchy invariants are not checked there. Before, a stopped CPU counted as
 * finished: with no cmpxchg retry allowed, CPU 1's failed `try_cmpxchg` in tmigr_active_up left
 * it active but not yet in the group's mask, and `parent-child-consistency` was reported as
 * violated, a false violation. The answer is `incomplete (bound)`.
 */
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../explore/semantics.js';
import { checkTmigr, getVariant } from './api.js';
import { INVARIANTS } from './properties.js';
import { parseScenarioText } from './scenario.js';

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

describe('a CPU stopped at its loop bound is not quiescent', () => {
  const scenario = parseScenarioText(RACE_NO_RETRY, 'race-no-retry.yaml');
  for (const model of ['sc', 'tso', 'lkmm'] as ModelName[]) {
    it(`${model}: incomplete (bound), no invariant violation`, () => {
      const r = checkTmigr(scenario, getVariant('bd3c45dd01'), { model, properties: [...INVARIANTS] });
      expect([r.verdict, r.reason, r.property]).toEqual(['incomplete', 'bound', null]);
      // The loop: tmigr_active_up's try_cmpxchg retry, on CPU 1 or CPU 0.
      const instr = r.tmigr.program.threads[r.bound!.thread]!.code[r.bound!.pc]!;
      expect(instr.src?.fn).toBe('tmigr_active_up');
    });
  }
});
