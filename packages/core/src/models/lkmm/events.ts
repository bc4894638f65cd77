/**
 * Events and partial execution graphs of the LKMM reference explorer.
 *
 * Event classes and tags follow herd7's C front end as used by the kernel's memory model
 * (tools/memory-model/linux-kernel.def, linux-kernel.bell and lock.cat, mainline as of
 * Kingxukai/linux@0291023e7330): R/W/F events; access tags ONCE, ACQUIRE, RELEASE, MB,
 * NORETURN; the events of an RMW instruction are in the set RMW, and a failed conditional RMW
 * leaves only its read, which is in FailedRMW; lock events LKR (read, acquire), LKW (write)
 * and UL (write, release); fence events carry their barrier kind.
 */

import {
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
} from '../../encoding/lkmm-graph.js';

/**
 * Event kinds, access tags, class memberships and fence kinds: shared with the Wasm engine
 * (encoding/lkmm-graph.ts, compiled by tsc and asc alike).
 */
export {
  EV_F,
  EV_R,
  EV_W,
  F_AFTER_ATOMIC,
  F_AFTER_SPINLOCK,
  F_BEFORE_ATOMIC,
  F_MB,
  F_RMB,
  F_WMB,
  FAILED_RMW,
  IN_RMW,
  LKR,
  LKW,
  TAG_ACQUIRE,
  TAG_MB,
  TAG_NORETURN,
  TAG_ONCE,
  TAG_RELEASE,
  UL,
} from '../../encoding/lkmm-graph.js';
export type EventKind = typeof EV_R | typeof EV_W | typeof EV_F;

/** One event of a thread (or an initial write). Immutable; a state change makes a new object. */
export interface LkEvent {
  readonly kind: EventKind;
  readonly flags: number;
  /** Address accessed (0 for fences). */
  readonly loc: number;
  /** W: the value written. R: the value read (0 while unresolved). */
  readonly val: number;
  /** R: the event reference of its rf source, or -1 while the read is unresolved (deferred). */
  readonly rf: number;
  /** Successful RMW or lock pair: the po index of the partner event in the same thread; else -1. */
  readonly rmw: number;
  /** po indices of the thread's own reads this event depends on. */
  readonly addr: readonly number[];
  readonly data: readonly number[];
  readonly ctrl: readonly number[];
  /** Instruction index that created the event. */
  readonly pc: number;
  /**
   * A deferred read: the number of events each thread had when it was deferred. It may only
   * be resolved to a write created after that (reading an older write is the same graph as
   * not deferring it).
   */
  readonly seen?: readonly number[];
}

/**
 * The partial execution graph: the events of each thread in po order and, per location, the
 * coherence order as a list of event references (the initial write first).
 */
export interface LkGraph {
  readonly events: readonly (readonly LkEvent[])[];
  readonly co: readonly (readonly number[])[];
}

/**
 * An event reference, canonical across interleavings: thread events are `(tid + 1) << 16 | po`;
 * the initial write of address `a` is `a - 1` (thread -1).
 */
export function eventRef(tid: number, po: number): number {
  return ((tid + 1) << 16) | po;
}

export function initRef(addr: number): number {
  return addr - 1;
}

/** The thread of a reference (-1 for initial writes). */
export function refThread(ref: number): number {
  return (ref >>> 16) - 1;
}

/** The po index of a reference (the address - 1 for initial writes). */
export function refPo(ref: number): number {
  return ref & 0xffff;
}

/** Whether `e` is in herd's Acquire set (bell: ACQUIRE \ W \ FailedRMW; lock.cat adds LKR). */
export function isAcquire(e: LkEvent): boolean {
  return (
    (e.kind === EV_R && (e.flags & TAG_ACQUIRE) !== 0 && (e.flags & FAILED_RMW) === 0) ||
    (e.flags & LKR) !== 0
  );
}

/** Whether `e` is in herd's Release set (bell: RELEASE \ R \ FailedRMW; lock.cat adds UL). */
export function isRelease(e: LkEvent): boolean {
  return (e.kind === EV_W && (e.flags & TAG_RELEASE) !== 0) || (e.flags & UL) !== 0;
}

/** Whether the access `e` is in the bell's Mb set (MB \ FailedRMW). */
export function isMbAccess(e: LkEvent): boolean {
  return e.kind !== EV_F && (e.flags & TAG_MB) !== 0 && (e.flags & FAILED_RMW) === 0;
}

/** Whether `e` is in the cat's R4rmb set (R \ Noreturn): reads that smp_rmb orders. */
export function isR4rmb(e: LkEvent): boolean {
  return e.kind === EV_R && (e.flags & TAG_NORETURN) === 0;
}
