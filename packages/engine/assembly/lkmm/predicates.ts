// SC and x86-TSO as consistency predicates over the LKMM state's graph, mirroring core's
// models/lkmm/predicates.ts (`violatedScTso`):
// - both: `acyclic po-loc | rf | co | fr` (coherence) and `empty rmw & (fre ; coe)` (atomic);
// - SC: `acyclic po | rf | co | fr`;
// - x86-TSO: `acyclic mfence | implied | ppo-tso | rfe | fr | co`.
// Acyclicity is decided on a generating set of each relation (immediate po, immediate co, fr to
// the co-successor of the write read): its transitive closure is the relation's, so it has a
// cycle iff the relation has one.
import { EV_F, EV_R, EV_W, F_MB, IN_RMW, LKR, LKW } from './events';
import {
  coList,
  E_FLAGS,
  E_KIND,
  E_LOC,
  E_RF,
  E_RMW,
  evOf,
  L,
  refPo,
  refThread,
  OVF_EVENTS,
  setOverflow,
  T,
  TH_NEV,
  thr,
  w,
} from './state';

// ---- a small directed graph: edge list -> adjacency -> Kahn's algorithm ----

let nodeCap: i32 = 0;
let edgeCap: i32 = 0;
let base: usize = 0; // per thread: dense index of its first event (T words)
let edgeSrc: usize = 0;
let edgeDst: usize = 0;
let degree: usize = 0; // in-degrees, then queue
let adjStart: usize = 0;
let adjList: usize = 0;
let queue: usize = 0;
let nEdges: i32 = 0;
let edgeOverflow = false;

/** Bytes of scratch the predicates need for `nodes` nodes and `edges` edges. */
export function graphScratchBytes(nodes: i32, edges: i32): usize {
  return (<usize>(T + 4 * (nodes + 1) + 3 * edges + 64)) << 2;
}

export function setGraphScratch(p: usize, nodes: i32, edges: i32): void {
  nodeCap = nodes;
  edgeCap = edges;
  base = p;
  edgeSrc = base + ((<usize>T) << 2);
  edgeDst = edgeSrc + ((<usize>edges) << 2);
  adjList = edgeDst + ((<usize>edges) << 2);
  degree = adjList + ((<usize>edges) << 2);
  adjStart = degree + ((<usize>(nodes + 1)) << 2);
  queue = adjStart + ((<usize>(nodes + 1)) << 2);
}

function ld(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}
function st(p: usize, i: i32, x: i32): void {
  store<i32>(p + ((<usize>i) << 2), x);
}

function addEdge(a: i32, b: i32): void {
  if (nEdges >= edgeCap) {
    edgeOverflow = true;
    setOverflow(OVF_EVENTS);
    return;
  }
  st(edgeSrc, nEdges, a);
  st(edgeDst, nEdges, b);
  nEdges++;
}

/** Whether the edges added since the last call form an acyclic graph over `n` nodes. */
function acyclic(n: i32): bool {
  for (let i = 0; i <= n; i++) {
    st(degree, i, 0);
    st(adjStart, i, 0);
  }
  for (let k = 0; k < nEdges; k++) {
    const a = ld(edgeSrc, k);
    st(adjStart, a + 1, ld(adjStart, a + 1) + 1);
    const b = ld(edgeDst, k);
    st(degree, b, ld(degree, b) + 1);
  }
  for (let i = 0; i < n; i++) st(adjStart, i + 1, ld(adjStart, i + 1) + ld(adjStart, i));
  // Fill adjacency (queue used as per-node cursor).
  for (let i = 0; i < n; i++) st(queue, i, ld(adjStart, i));
  for (let k = 0; k < nEdges; k++) {
    const a = ld(edgeSrc, k);
    const pos = ld(queue, a);
    st(adjList, pos, ld(edgeDst, k));
    st(queue, a, pos + 1);
  }
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (ld(degree, i) == 0) st(queue, tail++, i);
  while (head < tail) {
    const a = ld(queue, head++);
    const end = ld(adjStart, a + 1);
    for (let p = ld(adjStart, a); p < end; p++) {
      const b = ld(adjList, p);
      const d = ld(degree, b) - 1;
      st(degree, b, d);
      if (d == 0) st(queue, tail++, b);
    }
  }
  nEdges = 0;
  return tail == n;
}

// ---- the graph of a state ----

let nodes: i32 = 0;

function layoutNodes(v: usize): void {
  let n = L;
  for (let t = 0; t < T; t++) {
    st(base, t, n);
    n += w(thr(v, t), TH_NEV);
  }
  nodes = n;
}

/** Dense index of an event reference (initial writes are nodes 0..L-1). */
function dense(ref: i32): i32 {
  const t = refThread(ref);
  if (t < 0) return refPo(ref);
  return ld(base, t) + refPo(ref);
}

