// In-place steps with an undo log (the SC and x86-TSO searches, search.ts).
//
// A successor differs from its head in a handful of words (the accessed memory cell, the
// thread's pc, a register or two, a store-buffer entry), yet copying the head for every step
// copied the whole memory and the thread's part. Instead every step runs in place on its head's
// vector: each word write goes through `put`, which remembers the word's value before the step
// (the first time the word changes), and afterwards `commit` turns that undo log into the
// successor's redo log ((offset, new value) per changed word), computes the successor's vector
// hash from its head's (only the changed lanes, as hash.ts `vectorHash` sums them) and restores
// the head. The search applies a redo log again only to the successors that are new (to pack
// them and check them), and undoes it with the same call (`swapRedo` swaps values).
//
// Writes to any vector other than the logged one (the initial state, the partial-order
// reduction's scratch vector) are plain stores.
import { laneHash } from './hash';
import { vecBytes, vecWords } from './program';

/** The vector whose writes are logged (0: none). */
let logVec: usize = 0;
/** Per vector word (u32, at the word's byte offset): the serial of the step that logged it. */
let wordStamps: usize = 0;
/** Per 8-byte lane (u32): marks of `commit`'s two passes. */
let laneStamps: usize = 0;
/** Serial of the current step; advances by 2 per step (commit uses serial and serial + 1). */
let serial: u32 = 0;
/** The undo log: (u32 byte offset, i32 old value) per word changed by the current step. */
let undoBase: usize = 0;
let undoCount: i32 = 0;

/**
 * Entries a redo log may need: a step and its reduction chain change only memory and their
 * thread's part, each word logged once, so memory words plus the largest thread part bound it.
 */
export let redoEntries: i32 = 0;
/** Bytes of one redo log: its entry count (8 bytes, for alignment), then the entries. */
export let redoBytes: usize = 0;

/**
 * Lays out the stamps and the undo log from `at` for the current program; `changedWords` bounds
 * the words one step (with its reduction chain) changes: the memory words plus the largest
 * thread part. Returns the end of that scratch space.
 */
export function undoInit(at: usize, changedWords: i32): usize {
  redoEntries = changedWords < vecWords ? changedWords : vecWords;
  redoBytes = 8 + ((<usize>redoEntries) << 3);
  wordStamps = at;
  laneStamps = wordStamps + (<usize>vecWords << 2);
  const lanes = (<usize>vecWords + 1) >> 1;
  undoBase = (laneStamps + (lanes << 2) + 7) & ~(<usize>7);
  return undoBase + ((<usize>redoEntries) << 3);
}

/** Clears the stamps (after undoInit, once memory up to its end exists). */
export function undoReset(): void {
  memory.fill(wordStamps, 0, undoBase - wordStamps);
  serial = 0;
  undoCount = 0;
  logVec = 0;
}

/** Starts logging the writes to `vec` (a new step of it). */
export function logBegin(vec: usize): void {
  serial += 2;
  if (serial >= 0xfffffff0) {
    // Wrapped around: old stamps could look current.
    memory.fill(wordStamps, 0, undoBase - wordStamps);
    serial = 2;
  }
  logVec = vec;
  undoCount = 0;
}

/**
 * Writes `v` to the word at byte offset `off` of vector `vec`, logging the word's old value
 * when `vec` is the logged vector and the word changes for the first time in this step.
 */
// @ts-ignore: decorator
@inline export function put(vec: usize, off: usize, v: i32): void {
  const p = vec + off;
  const old = load<i32>(p);
  if (old != v) {
    if (vec == logVec) {
      const s = wordStamps + off;
      if (load<u32>(s) != serial) {
        store<u32>(s, serial);
        const e = undoBase + ((<usize>undoCount) << 3);
        store<u32>(e, <u32>off);
        store<i32>(e, old, 4);
        undoCount++;
      }
    }
    store<i32>(p, v);
  }
}

/** Restores the logged vector (a step that produced no successor) and stops logging. */
export function rollback(): void {
  const vec = logVec;
  for (let i = 0; i < undoCount; i++) {
    const e = undoBase + ((<usize>i) << 3);
    store<i32>(vec + <usize>load<u32>(e), load<i32>(e, 4));
  }
  undoCount = 0;
  logVec = 0;
}

/** Lane `i` of vector `vec` as vectorHash reads it (the trailing word of an odd vector alone). */
// @ts-ignore: decorator
@inline function laneAt(vec: usize, i: usize): u64 {
  return (i << 3) + 8 <= vecBytes ? load<u64>(vec + (i << 3)) : <u64>load<u32>(vec + (i << 3));
}

/**
 * Ends the step: writes the redo log of the changed words to `dst` (redoBytes bytes), restores
 * the logged vector and returns vectorHash(successor) - vectorHash(head).
 */
export function commit(dst: usize): u64 {
  const vec = logVec;
  const mark = serial;
  let d: u64 = 0;
  let m: i32 = 0;
  // Successor side: every changed word goes into the redo log, each lane it lies in is hashed once.
  for (let i = 0; i < undoCount; i++) {
    const e = undoBase + ((<usize>i) << 3);
    const off = <usize>load<u32>(e);
    const now = load<i32>(vec + off);
    if (now == load<i32>(e, 4)) continue; // changed back within the step
    const r = dst + 8 + ((<usize>m) << 3);
    store<u32>(r, <u32>off);
    store<i32>(r, now, 4);
    m++;
    const lane = off >> 3;
    const ls = laneStamps + (lane << 2);
    if (load<u32>(ls) != mark) {
      store<u32>(ls, mark);
      d += laneHash(lane, laneAt(vec, lane));
    }
  }
  store<i32>(dst, m);
  rollback();
  // Head side: the same lanes, restored.
  for (let i = 0; i < m; i++) {
    const lane = (<usize>load<u32>(dst + 8 + ((<usize>i) << 3))) >> 3;
    const ls = laneStamps + (lane << 2);
    if (load<u32>(ls) == mark) {
      store<u32>(ls, mark + 1);
      d -= laneHash(lane, laneAt(vec, lane));
    }
  }
  return d;
}

/**
 * Applies the redo log `log` to `vec` (its head), swapping each logged value with the vector's:
 * a second call with the same log restores the head.
 */
export function swapRedo(log: usize, vec: usize): void {
  const n = load<i32>(log);
  for (let i = 0; i < n; i++) {
    const e = log + 8 + ((<usize>i) << 3);
    const p = vec + <usize>load<u32>(e);
    const v = load<i32>(e, 4);
    store<i32>(e, load<i32>(p), 4);
    store<i32>(p, v);
  }
}
