/**
 * The hierarchy as the kernel builds it, simulated at model-build time.
 *
 * Everything here runs under `tmigr_mutex` in the kernel (level lists, `num_children`, the
 * choice of groups, `tmigr_root`), so a sequential TypeScript simulation is exact. The
 * SHARED effects of a setup (groupmask stores, the release store of `parent`, the old-root
 * state read and the activation walk) are not done here: a setup pass only records them, in
 * kernel order, and the code generator turns them into IR steps.
 *
 * Kernel: v7.1-rc1 `tmigr_init()`, `tmigr_get_group()`, `tmigr_init_group()`,
 * `tmigr_init_root()`, `tmigr_connect_child_parent()`, `tmigr_setup_groups()`,
 * `tmigr_add_cpu()` (intel-lab-lkp/linux@b7f6b1ffaff1).
 */
import type { SetupLink, SetupPass, SetupPlan, SetupRules } from './types.js';

/** Result of the level computation of `tmigr_init()`. */
export interface LevelInfo {
  readonly cpusPerNode: number;
  readonly cpulvl: number;
  readonly nodelvl: number;
  /** `tmigr_hierarchy_levels`. */
  readonly levels: number;
  /** `tmigr_crossnode_level`. */
  readonly crossnodeLevel: number;
}

/** `order_base_2(n)`: ceil(log2(n)), 0 for n <= 1. */
export function orderBase2(n: number): number {
  let o = 0;
  while (1 << o < n) o++;
  return o;
}

/** `ilog2(n)`: floor(log2(n)). */
export function ilog2(n: number): number {
  let o = 0;
  while (1 << (o + 1) <= n) o++;
  return o;
}

/**
 * `tmigr_init()`: cpus_per_node = ceil(ncpus / nnodes); cpulvl = ceil(order_base_2(cpus_per_node)
 * / ilog2(C)); nodelvl = ceil(order_base_2(nnodes) / ilog2(C)); levels = cpulvl + nodelvl;
 * crossnode level = cpulvl. Returns null on UP (ncpus == 1: "Nothing to do").
 */
export function computeLevels(
  possibleCpus: number,
  nodes: number,
  childrenPerGroup: number,
): LevelInfo | null {
  if (possibleCpus <= 1) return null;
  const cpusPerNode = Math.ceil(possibleCpus / nodes);
  const lg = ilog2(childrenPerGroup);
  const cpulvl = Math.ceil(orderBase2(cpusPerNode) / lg);
  const nodelvl = Math.ceil(orderBase2(nodes) / lg);
  return { cpusPerNode, cpulvl, nodelvl, levels: cpulvl + nodelvl, crossnodeLevel: cpulvl };
}

/** A group of the simulation (`struct tmigr_group`, setup-only fields). */
export interface SimGroup {
  readonly name: string;
  readonly level: number;
  readonly index: number;
  /** numa_node; null = NUMA_NO_NODE. */
  readonly node: number | null;
  numChildren: number;
  parent: SimGroup | null;
  groupmask: number;
  /** Children by slot (bit index): a group name or `CPU<n>`. */
  readonly children: (string | undefined)[];
}

/** Raised when setup fails the way the kernel's does (-EINVAL after a WARN). */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

/** The setup rules of the v7.1-rc1 kernel. */
export const MODERN_SETUP: SetupRules = {
  preinitNewTop: true,
  oldRootAttachChildren: 2,
  connectOrder: 'groupmask-then-parent',
  parentStore: 'release',
  setupOn: 'prepare',
};

