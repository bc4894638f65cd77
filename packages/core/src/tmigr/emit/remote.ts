/**
 * Remote expiry and the read-only checks (v7.1-rc1): `tmigr_handle_remote()` (+`_up`,
 * `_cpu`), `tmigr_requires_handle_remote()` (+`_up`), `tmigr_quick_check()`.
 *
 * The timer base is abstracted to one location per CPU (`timer`: its next global timer).
 * `timer_expire_remote(cpu)` runs the expired timer (timer := KTIME_MAX if now >= timer);
 * `fetch_next_timer_interrupt_remote()` reads it. The timer-base locks are not modelled.
 */
import { c, reg } from '../../ir/expr.js';
import type { CpuRef, EmitContext, WalkRegs } from '../types.js';
import { emitAvailableCheck } from './active.js';
import {
  and,
  eq,
  ge,
  ite,
  KMAX,
  land,
  le,
  lor,
  lt,
  NONE,
  ne,
  neg,
  slotDel,
  slotExpiry,
  stActive,
  stMigrator,
} from './exprs.js';
import { startWalkAtCpu } from './walk.js';

/** `tmigr_check_migrator(group, childmask)` into `out` (one relaxed read of the state). */
export function emitCheckMigrator(
  ctx: EmitContext,
  fn: string,
  groupPtr: import('../../ir/types.js').Expr,
  childmask: import('../../ir/types.js').Expr,
  out: number,
): void {
  const s = ctx.reg(`${fn}.s`);
  ctx.at('tmigr_check_migrator', 's.state = atomic_read(&group->migr_state)');
  ctx.t.load(s, ctx.groupField(groupPtr, 'migr_state'), 'once');
  ctx.t.set(out, lor(eq(stMigrator(reg(s)), childmask), eq(stMigrator(reg(s)), NONE)));
}

/** v7.1-rc1 `tmigr_handle_remote()`. */
export function emitTmigrHandleRemote(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const fn = 'tmigr_handle_remote';
  const end = t.label();
  const walk = t.label();
  const mig = ctx.reg(`${fn}.migrator`);
  const wake = ctx.reg(`${fn}.wakeup`);
  const w = ctx.walkRegs('handle_remote');
  emitAvailableCheck(ctx, cpu, fn, end);
  ctx.at(fn, 'data.childmask = tmc->groupmask; data.firstexp = KTIME_MAX');
  t.set(w.childmask, c(1 << cpu.layout.slot!)).set(w.firstexp, KMAX);
  emitCheckMigrator(ctx, fn, c(ctx.group(cpu.layout.leaf!).base), reg(w.childmask), mig);
  ctx.at(
    fn,
    'if (!tmigr_check_migrator(tmc->tmgroup, tmc->groupmask)) { if (READ_ONCE(tmc->wakeup) == KTIME_MAX) return; }',
  );
  t.branch(ne(reg(mig), c(0)), walk);
  t.load(wake, cpu.layout.addr.wakeup, 'once');
  t.branch(eq(reg(wake), KMAX), end);
  t.place(walk);
  ctx.at(fn, 'data.now = get_jiffies_update(&data.basej)');
  t.load(w.now, ctx.layout.globals.jiffies!, 'once');
  startWalkAtCpu(ctx, w, cpu.cpu);
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_handle_remote_up, w);
  ctx.at(fn, 'raw_spin_lock_irq(&tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.at(fn, 'WRITE_ONCE(tmc->wakeup, data.firstexp)');
  t.store(cpu.layout.addr.wakeup, reg(w.firstexp), 'once');
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  t.place(end);
}

