/**
 * Idle exit (v7.1-rc1): `tmigr_cpu_activate()` -> `__tmigr_cpu_activate()` ->
 * `walk_groups(tmigr_active_up)`.
 */
import { c, old, reg } from '../../ir/expr.js';
import type { CpuRef, EmitContext, WalkRegs } from '../types.js';
import { eq, ite, KMAX, lnot, NONE, ne, or, stActive, stMigrator, stPack, stSeq } from './exprs.js';
import { startWalkAtCpu } from './walk.js';

/**
 * `tmigr_is_not_available(tmc)`: `!(tmc->tmgroup && tmc->available)`. The CPU's own
 * `tmgroup` is immutable once it is online, so only `available` is read. Jumps to the end
 * label when not available.
 */
export function emitAvailableCheck(
  ctx: EmitContext,
  cpu: CpuRef,
  fn: string,
  end: import('../../ir/builder.js').Label,
): void {
  const avail = ctx.reg(`${fn}.available`);
  ctx.at(fn, 'if (tmigr_is_not_available(tmc)) return');
  ctx.t.load(avail, cpu.layout.addr.available, 'once');
  ctx.t.branch(eq(reg(avail), c(0)), end);
}

/** v7.1-rc1 `tmigr_cpu_activate()`. */
export function emitTmigrCpuActivate(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const end = t.label();
  emitAvailableCheck(ctx, cpu, 'tmigr_cpu_activate', end);
  const idle = ctx.reg('tmigr_cpu_activate.idle');
  ctx.at('tmigr_cpu_activate', 'if (WARN_ON_ONCE(!tmc->idle)) return');
  t.load(idle, cpu.layout.addr.idle, 'once');
  ctx.warn(ne(reg(idle), c(0)), 'WARN_ON_ONCE(!tmc->idle)');
  t.branch(eq(reg(idle), c(0)), end);
  ctx.at('tmigr_cpu_activate', 'raw_spin_lock(&tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.at('tmigr_cpu_activate', 'tmc->idle = false');
  t.store(cpu.layout.addr.idle, c(0), 'once');
  ctx.fn.__tmigr_cpu_activate(ctx, cpu);
  ctx.at('tmigr_cpu_activate', 'raw_spin_unlock(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  t.place(end);
}

/** v7.1-rc1 `__tmigr_cpu_activate()` (tmc->lock held). */
export function emitTmigrCpuActivateLocked(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const w = ctx.walkRegs('activate');
  ctx.at('__tmigr_cpu_activate', 'data.childmask = tmc->groupmask');
  t.set(w.childmask, c(1 << cpu.layout.slot!));
  ctx.at('__tmigr_cpu_activate', 'tmc->cpuevt.ignore = true');
  t.store(cpu.layout.addr.cpuevt_ignore, c(1), 'once');
  ctx.at('__tmigr_cpu_activate', 'WRITE_ONCE(tmc->wakeup, KTIME_MAX)');
  t.store(cpu.layout.addr.wakeup, KMAX, 'once');
  startWalkAtCpu(ctx, w, cpu.cpu);
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_active_up, w);
}

/**
 * v7.1-rc1 `tmigr_active_up()`: relaxed read of the group state, then a try_cmpxchg loop
 * (the failure refreshes `curstate`); set the migrator if there was none (walk goes on),
 * set the child's active bit, seq++; finally WRITE_ONCE(group->groupevt.ignore, true).
 */
export function emitTmigrActiveUp(ctx: EmitContext, w: WalkRegs, opts: { seq?: boolean } = {}): void {
  const t = ctx.t;
  const fn = 'tmigr_active_up';
  const cur = ctx.reg(`${fn}.curstate`);
  const nw = ctx.reg(`${fn}.newstate`);
  const done = ctx.reg(`${fn}.walk_done`);
  const ok = ctx.reg(`${fn}.ok`);
  const retry = t.label();
  const g = reg(w.group);
  ctx.at(fn, 'curstate.state = atomic_read(&group->migr_state)');
  t.load(cur, ctx.groupField(g, 'migr_state'), 'once');
  t.place(retry);
  ctx.at(
    fn,
    'newstate = curstate; if (newstate.migrator == TMIGR_NONE) newstate.migrator = childmask; newstate.active |= childmask; newstate.seq++',
  );
  t.set(done, ne(stMigrator(reg(cur)), NONE));
  const seq =
    opts.seq === false ? stSeq(reg(cur)) : ({ k: 'bin', op: 'add', a: stSeq(reg(cur)), b: c(1) } as const);
  t.set(
    nw,
    stPack(
      or(stActive(reg(cur)), reg(w.childmask)),
      ite(eq(stMigrator(reg(cur)), NONE), reg(w.childmask), stMigrator(reg(cur))),
      seq,
    ),
  );
  ctx.at(fn, 'while (!atomic_try_cmpxchg(&group->migr_state, &curstate.state, newstate.state))');
  t.rmw(ctx.groupField(g, 'migr_state'), reg(nw), { guard: eq(old, reg(cur)), dst: cur, ok, order: 'mb' });
  t.branch(lnot(reg(ok)), retry, { bound: ctx.retries * ctx.layout.levels });
  ctx.at(fn, 'WRITE_ONCE(group->groupevt.ignore, true)');
  t.store(ctx.groupField(g, 'groupevt_ignore'), c(1), 'once');
  t.set(w.ret, reg(done));
  ctx.kill([cur, nw, done, ok]);
}
