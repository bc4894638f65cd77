// The LKMM consistency predicate over a partial execution graph in linear memory (graph.ts):
// the AssemblyScript side of packages/core/src/models/lkmm/consistency.ts, relation by
// relation, with the cat's names (tools/memory-model/linux-kernel.cat, linux-kernel.bell and
// lock.cat; the simplifications that core's module doc lists for graphs without plain events
// hold here: every access is Marked, no RCU, no carry-dep). Plain accesses (core's plain.ts:
// plain-coherence, the data-race flag) are not modelled here: the Wasm LKMM search refuses
// programs with a plain access under the lkmm axioms (src/lkmm.ts).
//
// Two entry points with one body:
// - violatedAxiom(g): the events on some cycle of U (below) are the universe (the full check);
// - violatedAxiomAfter(g, tid, po, count): the graph minus the change was consistent. Every
//   relation of the axioms is monotone in the graph and built from po, rf, co and fr by union,
//   composition and closure (plus per-event and same-thread filters), so each pair that the
//   change adds has a witness path through a changed event in U = po ∪ rf ∪ co ∪ fr, and a new
//   cycle of any axiom is a closed U-walk through a changed event, every event of it (and of
//   the witnesses of its pairs) in S = the strongly connected components of U that hold a
//   changed event. So it suffices to check the axioms over S: each relation is computed
//   exactly, restricted to S × S (intermediate events of compositions and closures are in S as
//   well). Initial writes have no incoming edge, so they are on no cycle and never in S.
//   Likewise the full check runs over the events on some U-cycle only (every cycle of every
//   axiom lies in one nontrivial component of U).
// The atomic axiom is an emptiness, not an acyclicity: a walk along each RMW's co list, of
// every RMW (full check) or of the RMWs in the co list of a changed event's location.
import {
  AX_ATOMIC,
  AX_COHERENCE,
  AX_HAPPENS_BEFORE,
  AX_NONE,
  AX_PROPAGATION,
  E_ADDR,
  E_CO_NEXT,
  E_CTRL,
  E_DATA,
  E_LOC,
  E_RF,
  E_RMW,
  EV_F,
  EV_R,
  EV_W,
  F_AFTER_ATOMIC,
  F_AFTER_SPINLOCK,
  F_BEFORE_ATOMIC,
  F_MB,
  F_RMB,
  F_WMB,
  IN_RMW,
  L_CO_FIRST,
  LK_DEP_WORDS,
  LK_MAX_EVENTS,
  LK_MAX_THREADS,
  LKR,
  LKW,
  UL,
} from '../../../core/src/encoding/lkmm-graph';
import { ensureBytes } from '../layout';
import { atomicViolated, atomicViolatedAt } from './atomic';
import { flagsOf, isAcquire, isMbAccess, isR4rmb, isRelease, kindOf } from './classes';
import { coherenceCycleAt } from './coherence';
import { onCycles } from './cycles';
import { denseOf, denseOfRef, geti, layoutDense, nDense, nThreads, seti, threadBase } from './dense';
import {
  eventAt,
  eventOfRef,
  graphLocations,
  locationAt,
  refThread,
  threadLength,
} from './graph';
import {
  arenaAlloc,
  bitClear,
  arenaAllocRaw,
  arenaReset,
  arenaUsed,
  bitHas,
  bitSet,
  bytesFor,
  newRel,
  newSet,
  relAdd,
  relAddIdentity,
  relClone,
  relCloseTransitively,
  relComposeInto,
  relIsAcyclic,
  relUnionWith,
  rowAddRange,
  rowAddRangeOf,
  rowBytes,
  rowCount,
  rowOf,
  rowOrAnd,
  rowOrAndNot,
  setUniverse,
} from './relation';

// ---- Scratch memory ------------------------------------------------------------------------

let scratchBase: usize = 0;

/** Sets where the checker's scratch memory starts (it grows upward from there). */
export function setConsistencyScratch(ptr: usize): void {
  scratchBase = (ptr + 15) & ~(<usize>15);
}

