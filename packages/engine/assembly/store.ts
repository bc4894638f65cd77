// The search's storage, three growable regions above the static region (see layout.ts):
//
// - queue:   the BFS frontier, entries [depth, state hash (u64), packed vector...], a ring buffer;
// - records: per stored state (in discovery order) its parent's id and the step that led to it
//            (thread << 16 | choice), 8 bytes per state: paths are rebuilt from these links;
// - table:   the visited set, open addressing with linear probing over 64-bit fingerprints
//            (0 = empty), at most half full while memory can grow, up to 7/8 full after that;
//            doubling needs the old table's size again as scratch (3x transiently).
//
// Every function that may need memory returns false when memory cannot grow (the search then
// stops with reason memory-limit); nothing traps.
import { copyWords, ensureBytes, setTop, top } from './layout';

// ---- queue ----
let queStart: usize = 0;
let queCap: u32 = 0; // entries
let entryBytes: usize = 0;
/** Ring buffer: `queLen` entries from index `queHead` (wrapping at queCap). */
let queHead: u32 = 0;
let queLen: u32 = 0;

// ---- records ----
let recStart: usize = 0;
let recCap: u32 = 0;

// ---- table ----
let tabStart: usize = 0;
let tabCap: u32 = 0;
let tabMask: u32 = 0;
let tabCount: u32 = 0;
let tabLimit: u32 = 0;

const QUEUE_INITIAL: u32 = 256;
const RECORDS_INITIAL: u32 = 1024;
const TABLE_INITIAL: u32 = 2048;

/** Bytes of a queue entry before its vector: the depth (u32) and the state's hash (u64). */
export const QUEUE_VECTOR: usize = 12;

/** Lays out the three regions from `base` for vectors of `vecBytes`; false if they do not fit. */
export function storeInit(base: usize, vecBytes: usize): bool {
  entryBytes = vecBytes + QUEUE_VECTOR;
  queStart = base;
  queCap = QUEUE_INITIAL;
  queHead = 0;
  queLen = 0;
  recStart = queStart + (<usize>queCap) * entryBytes;
  recCap = RECORDS_INITIAL;
  tabStart = recStart + (<usize>recCap << 3);
  tabCap = TABLE_INITIAL;
  tabMask = tabCap - 1;
  tabCount = 0;
  tabLimit = tabCap >> 1;
  const end = tabStart + (<usize>tabCap << 3);
  if (!ensureBytes(<u64>end)) return false;
  memory.fill(tabStart, 0, <usize>tabCap << 3);
  setTop(end);
  return true;
}

/**
 * How many bytes a region may grow by: `want`, or when that does not fit, the largest of
 * want/2, want/4, ... (whole units, at least `minUnits` of them) that does; 0 if none does.
 */
function affordable(want: u64, unit: u64, minUnits: u64): u64 {
  let d = want;
  while (d >= unit * minUnits) {
    if (ensureBytes(<u64>top + d)) return d;
    d = ((d >> 1) / unit) * unit;
  }
  return 0;
}

/** Moves everything in [from, top) up by `delta` bytes (memory must already be there). */
function moveUp(from: usize, delta: u64): void {
  const d = <usize>delta;
  memory.copy(from + d, from, top - from);
  setTop(top + d);
}

// ---- queue ----

/** Makes room for one more queue entry (growing the ring, which unwraps it). */
export function queueReserve(): bool {
  if (queLen < queCap) return true;
  const oldBytes: u64 = <u64>queCap * <u64>entryBytes;
  const delta = affordable(oldBytes, <u64>entryBytes, 16);
  if (delta == 0) return false;
  moveUp(queStart + <usize>oldBytes, delta);
  recStart += <usize>delta;
  tabStart += <usize>delta;
  const more = <u32>(delta / <u64>entryBytes);
  if (queHead > 0) {
    // The ring is full and wraps: move its older part [queHead, queCap) to the new end.
    const from = queStart + (<usize>queHead) * entryBytes;
    memory.copy(from + (<usize>more) * entryBytes, from, (<usize>(queCap - queHead)) * entryBytes);
    queHead += more;
  }
  queCap += more;
  return true;
}

/** Entries waiting in the queue. */
export function queueLength(): u32 {
  return queLen;
}

/** Empties the queue (a new search). */
export function queueClear(): void {
  queHead = 0;
  queLen = 0;
}

/** Appends [depth, hash, vector]; queueReserve() must have succeeded. */
export function queuePush(depth: u32, hash: u64, vec: usize): void {
  copyWords(queuePushEntry(depth, hash), vec, entryBytes - QUEUE_VECTOR);
}

/**
 * Appends [depth, hash] and returns where the entry's vector goes (the caller writes it before
 * the next queue call); queueReserve() must have succeeded.
 */
