import { describe, expect, it } from 'vitest';
import { check, semanticsFor } from '../check.js';
import { seqcountAba, storeBuffering } from '../examples/programs.js';
import { replay } from '../explore/trace.js';
import { ITF_PC, ITF_STEP, traceToItf } from './itf.js';

describe('traceToItf (plain programs)', () => {
  const program = seqcountAba(3);
  const result = check(program, { model: 'sc' });
  const trace = replay(semanticsFor(program, 'sc'), result.path ?? []);
  const itf = traceToItf(program, trace, { model: 'sc', property: result.property });

  it('finds the violation it documents', () => {
    expect(result.verdict).toBe('violation');
    expect(result.property).toBe('seqcount-read-consistent');
  });

  it('round-trips through JSON', () => {
    const text = JSON.stringify(itf);
    expect(JSON.parse(text)).toEqual(itf);
  });

  it('has the ITF shape with #meta naming the source', () => {
    const parsed = JSON.parse(JSON.stringify(itf)) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['#meta', 'states', 'vars']);
    const meta = itf['#meta'];
    expect(meta.format).toBe('ITF');
    expect(meta.model).toBe('sc');
    expect(meta.program).toBe(program.name);
    expect(String(meta.source)).toContain(`program ${program.name}`);
    expect(meta.property).toBe('seqcount-read-consistent');
    expect(itf.vars).toEqual([...program.locations.map((l) => l.name), ITF_PC, ITF_STEP]);
  });

  it('has one state per replayed state, matching the replay location by location', () => {
    const views = [trace.initial, ...trace.steps.filter((s) => s.after).map((s) => s.after!)];
    expect(itf.states).toHaveLength(views.length);
    itf.states.forEach((state, i) => {
      expect(state['#meta'].index).toBe(i);
      for (const v of itf.vars) expect(state).toHaveProperty([v]);
      program.locations.forEach((loc, a) => {
        expect(state[loc.name]).toBe(views[i]!.value(a + 1));
      });
      const pcs = state[ITF_PC] as Record<string, number>;
      program.threads.forEach((t, ti) => {
        expect(pcs[t.name]).toBe(views[i]!.threads[ti]!.pc);
      });
    });
  });

  it('records the step that led to each state, and the violating step in #meta', () => {
    expect((itf.states[0]![ITF_STEP] as Record<string, unknown>).action).toBe('init');
    trace.steps.forEach((s, i) => {
      if (!s.after) return;
      const step = itf.states.find((st) => st['#meta'].index === i + 1)![ITF_STEP] as Record<string, unknown>;
      expect(step.thread).toBe(program.threads[s.step.thread]!.name);
      expect(step.index).toBe(i + 1);
    });
    const last = trace.steps[trace.steps.length - 1]!;
    expect(last.after).toBeNull();
    const violating = itf['#meta'].violatingStep as Record<string, unknown>;
    expect(violating.index).toBe(trace.steps.length);
    expect(violating.thread).toBe(program.threads[last.step.thread]!.name);
  });

  it('makes location names unique', () => {
    const sb = storeBuffering();
    const dup = { ...sb, locations: sb.locations.map((l) => ({ ...l, name: 'x' })) };
    const t = replay(semanticsFor(dup, 'sc'), []);
    const out = traceToItf(dup, t, { model: 'sc' });
    expect(out.vars).toEqual(['x', 'x#2', ITF_PC, ITF_STEP]);
    expect(out.states).toHaveLength(1);
  });
});
