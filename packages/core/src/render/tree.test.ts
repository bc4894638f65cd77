import { describe, expect, it } from 'vitest';
import { check, semanticsFor } from '../check.js';
import type { StateView } from '../explore/semantics.js';
import { replay, type Trace } from '../explore/trace.js';
import { ProgramBuilder } from '../ir/builder.js';
import { c, eq, old, or, reg } from '../ir/expr.js';
import type { Program } from '../ir/types.js';
import type { HierarchySnapshot } from './hierarchy.js';
import { buildForest, MISMATCH_LEGEND } from './hierarchy.js';
import { drawForest, topDown } from './layout.js';
import { programNaming } from './naming.js';
import { type HierarchySource, renderedTrace, renderTreeTrace } from './tree.js';

/**
 * A miniature of the seed's shape: GRP0:0 = {CPU 0, CPU 1} under root GRP1:0 until CPU 2
 * (the control CPU) connects a new root GRP2:0 above it. CPU 0 wakes, activates GRP0:0 and
 * walks up through the parent pointer it reads; the final check wants the top level active.
 */
function miniHierarchy(): Program {
  const b = new ProgramBuilder('mini-hierarchy');
  const g00 = b.location('GRP0:0.state');
  const g00p = b.location('GRP0:0.parent');
  const g10 = b.location('GRP1:0.state');
  const g10p = b.location('GRP1:0.parent');
  const g20 = b.location('GRP2:0.state');
  const idle0 = b.location('CPU0.idle', 1);
  b.setInit(g00p, g10);
  const cpu0 = b.thread('CPU 0');
  const p = cpu0.reg('parent');
  const skip = cpu0.label();
  cpu0.at({ fn: 'tmigr_cpu_activate' }).store(idle0, c(0));
  cpu0.at({ fn: 'tmigr_active_up' }).rmw(g00, or(old, c(1)), { guard: eq(old, c(0)) });
  cpu0.rmw(g10, or(old, c(1)), { guard: eq(old, c(0)) });
  cpu0.load(p, g10p);
  cpu0.branch(eq(reg(p), c(0)), skip);
  cpu0.rmw(g20, or(old, c(1)), { guard: eq(old, c(0)) });
  cpu0.place(skip);
  const cpu2 = b.thread('CPU 2');
  cpu2.at({ fn: 'tmigr_connect_child_parent' }).store(g10p, c(g20), 'release');
  const program = b.build();
  return {
    ...program,
    finalChecks: [
      {
        property: 'top-active-if-cpu-active',
        cond: {
          k: 'bin',
          op: 'lor',
          a: { k: 'bin', op: 'eq', a: { k: 'mem', addr: g10p }, b: { k: 'const', v: 0 } },
          b: { k: 'bin', op: 'ne', a: { k: 'mem', addr: g20 }, b: { k: 'const', v: 0 } },
        },
      },
    ],
  };
}

const program = miniHierarchy();
const addr = (name: string): number => program.locations.findIndex((l) => l.name === name) + 1;
const groupNames = new Map([
  [addr('GRP0:0.state'), 'GRP0:0'],
  [addr('GRP1:0.state'), 'GRP1:0'],
  [addr('GRP2:0.state'), 'GRP2:0'],
]);

/** The test's decoder: GRP2:0 exists once GRP1:0 points to it. */
function snapshot(view: StateView): HierarchySnapshot {
  const top = view.value(addr('GRP1:0.parent'));
  const g = (name: string, level: number, parent: string | null, migrator: string) => {
    const active = view.value(addr(`${name}.state`));
    return { name, level, active, migrator: active ? migrator : null, parent, groupmask: 1, exists: true };
  };
  return {
    groups: [
      g('GRP0:0', 0, 'GRP1:0', 'CPU 0'),
      g('GRP1:0', 1, top ? 'GRP2:0' : null, 'GRP0:0'),
      { ...g('GRP2:0', 2, null, 'GRP1:0'), exists: top !== 0 },
    ],
    cpus: [
      { cpu: 0, mode: view.value(addr('CPU0.idle')) ? 'idle' : 'active', group: 'GRP0:0', groupmask: 1 },
      { cpu: 1, mode: 'idle', group: 'GRP0:0', groupmask: 2 },
    ],
  };
}

const naming = programNaming(program);
const source: HierarchySource = {
  ...naming,
  formatValue: (a, v) => (a === addr('GRP1:0.parent') ? (groupNames.get(v) ?? 'NULL') : String(v)),
  snapshot,
};

