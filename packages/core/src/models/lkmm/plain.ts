/**
 * Plain accesses and data races: the last section of linux-kernel.cat ("Plain accesses and
 * data races", mainline as of Kingxukai/linux@0291023e7330), over the relations that
 * `consistency.ts` has built for one graph. Relation names are the cat's.
 *
 * - `plain-coherence` (an axiom): `empty (wr-incoh | rw-incoh | ww-incoh)`;
 * - `data-race` (a flag): `flag ~empty (ww-race | wr-race | rw-race)`;
 * - `mixed-accesses` (a flag): a plain write and a marked access to the same location, po
 *   ordered without a compiler barrier between them.
 *
 * There is no RCU here, so `rb` is empty and `xbstar = (hb | pb)*`. A flag does not remove an
 * execution: herd7 counts racy executions in its verdict and prints `Flag data-race`.
 */
import { type EventSet, emptySet, Relation, setAdd, setHas } from './relation.js';

/** What the plain-access rules need from the consistency check of one graph (dense indices). */
export interface PlainContext {
  readonly n: number;
  /** Thread of each dense event (-1 for initial writes). */
  readonly tid: Int32Array;
  readonly M: EventSet;
  readonly W: EventSet;
  readonly R4rmb: EventSet;
  readonly Marked: EventSet;
  readonly isIW: (i: number) => boolean;
  /** In the bell's Noreturn set (the read of a void RMW). */
  readonly noreturn: (i: number) => boolean;
  /** An smp_rmb() event (`Rmb`). */
  readonly isRmbFence: (i: number) => boolean;
  /** A fence the cat's `barrier` counts (`Barrier | Rmb | Wmb | Mb | Before-atomic | After-atomic`). */
  readonly barrierFence: (i: number) => boolean;
  readonly isAcquire: (i: number) => boolean;
  readonly isRelease: (i: number) => boolean;
  readonly po: Relation;
  readonly poLoc: Relation;
  readonly rf: Relation;
  readonly co: Relation;
  readonly fr: Relation;
  /** addr, with carry-dep prepended. */
  readonly addr: Relation;
  readonly fence: Relation;
  readonly nonrwFence: Relation;
  readonly strongFence: Relation;
  readonly hb: Relation;
  readonly pb: Relation;
  readonly rfe: Relation;
  /** cumul-fence* */
  readonly cumulFenceStar: Relation;
  readonly rmwSequence: Relation;
}

/** The relations of the cat's plain-access section that the axiom and the flags use. */
interface PlainRelations {
  readonly preRace: Relation;
  readonly wwVis: Relation;
  readonly wrVis: Relation;
  readonly rwXbstar: Relation;
}

const cache = new WeakMap<PlainContext, PlainRelations>();

function relationsOf(c: PlainContext): PlainRelations {
  const hit = cache.get(c);
  if (hit) return hit;
  const { n } = c;
  const notNoreturn = setOfPred(n, (i) => !c.noreturn(i));
  const xbstar = c.hb.clone().unionWith(c.pb).closeTransitively().addIdentity();
  const int = pairs(n, (i, j) => c.tid[i] === c.tid[j]);
  const ext = pairs(n, (i, j) => c.tid[i] !== c.tid[j]);
  // fencerel(Rmb) = po ; [Rmb] ; po
  const rmbFences = setOfPred(n, c.isRmbFence);
  const fencerelRmb = c.po.clone().restrict(null, rmbFences).compose(c.po);

  // vis = cumul-fence* ; rfe? ; [Marked] ; ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))
  const visTail = c.strongFence
    .clone()
    .restrict(null, c.Marked)
    .compose(xbstar)
    .unionWith(xbstar.clone().intersectWith(int));
  const vis = c.cumulFenceStar.compose(c.rfe.clone().addIdentity().restrict(null, c.Marked)).compose(visTail);

  // Boundaries for lifetimes of plain accesses.
  const wPreBounded = c.addr.clone().unionWith(c.fence).addIdentity().restrict(c.Marked, null);
  const rPreBounded = c.addr
    .clone()
    .unionWith(c.nonrwFence)
    .unionWith(fencerelRmb.clone().restrict(c.R4rmb, notNoreturn))
    .addIdentity()
    .restrict(c.Marked, null);
  const wPostBounded = c.fence.clone().addIdentity().restrict(null, c.Marked).compose(c.rmwSequence);
  const rPostBounded = c.nonrwFence
    .clone()
    .unionWith(fencerelRmb.clone().restrict(notNoreturn, c.R4rmb))
    .addIdentity()
    .restrict(null, c.Marked);

  // Visibility and executes-before for plain accesses.
  const sfXbstar = c.strongFence.compose(xbstar);
  const wPostVis = wPostBounded.compose(vis);
  const wwVis = c.fence
    .clone()
    .unionWith(sfXbstar.compose(wPreBounded))
    .unionWith(wPostVis.compose(wPreBounded));
  const wrVis = c.fence
    .clone()
    .unionWith(sfXbstar.compose(rPreBounded))
    .unionWith(wPostVis.compose(rPreBounded));
  const rwXbstar = c.fence.clone().unionWith(rPostBounded.compose(xbstar).compose(wPreBounded));

  // pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))
  const plain = (i: number) => setHas(c.M, i) && !setHas(c.Marked, i);
  const preRace = pairs(n, (i, j) => {
    if (!ext.has(i, j) || !setHas(c.M, i) || !setHas(c.M, j)) return false;
    return plain(i) || (!c.isIW(i) && plain(j));
  });
  const out = { preRace, wwVis, wrVis, rwXbstar };
  cache.set(c, out);
  return out;
}