function isM(e: usize): bool {
  return w(e, E_KIND) != EV_F;
}

/** Adds rf, immediate co and fr (to the co-successor of the write read). `rfeOnly`: rf between threads only. */
function addCom(v: usize, rfeOnly: bool): void {
  for (let a = 1; a <= L; a++) {
    const co = coList(v, a);
    const len = w(co, 0);
    for (let j = 1; j < len; j++) addEdge(dense(w(co, j)), dense(w(co, j + 1)));
  }
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      if (w(e, E_KIND) != EV_R) continue;
      const rf = w(e, E_RF);
      if (rf < 0) continue;
      const i = ld(base, t) + k;
      if (!rfeOnly || refThread(rf) != t) addEdge(dense(rf), i);
      const next = coSuccessor(v, w(e, E_LOC), rf);
      if (next >= 0) addEdge(i, dense(next));
    }
  }
}

/** The co-successor of `ref` in `addr`'s co list, or -1. */
function coSuccessor(v: usize, addr: i32, ref: i32): i32 {
  const co = coList(v, addr);
  const len = w(co, 0);
  for (let j = 1; j < len; j++) if (w(co, j) == ref) return w(co, j + 1);
  return -1;
}

function coPosition(v: usize, addr: i32, ref: i32): i32 {
  const co = coList(v, addr);
  const len = w(co, 0);
  for (let j = 1; j <= len; j++) if (w(co, j) == ref) return j;
  return -1;
}

/** `empty rmw & (fre ; coe)`: a write of another thread between an RMW's read and write in co. */
function atomicViolated(v: usize): bool {
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    for (let k = 0; k < n; k++) {
      const e = evOf(th, k);
      if (w(e, E_KIND) != EV_R || w(e, E_RMW) < 0 || w(e, E_RF) < 0) continue;
      const addr = w(e, E_LOC);
      const co = coList(v, addr);
      const from = coPosition(v, addr, w(e, E_RF));
      const to = coPosition(v, addr, (((t + 1) << 16) | w(e, E_RMW)));
      for (let j = from + 1; j < to; j++) if (refThread(w(co, j)) != t) return true;
    }
  }
  return false;
}

/** Coherence: acyclic po-loc | rf | co | fr (po-loc by its immediate same-location steps). */
function coherent(v: usize): bool {
  addCom(v, false);
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    for (let p = 0; p < n; p++) {
      const ep = evOf(th, p);
      if (!isM(ep)) continue;
      for (let q = p + 1; q < n; q++) {
        const eq = evOf(th, q);
        if (isM(eq) && w(eq, E_LOC) == w(ep, E_LOC)) {
          addEdge(ld(base, t) + p, ld(base, t) + q);
          break;
        }
      }
    }
  }
  return acyclic(nodes);
}

/** predicates.ts with model 'sc': true when the graph violates an axiom. */
export function violatedSc(v: usize): bool {
  layoutNodes(v);
  if (atomicViolated(v)) return true;
  addCom(v, false);
  for (let t = 0; t < T; t++) {
    const n = w(thr(v, t), TH_NEV);
    for (let p = 0; p + 1 < n; p++) addEdge(ld(base, t) + p, ld(base, t) + p + 1);
  }
  return !acyclic(nodes);
}

function locked(e: usize): bool {
  return w(e, E_KIND) != EV_F && (w(e, E_FLAGS) & (IN_RMW | LKR | LKW)) != 0;
}

/** predicates.ts with model 'tso'. */
export function violatedTso(v: usize): bool {
  layoutNodes(v);
  if (!coherent(v)) return true;
  if (atomicViolated(v)) return true;
  addCom(v, true);
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    const b = ld(base, t);
    for (let p = 0; p < n; p++) {
      const ei = evOf(th, p);
      if (w(ei, E_KIND) == EV_F) continue;
      let fence = false;
      for (let q = p + 1; q < n; q++) {
        const ej = evOf(th, q);
        if (w(ej, E_KIND) == EV_F) {
          if ((w(ej, E_FLAGS) & F_MB) != 0) fence = true;
          continue;
        }
        if (
          (w(ei, E_KIND) == EV_W && w(ej, E_KIND) == EV_W) ||
          w(ei, E_KIND) == EV_R ||
          locked(ei) ||
          locked(ej) ||
          fence
        )
          addEdge(b + p, b + q);
      }
    }
  }
  return !acyclic(nodes);
}

/** Whether an edge list overflowed its scratch since the last reset (the search then stops). */
export function predicateOverflow(): bool {
  return edgeOverflow;
}
export function resetPredicateOverflow(): void {
  edgeOverflow = false;
  nEdges = 0;
}

/** Node capacity (for the search's sanity checks). */
export function predicateNodeCap(): i32 {
  return nodeCap;
}
