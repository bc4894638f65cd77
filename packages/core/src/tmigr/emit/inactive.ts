/**
 * Idle entry (v7.1-rc1): `tmigr_cpu_deactivate()` -> `__tmigr_cpu_deactivate()` ->
 * `walk_groups(tmigr_inactive_up)`, which calls `tmigr_update_events()` per level.
 */
import { and, c, old, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import type { CpuRef, EmitContext, WalkRegs } from '../types.js';
import { emitAvailableCheck } from './active.js';
import {
  bnot,
  eq,
  ite,
  KMAX,
  land,
  lnot,
  NONE,
  ne,
  neg,
  stActive,
  stMigrator,
  stPack,
  stSeq,
} from './exprs.js';
import { startWalkAtCpu } from './walk.js';

/** v7.1-rc1 `tmigr_cpu_deactivate(nextexp)`. */
export function emitTmigrCpuDeactivate(ctx: EmitContext, cpu: CpuRef, nextexp: Expr): void {
  const t = ctx.t;
  const end = t.label();
  const fn = 'tmigr_cpu_deactivate';
  const ret = ctx.reg(`${fn}.ret`);
  emitAvailableCheck(ctx, cpu, fn, end);
  ctx.at(fn, 'raw_spin_lock(&tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.fn.__tmigr_cpu_deactivate(ctx, cpu, nextexp, ret);
  ctx.at(fn, 'tmc->idle = true');
  t.store(cpu.layout.addr.idle, c(1), 'once');
  ctx.at(fn, 'WRITE_ONCE(tmc->wakeup, ret)');
  t.store(cpu.layout.addr.wakeup, reg(ret), 'once');
  ctx.at(fn, 'raw_spin_unlock(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  t.place(end);
}

/** v7.1-rc1 `__tmigr_cpu_deactivate(tmc, nextexp)`: leaves `data.firstexp` in `ret`. */
export function emitTmigrCpuDeactivateLocked(
  ctx: EmitContext,
  cpu: CpuRef,
  nextexp: Expr,
  ret: number,
): void {
  const t = ctx.t;
  const fn = '__tmigr_cpu_deactivate';
  const w = ctx.walkRegs('deactivate');
  ctx.at(
    fn,
    'data = { .nextexp = nextexp, .firstexp = KTIME_MAX, .evt = &tmc->cpuevt, .childmask = tmc->groupmask }',
  );
  t.set(w.nextexp, nextexp)
    .set(w.firstexp, KMAX)
    .set(w.evtcpu, c(cpu.cpu))
    .set(w.childmask, c(1 << cpu.layout.slot!));
  const skip = t.label();
  ctx.at(fn, 'if (nextexp != KTIME_MAX) tmc->cpuevt.ignore = false');
  t.branch(eq(reg(w.nextexp), KMAX), skip);
  t.store(cpu.layout.addr.cpuevt_ignore, c(0), 'once');
  t.place(skip);
  startWalkAtCpu(ctx, w, cpu.cpu);
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_inactive_up, w);
  ctx.at(fn, 'return data.firstexp');
  t.set(ret, reg(w.firstexp));
}

/**
 * v7.1-rc1 `tmigr_inactive_up()`: acquire read of the group state; loop: relaxed read of the
 * child state (not at level 0), compute the new state, WARN, try_cmpxchg; on failure
 * smp_mb__after_atomic() and retry. Then `data->remote = false; tmigr_update_events()`.
 */
export function emitTmigrInactiveUp(ctx: EmitContext, w: WalkRegs, opts: { seq?: boolean } = {}): void {
  const t = ctx.t;
  const fn = 'tmigr_inactive_up';
  const cur = ctx.reg(`${fn}.curstate`);
  const nw = ctx.reg(`${fn}.newstate`);
  const child = ctx.reg(`${fn}.childstate`);
  const act = ctx.reg(`${fn}.active`);
  const mig = ctx.reg(`${fn}.migrator`);
  const done = ctx.reg(`${fn}.walk_done`);
  const ok = ctx.reg(`${fn}.ok`);
  const g = reg(w.group);
  ctx.at(fn, 'childstate.state = 0');
  t.set(child, c(0));
  ctx.at(fn, 'curstate.state = atomic_read_acquire(&group->migr_state)');
  t.load(cur, ctx.groupField(g, 'migr_state'), 'acquire');
  const loop = t.label();
  const noChild = t.label();
  const success = t.label();
  t.place(loop);
  ctx.at(fn, 'if (child) childstate.state = atomic_read(&child->migr_state)');
  t.branch(eq(reg(w.child), c(0)), noChild);
  t.load(child, ctx.groupField(reg(w.child), 'migr_state'), 'once');
  t.place(noChild);
  ctx.at(fn, 'newstate = curstate; reset active bit / find a new migrator; newstate.seq++');
  const childIdle = eq(stActive(reg(child)), c(0));
  t.set(act, ite(childIdle, and(stActive(reg(cur)), bnot(reg(w.childmask))), stActive(reg(cur))));
  const handOver = land(eq(stMigrator(reg(cur)), reg(w.childmask)), childIdle);
  // find_first_bit(active): the lowest set bit, or TMIGR_NONE when empty (walk goes on).
  t.set(
    mig,
    ite(handOver, ite(ne(reg(act), c(0)), and(reg(act), neg(reg(act))), NONE), stMigrator(reg(cur))),
  );
  t.set(done, lnot(land(handOver, eq(reg(act), c(0)))));
  const seq =
    opts.seq === false ? stSeq(reg(cur)) : ({ k: 'bin', op: 'add', a: stSeq(reg(cur)), b: c(1) } as const);
  t.set(nw, stPack(reg(act), reg(mig), seq));
  ctx.at(fn, 'WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active))');
  ctx.warn(
    lnot(land(ne(reg(mig), NONE), eq(reg(act), c(0)))),
    'WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active))',
  );
  ctx.at(fn, 'if (atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state)) break');
  t.rmw(ctx.groupField(g, 'migr_state'), reg(nw), { guard: eq(old, reg(cur)), dst: cur, ok, order: 'mb' });
  t.branch(ne(reg(ok), c(0)), success);
  ctx.at(fn, 'smp_mb__after_atomic()');
  t.fence('after_atomic');
  t.jump(loop, ctx.retries * ctx.layout.levels);
  t.place(success);
  ctx.at(fn, 'data->remote = false');
  t.set(w.remote, c(0));
  ctx.kill([cur, nw, child, act, mig, ok]);
  ctx.fn.tmigr_update_events(ctx, w);
  ctx.at(fn, 'return walk_done');
  t.set(w.ret, reg(done));
  ctx.kill([done]);
}
