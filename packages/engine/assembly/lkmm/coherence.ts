// The coherence axiom at one location: the fast path of the incremental check
// (consistency.ts `violatedAxiomAfter`).
//
// coherence = acyclic (po-loc | rf | co | fr), and every one of these relations relates two
// accesses of the same location. So the relation splits by location, and a step that changed
// only accesses of location x (appended them, or gave one of them its rf) can only have closed
// a coherence cycle among the accesses of x. Checking those alone is exact both ways: a cycle
// found is a coherence cycle of the whole graph (coherence is the first axiom in core's order,
// so the answer is AX_COHERENCE), and none found means coherence still holds (the graph
// without the change was consistent). In the searches almost every graph that the incremental
// check rejects breaks coherence (a read of a write older than one its thread already saw),
// and this needs the accesses of one location only, not the components of U.
//
// The graph over the accesses of x uses immediate edges: po-loc between po-consecutive
// accesses of a thread, co between co-consecutive writes, fr from a read to the co-successor of
// its rf source (the rest of po-loc, co and fr follow by transitivity through accesses of x).
// Initial writes have no incoming edge, so they are on no cycle and are left out (a read of the
// initial write has its fr edge to the first write in co).
import { E_CO_NEXT, E_LOC, E_RF, EV_F, EV_R, EV_W, L_CO_FIRST } from '../../../core/src/encoding/lkmm-graph';
import { kindOf } from './classes';
import { denseOf, denseOfRef, geti, nDense, nThreads, seti } from './dense';
import { eventAt, eventOfRef, locationAt, refThread, threadLength } from './graph';
import { arenaAllocRaw, newRel, relAdd, relIsAcyclic, setUniverse } from './relation';

/**
 * Whether the accesses of location `x` in `g` have a coherence cycle. Uses the checker's arena
 * (after `layoutDense(g)`): n + 4k i32 words and a k × k bit matrix, k = the accesses of x.
 */
export function coherenceCycleAt(g: usize, x: i32): bool {
  const n = nDense;
  // Dense index -> index among the accesses of x (-1 for other events), and back.
  const local = arenaAllocRaw((<usize>n) << 2);
  const nodes = arenaAllocRaw((<usize>n) << 2);
  let k = 0;
  for (let t = 0; t < nThreads; t++) {
    const len = threadLength(g, t);
    for (let p = 0; p < len; p++) {
      const d = denseOf(t, p);
      const e = eventAt(g, t, p);
      if (kindOf(e) != EV_F && load<i32>(e + E_LOC) == x) {
        seti(local, d, k);
        seti(nodes, k++, d);
      } else seti(local, d, -1);
    }
  }
  if (k < 2) return false;
  setUniverse(k);
  const rel = newRel();
  // Thread of each node, to find po-consecutive accesses.
  let t = 0;
  for (let i = 0; i < k; i++) {
    const d = geti(nodes, i);
    while (denseOf(t + 1, 0) <= d) t++;
    const p = d - denseOf(t, 0);
    const e = eventAt(g, t, p);
    // po-loc: the next access of x in the thread is the next node, if it is the same thread's.
    if (i + 1 < k && geti(nodes, i + 1) < denseOf(t + 1, 0)) relAdd(rel, i, i + 1);
    const kind = kindOf(e);
    if (kind == EV_W) {
      const next = load<i32>(e + E_CO_NEXT);
      if (next >= 0) relAdd(rel, i, geti(local, denseOfRef(next)));
    } else if (kind == EV_R) {
      const src = load<i32>(e + E_RF);
      if (src < 0) continue; // deferred: no rf, no fr yet
      let next: i32;
      if (refThread(src) >= 0) {
        relAdd(rel, geti(local, denseOfRef(src)), i); // rf
        next = load<i32>(eventOfRef(g, src) + E_CO_NEXT);
      } else next = load<i32>(locationAt(g, x) + L_CO_FIRST);
      if (next >= 0) relAdd(rel, i, geti(local, denseOfRef(next))); // fr
    }
  }
  return !relIsAcyclic(rel, arenaAllocRaw((<usize>k) * 12));
}