function scratchStart(): usize {
  if (scratchBase == 0) scratchBase = (__heap_base + 15) & ~(<usize>15);
  return scratchBase;
}

// Per-thread tables (static).
/** Compact (universe) index range [CS[t], CE[t]) of thread t's events in the universe. */
const CS = memory.data(4 * LK_MAX_THREADS);
const CE = memory.data(4 * LK_MAX_THREADS);
// Per-po tables of one thread (backward pass of the fence relations), in the scratch arena
// (kept out of the static data, which the SC search's memory limits count).
let NEXT_MB: usize = 0;
let NEXT_WMB: usize = 0;
let NEXT_RMB: usize = 0;
let NEXT_BA: usize = 0;
let NEXT_AA: usize = 0;
let NEXT_AS: usize = 0;
let FIRST_RMW: usize = 0;
let FIRST_LKW: usize = 0;
/** Per location: whether the universe has an access to it (scratch, zeroed per check). */
let LOC_SEEN: usize = 0;
/** The locations of the universe's accesses, in order of first touch (scratch). */
let LOC_LIST: usize = 0;

// Per-check state.
/** Dense -> compact index (-1 outside the universe). */
let denseToC: usize = 0;
/** Per thread t, entries GE_BASE(t) + k for k in 0..len: the first compact index of t with po >= k. */
let geC: usize = 0;
// Compact arrays: thread, po index, event record address, co rank (writes).
let cThread: usize = 0;
let cPo: usize = 0;
let cEv: usize = 0;
let cRank: usize = 0;
/** Co rank of each dense write (1 = first after the initial write). */
let coRank: usize = 0;

/** First compact index of thread t with po index >= k (k in 0..len). */
function firstFrom(t: i32, k: i32): i32 {
  return geti(geC, threadBase(t) + t + k);
}

// ---- Entry points -------------------------------------------------------------------------

/**
 * The first violated LKMM axiom of `g` (core's order): AX_NONE (0), AX_COHERENCE (1),
 * AX_ATOMIC (2), AX_HAPPENS_BEFORE (3), AX_PROPAGATION (4); -1 if scratch memory is exhausted.
 */
export function violatedAxiom(g: usize): i32 {
  return check(g, -1, 0, 0);
}

/**
 * violatedAxiom(g), given that `g` without the change was consistent: the events po..po+count-1
 * of thread `tid` were appended (with writes linked anywhere into co), or the read at `po`
 * (count 1) got its rf.
 */
export function violatedAxiomAfter(g: usize, tid: i32, po: i32, count: i32): i32 {
  return check(g, tid, po, count);
}

/** Universe size of the last check (the events it had to consider). */
export let lastUniverse: i32 = 0;

function check(g: usize, tid: i32, po: i32, count: i32): i32 {
  const n = layoutDense(g);
  const nLoc = graphLocations(g);
  // Scratch for the universe search: U (n rows), two sets, five tables of n.
  if (!ensureBytes(<u64>scratchStart() + bytesFor(n, 1, 3) + (<u64>(n + 8)) * 24)) return -1;
  arenaReset(scratchStart());
  // Fast path: a change can only break coherence at the locations it accessed (coherence.ts).
  if (tid >= 0) {
    let prev = 0;
    for (let p = po; p < po + count; p++) {
      const e = eventAt(g, tid, p);
      if (kindOf(e) == EV_F) continue;
      const x = load<i32>(e + E_LOC);
      if (x == prev) continue;
      prev = x;
      const cycle = coherenceCycleAt(g, x);
      arenaReset(scratchStart());
      if (cycle) {
        lastUniverse = 0;
        return AX_COHERENCE;
      }
    }
  }
  const broken = tid < 0 ? atomicViolated(g) : atomicViolatedAt(g, tid, po, count);
  const ax = broken ? AX_ATOMIC : AX_NONE;

  // The universe: every thread event, or S for an incremental check.
  setUniverse(n);
  const inS = newSet();
  if (tid < 0) onCycles(g, inS, -1, 0);
  else onCycles(g, inS, denseOf(tid, po), count);
  const m = rowCount(inS);
  lastUniverse = m;
  if (m <= 1) return ax;
  // Scratch for the axioms over m events: 23 relations, sets (4, per location, per thread),
  // dense and compact tables, the per-po tables.
  const need: u64 =
    <u64>scratchStart() +
    <u64>arenaUsed() +
    bytesFor(m, 24, nLoc + LK_MAX_THREADS + 8) +
    (<u64>(n + LK_MAX_THREADS + 8)) * 20 +
    (<u64>(m + 8)) * 32 +
    (<u64>(LK_MAX_EVENTS + 2)) * 32 +
    (<u64>(nLoc + 1)) * 8 +
    256;
  if (!ensureBytes(need)) return -1;
  const r = axiomsOver(g, inS, m, nLoc);
  // Core's order: coherence before atomic.
  if (r == AX_COHERENCE) return r;
  if (ax != AX_NONE) return ax;
  return r;
}

