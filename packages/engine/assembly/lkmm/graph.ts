// A partial execution graph of the LKMM search in linear memory: the AssemblyScript side of
// packages/core/src/models/lkmm/events.ts (LkEvent, LkGraph, event references).
//
// Layout (constants shared with core in packages/core/src/encoding/lkmm-graph.ts; see
// NOTES-lkmmcons.md): a fixed-size buffer of G_BYTES bytes:
//   header:    nThreads, nLoc, then per thread its number of events (po length);
//   locations: per address a = 1..nLoc a record: co-first thread write, co-last write, number
//              of thread writes (co is a linked list through the writes' E_CO_NEXT, starting
//              after the initial write);
//   events:    thread t's event p at G_EVENTS + (t * LK_MAX_EVENTS + p) * EVENT_BYTES: kind,
//              flags, loc, val, rf (event reference or -1), rmw partner (po index or -1),
//              co-next (event reference or -1), pc, then the addr, data and ctrl dependency sets
//              as bitmasks over the thread's po indices (LK_DEP_WORDS u64 each).
// Event references are core's: (tid + 1) << 16 | po for thread events, a - 1 for the initial
// write of address a. Appending an event is writing one record and bumping a count (plus, for
// a write, linking it into its location's co list): see appendEvent / coInsertAfter.
import {
  E_ADDR,
  E_CO_NEXT,
  E_CTRL,
  E_DATA,
  E_FLAGS,
  E_KIND,
  E_LOC,
  E_PC,
  E_RF,
  E_RMW,
  E_VAL,
  EV_W,
  EVENT_BYTES,
  G_BYTES,
  G_COUNT,
  G_EVENTS,
  G_LOCS,
  G_NLOC,
  G_NTHREADS,
  L_CO_FIRST,
  L_CO_LAST,
  L_CO_WRITES,
  LK_DEP_WORDS,
  LK_MAX_EVENTS,
  LOC_BYTES,
} from '../../../core/src/encoding/lkmm-graph';

/** The event reference of thread `tid`'s po index `po` (core's eventRef). */
export function eventRef(tid: i32, po: i32): i32 {
  return ((tid + 1) << 16) | po;
}

/** The reference of the initial write of address `addr` (core's initRef). */
export function initRef(addr: i32): i32 {
  return addr - 1;
}

/** The thread of a reference (-1 for initial writes). */
export function refThread(ref: i32): i32 {
  return (ref >>> 16) - 1;
}

/** The po index of a reference (the address - 1 for initial writes). */
export function refPo(ref: i32): i32 {
  return ref & 0xffff;
}

export function graphThreads(g: usize): i32 {
  return load<i32>(g + G_NTHREADS);
}

export function graphLocations(g: usize): i32 {
  return load<i32>(g + G_NLOC);
}

/** Number of events of thread `t`. */
export function threadLength(g: usize, t: i32): i32 {
  return load<i32>(g + G_COUNT + ((<usize>t) << 2));
}

/** Address of thread `t`'s event record at po index `p`. */
export function eventAt(g: usize, t: i32, p: i32): usize {
  return g + G_EVENTS + (<usize>(t * LK_MAX_EVENTS + p)) * EVENT_BYTES;
}

/** Address of the event record of a thread event reference. */
export function eventOfRef(g: usize, ref: i32): usize {
  return eventAt(g, refThread(ref), refPo(ref));
}

/** Address of the location record of address `a` (1-based). */
export function locationAt(g: usize, a: i32): usize {
  return g + G_LOCS + (<usize>(a - 1)) * LOC_BYTES;
}

/** Empties `g` (nThreads threads, nLoc locations; every location holds only its initial write). */
export function graphInit(g: usize, nThreads: i32, nLoc: i32): void {
  memory.fill(g, 0, G_EVENTS);
  store<i32>(g + G_NTHREADS, nThreads);
  store<i32>(g + G_NLOC, nLoc);
  for (let a = 1; a <= nLoc; a++) {
    const l = locationAt(g, a);
    store<i32>(l + L_CO_FIRST, -1);
    store<i32>(l + L_CO_LAST, initRef(a));
    store<i32>(l + L_CO_WRITES, 0);
  }
}

/** Total bytes of a graph buffer. */
export function graphBytes(): i32 {
  return G_BYTES;
}

/**
 * Appends an event to thread `t` (po-last) and returns its record's address, with no
 * dependencies, rf -1, rmw -1 and co-next -1; the caller sets the rest (and links a write into
 * co with coInsertAfter). The caller keeps po lengths below LK_MAX_EVENTS.
 */
export function appendEvent(g: usize, t: i32, kind: i32, flags: i32, loc: i32, val: i32, pc: i32): usize {
  const p = threadLength(g, t);
  const e = eventAt(g, t, p);
  store<i32>(e + E_KIND, kind);
  store<i32>(e + E_FLAGS, flags);
  store<i32>(e + E_LOC, loc);
  store<i32>(e + E_VAL, val);
  store<i32>(e + E_RF, -1);
  store<i32>(e + E_RMW, -1);
  store<i32>(e + E_CO_NEXT, -1);
  store<i32>(e + E_PC, pc);
  for (let k = 0; k < LK_DEP_WORDS; k++) {
    const o = (<usize>k) << 3;
    store<u64>(e + E_ADDR + o, 0);
    store<u64>(e + E_DATA + o, 0);
    store<u64>(e + E_CTRL + o, 0);
  }
  store<i32>(g + G_COUNT + ((<usize>t) << 2), p + 1);
  return e;
}

/**
 * Links the write `ref` (of location `loc`) into co right after the write `after` (an event
 * reference, or initRef(loc) to put it first after the initial write).
 */
export function coInsertAfter(g: usize, loc: i32, after: i32, ref: i32): void {
  const l = locationAt(g, loc);
  const w = eventOfRef(g, ref);
  let next: i32;
  if (after === initRef(loc)) {
    next = load<i32>(l + L_CO_FIRST);
    store<i32>(l + L_CO_FIRST, ref);
  } else {
    const a = eventOfRef(g, after);
    next = load<i32>(a + E_CO_NEXT);
    store<i32>(a + E_CO_NEXT, ref);
  }
  store<i32>(w + E_CO_NEXT, next);
  if (next < 0) store<i32>(l + L_CO_LAST, ref);
  store<i32>(l + L_CO_WRITES, load<i32>(l + L_CO_WRITES) + 1);
}

/** Whether `e` (a record address) is a write. */
export function isWrite(e: usize): bool {
  return load<i32>(e + E_KIND) == EV_W;
}