/** v7.1-rc1 `tmigr_handle_remote_up()`: expire the group's expired events, `goto again`. */
export function emitTmigrHandleRemoteUp(ctx: EmitContext, w: WalkRegs): void {
  const t = ctx.t;
  const fn = 'tmigr_handle_remote_up';
  const g = reg(w.group);
  const mig = ctx.reg(`${fn}.migrator`);
  const q = ctx.reg(`${fn}.events`);
  const q0 = ctx.reg(`${fn}.events0`);
  const s = ctx.reg(`${fn}.evt`);
  const rcpu = ctx.reg(`${fn}.remote_cpu`);
  const again = t.label();
  const stop = t.label();
  const none = t.label();
  const out = t.label();
  t.place(again);
  ctx.at(fn, 'if (!tmigr_check_migrator(group, childmask)) return true');
  emitCheckMigrator(ctx, fn, g, reg(w.childmask), mig);
  t.branch(eq(reg(mig), c(0)), stop);
  ctx.at(fn, 'raw_spin_lock_irq(&group->lock)');
  t.lock(ctx.groupField(g, 'lock'));
  ctx.at(fn, 'evt = tmigr_next_expired_groupevt(group, now)  /* group->events, plain under group->lock */');
  t.load(q, ctx.groupField(g, 'events'), 'once');
  t.set(q0, reg(q));
  ctx.fn.tmigr_next_groupevt(ctx, w.group, q, s);
  ctx.at('tmigr_next_expired_groupevt', 'if (!evt || now < evt->nextevt.expires) return NULL');
  t.branch(lor(lt(reg(s), c(0)), lt(reg(w.now), slotExpiry(reg(q), reg(s)))), none);
  ctx.at(
    'tmigr_next_expired_groupevt',
    'timerqueue_del(&group->events, &evt->nextevt); tmigr_next_groupevt(group)',
  );
  t.set(q, slotDel(reg(q), reg(s)));
  // remote_cpu = evt->cpu (read before the queue changes again)
  const isGroup = t.label();
  const haveCpu = t.label();
  ctx.at(fn, 'remote_cpu = evt->cpu');
  t.branch(ne(ctx.levelOf(g), c(0)), isGroup);
  t.set(rcpu, ctx.slotCpu(g, reg(s)));
  t.jump(haveCpu);
  t.place(isGroup);
  t.load(rcpu, ctx.slotGroupevtCpuAddr(g, reg(s)), 'once');
  t.place(haveCpu);
  const s2 = ctx.reg(`${fn}.next`);
  ctx.fn.tmigr_next_groupevt(ctx, w.group, q, s2);
  ctx.at(fn, 'raw_spin_unlock_irq(&group->lock)  /* group->events written back */');
  t.store(ctx.groupField(g, 'events'), reg(q), 'once');
  t.unlock(ctx.groupField(g, 'lock'));
  ctx.fn.tmigr_handle_remote_cpu(ctx, rcpu, w);
  ctx.at(fn, 'goto again');
  t.jump(again, ctx.layout.childrenPerGroup);
  t.place(none);
  ctx.at(fn, 'data->firstexp = group->next_expiry');
  t.load(w.firstexp, ctx.groupField(g, 'next_expiry'), 'once');
  const noStore = t.label();
  t.branch(eq(reg(q), reg(q0)), noStore);
  t.store(ctx.groupField(g, 'events'), reg(q), 'once');
  t.place(noStore);
  ctx.at(fn, 'raw_spin_unlock_irq(&group->lock)');
  t.unlock(ctx.groupField(g, 'lock'));
  t.set(w.ret, c(0));
  t.jump(out);
  t.place(stop);
  t.set(w.ret, c(1));
  t.place(out);
}