// ---- The axioms over a universe --------------------------------------------------------------

function axiomsOver(g: usize, inS: usize, m: i32, nLoc: i32): i32 {
  const n = nDense;
  const perPo: usize = (<usize>(LK_MAX_EVENTS + 2)) << 2;
  NEXT_MB = arenaAllocRaw(8 * perPo);
  NEXT_WMB = NEXT_MB + perPo;
  NEXT_RMB = NEXT_WMB + perPo;
  NEXT_BA = NEXT_RMB + perPo;
  NEXT_AA = NEXT_BA + perPo;
  NEXT_AS = NEXT_AA + perPo;
  FIRST_RMW = NEXT_AS + perPo;
  FIRST_LKW = FIRST_RMW + perPo;
  // Compact indices in dense order (thread-major, po order).
  denseToC = arenaAllocRaw((<usize>n) << 2);
  geC = arenaAllocRaw((<usize>(n + nThreads + 1)) << 2);
  coRank = arenaAllocRaw((<usize>n) << 2);
  cThread = arenaAllocRaw((<usize>m) << 2);
  cPo = arenaAllocRaw((<usize>m) << 2);
  cEv = arenaAllocRaw((<usize>m) << 2);
  cRank = arenaAlloc((<usize>m) << 2);
  let c = 0;
  for (let t = 0; t < nThreads; t++) {
    const len = threadLength(g, t);
    seti(CS, t, c);
    for (let p = 0; p < len; p++) {
      const d = denseOf(t, p);
      if (bitHas(inS, d)) {
        seti(denseToC, d, c);
        seti(cThread, c, t);
        seti(cPo, c, p);
        seti(cEv, c, <i32>eventAt(g, t, p));
        c++;
      } else {
        seti(denseToC, d, -1);
      }
    }
    seti(CE, t, c);
    // geC: backward, the first compact index with po >= k.
    const base = threadBase(t) + t;
    let next = c;
    seti(geC, base + len, next);
    for (let p = len - 1; p >= 0; p--) {
      const cc = geti(denseToC, denseOf(t, p));
      if (cc >= 0) next = cc;
      seti(geC, base + p, next);
    }
  }

  setUniverse(m);
  // ---- Event sets ----
  const Mset = newSet();
  const Wset = newSet();
  const Rset = newSet();
  const R4rmb = newSet();
  // Per location of the universe's accesses, the set of them (rows zeroed on first touch).
  const locSets = arenaAllocRaw((<usize>(nLoc + 1)) * rowBytes);
  LOC_SEEN = arenaAlloc((<usize>(nLoc + 1)) << 2);
  LOC_LIST = arenaAllocRaw((<usize>(nLoc + 1)) << 2);
  let nLocs = 0;
  /** Per thread group (the threads' own events), for int/ext. */
  const threadSets = arenaAlloc((<usize>nThreads) * rowBytes);
  for (let i = 0; i < m; i++) {
    const e = <usize>geti(cEv, i);
    const k = kindOf(e);
    if (k != EV_F) {
      bitSet(Mset, i);
      const a = load<i32>(e + E_LOC);
      const row = rowOf(locSets, a);
      if (geti(LOC_SEEN, a) == 0) {
        seti(LOC_SEEN, a, 1);
        seti(LOC_LIST, nLocs++, a);
        for (let o: usize = 0; o < rowBytes; o += 8) store<u64>(row + o, 0);
      }
      bitSet(row, i);
    }
    if (k == EV_W) bitSet(Wset, i);
    if (k == EV_R) bitSet(Rset, i);
    if (isR4rmb(e)) bitSet(R4rmb, i);
    bitSet(rowOf(threadSets, geti(cThread, i)), i);
  }

  // co ranks of the writes of those locations (fr needs the rank of sources outside the
  // universe too).
  for (let l = 0; l < nLocs; l++) {
    const a = geti(LOC_LIST, l);
    let x = load<i32>(locationAt(g, a) + L_CO_FIRST);
    let rank = 1;
    while (x >= 0) {
      seti(coRank, denseOfRef(x), rank++);
      x = load<i32>(eventOfRef(g, x) + E_CO_NEXT);
    }
  }
  for (let i = 0; i < m; i++) {
    if (bitHas(Wset, i)) seti(cRank, i, geti(coRank, denseOf(geti(cThread, i), geti(cPo, i))));
  }

  // ---- Base relations: rf, co, fr, rmw ----
  const rf = newRel();
  const co = newRel();
  const fr = newRel();
  const rmw = newRel();
  let anyRmw = false;
  for (let i = 0; i < m; i++) {
    const e = <usize>geti(cEv, i);
    const k = kindOf(e);
    if (k == EV_W) {
      const ri = rowOf(co, i);
      const rank = geti(cRank, i);
      addLaterWrites(ri, rowOf(locSets, load<i32>(e + E_LOC)), Wset, rank);
    } else if (k == EV_R) {
      const src = load<i32>(e + E_RF);
      const t = geti(cThread, i);
      const partner = load<i32>(e + E_RMW);
      if (partner >= 0) {
        const cw = geti(denseToC, denseOf(t, partner));
        if (cw >= 0) {
          relAdd(rmw, i, cw);
          anyRmw = true;
        }
      }
      if (src < 0) continue;
      let srcRank = 0;
      if (refThread(src) >= 0) {
        const ds = denseOfRef(src);
        srcRank = geti(coRank, ds);
        const cs = geti(denseToC, ds);
        if (cs >= 0) relAdd(rf, cs, i);
      }
      // fr = rf^-1 ; co
      addLaterWrites(rowOf(fr, i), rowOf(locSets, load<i32>(e + E_LOC)), Wset, srcRank);
    }
  }

  // ---- coherence: acyclic po-loc | rf | co | fr ----
  const dfs = arenaAlloc((<usize>m) * 12);
  const coh = relClone(rf);
  relUnionWith(coh, co);
  relUnionWith(coh, fr);
  for (let i = 0; i < m; i++) {
    const e = <usize>geti(cEv, i);
    if (kindOf(e) == EV_F) continue;
    const t = geti(cThread, i);
    // po-loc: the po-later accesses of the same location.
    rowAddRangeOf(rowOf(coh, i), i + 1, geti(CE, t), rowOf(locSets, load<i32>(e + E_LOC)));
  }
  if (!relIsAcyclic(coh, dfs)) return AX_COHERENCE;

  // ---- rfe, rfi; overwrite = co | fr ----
  const rfe = newRel();
  const overwrite = relClone(co);
  relUnionWith(overwrite, fr);
  const overwriteExt = newRel();
  const overwriteInt = newRel();
  for (let i = 0; i < m; i++) {
    const same = rowOf(threadSets, geti(cThread, i));
    rowOrAndNot(rowOf(rfe, i), rowOf(rf, i), same);
    rowOrAndNot(rowOf(overwriteExt, i), rowOf(overwrite, i), same);
    rowOrAnd(rowOf(overwriteInt, i), rowOf(overwrite, i), same);
  }

  // ---- Release Acquire and fences: acq-po, po-rel, rmb, wmb, mb (= strong-fence) ----
  const acqPo = newRel();
  const poRel = newRel();
  const rmb = newRel();
  const wmb = newRel();
  const mb = newRel();
  for (let t = 0; t < nThreads; t++) {
    const cs = geti(CS, t);
    const ce = geti(CE, t);
    if (cs == ce) continue;
    fenceTables(g, t);
    const len = threadLength(g, t);
    for (let i = cs; i < ce; i++) {
      const e = <usize>geti(cEv, i);
      const p = geti(cPo, i);
      const k = kindOf(e);
      if (k == EV_F) continue;
      if (isAcquire(e)) rowAddRangeOf(rowOf(acqPo, i), i + 1, ce, Mset);
      if (isRelease(e)) for (let a = cs; a < i; a++) if (bitHas(Mset, a)) relAdd(poRel, a, i);
      // fencerel(Rmb) between R4rmb events, fencerel(Wmb) between writes.
      if (isR4rmb(e)) {
        const f = geti(NEXT_RMB, p);
        if (f < len) rowAddRangeOf(rowOf(rmb, i), firstFrom(t, f + 1), ce, R4rmb);
      }
      if (k == EV_W) {
        const f = geti(NEXT_WMB, p);
        if (f < len) rowAddRangeOf(rowOf(wmb, i), firstFrom(t, f + 1), ce, Wset);
      }
      // mb: [M] ; fencerel(Mb) ; [M]
      //   | [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]
      //   | [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]
      //   | [M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]
      //   | [Mb & W] ; po ; [M]
      // each a po-suffix of i: the events from `bound` on.
      let bound = len;
      const fmb = geti(NEXT_MB, p);
      if (fmb < len) bound = min(bound, fmb + 1);
      const fba = geti(NEXT_BA, p);
      if (fba < len) bound = min(bound, geti(FIRST_RMW, fba + 1));
      const xr = geti(FIRST_RMW, p);
      if (xr < len) {
        const faa = geti(NEXT_AA, xr);
        if (faa < len) bound = min(bound, faa + 1);
      }
      const xl = geti(FIRST_LKW, p);
      if (xl < len) {
        const fas = geti(NEXT_AS, xl);
        if (fas < len) bound = min(bound, fas + 1);
      }
      if (isMbAccess(e)) {
        if (k == EV_W) bound = min(bound, p + 1);
        // [M] ; po ; [Mb & R]
        else for (let a = cs; a < i; a++) if (bitHas(Mset, a)) relAdd(mb, a, i);
      }
      if (bound < len) rowAddRangeOf(rowOf(mb, i), firstFrom(t, bound), ce, Mset);
    }
  }
  const strongFence = mb; // gp is empty without RCU
  const fence = relClone(strongFence);
  relUnionWith(fence, poRel);
  relUnionWith(fence, acqPo);
  relUnionWith(fence, wmb);
  relUnionWith(fence, rmb);

  // ---- po-unlock-lock-po = po ; [UL] ; (po | rf) ; [LKR] ; po ----
  const poUnlockLockPo = newRel();
  buildPoUnlockLockPo(g, poUnlockLockPo);

  // ---- Preserved program order: to-r, to-w, ppo ----
  // to-w = rwdep | (overwrite & int); to-r = (addr ; [R]) | (dep ; rfi); rwdep = (dep | ctrl) ; [W]
  const ppo = relClone(overwriteInt);
  for (let i = 0; i < m; i++) {
    const e = <usize>geti(cEv, i);
    const k = kindOf(e);
    if (k == EV_F) continue;
    const t = geti(cThread, i);
    for (let wd = 0; wd < LK_DEP_WORDS; wd++) {
      const o = (<usize>wd) << 3;
      const a = load<u64>(e + E_ADDR + o);
      let deps: u64 = 0;
      if (k == EV_W) deps = a | load<u64>(e + E_DATA + o) | load<u64>(e + E_CTRL + o);
      else deps = a; // addr ; [R]
      addDepColumn(ppo, t, wd, deps, i);
    }
    if (k == EV_R) {
      // dep ; rfi: the addr and data sources of a same-thread write this read reads from.
      const src = load<i32>(e + E_RF);
      if (src >= 0 && refThread(src) == t) {
        const w = eventOfRef(g, src);
        for (let wd = 0; wd < LK_DEP_WORDS; wd++) {
          const o = (<usize>wd) << 3;
          addDepColumn(ppo, t, wd, load<u64>(w + E_ADDR + o) | load<u64>(w + E_DATA + o), i);
        }
      }
    }
  }
  relUnionWith(ppo, fence); // fence & int = fence (every fence relation is within a thread)
  for (let i = 0; i < m; i++) {
    rowOrAnd(rowOf(ppo, i), rowOf(poUnlockLockPo, i), rowOf(threadSets, geti(cThread, i)));
  }

  // ---- Propagation: A-cumul, rmw-sequence, cumul-fence, prop ----
  // A-cumul(r) = rfe? ; r, with r = strong-fence | po-rel
  const sfOrPoRel = relClone(strongFence);
  relUnionWith(sfOrPoRel, poRel);
  const cumulFence0 = relClone(sfOrPoRel);
  relComposeInto(cumulFence0, rfe, sfOrPoRel);
  relUnionWith(cumulFence0, wmb);
  relUnionWith(cumulFence0, poUnlockLockPo);
  // cumul-fence = (A-cumul(...) | wmb | po-unlock-lock-po) ; rmw-sequence,
  // rmw-sequence = (rf ; rmw)*
  let cumulFence = cumulFence0;
  if (anyRmw) {
    const rfRmw = newRel();
    relComposeInto(rfRmw, rf, rmw);
    relCloseTransitively(rfRmw);
    cumulFence = relClone(cumulFence0);
    relComposeInto(cumulFence, cumulFence0, rfRmw);
  }
  // prop = (overwrite & ext)? ; cumul-fence* ; rfe?
  const cumulFenceStar = cumulFence; // in place: cumul-fence* from here on
  relCloseTransitively(cumulFenceStar);
  relAddIdentity(cumulFenceStar);
  const tail = relClone(cumulFenceStar);
  relComposeInto(tail, cumulFenceStar, rfe);
  const prop = relClone(tail);
  relComposeInto(prop, overwriteExt, tail);

  // ---- happens-before: acyclic hb, hb = ppo | rfe | ((prop \ id) & int) ----
  const hb = ppo;
  relUnionWith(hb, rfe);
  for (let i = 0; i < m; i++) {
    const row = rowOf(hb, i);
    const had = bitHas(row, i);
    rowOrAnd(row, rowOf(prop, i), rowOf(threadSets, geti(cThread, i)));
    if (!had) bitClear(row, i);
  }
  if (!relIsAcyclic(hb, dfs)) return AX_HAPPENS_BEFORE;

  // ---- propagation: acyclic pb, pb = prop ; strong-fence ; hb* ----
  // As in core: with hb acyclic, acyclic(pb) ⇔ acyclic((prop ; strong-fence) | hb).
  relComposeInto(hb, prop, strongFence);
  if (!relIsAcyclic(hb, dfs)) return AX_PROPAGATION;
  return AX_NONE;
}


