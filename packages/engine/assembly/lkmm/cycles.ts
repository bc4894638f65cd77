// The events a consistency check has to consider: those on cycles of U = po ∪ rf ∪ co ∪ fr
// (see consistency.ts for why every cycle of every axiom lies in one strongly connected
// component of U).
import { E_CO_NEXT, E_LOC, E_RF, EV_R, EV_W, L_CO_FIRST } from '../../../core/src/encoding/lkmm-graph';
import { kindOf } from './classes';
import { denseOf, denseOfRef, geti, nDense, nThreads, seti } from './dense';
import { eventAt, eventOfRef, locationAt, refThread, threadLength } from './graph';
import { arenaAllocRaw, bitClear, bitHas, bitSet, newRel, newSet, relAdd, rowOf } from './relation';

/**
 * U = po | rf | co | fr over dense indices (rows of the universe width n), with po, co and fr
 * as their immediate edges (the po and co chains give the rest by transitivity).
 */
function buildUnion(g: usize, U: usize): void {
  for (let t = 0; t < nThreads; t++) {
    const len = threadLength(g, t);
    for (let p = 0; p < len; p++) {
      const d = denseOf(t, p);
      const e = eventAt(g, t, p);
      if (p + 1 < len) relAdd(U, d, d + 1);
      const k = kindOf(e);
      if (k == EV_R) {
        const src = load<i32>(e + E_RF);
        if (src < 0) continue;
        if (refThread(src) >= 0) relAdd(U, denseOfRef(src), d);
        const next =
          refThread(src) < 0
            ? load<i32>(locationAt(g, load<i32>(e + E_LOC)) + L_CO_FIRST)
            : load<i32>(eventOfRef(g, src) + E_CO_NEXT);
        if (next >= 0) relAdd(U, d, denseOfRef(next));
      } else if (k == EV_W) {
        const next = load<i32>(e + E_CO_NEXT);
        if (next >= 0) relAdd(U, d, denseOfRef(next));
      }
    }
  }
}

/**
 * The events on some cycle of U = po | rf | co | fr (its nontrivial strongly connected
 * components, Tarjan's algorithm): all of them for the full check (`from` < 0), else only the
 * components of the changed events, dense indices from..from+count-1 (the search then starts
 * at `from` and visits only what it reaches, which includes the other changed events). A cycle
 * of any axiom's relation is a closed U-walk, so its events and the witnesses of its pairs lie
 * in one of these components (through a changed event, after a change).
 */
export function onCycles(g: usize, inS: usize, from: i32, count: i32): void {
  const n = nDense;
  const U = newRel();
  buildUnion(g, U);
  const index = arenaAllocRaw((<usize>n) << 2);
  const low = arenaAllocRaw((<usize>n) << 2);
  const stack = arenaAllocRaw((<usize>n) << 2);
  const frameNode = arenaAllocRaw((<usize>n) << 2);
  const framePos = arenaAllocRaw((<usize>n) << 2);
  const onStack = newSet();
  for (let v = 0; v < n; v++) seti(index, v, -1);
  let next = 0;
  let sp = 0;
  for (let v = from < 0 ? 0 : from; v < n; v++) {
    if (geti(index, v) >= 0) continue;
    if (from >= 0 && v != from) break;
    let top = 0;
    seti(frameNode, 0, v);
    seti(framePos, 0, 0);
    seti(index, v, next);
    seti(low, v, next++);
    seti(stack, sp++, v);
    bitSet(onStack, v);
    while (top >= 0) {
      const u = geti(frameNode, top);
      let pos = geti(framePos, top);
      const ru = rowOf(U, u);
      let child = -1;
      while (pos < n) {
        const kw = pos >> 6;
        const word = load<u64>(ru + ((<usize>kw) << 3)) >> u64(pos & 63);
        if (word == 0) {
          pos = (kw + 1) << 6;
          continue;
        }
        const j = pos + <i32>ctz<u64>(word);
        pos = j + 1;
        if (geti(index, j) < 0) {
          child = j;
          break;
        }
        if (bitHas(onStack, j) && geti(index, j) < geti(low, u)) seti(low, u, geti(index, j));
      }
      seti(framePos, top, pos);
      if (child >= 0) {
        seti(index, child, next);
        seti(low, child, next++);
        seti(stack, sp++, child);
        bitSet(onStack, child);
        top++;
        seti(frameNode, top, child);
        seti(framePos, top, 0);
        continue;
      }
      if (geti(low, u) == geti(index, u)) {
        // u roots a component: pop it; keep it if it has two events or more.
        const start = sp;
        let x: i32;
        do {
          x = geti(stack, --sp);
          bitClear(onStack, x);
        } while (x != u);
        let keep = start - sp >= 2;
        if (keep && from >= 0) {
          keep = false;
          for (let k = sp; k < start; k++) {
            const d = geti(stack, k);
            if (d >= from && d < from + count) keep = true;
          }
        }
        if (keep) for (let k = sp; k < start; k++) bitSet(inS, geti(stack, k));
      }
      top--;
      if (top >= 0) {
        const parent = geti(frameNode, top);
        if (geti(low, u) < geti(low, parent)) seti(low, parent, geti(low, u));
      }
    }
  }
}
