/**
 * The LKMM consistency predicate over a partial execution graph.
 *
 * A transcription, relation by relation, of the kernel's memory model:
 * tools/memory-model/linux-kernel.cat, linux-kernel.bell and lock.cat, mainline as of
 * Kingxukai/linux@0291023e7330 (herd7 7.58, `variant lkmmv2`). Relation names are the cat's.
 * Simplifications that are exact for the IR's primitives:
 * - `Marked` (bell) is every event but the plain loads and stores (IR order `plain`, events
 *   with no access tag); `Plain = M \ Marked`. Without plain events every `[Marked]`
 *   restriction is the identity, `addr ; [Plain] ; wmb` in to-w is empty and the plain-access
 *   rules are vacuous, so they are only computed for graphs with a plain event;
 * - there is no RCU/SRCU event, so `gp`, `rb` and `rcu-fence` are empty and the `rcu` axiom
 *   holds;
 * - `carry-dep` (the bell's dependencies through store-to-load forwarding) is added only to
 *   graphs with a plain event: without one its extra edges `dep ; rfi ; dep` are already in
 *   `ppo ; ppo` (to-r contains `dep ; [Marked] ; rfi`), so hb⁺ is unchanged.
 * The plain-access part of the cat (`plain-coherence`, and the `data-race` and
 * `mixed-accesses` flags) is in `plain.ts`.
 * Unresolved (deferred) reads simply have no rf/fr edges yet; every axiom is an acyclicity or
 * emptiness of relations that only grow with the graph, so a violation prunes the prefix. The
 * flags are not monotone (`ww-race` subtracts `ww-nonrace`): they are only evaluated on
 * complete executions (`lkmmFlags`).
 */
import {
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
  isAcquire,
  isMbAccess,
  isR4rmb,
  isRelease,
  LKR,
  LKW,
  type LkEvent,
  type LkGraph,
  refPo,
  refThread,
  TAG_ACQUIRE,
  TAG_MB,
  TAG_NORETURN,
  TAG_ONCE,
  TAG_RELEASE,
  UL,
} from './events.js';
import { type PlainContext, plainCoherent, plainFlags } from './plain.js';
import { type EventSet, emptySet, Relation, resetRelationArena, setAdd, setHas } from './relation.js';

/** The axioms of linux-kernel.cat that can fail for the IR's primitives. */
export type LkmmAxiom = 'coherence' | 'atomic' | 'happens-before' | 'propagation' | 'plain-coherence';

/** herd's flags that an LKMM execution can raise here (`flag ~empty ... as NAME` in the cat). */
export type LkmmFlag = 'data-race' | 'mixed-accesses';

/** The fences in the cat's `barrier` (smp_mb__after_spinlock is not one). */
const BARRIER_FENCES = F_MB | F_RMB | F_WMB | F_BEFORE_ATOMIC | F_AFTER_ATOMIC;

/** The tags and classes whose accesses the bell counts as Marked. */
const MARKED_TAGS = TAG_ONCE | TAG_ACQUIRE | TAG_RELEASE | TAG_MB | TAG_NORETURN | IN_RMW | LKR | LKW | UL;

/** Whether `e` is in the bell's Marked set (fences and initial writes are Marked too). */
export function isMarked(e: LkEvent): boolean {
  return e.kind === EV_F || (e.flags & MARKED_TAGS) !== 0;
}

/** The graph laid out over dense indices 0..n-1 (initial writes first, then threads). */
export interface Dense {
  readonly n: number;
  /** Thread of each dense event (-1 for initial writes). */
  readonly tid: Int32Array;
  /** Location of each dense event (0 for fences). */
  readonly loc: Int32Array;
  readonly ev: readonly (LkEvent | null)[];
  /** Dense index of thread `t`'s po index `p`: `offset[t] + p`. */
  readonly offset: Int32Array;
  /** Dense index of the initial write of address `a` (or -1 if the location is untouched). */
  readonly initIndex: Int32Array;
}