/**
 * Sequential simulation of the setup code under `tmigr_mutex`.
 *
 * Children per group C = 2 caveat (tmigr-kernel.md §1.9): since v6.19 the old root is attached
 * by a second `tmigr_setup_groups(start = old root, activate = true)` pass that finds the new
 * root with `tmigr_get_group()`. The new root then already counts 2 children (the
 * pre-accounted old root and the new CPU's branch); with C = 2 it is "full", get_group would
 * allocate yet another top group and the pass would run off the top. With the kernel's C = 8
 * (and any C >= 4) get_group returns the new root, because it is the head of its level list and
 * has room. The simulation therefore returns the current root for the attach pass at the
 * root's level — which is what the kernel does for C >= 4 and what the v6.13–v6.18 code did
 * directly (it linked the old root to the new top without a search). `attachCaveatUsed` tells
 * when this deviation from a literal C = 2 kernel happened.
 */
export class HierarchySim {
  readonly levels: number;
  readonly crossnodeLevel: number;
  readonly childrenPerGroup: number;
  readonly rules: SetupRules;
  /** tmigr_level_list[]: head first (list_add inserts at the head). */
  readonly levelList: SimGroup[][];
  readonly groups: SimGroup[] = [];
  root: SimGroup | null = null;
  readonly cpus = new Map<number, { group: SimGroup; mask: number }>();
  attachCaveatUsed = false;
  private readonly perLevelCount: number[];

  constructor(info: LevelInfo, childrenPerGroup: number, rules: SetupRules) {
    this.levels = info.levels;
    this.crossnodeLevel = info.crossnodeLevel;
    this.childrenPerGroup = childrenPerGroup;
    this.rules = rules;
    this.levelList = Array.from({ length: info.levels }, () => []);
    this.perLevelCount = new Array<number>(info.levels).fill(0);
  }

  group(name: string): SimGroup {
    const g = this.groups.find((x) => x.name === name);
    if (!g) throw new Error(`no group ${name}`);
    return g;
  }

  /** `tmigr_get_group(node, lvl)` (+ `tmigr_init_group` for a new group). */
  private getGroup(node: number | null, lvl: number, created: string[], attachPass: boolean): SimGroup {
    if (attachPass && this.root && this.root.level === lvl) {
      if (this.root.numChildren >= this.childrenPerGroup) this.attachCaveatUsed = true;
      return this.root;
    }
    for (const g of this.levelList[lvl]!) {
      if (lvl < this.crossnodeLevel && g.node !== node) continue;
      if (g.numChildren >= this.childrenPerGroup) continue;
      return g;
    }
    const g: SimGroup = {
      name: `GRP${lvl}:${this.perLevelCount[lvl]!}`,
      level: lvl,
      index: this.perLevelCount[lvl]!,
      node: lvl < this.crossnodeLevel ? node : null,
      numChildren: 0,
      parent: null,
      groupmask: 0,
      children: [],
    };
    this.perLevelCount[lvl] = this.perLevelCount[lvl]! + 1;
    this.groups.push(g);
    this.levelList[lvl]!.unshift(g);
    created.push(g.name);
    return g;
  }

  /** `tmigr_init_root(group, activate)`: a new top level gets groupmask BIT(0) in advance. */
  private initRoot(group: SimGroup, activate: boolean, warns: SetupPass['warns'][number][]): boolean {
    if (!this.rules.preinitNewTop) return false;
    if (!group.parent && group !== this.root) {
      group.groupmask = 1;
      warns.push({ property: 'WARN_ON_ONCE(activate)', fired: activate });
      return true;
    }
    return false;
  }

  /** `tmigr_connect_child_parent(child, parent, activate)`. */
  private connect(
    child: SimGroup,
    parent: SimGroup,
    activate: boolean,
    warns: SetupPass['warns'][number][],
  ): SetupLink {
    const parentInitRoot = this.initRoot(parent, activate, warns);
    if (parentInitRoot) parent.numChildren = 1;
    let oldRootAttach = false;
    let warnNumChildren = false;
    if (this.rules.preinitNewTop && !parent.parent && activate) {
      oldRootAttach = true;
      warnNumChildren = parent.numChildren !== 2;
      warns.push({ property: 'WARN_ON_ONCE(parent->num_children != 2)', fired: warnNumChildren });
      child.groupmask = 1;
    } else {
      child.groupmask = 1 << parent.numChildren++;
    }
    parent.children[child.groupmask === 1 ? 0 : Math.log2(child.groupmask)] = child.name;
    child.parent = parent;
    return {
      child: child.name,
      parent: parent.name,
      mask: child.groupmask,
      parentInitRoot,
      oldRootAttach,
      warnNumChildren,
    };
  }

