/**
 * CPU hotplug (v7.1-rc1): PREPARE on the control CPU (`tmigr_cpu_prepare()` ->
 * `tmigr_add_cpu()` -> `tmigr_setup_groups()` -> `tmigr_connect_child_parent()` and the
 * old-root activation block), ONLINE (`tmigr_set_cpu_available()`) and OFFLINE
 * (`tmigr_clear_cpu_available()`) on the CPU itself.
 *
 * The choice of groups and masks is computed at build time (it runs under `tmigr_mutex`);
 * here every shared effect becomes an IR step in kernel order.
 */
import { c, reg } from '../../ir/expr.js';
import type { CpuRef, EmitContext, SetupLink, SetupPass } from '../types.js';
import { emitAvailableCheck } from './active.js';
import { eq, KMAX, ne, or, stActive } from './exprs.js';

/** Emits `assert(false)` for a build-time WARN that fires in this setup (if checked). */
export function emitStaticWarns(ctx: EmitContext, pass: SetupPass, fn: string): void {
  for (const w of pass.warns) {
    if (!w.fired) continue;
    ctx.at(fn, w.property);
    ctx.warn(c(0), w.property);
  }
}

/**
 * v7.1-rc1 `tmigr_cpu_prepare(cpu)` run by `control`: tmigr_mutex, the setup passes of
 * `tmigr_add_cpu()`, then the hotplug handshake that lets the target come online (modelled as
 * a release store the target reads with acquire).
 */
export function emitTmigrCpuPrepare(ctx: EmitContext, control: CpuRef, target: number): void {
  emitTmigrCpuPrepareNoHandshake(ctx, control, target);
  const hs = ctx.layout.globals[`cpuhp:${target}`];
  if (hs !== undefined) {
    ctx.at('cpuhp', 'kick the AP after CPUHP_TMIGR_PREPARE (hotplug BP/AP handshake)');
    ctx.t.store(hs, c(1), 'release');
  }
}

/** `tmigr_cpu_prepare()` / `tmigr_add_cpu()` without the hotplug handshake. */
export function emitTmigrCpuPrepareNoHandshake(ctx: EmitContext, control: CpuRef, target: number): void {
  const t = ctx.t;
  const plan = ctx.plan(target);
  ctx.at('tmigr_add_cpu', 'guard(mutex)(&tmigr_mutex)');
  t.lock(ctx.layout.globals.tmigr_mutex!);
  const first = plan.passes[0];
  if (first) ctx.fn.tmigr_setup_groups(ctx, first);
  if (plan.rootChanged) {
    ctx.at('tmigr_add_cpu', 'WARN_ON_ONCE(cpu == raw_smp_processor_id())');
    if (target === control.cpu) ctx.warn(c(0), 'WARN_ON_ONCE(cpu == raw_smp_processor_id())');
    const avail = ctx.reg('tmigr_add_cpu.available');
    ctx.at('tmigr_add_cpu', 'WARN_ON_ONCE(!per_cpu_ptr(&tmigr_cpu, raw_smp_processor_id())->available)');
    t.load(avail, control.layout.addr.available, 'once');
    ctx.warn(
      ne(reg(avail), c(0)),
      'WARN_ON_ONCE(!per_cpu_ptr(&tmigr_cpu, raw_smp_processor_id())->available)',
    );
    for (const pass of plan.passes.slice(1)) ctx.fn.tmigr_setup_groups(ctx, pass);
  }
  ctx.at('tmigr_add_cpu', 'mutex_unlock(&tmigr_mutex)');
  t.unlock(ctx.layout.globals.tmigr_mutex!);
}

