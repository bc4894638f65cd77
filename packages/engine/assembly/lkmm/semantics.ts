// The LKMM transition system, mirroring core's models/lkmm/semantics.ts function by function
// (`successors`, `successorsWith`, `frontierCandidates`, `resolveCandidates`, `replay`,
// `emit`, `finish`, `waitMatters`, `hasDeadRead`, `stillWaiting`, `canAddEvent`): the same
// canonical schedule, deferred reads and their pruning, ordered reads that wait, idle-wait
// pruning, lock events and failed RMWs, in the same order, so that successors and their
// choice numbers are identical.
//
// Successors are written as candidates to an arena (see `candidates`): a header and a full
// state vector each. `expand(cur)` fills the list; each candidate ends as CK_DROP (not a
// successor), CK_STATE or CK_VIOL (a violation reached by its step).
import {
  F_AFTER_ATOMIC as K_F_AFTER_ATOMIC,
  F_AFTER_SPINLOCK as K_F_AFTER_SPINLOCK,
  F_BEFORE_ATOMIC as K_F_BEFORE_ATOMIC,
  F_MB as K_F_MB,
  F_RMB as K_F_RMB,
  OP_FENCE,
  OP_LOAD,
  OP_LOCK,
  OP_RMW,
  OP_STORE,
  OP_UNLOCK,
  ORD_ACQUIRE,
  ORD_MB,
  ORD_NORETURN,
  ORD_RELAXED,
  ORD_RELEASE,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
} from '../../../core/src/encoding/opcodes';
import {
  LF_DEFER_READS,
  LF_LOAD_WAITS,
  LF_ORDERED_READS_WAIT,
  LF_HELD_LOCKS,
  LF_PRUNE_IDLE_WAITS,
  LT_ANY_LOC,
  LTT_AHEAD,
  LTT_DEFERRABLE,
  LTT_REC,
} from '../../../core/src/encoding/lkmm-opcodes';
import { LK_MAX_LOCATIONS } from '../../../core/src/encoding/lkmm-graph';
import { nLoc, progPtr } from '../program';
import {
  advanceGraph,
  checkOutOfMemory,
  inconsistent,
  invalidateGraph,
  predicateReadsWholeState,
} from './consistency-check';
import { arenaReserve } from './store';
import {
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
} from './events';
import {
  codeLength,
  ctrlDepsAt,
  evalIn,
  exprDeps,
  exprDepsInto,
  exprUnknown,
  instrAt,
  isSharedOp,
  iw,
  LOCAL_PRUNED,
  LOCAL_VIOLATION,
  localProperty,
  needsGuess,
  resetThread,
  runLocalLk,
} from './local';
import {
  bitsCopy,
  bitsSingle,
  CO,
  coList,
  copyShared,
  copyThread,
  depsOf,
  E,
  E_ADDR,
  E_CTRL,
  E_DATA,
  E_FLAGS,
  E_KIND,
  E_LOC,
  E_PC,
  E_RF,
  E_RMW,
  E_SEEN,
  E_VAL,
  EVW,
  evOf,
  eventRef,
  G,
  guessOf,
  PENDING_BAD_ADDRESS,
  refPo,
  refThread,
  regsOf,
  S_FROZEN,
  S_PENDING,
  S_WAITING,
  OVF_CO,
  OVF_EVENTS,
  OVF_GUESSES,
  setOverflow,
  setW,
  T,
  TH_NEV,
  TH_NG,
  TH_PC,
  TH_STATUS,
  thr,
  unknownOf,
  VB,
  VW,
  w,
} from './state';

// ---- configuration (set by the search from the LKMM tables) ----
let tablesPtr: usize = 0;
let flags: i32 = 0;
let orderPtr: usize = 0;
let threadRecs: usize = 0;

export function configure(tables: usize, optionFlags: i32, order: usize, recs: usize): void {
  tablesPtr = tables;
  flags = optionFlags;
  orderPtr = order;
  threadRecs = recs;
}

function tw(i: i32): i32 {
  return load<i32>(tablesPtr + ((<usize>i) << 2));
}
function orderAt(i: i32): i32 {
  return load<i32>(orderPtr + ((<usize>i) << 2));
}
function deferReads(): bool {
  return (flags & LF_DEFER_READS) != 0;
}

// ---- static tables (future.ts, ordered-reads.ts) ----

/**
 * Room for the locks one thread holds at once (`locksHeldBefore`): they are distinct
 * locations, since a spin_lock of a held lock never returns.
 */
const HELD_MAX: i32 = LK_MAX_LOCATIONS;
/** `locksHeldBefore`'s result: count, then the lock locations. */
const HELD = memory.data(4 * (HELD_MAX + 1), 4);

/**
 * semantics.ts `locksHeldBefore`: the spinlocks thread record `th` holds right before its
 * event `k` (an LKW before it in po with no UL of the same location between), written to
 * HELD as (count, locks...); returns HELD.
 */
