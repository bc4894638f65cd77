import { describe, expect, it } from 'vitest';
import { explore } from '../explore/bfs.js';
import { ScSemantics } from '../models/sc.js';
import { buildTmigrModel, getVariant, type Scenario, snapshot, type TmigrSnapshot } from './api.js';

/** Runs a scenario whose only thread is deterministic and returns the single final hierarchy. */
function finalOf(scenario: Scenario, variant = 'v7.1-rc1'): TmigrSnapshot {
  const m = buildTmigrModel(scenario, getVariant(variant));
  const finals: TmigrSnapshot[] = [];
  const r = explore(new ScSemantics(m.program), {
    invariant: (v) => m.invariant(v),
    onFinal: (v) => finals.push(snapshot(m.layout, v)),
  });
  expect(r.verdict).toBe('ok');
  expect(finals).toHaveLength(1);
  return finals[0]!;
}

const machine = { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 };
const grp = (s: TmigrSnapshot, name: string) => s.groups.find((g) => g.name === name)!;

describe('operations under SC (one deterministic CPU)', () => {
  it('activate from all-idle sets migrators up to the root', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'idle', script: [{ action: 'activate' }] },
        { cpu: 1, state: 'idle' },
        { cpu: 2, state: 'idle' },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(grp(s, 'GRP0:0')).toMatchObject({
      active: 1,
      migratorName: 'CPU0',
      parent: 'GRP1:0',
      childmask: 1,
    });
    expect(grp(s, 'GRP1:0')).toMatchObject({ active: 1, migratorName: 'GRP0:0', parent: null });
    expect(grp(s, 'GRP0:1')).toMatchObject({ active: 0, migrator: null, childmask: 2 });
    expect(s.cpus[0]).toMatchObject({ idle: false, active: true, wakeup: null });
  });

  it('activate stops at the first group that already has a migrator', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'active' },
        { cpu: 1, state: 'idle', script: [{ action: 'activate' }] },
        { cpu: 2, state: 'idle' },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(grp(s, 'GRP0:0')).toMatchObject({ active: 3, migratorName: 'CPU0' });
    // GRP1:0 untouched by CPU1: only CPU0's activation at boot counted (seq unchanged by CPU1).
    expect(grp(s, 'GRP1:0')).toMatchObject({ active: 1, migratorName: 'GRP0:0' });
  });

  it('the last CPU going idle with a timer hands back firstexp and queues its event to the top', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'idle' },
        { cpu: 1, state: 'idle' },
        { cpu: 2, state: 'active', timer: 3, script: [{ action: 'deactivate' }] },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(s.groups.every((g) => g.active === 0 && g.migrator === null)).toBe(true);
    expect(grp(s, 'GRP0:1')).toMatchObject({ nextExpiry: 3, events: [{ child: 'CPU2', expiry: 3 }] });
    expect(grp(s, 'GRP1:0')).toMatchObject({ nextExpiry: 3, events: [{ child: 'GRP0:1', expiry: 3 }] });
    expect(s.cpus[2]).toMatchObject({ idle: true, wakeup: 3, timer: 3 });
  });

  it('deactivate hands the migrator role to the next active sibling and stops there', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'active', script: [{ action: 'deactivate', nextexp: 2 }] },
        { cpu: 1, state: 'active' },
        { cpu: 2, state: 'idle' },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(grp(s, 'GRP0:0')).toMatchObject({
      active: 2,
      migratorName: 'CPU1',
      events: [{ child: 'CPU0', expiry: 2 }],
      nextExpiry: 2,
    });
    expect(grp(s, 'GRP1:0')).toMatchObject({ active: 1, migratorName: 'GRP0:0' });
    expect(s.cpus[0]).toMatchObject({ idle: true, wakeup: null });
  });

  it('a new timer of an idle CPU propagates through idle groups and comes back as wakeup', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'idle' },
        { cpu: 1, state: 'idle' },
        { cpu: 2, state: 'idle', script: [{ action: 'new-timer', expiry: 2 }] },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(grp(s, 'GRP0:1').events).toEqual([{ child: 'CPU2', expiry: 2 }]);
    expect(grp(s, 'GRP1:0').events).toEqual([{ child: 'GRP0:1', expiry: 2 }]);
    expect(s.cpus[2]).toMatchObject({ wakeup: 2, timer: 2 });
  });

  it('prepare + online of a CPU that needs a new top attaches and activates the old root', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'active', script: [{ action: 'prepare', cpu: 2 }] },
        { cpu: 1, state: 'idle' },
        { cpu: 2, state: 'absent' },
      ],
    });
    expect(grp(s, 'GRP0:0')).toMatchObject({ parent: 'GRP1:0', childmask: 1, active: 1 });
    expect(grp(s, 'GRP0:1')).toMatchObject({ parent: 'GRP1:0', childmask: 2, active: 0 });
    expect(grp(s, 'GRP1:0')).toMatchObject({ parent: null, childmask: 1, active: 1, migratorName: 'GRP0:0' });
    expect(s.cpus[2]).toMatchObject({ group: 'GRP0:1', available: false });
  });

  it('offline of the migrator hands the role over like idle entry', () => {
    const s = finalOf({
      name: 't',
      description: '',
      machine,
      cpus: [
        { cpu: 0, state: 'active', script: [{ action: 'offline' }] },
        { cpu: 1, state: 'active' },
        { cpu: 2, state: 'idle' },
        { cpu: 3, state: 'idle' },
      ],
    });
    expect(grp(s, 'GRP0:0')).toMatchObject({ active: 2, migratorName: 'CPU1' });
    expect(s.cpus[0]).toMatchObject({ available: false, active: false });
  });
});

describe('the model', () => {
  it('names every location and records operation boundaries', () => {
    const m = buildTmigrModel(
      {
        name: 't',
        description: '',
        machine,
        cpus: [
          { cpu: 0, state: 'active', script: [{ action: 'cycles', count: 2, nextexp: null }] },
          { cpu: 1, state: 'idle' },
        ],
      },
      getVariant('v7.1-rc1'),
    );
    expect(m.layout.groups.map((g) => g.name)).toEqual(['GRP0:0']);
    expect(m.layout.threads).toHaveLength(1);
    expect(m.layout.threads[0]!.boundaries).toHaveLength(4);
    expect(m.program.locations.map((l) => l.name)).toContain('GRP0:0.migr_state');
    for (const i of m.program.threads[0]!.code) expect(i.src?.fn).toBeTruthy();
  });
});
