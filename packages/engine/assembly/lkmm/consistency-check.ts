// The consistency predicate of the search: the LKMM axioms (linux-kernel.cat, checked by
// `consistency.ts` over the graph format of `graph.ts`), or the SC / x86-TSO predicates
// (`predicates.ts`) that core's LkmmSemantics runs with `axioms: 'sc' | 'tso'`.
//
// The search's state vector is not the checker's graph format: before an LKMM check the
// graph part of the state is written into one graph buffer (`toGraph`), and the check is
// incremental (only the cycles through the events the step added or resolved), since every
// state the search keeps is consistent.
import {
  E_ADDR as G_E_ADDR,
  E_CO_NEXT as G_E_CO_NEXT,
  E_CTRL as G_E_CTRL,
  E_DATA as G_E_DATA,
  E_FLAGS as G_E_FLAGS,
  E_KIND as G_E_KIND,
  E_LOC as G_E_LOC,
  E_PC as G_E_PC,
  E_RF as G_E_RF,
  E_RMW as G_E_RMW,
  E_VAL as G_E_VAL,
  G_BYTES,
  G_COUNT,
  G_NLOC,
  G_NTHREADS,
  L_CO_FIRST,
  L_CO_LAST,
  L_CO_WRITES,
  L_SPARE,
  LK_DEP_WORDS,
  LK_MAX_EVENTS,
  LK_MAX_LOCATIONS,
  LK_MAX_THREADS,
} from '../../../core/src/encoding/lkmm-graph';
import { PRED_LKMM, PRED_SC, PRED_TSO } from '../../../core/src/encoding/lkmm-opcodes';
import { top } from '../layout';
import { setConsistencyScratch, violatedAxiom, violatedAxiomAfter } from './consistency';
import { eventAt, locationAt } from './graph';
import { EV_W } from './events';
import { violatedSc, violatedTso } from './predicates';
import {
  coList,
  DW,
  E_ADDR,
  E_CTRL,
  E_DATA,
  E_FLAGS,
  E_KIND,
  E_LOC,
  E_PC,
  E_RF,
  E_RMW,
  E_VAL,
  evOf,
  L,
  refPo,
  refThread,
  T,
  TH_NEV,
  thr,
  w,
} from './state';

let predicate: i32 = PRED_SC;
/** The graph buffer of LKMM checks (G_BYTES bytes). */
let graphBuf: usize = 0;
/** Set when the checker could not get scratch memory. */
export let checkOutOfMemory: bool = false;

export function setPredicate(p: i32, graph: usize): void {
  predicate = p;
  graphBuf = graph;
  checkOutOfMemory = false;
  if (p == PRED_LKMM) memory.fill(graph, 0, <usize>G_BYTES);
}

/** Whether the predicate reads the whole candidate state (SC, TSO), not only what the step changed. */
export function predicateReadsWholeState(): bool {
  return predicate != PRED_LKMM;
}

/** Whether the predicate can check graphs of this shape (threads, locations, events per thread). */
export function predicateFits(p: i32, threads: i32, locations: i32, events: i32): bool {
  if (p == PRED_SC || p == PRED_TSO) return true;
  return p == PRED_LKMM && threads <= LK_MAX_THREADS && locations <= LK_MAX_LOCATIONS && events <= LK_MAX_EVENTS;
}

/** Writes event k of thread t of state `v` into the graph buffer `g`. */
function writeEvent(v: usize, g: usize, t: i32, k: i32, words: i32): void {
  const e = evOf(thr(v, t), k);
  const r = eventAt(g, t, k);
  store<i32>(r + G_E_KIND, w(e, E_KIND));
  store<i32>(r + G_E_FLAGS, w(e, E_FLAGS));
  store<i32>(r + G_E_LOC, w(e, E_LOC));
  store<i32>(r + G_E_VAL, w(e, E_VAL));
  store<i32>(r + G_E_RF, w(e, E_RF));
  store<i32>(r + G_E_RMW, w(e, E_RMW));
  store<i32>(r + G_E_CO_NEXT, -1);
  store<i32>(r + G_E_PC, w(e, E_PC));
  // Dependency words past DW stay 0 (the buffer is cleared when the search starts).
  for (let i = 0; i < words; i++) {
    const o = (<usize>i) << 2;
    store<i32>(r + G_E_ADDR + o, w(e, E_ADDR + i));
    store<i32>(r + G_E_DATA + o, w(e, E_DATA + i));
    store<i32>(r + G_E_CTRL + o, w(e, E_CTRL + i));
  }
}