function locksHeldBefore(th: usize, k: i32): usize {
  if ((flags & LF_HELD_LOCKS) == 0) return 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    const e = evOf(th, i);
    const f = w(e, E_FLAGS);
    if ((f & LKW) != 0) {
      // Never full (see HELD_MAX); were it, leaving a lock out only defers more reads.
      if (n < HELD_MAX) {
        n++;
        store<i32>(HELD + ((<usize>n) << 2), w(e, E_LOC));
      }
    } else if ((f & UL) != 0) {
      const loc = w(e, E_LOC);
      for (let j = 1; j <= n; j++) {
        if (load<i32>(HELD + ((<usize>j) << 2)) == loc) {
          store<i32>(HELD + ((<usize>j) << 2), load<i32>(HELD + ((<usize>n) << 2)));
          n--;
          break;
        }
      }
    }
  }
  store<i32>(HELD, n);
  return HELD;
}

/** future.ts `mayWrite`: `locks` points at (count, locks...) in memory, or is 0 for none. */
function mayWrite(t: i32, pc: i32, loc: i32, locks: usize): bool {
  if (pc > codeLength(t)) return false;
  let p = tw(w(threadRecs, t * LTT_REC + LTT_AHEAD) + pc);
  const n = tw(p);
  p++;
  for (let i = 0; i < n; i++) {
    const key = tw(p);
    const nl = tw(p + 1);
    if (key == loc || key == LT_ANY_LOC) {
      let shared = false;
      if (locks != 0) {
        const nr = load<i32>(locks);
        for (let a = 0; a < nl && !shared; a++) {
          const l = tw(p + 2 + a);
          for (let b = 0; b < nr; b++) {
            if (load<i32>(locks + ((<usize>(1 + b)) << 2)) == l) {
              shared = true;
              break;
            }
          }
        }
      }
      if (!shared) return true;
    }
    p += 2 + nl;
  }
  return false;
}

function deferrable(t: i32, pc: i32): bool {
  if ((flags & LF_ORDERED_READS_WAIT) == 0) return true;
  return tw(w(threadRecs, t * LTT_REC + LTT_DEFERRABLE) + pc) != 0;
}

// ---- candidates ----

export const CK_CAND: i32 = 0;
export const CK_DROP: i32 = 1;
export const CK_STATE: i32 = 2;
export const CK_VIOL: i32 = 3;
export const C_KIND: i32 = 0;
export const C_THREAD: i32 = 1;
export const C_CHOICE: i32 = 2;
const C_FLAGS: i32 = 3;
const C_VIOL: i32 = 4;
const C_WAITING: i32 = 5;
/** CK_VIOL: the reported violation (pending code: property + 1 or PENDING_BAD_ADDRESS). */
export const C_PROP: i32 = 6;
/** A resolution candidate: the po index of the read that got its rf; else -1. */
const C_RESOLVED: i32 = 7;
export const CH: i32 = 8;
const CF_WAIT: i32 = 1;
const CF_ACYCLIC: i32 = 2;
/** Only the shared part and the moving thread were copied from the parent (`completeCand`). */
const CF_PARTIAL: i32 = 4;

/** Bytes of one candidate (header and vector). */
export let candBytes: usize = 0;
/** The list being built: its start, count and end. */
export let candBase: usize = 0;
export let nCand: i32 = 0;
let candTop: usize = 0;
/** Set when the arena cannot grow (the search stops with memory-limit). */
export let outOfMemory: bool = false;


/** The state vector of candidate i. */
export function candAt(i: i32): usize {
  return candBase + (<usize>i) * candBytes;
}
export function candVec(c: usize): usize {
  return c + ((<usize>CH) << 2);
}

export function setCandBytes(): void {
  candBytes = ((<usize>(CH + VW)) << 2);
  outOfMemory = false;
}

/** The state being expanded, and the waiting mask of this round (`successorsWith`). */
let cur: usize = 0;
let roundWaiting: i32 = 0;
let curFrozen: i32 = 0;

/** A new candidate, a copy of `cur`, for thread `ti`; 0 when memory is out. */
function newCand(ti: i32): usize {
  if (!arenaReserve(candTop + candBytes)) {
    outOfMemory = true;
    return 0;
  }
  const c = candTop;
  candTop += candBytes;
  nCand++;
  setW(c, C_KIND, CK_CAND);
  setW(c, C_THREAD, ti);
  setW(c, C_CHOICE, 0);
  setW(c, C_FLAGS, 0);
  setW(c, C_VIOL, 0);
  setW(c, C_WAITING, 0);
  setW(c, C_PROP, 0);
  setW(c, C_RESOLVED, -1);
  // The other threads are copied once the candidate passed its consistency check: most
  // candidates that fail it would otherwise cost a whole copy of the state each.
  copyShared(candVec(c), cur);
  copyThread(candVec(c), cur, ti);
  setW(c, C_FLAGS, CF_PARTIAL);
  return c;
}

/**
 * Completes a candidate that `newCand` copied in part: the threads other than its own, which
 * the step left as they are in the parent. Before that, only the shared part and the moving
 * thread of the candidate may be read.
 */