const result = check(program, { model: 'sc' });
const trace = replay(semanticsFor(program, 'sc'), result.path ?? []);

describe('renderTreeTrace on a real SC counterexample', () => {
  it('is a counterexample (the walk read the parent before the new root was linked)', () => {
    expect(result.verdict).toBe('violation');
    expect(trace.steps.length).toBeGreaterThan(3);
  });

  it('draws a tree exactly for the steps that change the decoded hierarchy', () => {
    const rendered = renderedTrace(trace, source);
    let before = JSON.stringify(snapshot(trace.initial));
    trace.steps.forEach((s, i) => {
      const now = s.after ? JSON.stringify(snapshot(s.after)) : before;
      expect(rendered.steps[i]!.tree !== null, `step ${i + 1}`).toBe(now !== before);
      before = now;
    });
  });

  it('heads each step with its number, CPU, function, access and decoded value', () => {
    const text = renderTreeTrace(trace, source, { property: result.property });
    trace.steps.forEach((s, i) => {
      const who = program.threads[s.step.thread]!.name;
      const loc = program.locations[(s.step.addr ?? 0) - 1]!.name;
      const line = text.split('\n').find((l) => l.startsWith(`${i + 1}) `))!;
      expect(line).toContain(who);
      expect(line).toContain(loc);
      if (s.step.instr?.src?.fn) expect(line).toContain(`${s.step.instr.src.fn}: `);
      if (s.step.instr?.op === 'load') {
        expect(line).toContain(`reads ${loc} = ${source.formatValue(s.step.addr!, s.step.read!)}`);
      }
      if (s.step.instr?.op === 'rmw' && s.step.wrote !== undefined)
        expect(line).toContain(`cmpxchg ${loc} = ${s.step.wrote}`);
    });
    expect(text).toContain(`==> ${result.property} is violated`);
  });

  it('draws only connected groups: GRP2:0 appears once GRP1:0 points to it', () => {
    const rendered = renderedTrace(trace, source, { layout: 'top-down' });
    expect(rendered.initial.join('\n')).not.toContain('[GRP2:0]');
    expect(rendered.initial.join('\n')).toContain('[GRP1:0]');
    const link = trace.steps.findIndex(
      (s) => s.step.instr?.op === 'store' && s.step.addr === addr('GRP1:0.parent'),
    );
    expect(link).toBeGreaterThanOrEqual(0);
    const tree = rendered.steps[link]!.tree!.join('\n');
    expect(tree).toContain('[GRP2:0]');
    const lines = rendered.steps[link]!.tree!;
    // Top-down: the new root is drawn above the old one.
    expect(lines.findIndex((l) => l.includes('[GRP2:0]'))).toBeLessThan(
      lines.findIndex((l) => l.includes('[GRP1:0]')),
    );
  });

  it('shows CPU rows and group states as the snapshot has them', () => {
    const last = [...trace.steps].reverse().find((s) => s.after)!.after!;
    const snap = snapshot(last);
    const lines = drawForest(buildForest(snap), { layout: 'indented' });
    for (const cpu of snap.cpus)
      expect(lines.some((l) => l.includes(`CPU ${cpu.cpu}  ${cpu.mode}`))).toBe(true);
    for (const g of snap.groups.filter((x) => x.exists)) {
      expect(lines.some((l) => l.includes(`[${g.name}] ${g.active ? 'active' : 'idle'}`))).toBe(true);
    }
  });

  it('falls back to ASCII on request', () => {
    const text = renderTreeTrace(trace, source, { ascii: true });
    expect(text).not.toMatch(/[─│┌┐┬┴┼├└]/);
    expect(text).toMatch(/[+|]/);
  });

  it('marks a stale read with the writer whose store was not yet visible', () => {
    const load = trace.steps.findIndex((s) => s.step.instr?.op === 'load');
    const latest = addr('GRP2:0.state');
    const stale: Trace = {
      initial: trace.initial,
      steps: trace.steps.map((s, i) =>
        i === load ? { ...s, step: { ...s.step, stale: { latest, writer: 1 } } } : s,
      ),
    };
    const line = renderTreeTrace(stale, source)
      .split('\n')
      .find((l) => l.startsWith(`${load + 1}) `))!;
    expect(line).toContain("(CPU 2's store of GRP2:0 is not yet visible to CPU 0)");
    expect(renderedTrace(stale, source).steps[load]!.stale).toBe(true);
  });
});

