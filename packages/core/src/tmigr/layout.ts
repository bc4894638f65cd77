/**
 * Memory layout of the model: every `struct tmigr_group` and `struct tmigr_cpu` field the
 * operations touch is a 32-bit location. A group (or CPU) is a block of consecutive
 * locations; a pointer to it is the address of its first field, so `group->field` is
 * `pointer + offset` and a pointer read carries an address dependency, as in the kernel.
 */
import type { ProgramBuilder } from '../ir/builder.js';
import { INIT_STATE, KTIME_MAX } from './constants.js';
import type { HierarchySim } from './topology.js';
import type { CpuAddresses, CpuLayout, GroupAddresses, GroupLayout, TmigrLayout } from './types.js';

/** Field order inside a group block. */
export const GROUP_FIELDS: readonly (keyof GroupAddresses)[] = [
  'migr_state',
  'parent',
  'groupmask',
  'lock',
  'next_expiry',
  'events',
  'groupevt_ignore',
  'groupevt_cpu',
];

/** Field order inside a CPU block. */
export const CPU_FIELDS: readonly (keyof CpuAddresses)[] = [
  'lock',
  'idle',
  'available',
  'remote',
  'wakeup',
  'cpuevt_ignore',
  'tmgroup',
  'groupmask',
  'timer',
];

export function groupOffset(field: keyof GroupAddresses): number {
  return GROUP_FIELDS.indexOf(field);
}

export function cpuOffset(field: keyof CpuAddresses): number {
  return CPU_FIELDS.indexOf(field);
}

/** Initial values before any setup (kzalloc + tmigr_init_group / tmigr_cpu_prepare). */
function groupInit(field: keyof GroupAddresses): number {
  switch (field) {
    case 'migr_state':
      return INIT_STATE;
    case 'next_expiry':
      return KTIME_MAX;
    case 'groupevt_ignore':
      return 1;
    // events: every slot unqueued with expiry KTIME_MAX (slot code 7 << 1 = 0xE per slot).
    case 'events':
      return 0xeeeeeeee | 0;
    default:
      return 0;
  }
}

function cpuInit(field: keyof CpuAddresses): number {
  switch (field) {
    case 'wakeup':
    case 'timer':
      return KTIME_MAX;
    case 'cpuevt_ignore':
    case 'idle':
      return 1;
    default:
      return 0;
  }
}

export interface LayoutInput {
  readonly sim: HierarchySim;
  /** Groups created by scripted prepares: name -> CPU being prepared. */
  readonly createdBy: ReadonlyMap<string, number>;
  /** CPU number -> node, for CPUs 0..max. */
  readonly nodeOf: readonly number[];
  readonly threadOfCpu: ReadonlyMap<number, number>;
  readonly prepareTargets: readonly number[];
  readonly hasClock: boolean;
}

/** Declares all locations in `b` and returns the layout (threads filled in later). */
export function allocateLayout(b: ProgramBuilder, input: LayoutInput): Omit<TmigrLayout, 'threads'> {
  const { sim } = input;
  const globals: Record<string, number> = {};
  globals.tmigr_mutex = b.location('tmigr_mutex');
  globals.tmigr_available_mutex = b.location('tmigr_available_mutex');
  globals.jiffies = b.location('jiffies');
  for (const t of input.prepareTargets) globals[`cpuhp:${t}`] = b.location(`cpuhp:${t}`);
  const groups: GroupLayout[] = sim.groups
    .slice()
    .sort((a, z) => a.level - z.level || a.index - z.index)
    .map((g) => {
      const addr: Record<string, number> = {};
      let base = 0;
      for (const f of GROUP_FIELDS) {
        const a = b.location(`${g.name}.${f}`, groupInit(f));
        if (base === 0) base = a;
        addr[f] = a;
      }
      return {
        name: g.name,
        level: g.level,
        index: g.index,
        node: g.node,
        base,
        addr: addr as unknown as GroupAddresses,
        parent: g.parent?.name ?? null,
        slot: g.parent ? Math.log2(g.groupmask) : null,
        createdByPrepareOf: input.createdBy.get(g.name) ?? null,
      };
    });
  const cpus: CpuLayout[] = input.nodeOf.map((node, cpu) => {
    const addr: Record<string, number> = {};
    let base = 0;
    for (const f of CPU_FIELDS) {
      const a = b.location(`CPU${cpu}.${f}`, cpuInit(f));
      if (base === 0) base = a;
      addr[f] = a;
    }
    const link = sim.cpus.get(cpu);
    return {
      cpu,
      node,
      base,
      addr: addr as unknown as CpuAddresses,
      leaf: link?.group.name ?? null,
      slot: link ? Math.log2(link.mask) : null,
      thread: input.threadOfCpu.get(cpu) ?? null,
    };
  });
  return {
    levels: sim.levels,
    crossnodeLevel: sim.crossnodeLevel,
    childrenPerGroup: sim.childrenPerGroup,
    groups,
    cpus,
    globals,
    ktimeMax: KTIME_MAX,
  };
}