export function queuePushEntry(depth: u32, hash: u64): usize {
  let i = queHead + queLen;
  if (i >= queCap) i -= queCap;
  const e = queStart + (<usize>i) * entryBytes;
  store<u32>(e, depth);
  store<u64>(e, hash, 4);
  queLen++;
  return e + QUEUE_VECTOR;
}

/** The oldest entry: its depth (u32), its hash (u64), then its vector (at QUEUE_VECTOR). Valid until queueDrop(). */
export function queueFront(): usize {
  return queStart + (<usize>queHead) * entryBytes;
}

/** Removes the oldest entry. */
export function queueDrop(): void {
  if (++queHead == queCap) queHead = 0;
  queLen--;
}

/**
 * The entry `pos` places after the oldest (pos < queueLength()). Valid until the next queue
 * call that may grow the ring (queueReserve moves entries).
 */
export function queueAt(pos: u32): usize {
  let i = queHead + pos;
  if (i >= queCap) i -= queCap;
  return queStart + (<usize>i) * entryBytes;
}

/** Removes the `n` oldest entries. */
export function queueDropMany(n: u32): void {
  queHead += n;
  if (queHead >= queCap) queHead -= queCap;
  queLen -= n;
}

// ---- records ----

/** Makes room for the records of states [0, n). */
export function recordsReserve(n: u32): bool {
  if (n <= recCap) return true;
  const oldBytes: u64 = <u64>recCap << 3;
  const delta = affordable(oldBytes, 8, 64);
  if (delta == 0) return false;
  moveUp(recStart + <usize>oldBytes, delta);
  tabStart += <usize>delta;
  recCap += <u32>(delta >> 3);
  return true;
}

export function recordSet(id: u32, parent: u32, via: u32): void {
  const r = recStart + (<usize>id << 3);
  store<u32>(r, parent);
  store<u32>(r, via, 4);
}

export function recordParent(id: u32): u32 {
  return load<u32>(recStart + (<usize>id << 3));
}

export function recordVia(id: u32): u32 {
  return load<u32>(recStart + (<usize>id << 3), 4);
}

// ---- table ----

/** The slot index holding `fp`, or the empty slot where it would go. */
export function tableFind(fp: u64): u32 {
  let i = <u32>fp & tabMask;
  while (true) {
    const v = load<u64>(tabStart + (<usize>i << 3));
    if (v == fp || v == 0) return i;
    i = (i + 1) & tabMask;
  }
  return 0;
}

/** Sink for tableTouch, so that its loads are not optimised away. */
let touched: u64 = 0;

/**
 * Loads the slot where `fp` would be looked up first. Touching the slots of many fingerprints
 * before looking them up lets the CPU overlap the cache misses (the table is large and random).
 */
export function tableTouch(fp: u64): void {
  touched ^= load<u64>(tabStart + (<usize>(<u32>fp & tabMask) << 3));
}

export function tableHas(slot: u32, fp: u64): bool {
  return load<u64>(tabStart + (<usize>slot << 3)) == fp;
}

/**
 * Stores `fp` (not yet present; `slot` from tableFind) and returns true, growing the table
 * first when it is half full. Returns false when it is full and memory cannot grow.
 */
export function tableInsert(slot: u32, fp: u64): bool {
  if (tabCount >= tabLimit) {
    if (tableGrow()) {
      slot = tableFind(fp);
    } else {
      // No memory to double: fill up to 7/8 (longer probes), then try once more.
      const hard = tabCap - (tabCap >> 3);
      if (tabCount >= hard) return false;
      tabLimit = hard;
    }
  }
  store<u64>(tabStart + (<usize>slot << 3), fp);
  tabCount++;
  return true;
}

/** Doubles the table (rehashing through a scratch copy above it). */
function tableGrow(): bool {
  const oldBytes: u64 = <u64>tabCap << 3;
  const newBytes: u64 = oldBytes << 1;
  if (tabCap >= 0x40000000 || !ensureBytes(<u64>tabStart + newBytes + oldBytes)) return false;
  const scratch = tabStart + <usize>newBytes;
  memory.copy(scratch, tabStart, <usize>oldBytes);
  memory.fill(tabStart, 0, <usize>newBytes);
  const oldCap = tabCap;
  tabCap <<= 1;
  tabMask = tabCap - 1;
  tabLimit = tabCap >> 1;
  for (let i: u32 = 0; i < oldCap; i++) {
    const fp = load<u64>(scratch + (<usize>i << 3));
    if (fp != 0) store<u64>(tabStart + (<usize>tableFind(fp) << 3), fp);
  }
  setTop(tabStart + <usize>newBytes);
  return true;
}

/** Slots of the visited table (for reporting). */
export function tableCapacity(): u32 {
  return tabCap;
}