  /** `tmigr_setup_groups(cpu, node, start, activate)`. */
  setupGroups(cpu: number, node: number | null, start: SimGroup | null, activate: boolean): SetupPass {
    const stack: SimGroup[] = [];
    const created: string[] = [];
    const warns: SetupPass['warns'][number][] = [];
    const links: SetupLink[] = [];
    let cpuLink: SetupPass['cpuLink'] = null;
    let startLvl = 0;
    if (start) {
      stack[start.level] = start;
      startLvl = start.level + 1;
    }
    const rootMismatch = this.root ? this.root.node !== node : false;
    let i = startLvl;
    let top = startLvl;
    for (; i < this.levels; i++) {
      const group = this.getGroup(node, i, created, start !== null);
      top = i;
      stack[i] = group;
      if (group.parent) break;
      if ((!rootMismatch || i >= this.crossnodeLevel) && this.levelList[i]!.length === 1) break;
    }
    warns.push({ property: 'WARN_ON_ONCE(i >= tmigr_hierarchy_levels)', fired: i >= this.levels });
    if (i >= this.levels) {
      throw new SetupError(
        `tmigr_setup_groups(cpu ${cpu}): the group search ran past the top level (WARN_ON_ONCE(i >= tmigr_hierarchy_levels)); ` +
          `the machine has too few hierarchy levels (${this.levels}) for this setup`,
      );
    }
    for (; i >= startLvl; i--) {
      const group = stack[i]!;
      if (i === 0) {
        const mask = 1 << group.numChildren++;
        group.children[Math.log2(mask)] = `CPU${cpu}`;
        this.cpus.set(cpu, { group, mask });
        const initRoot = this.initRoot(group, activate, warns);
        cpuLink = { group: group.name, mask, initRoot };
        continue;
      }
      links.push(this.connect(stack[i - 1]!, group, activate, warns));
    }
    // Root update.
    const topList = this.levelList[top]!;
    if (topList.length === 1) {
      const g = topList[0]!;
      warns.push({ property: 'WARN_ON_ONCE(group->parent)', fired: g.parent !== null });
      if (this.root)
        warns.push({ property: 'WARN_ON_ONCE(tmigr_root->level > top)', fired: this.root.level > top });
      this.root = g;
    }
    return { cpu, start: start?.name ?? null, activate, links, cpuLink, created, warns };
  }

  /**
   * `tmigr_add_cpu(cpu)`: the first pass for the CPU, then, if the root changed, the old-root
   * attach pass (`tmigr_setup_groups(-1, old_root->numa_node, old_root, true)`).
   */
  addCpu(cpu: number, node: number): SetupPlan {
    const oldRoot = this.root;
    const passes: SetupPass[] = [this.setupGroups(cpu, node, null, false)];
    const rootChanged = oldRoot !== null && oldRoot !== this.root;
    if (rootChanged && this.rules.oldRootAttachChildren === 2) {
      passes.push(this.setupGroups(-1, oldRoot.node, oldRoot, true));
    } else if (rootChanged && !this.rules.preinitNewTop) {
      // Before b729cc1ec21a: the old root is attached as the new top's next child.
      passes.push(this.setupGroups(-1, oldRoot.node, oldRoot, true));
    }
    return { target: cpu, passes, rootChanged };
  }

  /** The group names from a CPU's leaf to its top, following the current parents. */
  pathOf(cpu: number): string[] {
    const out: string[] = [];
    for (let g: SimGroup | null = this.cpus.get(cpu)?.group ?? null; g; g = g.parent) out.push(g.name);
    return out;
  }
}
