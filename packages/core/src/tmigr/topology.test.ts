import { describe, expect, it } from 'vitest';
import { computeLevels, HierarchySim, MODERN_SETUP, orderBase2 } from './topology.js';

describe('tmigr_init level computation', () => {
  it('follows tmigr-kernel.md §1.8', () => {
    expect(orderBase2(1)).toBe(0);
    expect(orderBase2(5)).toBe(3);
    expect(computeLevels(1, 1, 8)).toBeNull();
    expect(computeLevels(64, 1, 8)).toMatchObject({ cpulvl: 2, nodelvl: 0, levels: 2, crossnodeLevel: 2 });
    expect(computeLevels(65, 1, 8)).toMatchObject({ cpulvl: 3, levels: 3 });
    expect(computeLevels(48, 2, 8)).toMatchObject({
      cpusPerNode: 24,
      cpulvl: 2,
      nodelvl: 1,
      levels: 3,
      crossnodeLevel: 2,
    });
    // The seed's machine: 8 possible CPUs on 2 nodes, 2 children per group.
    expect(computeLevels(8, 2, 2)).toMatchObject({
      cpusPerNode: 4,
      cpulvl: 2,
      nodelvl: 1,
      levels: 3,
      crossnodeLevel: 2,
    });
    expect(computeLevels(4, 1, 2)).toMatchObject({ levels: 2 });
  });
});

describe('tmigr_setup_groups simulation', () => {
  it("builds the file's 2-node x 24-CPU example", () => {
    const sim = new HierarchySim(computeLevels(48, 2, 8)!, 8, MODERN_SETUP);
    for (let cpu = 0; cpu < 48; cpu++) sim.addCpu(cpu, cpu < 24 ? 0 : 1);
    const names = sim.groups.map((g) => g.name).sort();
    expect(names).toEqual([
      'GRP0:0',
      'GRP0:1',
      'GRP0:2',
      'GRP0:3',
      'GRP0:4',
      'GRP0:5',
      'GRP1:0',
      'GRP1:1',
      'GRP2:0',
    ]);
    for (let i = 0; i < 6; i++) {
      const g = sim.group(`GRP0:${i}`);
      expect(g.children).toEqual(Array.from({ length: 8 }, (_, k) => `CPU${i * 8 + k}`));
      expect(g.parent?.name).toBe(i < 3 ? 'GRP1:0' : 'GRP1:1');
    }
    expect(sim.group('GRP1:0').children).toEqual(['GRP0:0', 'GRP0:1', 'GRP0:2']);
    expect(sim.group('GRP1:1').children).toEqual(['GRP0:3', 'GRP0:4', 'GRP0:5']);
    expect(sim.group('GRP2:0').children).toEqual(['GRP1:0', 'GRP1:1']);
    expect(sim.group('GRP1:0').node).toBe(0);
    expect(sim.group('GRP2:0').node).toBeNull();
    expect(sim.root?.name).toBe('GRP2:0');
    expect(sim.attachCaveatUsed).toBe(false);
  });

  it('pre-initialises a new top and attaches the old root as child 0', () => {
    const sim = new HierarchySim(computeLevels(8, 1, 2)!, 2, MODERN_SETUP);
    const p0 = sim.addCpu(0, 0);
    expect(p0.passes[0]!.cpuLink).toEqual({ group: 'GRP0:0', mask: 1, initRoot: true });
    sim.addCpu(1, 0);
    const p2 = sim.addCpu(2, 0);
    expect(p2.rootChanged).toBe(true);
    expect(p2.passes).toHaveLength(2);
    expect(p2.passes[0]!.links).toEqual([
      {
        child: 'GRP0:1',
        parent: 'GRP1:0',
        mask: 2,
        parentInitRoot: true,
        oldRootAttach: false,
        warnNumChildren: false,
      },
    ]);
    expect(p2.passes[1]).toMatchObject({ cpu: -1, start: 'GRP0:0', activate: true });
    expect(p2.passes[1]!.links).toEqual([
      {
        child: 'GRP0:0',
        parent: 'GRP1:0',
        mask: 1,
        parentInitRoot: false,
        oldRootAttach: true,
        warnNumChildren: false,
      },
    ]);
    // C = 2: the new root is "full" with the pre-accounted old root, the caveat applies.
    expect(sim.attachCaveatUsed).toBe(true);
  });

  it('puts a CPU of another node into a fresh branch below the crossnode level (the seed shape)', () => {
    const sim = new HierarchySim(computeLevels(8, 2, 2)!, 2, MODERN_SETUP);
    for (const cpu of [0, 1, 2]) sim.addCpu(cpu, 0);
    const plan = sim.addCpu(3, 1);
    expect([...plan.passes[0]!.created].sort()).toEqual(['GRP0:2', 'GRP1:1', 'GRP2:0']);
    expect(sim.pathOf(3)).toEqual(['GRP0:2', 'GRP1:1', 'GRP2:0']);
    expect(sim.pathOf(2)).toEqual(['GRP0:1', 'GRP1:0', 'GRP2:0']);
    expect(sim.group('GRP1:0').groupmask).toBe(1);
    expect(sim.group('GRP1:1').groupmask).toBe(2);
  });

  it('without pre-accounting (before b729cc1ec21a) the old root becomes the next child', () => {
    const sim = new HierarchySim(computeLevels(4, 1, 2)!, 2, { ...MODERN_SETUP, preinitNewTop: false });
    sim.addCpu(0, 0);
    sim.addCpu(1, 0);
    sim.addCpu(2, 0);
    expect(sim.group('GRP0:1').groupmask).toBe(1);
    expect(sim.group('GRP0:0').groupmask).toBe(2);
  });

  it('with the off-by-one attach test (before 868c9037df62) the old root stays unconnected', () => {
    const sim = new HierarchySim(computeLevels(4, 1, 2)!, 2, { ...MODERN_SETUP, oldRootAttachChildren: 1 });
    for (const cpu of [0, 1, 2]) sim.addCpu(cpu, 0);
    expect(sim.group('GRP0:0').parent).toBeNull();
    expect(sim.root?.name).toBe('GRP1:0');
  });
});
