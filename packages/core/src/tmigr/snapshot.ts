/** Decoding a state into the hierarchy, for renderers and the invariants. */
import type { StateView } from '../explore/semantics.js';
import { KTIME_MAX, SLOT_BITS, SLOT_KTIME_MAX, TMIGR_NONE, unpackState } from './constants.js';
import type { CpuSnapshot, GroupSnapshot, TmigrLayout, TmigrSnapshot } from './types.js';

const orNull = (v: number): number | null => (v === KTIME_MAX ? null : v);

/** The children (by slot) of each group in the current state: CPUs by their tmgroup, groups by their parent. */
export function currentChildren(
  layout: TmigrLayout,
  view: StateView,
): Map<number, { name: string; mask: number }[]> {
  const out = new Map<number, { name: string; mask: number }[]>();
  const add = (base: number, name: string, mask: number) => {
    const list = out.get(base) ?? [];
    list.push({ name, mask });
    out.set(base, list);
  };
  for (const g of layout.groups) {
    const p = view.value(g.addr.parent);
    if (p !== 0) add(p, g.name, view.value(g.addr.groupmask));
  }
  for (const cpu of layout.cpus) {
    const leaf = view.value(cpu.addr.tmgroup);
    if (leaf !== 0) add(leaf, `CPU${cpu.cpu}`, view.value(cpu.addr.groupmask));
  }
  return out;
}

/** Decodes every group and CPU of `layout` from `view`. */
export function snapshotOf(layout: TmigrLayout, view: StateView): TmigrSnapshot {
  const byBase = new Map(layout.groups.map((g) => [g.base, g.name] as const));
  const children = currentChildren(layout, view);
  const groups: GroupSnapshot[] = layout.groups.map((g) => {
    const s = unpackState(view.value(g.addr.migr_state));
    const kids = children.get(g.base) ?? [];
    const parent = view.value(g.addr.parent);
    const q = view.value(g.addr.events);
    const events: { child: string; expiry: number }[] = [];
    for (let k = 0; k < layout.childrenPerGroup; k++) {
      const slot = (q >>> (k * SLOT_BITS)) & 0xf;
      if ((slot & 1) === 0) continue;
      const code = slot >>> 1;
      const kid = kids.find((x) => x.mask === 1 << k)?.name ?? `slot${k}`;
      events.push({ child: kid, expiry: code === SLOT_KTIME_MAX ? KTIME_MAX : code });
    }
    return {
      name: g.name,
      level: g.level,
      active: s.active,
      activeChildren: kids.filter((k) => (k.mask & s.active) !== 0).map((k) => k.name),
      migrator: s.migrator === TMIGR_NONE ? null : s.migrator,
      migratorName:
        s.migrator === TMIGR_NONE
          ? null
          : (kids.find((k) => k.mask === s.migrator)?.name ?? `?${s.migrator}`),
      seq: s.seq,
      parent: parent === 0 ? null : (byBase.get(parent) ?? `@${parent}`),
      childmask: view.value(g.addr.groupmask),
      nextExpiry: orNull(view.value(g.addr.next_expiry)),
      events,
      connected: parent !== 0 || kids.length > 0,
    };
  });
  const cpus: CpuSnapshot[] = layout.cpus.map((cpu) => {
    const idle = view.value(cpu.addr.idle) !== 0;
    const available = view.value(cpu.addr.available) !== 0;
    const leaf = view.value(cpu.addr.tmgroup);
    return {
      cpu: cpu.cpu,
      idle,
      available,
      active: available && !idle,
      group: leaf === 0 ? null : (byBase.get(leaf) ?? `@${leaf}`),
      wakeup: orNull(view.value(cpu.addr.wakeup)),
      timer: orNull(view.value(cpu.addr.timer)),
    };
  });
  return { groups, cpus, now: view.value(layout.globals.jiffies!) };
}