/** v7.1-rc1 `tmigr_setup_groups()`: the top-down connection loop, then the activate block. */
export function emitTmigrSetupGroups(ctx: EmitContext, pass: SetupPass): void {
  const t = ctx.t;
  emitStaticWarns(ctx, pass, 'tmigr_setup_groups');
  for (const link of pass.links) ctx.fn.tmigr_connect_child_parent(ctx, link, pass);
  if (pass.cpuLink) {
    const cpu = ctx.layout.cpus[pass.cpu]!;
    const leaf = ctx.group(pass.cpuLink.group);
    ctx.at('tmigr_setup_groups', 'tmc->tmgroup = group');
    t.store(cpu.addr.tmgroup, c(leaf.base), 'once');
    ctx.at('tmigr_setup_groups', 'tmc->groupmask = BIT(group->num_children++)');
    t.store(cpu.addr.groupmask, c(pass.cpuLink.mask), 'once');
    if (pass.cpuLink.initRoot) {
      ctx.at('tmigr_init_root', 'group->groupmask = BIT(0)');
      t.store(leaf.addr.groupmask, c(1), 'once');
    }
  }
  if (pass.activate) ctx.fn.tmigr_setup_groups_activate(ctx, pass);
}

/**
 * v7.1-rc1 `tmigr_connect_child_parent(child, parent, activate)`: `tmigr_init_root(parent)`
 * (new top: groupmask = BIT(0)), the child's groupmask, then
 * `smp_store_release(&child->parent, parent)`. No group locks since v6.19.
 */
export function emitTmigrConnectChildParent(ctx: EmitContext, link: SetupLink): void {
  const t = ctx.t;
  const child = ctx.group(link.child);
  const parent = ctx.group(link.parent);
  if (link.parentInitRoot) {
    ctx.at('tmigr_init_root', 'group->groupmask = BIT(0)');
    t.store(parent.addr.groupmask, c(1), 'once');
  }
  ctx.at(
    'tmigr_connect_child_parent',
    link.oldRootAttach
      ? 'child->groupmask = BIT(0)  /* old root -> new root */'
      : 'child->groupmask = BIT(parent->num_children++)',
  );
  if (link.warnNumChildren) ctx.warn(c(0), 'WARN_ON_ONCE(parent->num_children != 2)');
  t.store(child.addr.groupmask, c(link.mask), 'once');
  ctx.at('tmigr_connect_child_parent', 'smp_store_release(&child->parent, parent)');
  t.store(child.addr.parent, c(parent.base), 'release');
}

/**
 * v7.1-rc1 activate block of `tmigr_setup_groups()` (before the seed fix): relaxed read of the
 * old root's state, `WARN_ON_ONCE(!state.active)`, `WARN_ON_ONCE(!start->parent)`, then
 * unconditionally `__walk_groups_from(tmigr_active_up, &data, start, start->parent)`.
 */
export function emitSetupActivatePreFix(ctx: EmitContext, pass: SetupPass): void {
  const t = ctx.t;
  const fn = 'tmigr_setup_groups';
  const start = ctx.group(pass.start!);
  const state = ctx.reg(`${fn}.state`);
  const w = ctx.walkRegs('setup');
  ctx.at(fn, 'state.state = atomic_read(&start->migr_state)');
  t.load(state, start.addr.migr_state, 'once');
  ctx.at(fn, 'WARN_ON_ONCE(!state.active)');
  ctx.warn(ne(stActive(reg(state)), c(0)), 'WARN_ON_ONCE(!state.active)');
  ctx.at(fn, 'WARN_ON_ONCE(!start->parent)');
  t.load(w.group, start.addr.parent, 'once');
  ctx.warn(ne(reg(w.group), c(0)), 'WARN_ON_ONCE(!start->parent)');
  ctx.at(fn, 'data.childmask = start->groupmask');
  t.load(w.childmask, start.addr.groupmask, 'once');
  ctx.at(fn, '__walk_groups_from(tmigr_active_up, &data, start, start->parent)');
  t.set(w.child, c(start.base));
  ctx.fn.__walk_groups_from(ctx, ctx.fn.tmigr_active_up, w);
}

/**
 * bd3c45dd01 activate block: `state.state = atomic_fetch_or(0, &start->migr_state)` (fully
 * ordered RMW writing back the same value), `WARN_ON_ONCE(!start->parent)`, and the walk
 * only `if (state.active)` — otherwise the lagging activator propagates by itself.
 */