/** row |= the writes of `locSet` whose co rank is above `rank`. */
function addLaterWrites(row: usize, locSet: usize, Wset: usize, rank: i32): void {
  for (let o: usize = 0; o < rowBytes; o += 8) {
    let word = load<u64>(locSet + o) & load<u64>(Wset + o);
    while (word != 0) {
      const x = ((<i32>o) << 3) + <i32>ctz<u64>(word);
      word &= word - 1;
      if (geti(cRank, x) > rank) bitSet(row, x);
    }
  }
}

/** rel |= {(c(p), i) : p in word `wd` of the po bitmask `deps` of thread t, in the universe}. */
function addDepColumn(rel: usize, t: i32, wd: i32, deps: u64, i: i32): void {
  while (deps != 0) {
    const p = (wd << 6) + <i32>ctz<u64>(deps);
    deps &= deps - 1;
    const cp = geti(denseToC, denseOf(t, p));
    if (cp >= 0) relAdd(rel, cp, i);
  }
}

/**
 * Per po index q of thread t: the next fence of each kind strictly after q (len if none) and
 * the first RMW / LKW event at or after q (len if none).
 */
function fenceTables(g: usize, t: i32): void {
  const len = threadLength(g, t);
  let mbF = len;
  let wmbF = len;
  let rmbF = len;
  let baF = len;
  let aaF = len;
  let asF = len;
  let rmwX = len;
  let lkwX = len;
  seti(FIRST_RMW, len, len);
  seti(FIRST_LKW, len, len);
  for (let q = len - 1; q >= 0; q--) {
    seti(NEXT_MB, q, mbF);
    seti(NEXT_WMB, q, wmbF);
    seti(NEXT_RMB, q, rmbF);
    seti(NEXT_BA, q, baF);
    seti(NEXT_AA, q, aaF);
    seti(NEXT_AS, q, asF);
    const e = eventAt(g, t, q);
    const f = flagsOf(e);
    if (kindOf(e) == EV_F) {
      if (f & F_MB) mbF = q;
      if (f & F_WMB) wmbF = q;
      if (f & F_RMB) rmbF = q;
      if (f & F_BEFORE_ATOMIC) baF = q;
      if (f & F_AFTER_ATOMIC) aaF = q;
      if (f & F_AFTER_SPINLOCK) asF = q;
    }
    if (f & IN_RMW) rmwX = q;
    if (f & LKW) lkwX = q;
    seti(FIRST_RMW, q, rmwX);
    seti(FIRST_LKW, q, lkwX);
  }
}

