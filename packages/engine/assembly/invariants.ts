// The hierarchy invariants of a tmigr program, mirroring core's tmigr/properties.ts (same
// names, same order of checks), evaluated on the program's tmigr section (opcodes.ts TM_*,
// written by core's encoding/tmigr.ts). Any memory model calls `invariantViolated` on the
// values its state implies (shared decision 2).
import {
  H_NLOC,
  H_NTHREADS,
  H_TMIGR,
  INV_MIGRATOR_WELL_FORMED,
  INV_PARENT_CHILD_CONSISTENCY,
  INV_SINGLE_ROOT,
  INV_TIMER_HANDLED,
  INV_TOP_ACTIVE_IF_CPU_ACTIVE,
  ST_DONE,
  ST_RUNNING,
  TM_BOUNDARIES,
  TM_CPUS,
  TM_ENABLED,
  TM_GROUP_AT,
  TM_GROUP_BASES,
  TM_GROUPS,
  TM_KTIME_MAX,
  TM_LEVELS,
  TM_NCPUS,
  TM_NGROUPS,
  TM_PROPS,
  TM_SLOT_BITS,
  TM_SLOT_KTIME_MAX,
  TM_TMIGR_NONE,
  TMC_AVAILABLE,
  TMC_CPUEVT_IGNORE,
  TMC_GROUPMASK,
  TMC_IDLE,
  TMC_REC,
  TMC_TIMER,
  TMC_TMGROUP,
  TMC_WAKEUP,
  TMG_EVENTS,
  TMG_GROUPEVT_IGNORE,
  TMG_GROUPMASK,
  TMG_MIGR_STATE,
  TMG_PARENT,
  TMG_REC,
} from '../../core/src/encoding/opcodes';
import { word } from './program';

/** The memory values of the state being checked: word `a` = value of address `a`. */
let cells: usize = 0;
/** Offset of the program's tmigr section (in words). */
let sec: i32 = 0;

// @ts-ignore: decorator
@inline function value(addr: i32): i32 {
  return load<i32>(cells + ((<usize>addr) << 2));
}

// @ts-ignore: decorator
@inline function tm(field: i32): i32 {
  return word(sec + field);
}

/** Value of field `f` (TMG_*) of group record `g` (word offset). */
// @ts-ignore: decorator
@inline function groupField(g: i32, f: i32): i32 {
  return value(word(g + f));
}

/** Value of field `f` (TMC_*) of CPU `cpu`. */
// @ts-ignore: decorator
@inline function cpuField(cpu: i32, f: i32): i32 {
  return value(word(tm(TM_CPUS) + cpu * TMC_REC + f));
}

/** The record of the group based at `base` (`groupsByBase`), or -1 when no group is based there. */
function groupAt(base: i32): i32 {
  if (base < 0 || base > word(H_NLOC)) return -1;
  return word(tm(TM_GROUP_AT) + base);
}

/** `state(base)`: the migr_state of the group based at `base` (0 when there is none). */
function stateOf(base: i32): i32 {
  const g = groupAt(base);
  return g < 0 ? 0 : groupField(g, TMG_MIGR_STATE);
}

/** The parent pointer of the group based at `base` (0 when there is none). */
function parentOf(base: i32): i32 {
  const g = groupAt(base);
  return g < 0 ? 0 : groupField(g, TMG_PARENT);
}

// @ts-ignore: decorator
@inline function activeOf(s: i32): i32 {
  return s & 0xff;
}

// @ts-ignore: decorator
@inline function migratorOf(s: i32): i32 {
  return (s >>> 8) & 0xff;
}

/**
 * `Math.log2(mask)` used as a slot number, as the shift count JavaScript derives from
 * `log2(mask) * SLOT_BITS` (ToUint32, mod 32): exact for the one-bit masks of the model.
 */
function slotShift(mask: i32): i32 {
  if (mask > 0 && (mask & (mask - 1)) == 0) return (ctz<i32>(mask) * tm(TM_SLOT_BITS)) & 31;
  const x = Math.log2(<f64>mask) * <f64>tm(TM_SLOT_BITS);
  if (!isFinite(x)) return 0;
  return <i32>(<u32>(<i64>x)) & 31;
}