export function emitSetupActivateFixed(ctx: EmitContext, pass: SetupPass): void {
  const t = ctx.t;
  const fn = 'tmigr_setup_groups';
  const start = ctx.group(pass.start!);
  const state = ctx.reg(`${fn}.state`);
  const w = ctx.walkRegs('setup');
  const skip = t.label();
  ctx.at(fn, 'state.state = atomic_fetch_or(0, &start->migr_state)');
  t.rmw(start.addr.migr_state, or({ k: 'old' }, c(0)), { dst: state, order: 'mb' });
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

/**
 * v7.1-rc1 `tmigr_set_cpu_available()` / `__tmigr_set_cpu_available()` on the incoming CPU:
 * tmigr_available_mutex, tmc->lock, `idle = timer_base_is_idle()` (false: the CPU is busy
 * coming up), `__tmigr_cpu_activate()`, `available = true`.
 */
export function emitTmigrSetCpuAvailable(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const fn = '__tmigr_set_cpu_available';
  const avail = ctx.reg(`${fn}.available`);
  const out = t.label();
  ctx.at(fn, 'guard(mutex)(&tmigr_available_mutex)');
  t.lock(ctx.layout.globals.tmigr_available_mutex!);
  ctx.at(fn, 'scoped_guard(raw_spinlock_irq, &tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.at(fn, 'if (tmc->available) return 0');
  t.load(avail, cpu.layout.addr.available, 'once');
  t.branch(ne(reg(avail), c(0)), out);
  ctx.at(fn, 'tmc->idle = timer_base_is_idle()  /* false: the CPU is coming up */');
  t.store(cpu.layout.addr.idle, c(0), 'once');
  ctx.fn.__tmigr_cpu_activate(ctx, cpu);
  ctx.at(fn, 'tmc->available = true');
  t.store(cpu.layout.addr.available, c(1), 'once');
  t.place(out);
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  ctx.at(fn, 'mutex_unlock(&tmigr_available_mutex)');
  t.unlock(ctx.layout.globals.tmigr_available_mutex!);
}

/**
 * v7.1-rc1 `tmigr_clear_cpu_available()` on the outgoing CPU: mutex, tmc->lock,
 * `available = false`, WRITE_ONCE(wakeup, KTIME_MAX), `__tmigr_cpu_deactivate(tmc, KTIME_MAX)`.
 * The follow-up `work_on_cpu(tmigr_trigger_active)` when the hierarchy became idle with
 * pending events is not modelled (it only wakes another CPU).
 */
export function emitTmigrClearCpuAvailable(ctx: EmitContext, cpu: CpuRef): void {
  const t = ctx.t;
  const fn = 'tmigr_clear_cpu_available';
  const avail = ctx.reg(`${fn}.available`);
  const firstexp = ctx.reg(`${fn}.firstexp`);
  const out = t.label();
  ctx.at(fn, 'guard(mutex)(&tmigr_available_mutex)');
  t.lock(ctx.layout.globals.tmigr_available_mutex!);
  ctx.at(fn, 'scoped_guard(raw_spinlock_irq, &tmc->lock)');
  t.lock(cpu.layout.addr.lock);
  ctx.at(fn, 'if (!tmc->available) return 0');
  t.load(avail, cpu.layout.addr.available, 'once');
  t.branch(eq(reg(avail), c(0)), out);
  ctx.at(fn, 'tmc->available = false');
  t.store(cpu.layout.addr.available, c(0), 'once');
  ctx.at(fn, 'WRITE_ONCE(tmc->wakeup, KTIME_MAX)');
  t.store(cpu.layout.addr.wakeup, KMAX, 'once');
  ctx.at(fn, 'firstexp = __tmigr_cpu_deactivate(tmc, KTIME_MAX)');
  ctx.fn.__tmigr_cpu_deactivate(ctx, cpu, KMAX, firstexp);
  t.place(out);
  ctx.at(fn, 'raw_spin_unlock_irq(&tmc->lock)');
  t.unlock(cpu.layout.addr.lock);
  ctx.at(fn, 'mutex_unlock(&tmigr_available_mutex)');
  t.unlock(ctx.layout.globals.tmigr_available_mutex!);
}

export { emitAvailableCheck };
