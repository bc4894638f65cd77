import { describe, expect, it } from 'vitest';
import { check, semanticsFor } from '../check.js';
import { storeBuffering } from '../examples/programs.js';
import { replay } from '../explore/trace.js';
import { checkTmigr, getVariant, loadScenario, snapshot, TMIGR_NONE, unpackState } from '../tmigr/api.js';
import { buildForest, MISMATCH_LEGEND } from './hierarchy.js';
import { traceToItf } from './itf.js';
import { drawForest } from './layout.js';
import { describeStepLine, programNaming } from './naming.js';
import { cpuName, hierarchyOf, tmigrSource } from './tmigr-source.js';
import { renderedTrace, renderTreeTrace } from './tree.js';

// The seed scenario under SC, pre-fix kernel: the shortest path to the setup WARN (about 2 s).
const result = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), { model: 'sc' });
const model = result.tmigr;
const trace = replay(semanticsFor(model.program, 'sc'), result.path ?? []);
const source = tmigrSource(model);
const views = [trace.initial, ...trace.steps.flatMap((s) => (s.after ? [s.after] : []))];

/** The drawn facts of a state (states, active children, migrators, links), from the model's snapshot. */
function drawnFacts(i: number): string {
  const snap = snapshot(model.layout, views[i]!);
  return JSON.stringify({
    g: snap.groups.map((g) => [
      g.name,
      g.connected,
      g.active !== 0,
      g.activeChildren,
      g.migratorName,
      g.parent,
    ]),
    c: snap.cpus.map((c) => [c.cpu, c.group, c.available, c.idle]),
  });
}