/** `slotOf(q, k)`, the 4-bit slot at shift `shift`: bit 0 = queued, bits 1-3 = expiry code. */
// @ts-ignore: decorator
@inline function slotBits(q: i32, shift: i32): i32 {
  return (q >>> shift) & 0xf;
}

function slotExpiry(v: i32): i32 {
  const code = v >>> 1;
  return code == tm(TM_SLOT_KTIME_MAX) ? tm(TM_KTIME_MAX) : code;
}

/** Whether every RUNNING thread is at an operation boundary (`threads`: per-thread (pc, status) pairs). */
export function isQuiescent(threads: usize): bool {
  const n = word(H_NTHREADS);
  const table = tm(TM_BOUNDARIES);
  for (let i = 0; i < n; i++) {
    const t = threads + ((<usize>i) << 3);
    // properties.ts `isQuiescent`: a finished thread is skipped; one stopped at a loop bound
    // (ST_BOUND) is in the middle of an operation, so the state is not quiescent.
    const st = load<i32>(t, 4);
    if (st == ST_DONE) continue;
    if (st != ST_RUNNING) return false;
    const pc = load<i32>(t);
    const flags = word(table + i);
    if (pc < 0 || pc >= word(flags) || word(flags + 1 + pc) == 0) return false;
  }
  return true;
}

/** The first violated invariant (INV_*) among the enabled ones, or -1 (properties.ts `checkInvariants`). */
export function checkInvariants(): i32 {
  const enabled = tm(TM_ENABLED);
  const nGroups = tm(TM_NGROUPS);
  const groups = tm(TM_GROUPS);
  const nCpus = tm(TM_NCPUS);

  if (enabled & (1 << INV_PARENT_CHILD_CONSISTENCY)) {
    for (let i = 0; i < nGroups; i++) {
      const g = groups + i * TMG_REC;
      const p = groupField(g, TMG_PARENT);
      if (p == 0) continue;
      const inParent = (activeOf(stateOf(p)) & groupField(g, TMG_GROUPMASK)) != 0;
      if (inParent != (activeOf(groupField(g, TMG_MIGR_STATE)) != 0)) return INV_PARENT_CHILD_CONSISTENCY;
    }
    for (let cpu = 0; cpu < nCpus; cpu++) {
      const leaf = cpuField(cpu, TMC_TMGROUP);
      if (leaf == 0) continue;
      const active = cpuField(cpu, TMC_AVAILABLE) != 0 && cpuField(cpu, TMC_IDLE) == 0;
      const inLeaf = (activeOf(stateOf(leaf)) & cpuField(cpu, TMC_GROUPMASK)) != 0;
      if (active != inLeaf) return INV_PARENT_CHILD_CONSISTENCY;
    }
  }
  if (enabled & (1 << INV_MIGRATOR_WELL_FORMED)) {
    const none = tm(TM_TMIGR_NONE);
    for (let i = 0; i < nGroups; i++) {
      const s = groupField(groups + i * TMG_REC, TMG_MIGR_STATE);
      const a = activeOf(s);
      const m = migratorOf(s);
      if ((m == none) != (a == 0)) return INV_MIGRATOR_WELL_FORMED;
      if (m != none && ((m & (m - 1)) != 0 || (m & a) == 0)) return INV_MIGRATOR_WELL_FORMED;
    }
  }
  if (enabled & (1 << INV_TOP_ACTIVE_IF_CPU_ACTIVE)) {
    for (let cpu = 0; cpu < nCpus; cpu++) {
      const leaf = cpuField(cpu, TMC_TMGROUP);
      if (leaf == 0 || cpuField(cpu, TMC_AVAILABLE) == 0 || cpuField(cpu, TMC_IDLE) != 0) continue;
      if (activeOf(stateOf(topOf(leaf))) == 0) return INV_TOP_ACTIVE_IF_CPU_ACTIVE;
    }
  }
  if (enabled & (1 << INV_TIMER_HANDLED)) {
    const ktimeMax = tm(TM_KTIME_MAX);
    for (let cpu = 0; cpu < nCpus; cpu++) {
      const leaf = cpuField(cpu, TMC_TMGROUP);
      const e = cpuField(cpu, TMC_TIMER);
      if (leaf == 0 || e == ktimeMax) continue;
      if (cpuField(cpu, TMC_AVAILABLE) == 0 || cpuField(cpu, TMC_IDLE) == 0) continue;
      if (!timerHandled(cpu, leaf, e)) return INV_TIMER_HANDLED;
    }
  }
  if (enabled & (1 << INV_SINGLE_ROOT)) {
    let roots = 0;
    for (let i = 0; i < nGroups; i++) {
      const g = groups + i * TMG_REC;
      if (groupField(g, TMG_PARENT) == 0 && hasChild(word(tm(TM_GROUP_BASES) + i))) roots++;
    }
    if (roots > 1) return INV_SINGLE_ROOT;
  }
  return -1;
}

