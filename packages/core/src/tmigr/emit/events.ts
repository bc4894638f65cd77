/**
 * Group events (v7.1-rc1): `tmigr_update_events()`, `tmigr_next_groupevt()`,
 * `tmigr_new_timer_up()`, `tmigr_new_timer()`, `tmigr_cpu_new_timer()`.
 *
 * Timerqueues: each child contributes at most one event (its `groupevt`, or the CPU's
 * `cpuevt`) to its parent's queue, so a group's `events` is one location with a 4-bit slot
 * per child {queued, expires}. The queue is a plain structure protected by `group->lock`: the
 * model reads the word once after taking the lock into a register, works on the register and
 * writes it back before the unlock when it changed. Ties between equal expiries are broken by
 * the lower slot (the kernel's rbtree keeps insertion order for equal keys).
 */
import { c, reg } from '../../ir/expr.js';
import type { Expr } from '../../ir/types.js';
import type { CpuRef, EmitContext, WalkRegs } from '../types.js';
import { emitAvailableCheck } from './active.js';
import {
  anyQueued,
  eq,
  ge,
  ite,
  KMAX,
  land,
  lnot,
  lor,
  lt,
  NONE,
  ne,
  slotDel,
  slotExpiry,
  slotQueued,
  slotSet,
  stActive,
  stMigrator,
} from './exprs.js';
import { startWalkAtCpu } from './walk.js';

/**
 * Emits the search for the first queued slot of `q` (lowest expiry, then lowest slot) into
 * `best` (-1 when empty). Local computation only.
 */
export function emitFirstQueued(ctx: EmitContext, q: number, best: number): void {
  ctx.t.set(best, c(-1));
  for (let k = 0; k < ctx.layout.childrenPerGroup; k++) {
    const better = land(
      slotQueued(reg(q), c(k)),
      lor(lt(reg(best), c(0)), lt(slotExpiry(reg(q), c(k)), slotExpiry(reg(q), reg(best)))),
    );
    ctx.t.set(best, ite(better, c(k), reg(best)));
  }
}

/**
 * v7.1-rc1 `tmigr_next_groupevt(group)` (group->lock held): WRITE_ONCE(next_expiry, KTIME_MAX);
 * drop ignored events from the front; WRITE_ONCE(next_expiry, first) and return it.
 * `queue` is the register holding the group's queue word; `slotReg` receives the slot or -1.
 */
export function emitTmigrNextGroupevt(ctx: EmitContext, group: number, queue: number, slotReg: number): void {
  const t = ctx.t;
  const fn = 'tmigr_next_groupevt';
  const ign = ctx.reg(`${fn}.ignore`);
  const loop = t.label();
  const out = t.label();
  const empty = t.label();
  ctx.at(fn, 'WRITE_ONCE(group->next_expiry, KTIME_MAX)');
  t.store(ctx.groupField(reg(group), 'next_expiry'), KMAX, 'once');
  t.place(loop);
  ctx.at(fn, 'node = timerqueue_getnext(&group->events)');
  emitFirstQueued(ctx, queue, slotReg);
  t.branch(lt(reg(slotReg), c(0)), out);
  ctx.at(fn, 'if (!READ_ONCE(evt->ignore))');
  t.load(ign, ctx.evtIgnoreAddr(reg(group), reg(slotReg)), 'once');
  const ignored = t.label();
  t.branch(ne(reg(ign), c(0)), ignored);
  ctx.at(fn, 'WRITE_ONCE(group->next_expiry, evt->nextevt.expires)');
  t.store(ctx.groupField(reg(group), 'next_expiry'), slotExpiry(reg(queue), reg(slotReg)), 'once');
  t.jump(out);
  t.place(ignored);
  ctx.at(fn, 'if (!timerqueue_del(&group->events, node)) break');
  t.set(queue, slotDel(reg(queue), reg(slotReg)));
  t.branch(lnot(anyQueued(reg(queue), ctx.layout.childrenPerGroup)), empty);
  t.jump(loop, ctx.layout.childrenPerGroup);
  t.place(empty);
  t.set(slotReg, c(-1));
  t.place(out);
  ctx.kill([ign]);
}