function completeCand(c: usize): void {
  const fl = w(c, C_FLAGS);
  if ((fl & CF_PARTIAL) == 0) return;
  const ti = w(c, C_THREAD);
  const v = candVec(c);
  for (let t = 0; t < T; t++) if (t != ti) copyThread(v, cur, t);
  setW(c, C_FLAGS, fl & ~CF_PARTIAL);
}

function dropLastCand(): void {
  candTop -= candBytes;
  nCand--;
}

// ---- helpers over the graph ----

function hasUnresolved(v: usize): bool {
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      if (w(e, E_KIND) == EV_R && w(e, E_RF) < 0) return true;
    }
  }
  return false;
}

function threadHasUnresolved(th: usize): bool {
  const n = w(th, TH_NEV);
  for (let k = 0; k < n; k++) {
    const e = evOf(th, k);
    if (w(e, E_KIND) == EV_R && w(e, E_RF) < 0) return true;
  }
  return false;
}

/** The value written by event `ref` in state `v`. */
export function valueOf(v: usize, ref: i32): i32 {
  const t = refThread(ref);
  if (t < 0) return load<i32>(progPtr + ((<usize>(initWordsAt + refPo(ref))) << 2));
  return w(evOf(thr(v, t), refPo(ref)), E_VAL);
}

let initWordsAt: i32 = 0;
export function setLocInit(wordOffset: i32): void {
  initWordsAt = wordOffset;
}

function latestRef(v: usize, addr: i32): i32 {
  const co = coList(v, addr);
  return w(co, w(co, 0));
}

/** The co-latest value of `addr`. */
export function latestValue(v: usize, addr: i32): i32 {
  return valueOf(v, latestRef(v, addr));
}

function validAddress(addr: i32): bool {
  return addr >= 1 && addr <= nLoc;
}

/** A thread whose code is finished but which still has unresolved reads is not done. */
function normalizeStatus(th: usize): void {
  if (w(th, TH_STATUS) == ST_DONE && threadHasUnresolved(th)) setW(th, TH_STATUS, ST_RUNNING);
}

/** The shared instruction thread `ti` can execute now, or 0. */
function instrReady(v: usize, ti: i32): usize {
  const th = thr(v, ti);
  if (w(th, TH_STATUS) != ST_RUNNING) return 0;
  const pc = w(th, TH_PC);
  if (pc >= codeLength(ti)) return 0;
  const ip = instrAt(ti, pc);
  const op = iw(ip, 0);
  if (!isSharedOp(op)) return 0;
  switch (op) {
    case OP_FENCE:
      return ip;
    case OP_LOAD:
      return exprUnknown(iw(ip, 2), th) ? 0 : ip;
    case OP_LOCK:
    case OP_UNLOCK:
      return exprUnknown(iw(ip, 1), th) ? 0 : ip;
    case OP_STORE:
      return exprUnknown(iw(ip, 1), th) || exprUnknown(iw(ip, 2), th) ? 0 : ip;
    case OP_RMW:
      return exprUnknown(iw(ip, 1), th) || exprUnknown(iw(ip, 2), th) || exprUnknown(iw(ip, 3), th)
        ? 0
        : ip;
  }
  return 0;
}

/** The address expression of a shared instruction. */
function addrExpr(ip: usize): i32 {
  return iw(ip, 0) == OP_LOAD ? iw(ip, 2) : iw(ip, 1);
}

function canAddEvent(v: usize, ti: i32): bool {
  const th = thr(v, ti);
  if (needsGuess(ti, th)) return true;
  const ip = instrReady(v, ti);
  if (ip == 0) return false;
  if (iw(ip, 0) == OP_LOCK) {
    const addr = evalIn(iw(ip, 1), th, 0);
    if (validAddress(addr) && latestValue(v, addr) != 0) return false;
  }
  return true;
}

/** Whether a thread other than `ti` (running, not frozen) may still write `loc` (see future.ts). */
function mayBeWrittenLater(v: usize, frozen: i32, ti: i32, loc: i32, locks: usize): bool {
  for (let tj = 0; tj < T; tj++) {
    if (tj == ti || (frozen & (1 << tj)) != 0) continue;
    const th = thr(v, tj);
    if (w(th, TH_STATUS) == ST_RUNNING && mayWrite(tj, w(th, TH_PC), loc, locks)) return true;
  }
  return false;
}

function waitMatters(v: usize, frozen: i32, ti: i32, ip: usize): bool {
  let others = false;
  for (let i = 0; i < T; i++) {
    if (i != ti && w(thr(v, i), TH_STATUS) == ST_RUNNING && (frozen & (1 << i)) == 0) others = true;
  }
  if (!others || iw(ip, 0) == OP_FENCE) return false;
  if (!deferReads()) return true;
  const addr = evalIn(addrExpr(ip), thr(v, ti), 0);
  return mayBeWrittenLater(v, frozen, ti, addr, 0);
}