/** `topOf(leaf)`: follows parent pointers at most levels + 1 times. */
function topOf(leaf: i32): i32 {
  let g = leaf;
  const levels = tm(TM_LEVELS);
  for (let i = 0; i <= levels; i++) {
    const p = parentOf(g);
    if (p == 0) return g;
    g = p;
  }
  return g;
}

/** single-root's `hasChild`: some group's parent or some CPU's leaf is `base`. */
function hasChild(base: i32): bool {
  const nGroups = tm(TM_NGROUPS);
  const groups = tm(TM_GROUPS);
  for (let i = 0; i < nGroups; i++) {
    const p = groupField(groups + i * TMG_REC, TMG_PARENT);
    if (p != 0 && p == base) return true;
  }
  const nCpus = tm(TM_NCPUS);
  for (let cpu = 0; cpu < nCpus; cpu++) {
    const leaf = cpuField(cpu, TMC_TMGROUP);
    if (leaf != 0 && leaf == base) return true;
  }
  return false;
}

/** properties.ts `timerHandled`. */
function timerHandled(cpu: i32, leaf: i32, e: i32): bool {
  let shift = slotShift(cpuField(cpu, TMC_GROUPMASK));
  let ignored = cpuField(cpu, TMC_CPUEVT_IGNORE) != 0;
  let g = groupAt(leaf);
  const levels = tm(TM_LEVELS);
  for (let i = 0; i <= levels; i++) {
    if (g < 0) return false;
    const ev = slotBits(groupField(g, TMG_EVENTS), shift);
    if (ignored || (ev & 1) == 0 || slotExpiry(ev) > e) return false;
    if (activeOf(groupField(g, TMG_MIGR_STATE)) != 0) return true;
    const p = groupField(g, TMG_PARENT);
    if (p == 0) {
      const nCpus = tm(TM_NCPUS);
      for (let x = 0; x < nCpus; x++) {
        if (cpuField(x, TMC_AVAILABLE) != 0 && cpuField(x, TMC_WAKEUP) <= e) return true;
      }
      return false;
    }
    shift = slotShift(groupField(g, TMG_GROUPMASK));
    ignored = groupField(g, TMG_GROUPEVT_IGNORE) != 0;
    g = groupAt(p);
  }
  return false;
}

/** Whether the current program has a tmigr section with some invariant enabled. */
export function checksInvariants(): bool {
  const at = word(H_TMIGR);
  return at > 0 && word(at + TM_ENABLED) != 0;
}

/**
 * Shared decision 2: 0 when the program checks no invariant, the state is not quiescent, or no
 * enabled invariant is violated; else 1 + the property index of the violated invariant.
 * `cellsPtr`: memory values as i32 words indexed by address; `threads`: per-thread (pc, status)
 * i32 pairs.
 */
export function invariantViolated(cellsPtr: usize, threads: usize): i32 {
  sec = word(H_TMIGR);
  if (sec <= 0 || word(sec + TM_ENABLED) == 0) return 0;
  if (!isQuiescent(threads)) return 0;
  cells = cellsPtr;
  const bad = checkInvariants();
  return bad < 0 ? 0 : 1 + word(sec + TM_PROPS + bad);
}