/** po ; [UL] ; (po | rf) ; [LKR] ; po, over the whole graph, restricted to the universe. */
function buildPoUnlockLockPo(g: usize, rel: usize): void {
  // The lock reads (LKR) of the graph, as (thread << 16 | po), and whether there is a UL.
  const lkr = arenaAllocRaw((<usize>(nDense + 1)) << 2);
  let nLkr = 0;
  let anyUl = false;
  for (let t = 0; t < nThreads; t++) {
    const len = threadLength(g, t);
    for (let p = 0; p < len; p++) {
      const f = flagsOf(eventAt(g, t, p));
      if ((f & LKR) != 0) seti(lkr, nLkr++, (t << 16) | p);
      if ((f & UL) != 0) anyUl = true;
    }
  }
  if (nLkr == 0 || !anyUl) return;
  for (let tu = 0; tu < nThreads; tu++) {
    const lenU = threadLength(g, tu);
    for (let pu = 0; pu < lenU; pu++) {
      const eu = eventAt(g, tu, pu);
      if ((flagsOf(eu) & UL) == 0) continue;
      const ref = ((tu + 1) << 16) | pu;
      const srcLo = geti(CS, tu);
      const srcHi = firstFrom(tu, pu);
      if (srcLo == srcHi) continue;
      // Per thread of the matching lock reads, their pairs are the suffix [lo, CE) from the
      // smallest lo (the lock reads are listed thread by thread in po order).
      let k = 0;
      while (k < nLkr) {
        const tl = geti(lkr, k) >> 16;
        let lo = -1;
        for (; k < nLkr && geti(lkr, k) >> 16 == tl; k++) {
          if (lo >= 0) continue;
          const pl = geti(lkr, k) & 0xffff;
          const el = eventAt(g, tl, pl);
          if ((tl == tu && pl > pu) || load<i32>(el + E_RF) == ref) lo = firstFrom(tl, pl + 1);
        }
        const hi = geti(CE, tl);
        if (lo < 0 || lo == hi) continue;
        for (let a = srcLo; a < srcHi; a++) rowAddRange(rowOf(rel, a), lo, hi);
      }
    }
  }
}
