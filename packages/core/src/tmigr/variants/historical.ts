/**
 * Historical pre-fix variants. Each is the v7.1-rc1 model with the historical code of one
 * function put back ("the bug transplanted into the current skeleton"), so that the rest of
 * the model stays identical and only the fixed mistake differs. Each cites the kernel commit
 * whose fix it undoes and names the preset that exposes it; `bd3c45dd01` (and `v7.1-rc1`)
 * pass those presets exhaustively.
 */
import { c, reg } from '../../ir/expr.js';
import { emitTmigrActiveUp } from '../emit/active.js';
import { emitTmigrUpdateEvents } from '../emit/events.js';
import { land, lnot, NONE, ne, stMigrator } from '../emit/exprs.js';
import {
  emitTmigrCpuPrepare,
  emitTmigrCpuPrepareNoHandshake,
  emitTmigrSetCpuAvailable,
} from '../emit/hotplug.js';
import { emitTmigrInactiveUp } from '../emit/inactive.js';
import type { EmitContext, SetupLink, SetupPass, Variant, WalkRegs } from '../types.js';
import { BD3C45DD01 } from './bd3c45dd01.js';
import { V7_1_RC1, V7_1_RC1_EMITTERS, V7_1_RC1_WARNS } from './v7_1_rc1.js';

const without = (...names: string[]) => V7_1_RC1_WARNS.filter((w) => !names.includes(w));

/**
 * `tmigr_connect_child_parent()` before b729cc1ec21a (v6.10–v6.12): under the child and parent
 * locks, `child->parent = parent` (plain) *then* `child->groupmask = BIT(parent->num_children++)`.
 */
export function emitConnectLockedParentFirst(ctx: EmitContext, link: SetupLink): void {
  const t = ctx.t;
  const fn = 'tmigr_connect_child_parent';
  const child = ctx.group(link.child);
  const parent = ctx.group(link.parent);
  ctx.at(fn, 'raw_spin_lock_irq(&child->lock)');
  t.lock(child.addr.lock);
  ctx.at(fn, 'raw_spin_lock_nested(&parent->lock, SINGLE_DEPTH_NESTING)');
  t.lock(parent.addr.lock);
  ctx.at(fn, 'child->parent = parent');
  t.store(child.addr.parent, c(parent.base), 'once');
  ctx.at(fn, 'child->groupmask = BIT(parent->num_children++)');
  t.store(child.addr.groupmask, c(link.mask), 'once');
  ctx.at(fn, 'raw_spin_unlock(&parent->lock)');
  t.unlock(parent.addr.lock);
  ctx.at(fn, 'raw_spin_unlock_irq(&child->lock)');
  t.unlock(child.addr.lock);
}

/**
 * The activation of a new parent before 10a0e6f3d3db (v6.9/v6.10 `tmigr_connect_child_parent`):
 * check-then-act on the child's state — `if (childstate.migrator != TMIGR_NONE)` then
 * `tmigr_active_up(parent, child)` once, with `WARN_ON(!tmigr_active_up(...) && parent->parent)`.
 */
export function emitActivateIfChildActive(ctx: EmitContext, pass: SetupPass): void {
  const t = ctx.t;
  const fn = 'tmigr_connect_child_parent';
  const start = ctx.group(pass.start!);
  const parent = ctx.group(pass.links[pass.links.length - 1]!.parent);
  const state = ctx.reg(`${fn}.childstate`);
  const pp = ctx.reg(`${fn}.parent_parent`);
  const w = ctx.walkRegs('connect');
  const skip = t.label();
  ctx.at(fn, 'childstate.state = atomic_read(&child->migr_state)');
  t.load(state, start.addr.migr_state, 'once');
  ctx.at(fn, 'if (childstate.migrator != TMIGR_NONE)');
  t.branch(lnot(ne(stMigrator(reg(state)), NONE)), skip);
  ctx.at(fn, 'data.childmask = child->groupmask');
  t.load(w.childmask, start.addr.groupmask, 'once');
  t.set(w.group, c(parent.base)).set(w.child, c(start.base));
  ctx.fn.tmigr_active_up(ctx, w);
  ctx.at(fn, 'WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent)');
  t.load(pp, parent.addr.parent, 'once');
  ctx.warn(
    lnot(land(lnot(reg(w.ret)), ne(reg(pp), c(0)))),
    'WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent)',
  );
  t.place(skip);
}

