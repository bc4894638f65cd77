/**
 * SC and x86-TSO as consistency predicates over the same partial execution graphs as the LKMM
 * (reference/lkmm.md §8.1: one engine, three predicates). Transcriptions of the project's cat
 * files `litmus/model/sc-c.cat` and `litmus/model/tso-c.cat` (with lock.cat's lock events):
 *
 * - both: `acyclic po-loc | rf | co | fr` (coherence) and `empty rmw & (fre ; coe)` (atomic);
 * - SC: `acyclic po | rf | co | fr`;
 * - x86-TSO: `acyclic mfence | implied | ppo-tso | rfe | fr | co` with
 *   `mfence = [M] ; fencerel(MB) ; [M]` (smp_mb), `LOCKED = RMW | LKR | LKW` (every atomic RMW,
 *   a failed cmpxchg included, and spin_lock), `implied = [M];po;[LOCKED] | [LOCKED];po;[M]`,
 *   `ppo-tso = [W];po;[W] | [R];po;[M]`.
 *
 * Like the LKMM axioms these only grow with the graph, so a violated prefix can be pruned.
 */
import { denseOf, layout } from './consistency.js';
import { EV_F, EV_R, EV_W, F_MB, IN_RMW, LKR, LKW, type LkGraph } from './events.js';
import { Relation, resetRelationArena } from './relation.js';

/** The axioms of the SC and TSO predicates. */
export type ScTsoAxiom = 'coherence' | 'atomic' | 'sc' | 'tso';

/** Checks SC (`model` 'sc') or x86-TSO ('tso') on `g`; returns the first violated axiom or null. */
export function violatedScTso(g: LkGraph, nLocations: number, model: 'sc' | 'tso'): ScTsoAxiom | null {
  resetRelationArena();
  const d = layout(g, nLocations);
  const { n, tid, ev } = d;
  const po = new Relation(n);
  for (let t = 0; t < g.events.length; t++) {
    const base = d.offset[t]!;
    const len = g.events[t]!.length;
    for (let p = 0; p < len; p++) for (let q = p + 1; q < len; q++) po.add(base + p, base + q);
  }
  const rf = new Relation(n);
  const co = new Relation(n);
  const fr = new Relation(n);
  for (const list of g.co) {
    for (let a = 0; a < list.length; a++) {
      const ia = denseOf(d, list[a]!);
      if (ia < 0) continue;
      for (let b = a + 1; b < list.length; b++) co.add(ia, denseOf(d, list[b]!));
    }
  }
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (!e || e.kind !== EV_R || e.rf < 0) continue;
    const src = denseOf(d, e.rf);
    rf.add(src, i);
    for (let k = 0; k < co.w; k++) fr.bits[i * co.w + k] = co.bits[src * co.w + k]!;
  }
  const isM = (i: number): boolean => ev[i] === null || ev[i]!.kind !== EV_F;
  const com = rf.clone().unionWith(co).unionWith(fr);

  const poLoc = new Relation(n);
  po.forEach((i, j) => {
    if (isM(i) && isM(j) && d.loc[i] === d.loc[j]) poLoc.add(i, j);
  });
  if (!poLoc.unionWith(com).isAcyclic()) return 'coherence';

  // atomic: no write of another thread between an RMW's read and write in co.
  for (let r = 0; r < n; r++) {
    const e = ev[r];
    if (!e || e.kind !== EV_R || e.rmw < 0 || e.rf < 0) continue;
    const w = d.offset[tid[r]!]! + e.rmw;
    const src = denseOf(d, e.rf);
    for (let x = 0; x < n; x++) {
      if (x !== w && tid[x] !== tid[r] && co.has(src, x) && co.has(x, w)) return 'atomic';
    }
  }

  if (model === 'sc') return po.unionWith(com).isAcyclic() ? null : 'sc';

  const ghb = co.clone().unionWith(fr);
  rf.forEach((w, r) => {
    if (tid[w] !== tid[r]) ghb.add(w, r);
  });
  const locked = (i: number): boolean => {
    const e = ev[i];
    return e !== null && e !== undefined && e.kind !== EV_F && (e.flags & (IN_RMW | LKR | LKW)) !== 0;
  };
  for (let t = 0; t < g.events.length; t++) {
    const base = d.offset[t]!;
    const len = g.events[t]!.length;
    for (let p = 0; p < len; p++) {
      const i = base + p;
      const ei = ev[i]!;
      for (let q = p + 1; q < len; q++) {
        const j = base + q;
        const ej = ev[j]!;
        if (ei.kind === EV_F || ej.kind === EV_F) continue;
        if (
          (ei.kind === EV_W && ej.kind === EV_W) ||
          ei.kind === EV_R ||
          locked(i) ||
          locked(j) ||
          fenceBetween(g.events[t]!, p, q)
        ) {
          ghb.add(i, j);
        }
      }
    }
  }
  return ghb.isAcyclic() ? null : 'tso';
}

/** Whether an smp_mb() lies po-between positions p and q of a thread. */
function fenceBetween(evs: LkGraph['events'][number], p: number, q: number): boolean {
  for (let k = p + 1; k < q; k++) if (evs[k]!.kind === EV_F && (evs[k]!.flags & F_MB) !== 0) return true;
  return false;
}
