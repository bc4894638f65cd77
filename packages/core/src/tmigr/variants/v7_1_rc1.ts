/**
 * `v7.1-rc1`: kernel/time/timer_migration.c before the seed fix bd3c45dd01
 * (intel-lab-lkp/linux@b7f6b1ffaff1855b6999b8b50cd4b5ade05cd69b, identical activate block in
 * Diangang/linux@35ce50121a22). Every other variant is derived from this one.
 */
import { emitTmigrActiveUp, emitTmigrCpuActivate, emitTmigrCpuActivateLocked } from '../emit/active.js';
import {
  emitTmigrCpuNewTimer,
  emitTmigrNewTimer,
  emitTmigrNewTimerUp,
  emitTmigrNextGroupevt,
  emitTmigrUpdateEvents,
} from '../emit/events.js';
import {
  emitSetupActivatePreFix,
  emitTmigrClearCpuAvailable,
  emitTmigrConnectChildParent,
  emitTmigrCpuPrepare,
  emitTmigrSetCpuAvailable,
  emitTmigrSetupGroups,
} from '../emit/hotplug.js';
import {
  emitTmigrCpuDeactivate,
  emitTmigrCpuDeactivateLocked,
  emitTmigrInactiveUp,
} from '../emit/inactive.js';
import {
  emitTmigrHandleRemote,
  emitTmigrHandleRemoteCpu,
  emitTmigrHandleRemoteUp,
  emitTmigrQuickCheck,
  emitTmigrRequiresHandleRemote,
  emitTmigrRequiresHandleRemoteUp,
} from '../emit/remote.js';
import { emitWalkGroupsFrom } from '../emit/walk.js';
import { MODERN_SETUP } from '../topology.js';
import type { Emitters, Variant } from '../types.js';

/** The v7.1-rc1 code generator: one emitter per kernel function. */
export const V7_1_RC1_EMITTERS: Emitters = {
  __walk_groups_from: emitWalkGroupsFrom,
  tmigr_cpu_activate: emitTmigrCpuActivate,
  __tmigr_cpu_activate: emitTmigrCpuActivateLocked,
  tmigr_active_up: (ctx, w) => emitTmigrActiveUp(ctx, w),
  tmigr_cpu_deactivate: emitTmigrCpuDeactivate,
  __tmigr_cpu_deactivate: emitTmigrCpuDeactivateLocked,
  tmigr_inactive_up: (ctx, w) => emitTmigrInactiveUp(ctx, w),
  tmigr_update_events: (ctx, w) => emitTmigrUpdateEvents(ctx, w),
  tmigr_next_groupevt: emitTmigrNextGroupevt,
  tmigr_cpu_new_timer: emitTmigrCpuNewTimer,
  tmigr_new_timer: emitTmigrNewTimer,
  tmigr_new_timer_up: emitTmigrNewTimerUp,
  tmigr_handle_remote: emitTmigrHandleRemote,
  tmigr_handle_remote_up: emitTmigrHandleRemoteUp,
  tmigr_handle_remote_cpu: emitTmigrHandleRemoteCpu,
  tmigr_requires_handle_remote: emitTmigrRequiresHandleRemote,
  tmigr_requires_handle_remote_up: emitTmigrRequiresHandleRemoteUp,
  tmigr_quick_check: emitTmigrQuickCheck,
  tmigr_set_cpu_available: emitTmigrSetCpuAvailable,
  tmigr_clear_cpu_available: emitTmigrClearCpuAvailable,
  tmigr_cpu_prepare: emitTmigrCpuPrepare,
  tmigr_setup_groups: emitTmigrSetupGroups,
  tmigr_connect_child_parent: (ctx, link) => emitTmigrConnectChildParent(ctx, link),
  tmigr_setup_groups_activate: emitSetupActivatePreFix,
};

/** Every WARN_ON / WARN_ON_ONCE of the v7.1-rc1 file that the model contains. */
export const V7_1_RC1_WARNS: readonly string[] = [
  'WARN_ON_ONCE(group->level >= tmigr_hierarchy_levels)',
  'WARN_ON_ONCE(!data->childmask)',
  'WARN_ON_ONCE(!tmc->idle)',
  'WARN_ON_ONCE((newstate.migrator != TMIGR_NONE) && !(newstate.active))',
  'WARN_ON_ONCE(tmc->idle)',
  'WARN_ON_ONCE(activate)',
  'WARN_ON_ONCE(parent->num_children != 2)',
  'WARN_ON_ONCE(i >= tmigr_hierarchy_levels)',
  'WARN_ON_ONCE(!state.active)',
  'WARN_ON_ONCE(!start->parent)',
  'WARN_ON_ONCE(group->parent)',
  'WARN_ON_ONCE(tmigr_root->level > top)',
  'WARN_ON_ONCE(cpu == raw_smp_processor_id())',
  'WARN_ON_ONCE(!per_cpu_ptr(&tmigr_cpu, raw_smp_processor_id())->available)',
];

export const V7_1_RC1: Variant = {
  name: 'v7.1-rc1',
  description:
    'Linux 7.1-rc1, before the seed fix: the old root is read with atomic_read() and the new root activated unconditionally',
  kernel:
    'v7.1-rc1 kernel/time/timer_migration.c (intel-lab-lkp/linux@b7f6b1ffaff1855b6999b8b50cd4b5ade05cd69b)',
  base: null,
  emitters: V7_1_RC1_EMITTERS,
  setup: MODERN_SETUP,
  warns: V7_1_RC1_WARNS,
  exposedBy: ['seed'],
};