/** `no-seq`: the race the file's "Protection of the tmigr group state information" section documents. */
export const NO_SEQ: Variant = {
  name: 'no-seq',
  description:
    'v7.1-rc1 without the seq counter in union tmigr_state: a stale cmpxchg succeeds (ABA) and leaves an inconsistent group',
  kernel:
    'kernel/time/timer_migration.c comment "Protection of the tmigr group state information" (v6.9+, 7ee988770326), tmigr_active_up/tmigr_inactive_up without newstate.seq++',
  base: V7_1_RC1.name,
  emitters: {
    ...V7_1_RC1_EMITTERS,
    tmigr_active_up: (ctx, w) => emitTmigrActiveUp(ctx, w, { seq: false }),
    tmigr_inactive_up: (ctx, w) => emitTmigrInactiveUp(ctx, w, { seq: false }),
  },
  setup: V7_1_RC1.setup,
  warns: V7_1_RC1_WARNS,
  exposedBy: ['no-seq'],
};

/** `update-events-unlocked`: the race of the file's "Prevent race between new event and last CPU going inactive" section. */
export const UPDATE_EVENTS_UNLOCKED: Variant = {
  name: 'update-events-unlocked',
  description:
    'v7.1-rc1 with tmigr_update_events() reading the child and group states before taking the locks: a new timer is queued into a top level seen active and never handed back',
  kernel:
    'kernel/time/timer_migration.c comment "Prevent race between new event and last CPU going inactive" (v6.9+), tmigr_update_events',
  base: V7_1_RC1.name,
  emitters: {
    ...V7_1_RC1_EMITTERS,
    tmigr_update_events: (ctx, w) => emitTmigrUpdateEvents(ctx, w, { statesBeforeLocks: true }),
  },
  setup: V7_1_RC1.setup,
  warns: V7_1_RC1_WARNS,
  exposedBy: ['update-events-unlocked'],
};

/**
 * `facd40aa5c46` ("timers/migration: Do not rely always on group->parent", v6.11-rc1): before
 * it, `tmigr_inactive_up()` re-read `group->parent` after `tmigr_update_events()` had decided
 * "top level" on its own read, and warned `WARN_ON_ONCE(data->firstexp != KTIME_MAX &&
 * group->parent)` — a false positive when a new level is connected in between.
 */
const FACD_WARN = 'WARN_ON_ONCE(data->firstexp != KTIME_MAX && group->parent)';
export const FACD40AA5C46: Variant = {
  // Transplanted into the bd3c45dd01 skeleton: its preset shares the seed's shape, and the seed
  // race's WARN_ON_ONCE(!state.active) would otherwise be found first.
  name: 'facd40aa5c46',
  description:
    'before facd40aa5c46: tmigr_inactive_up() reads group->parent again after tmigr_update_events() and WARNs when firstexp was set on a group that just got a parent',
  kernel:
    'facd40aa5c46 timers/migration: Do not rely always on group->parent (v6.11-rc1; pre-fix tmigr_inactive_up of v6.10)',
  base: BD3C45DD01.name,
  emitters: {
    ...BD3C45DD01.emitters,
    tmigr_inactive_up: (ctx: EmitContext, w: WalkRegs) => {
      emitTmigrInactiveUp(ctx, w);
      const pp = ctx.reg('tmigr_inactive_up.parent');
      ctx.at('tmigr_inactive_up', FACD_WARN);
      ctx.t.load(pp, ctx.groupField(reg(w.group), 'parent'), 'once');
      ctx.warn(lnot(land(ne(reg(w.firstexp), c(0x7fffffff)), ne(reg(pp), c(0)))), FACD_WARN);
    },
  },
  setup: V7_1_RC1.setup,
  warns: [...BD3C45DD01.warns, FACD_WARN],
  exposedBy: ['facd40aa5c46'],
};

/**
 * `b729cc1ec21a` ("Fix another race between hotplug and idle entry/exit", v6.13): before it a
 * new top level's groupmask was not pre-initialised and the connection stored `child->parent`
 * before `child->groupmask` (plain, under group locks the walker never takes); a walker could
 * see the new parent with the old groupmask 0 and make "0" the new top's migrator.
 * (`WARN_ON_ONCE(!data->childmask)` in the walk is left out: it is not in that kernel.)
 */
export const B729CC1EC21A: Variant = {
  name: 'b729cc1ec21a',
  description:
    'before b729cc1ec21a: no groupmask pre-initialisation of a new top level; connect stores parent before groupmask',
  kernel:
    'b729cc1ec21a timers/migration: Fix another race between hotplug and idle entry/exit (v6.13; pre-fix tmigr_init_group/tmigr_connect_child_parent of v6.12)',
  base: V7_1_RC1.name,
  emitters: {
    ...V7_1_RC1_EMITTERS,
    tmigr_connect_child_parent: (ctx, link) => emitConnectLockedParentFirst(ctx, link),
  },
  setup: {
    ...V7_1_RC1.setup,
    preinitNewTop: false,
    connectOrder: 'parent-then-groupmask',
    parentStore: 'once',
  },
  warns: without(
    'WARN_ON_ONCE(!data->childmask)',
    'WARN_ON_ONCE(activate)',
    'WARN_ON_ONCE(parent->num_children != 2)',
  ),
  exposedBy: ['b729cc1ec21a'],
};

