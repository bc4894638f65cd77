import type { StateView } from '../explore/semantics.js';
import type { Program } from '../ir/types.js';
import { snapshot, TMIGR_NONE, type TmigrLayout, type TmigrSnapshot, unpackState } from '../tmigr/api.js';
import type { CpuNode, GroupNode, HierarchySnapshot } from './hierarchy.js';
import type { HierarchySource } from './tree.js';

/** `CPU3` -> `CPU 3` (the commit messages' spelling); other names unchanged. */
export function cpuName(name: string): string {
  return name.replace(/^CPU(\d+)$/, 'CPU $1');
}

/** What a location holds, for decoding its values. */
type LocKind = 'state' | 'group-ptr' | 'mask' | 'plain';

interface LocInfo {
  readonly name: string;
  readonly kind: LocKind;
  /** For `state`: the group whose `migr_state` it is. */
  readonly group?: string;
}

/** `CPU 3` / `GRP0:1`: the name of the child of `group` with bit `mask`, from the layout. */
function childByMask(layout: TmigrLayout, group: string, mask: number): string {
  const bit = 31 - Math.clz32(mask);
  if (mask === 0 || (mask & (mask - 1)) !== 0) return `?0x${mask.toString(16)}`;
  const g = layout.groups.find((x) => x.parent === group && x.slot === bit);
  if (g) return g.name;
  const c = layout.cpus.find((x) => x.leaf === group && x.slot === bit);
  if (c) return `CPU ${c.cpu}`;
  return `?0x${mask.toString(16)}`;
}

/** Names and kinds of every location the layout knows; the program's names for the rest. */
function locationTable(program: Program, layout: TmigrLayout): Map<number, LocInfo> {
  const table = new Map<number, LocInfo>();
  const kindOf = (field: string): LocKind =>
    field === 'migr_state'
      ? 'state'
      : field === 'parent' || field === 'tmgroup'
        ? 'group-ptr'
        : field === 'groupmask' || field === 'events'
          ? 'mask'
          : 'plain';
  for (const g of layout.groups) {
    for (const [field, addr] of Object.entries(g.addr)) {
      table.set(addr, { name: `${g.name}->${field}`, kind: kindOf(field), group: g.name });
    }
  }
  for (const c of layout.cpus) {
    for (const [field, addr] of Object.entries(c.addr))
      table.set(addr, { name: `CPU${c.cpu}->${field}`, kind: kindOf(field) });
  }
  for (const [name, addr] of Object.entries(layout.globals)) table.set(addr, { name, kind: 'plain' });
  program.locations.forEach((l, i) => {
    if (!table.has(i + 1)) table.set(i + 1, { name: l.name, kind: 'plain' });
  });
  return table;
}

/** Formats a `union tmigr_state` word: `{active 0x1, migr GRP1:0}` (migrator by name). */
export function formatTmigrState(layout: TmigrLayout, group: string, word: number): string {
  const s = unpackState(word);
  const migr = s.migrator === TMIGR_NONE ? 'none' : childByMask(layout, group, s.migrator);
  return `{active 0x${s.active.toString(16)}, migr ${migr}}`;
}

/** Maps the tmigr model's snapshot onto the renderer's hierarchy type. */
export function hierarchyOf(layout: TmigrLayout, snap: TmigrSnapshot): HierarchySnapshot {
  const groups = snap.groups.map(
    (g): GroupNode => ({
      name: g.name,
      level: g.level,
      active: g.active,
      migrator: g.migratorName === null ? null : cpuName(g.migratorName),
      parent: g.parent,
      groupmask: g.childmask,
      exists: g.connected,
    }),
  );
  const cpus = snap.cpus.map((c): CpuNode => {
    const slot = layout.cpus.find((x) => x.cpu === c.cpu)?.slot ?? null;
    return {
      cpu: c.cpu,
      mode: !c.available ? 'offline' : c.idle ? 'idle' : 'active',
      group: c.group,
      groupmask: slot === null ? 0 : 1 << slot,
    };
  });
  return { groups, cpus };
}

/**
 * The tree renderer's source for a tmigr model: threads named after their CPUs, locations by
 * their layout names (`GRP1:0->parent`), pointers as group names, `migr_state` decoded.
 */
export function tmigrSource(model: {
  readonly program: Program;
  readonly layout: TmigrLayout;
}): HierarchySource {
  const { program, layout } = model;
  const table = locationTable(program, layout);
  const groupAt = new Map(layout.groups.map((g) => [g.base, g.name] as const));
  return {
    threadName: (t) => cpuName(layout.threads[t]?.name ?? program.threads[t]?.name ?? `T${t}`),
    locationName: (addr) => table.get(addr)?.name ?? (addr === 0 ? 'NULL' : `@${addr}`),
    formatValue: (addr, value) => {
      const info = table.get(addr);
      switch (info?.kind) {
        case 'state':
          return formatTmigrState(layout, info.group ?? '', value);
        case 'group-ptr':
          return value === 0 ? 'NULL' : (groupAt.get(value) ?? `@${value}`);
        case 'mask':
          return `0x${(value >>> 0).toString(16)}`;
        default:
          return value === layout.ktimeMax ? 'KTIME_MAX' : String(value);
      }
    },
    snapshot: (view: StateView) => hierarchyOf(layout, snapshot(layout, view)),
  };
}