/** v7.1-rc1 `tmigr_handle_remote_cpu(cpu, now, jif)`; `rcpu` holds the CPU number. */
export function emitTmigrHandleRemoteCpu(ctx: EmitContext, rcpu: number, outer: WalkRegs): void {
  const t = ctx.t;
  const fn = 'tmigr_handle_remote_cpu';
  const cpu = reg(rcpu);
  const avail = ctx.reg(`${fn}.available`);
  const rem = ctx.reg(`${fn}.remote`);
  const ign = ctx.reg(`${fn}.ignore`);
  const q = ctx.reg(`${fn}.leaf_events`);
  const idle = ctx.reg(`${fn}.idle`);
  const tm = ctx.reg(`${fn}.timer`);
  const w = ctx.walkRegs('handle_remote_cpu');
  const bail = t.label();
  const unlock = t.label();
  const done = t.label();
  ctx.at(fn, 'raw_spin_lock_irq(&tmc->lock)');
  t.lock(ctx.cpuField(cpu, 'lock'));
  ctx.at(
    fn,
    'if (!tmc->available || tmc->remote || tmc->cpuevt.ignore || now < tmc->cpuevt.nextevt.expires)',
  );
  t.load(avail, ctx.cpuField(cpu, 'available'), 'once');
  t.load(rem, ctx.cpuField(cpu, 'remote'), 'once');
  t.load(ign, ctx.cpuField(cpu, 'cpuevt_ignore'), 'once');
  t.load(q, ctx.groupField(ctx.cpuLeaf(cpu), 'events'), 'once');
  t.branch(
    lor(
      lor(eq(reg(avail), c(0)), ne(reg(rem), c(0))),
      lor(ne(reg(ign), c(0)), lt(reg(outer.now), slotExpiry(reg(q), ctx.cpuSlot(cpu)))),
    ),
    bail,
  );
  ctx.at(fn, 'tmc->remote = true');
  t.store(ctx.cpuField(cpu, 'remote'), c(1), 'once');
  ctx.at(fn, 'WRITE_ONCE(tmc->wakeup, KTIME_MAX)');
  t.store(ctx.cpuField(cpu, 'wakeup'), KMAX, 'once');
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock)');
  t.unlock(ctx.cpuField(cpu, 'lock'));
  ctx.at(fn, 'if (cpu != smp_processor_id()) timer_expire_remote(cpu)');
  const noExpire = t.label();
  const self = ctx.t.name.startsWith('CPU') ? Number(ctx.t.name.slice(3)) : -1;
  t.branch(eq(cpu, c(self)), noExpire);
  t.load(tm, ctx.cpuField(cpu, 'timer'), 'once');
  t.branch(lt(reg(outer.now), reg(tm)), noExpire);
  ctx.at('timer_expire_remote', 'run the expired global timer');
  t.store(ctx.cpuField(cpu, 'timer'), KMAX, 'once');
  t.place(noExpire);
  ctx.at(fn, 'raw_spin_lock(&tmc->lock)  /* after timer_lock_remote_bases(cpu) */');
  t.lock(ctx.cpuField(cpu, 'lock'));
  ctx.at(fn, 'if (!tmc->available || !tmc->idle) goto unlock');
  t.load(avail, ctx.cpuField(cpu, 'available'), 'once');
  t.load(idle, ctx.cpuField(cpu, 'idle'), 'once');
  t.branch(lor(eq(reg(avail), c(0)), eq(reg(idle), c(0))), unlock);
  ctx.at(fn, 'fetch_next_timer_interrupt_remote(jif, now, &tevt, cpu)');
  t.load(w.nextexp, ctx.cpuField(cpu, 'timer'), 'once');
  ctx.at(fn, 'data = { .nextexp = tevt.global, .firstexp = KTIME_MAX, .evt = &tmc->cpuevt, .remote = true }');
  t.set(w.firstexp, KMAX).set(w.evtcpu, cpu).set(w.remote, c(1)).set(w.now, reg(outer.now));
  ctx.at(fn, 'walk_groups(&tmigr_new_timer_up, &data, tmc)');
  t.set(w.group, ctx.cpuLeaf(cpu)).set(w.child, c(0));
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_new_timer_up, w);
  t.place(unlock);
  ctx.at(fn, 'tmc->remote = false');
  t.store(ctx.cpuField(cpu, 'remote'), c(0), 'once');
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock)');
  t.unlock(ctx.cpuField(cpu, 'lock'));
  t.jump(done);
  t.place(bail);
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock); return');
  t.unlock(ctx.cpuField(cpu, 'lock'));
  t.place(done);
}

/** v7.1-rc1 `tmigr_requires_handle_remote()` (the result is only for the tick). */
export function emitTmigrRequiresHandleRemote(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const fn = 'tmigr_requires_handle_remote';
  const end = t.label();
  const idleCase = t.label();
  const idle = ctx.reg(`${fn}.idle`);
  const wake = ctx.reg(`${fn}.wakeup`);
  const w = ctx.walkRegs('requires_handle_remote');
  emitAvailableCheck(ctx, cpu, fn, end);
  ctx.at(fn, 'data.now = get_jiffies_update(&jif); data.childmask = tmc->groupmask; data.check = false');
  t.load(w.now, ctx.layout.globals.jiffies!, 'once');
  t.set(w.childmask, c(1 << cpu.layout.slot!))
    .set(w.firstexp, KMAX)
    .set(w.check, c(0));
  ctx.at(fn, 'if (!tmc->idle)');
  t.load(idle, cpu.layout.addr.idle, 'once');
  t.branch(ne(reg(idle), c(0)), idleCase);
  startWalkAtCpu(ctx, w, cpu.cpu);
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_requires_handle_remote_up, w);
  t.jump(end);
  t.place(idleCase);
  ctx.at(fn, 'if (data.now >= READ_ONCE(tmc->wakeup)) return true');
  t.load(wake, cpu.layout.addr.wakeup, 'once');
  t.set(w.check, ge(reg(w.now), reg(wake)));
  t.place(end);
}

