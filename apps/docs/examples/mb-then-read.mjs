// A user-defined kernel variant: a candidate alternative to the seed fix (bd3c45dd01).
// Instead of the fully ordered atomic_fetch_or(0, &start->migr_state), the control CPU issues
// a full barrier and then reads the old root's state with a relaxed atomic_read():
//
//     smp_mb();
//     state.state = atomic_read(&start->migr_state);
//     WARN_ON_ONCE(!start->parent);
//     if (state.active) {
//             data.childmask = start->groupmask;
//             __walk_groups_from(tmigr_active_up, &data, start, start->parent);
//     }
//
// Check it with:
//   pnpm exec tmigr-check check --scenario seed --variant apps/docs/examples/mb-then-read.mjs --model lkmm
import { defineVariant, E } from '@tmigr-check/core';

export default defineVariant({
  name: 'mb-then-read',
  base: 'bd3c45dd01',
  description: 'seed fix with smp_mb() + atomic_read() instead of atomic_fetch_or(0)',
  overrides: {
    // The `if (activate)` block at the end of tmigr_setup_groups(): the code the seed fix changes.
    tmigr_setup_groups_activate(ctx, pass) {
      const t = ctx.t;
      const fn = 'tmigr_setup_groups';
      const start = ctx.group(pass.start);
      const state = ctx.reg(`${fn}.state`);
      const w = ctx.walkRegs('setup');
      const skip = t.label();
      ctx.at(fn, 'smp_mb()');
      t.fence('mb');
      ctx.at(fn, 'state.state = atomic_read(&start->migr_state)');
      t.load(state, start.addr.migr_state, 'once');
      ctx.at(fn, 'WARN_ON_ONCE(!start->parent)');
      t.load(w.group, start.addr.parent, 'once');
      ctx.warn(E.ne(E.reg(w.group), E.c(0)), 'WARN_ON_ONCE(!start->parent)');
      ctx.at(fn, 'if (state.active)');
      t.branch(E.eq(E.and(E.reg(state), E.c(0xff)), E.c(0)), skip); // active: bits 0-7
      ctx.at(fn, 'data.childmask = start->groupmask');
      t.load(w.childmask, start.addr.groupmask, 'once');
      ctx.at(fn, '__walk_groups_from(tmigr_active_up, &data, start, start->parent)');
      t.set(w.child, E.c(start.base));
      ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_active_up, w);
      t.place(skip);
    },
  },
});
