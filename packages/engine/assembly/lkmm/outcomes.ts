// The final outcomes of a litmus test, collected in one search (core's litmus/run.ts
// `collectFinals`, whose `onFinal` sees every final state the search stores): in this mode the
// program's final checks are not checks but the expressions of an outcome (the JS side puts the
// filter, the condition's body and the observed values there). Each final state evaluates all of
// them; the distinct tuples are kept in first-seen order, up to a capacity the JS side chooses
// (a search that needs more stops with R_CAPACITY, OVF_OUTCOMES, and is run again with twice as
// many, like the state vector's capacities).
import { evalExpr } from '../eval';
import { fingerprint } from '../hash';
import { finalsPtr } from '../program';
import { setOverflow } from './state';

/** state.ts OVF_* bit: more distinct outcomes than the capacity. */
export const OVF_OUTCOMES: i32 = 16;

let buf: usize = 0;
let cap: i32 = 0;
let words: i32 = 0;
let recordBytes: usize = 0;
/** Distinct outcomes so far. */
export let outcomeCount: i32 = 0;

/** Bytes of the outcome buffer: `capacity` records and one scratch record, of `exprs` words. */
export function outcomesBytes(capacity: i32, exprs: i32): usize {
  return (<usize>(capacity + 1)) * (8 + ((<usize>exprs) << 2));
}

/** Collects up to `capacity` outcomes at `at` (capacity 0: the search checks its final checks). */
export function setOutcomes(at: usize, capacity: i32, exprs: i32): void {
  buf = at;
  cap = capacity;
  words = exprs;
  recordBytes = 8 + ((<usize>exprs) << 2);
  outcomeCount = 0;
}

export function collectingOutcomes(): bool {
  return cap > 0;
}

/** The expressions of an outcome: the program's final checks. */
export function outcomeExprs(): i32 {
  return load<i32>(finalsPtr);
}

/** Word `j` of outcome `i`. */
export function outcomeWord(i: i32, j: i32): i32 {
  return load<i32>(buf + (<usize>i) * recordBytes + 8 + ((<usize>j) << 2));
}

/**
 * Records the outcome of the final state whose values `vec` holds (the SC vector layout that
 * final expressions read). False when it is new and the buffer is full (overflow is set).
 */
export function recordOutcome(vec: usize): bool {
  // Evaluated into the record after the last one kept (there is always one more).
  const slot = buf + (<usize>outcomeCount) * recordBytes;
  const vals = slot + 8;
  const bytes = (<usize>words) << 2;
  for (let i = 0; i < words; i++) {
    const pair = finalsPtr + 4 + ((<usize>i) << 3);
    store<i32>(vals + ((<usize>i) << 2), evalExpr(load<i32>(pair, 4), 0, 0, vec));
  }
  const h = bytes == 0 ? 1 : fingerprint(vals, bytes);
  for (let j = 0; j < outcomeCount; j++) {
    const r = buf + (<usize>j) * recordBytes;
    if (load<u64>(r) == h && memory.compare(r + 8, vals, bytes) == 0) return true;
  }
  if (outcomeCount >= cap) {
    setOverflow(OVF_OUTCOMES);
    return false;
  }
  store<u64>(slot, h);
  outcomeCount++;
  return true;
}
