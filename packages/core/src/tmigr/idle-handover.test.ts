/**
 * The `idle-handover` preset: a lost global timer that the model finds under SC in v7.1-rc1
 * (and bd3c45dd01, which does not touch this path). The test pins the verdict and the order
 * of the three critical steps in the shortest trace, so that a change of the model that
 * hides or changes the race is noticed.
 */
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import type { ModelName } from '../explore/semantics.js';
import { replay } from '../explore/trace.js';
import { checkTmigr, getVariant, INVARIANTS, loadScenario } from './api.js';

const scenario = loadScenario('idle-handover');

describe('idle-handover: the leaf migrator queues its event after handing over', () => {
  for (const model of ['sc', 'tso'] as ModelName[]) {
    it(`v7.1-rc1 under ${model}: timer-handled is violated; the other invariants hold`, () => {
      const variant = getVariant('v7.1-rc1');
      const r = checkTmigr(scenario, variant, { model });
      expect([r.verdict, r.property]).toEqual(['violation', 'timer-handled']);
      const others = INVARIANTS.filter((p) => p !== 'timer-handled');
      const rest = checkTmigr(scenario, variant, { model, properties: others });
      expect([rest.verdict, rest.complete]).toEqual(['ok', true]);
    });
  }

  it('the shortest SC trace: CPU0 hands over, CPU1 propagates the empty leaf, then CPU0 queues its timer', () => {
    const r = checkTmigr(scenario, getVariant('v7.1-rc1'), { model: 'sc' });
    const trace = replay(semanticsFor(r.tmigr.program, 'sc'), r.path!);
    const steps = trace.steps.map((s) => ({
      cpu: s.step.thread,
      fn: s.step.instr?.src?.fn,
      text: s.step.instr?.src?.text ?? '',
      addr: s.step.addr,
    }));
    const leaf = r.tmigr.layout.groups.find((g) => g.level === 0 && g.index === 0)!;
    const handover = steps.findIndex(
      (s) => s.cpu === 0 && s.fn === 'tmigr_inactive_up' && s.text.includes('cmpxchg'),
    );
    const propagate = steps.findIndex(
      (s) => s.cpu === 1 && s.fn === 'tmigr_update_events' && s.addr === leaf.addr.groupevt_ignore,
    );
    const queue = steps.findIndex(
      (s) => s.cpu === 0 && s.fn === 'tmigr_update_events' && s.addr === leaf.addr.lock,
    );
    expect(handover).toBeGreaterThanOrEqual(0);
    expect(propagate).toBeGreaterThan(handover);
    expect(queue).toBeGreaterThan(propagate);
  });
});