/** Lays out `g` over dense indices. */
export function layout(g: LkGraph, nLocations: number): Dense {
  const initIndex = new Int32Array(nLocations + 1).fill(-1);
  let n = 0;
  for (const evs of g.events) {
    for (const e of evs) {
      if (e.kind !== EV_F && initIndex[e.loc] === -1) initIndex[e.loc] = -2;
    }
  }
  for (let a = 1; a <= nLocations; a++) if (initIndex[a] === -2) initIndex[a] = n++;
  const offset = new Int32Array(g.events.length);
  for (let t = 0; t < g.events.length; t++) {
    offset[t] = n;
    n += g.events[t]!.length;
  }
  const tid = new Int32Array(n).fill(-1);
  const loc = new Int32Array(n);
  const ev: (LkEvent | null)[] = new Array<LkEvent | null>(n).fill(null);
  for (let a = 1; a <= nLocations; a++) if (initIndex[a]! >= 0) loc[initIndex[a]!] = a;
  for (let t = 0; t < g.events.length; t++) {
    const evs = g.events[t]!;
    for (let p = 0; p < evs.length; p++) {
      const i = offset[t]! + p;
      tid[i] = t;
      loc[i] = evs[p]!.loc;
      ev[i] = evs[p]!;
    }
  }
  return { n, tid, loc, ev, offset, initIndex };
}

/** The dense index of an event reference. */
export function denseOf(d: Dense, ref: number): number {
  const t = refThread(ref);
  return t < 0 ? d.initIndex[refPo(ref) + 1]! : d.offset[t]! + refPo(ref);
}

/**
 * Checks the LKMM axioms on `g` and returns the first violated one (in the order coherence,
 * atomic, happens-before, propagation), or null when `g` is consistent.
 */
export function violatedAxiom(g: LkGraph, nLocations: number): LkmmAxiom | null {
  return analyse(g, nLocations, false).axiom;
}

/**
 * The flags herd7 raises on `g`, a complete execution that satisfies the axioms
 * (`flag ~empty (ww-race | wr-race | rw-race) as data-race`, `... as mixed-accesses`); empty
 * without plain accesses.
 */
export function lkmmFlags(g: LkGraph, nLocations: number): LkmmFlag[] {
  return analyse(g, nLocations, true).flags;
}