function hasDeadRead(v: usize, frozen: i32): bool {
  for (let ti = 0; ti < T; ti++) {
    const th = thr(v, ti);
    const n = w(th, TH_NEV);
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      if (w(e, E_KIND) != EV_R || w(e, E_RF) >= 0) continue;
      const loc = w(e, E_LOC);
      const co = coList(v, loc);
      const len = w(co, 0);
      let alive = false;
      for (let j = 1; j <= len; j++) {
        const src = w(co, j);
        const st = refThread(src);
        if (st >= 0 && st != ti && refPo(src) >= w(e, E_SEEN + st)) {
          alive = true;
          break;
        }
      }
      if (alive) continue;
      if (!mayBeWrittenLater(v, frozen, ti, loc, locksHeldBefore(th, k))) return true;
    }
  }
  return false;
}

function stillWaiting(v: usize, waiting: i32, g: usize): i32 {
  let out = waiting;
  for (let ti = 0; ti < T; ti++) {
    if ((waiting & (1 << ti)) == 0) continue;
    const th = thr(v, ti);
    const pc = w(th, TH_PC);
    const ip = pc < codeLength(ti) ? instrAt(ti, pc) : 0;
    const op = ip == 0 ? 0 : iw(ip, 0);
    if (op != OP_RMW && op != OP_LOCK && op != OP_LOAD) {
      out &= ~(1 << ti);
      continue;
    }
    const addr = evalIn(addrExpr(ip), th, 0);
    if (validAddress(addr) && w(coList(g, addr), 0) != w(coList(v, addr), 0)) out &= ~(1 << ti);
  }
  return out;
}

function someoneAtLock(v: usize): bool {
  for (let i = 0; i < T; i++) {
    const th = thr(v, i);
    if (w(th, TH_STATUS) != ST_RUNNING) continue;
    const pc = w(th, TH_PC);
    if (pc < codeLength(i) && iw(instrAt(i, pc), 0) == OP_LOCK) return true;
  }
  return false;
}

// ---- building events ----

/** Scratch dependency sets (DW words each). */
let addrScratch: usize = 0;
let ctrlScratch: usize = 0;
let dataScratch: usize = 0;
export function setScratch(addr: usize, ctrl: usize, data: usize): void {
  addrScratch = addr;
  ctrlScratch = ctrl;
  dataScratch = data;
}

/** Appends an event to thread `ti` of candidate vector `g`; returns it (0 on overflow). */
function appendEvent(g: usize, ti: i32, kind: i32, fl: i32, loc: i32, val: i32, rf: i32, rmw: i32, pc: i32, data: bool): usize {
  const th = thr(g, ti);
  const k = w(th, TH_NEV);
  if (k >= E) {
    setOverflow(OVF_EVENTS);
    return 0;
  }
  const e = evOf(th, k);
  setW(e, E_KIND, kind);
  setW(e, E_FLAGS, fl);
  setW(e, E_LOC, loc);
  setW(e, E_VAL, val);
  setW(e, E_RF, rf);
  setW(e, E_RMW, rmw);
  setW(e, E_PC, pc);
  for (let t = 0; t < T; t++) setW(e, E_SEEN + t, 0);
  if (kind == EV_F) {
    for (let i = 0; i < E_CTRL - E_ADDR; i++) setW(e, E_ADDR + i, 0);
  } else {
    bitsCopy(e + ((<usize>E_ADDR) << 2), addrScratch);
    if (data) bitsCopy(e + ((<usize>E_DATA) << 2), dataScratch);
    else for (let i = 0; i < E_CTRL - E_DATA; i++) setW(e, E_DATA + i, 0);
  }
  bitsCopy(e + ((<usize>E_CTRL) << 2), ctrlScratch);
  setW(th, TH_NEV, k + 1);
  return e;
}

/** Inserts `ref` at position k (0-based, the initial write is position 0) of `addr`'s co list. */
function coInsert(g: usize, addr: i32, k: i32, ref: i32): bool {
  const co = coList(g, addr);
  const len = w(co, 0);
  if (len >= CO) {
    setOverflow(OVF_CO);
    return false;
  }
  for (let j = len; j > k; j--) setW(co, j + 1, w(co, j));
  setW(co, k + 1, ref);
  setW(co, 0, len + 1);
  return true;
}

/**
 * semantics.ts `finish`: runs the thread's local code in candidate `c`; drops the candidate
 * when the run is pruned.
 */
function finishCand(c: usize, ti: i32, appendedLast: bool): void {
  const g = candVec(c);
  const th = thr(g, ti);
  const evCount = w(th, TH_NEV);
  let local = runLocalLk(ti, th, evCount);
  let violation = 0;
  if (local == LOCAL_VIOLATION) {
    violation = localProperty + 1;
    completeCand(c);
    if (hasUnresolved(g)) {
      while (local == LOCAL_VIOLATION) {
        setW(th, TH_PC, w(th, TH_PC) + 1);
        local = runLocalLk(ti, th, evCount);
      }
    }
  }
  if (local == LOCAL_PRUNED) {
    dropLastCand();
    return;
  }
  normalizeStatus(th);
  setW(c, C_VIOL, violation);
  if (appendedLast) setW(c, C_FLAGS, w(c, C_FLAGS) | CF_ACYCLIC);
}

