/**
 * The tmigr section of an encoded program (opcodes.ts `TM_*`): what the engine needs to
 * evaluate the quiescence test and the hierarchy invariants of tmigr/properties.ts itself —
 * which invariants are checked, their property indices, the addresses of every group and CPU
 * field, and each thread's operation boundaries. Produced from the model's {@link TmigrLayout}.
 */
import type { Program } from '../ir/types.js';
import { KTIME_MAX, SLOT_BITS, SLOT_KTIME_MAX, TMIGR_NONE } from '../tmigr/constants.js';
import { CPU_FIELDS, GROUP_FIELDS } from '../tmigr/layout.js';
import { INVARIANTS } from '../tmigr/properties.js';
import type { CpuAddresses, GroupAddresses, TmigrLayout } from '../tmigr/types.js';
import * as K from './opcodes.js';

/** What the tmigr section is made from: a model's layout and its checked properties (a `TmigrModel` is one). */
export interface TmigrInvariantSpec {
  readonly layout: TmigrLayout;
  /** The checked properties; the invariants among them are encoded as enabled. */
  readonly properties: readonly string[];
}

/** Record slot of each group field (opcodes.ts TMG_*), in GROUP_FIELDS order. */
const GROUP_SLOT: Record<keyof GroupAddresses, number> = {
  migr_state: K.TMG_MIGR_STATE,
  parent: K.TMG_PARENT,
  groupmask: K.TMG_GROUPMASK,
  lock: K.TMG_LOCK,
  next_expiry: K.TMG_NEXT_EXPIRY,
  events: K.TMG_EVENTS,
  groupevt_ignore: K.TMG_GROUPEVT_IGNORE,
  groupevt_cpu: K.TMG_GROUPEVT_CPU,
};

/** Record slot of each CPU field (opcodes.ts TMC_*), in CPU_FIELDS order. */
const CPU_SLOT: Record<keyof CpuAddresses, number> = {
  lock: K.TMC_LOCK,
  idle: K.TMC_IDLE,
  available: K.TMC_AVAILABLE,
  remote: K.TMC_REMOTE,
  wakeup: K.TMC_WAKEUP,
  cpuevt_ignore: K.TMC_CPUEVT_IGNORE,
  tmgroup: K.TMC_TMGROUP,
  groupmask: K.TMC_GROUPMASK,
  timer: K.TMC_TIMER,
};

const INVARIANT_INDEX: readonly number[] = [
  K.INV_PARENT_CHILD_CONSISTENCY,
  K.INV_MIGRATOR_WELL_FORMED,
  K.INV_TOP_ACTIVE_IF_CPU_ACTIVE,
  K.INV_TIMER_HANDLED,
  K.INV_SINGLE_ROOT,
];

/**
 * Appends the tmigr section of `spec` to `words` and returns its offset. `propertyIndex` gives
 * (and registers) the index of a property name in the program's property table.
 */
export function encodeTmigrSection(
  spec: TmigrInvariantSpec,
  program: Program,
  words: number[],
  propertyIndex: (name: string) => number,
): number {
  const { layout } = spec;
  if (
    INVARIANTS.length !== K.TM_NINV ||
    GROUP_FIELDS.length !== K.TMG_REC ||
    CPU_FIELDS.length !== K.TMC_REC ||
    GROUP_FIELDS.some((f, i) => GROUP_SLOT[f] !== i) ||
    CPU_FIELDS.some((f, i) => CPU_SLOT[f] !== i) ||
    INVARIANT_INDEX.some((x, i) => x !== i)
  )
    throw new Error('internal: the tmigr section constants do not match the layout');
  if (layout.threads.length !== program.threads.length)
    throw new Error('internal: the tmigr layout does not describe the program (thread count)');
  if (layout.cpus.some((c, i) => c.cpu !== i))
    throw new Error('internal: the tmigr layout has CPUs out of order');
  if (layout.ktimeMax !== KTIME_MAX) throw new Error('internal: the tmigr layout has another KTIME_MAX');

  const sec = words.length;
  const head = new Array<number>(K.TM_HEADER).fill(0);
  words.push(...head);
  let enabled = 0;
  INVARIANTS.forEach((name, i) => {
    const on = spec.properties.includes(name);
    if (on) enabled |= 1 << i;
    words[sec + K.TM_PROPS + i] = on ? propertyIndex(name) : -1;
  });
  words[sec + K.TM_ENABLED] = enabled;
  words[sec + K.TM_LEVELS] = layout.levels;
  words[sec + K.TM_KTIME_MAX] = KTIME_MAX;
  words[sec + K.TM_SLOT_KTIME_MAX] = SLOT_KTIME_MAX;
  words[sec + K.TM_SLOT_BITS] = SLOT_BITS;
  words[sec + K.TM_TMIGR_NONE] = TMIGR_NONE;

  words[sec + K.TM_NGROUPS] = layout.groups.length;
  words[sec + K.TM_GROUPS] = words.length;
  const groupRecord = new Map<number, number>();
  for (const g of layout.groups) {
    groupRecord.set(g.base, words.length);
    for (const f of GROUP_FIELDS) words.push(g.addr[f]);
  }
  words[sec + K.TM_GROUP_BASES] = words.length;
  for (const g of layout.groups) words.push(g.base);
  words[sec + K.TM_NCPUS] = layout.cpus.length;
  words[sec + K.TM_CPUS] = words.length;
  for (const c of layout.cpus) for (const f of CPU_FIELDS) words.push(c.addr[f]);

  words[sec + K.TM_GROUP_AT] = words.length;
  for (let a = 0; a <= program.locations.length; a++) words.push(groupRecord.get(a) ?? -1);

  words[sec + K.TM_BOUNDARIES] = words.length;
  const table = words.length;
  for (let t = 0; t < program.threads.length; t++) words.push(0);
  program.threads.forEach((th, t) => {
    words[table + t] = words.length;
    const n = th.code.length + 1;
    const flags = new Array<number>(n).fill(0);
    for (const pc of layout.threads[t]!.boundaries) flags[pc] = 1;
    words.push(n, ...flags);
  });
  return sec;
}
