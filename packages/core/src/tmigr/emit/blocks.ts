/**
 * The building blocks of the shipped emitters, for users' variants (exported from the package
 * as `emit`): every v7.1-rc1 emitter, the pre-fix and historical ones, and the helpers they
 * share (the timerqueue scan `emitFirstQueued`, `emitSetEvtCpu`, `emitCheckMigrator`,
 * `emitAvailableCheck`, `startWalkAtCpu`, `emitStaticWarns`). A variant that changes one
 * line of a long function copies that function from these sources and calls the helpers
 * from here; expressions come from `ctx.E`.
 */
export {
  emitAvailableCheck,
  emitTmigrActiveUp,
  emitTmigrCpuActivate,
  emitTmigrCpuActivateLocked,
} from './active.js';
export {
  emitFirstQueued,
  emitSetEvtCpu,
  emitTmigrCpuNewTimer,
  emitTmigrNewTimer,
  emitTmigrNewTimerUp,
  emitTmigrNextGroupevt,
  emitTmigrUpdateEvents,
} from './events.js';
export {
  emitSetupActivateFixed,
  emitSetupActivatePreFix,
  emitStaticWarns,
  emitTmigrClearCpuAvailable,
  emitTmigrConnectChildParent,
  emitTmigrCpuPrepare,
  emitTmigrCpuPrepareNoHandshake,
  emitTmigrSetCpuAvailable,
  emitTmigrSetupGroups,
} from './hotplug.js';
export { emitTmigrCpuDeactivate, emitTmigrCpuDeactivateLocked, emitTmigrInactiveUp } from './inactive.js';
export {
  emitCheckMigrator,
  emitTmigrHandleRemote,
  emitTmigrHandleRemoteCpu,
  emitTmigrHandleRemoteUp,
  emitTmigrQuickCheck,
  emitTmigrRequiresHandleRemote,
  emitTmigrRequiresHandleRemoteUp,
} from './remote.js';
export { emitWalkGroupsFrom, startWalkAtCpu } from './walk.js';
