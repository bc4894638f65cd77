// Storage of the LKMM search: four growable regions above its static data, in this order
//
//   [arena][queue or frames][records][table]
//
// - arena:   candidate lists (header + full state vector each). Breadth-first: the list of the
//            state being expanded. Depth-first: one list per stack level, stacked (a level's
//            state is a candidate of the level below).
// - queue:   breadth-first frontier, entries [depth, id, vector]; depth-first: the stack
//            frames.
// - records: breadth-first: per stored state its parent id and step (8 bytes); depth-first: the
//            path to the first state with a thread at its loop bound.
// - table:   the visited set, open addressing over 64-bit fingerprints (0 = empty), at most
//            half full.
// A region grows by moving the ones above it up; every function that needs memory returns
// false when it cannot have it (the search stops with memory-limit).
import { ensureBytes, setTop, top } from '../layout';

export const R_ARENA: i32 = 0;
export const R_QUEUE: i32 = 1;
export const R_RECORDS: i32 = 2;
export const R_TABLE: i32 = 3;
const NREG: i32 = 4;

// Region starts and capacities (plain globals: the engine allocates nothing on the heap, whose
// start is where the program is written).
let start0: usize = 0;
let start1: usize = 0;
let start2: usize = 0;
let start3: usize = 0;
let cap0: usize = 0;
let cap1: usize = 0;
let cap2: usize = 0;
let cap3: usize = 0;

export function regionStart(r: i32): usize {
  return r == 0 ? start0 : r == 1 ? start1 : r == 2 ? start2 : start3;
}
export function regionCap(r: i32): usize {
  return r == 0 ? cap0 : r == 1 ? cap1 : r == 2 ? cap2 : cap3;
}
function setStart(r: i32, x: usize): void {
  if (r == 0) start0 = x;
  else if (r == 1) start1 = x;
  else if (r == 2) start2 = x;
  else start3 = x;
}
function setCap(r: i32, x: usize): void {
  if (r == 0) cap0 = x;
  else if (r == 1) cap1 = x;
  else if (r == 2) cap2 = x;
  else cap3 = x;
}

let tabMask: u32 = 0;
export let tabCount: u32 = 0;

/** Lays out the regions from `base` with initial sizes; false if memory is short. */
export function storeInit(base: usize, arenaBytes: usize, queueBytes: usize, recordBytes: usize, tableSlots: u32): bool {
  let p = base;
  setStart(R_ARENA, p);
  setCap(R_ARENA, arenaBytes);
  p += arenaBytes;
  setStart(R_QUEUE, p);
  setCap(R_QUEUE, queueBytes);
  p += queueBytes;
  setStart(R_RECORDS, p);
  setCap(R_RECORDS, recordBytes);
  p += recordBytes;
  setStart(R_TABLE, p);
  const tb = (<usize>tableSlots) << 3;
  setCap(R_TABLE, tb);
  p += tb;
  if (!ensureBytes(<u64>p)) return false;
  memory.fill(regionStart(R_TABLE), 0, tb);
  tabMask = tableSlots - 1;
  tabCount = 0;
  // A search that ended full must not end the next one on the same instance at once.
  tableFull = false;
  setTop(p);
  return true;
}

/** Makes region `r` at least `need` bytes (doubling when it can); false when memory is short. */
export function growRegion(r: i32, need: usize): bool {
  const cap = regionCap(r);
  if (need <= cap) return true;
  let want: u64 = <u64>cap * 2;
  if (want < <u64>need) want = <u64>need;
  let delta: u64 = want - <u64>cap;
  if (!ensureBytes(<u64>top + delta)) {
    delta = <u64>(need - cap);
    if (!ensureBytes(<u64>top + delta)) return false;
  }
  const d = <usize>delta;
  if (r + 1 < NREG) {
    const from = regionStart(r + 1);
    memory.copy(from + d, from, top - from);
    for (let i = r + 1; i < NREG; i++) setStart(i, regionStart(i) + d);
  }
  setCap(r, cap + d);
  setTop(top + d);
  return true;
}

/** Arena: makes [arena start, end) usable. */
export function arenaReserve(end: usize): bool {
  return growRegion(R_ARENA, end - regionStart(R_ARENA));
}

// ---- table ----

function tableBase(): usize {
  return regionStart(R_TABLE);
}

/** Whether `fp` (never 0) is in the table. */
export function tableHas(fp: u64): bool {
  let i = <u32>fp & tabMask;
  const b = tableBase();
  while (true) {
    const s = load<u64>(b + ((<usize>i) << 3));
    if (s == 0) return false;
    if (s == fp) return true;
    i = (i + 1) & tabMask;
  }
  return false;
}

/** Adds `fp` (never 0); returns true if it was new, false if present. `tableFull` on memory shortage. */
export let tableFull = false;
export function tableAdd(fp: u64): bool {
  let i = <u32>fp & tabMask;
  const b = tableBase();
  while (true) {
    const s = load<u64>(b + ((<usize>i) << 3));
    if (s == 0) break;
    if (s == fp) return false;
    i = (i + 1) & tabMask;
  }
  store<u64>(b + ((<usize>i) << 3), fp);
  tabCount++;
  if (tabCount * 2 > tabMask + 1 && !tableGrow()) tableFull = true;
  return true;
}

/**
 * Bytes of a table of `slots` slots, in 64 bits: the table after 2^28 slots (2 GiB) would be
 * 2^32 bytes, which wraps to 0 in wasm32's `usize` (a grow that "succeeded" into no memory and
 * then overwrote the regions below it: the search hung at 134 M states instead of stopping).
 */
export function tableBytes(slots: u64): u64 {
  return slots << 3;
}

function tableGrow(): bool {
  const oldSlots: u64 = <u64>tabMask + 1;
  const newSlots: u64 = oldSlots << 1;
  const newBytes: u64 = tableBytes(newSlots);
  const scratch = top;
  // Refuses anything past the memory limit or the 4 GiB address space (then memory-limit).
  if (!ensureBytes(<u64>scratch + newBytes)) return false;
  const bytes = <usize>newBytes;
  memory.fill(scratch, 0, bytes);
  const newMask = <u32>(newSlots - 1);
  const b = tableBase();
  const old = <u32>oldSlots;
  for (let i: u32 = 0; i < old; i++) {
    const fp = load<u64>(b + ((<usize>i) << 3));
    if (fp == 0) continue;
    let j = <u32>fp & newMask;
    while (load<u64>(scratch + ((<usize>j) << 3)) != 0) j = (j + 1) & newMask;
    store<u64>(scratch + ((<usize>j) << 3), fp);
  }
  memory.copy(b, scratch, bytes);
  setCap(R_TABLE, bytes);
  tabMask = newMask;
  setTop(b + bytes);
  return true;
}

export function tableSlotsNow(): u32 {
  return tabMask + 1;
}