function rmwTag(order: i32): i32 {
  switch (order) {
    case ORD_MB:
      return TAG_MB;
    case ORD_RELAXED:
      return TAG_ONCE;
    case ORD_ACQUIRE:
      return TAG_ACQUIRE;
    case ORD_RELEASE:
      return TAG_RELEASE;
    case ORD_NORETURN:
      return TAG_NORETURN;
  }
  return TAG_ONCE;
}

function fenceFlag(kind: i32): i32 {
  switch (kind) {
    case K_F_MB:
      return F_MB;
    case K_F_RMB:
      return F_RMB;
    case K_F_BEFORE_ATOMIC:
      return F_BEFORE_ATOMIC;
    case K_F_AFTER_ATOMIC:
      return F_AFTER_ATOMIC;
    case K_F_AFTER_SPINLOCK:
      return F_AFTER_SPINLOCK;
  }
  return F_WMB;
}

/** Set by frontierCandidates for a load: its deferral was replaced by a wait step. */
let loadWaits = false;
/** The address of a bad-address step (frontierCandidates returned true). */
let badAddr = false;

/** Sets register r of thread state `th` to a value read by po index `po` (known). */
function setReadReg(th: usize, r: i32, val: i32, po: i32): void {
  setW(regsOf(th), r, val);
  bitsSingle(depsOf(th, r), po);
  setW(unknownOf(th), r, 0);
}

/**
 * semantics.ts `frontierCandidates`: pushes the candidates of thread `ti`'s next step.
 * Returns true when the step reaches a bad address.
 */
