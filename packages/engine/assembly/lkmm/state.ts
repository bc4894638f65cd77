// The LKMM state vector (mirrors core's models/lkmm/semantics.ts `LkmmState`, events.ts and
// local.ts `LkThreadState`): a fixed-capacity array of 32-bit words holding the partial
// execution graph (each thread's events in po order, each location's co list) and every
// thread's local state (pc, status, registers with their dependency sets and "unknown" marks,
// loop counters, control-dependency scopes, branch guesses).
//
// Dependency sets (po indices of the thread's own reads) are bitsets of DW words. Capacities
// (events per thread, co length, guesses, scopes) are chosen by the JS side; a search that
// needs more stops with R_CAPACITY and is run again with larger ones (same answer).
//
//   state:  [waiting, frozen, pending, 0] [co: per location (length, CO refs)] [thread 0] ...
//   thread: [pc, status, nEvents, nGuesses, nScopes] regs[RM] unknown[RM] deps[RM][DW]
//           loops[LM] scopes[SCAP][from, join, deps[DW]] guesses[G][pc, at, taken]
//           events[E][EVW]
//   event:  kind, flags, loc, val, rf, rmw, pc, seen[T], addr[DW], data[DW], ctrl[DW]
//
// Event references are those of events.ts: (tid + 1) << 16 | po for thread events, addr - 1
// for the initial write of addr.

export const S_WAITING: i32 = 0;
export const S_FROZEN: i32 = 1;
/** 0: no pending violation; > 0: assert property index + 1; PENDING_BAD_ADDRESS. */
export const S_PENDING: i32 = 2;
export const PENDING_BAD_ADDRESS: i32 = -1;
const S_CO: i32 = 4;

export const TH_PC: i32 = 0;
export const TH_STATUS: i32 = 1;
export const TH_NEV: i32 = 2;
export const TH_NG: i32 = 3;
export const TH_NSC: i32 = 4;
const TH_REGS: i32 = 5;

export const E_KIND: i32 = 0;
export const E_FLAGS: i32 = 1;
export const E_LOC: i32 = 2;
export const E_VAL: i32 = 3;
export const E_RF: i32 = 4;
export const E_RMW: i32 = 5;
export const E_PC: i32 = 6;
export const E_SEEN: i32 = 7;

/** Threads, locations, max registers and loop counters per thread. */
export let T: i32 = 0;
export let L: i32 = 0;
export let RM: i32 = 0;
export let LM: i32 = 0;
/** Capacities: events per thread, words per dependency set, co length, guesses, scopes. */
export let E: i32 = 0;
export let DW: i32 = 0;
export let CO: i32 = 0;
export let G: i32 = 0;
export let SCAP: i32 = 0;

export let EVW: i32 = 0;
export let E_ADDR: i32 = 0;
export let E_DATA: i32 = 0;
export let E_CTRL: i32 = 0;
let thUnknown: i32 = 0;
let thDeps: i32 = 0;
let thLoops: i32 = 0;
let thScopes: i32 = 0;
export let SCW: i32 = 0;
let thGuesses: i32 = 0;
let thEvents: i32 = 0;
let THW: i32 = 0;
let threadsBase: i32 = 0;
/** Words and bytes of a state vector. */
export let VW: i32 = 0;
export let VB: usize = 0;

/** Set when a step needed more than a capacity allows (the search stops with R_CAPACITY). */
export let overflow: bool = false;
/** Which capacity: OVF_* bits. */
export let overflowKind: i32 = 0;
export const OVF_EVENTS: i32 = 1;
export const OVF_CO: i32 = 2;
export const OVF_GUESSES: i32 = 4;
export const OVF_SCOPES: i32 = 8;
export function setOverflow(kind: i32): void {
  overflow = true;
  overflowKind |= kind;
}
export function clearOverflow(): void {
  overflow = false;
  overflowKind = 0;
}