/** Writes location `a`'s co order of state `v` (its record and the writes' co links) into `g`. */
function writeLocation(v: usize, g: usize, a: i32): void {
  const co = coList(v, a);
  const len = w(co, 0);
  const l = locationAt(g, a);
  store<i32>(l + L_CO_FIRST, len > 1 ? w(co, 2) : -1);
  store<i32>(l + L_CO_LAST, w(co, len));
  store<i32>(l + L_CO_WRITES, len - 1);
  store<i32>(l + L_SPARE, 0);
  for (let j = 2; j <= len; j++) {
    const ref = w(co, j);
    store<i32>(eventAt(g, refThread(ref), refPo(ref)) + G_E_CO_NEXT, j < len ? w(co, j + 1) : -1);
  }
}

/** Writes the graph of state vector `v` in the checker's format at `g`. */
function toGraph(v: usize, g: usize): void {
  store<i32>(g + G_NTHREADS, T);
  store<i32>(g + G_NLOC, L);
  const words = min(DW, LK_DEP_WORDS * 2);
  for (let t = 0; t < T; t++) {
    const n = w(thr(v, t), TH_NEV);
    store<i32>(g + G_COUNT + ((<usize>t) << 2), n);
    for (let k = 0; k < n; k++) writeEvent(v, g, t, k, words);
  }
  for (let a = 1; a <= L; a++) writeLocation(v, g, a);
}

/** The state whose graph the buffer holds (candidates are applied to it and undone), or 0. */
let graphOf: usize = 0;

/** Forgets the buffer's graph (a new state is being expanded, maybe at the same address). */
export function invalidateGraph(): void {
  graphOf = 0;
}

/** Applies (or, with `undo`, takes back) candidate `v`'s change from `parent` in the buffer. */
function applyChange(v: usize, parent: usize, tid: i32, po: i32, count: i32, resolved: bool, undo: bool): void {
  const g = graphBuf;
  const words = min(DW, LK_DEP_WORDS * 2);
  const src = undo ? parent : v;
  if (resolved) {
    writeEvent(src, g, tid, po, words);
    return;
  }
  if (!undo) for (let k = po; k < po + count; k++) writeEvent(v, g, tid, k, words);
  store<i32>(g + G_COUNT + ((<usize>tid) << 2), undo ? po : po + count);
  const th = thr(v, tid);
  for (let k = po; k < po + count; k++) {
    const e = evOf(th, k);
    if (w(e, E_KIND) == EV_W) writeLocation(src, g, w(e, E_LOC));
  }
  if (!undo) for (let k = po; k < po + count; k++) {
    // The links of the new writes themselves.
    const e = evOf(th, k);
    if (w(e, E_KIND) == EV_W) writeLocation(v, g, w(e, E_LOC));
  }
}

/**
 * Makes the buffer's graph that of `v`, a successor of `parent` (what changed as in
 * `inconsistent`), when the buffer holds `parent`'s graph: the state expanded last, which a
 * depth-first search expands right before its successor. Else the buffer is forgotten.
 */
export function advanceGraph(v: usize, parent: usize, tid: i32, po: i32, count: i32, resolved: bool): void {
  if (predicate != PRED_LKMM || parent == 0 || graphOf != parent) {
    graphOf = 0;
    return;
  }
  applyChange(v, parent, tid, po, count, resolved, false);
  graphOf = v;
}

/**
 * Whether the graph of state vector `v` violates the search's axioms. `tid`, `po`, `count`:
 * what changed from its parent's (consistent) graph (see consistency.ts `violatedAxiomAfter`).
 */
export function inconsistent(v: usize, parent: usize, tid: i32, po: i32, count: i32, resolved: bool): bool {
  if (predicate == PRED_TSO) return violatedTso(v);
  if (predicate == PRED_SC) return violatedSc(v);
  if (graphOf != parent) {
    toGraph(parent, graphBuf);
    graphOf = parent;
  }
  applyChange(v, parent, tid, po, count, resolved, false);
  // The checker's scratch goes above everything the search uses (it keeps nothing between calls).
  setConsistencyScratch((top + 15) & ~(<usize>15));
  const ax = violatedAxiomAfter(graphBuf, tid, po, count);
  applyChange(v, parent, tid, po, count, resolved, true);
  if (ax < 0) {
    checkOutOfMemory = true;
    return true;
  }
  return ax != 0;
}

/** A full (not incremental) check, for tests of the incremental one. */
export function inconsistentFull(v: usize): bool {
  graphOf = 0;
  toGraph(v, graphBuf);
  setConsistencyScratch((top + 15) & ~(<usize>15));
  return violatedAxiom(graphBuf) != 0;
}