function frontierCandidates(ti: i32): bool {
  const t = thr(cur, ti);
  const po0 = w(t, TH_NEV);
  if (needsGuess(ti, t)) {
    for (let taken = 0; taken < 2; taken++) {
      const c = newCand(ti);
      if (c == 0) return false;
      const th = thr(candVec(c), ti);
      const ng = w(th, TH_NG);
      if (ng >= G) {
        setOverflow(OVF_GUESSES);
        dropLastCand();
        return false;
      }
      const gs = guessOf(th, ng);
      setW(gs, 0, w(th, TH_PC));
      setW(gs, 1, po0);
      setW(gs, 2, taken);
      setW(th, TH_NG, ng + 1);
      finishCand(c, ti, true);
    }
    return false;
  }
  loadWaits = false;
  const ip = instrReady(cur, ti);
  if (ip == 0) return false;
  const po = po0;
  const pc = w(t, TH_PC);
  const op = iw(ip, 0);
  ctrlDepsAt(t, pc, ctrlScratch);

  if (op == OP_FENCE) {
    const c = newCand(ti);
    if (c == 0) return false;
    const g = candVec(c);
    if (appendEvent(g, ti, EV_F, fenceFlag(iw(ip, 1)), 0, 0, -1, -1, pc, false) == 0) {
      dropLastCand();
      return false;
    }
    const th = thr(g, ti);
    setW(th, TH_PC, pc + 1);
    finishCand(c, ti, true);
    return false;
  }

  const ae = addrExpr(ip);
  const addr = evalIn(ae, t, 0);
  if (!validAddress(addr)) return true;
  exprDeps(ae, t, addrScratch);
  const co = coList(cur, addr);
  const len = w(co, 0);
  const last = w(co, len);

  if (op == OP_LOAD) {
    const fl = iw(ip, 3) == ORD_ACQUIRE ? TAG_ACQUIRE : TAG_ONCE;
    const dst = iw(ip, 1);
    for (let j = 1; j <= len; j++) {
      const src = w(co, j);
      const val = valueOf(cur, src);
      const c = newCand(ti);
      if (c == 0) return false;
      const g = candVec(c);
      if (appendEvent(g, ti, EV_R, fl, addr, val, src, -1, pc, false) == 0) {
        dropLastCand();
        return false;
      }
      const th = thr(g, ti);
      setReadReg(th, dst, val, po);
      setW(th, TH_PC, pc + 1);
      finishCand(c, ti, src == last);
    }
    if (deferReads() && mayBeWrittenLater(cur, w(cur, S_FROZEN), ti, addr, locksHeldBefore(thr(cur, ti), po))) {
      if (!deferrable(ti, pc)) {
        loadWaits = true;
        return false;
      }
      const before = nCand;
      const c = newCand(ti);
      if (c == 0) return false;
      const g = candVec(c);
      const e = appendEvent(g, ti, EV_R, fl, addr, 0, -1, -1, pc, false);
      if (e == 0) {
        dropLastCand();
        return false;
      }
      for (let k = 0; k < T; k++) setW(e, E_SEEN + k, w(thr(cur, k), TH_NEV));
      setW(e, E_SEEN + ti, po + 1);
      const th = thr(g, ti);
      setW(regsOf(th), dst, 0);
      bitsSingle(depsOf(th, dst), po);
      setW(unknownOf(th), dst, 1);
      setW(th, TH_PC, pc + 1);
      finishCand(c, ti, true);
      // Waiting before the read replaces a deferral that would leave the thread blocked.
      if (nCand > before) completeCand(candAt(before)); // canAddEvent reads values of any thread
      if ((flags & LF_LOAD_WAITS) != 0 && nCand > before && !canAddEvent(candVec(candAt(before)), ti)) {
        dropLastCand();
        loadWaits = true;
      }
    }
    return false;
  }

  if (op == OP_STORE || op == OP_UNLOCK) {
    const isUnlock = op == OP_UNLOCK;
    const val = isUnlock ? 0 : evalIn(iw(ip, 2), t, 0);
    const fl = isUnlock ? UL : iw(ip, 3) == ORD_RELEASE ? TAG_RELEASE : TAG_ONCE;
    if (!isUnlock) exprDeps(iw(ip, 2), t, dataScratch);
    const ref = eventRef(ti, po);
    const first = isUnlock ? len : 1;
    for (let k = first; k <= len; k++) {
      const c = newCand(ti);
      if (c == 0) return false;
      const g = candVec(c);
      if (appendEvent(g, ti, EV_W, fl, addr, val, -1, -1, pc, !isUnlock) == 0 || !coInsert(g, addr, k, ref)) {
        dropLastCand();
        return false;
      }
      setW(thr(g, ti), TH_PC, pc + 1);
      finishCand(c, ti, k == len);
    }
    return false;
  }

  if (op == OP_LOCK) {
    if (valueOf(cur, last) != 0) return false; // held: the thread waits
    const c = newCand(ti);
    if (c == 0) return false;
    const g = candVec(c);
    if (
      appendEvent(g, ti, EV_R, LKR, addr, 0, last, po + 1, pc, false) == 0 ||
      appendEvent(g, ti, EV_W, LKW, addr, 1, -1, po, pc, false) == 0 ||
      !coInsert(g, addr, len, eventRef(ti, po + 1))
    ) {
      dropLastCand();
      return false;
    }
    setW(thr(g, ti), TH_PC, pc + 1);
    finishCand(c, ti, true);
    return false;
  }

  // OP_RMW: addr, value, guard, dst, ok, order
  const tag = rmwTag(iw(ip, 6));
  const valueE = iw(ip, 2);
  const guardE = iw(ip, 3);
  const dst = iw(ip, 4);
  const okReg = iw(ip, 5);
  exprDeps(valueE, t, dataScratch);
  exprDepsInto(guardE, t, dataScratch);
  for (let k = 0; k < len; k++) {
    const src = w(co, k + 1);
    const old = valueOf(cur, src);
    const ok = guardE < 0 || evalIn(guardE, t, old) != 0;
    const newVal = ok ? evalIn(valueE, t, old) : 0;
    const c = newCand(ti);
    if (c == 0) return false;
    const g = candVec(c);
    const th = thr(g, ti);
    if (ok) {
      if (
        appendEvent(g, ti, EV_R, tag | IN_RMW, addr, old, src, po + 1, pc, false) == 0 ||
        appendEvent(g, ti, EV_W, tag | IN_RMW, addr, newVal, -1, po, pc, true) == 0 ||
        !coInsert(g, addr, k + 1, eventRef(ti, po + 1))
      ) {
        dropLastCand();
        return false;
      }
    } else if (appendEvent(g, ti, EV_R, tag | IN_RMW | FAILED_RMW, addr, old, src, -1, pc, false) == 0) {
      dropLastCand();
      return false;
    }
    if (dst >= 0) setReadReg(th, dst, old, po);
    if (okReg >= 0) setReadReg(th, okReg, ok ? 1 : 0, po);
    setW(th, TH_PC, pc + 1);
    finishCand(c, ti, src == last);
  }
  return false;
}

/**
 * semantics.ts `replay`: re-runs thread `ti` of vector `g` from its start over its events.
 * Returns LOCAL_OK, LOCAL_PRUNED, or LOCAL_VIOLATION (the first failed assert's property in
 * `replayProperty`; the thread went on past it).
 */
