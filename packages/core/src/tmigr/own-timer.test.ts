/**
 * Issue 13 §4: an active CPU runs its own expired global timers from its timer softirq, which the
 * model does not. A scenario whose CPU has a timer in its timer base (`timer:` or `new-timer`)
 * and then goes idle with an explicit `nextexp` contradicts the base: `timer-handled` reported
 * the timer whatever the kernel. Such scenarios are refused with a clear message; without an
 * explicit nextexp the deactivation takes the base's timer, and while the owner is awake
 * `timer-handled` does not look at its timer at all.
 */
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../explore/semantics.js';
import { buildTmigrModel, checkTmigr, getVariant, listScenarios, loadScenario } from './api.js';
import { parseScenarioText } from './scenario.js';

const scenario = (script: string) =>
  parseScenarioText(
    `name: own-timer
description: CPU0 idle with a timer at 1 wakes up; CPU1 stays active
machine:
  possibleCpus: 2
  nodes: 1
  childrenPerGroup: 2
cpus:
  - cpu: 0
    state: idle
    timer: 1
    script:
${script}
  - cpu: 1
    state: active
bounds:
  time: 1
`,
    'own-timer.yaml',
  );

describe("a CPU's own timer while it is active", () => {
  for (const model of ['sc', 'tso', 'lkmm'] as ModelName[]) {
    it(`${model}: timer-handled stays silent while the owner is awake, and after it goes idle taking the base's timer`, () => {
      for (const script of ['      - activate', '      - activate\n      - deactivate']) {
        const r = checkTmigr(scenario(script), getVariant('bd3c45dd01'), {
          model,
          properties: ['timer-handled'],
        });
        expect([r.verdict, r.complete]).toEqual(['ok', true]);
      }
    });
  }

  it('an explicit nextexp after the CPU was awake with a timer in its base is refused', () => {
    const s = scenario('      - activate\n      - action: deactivate\n        nextexp: null');
    expect(() => buildTmigrModel(s, getVariant('bd3c45dd01'))).toThrow(
      "scenario.cpus[0].script[1]: CPU 0 has a global timer in its timer base (timer: 1), and an active CPU runs its own expired timers from its timer softirq, which the model does not; give this deactivate no nextexp (it then takes the timer base's next timer) or drop the timer",
    );
  });

  it('every preset scenario still builds', () => {
    for (const { name } of listScenarios()) {
      expect(() => buildTmigrModel(loadScenario(name), getVariant('bd3c45dd01'))).not.toThrow();
    }
  });
});
