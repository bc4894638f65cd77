// The tmigr invariants of an LKMM state, mirroring core's tmigr/api.ts `checkTmigr` invariant
// hook over models/lkmm/cuts.ts (`quiescentCuts`): on every settled state, the invariants on the
// memory its co-latest writes leave; on a finished state, also on every quiescent cut of its
// graph (each thread cut before an event that starts an operation, or after its last event when
// it has finished; closed under rf), in the same order. `invariantViolated` (invariants.ts) is
// shared decision 2: it returns 0 unless the threads are quiescent and an invariant fails.
import { H_TMIGR, ST_BOUND, ST_DONE, ST_RUNNING, TM_BOUNDARIES } from '../../../core/src/encoding/opcodes';
import { invariantViolated } from '../invariants';
import { word } from '../program';
import { EV_R, EV_W } from './events';
import { valueOf } from './semantics';
import {
  coList,
  E_KIND,
  E_PC,
  E_RF,
  E_RMW,
  evOf,
  L,
  refPo,
  refThread,
  setW,
  T,
  TH_NEV,
  TH_PC,
  TH_STATUS,
  thr,
  w,
} from './state';

/** Whether the last violation found was at a cut (then `cutPc` says where each thread was cut). */
export let violationAtCut: bool = false;
let cutPcs: usize = 0;

/** The pc thread t was cut at (an operation boundary), or -1 when the cut kept it finished. */
export function cutPc(t: i32): i32 {
  return load<i32>(cutPcs + ((<usize>t) << 2));
}

export function clearCutViolation(): void {
  violationAtCut = false;
}

/** Scratch: cells (L + 1 words), thread pairs (2T), kept (T), option index (T), options (T rows of E + 1). */
let cells: usize = 0;
let pairs: usize = 0;
let kept: usize = 0;
let index: usize = 0;
let options: usize = 0;
let counts: usize = 0;
let rowWords: i32 = 0;

export function cutsScratchBytes(events: i32): usize {
  return (<usize>(L + 1 + 2 * T + 4 * T + T * (events + 1) + 8)) << 2;
}

export function setCutsScratch(p: usize, events: i32): void {
  cells = p;
  pairs = cells + ((<usize>(L + 1)) << 2);
  kept = pairs + ((<usize>(2 * T)) << 2);
  index = kept + ((<usize>T) << 2);
  counts = index + ((<usize>T) << 2);
  cutPcs = counts + ((<usize>T) << 2);
  options = cutPcs + ((<usize>T) << 2);
  rowWords = events + 1;
}

function isBoundary(t: i32, pc: i32): bool {
  const flags = word(word(word(H_TMIGR) + TM_BOUNDARIES) + t);
  return pc >= 0 && pc < word(flags) && word(flags + 1 + pc) != 0;
}

/** The invariants on the co-latest values of a settled state: property index or -1. */
export function stateInvariant(v: usize): i32 {
  // A thread stopped at a loop bound is not at an operation boundary (properties.ts isQuiescent).
  for (let t = 0; t < T; t++) if (w(thr(v, t), TH_STATUS) == ST_BOUND) return -1;
  for (let a = 1; a <= L; a++) {
    const co = coList(v, a);
    setW(cells, a, valueOf(v, w(co, w(co, 0))));
  }
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    setW(pairs, 2 * t, w(th, TH_PC));
    setW(pairs, 2 * t + 1, w(th, TH_STATUS));
  }
  return invariantViolated(cells, pairs) - 1;
}

/** Option j of thread t: the number of events kept (the op index is not needed: pc says it). */
function option(t: i32, j: i32): i32 {
  return w(options, t * rowWords + j);
}

/** The invariants on every quiescent cut of a finished state other than the whole graph. */
export function cutInvariant(v: usize): i32 {
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      // The write of an RMW or lock pair belongs to the instruction of the read before it.
      if (w(e, E_KIND) == EV_W && w(e, E_RMW) >= 0 && w(e, E_RMW) == k - 1) continue;
      if (isBoundary(t, w(e, E_PC))) setW(options, t * rowWords + m++, k);
    }
    if (w(th, TH_STATUS) == ST_DONE) setW(options, t * rowWords + m++, n);
    if (m == 0) return -1; // no cut at all
    setW(counts, t, m);
    setW(index, t, 0);
  }
  while (true) {
    const bad = checkCut(v);
    if (bad >= 0) {
      violationAtCut = true;
      for (let t = 0; t < T; t++) {
        const finished = w(pairs, 2 * t + 1) == ST_DONE;
        setW(cutPcs, t, finished ? -1 : w(pairs, 2 * t));
      }
      return bad;
    }
    // Next combination: the last thread varies fastest (cuts.ts recurses from thread 0).
    let t = T - 1;
    while (t >= 0) {
      const j = w(index, t) + 1;
      if (j < w(counts, t)) {
        setW(index, t, j);
        break;
      }
      setW(index, t, 0);
      t--;
    }
    if (t < 0) return -1;
  }
  return -1;
}

function checkCut(v: usize): i32 {
  let whole = true;
  for (let t = 0; t < T; t++) {
    const k = option(t, w(index, t));
    setW(kept, t, k);
    if (k != w(thr(v, t), TH_NEV)) whole = false;
  }
  if (whole) return -1;
  // Closed under rf: every read of the cut reads a write of the cut.
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const k = w(kept, t);
    for (let i = 0; i < k; i++) {
      const e = evOf(th, i);
      if (w(e, E_KIND) != EV_R) continue;
      const rf = w(e, E_RF);
      const st = refThread(rf);
      if (st >= 0 && refPo(rf) >= w(kept, st)) return -1;
    }
  }
  for (let a = 1; a <= L; a++) {
    const co = coList(v, a);
    let val = valueOf(v, a - 1);
    for (let j = w(co, 0); j >= 1; j--) {
      const ref = w(co, j);
      const st = refThread(ref);
      if (st < 0 || refPo(ref) < w(kept, st)) {
        val = valueOf(v, ref);
        break;
      }
    }
    setW(cells, a, val);
  }
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const k = w(kept, t);
    if (k == w(th, TH_NEV) && w(th, TH_STATUS) == ST_DONE) {
      setW(pairs, 2 * t, w(th, TH_PC));
      setW(pairs, 2 * t + 1, w(th, TH_STATUS));
    } else {
      setW(pairs, 2 * t, w(evOf(th, k), E_PC));
      setW(pairs, 2 * t + 1, ST_RUNNING);
    }
  }
  return invariantViolated(cells, pairs) - 1;
}