let replayProperty: i32 = -1;
function replay(g: usize, ti: i32): i32 {
  const th = thr(g, ti);
  resetThread(ti, th);
  let violation = -1;
  let i = 0;
  let local = runLocalLk(ti, th, 0);
  while (local == LOCAL_VIOLATION) {
    if (violation < 0) violation = localProperty;
    setW(th, TH_PC, w(th, TH_PC) + 1);
    local = runLocalLk(ti, th, 0);
  }
  const n = w(th, TH_NEV);
  while (i < n) {
    if (local == LOCAL_PRUNED) return LOCAL_PRUNED;
    const e = evOf(th, i);
    const pc = w(th, TH_PC);
    const ip = instrAt(ti, pc);
    const op = iw(ip, 0);
    if (op == OP_LOAD) {
      const dst = iw(ip, 1);
      setReadReg(th, dst, w(e, E_VAL), i);
      setW(unknownOf(th), dst, w(e, E_RF) < 0 ? 1 : 0);
      i++;
    } else if (op == OP_RMW) {
      const dst = iw(ip, 4);
      const okReg = iw(ip, 5);
      const success = w(e, E_RMW) >= 0;
      if (dst >= 0) setReadReg(th, dst, w(e, E_VAL), i);
      if (okReg >= 0) setReadReg(th, okReg, success ? 1 : 0, i);
      i += success ? 2 : 1;
    } else if (op == OP_LOCK) {
      i += 2;
    } else {
      i++;
    }
    setW(th, TH_PC, pc + 1);
    local = runLocalLk(ti, th, i);
    while (local == LOCAL_VIOLATION) {
      if (violation < 0) violation = localProperty;
      setW(th, TH_PC, w(th, TH_PC) + 1);
      local = runLocalLk(ti, th, i);
    }
  }
  if (local == LOCAL_PRUNED) return LOCAL_PRUNED;
  normalizeStatus(th);
  replayProperty = violation;
  return violation >= 0 ? LOCAL_VIOLATION : 0;
}

/** semantics.ts `resolveCandidates`. */
function resolveCandidates(ti: i32, firstOnly: bool): void {
  const t = thr(cur, ti);
  const n = w(t, TH_NEV);
  for (let p = 0; p < n; p++) {
    const e = evOf(t, p);
    if (w(e, E_KIND) != EV_R || w(e, E_RF) >= 0) continue;
    const co = coList(cur, w(e, E_LOC));
    const len = w(co, 0);
    for (let j = 1; j <= len; j++) {
      const src = w(co, j);
      const st = refThread(src);
      if (st < 0 || refPo(src) < w(e, E_SEEN + st)) continue; // existed when deferred
      const val = valueOf(cur, src);
      const c = newCand(ti);
      if (c == 0) return;
      const g = candVec(c);
      setW(c, C_RESOLVED, p);
      const ne = evOf(thr(g, ti), p);
      setW(ne, E_VAL, val);
      setW(ne, E_RF, src);
      for (let k = 0; k < T; k++) setW(ne, E_SEEN + k, 0);
      const r = replay(g, ti);
      if (r == LOCAL_PRUNED) {
        dropLastCand();
        continue;
      }
      if (r == LOCAL_VIOLATION) setW(c, C_VIOL, replayProperty + 1);
    }
    if (firstOnly) return;
  }
}

/** semantics.ts `emit`: numbers the candidates from `from` and decides each one. */
function emit(from: i32, waiting: i32): void {
  const frozen = curFrozen;
  const pendingIn = w(cur, S_PENDING);
  for (let i = from; i < nCand; i++) {
    const c = candAt(i);
    setW(c, C_CHOICE, i - from);
    const g = candVec(c);
    const fl = w(c, C_FLAGS);
    if ((fl & CF_WAIT) == 0) {
      if ((fl & CF_ACYCLIC) == 0) {
        // What changed from the (consistent) parent graph: a resolved read, or appended events.
        const ti = w(c, C_THREAD);
        const resolved = w(c, C_RESOLVED);
        const before = w(thr(cur, ti), TH_NEV);
        if (predicateReadsWholeState()) completeCand(c);
        const bad =
          resolved >= 0
            ? inconsistent(g, cur, ti, resolved, 1, true)
            : inconsistent(g, cur, ti, before, w(thr(g, ti), TH_NEV) - before, false);
        if (checkOutOfMemory) {
          outOfMemory = true;
          return;
        }
        if (bad) {
          setW(c, C_KIND, CK_DROP);
          continue;
        }
      }
      completeCand(c);
      if (deferReads() && hasDeadRead(g, frozen)) {
        setW(c, C_KIND, CK_DROP);
        continue;
      }
    }
    completeCand(c);
    const nextWaiting = (fl & CF_WAIT) != 0 ? w(c, C_WAITING) : stillWaiting(cur, waiting, g);
    const pending = pendingIn != 0 ? pendingIn : w(c, C_VIOL);
    if (pending != 0 && !hasUnresolved(g)) {
      setW(c, C_KIND, CK_VIOL);
      setW(c, C_PROP, pending);
      continue;
    }
    setW(g, S_WAITING, nextWaiting);
    setW(g, S_PENDING, pending);
    setW(g, S_FROZEN, frozen);
    setW(c, C_KIND, CK_STATE);
  }
}