describe('tree layouts', () => {
  const wide = (children: number, levels: number): HierarchySnapshot => {
    const groups: HierarchySnapshot['groups'][number][] = [];
    const cpus: HierarchySnapshot['cpus'][number][] = [];
    const make = (level: number, index: number, parent: string | null, mask: number): void => {
      const name = `GRP${level}:${index}`;
      groups.push({
        name,
        level,
        active: index === 0 ? 1 : 0,
        migrator: null,
        parent,
        groupmask: mask,
        exists: true,
      });
      for (let k = 0; k < children; k++) {
        if (level === 0)
          cpus.push({ cpu: index * children + k, mode: 'idle', group: name, groupmask: 1 << k });
        else make(level - 1, index * children + k, name, 1 << k);
      }
    };
    make(levels - 1, 0, null, 1);
    return { groups, cpus };
  };

  for (const [children, levels] of [
    [2, 2],
    [2, 4],
    [4, 3],
    [8, 2],
    [8, 3],
  ] as const) {
    it(`draws every group and CPU of a full ${children}-ary tree with ${levels} levels`, () => {
      const snap = wide(children, levels);
      const text = drawForest(buildForest(snap)).join('\n');
      for (const g of snap.groups) expect(text).toContain(`[${g.name}]`);
      for (const cpu of snap.cpus) expect(text).toMatch(new RegExp(`CPU ${cpu.cpu}(?!\\d)`));
      // Auto layout stays within the width limit (falls back to the indented list).
      for (const l of text.split('\n')) expect(l.length).toBeLessThanOrEqual(110);
    });
  }

  it("marks a node whose state disagrees with its parent's active mask, with a legend", () => {
    // The seed's end state: GRP1:0 is active, but its bit (0x1) is missing from GRP2:0's mask.
    const snap: HierarchySnapshot = {
      groups: [
        { name: 'GRP2:0', level: 2, active: 0, migrator: null, parent: null, groupmask: 1, exists: true },
        {
          name: 'GRP1:0',
          level: 1,
          active: 1,
          migrator: 'GRP0:0',
          parent: 'GRP2:0',
          groupmask: 1,
          exists: true,
        },
        {
          name: 'GRP0:0',
          level: 0,
          active: 1,
          migrator: 'CPU 0',
          parent: 'GRP1:0',
          groupmask: 1,
          exists: true,
        },
      ],
      cpus: [
        { cpu: 0, mode: 'active', group: 'GRP0:0', groupmask: 1 },
        { cpu: 1, mode: 'active', group: 'GRP0:0', groupmask: 2 },
      ],
    };
    for (const layout of ['top-down', 'indented'] as const) {
      const lines = drawForest(buildForest(snap), { layout });
      const text = lines.join('\n');
      expect(text).toContain(MISMATCH_LEGEND);
      // GRP1:0 (missing from GRP2:0) and CPU 1 (missing from GRP0:0) are marked; nothing else is.
      expect(text.match(/active\*/g)).toHaveLength(2);
      expect(text).not.toContain('idle*');
      const consistent = drawForest(
        buildForest({ ...snap, cpus: snap.cpus.slice(0, 1), groups: snap.groups.slice(1) }),
        {
          layout,
        },
      ).join('\n');
      expect(consistent).not.toContain('*');
    }
  });

  it('keeps the CPUs of side-by-side roots on one row', () => {
    const snap: HierarchySnapshot = {
      groups: [
        { name: 'GRP1:0', level: 1, active: 0, migrator: null, parent: null, groupmask: 1, exists: true },
        { name: 'GRP0:0', level: 0, active: 0, migrator: null, parent: 'GRP1:0', groupmask: 1, exists: true },
        { name: 'GRP0:1', level: 0, active: 0, migrator: null, parent: null, groupmask: 1, exists: true },
      ],
      cpus: [
        { cpu: 0, mode: 'idle', group: 'GRP0:0', groupmask: 1 },
        { cpu: 2, mode: 'offline', group: 'GRP0:1', groupmask: 1 },
      ],
    };
    const lines = topDown(buildForest(snap));
    const row = lines.findIndex((l) => l.includes('CPU 0'));
    expect(lines[row]).toContain('CPU 2');
  });
});