describe('hierarchy trees of a real tmigr counterexample (seed, v7.1-rc1, SC)', () => {
  const text = renderTreeTrace(trace, source, { property: result.property });
  const rendered = renderedTrace(trace, source);

  it('is the WARN the story expects under SC', () => {
    expect(result.verdict).toBe('violation');
    expect(result.property).toBe('WARN_ON_ONCE(!state.active)');
    expect(trace.steps.at(-1)!.violation).toBe(result.property);
  });

  it('draws a tree for exactly the steps that change a group, a parent link or a CPU', () => {
    let state = 0;
    trace.steps.forEach((s, i) => {
      if (!s.after) {
        expect(rendered.steps[i]!.tree).toBeNull();
        return;
      }
      const changed = drawnFacts(state) !== drawnFacts(state + 1);
      expect(rendered.steps[i]!.tree !== null, `step ${i + 1}`).toBe(changed);
      state++;
    });
    expect(rendered.steps.filter((s) => s.tree).length).toBeGreaterThan(3);
  });

  it('draws connected groups as boxes and leaves out the groups not connected yet', () => {
    const first = snapshot(model.layout, trace.initial);
    const initial = rendered.initial.join('\n');
    for (const g of first.groups) expect(initial.includes(`[${g.name}]`), g.name).toBe(g.connected);
    expect(first.groups.some((g) => !g.connected)).toBe(true);
    const last = snapshot(model.layout, views.at(-1)!);
    const lastTree = [...rendered.steps]
      .reverse()
      .find((s) => s.tree)!
      .tree!.join('\n');
    for (const g of last.groups) expect(lastTree.includes(`[${g.name}]`), g.name).toBe(g.connected);
    for (const c of last.cpus.filter((x) => x.group !== null)) expect(lastTree).toContain(`CPU ${c.cpu}`);
  });

  it('draws a group active with its migrator by name, and idle groups as idle', () => {
    const snap = snapshot(model.layout, trace.initial);
    const lines = rendered.initial.join('\n');
    for (const g of snap.groups.filter((x) => x.connected)) {
      if (g.active !== 0) expect(lines).toContain(`migr ${cpuName(g.migratorName!)}`);
    }
    expect(lines).toMatch(/active/);
    expect(lines).toMatch(/idle/);
  });

  it("marks exactly the nodes the parent's active mask disagrees with, and explains the mark once", () => {
    for (const view of [views[0]!, views.at(-1)!, views[Math.floor(views.length / 2)]!]) {
      const snap = snapshot(model.layout, view);
      const lines = drawForest(buildForest(hierarchyOf(model.layout, snap)), {
        layout: 'indented',
        legend: false,
      });
      const byName = new Map(snap.groups.map((g) => [g.name, g] as const));
      for (const g of snap.groups.filter((x) => x.connected)) {
        const parent = g.parent === null ? undefined : byName.get(g.parent);
        const marked = parent !== undefined && parent.activeChildren.includes(g.name) !== (g.active !== 0);
        const line = lines.find((l) => l.includes(`[${g.name}] `))!;
        expect(line.includes(`${g.active !== 0 ? 'active' : 'idle'}*`), line).toBe(marked);
      }
      for (const c of snap.cpus.filter((x) => x.group !== null)) {
        const leaf = byName.get(c.group!)!;
        const mode = !c.available ? 'offline' : c.idle ? 'idle' : 'active';
        const marked = leaf.activeChildren.includes(`CPU${c.cpu}`) !== (mode === 'active');
        const line = lines.find((l) => l.includes(`CPU ${c.cpu}  `))!;
        expect(line.endsWith('*'), line).toBe(marked);
      }
    }
    const text = renderTreeTrace(trace, source);
    if (/(active|idle|offline)\*/.test(text)) expect(text.split(MISMATCH_LEGEND)).toHaveLength(2);
  });

  it('heads every step with its number, CPU, kernel function and the access with decoded values', () => {
    const heads = text.split('\n').filter((l) => /^\s*[1-9]\d*\) /.test(l));
    expect(heads).toHaveLength(trace.steps.length);
    trace.steps.forEach((s, i) => {
      const head = heads[i]!;
      expect(head).toMatch(new RegExp(`^\\s*${i + 1}\\) CPU \\d `));
      if (s.step.instr?.src?.fn) expect(head).toContain(` ${s.step.instr.src.fn}: `);
      const g = model.layout.groups.find((x) => x.addr.migr_state === s.step.addr);
      if (g && s.step.instr?.op === 'rmw' && s.step.wrote !== undefined) {
        const st = unpackState(s.step.wrote);
        expect(head).toContain(`cmpxchg ${g.name}->migr_state = {active 0x${st.active.toString(16)}, migr `);
        if (st.migrator === TMIGR_NONE) expect(head).toContain('migr none}');
      }
      const p = model.layout.groups.find((x) => x.addr.parent === s.step.addr);
      if (p && s.step.instr?.op === 'store') {
        const target = model.layout.groups.find((x) => x.base === s.step.wrote)!;
        expect(head).toContain(`${p.name}->parent = ${target.name}`);
      }
    });
    expect(text).toContain(`<-- violates ${result.property}`);
  });

  it('exports the trace as ITF with layout names whose values match the replay', () => {
    const itf = JSON.parse(
      JSON.stringify(
        traceToItf(model.program, trace, { model: 'sc', scenario: 'seed', variant: 'v7.1-rc1' }, source),
      ),
    );
    expect(itf['#meta']).toMatchObject({ scenario: 'seed', variant: 'v7.1-rc1', model: 'sc' });
    expect(itf.vars).toContain('GRP1:0->migr_state');
    expect(itf.vars).toContain('GRP1:0->parent');
    expect(itf.states).toHaveLength(views.length);
    itf.states.forEach((st: Record<string, number>, i: number) => {
      for (const g of model.layout.groups) {
        expect(st[`${g.name}->migr_state`]).toBe(views[i]!.value(g.addr.migr_state));
        expect(st[`${g.name}->parent`]).toBe(views[i]!.value(g.addr.parent));
      }
    });
  });
});

describe('stale reads under LKMM', () => {
  it('marks every read that returned a value older than the latest write', () => {
    const program = storeBuffering();
    const r = check(program, { model: 'lkmm' });
    expect(r.verdict).toBe('violation');
    const t = replay(semanticsFor(program, 'lkmm'), r.path!);
    const naming = programNaming(program);
    const stale = t.steps.filter((s) => s.step.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const s of t.steps) {
      const line = describeStepLine(naming, s.step);
      if (s.step.stale) {
        const writer = program.threads[s.step.stale.writer]!.name;
        const reader = program.threads[s.step.thread]!.name;
        expect(line).toContain(
          `(${writer}'s store of ${s.step.stale.latest} is not yet visible to ${reader})`,
        );
      } else {
        expect(line).not.toContain('not yet visible');
      }
    }
  });
});