/** semantics.ts `successorsWith`. */
function successorsWith(waiting: i32): void {
  const frozen = curFrozen;
  roundWaiting = waiting;
  let mover = -1;
  for (let i = 0; i < T; i++) {
    const ti = orderAt(i);
    if (((waiting | frozen) & (1 << ti)) == 0 && canAddEvent(cur, ti)) {
      mover = ti;
      break;
    }
  }
  if (mover >= 0) {
    const from = nCand;
    const bad = frontierCandidates(mover);
    if (outOfMemory) return;
    if (bad) {
      // Drop whatever was pushed (nothing: a bad address returns before any candidate).
      const pendingIn = w(cur, S_PENDING);
      const property = pendingIn != 0 ? pendingIn : PENDING_BAD_ADDRESS;
      const c = newCand(mover);
      if (c == 0) return;
      completeCand(c);
      if (!hasUnresolved(cur)) {
        setW(c, C_KIND, CK_VIOL);
        setW(c, C_PROP, property);
        return;
      }
      const g = candVec(c);
      setW(g, S_WAITING, waiting);
      setW(g, S_PENDING, property);
      setW(g, S_FROZEN, frozen | (1 << mover));
      setW(c, C_KIND, CK_STATE);
      return;
    }
    const th = thr(cur, mover);
    const ip = instrAt(mover, w(th, TH_PC));
    const op = iw(ip, 0);
    const waitHere =
      op == OP_LOAD ? loadWaits : (op == OP_RMW || op == OP_LOCK) && waitMatters(cur, frozen, mover, ip);
    if (waitHere && isSharedOp(op)) {
      const c = newCand(mover);
      if (c == 0) return;
      setW(c, C_FLAGS, w(c, C_FLAGS) | CF_WAIT);
      setW(c, C_WAITING, waiting | (1 << mover));
    }
    emit(from, waiting);
    return;
  }
  // No thread can add an event: resolve deferred reads.
  let anyBlocked = false;
  for (let i = 0; i < T; i++) if (blocked(i, frozen)) anyBlocked = true;
  for (let i = 0; i < T; i++) {
    const ti = orderAt(i);
    if (anyBlocked && !blocked(ti, frozen)) continue;
    if (!threadHasUnresolved(thr(cur, ti))) continue;
    const from = nCand;
    resolveCandidates(ti, !anyBlocked);
    if (outOfMemory) return;
    emit(from, waiting);
    if (!anyBlocked) break;
  }
}

function blocked(i: i32, frozen: i32): bool {
  const th = thr(cur, i);
  return (frozen & (1 << i)) == 0 && w(th, TH_STATUS) == ST_RUNNING && w(th, TH_PC) < codeLength(i);
}

/** Number of successors (not dropped) in the list. */
export function liveCount(): i32 {
  let n = 0;
  for (let i = 0; i < nCand; i++) if (w(candAt(i), C_KIND) != CK_DROP) n++;
  return n;
}

/**
 * semantics.ts `successors`: writes the candidates of state `state` from `base` on. Returns
 * their number (dropped ones included; see C_KIND). `ofLast`: `state` is a candidate (it has
 * its header) of the state expanded last, whose list is still in place (depth-first, going
 * down): the consistency checks then start from that state's graph plus the one change,
 * instead of writing the whole graph again.
 */
export function expand(state: usize, base: usize, ofLast: bool): i32 {
  const parent = cur;
  cur = state;
  if (ofLast && parent != 0) {
    const c = state - ((<usize>CH) << 2);
    const ti = w(c, C_THREAD);
    const resolved = w(c, C_RESOLVED);
    const before = w(thr(parent, ti), TH_NEV);
    if (resolved >= 0) advanceGraph(state, parent, ti, resolved, 1, true);
    else advanceGraph(state, parent, ti, before, w(thr(state, ti), TH_NEV) - before, false);
  } else invalidateGraph();
  curFrozen = w(state, S_FROZEN);
  candBase = base;
  candTop = base;
  nCand = 0;
  const waiting = w(state, S_WAITING);
  successorsWith(waiting);
  if (outOfMemory) return 0;
  if (liveCount() > 0 || waiting == 0) return nCand;
  if ((flags & LF_PRUNE_IDLE_WAITS) != 0 && !someoneAtLock(state)) return nCand;
  candTop = base;
  nCand = 0;
  successorsWith(0);
  return nCand;
}

/** The end of the list `expand` wrote. */
export function candEnd(): usize {
  return candTop;
}

// ---- views ----

export function isFinal(v: usize): bool {
  for (let t = 0; t < T; t++) if (w(thr(v, t), TH_STATUS) != ST_DONE) return false;
  return true;
}

export function settled(v: usize): bool {
  return !hasUnresolved(v);
}

/**
 * bfs-oracle.ts `isDeadlocked`: a dead end is a deadlock only when it is settled (no deferred
 * read), no thread stopped at a loop bound, and every unfinished thread waits at a lock that is
 * held (its co-latest value is non-zero), at least one thread waiting.
 */
export function isDeadlocked(v: usize): bool {
  if (hasUnresolved(v)) return false;
  let waiting = false;
  for (let i = 0; i < T; i++) {
    const th = thr(v, i);
    const status = w(th, TH_STATUS);
    if (status == ST_BOUND) return false;
    if (status != ST_RUNNING) continue;
    const pc = w(th, TH_PC);
    if (pc >= codeLength(i)) return false;
    const ip = instrAt(i, pc);
    if (iw(ip, 0) != OP_LOCK) return false;
    const addr = evalIn(iw(ip, 1), th, 0);
    if (!validAddress(addr) || latestValue(v, addr) == 0) return false;
    waiting = true;
  }
  return waiting;
}