/**
 * v7.1-rc1 `tmigr_update_events(group, child, data)`: queue the child's first event (or the
 * CPU's event at level 0) into the group, hand back `firstexp` when the top level is idle.
 * Child and group states are read under both locks (the race documented in the file's
 * "Prevent race between new event and last CPU going inactive" section).
 * `opts.statesBeforeLocks` reads them before taking the locks (that race's variant).
 */
export function emitTmigrUpdateEvents(
  ctx: EmitContext,
  w: WalkRegs,
  opts: { statesBeforeLocks?: boolean } = {},
): void {
  const t = ctx.t;
  const fn = 'tmigr_update_events';
  const g = reg(w.group);
  const ch = reg(w.child);
  const childstate = ctx.reg(`${fn}.childstate`);
  const groupstate = ctx.reg(`${fn}.groupstate`);
  const done = ctx.reg(`${fn}.walk_done`);
  const nextexp = ctx.reg(`${fn}.nextexp`);
  const ignore = ctx.reg(`${fn}.ignore`);
  const evtSlot = ctx.reg(`${fn}.evt_slot`);
  const firstCpu = ctx.reg(`${fn}.first_cpu`);
  const cq = ctx.reg(`${fn}.child_events`);
  const cq0 = ctx.reg(`${fn}.child_events0`);
  const firstSlot = ctx.reg(`${fn}.first_childevt`);
  const q = ctx.reg(`${fn}.events`);
  const q0 = ctx.reg(`${fn}.events0`);
  const parent = ctx.reg(`${fn}.parent`);
  const fslot = ctx.reg(`${fn}.first`);
  const leafPath = t.label();
  const queueIt = t.label();
  const unlock = t.label();
  const checkTop = t.label();
  const ret = t.label();

  ctx.at(fn, 'bool walk_done = false');
  t.set(done, c(0)).set(cq, c(0)).set(cq0, c(0));
  t.branch(eq(ch, c(0)), leafPath);
  // --- if (child) ---
  if (opts.statesBeforeLocks) {
    ctx.at(fn, 'childstate.state = atomic_read(&child->migr_state)  /* outside the locks */');
    t.load(childstate, ctx.groupField(ch, 'migr_state'), 'once');
    ctx.at(fn, 'groupstate.state = atomic_read(&group->migr_state)  /* outside the locks */');
    t.load(groupstate, ctx.groupField(g, 'migr_state'), 'once');
  }
  ctx.at(fn, 'raw_spin_lock(&child->lock)');
  t.lock(ctx.groupField(ch, 'lock'));
  ctx.at(fn, 'raw_spin_lock_nested(&group->lock, SINGLE_DEPTH_NESTING)');
  t.lock(ctx.groupField(g, 'lock'));
  if (!opts.statesBeforeLocks) {
    ctx.at(fn, 'childstate.state = atomic_read(&child->migr_state)');
    t.load(childstate, ctx.groupField(ch, 'migr_state'), 'once');
    ctx.at(fn, 'groupstate.state = atomic_read(&group->migr_state)');
    t.load(groupstate, ctx.groupField(g, 'migr_state'), 'once');
  }
  ctx.at(fn, 'if (childstate.active) { walk_done = true; goto unlock; }');
  t.set(done, ne(stActive(reg(childstate)), c(0)));
  t.set(q, c(0)).set(q0, c(0));
  t.branch(ne(reg(done), c(0)), unlock);
  ctx.at(fn, 'first_childevt = tmigr_next_groupevt(child)  /* child->events, plain under child->lock */');
  t.load(cq, ctx.groupField(ch, 'events'), 'once');
  t.set(cq0, reg(cq));
  ctx.fn.tmigr_next_groupevt(ctx, w.child, cq, firstSlot);
  ctx.at(fn, 'nextexp = child->next_expiry  /* the value tmigr_next_groupevt() just wrote */');
  t.set(nextexp, ite(lt(reg(firstSlot), c(0)), KMAX, slotExpiry(reg(cq), reg(firstSlot))));
  ctx.at(
    fn,
    'ignore = (nextexp == KTIME_MAX); WRITE_ONCE(evt->ignore, ignore)  /* evt = &child->groupevt */',
  );
  t.set(ignore, eq(reg(nextexp), KMAX));
  t.store(ctx.groupField(ch, 'groupevt_ignore'), reg(ignore), 'once');
  t.set(evtSlot, ctx.slotInParent(ch));
  // first_childevt->cpu (only used when the event is queued, i.e. when first_childevt exists)
  const fcDone = t.label();
  const fcGroup = t.label();
  t.set(firstCpu, c(-1));
  t.branch(lt(reg(firstSlot), c(0)), fcDone);
  t.branch(ne(ctx.levelOf(ch), c(0)), fcGroup);
  ctx.at(fn, 'first_childevt->cpu  /* a CPU event: the CPU */');
  t.set(firstCpu, ctx.slotCpu(ch, reg(firstSlot)));
  t.jump(fcDone);
  t.place(fcGroup);
  ctx.at(fn, 'first_childevt->cpu  /* plain under child->lock */');
  t.load(firstCpu, ctx.slotGroupevtCpuAddr(ch, reg(firstSlot)), 'once');
  t.place(fcDone);
  t.jump(queueIt);
  // --- else (level 0: the CPU's own event) ---
  t.place(leafPath);
  ctx.at(fn, 'nextexp = data->nextexp; first_childevt = evt = data->evt; ignore = evt->ignore');
  t.set(nextexp, reg(w.nextexp))
    .set(firstCpu, reg(w.evtcpu))
    .set(evtSlot, ctx.cpuSlot(reg(w.evtcpu)));
  t.load(ignore, ctx.cpuField(reg(w.evtcpu), 'cpuevt_ignore'), 'once');
  const slow = t.label();
  ctx.at(fn, 'if (ignore && !remote && group->parent) return true');
  t.branch(lor(eq(reg(ignore), c(0)), ne(reg(w.remote), c(0))), slow);
  t.load(parent, ctx.groupField(g, 'parent'), 'once');
  t.set(done, c(1));
  t.branch(ne(reg(parent), c(0)), ret);
  t.set(done, c(0));
  t.place(slow);
  ctx.at(fn, 'raw_spin_lock(&group->lock)');
  t.lock(ctx.groupField(g, 'lock'));
  ctx.at(fn, 'childstate.state = 0; groupstate.state = atomic_read(&group->migr_state)');
  t.set(childstate, c(0));
  t.load(groupstate, ctx.groupField(g, 'migr_state'), 'once');
  // --- common part ---
  t.place(queueIt);
  ctx.at(fn, 'if (timerqueue_node_queued(&evt->nextevt))  /* group->events, plain under group->lock */');
  t.load(q, ctx.groupField(g, 'events'), 'once');
  t.set(q0, reg(q));
  const notQueued = t.label();
  t.branch(eq(slotQueued(reg(q), reg(evtSlot)), c(0)), notQueued);
  const mustDel = t.label();
  ctx.at(
    fn,
    'if ((evt->nextevt.expires == nextexp) && !ignore) { evt->cpu = first_childevt->cpu; goto check_toplvl; }',
  );
  t.branch(lor(ne(slotExpiry(reg(q), reg(evtSlot)), reg(nextexp)), ne(reg(ignore), c(0))), mustDel);
  emitSetEvtCpu(ctx, w, firstCpu);
  t.jump(checkTop);
  t.place(mustDel);
  ctx.at(fn, 'if (!timerqueue_del(&group->events, &evt->nextevt)) WRITE_ONCE(group->next_expiry, KTIME_MAX)');
  t.set(q, slotDel(reg(q), reg(evtSlot)));
  const stillQueued = t.label();
  t.branch(anyQueued(reg(q), ctx.layout.childrenPerGroup), stillQueued);
  t.store(ctx.groupField(g, 'next_expiry'), KMAX, 'once');
  t.place(stillQueued);
  t.place(notQueued);
  const enqueue = t.label();
  ctx.at(fn, 'if (ignore) { if (!remote || groupstate.active) walk_done = true; }');
  t.branch(eq(reg(ignore), c(0)), enqueue);
  t.set(done, lor(eq(reg(w.remote), c(0)), ne(stActive(reg(groupstate)), c(0))));
  t.jump(checkTop);
  t.place(enqueue);
  ctx.at(fn, 'evt->nextevt.expires = nextexp; evt->cpu = first_childevt->cpu');
  emitSetEvtCpu(ctx, w, firstCpu);
  // timerqueue_add() returns true when the new event is the leftmost (strictly earliest).
  emitFirstQueued(ctx, q, fslot);
  const isFirst = lor(lt(reg(fslot), c(0)), lt(reg(nextexp), slotExpiry(reg(q), reg(fslot))));
  const notFirst = t.label();
  t.set(fslot, isFirst);
  t.set(q, slotSet(reg(q), reg(evtSlot), c(1), reg(nextexp)));
  ctx.at(fn, 'if (timerqueue_add(&group->events, &evt->nextevt)) WRITE_ONCE(group->next_expiry, nextexp)');
  t.branch(eq(reg(fslot), c(0)), notFirst);
  t.store(ctx.groupField(g, 'next_expiry'), reg(nextexp), 'once');
  t.place(notFirst);
  // --- check_toplvl ---
  t.place(checkTop);
  ctx.at(fn, 'if (!group->parent && (groupstate.migrator == TMIGR_NONE))');
  t.load(parent, ctx.groupField(g, 'parent'), 'once');
  t.branch(lor(ne(reg(parent), c(0)), ne(stMigrator(reg(groupstate)), NONE)), unlock);
  t.set(done, c(1));
  ctx.at(fn, 'if (remote) goto unlock');
  t.branch(ne(reg(w.remote), c(0)), unlock);
  ctx.at(fn, 'data->firstexp = tmigr_next_groupevt_expires(group)');
  ctx.fn.tmigr_next_groupevt(ctx, w.group, q, fslot);
  t.set(w.firstexp, ite(lt(reg(fslot), c(0)), KMAX, slotExpiry(reg(q), reg(fslot))));
  // --- unlock ---
  t.place(unlock);
  const noStore = t.label();
  ctx.at(fn, 'group->events  /* written back before the unlock */');
  t.branch(eq(reg(q), reg(q0)), noStore);
  t.store(ctx.groupField(g, 'events'), reg(q), 'once');
  t.place(noStore);
  ctx.at(fn, 'raw_spin_unlock(&group->lock)');
  t.unlock(ctx.groupField(g, 'lock'));
  const noChild = t.label();
  t.branch(eq(ch, c(0)), noChild);
  const noCStore = t.label();
  ctx.at(fn, 'child->events  /* written back before the unlock */');
  t.branch(eq(reg(cq), reg(cq0)), noCStore);
  t.store(ctx.groupField(ch, 'events'), reg(cq), 'once');
  t.place(noCStore);
  ctx.at(fn, 'if (child) raw_spin_unlock(&child->lock)');
  t.unlock(ctx.groupField(ch, 'lock'));
  t.place(noChild);
  t.place(ret);
  ctx.at(fn, 'return walk_done');
  t.set(w.ret, reg(done));
  ctx.kill([
    childstate,
    groupstate,
    done,
    nextexp,
    ignore,
    evtSlot,
    firstCpu,
    cq,
    cq0,
    firstSlot,
    q,
    q0,
    parent,
    fslot,
  ]);
}