function analyse(
  g: LkGraph,
  nLocations: number,
  wantFlags: boolean,
): { axiom: LkmmAxiom | null; flags: LkmmFlag[] } {
  const fail = (axiom: LkmmAxiom) => ({ axiom, flags: [] });
  resetRelationArena();
  const d = layout(g, nLocations);
  const n = d.n;
  const { tid, ev } = d;

  // ---- Event sets -------------------------------------------------------------------
  const isR = (i: number): boolean => ev[i]?.kind === EV_R;
  const isW = (i: number): boolean => ev[i] === null || ev[i]!.kind === EV_W; // initial writes are W
  const isM = (i: number): boolean => ev[i] === null || ev[i]!.kind !== EV_F;
  const M = emptySet(n);
  const Wset = emptySet(n);
  const Rset = emptySet(n);
  const R4rmb = emptySet(n);
  const Marked = emptySet(n);
  let hasPlain = false;
  for (let i = 0; i < n; i++) {
    if (isM(i)) setAdd(M, i);
    if (isW(i)) setAdd(Wset, i);
    if (isR(i)) setAdd(Rset, i);
    const e = ev[i];
    if (e && isR4rmb(e)) setAdd(R4rmb, i);
    if (!e || isMarked(e)) setAdd(Marked, i);
    else hasPlain = true;
  }
  /** `[Marked] ; r ; [Marked]` (the identity on r without plain events). */
  const marked = (r: Relation, dom: boolean, ran: boolean): Relation =>
    hasPlain ? r.restrict(dom ? Marked : null, ran ? Marked : null) : r;

  // ---- Base relations: po, rf, co, fr, rmw, int --------------------------------------
  const po = new Relation(n);
  for (let t = 0; t < g.events.length; t++) {
    const base = d.offset[t]!;
    const len = g.events[t]!.length;
    for (let p = 0; p < len; p++) for (let q = p + 1; q < len; q++) po.add(base + p, base + q);
  }
  const rf = new Relation(n);
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (e && e.kind === EV_R && e.rf >= 0) rf.add(denseOf(d, e.rf), i);
  }
  const co = new Relation(n);
  for (const list of g.co) {
    for (let a = 0; a < list.length; a++) {
      const ia = denseOf(d, list[a]!);
      if (ia < 0) continue;
      for (let b = a + 1; b < list.length; b++) co.add(ia, denseOf(d, list[b]!));
    }
  }
  // fr = rf^-1 ; co
  const fr = new Relation(n);
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (e && e.kind === EV_R && e.rf >= 0) {
      const src = denseOf(d, e.rf);
      const w = co.w;
      for (let k = 0; k < w; k++) fr.bits[i * w + k] = co.bits[src * w + k]!;
    }
  }
  const rmw = new Relation(n);
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (e && e.kind === EV_R && e.rmw >= 0) rmw.add(i, d.offset[tid[i]!]! + e.rmw);
  }
  const same = (i: number, j: number): boolean => tid[i] === tid[j];
  // Per dense event, the set of events of its own thread (initial writes form one group).
  const threadMask = new Map<number, EventSet>();
  for (let i = 0; i < n; i++) {
    let m = threadMask.get(tid[i]!);
    if (!m) threadMask.set(tid[i]!, (m = emptySet(n)));
    setAdd(m, i);
  }
  const maskRows = (r: Relation, keepSame: boolean): Relation => {
    const out = r.clone();
    const w = out.w;
    for (let i = 0; i < n; i++) {
      const m = threadMask.get(tid[i]!)!;
      for (let k = 0; k < w; k++) {
        const x = out.bits[i * w + k]!;
        out.bits[i * w + k] = keepSame ? x & m[k]! : x & ~m[k]!;
      }
    }
    return out;
  };
  const intOnly = (r: Relation): Relation => maskRows(r, true);
  const extOnly = (r: Relation): Relation => maskRows(r, false);
  const rfe = extOnly(rf);
  const rfi = intOnly(rf);

  // ---- coherence: acyclic po-loc | rf | co | fr ---------------------------------------
  const poLoc = new Relation(n);
  po.forEach((i, j) => {
    if (isM(i) && isM(j) && d.loc[i] === d.loc[j]) poLoc.add(i, j);
  });
  const com = rf.clone().unionWith(co).unionWith(fr);
  if (!poLoc.clone().unionWith(com).isAcyclic()) return fail('coherence');

  // ---- atomic: empty rmw & (fre ; coe) -----------------------------------------------
  let atomicOk = true;
  rmw.forEach((r, w) => {
    if (!atomicOk) return;
    fr.forEach((r2, x) => {
      if (r2 === r && !same(r, x) && !same(x, w) && co.has(x, w)) atomicOk = false;
    });
  });
  if (!atomicOk) return fail('atomic');

  // ---- Per-thread prefix/suffix sets for fencerel(...) and po-based relations ---------
  /** Events of a thread as dense indices, in po order. */
  const threadEvents = (t: number): number[] => {
    const out: number[] = [];
    for (let p = 0; p < g.events[t]!.length; p++) out.push(d.offset[t]! + p);
    return out;
  };
  /** The events of `idx`'s thread strictly po-before (`before`) or po-after it, filtered. */
  const poNeighbours = (i: number, before: boolean, filter: EventSet, inclusive = false): EventSet => {
    const s = emptySet(n);
    const t = tid[i]!;
    const base = d.offset[t]!;
    const len = g.events[t]!.length;
    const p = i - base;
    const from = before ? 0 : inclusive ? p : p + 1;
    const to = before ? (inclusive ? p + 1 : p) : len;
    for (let q = from; q < to; q++) if (setHas(filter, base + q)) setAdd(s, base + q);
    return s;
  };
  const single = (i: number): EventSet => {
    const s = emptySet(n);
    setAdd(s, i);
    return s;
  };

  // ---- Release Acquire: acq-po, po-rel, po-unlock-lock-po -----------------------------
  const acqPo = new Relation(n);
  const poRel = new Relation(n);
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (!e) continue;
    if (isAcquire(e)) acqPo.addRow(i, poNeighbours(i, false, M));
    if (isRelease(e)) poRel.addProduct(poNeighbours(i, true, M), single(i));
  }
  // po-unlock-lock-po = po ; [UL] ; (po | rf) ; [LKR] ; po
  const all = emptySet(n);
  for (let i = 0; i < n; i++) setAdd(all, i);
  const poUnlockLockPo = new Relation(n);
  for (let u = 0; u < n; u++) {
    const eu = ev[u];
    if (!eu || (eu.flags & UL) === 0) continue;
    for (let l = 0; l < n; l++) {
      const el = ev[l];
      if (!el || (el.flags & LKR) === 0) continue;
      if (!po.has(u, l) && !rf.has(u, l)) continue;
      poUnlockLockPo.addProduct(poNeighbours(u, true, all), poNeighbours(l, false, all));
    }
  }

  // ---- Fences: rmb, wmb, mb ------------------------------------------------------------
  const rmb = new Relation(n);
  const wmb = new Relation(n);
  const mb = new Relation(n);
  for (let t = 0; t < g.events.length; t++) {
    const evs = threadEvents(t);
    for (const f of evs) {
      const e = ev[f]!;
      if (e.kind !== EV_F) continue;
      if (e.flags & F_RMB) rmb.addProduct(poNeighbours(f, true, R4rmb), poNeighbours(f, false, R4rmb));
      if (e.flags & F_WMB) wmb.addProduct(poNeighbours(f, true, Wset), poNeighbours(f, false, Wset));
      if (e.flags & F_MB) mb.addProduct(poNeighbours(f, true, M), poNeighbours(f, false, M));
      // [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]
      if (e.flags & F_BEFORE_ATOMIC) {
        const before = poNeighbours(f, true, M);
        for (const x of evs) {
          if (x > f && (ev[x]!.flags & IN_RMW) !== 0) mb.addProduct(before, poNeighbours(x, false, M, true));
        }
      }
      // [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]
      if (e.flags & F_AFTER_ATOMIC) {
        const after = poNeighbours(f, false, M);
        for (const x of evs) {
          if (x < f && (ev[x]!.flags & IN_RMW) !== 0) mb.addProduct(poNeighbours(x, true, M, true), after);
        }
      }
      // [M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]
      if (e.flags & F_AFTER_SPINLOCK) {
        const after = poNeighbours(f, false, M);
        for (const x of evs) {
          if (x < f && (ev[x]!.flags & LKW) !== 0) mb.addProduct(poNeighbours(x, true, M, true), after);
        }
      }
    }
    // ([M] ; po ; [Mb & R]) | ([Mb & W] ; po ; [M]): full-barrier RMWs
    for (const x of evs) {
      const e = ev[x]!;
      if (!isMbAccess(e)) continue;
      if (e.kind === EV_R) mb.addProduct(poNeighbours(x, true, M), single(x));
      else mb.addRow(x, poNeighbours(x, false, M));
    }
  }
  const strongFence = mb; // gp is empty without RCU
  const fence = unionRel(n, strongFence, poRel, acqPo, wmb, rmb);

  // ---- Preserved program order ---------------------------------------------------------
  const addr = new Relation(n);
  const data = new Relation(n);
  const ctrl = new Relation(n);
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (!e) continue;
    const base = d.offset[tid[i]!]!;
    for (const p of e.addr) addr.add(base + p, i);
    for (const p of e.data) data.add(base + p, i);
    for (const p of e.ctrl) ctrl.add(base + p, i);
  }
  // carry-dep = (data ; rfi)* (bell), prepended to addr, ctrl and data.
  if (hasPlain) {
    const carryDep = data.compose(rfi).closeTransitively().addIdentity();
    for (const r of [addr, ctrl, data]) r.bits.set(carryDep.compose(r).bits);
  }
  const dep = addr.clone().unionWith(data);
  const rwdep = dep.clone().unionWith(ctrl).restrict(null, Wset);
  const overwrite = co.clone().unionWith(fr);
  const toW = rwdep.unionWith(intOnly(overwrite));
  if (hasPlain) {
    // addr ; [Plain] ; wmb
    const Plain = emptySet(n);
    for (let i = 0; i < n; i++) if (setHas(M, i) && !setHas(Marked, i)) setAdd(Plain, i);
    toW.unionWith(addr.clone().restrict(null, Plain).compose(wmb));
  }
  const toR = addr
    .clone()
    .restrict(null, Rset)
    .unionWith(marked(dep.clone(), false, true).compose(rfi));
  const ppo = toR.unionWith(toW).unionWith(intOnly(fence)).unionWith(intOnly(poUnlockLockPo));

  // ---- Propagation: A-cumul, rmw-sequence, cumul-fence, prop -------------------------
  const rfeMarked = marked(rfe.clone(), false, true);
  const aCumul = (r: Relation): Relation => rfeMarked.compose(r).unionWith(r);
  const rmwSequence = rf.compose(rmw).closeTransitively().addIdentity();
  const cumulFence = marked(
    aCumul(strongFence.clone().unionWith(poRel)).unionWith(wmb).unionWith(poUnlockLockPo),
    true,
    true,
  ).compose(rmwSequence);
  const cumulFenceStar = cumulFence.clone().closeTransitively().addIdentity();
  const overwriteExtOpt = marked(extOnly(overwrite).addIdentity(), true, false);
  const rfeOpt = rfe.clone().addIdentity();
  const prop = marked(
    marked(overwriteExtOpt.compose(cumulFenceStar), false, true).compose(rfeOpt),
    false,
    true,
  );

  // ---- happens-before: acyclic hb -------------------------------------------------------
  const hb = marked(ppo.unionWith(rfe).unionWith(intOnly(prop.clone().removeIdentity())), true, true);
  if (!hb.isAcyclic()) return fail('happens-before');

  // ---- propagation: acyclic pb, pb = prop ; strong-fence ; hb* ; [Marked] -------------
  // hb ⊆ Marked × Marked, so pb = prop ; strong-fence ; [Marked] ; hb*. hb is acyclic here,
  // so every cycle of (prop ; strong-fence ; [Marked]) ∪ hb has a prop;strong-fence edge, and
  // cutting it before each such edge gives a pb cycle; conversely a pb cycle is a cycle of
  // that union. So acyclic(pb) ⇔ acyclic((prop ; strong-fence ; [Marked]) ∪ hb), without hb*.
  const propSf = marked(prop.compose(strongFence), false, true);
  if (!propSf.clone().unionWith(hb).isAcyclic()) return fail('propagation');
  if (!hasPlain) return { axiom: null, flags: [] };

  // ---- Plain accesses: plain-coherence, and the flags of a complete execution ----------
  const ctx: PlainContext = {
    n,
    tid,
    M,
    W: Wset,
    R4rmb,
    Marked,
    isIW: (i) => ev[i] === null,
    noreturn: (i) => ev[i] !== null && ev[i]!.kind === EV_R && (ev[i]!.flags & TAG_NORETURN) !== 0,
    isRmbFence: (i) => ev[i] !== null && ev[i]!.kind === EV_F && (ev[i]!.flags & F_RMB) !== 0,
    po,
    poLoc,
    rf,
    co,
    fr,
    addr,
    fence,
    nonrwFence: unionRel(n, strongFence, poRel, acqPo),
    strongFence,
    hb,
    pb: propSf.compose(hb.clone().closeTransitively().addIdentity()),
    rfe,
    cumulFenceStar,
    rmwSequence,
    barrierFence: (i) => ev[i] !== null && ev[i]!.kind === EV_F && (ev[i]!.flags & BARRIER_FENCES) !== 0,
    isAcquire: (i) => ev[i] !== null && isAcquire(ev[i]!),
    isRelease: (i) => ev[i] !== null && isRelease(ev[i]!),
  };
  if (!plainCoherent(ctx)) return fail('plain-coherence');
  return { axiom: null, flags: wantFlags ? plainFlags(ctx) : [] };
}

function unionRel(n: number, ...rs: Relation[]): Relation {
  const out = new Relation(n);
  for (const r of rs) out.unionWith(r);
  return out;
}