/** v7.1-rc1 `tmigr_requires_handle_remote_up()` (64-bit: lockless READ_ONCE of next_expiry). */
export function emitTmigrRequiresHandleRemoteUp(ctx: EmitContext, w: WalkRegs): void {
  const t = ctx.t;
  const fn = 'tmigr_requires_handle_remote_up';
  const mig = ctx.reg(`${fn}.migrator`);
  const out = t.label();
  t.set(w.ret, c(1));
  emitCheckMigrator(ctx, fn, reg(w.group), reg(w.childmask), mig);
  ctx.at(fn, 'if (!tmigr_check_migrator(group, childmask)) return true');
  t.branch(eq(reg(mig), c(0)), out);
  ctx.at(fn, 'data->firstexp = READ_ONCE(group->next_expiry)');
  t.load(w.firstexp, ctx.groupField(reg(w.group), 'next_expiry'), 'once');
  ctx.at(fn, 'if (data->now >= data->firstexp) { data->check = true; return true; }');
  t.set(w.check, ge(reg(w.now), reg(w.firstexp)));
  t.set(w.ret, reg(w.check));
  t.place(out);
}

/** v7.1-rc1 `tmigr_quick_check(nextevt)`: forecast; plain `group->parent` reads. */
export function emitTmigrQuickCheck(
  ctx: EmitContext,
  cpu: CpuRef,
  nextevt: import('../../ir/types.js').Expr,
): void {
  const t = ctx.t;
  const fn = 'tmigr_quick_check';
  const end = t.label();
  const idle = ctx.reg(`${fn}.idle`);
  const s = ctx.reg(`${fn}.s`);
  const group = ctx.reg(`${fn}.group`);
  const next = ctx.reg(`${fn}.nextevt`);
  const ne2 = ctx.reg(`${fn}.next_expiry`);
  emitAvailableCheck(ctx, cpu, fn, end);
  t.set(next, nextevt);
  ctx.at(fn, 'if (WARN_ON_ONCE(tmc->idle)) return nextevt');
  t.load(idle, cpu.layout.addr.idle, 'once');
  ctx.warn(eq(reg(idle), c(0)), 'WARN_ON_ONCE(tmc->idle)');
  t.branch(ne(reg(idle), c(0)), end);
  ctx.at(fn, 'if (!tmigr_check_migrator_and_lonely(tmc->tmgroup, tmc->groupmask)) return KTIME_MAX');
  t.set(group, c(ctx.group(cpu.layout.leaf!).base));
  t.load(s, ctx.groupField(reg(group), 'migr_state'), 'once');
  const mask = c(1 << cpu.layout.slot!);
  const act = stActive(reg(s));
  const lonely = eq(and(act, ite(ne(act, c(0)), { k: 'bin', op: 'sub', a: act, b: c(1) }, c(0))), c(0));
  const isMig = lor(eq(stMigrator(reg(s)), mask), eq(stMigrator(reg(s)), NONE));
  const maxOut = t.label();
  t.branch(lnotE(land(isMig, lonely)), maxOut);
  const loop = t.label();
  t.place(loop);
  ctx.at(fn, 'if (!tmigr_check_lonely(group)) return KTIME_MAX');
  t.load(s, ctx.groupField(reg(group), 'migr_state'), 'once');
  t.branch(lnotE(lonely), maxOut);
  ctx.at(fn, 'nextevt = min_t(u64, nextevt, READ_ONCE(group->next_expiry))');
  t.load(ne2, ctx.groupField(reg(group), 'next_expiry'), 'once');
  t.set(next, ite(le(reg(ne2), reg(next)), reg(ne2), reg(next)));
  ctx.at(fn, 'group = group->parent');
  t.load(group, ctx.groupField(reg(group), 'parent'), 'once');
  t.branch(ne(reg(group), c(0)), loop, { bound: ctx.layout.levels });
  t.jump(end);
  t.place(maxOut);
  t.set(next, KMAX);
  t.place(end);
}

const lnotE = (a: import('../../ir/types.js').Expr) => ({ k: 'un', op: 'not', a }) as const;

export { neg };
