/**
 * `__walk_groups_from()` (v7.1-rc1): the walk up the hierarchy, following `parent` pointers
 * read with READ_ONCE, one `up` call per level.
 */
import { c, reg } from '../../ir/expr.js';
import type { EmitContext, UpEmitter, WalkRegs } from '../types.js';
import { lt, ne } from './exprs.js';

/**
 * v7.1-rc1 `__walk_groups_from(up, data, child, group)`: `w.group`/`w.child` must be set.
 * Loop: WARN level; up(); stop if done; child = group; group = READ_ONCE(group->parent);
 * data->childmask = child->groupmask; WARN(!childmask); while (group).
 */
export function emitWalkGroupsFrom(ctx: EmitContext, up: UpEmitter, w: WalkRegs): void {
  const t = ctx.t;
  const loop = t.label();
  const done = t.label();
  t.place(loop);
  ctx.at('__walk_groups_from', 'WARN_ON_ONCE(group->level >= tmigr_hierarchy_levels)');
  ctx.warn(
    lt(ctx.levelOf(reg(w.group)), c(ctx.layout.levels)),
    'WARN_ON_ONCE(group->level >= tmigr_hierarchy_levels)',
  );
  up(ctx, w);
  ctx.at('__walk_groups_from', 'if (up(group, child, data)) break');
  t.branch(ne(reg(w.ret), c(0)), done);
  ctx.at('__walk_groups_from', 'child = group');
  t.set(w.child, reg(w.group));
  ctx.at('__walk_groups_from', 'group = READ_ONCE(group->parent)');
  t.load(w.group, ctx.groupField(reg(w.child), 'parent'), 'once');
  ctx.at('__walk_groups_from', 'data->childmask = child->groupmask');
  t.load(w.childmask, ctx.groupField(reg(w.child), 'groupmask'), 'once');
  ctx.at('__walk_groups_from', 'WARN_ON_ONCE(!data->childmask)');
  ctx.warn(ne(reg(w.childmask), c(0)), 'WARN_ON_ONCE(!data->childmask)');
  ctx.at('__walk_groups_from', '} while (group)');
  t.branch(ne(reg(w.group), c(0)), loop, { bound: ctx.layout.levels });
  t.place(done);
  ctx.kill([w.group, w.child, w.childmask, w.ret]);
}

/** `__walk_groups(up, data, tmc)`: start at the CPU's leaf with child NULL. */
export function startWalkAtCpu(ctx: EmitContext, w: WalkRegs, cpu: number): void {
  const leaf = ctx.layout.cpus[cpu]?.leaf;
  if (!leaf) throw new Error(`CPU ${cpu} has no leaf group`);
  ctx.at('__walk_groups', '__walk_groups_from(up, data, NULL, tmc->tmgroup)');
  ctx.t.set(w.group, c(ctx.group(leaf).base)).set(w.child, c(0));
}