/** `empty (wr-incoh | rw-incoh | ww-incoh) as plain-coherence`. */
export function plainCoherent(c: PlainContext): boolean {
  const { preRace, wwVis, wrVis, rwXbstar } = relationsOf(c);
  let ok = true;
  preRace.forEach((i, j) => {
    if (!ok) return;
    // wr-incoh = pre-race & rf & rw-xbstar^-1
    if (c.rf.has(i, j) && rwXbstar.has(j, i)) ok = false;
    // rw-incoh = pre-race & fr & wr-vis^-1
    else if (c.fr.has(i, j) && wrVis.has(j, i)) ok = false;
    // ww-incoh = pre-race & co & ww-vis^-1
    else if (c.co.has(i, j) && wwVis.has(j, i)) ok = false;
  });
  return ok;
}

/** The flags of a complete, consistent execution: `data-race` and `mixed-accesses`. */
export function plainFlags(c: PlainContext): ('data-race' | 'mixed-accesses')[] {
  const { preRace, wwVis, wrVis, rwXbstar } = relationsOf(c);
  const out: ('data-race' | 'mixed-accesses')[] = [];
  const marked = (i: number) => setHas(c.Marked, i);
  const isW = (i: number) => setHas(c.W, i);
  // co? ; rf
  const coOptRf = c.co.clone().addIdentity().compose(c.rf);
  let race = false;
  preRace.forEach((i, j) => {
    if (race) return;
    // ww-nonrace = ww-vis & ((Marked * W) | rw-xbstar) & ((W * Marked) | wr-vis)
    // ww-race = (pre-race & co) \ ww-nonrace
    if (c.co.has(i, j)) {
      const nonrace =
        wwVis.has(i, j) &&
        ((marked(i) && isW(j)) || rwXbstar.has(i, j)) &&
        ((isW(i) && marked(j)) || wrVis.has(i, j));
      if (!nonrace) race = true;
    }
    // wr-race = (pre-race & (co? ; rf)) \ wr-vis \ rw-xbstar^-1
    if (coOptRf.has(i, j) && !wrVis.has(i, j) && !rwXbstar.has(j, i)) race = true;
    // rw-race = (pre-race & fr) \ rw-xbstar
    if (c.fr.has(i, j) && !rwXbstar.has(i, j)) race = true;
  });
  if (race) out.push('data-race');
  if (mixedAccesses(c)) out.push('mixed-accesses');
  return out;
}

/**
 * mixed-accesses = ([Plain & W] ; (po-loc \ barrier) ; [Marked]) |
 * ([Marked] ; (po-loc \ barrier) ; [Plain & W]), where barrier = fencerel(Barrier | Rmb | Wmb |
 * Mb | ... | Acquire | Release | ...) | (po ; [Release]) | ([Acquire] ; po).
 */
function mixedAccesses(c: PlainContext): boolean {
  const { n } = c;
  const B = setOfPred(n, (i) => c.barrierFence(i) || c.isAcquire(i) || c.isRelease(i));
  const barrier = c.po
    .clone()
    .restrict(null, B)
    .compose(c.po)
    .unionWith(c.po.clone().restrict(null, setOfPred(n, c.isRelease)))
    .unionWith(c.po.clone().restrict(setOfPred(n, c.isAcquire), null));
  const plainW = (i: number) => setHas(c.W, i) && setHas(c.M, i) && !setHas(c.Marked, i);
  const marked = (i: number) => setHas(c.Marked, i);
  let mixed = false;
  c.poLoc.forEach((i, j) => {
    if (mixed || barrier.has(i, j)) return;
    if ((plainW(i) && marked(j)) || (marked(i) && plainW(j))) mixed = true;
  });
  return mixed;
}

function setOfPred(n: number, pred: (i: number) => boolean): EventSet {
  const s = emptySet(n);
  for (let i = 0; i < n; i++) if (pred(i)) setAdd(s, i);
  return s;
}

function pairs(n: number, pred: (i: number, j: number) => boolean): Relation {
  const r = new Relation(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (pred(i, j)) r.add(i, j);
  return r;
}
