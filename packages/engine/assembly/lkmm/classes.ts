// Event kinds and herd's event classes over event records (graph.ts): the AssemblyScript side of
// the class predicates of packages/core/src/models/lkmm/events.ts.
import {
  E_FLAGS,
  E_KIND,
  EV_F,
  EV_R,
  EV_W,
  FAILED_RMW,
  LKR,
  TAG_ACQUIRE,
  TAG_MB,
  TAG_NORETURN,
  TAG_RELEASE,
  UL,
} from '../../../core/src/encoding/lkmm-graph';


export function kindOf(e: usize): i32 {
  return load<i32>(e + E_KIND);
}

export function flagsOf(e: usize): i32 {
  return load<i32>(e + E_FLAGS);
}

/** herd's Acquire set (bell: ACQUIRE \ W \ FailedRMW; lock.cat adds LKR). */
export function isAcquire(e: usize): bool {
  const f = flagsOf(e);
  return (kindOf(e) == EV_R && (f & TAG_ACQUIRE) != 0 && (f & FAILED_RMW) == 0) || (f & LKR) != 0;
}

/** herd's Release set (bell: RELEASE \ R \ FailedRMW; lock.cat adds UL). */
export function isRelease(e: usize): bool {
  const f = flagsOf(e);
  return (kindOf(e) == EV_W && (f & TAG_RELEASE) != 0) || (f & UL) != 0;
}

/** The bell's Mb accesses (MB \ FailedRMW). */
export function isMbAccess(e: usize): bool {
  const f = flagsOf(e);
  return kindOf(e) != EV_F && (f & TAG_MB) != 0 && (f & FAILED_RMW) == 0;
}

/** The cat's R4rmb (R \ Noreturn). */
export function isR4rmb(e: usize): bool {
  return kindOf(e) == EV_R && (flagsOf(e) & TAG_NORETURN) == 0;
}