/** `evt->cpu = first_childevt->cpu` for a group event (a CPU event's cpu never changes). */
export function emitSetEvtCpu(ctx: EmitContext, w: WalkRegs, firstCpu: number): void {
  const t = ctx.t;
  const skip = t.label();
  t.branch(eq(reg(w.child), c(0)), skip);
  t.store(ctx.groupField(reg(w.child), 'groupevt_cpu'), reg(firstCpu), 'once');
  t.place(skip);
}

/** v7.1-rc1 `tmigr_new_timer_up()`: `return tmigr_update_events(group, child, data)`. */
export function emitTmigrNewTimerUp(ctx: EmitContext, w: WalkRegs): void {
  ctx.fn.tmigr_update_events(ctx, w);
}

/** v7.1-rc1 `tmigr_new_timer(tmc, nextexp)` (tmc->lock held): leaves the result in `ret`. */
export function emitTmigrNewTimer(ctx: EmitContext, cpu: CpuRef, nextexp: Expr, ret: number): void {
  const t = ctx.t;
  const fn = 'tmigr_new_timer';
  const remote = ctx.reg(`${fn}.remote`);
  const w = ctx.walkRegs('new_timer');
  const end = t.label();
  ctx.at(fn, 'if (tmc->remote) return KTIME_MAX');
  t.set(ret, KMAX);
  t.load(remote, cpu.layout.addr.remote, 'once');
  t.branch(ne(reg(remote), c(0)), end);
  ctx.at(fn, 'tmc->cpuevt.ignore = false');
  t.store(cpu.layout.addr.cpuevt_ignore, c(0), 'once');
  ctx.at(fn, 'data = { .nextexp = nextexp, .firstexp = KTIME_MAX, .evt = &tmc->cpuevt, .remote = false }');
  t.set(w.nextexp, nextexp).set(w.firstexp, KMAX).set(w.evtcpu, c(cpu.cpu)).set(w.remote, c(0));
  startWalkAtCpu(ctx, w, cpu.cpu);
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_new_timer_up, w);
  ctx.at(fn, 'return data.firstexp');
  t.set(ret, reg(w.firstexp));
  t.place(end);
}