/**
 * `868c9037df62` ("Fix off-by-one root mis-connection", v6.14-rc2): after b729cc1ec21a
 * pre-accounted the old root in a new top level, the old-root attach still tested
 * `num_children == 1`, so the old root was never connected: two top levels.
 */
export const V868C9037DF62: Variant = {
  name: '868c9037df62',
  description:
    'before 868c9037df62: the old root is never connected to the new root (num_children == 1 test after pre-accounting): several top levels',
  kernel:
    '868c9037df62 timers/migration: Fix off-by-one root mis-connection (v6.14-rc2; pre-fix tmigr_setup_groups of v6.13, torvalds/linux@07c5b277208c)',
  base: V7_1_RC1.name,
  emitters: V7_1_RC1_EMITTERS,
  setup: { ...V7_1_RC1.setup, oldRootAttachChildren: 1 },
  warns: V7_1_RC1_WARNS,
  exposedBy: ['868c9037df62'],
};

/**
 * `10a0e6f3d3db` ("Move hierarchy setup into cpuhotplug prepare callback", v6.11-rc1): before
 * it the hierarchy was set up by the incoming CPU in its ONLINE callback, the old top was
 * activated in the new one only if it looked active (check-then-act), and the connection
 * stored parent before the mask. Scenario A: the old top's last CPU goes idle between the
 * check and the activation. Scenario B: a waking CPU reads the new parent with a 0 groupmask.
 */
export const V10A0E6F3D3DB: Variant = {
  name: '10a0e6f3d3db',
  description:
    'before 10a0e6f3d3db: setup runs on the incoming CPU (online callback), the new parent is activated only if the old top looks active, parent stored before groupmask',
  kernel:
    '10a0e6f3d3db timers/migration: Move hierarchy setup into cpuhotplug prepare callback (v6.11-rc1; pre-fix tmigr_cpu_online/tmigr_connect_child_parent of v6.10)',
  base: V7_1_RC1.name,
  emitters: {
    ...V7_1_RC1_EMITTERS,
    tmigr_cpu_prepare: (ctx, control, target) => {
      // No tmigr PREPARE work: only the hotplug handshake that lets the target come up.
      // (The boot sequence is sequential, so there the setup may run at prepare time.)
      const hs = ctx.layout.globals[`cpuhp:${target}`];
      if (hs === undefined) {
        emitTmigrCpuPrepare(ctx, control, target);
        return;
      }
      ctx.at('cpuhp', 'kick the AP (no tmigr prepare callback before 10a0e6f3d3db)');
      ctx.t.store(hs, c(1), 'release');
    },
    tmigr_set_cpu_available: (ctx, cpu) => {
      if (ctx.layout.globals[`cpuhp:${cpu.cpu}`] !== undefined) {
        // tmigr_cpu_online(): "First online attempt? Initialize CPU data" -> tmigr_add_cpu(cpu) on this CPU.
        emitTmigrCpuPrepareNoHandshake(ctx, cpu, cpu.cpu);
      }
      emitTmigrSetCpuAvailable(ctx, cpu);
    },
    tmigr_connect_child_parent: (ctx, link) => emitConnectLockedParentFirst(ctx, link),
    tmigr_setup_groups_activate: emitActivateIfChildActive,
  },
  setup: {
    ...V7_1_RC1.setup,
    preinitNewTop: false,
    connectOrder: 'parent-then-groupmask',
    parentStore: 'once',
    setupOn: 'online',
  },
  warns: [
    ...without(
      'WARN_ON_ONCE(!data->childmask)',
      'WARN_ON_ONCE(activate)',
      'WARN_ON_ONCE(parent->num_children != 2)',
      'WARN_ON_ONCE(!state.active)',
      'WARN_ON_ONCE(!start->parent)',
      'WARN_ON_ONCE(cpu == raw_smp_processor_id())',
      'WARN_ON_ONCE(!per_cpu_ptr(&tmigr_cpu, raw_smp_processor_id())->available)',
    ),
    'WARN_ON(!tmigr_active_up(parent, child, &data) && parent->parent)',
  ],
  exposedBy: ['10a0e6f3d3db-A', '10a0e6f3d3db-B'],
};

export const HISTORICAL: readonly Variant[] = [
  V10A0E6F3D3DB,
  B729CC1EC21A,
  V868C9037DF62,
  FACD40AA5C46,
  NO_SEQ,
  UPDATE_EVENTS_UNLOCKED,
];
