/**
 * The renderer's own view of a tmigr hierarchy at one state. The tmigr model decodes a state
 * into its own snapshot type; an adapter maps that into this one, so the renderer does not
 * depend on how the model lays out its locations.
 */

/** One group of the hierarchy (a `struct tmigr_group`). */
export interface GroupNode {
  /** Kernel-style name, e.g. `GRP1:0`. */
  readonly name: string;
  /** 0 = groups of CPUs. */
  readonly level: number;
  /** The `active` bitmap of `migr_state` (one bit per child groupmask). */
  readonly active: number;
  /** Name of the migrator child (`GRP0:1`, `CPU 3`), or null for TMIGR_NONE. */
  readonly migrator: string | null;
  /** Name of the parent group, or null when `parent` is NULL. */
  readonly parent: string | null;
  /** This group's bit in its parent (`groupmask`); orders the children. */
  readonly groupmask: number;
  /** False for a group that is not connected yet (not drawn). */
  readonly exists: boolean;
}

/** How a CPU is drawn. */
export type CpuMode = 'active' | 'idle' | 'offline';

/** One CPU (a `struct tmigr_cpu`). */
export interface CpuNode {
  readonly cpu: number;
  readonly mode: CpuMode;
  /** The CPU's leaf group, or null if it has none yet (not drawn). */
  readonly group: string | null;
  /** The CPU's bit in its leaf group; orders the CPUs. */
  readonly groupmask: number;
}

/** The hierarchy at one state. */
export interface HierarchySnapshot {
  readonly groups: readonly GroupNode[];
  readonly cpus: readonly CpuNode[];
}

/** A node of the drawn forest. */
export type TreeNode =
  | {
      readonly kind: 'group';
      readonly group: GroupNode;
      readonly children: readonly TreeNode[];
      /** The group's state disagrees with its bit in the parent's `active` mask. */
      readonly mismatch: boolean;
    }
  | {
      readonly kind: 'cpu';
      readonly cpu: CpuNode;
      /** The CPU's state disagrees with its bit in the leaf's `active` mask. */
      readonly mismatch: boolean;
    };

const bitIndex = (mask: number): number => (mask === 0 ? 99 : 31 - Math.clz32(mask & -mask));

/**
 * Builds the forest of connected groups: children under their parent (by groupmask), CPUs under
 * their leaf group. Several roots appear while a new level is being connected.
 */
export function buildForest(snap: HierarchySnapshot): TreeNode[] {
  const existing = snap.groups.filter((g) => g.exists);
  const byName = new Map(existing.map((g) => [g.name, g] as const));
  const order = (a: { groupmask: number; name: string }, b: { groupmask: number; name: string }): number =>
    bitIndex(a.groupmask) - bitIndex(b.groupmask) || a.name.localeCompare(b.name, 'en', { numeric: true });
  const seen = new Set<string>();
  const nodeOf = (g: GroupNode, parent: GroupNode | null): TreeNode => {
    seen.add(g.name);
    const groups = existing.filter((c) => c.parent === g.name && !seen.has(c.name)).sort(order);
    const cpus = snap.cpus
      .filter((c) => c.group === g.name)
      .sort((a, b) => bitIndex(a.groupmask) - bitIndex(b.groupmask) || a.cpu - b.cpu);
    const inMask = (mask: number): boolean => (g.active & mask) !== 0;
    return {
      kind: 'group',
      group: g,
      children: [
        ...groups.map((c) => nodeOf(c, g)),
        ...cpus.map(
          (cpu): TreeNode => ({
            kind: 'cpu',
            cpu,
            mismatch: inMask(cpu.groupmask) !== (cpu.mode === 'active'),
          }),
        ),
      ],
      mismatch: parent !== null && ((parent.active & g.groupmask) !== 0) !== (g.active !== 0),
    };
  };
  const roots = existing
    .filter((g) => g.parent === null || !byName.has(g.parent))
    .sort((a, b) => b.level - a.level || a.name.localeCompare(b.name, 'en', { numeric: true }));
  const forest = roots.map((g) => nodeOf(g, null));
  // A parent cycle (never in a sane model) would leave groups unreached: draw them as roots.
  for (const g of existing) if (!seen.has(g.name)) forest.push(nodeOf(g, null));
  return forest;
}

/** True when some node of the forest disagrees with its parent's `active` mask. */
export function hasMismatch(forest: readonly TreeNode[]): boolean {
  return forest.some((n) => n.mismatch || (n.kind === 'group' && hasMismatch(n.children)));
}

/** The legend line for the `*` mark. */
export const MISMATCH_LEGEND = "* = the parent's active mask says otherwise";

/** `active` / `idle` of a group. */
export function groupMode(g: GroupNode): 'active' | 'idle' {
  return g.active !== 0 ? 'active' : 'idle';
}
