/**
 * Presets for the historical pre-fix variants: each exposes its variant's bug, and the fixed
 * code (`bd3c45dd01`, also `v7.1-rc1`) passes it exhaustively.
 */
import type { Scenario } from '../types.js';

const FIXED_OK = { 'v7.1-rc1': { sc: 'ok' }, bd3c45dd01: { sc: 'ok' } } as const;

/**
 * The file's "Protection of the tmigr group state information" story: CPU0 goes idle while
 * CPU1 comes out of idle in the same group; without `seq`, CPU0's stale cmpxchg on GRP1:0
 * succeeds after CPU1 propagated, and GRP1:0 loses GRP0:0 although CPU1 is active.
 */
export const NO_SEQ_PRESET: Scenario = {
  name: 'no-seq',
  description:
    'CPU0 goes idle while CPU1 (same group) wakes up; CPU2 keeps GRP0:1 active (the seq-counter race documented in timer_migration.c)',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'active', script: [{ action: 'deactivate', nextexp: null }] },
    { cpu: 1, state: 'idle', script: [{ action: 'activate' }] },
    { cpu: 2, state: 'active' },
    { cpu: 3, state: 'idle' },
  ],
  bounds: { retries: 2 },
  expect: { 'no-seq': { sc: 'violation:parent-child-consistency' }, ...FIXED_OK },
};

/**
 * The file's "Prevent race between new event and last CPU going inactive" story: CPU2, the
 * last active CPU, goes idle without timers while CPU0 gets a new timer from idle.
 */
export const UPDATE_EVENTS_UNLOCKED_PRESET: Scenario = {
  name: 'update-events-unlocked',
  description:
    'CPU2 (last active) goes idle while idle CPU0 gets a new global timer at 2 (the "new event vs last CPU going inactive" race)',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'idle', script: [{ action: 'new-timer', expiry: 2 }] },
    { cpu: 1, state: 'idle' },
    { cpu: 2, state: 'active', script: [{ action: 'deactivate', nextexp: null }] },
    { cpu: 3, state: 'idle' },
  ],
  bounds: { retries: 2 },
  expect: { 'update-events-unlocked': { sc: 'violation:timer-handled' }, ...FIXED_OK },
};

/**
 * facd40aa5c46: the seed's machine, but CPU2 (A) goes idle with a global timer at 1: its
 * update_events on GRP1:0 sees no parent and hands back firstexp; CPU0 then connects GRP1:0 to
 * the new root; the old code re-reads group->parent and WARNs.
 */
export const FACD40AA5C46_PRESET: Scenario = {
  name: 'facd40aa5c46',
  description:
    'CPU2 goes idle with a timer (firstexp handed back at the old top) while CPU0 connects a new top level above it',
  machine: { possibleCpus: 8, nodes: 2, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, node: 0, state: 'idle', script: [{ action: 'activate' }, { action: 'prepare', cpu: 3 }] },
    { cpu: 1, node: 0, state: 'idle', script: [{ action: 'activate' }] },
    { cpu: 2, node: 0, state: 'active', timer: 1, script: [{ action: 'deactivate' }] },
    { cpu: 3, node: 1, state: 'absent' },
  ],
  bounds: { retries: 2 },
  expect: {
    facd40aa5c46: { sc: 'violation:WARN_ON_ONCE(data->firstexp != KTIME_MAX && group->parent)' },
    bd3c45dd01: { sc: 'ok' },
  },
};

/**
 * b729cc1ec21a's story on 2 children per group: GRP0:0 = {CPU0, CPU1} is the whole hierarchy;
 * CPU0 wakes up (migrator, walk goes on), CPU1 wakes up and prepares CPU2, which creates
 * GRP0:1 and the new top GRP1:0 and links GRP0:0 to it with groupmask BIT(1).
 */
export const B729CC1EC21A_PRESET: Scenario = {
  name: 'b729cc1ec21a',
  description:
    'CPU0 wakes up and walks above GRP0:0 while CPU1 (awake) prepares CPU2, creating the new top GRP1:0 above GRP0:0',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'idle', script: [{ action: 'activate' }] },
    { cpu: 1, state: 'idle', script: [{ action: 'activate' }, { action: 'prepare', cpu: 2 }] },
    { cpu: 2, state: 'absent' },
  ],
  bounds: { retries: 2 },
  expect: { b729cc1ec21a: { sc: 'violation:migrator-well-formed' }, ...FIXED_OK },
};

/** 868c9037df62: CPU0 prepares CPU2, which needs a new top level; CPU2 comes online. */
export const V868C9037DF62_PRESET: Scenario = {
  name: '868c9037df62',
  description:
    'CPU0 prepares CPU2, which creates a new top level GRP1:0; the old root GRP0:0 must be connected to it',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'active', script: [{ action: 'prepare', cpu: 2 }] },
    { cpu: 1, state: 'idle' },
    { cpu: 2, state: 'absent', script: [{ action: 'online' }] },
  ],
  bounds: { retries: 2 },
  expect: { '868c9037df62': { sc: 'violation:single-root' }, ...FIXED_OK },
};

/**
 * 10a0e6f3d3db scenario A: the old top's CPUs go idle while the incoming CPU2 sets up the new
 * top (pre-fix: on itself, activating it if the old top looked active). CPU1 is the hotplug
 * control CPU (in the fixed code it does the setup while still active).
 */
export const V10A0E6F3D3DB_A_PRESET: Scenario = {
  name: '10a0e6f3d3db-A',
  description:
    'CPU0 and CPU1 go idle (CPU1 after kicking CPU2) while CPU2 comes up and a new top GRP1:0 is set up above GRP0:0',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'active', script: [{ action: 'deactivate', nextexp: null }] },
    {
      cpu: 1,
      state: 'active',
      script: [
        { action: 'prepare', cpu: 2 },
        { action: 'deactivate', nextexp: null },
      ],
    },
    { cpu: 2, state: 'absent', script: [{ action: 'online' }] },
  ],
  bounds: { retries: 2 },
  expect: { '10a0e6f3d3db': { sc: 'violation:parent-child-consistency' }, ...FIXED_OK },
};

/**
 * 10a0e6f3d3db scenario B: CPU0 wakes up and walks above GRP0:0 while the new top is set up
 * (pre-fix: by the incoming CPU2) and GRP0:0 gets its groupmask after its parent.
 */
export const V10A0E6F3D3DB_B_PRESET: Scenario = {
  name: '10a0e6f3d3db-B',
  description:
    'CPU0 wakes up and walks to the new top while it is being connected (CPU1 kicks CPU2, which comes up)',
  machine: { possibleCpus: 4, nodes: 1, childrenPerGroup: 2 },
  cpus: [
    { cpu: 0, state: 'idle', script: [{ action: 'activate' }] },
    { cpu: 1, state: 'idle', script: [{ action: 'activate' }, { action: 'prepare', cpu: 2 }] },
    { cpu: 2, state: 'absent', script: [{ action: 'online' }] },
  ],
  bounds: { retries: 2 },
  expect: { '10a0e6f3d3db': { sc: 'violation:migrator-well-formed' }, ...FIXED_OK },
};

export const HISTORICAL_PRESETS: readonly Scenario[] = [
  V10A0E6F3D3DB_A_PRESET,
  V10A0E6F3D3DB_B_PRESET,
  B729CC1EC21A_PRESET,
  V868C9037DF62_PRESET,
  FACD40AA5C46_PRESET,
  NO_SEQ_PRESET,
  UPDATE_EVENTS_UNLOCKED_PRESET,
];