/** v7.1-rc1 `tmigr_cpu_new_timer(nextexp)`. */
export function emitTmigrCpuNewTimer(ctx: EmitContext, cpu: CpuRef, nextexp: Expr): void {
  const t = ctx.t;
  const fn = 'tmigr_cpu_new_timer';
  const end = t.label();
  const unlock = t.label();
  const ret = ctx.reg(`${fn}.ret`);
  const q = ctx.reg(`${fn}.leaf_events`);
  const ign = ctx.reg(`${fn}.ignore`);
  const next = ctx.reg(`${fn}.nextexp`);
  emitAvailableCheck(ctx, cpu, fn, end);
  t.set(next, nextexp);
  ctx.at(fn, 'raw_spin_lock(&tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.at(fn, 'ret = READ_ONCE(tmc->wakeup)');
  t.load(ret, cpu.layout.addr.wakeup, 'once');
  ctx.at(fn, 'if (nextexp != KTIME_MAX)');
  t.branch(eq(reg(next), KMAX), unlock);
  ctx.at(fn, 'if (nextexp != tmc->cpuevt.nextevt.expires || tmc->cpuevt.ignore)');
  t.load(q, ctx.groupField(c(ctx.group(cpu.layout.leaf!).base), 'events'), 'once');
  t.load(ign, cpu.layout.addr.cpuevt_ignore, 'once');
  t.branch(land(eq(reg(next), slotExpiry(reg(q), c(cpu.layout.slot!))), eq(reg(ign), c(0))), unlock);
  ctx.fn.tmigr_new_timer(ctx, cpu, reg(next), ret);
  ctx.at(fn, 'WRITE_ONCE(tmc->wakeup, ret)');
  t.store(cpu.layout.addr.wakeup, reg(ret), 'once');
  t.place(unlock);
  ctx.at(fn, 'raw_spin_unlock(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  t.place(end);
}

export { ge };
