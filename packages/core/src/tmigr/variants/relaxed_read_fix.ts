/**
 * `relaxed-read-fix`: the seed fix (bd3c45dd01) without its fully ordered read, the "naive
 * fix" a reviewer might propose. The activate block of `tmigr_setup_groups()` reads the old
 * root's state with a relaxed `atomic_read()` instead of `atomic_fetch_or(0, ...)`, drops the
 * `WARN_ON_ONCE(!state.active)` and propagates the activation only if that read saw the old
 * root active:
 *
 *     state.state = atomic_read(&start->migr_state);
 *     WARN_ON_ONCE(!start->parent);
 *     if (state.active) {
 *             data.childmask = start->groupmask;
 *             __walk_groups_from(tmigr_active_up, &data, start, start->parent);
 *     }
 *
 * Not a kernel commit: it shows why the fix needs the fully ordered RMW. Under the LKMM the
 * relaxed read may see the old root inactive although the CPU going idle read the new link as
 * NULL, so nobody activates the new root (`top-active-if-cpu-active`); under SC and TSO it is
 * correct. herd7 gives the three-CPU litmus form of this code `Sometimes`
 * (`packages/core/litmus/tmigr/seed-relaxed-read-fix.litmus`).
 */
import { c, reg } from '../../ir/expr.js';
import { eq, ne, stActive } from '../emit/exprs.js';
import type { EmitContext, SetupPass, Variant } from '../types.js';
import { BD3C45DD01 } from './bd3c45dd01.js';

/** The activate block with a relaxed read of the old root and the conditional propagation. */
export function emitSetupActivateRelaxedRead(ctx: EmitContext, pass: SetupPass): void {
  const t = ctx.t;
  const fn = 'tmigr_setup_groups';
  const start = ctx.group(pass.start!);
  const state = ctx.reg(`${fn}.state`);
  const w = ctx.walkRegs('setup');
  const skip = t.label();
  ctx.at(fn, 'state.state = atomic_read(&start->migr_state)');
  t.load(state, start.addr.migr_state, 'once');
  ctx.at(fn, 'WARN_ON_ONCE(!start->parent)');
  t.load(w.group, start.addr.parent, 'once');
  ctx.warn(ne(reg(w.group), c(0)), 'WARN_ON_ONCE(!start->parent)');
  ctx.at(fn, 'if (state.active)');
  t.branch(eq(stActive(reg(state)), c(0)), skip);
  ctx.at(fn, 'data.childmask = start->groupmask');
  t.load(w.childmask, start.addr.groupmask, 'once');
  ctx.at(fn, '__walk_groups_from(tmigr_active_up, &data, start, start->parent)');
  t.set(w.child, c(start.base));
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_active_up, w);
  t.place(skip);
}

export const RELAXED_READ_FIX: Variant = {
  name: 'relaxed-read-fix',
  description:
    'the seed fix with a relaxed atomic_read() of the old root instead of atomic_fetch_or(0): propagation only if seen active (not a kernel commit)',
  kernel:
    'bd3c45dd0128 with its atomic_fetch_or(0, &start->migr_state) replaced by atomic_read() (tmigr_setup_groups); not in any kernel',
  base: BD3C45DD01.name,
  emitters: { ...BD3C45DD01.emitters, tmigr_setup_groups_activate: emitSetupActivateRelaxedRead },
  setup: BD3C45DD01.setup,
  warns: BD3C45DD01.warns,
};
