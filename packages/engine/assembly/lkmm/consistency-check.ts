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
}

/** Whether the predicate can check graphs of this shape (threads, locations, events per thread). */
export function predicateFits(p: i32, threads: i32, locations: i32, events: i32): bool {
  if (p == PRED_SC || p == PRED_TSO) return true;
  return p == PRED_LKMM && threads <= LK_MAX_THREADS && locations <= LK_MAX_LOCATIONS && events <= LK_MAX_EVENTS;
}

/** Writes the graph of state vector `v` in the checker's format at `g`. */
function toGraph(v: usize, g: usize): void {
  store<i32>(g + G_NTHREADS, T);
  store<i32>(g + G_NLOC, L);
  const words = min(DW, LK_DEP_WORDS * 2);
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    store<i32>(g + G_COUNT + ((<usize>t) << 2), n);
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      const r = eventAt(g, t, k);
      store<i32>(r + G_E_KIND, w(e, E_KIND));
      store<i32>(r + G_E_FLAGS, w(e, E_FLAGS));
      store<i32>(r + G_E_LOC, w(e, E_LOC));
      store<i32>(r + G_E_VAL, w(e, E_VAL));
      store<i32>(r + G_E_RF, w(e, E_RF));
      store<i32>(r + G_E_RMW, w(e, E_RMW));
      store<i32>(r + G_E_CO_NEXT, -1);
      store<i32>(r + G_E_PC, w(e, E_PC));
      for (let i = 0; i < LK_DEP_WORDS * 2; i++) {
        const o = (<usize>i) << 2;
        store<i32>(r + G_E_ADDR + o, i < words ? w(e, E_ADDR + i) : 0);
        store<i32>(r + G_E_DATA + o, i < words ? w(e, E_DATA + i) : 0);
        store<i32>(r + G_E_CTRL + o, i < words ? w(e, E_CTRL + i) : 0);
      }
    }
  }
  for (let a = 1; a <= L; a++) {
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
}

/**
 * Whether the graph of state vector `v` violates the search's axioms. `tid`, `po`, `count`:
 * what changed from its parent's (consistent) graph (see consistency.ts `violatedAxiomAfter`).
 */
export function inconsistent(v: usize, tid: i32, po: i32, count: i32): bool {
  if (predicate == PRED_TSO) return violatedTso(v);
  if (predicate == PRED_SC) return violatedSc(v);
  toGraph(v, graphBuf);
  // The checker's scratch goes above everything the search uses (it keeps nothing between calls).
  setConsistencyScratch((top + 15) & ~(<usize>15));
  const ax = violatedAxiomAfter(graphBuf, tid, po, count);
  if (ax < 0) {
    checkOutOfMemory = true;
    return true;
  }
  return ax != 0;
}

/** A full (not incremental) check, for tests of the incremental one. */
export function inconsistentFull(v: usize): bool {
  toGraph(v, graphBuf);
  setConsistencyScratch((top + 15) & ~(<usize>15));
  return violatedAxiom(graphBuf) != 0;
}