export function layoutState(
  threads: i32,
  locs: i32,
  maxRegs: i32,
  maxLoops: i32,
  events: i32,
  coCap: i32,
  guesses: i32,
  scopes: i32,
): void {
  T = threads;
  L = locs;
  RM = maxRegs;
  LM = maxLoops;
  E = events;
  DW = (events + 31) >> 5;
  CO = coCap;
  G = guesses;
  SCAP = scopes;
  E_ADDR = E_SEEN + T;
  E_DATA = E_ADDR + DW;
  E_CTRL = E_DATA + DW;
  EVW = E_CTRL + DW;
  thUnknown = TH_REGS + RM;
  thDeps = thUnknown + RM;
  thLoops = thDeps + RM * DW;
  thScopes = thLoops + LM;
  SCW = 2 + DW;
  thGuesses = thScopes + SCAP * SCW;
  thEvents = thGuesses + G * 3;
  THW = thEvents + E * EVW;
  threadsBase = S_CO + L * (1 + CO);
  VW = threadsBase + T * THW;
  VB = (<usize>VW) << 2;
}

export function w(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}
export function setW(p: usize, i: i32, x: i32): void {
  store<i32>(p + ((<usize>i) << 2), x);
}

/** The co list of location `addr` (1-based): word 0 is its length, then the refs. */
export function coList(v: usize, addr: i32): usize {
  return v + ((<usize>(S_CO + (addr - 1) * (1 + CO))) << 2);
}
export function thr(v: usize, t: i32): usize {
  return v + ((<usize>(threadsBase + t * THW)) << 2);
}
export function regsOf(th: usize): usize {
  return th + ((<usize>TH_REGS) << 2);
}
export function unknownOf(th: usize): usize {
  return th + ((<usize>thUnknown) << 2);
}
/** The dependency set of register r. */
export function depsOf(th: usize, r: i32): usize {
  return th + ((<usize>(thDeps + r * DW)) << 2);
}
export function loopsOf(th: usize): usize {
  return th + ((<usize>thLoops) << 2);
}
/** Scope i: from, join, deps[DW]. */
export function scopeOf(th: usize, i: i32): usize {
  return th + ((<usize>(thScopes + i * SCW)) << 2);
}
/** Guess i: pc, at, taken. */
export function guessOf(th: usize, i: i32): usize {
  return th + ((<usize>(thGuesses + i * 3)) << 2);
}
export function evOf(th: usize, k: i32): usize {
  return th + ((<usize>(thEvents + k * EVW)) << 2);
}

export function refThread(ref: i32): i32 {
  return (<i32>(<u32>ref >>> 16)) - 1;
}
export function refPo(ref: i32): i32 {
  return ref & 0xffff;
}
export function eventRef(tid: i32, po: i32): i32 {
  return ((tid + 1) << 16) | po;
}

// ---- dependency sets (bitsets of DW words) ----

export function bitsClear(p: usize): void {
  for (let i = 0; i < DW; i++) setW(p, i, 0);
}
export function bitsCopy(dst: usize, src: usize): void {
  for (let i = 0; i < DW; i++) setW(dst, i, w(src, i));
}
export function bitsOr(dst: usize, src: usize): void {
  for (let i = 0; i < DW; i++) setW(dst, i, w(dst, i) | w(src, i));
}
export function bitsSet(p: usize, k: i32): void {
  setW(p, k >> 5, w(p, k >> 5) | (1 << (k & 31)));
}
export function bitsEmpty(p: usize): bool {
  for (let i = 0; i < DW; i++) if (w(p, i) != 0) return false;
  return true;
}
/** The set {k}. */
export function bitsSingle(p: usize, k: i32): void {
  bitsClear(p);
  bitsSet(p, k);
}

/** Copies the part of state `src` that belongs to no thread (the header and co lists) to `dst`. */
export function copyShared(dst: usize, src: usize): void {
  memory.copy(dst, src, (<usize>threadsBase) << 2);
}

/** Copies thread t of state `src` to `dst` without its unused event records. */
export function copyThread(dst: usize, src: usize, t: i32): void {
  const off = (<usize>(threadsBase + t * THW)) << 2;
  const used = thEvents + load<i32>(src + off + ((<usize>TH_NEV) << 2)) * EVW;
  memory.copy(dst + off, src + off, (<usize>used) << 2);
}

/**
 * Copies state `src` to `dst` without the unused event records of each thread (nothing reads
 * past a thread's event count).
 */
export function copyState(dst: usize, src: usize): void {
  copyShared(dst, src);
  for (let t = 0; t < T; t++) copyThread(dst, src, t);
}
