/**
 * Invariants of the hierarchy, checked at quiescent states: every thread is between two
 * operations (its program counter is an operation boundary) or finished. Mid-walk states are
 * legitimately inconsistent and are not checked.
 *
 * tmigr-kernel.md §3.1: (1) parent/child consistency, (2) migrator well-formed, (3) root
 * liveness, (4) no lost global timer, (7) single root.
 */
import type { StateView } from '../explore/semantics.js';
import { ST_DONE, ST_RUNNING } from '../explore/thread.js';
import { KTIME_MAX, SLOT_BITS, SLOT_KTIME_MAX, TMIGR_NONE } from './constants.js';
import type { TmigrLayout } from './types.js';

/** The invariant names, in the order they are checked. */
export const INVARIANTS = [
  'parent-child-consistency',
  'migrator-well-formed',
  'top-active-if-cpu-active',
  'timer-handled',
  'single-root',
] as const;

export type InvariantName = (typeof INVARIANTS)[number];

/**
 * Whether every thread of `view` is at an operation boundary or finished. A thread stopped at a
 * loop bound (ST_BOUND) is in the middle of an operation: the state is not quiescent (its
 * invariants are not checked; the result is incomplete (bound)).
 */
export function isQuiescent(
  layout: TmigrLayout,
  boundaries: readonly ReadonlySet<number>[],
  view: StateView,
): boolean {
  for (let i = 0; i < view.threads.length; i++) {
    const t = view.threads[i]!;
    if (t.status === ST_DONE) continue;
    if (t.status !== ST_RUNNING || !boundaries[i]!.has(t.pc)) return false;
  }
  return layout.threads.length >= 0;
}

const activeOf = (s: number) => s & 0xff;
const migratorOf = (s: number) => (s >>> 8) & 0xff;

function slotOf(q: number, k: number): { queued: boolean; expiry: number } {
  const v = (q >>> (k * SLOT_BITS)) & 0xf;
  const code = v >>> 1;
  return { queued: (v & 1) !== 0, expiry: code === SLOT_KTIME_MAX ? KTIME_MAX : code };
}

/** The groups of `layout` by base address (see {@link checkInvariants}). */
export function groupsByBase(layout: TmigrLayout): Map<number, TmigrLayout['groups'][number]> {
  return new Map(layout.groups.map((g) => [g.base, g] as const));
}

/**
 * Returns the first violated invariant among `enabled` at a quiescent state, or null.
 * `groupAt` is `groupsByBase(layout)`, computed once by callers that check many states.
 */
export function checkInvariants(
  layout: TmigrLayout,
  view: StateView,
  enabled: ReadonlySet<string>,
  groupAt: Map<number, TmigrLayout['groups'][number]> = groupsByBase(layout),
): string | null {
  const state = (base: number) => view.value(groupAt.get(base)!.addr.migr_state);

  if (enabled.has('parent-child-consistency')) {
    for (const g of layout.groups) {
      const p = view.value(g.addr.parent);
      if (p === 0) continue;
      const inParent = (activeOf(state(p)) & view.value(g.addr.groupmask)) !== 0;
      if (inParent !== (activeOf(view.value(g.addr.migr_state)) !== 0)) return 'parent-child-consistency';
    }
    for (const cpu of layout.cpus) {
      const leaf = view.value(cpu.addr.tmgroup);
      if (leaf === 0) continue;
      const active = view.value(cpu.addr.available) !== 0 && view.value(cpu.addr.idle) === 0;
      const inLeaf = (activeOf(state(leaf)) & view.value(cpu.addr.groupmask)) !== 0;
      if (active !== inLeaf) return 'parent-child-consistency';
    }
  }
  if (enabled.has('migrator-well-formed')) {
    for (const g of layout.groups) {
      const s = view.value(g.addr.migr_state);
      const a = activeOf(s);
      const m = migratorOf(s);
      if ((m === TMIGR_NONE) !== (a === 0)) return 'migrator-well-formed';
      if (m !== TMIGR_NONE && ((m & (m - 1)) !== 0 || (m & a) === 0)) return 'migrator-well-formed';
    }
  }
  const topOf = (leaf: number): number => {
    let g = leaf;
    for (let i = 0; i <= layout.levels; i++) {
      const p = view.value(groupAt.get(g)!.addr.parent);
      if (p === 0) return g;
      g = p;
    }
    return g;
  };
  if (enabled.has('top-active-if-cpu-active')) {
    for (const cpu of layout.cpus) {
      const leaf = view.value(cpu.addr.tmgroup);
      if (leaf === 0 || view.value(cpu.addr.available) === 0 || view.value(cpu.addr.idle) !== 0) continue;
      if (activeOf(state(topOf(leaf))) === 0) return 'top-active-if-cpu-active';
    }
  }
  if (enabled.has('timer-handled')) {
    for (const cpu of layout.cpus) {
      const leaf = view.value(cpu.addr.tmgroup);
      const e = view.value(cpu.addr.timer);
      if (leaf === 0 || e === KTIME_MAX) continue;
      if (view.value(cpu.addr.available) === 0 || view.value(cpu.addr.idle) === 0) continue;
      if (!timerHandled(layout, view, groupAt, cpu.cpu, leaf, e)) return 'timer-handled';
    }
  }
  if (enabled.has('single-root')) {
    const hasChild = new Set<number>();
    for (const g of layout.groups) {
      const p = view.value(g.addr.parent);
      if (p !== 0) hasChild.add(p);
    }
    for (const cpu of layout.cpus) {
      const leaf = view.value(cpu.addr.tmgroup);
      if (leaf !== 0) hasChild.add(leaf);
    }
    let roots = 0;
    for (const g of layout.groups) if (hasChild.has(g.base) && view.value(g.addr.parent) === 0) roots++;
    if (roots > 1) return 'single-root';
  }
  return null;
}

/**
 * A pending global timer (expiry `e`) of an idle CPU is handled when its event is queued in
 * its leaf, re-queued (not ignored, expiry <= e) through idle ancestors up to an active group
 * (whose migrator checks the queue every tick), or up to the idle top, in which case some
 * available CPU has `wakeup <= e` (it got the first expiry handed back).
 */
function timerHandled(
  layout: TmigrLayout,
  view: StateView,
  groupAt: Map<number, TmigrLayout['groups'][number]>,
  cpu: number,
  leaf: number,
  e: number,
): boolean {
  const c = layout.cpus[cpu]!;
  const mask = view.value(c.addr.groupmask);
  let slot = Math.log2(mask);
  let ignored = view.value(c.addr.cpuevt_ignore) !== 0;
  let g = groupAt.get(leaf)!;
  for (let i = 0; i <= layout.levels; i++) {
    const ev = slotOf(view.value(g.addr.events), slot);
    if (ignored || !ev.queued || ev.expiry > e) return false;
    if (activeOf(view.value(g.addr.migr_state)) !== 0) return true;
    const p = view.value(g.addr.parent);
    if (p === 0) {
      return layout.cpus.some((x) => view.value(x.addr.available) !== 0 && view.value(x.addr.wakeup) <= e);
    }
    slot = Math.log2(view.value(g.addr.groupmask));
    ignored = view.value(g.addr.groupevt_ignore) !== 0;
    g = groupAt.get(p)!;
  }
  return false;
}
