// The LKMM searches, mirroring core's explore/bfs-oracle.ts (`exploreOracle`, breadth-first,
// shortest counterexample) and explore/dfs.ts (`exploreDfs`), with explore/state-checks.ts
// (`stateChecker`: loop bounds on settled states, final checks): the same states, transitions,
// depth, verdict and path as the reference over the same transition system (`semantics.ts`).
//
// State-space caching (depth-first only; core's `ExploreOptions.visitedCap`): once the visited
// set holds `visitedCap` states, or cannot grow within the memory limit and `cacheWhenFull` is
// set, it stops growing; states it holds are skipped and every other state is explored without
// being stored, unless it is on the stack (a state on the stack keeps its fingerprint in its
// frame). Every reachable state is still explored (a state is skipped only when it was explored
// or is on the stack), some more than once, and no path repeats a state, so the search ends
// even though the state graph has cycles (a waiting thread at a spin_lock may wait again).
//
// Visited states are 64-bit fingerprints of a canonical encoding of the state (the fields
// core's `LkmmSemantics.key` holds: per thread its events and branch guesses; the co lists;
// waiting; the pending violation and frozen threads). Breadth-first keeps a parent id and a
// step per state (8 bytes) and full states only in the frontier; depth-first keeps full states
// only on its stack.
import {
  H_EXPRS,
  H_LOCINIT,
  H_NTHREADS,
  H_THREADS,
  R_ASSERT,
  R_BAD_ADDRESS,
  R_BOUND,
  R_DEADLOCK,
  R_MEMORY_LIMIT,
  R_NONE,
  R_STATE_LIMIT,
  ST_BOUND,
  T_NLOOPS,
  T_NREGS,
  THREAD_REC,
  V_INCOMPLETE,
  V_OK,
  V_VIOLATION,
} from '../../../core/src/encoding/opcodes';
import { LT_AXIOMS, LT_FLAGS, LT_ORDER, LT_THREADS, PRED_LKMM } from '../../../core/src/encoding/lkmm-opcodes';
import { evalExpr, setEvalStack } from '../eval';
import { fingerprint } from '../hash';
import { align16, ensureBytes, top } from '../layout';
import {
  decodeProgram,
  finalsPtr,
  nLoc,
  TI_BYTES,
  TI_NREGS,
  TI_STATE,
  TS_PC,
  TS_REGS,
  TS_STATUS,
  threadRow,
  word,
} from '../program';
import { predicateFits, setPredicate } from './consistency-check';
import { checksInvariants } from '../invariants';
import { clearCutViolation, cutInvariant, cutsScratchBytes, setCutsScratch, stateInvariant } from './cuts';
import { graphBytes } from './graph';
import { EV_R } from './events';
import { collectingOutcomes, outcomeExprs, outcomesBytes, recordOutcome, setOutcomes } from './outcomes';
import { LOCAL_PRUNED, LOCAL_VIOLATION, localProperty, resetThread, runLocalLk, setDepsScratch } from './local';
import { graphScratchBytes, setGraphScratch } from './predicates';
import {
  C_CHOICE,
  C_KIND,
  C_PROP,
  C_THREAD,
  CK_DROP,
  CK_STATE,
  CK_VIOL,
  candAt,
  candBytes,
  candVec,
  configure,
  expand,
  isDeadlocked,
  isFinal,
  latestValue,
  outOfMemory,
  setCandBytes,
  setLocInit,
  setScratch,
  settled,
} from './semantics';
import {
  CO,
  clearOverflow,
  coList,
  DW,
  E,
  E_FLAGS,
  E_KIND,
  E_LOC,
  E_PC,
  E_RF,
  E_SEEN,
  E_VAL,
  evOf,
  guessOf,
  L,
  layoutState,
  overflow,
  overflowKind,
  PENDING_BAD_ADDRESS,
  regsOf,
  S_FROZEN,
  S_PENDING,
  S_WAITING,
  setW,
  T,
  TH_NEV,
  TH_NG,
  TH_PC,
  TH_STATUS,
  thr,
  VB,
  w,
} from './state';
import {
  growRegion,
  R_ARENA,
  tabCount,
  tableHas,
  R_QUEUE,
  R_RECORDS,
  regionCap,
  regionStart,
  storeInit,
  tableAdd,
  tableFull,
  tableSlotsNow,
} from './store';

/** Engine-local reasons (see src/exports.ts). */
export const R_ASSUME_INITIALLY = 100;
/** A capacity of the state vector was too small: run again with larger ones. */
export const R_CAPACITY = 101;
/** The program is larger than the consistency checker's graphs allow (threads, locations, events per thread). */
export const R_TOO_LARGE = 102;

const RUNNING = 0;
const FINISHED = 1;
const NONE: i32 = -1;

let status = FINISHED;
export let verdict = V_OK;
export let reason = R_NONE;
export let property = -1;
export let stateCount: u32 = 0;
export let transitionCount: f64 = 0;
export let maxDepth: u32 = 0;
let maxStates: u32 = 0xffffffff;
let visitedCap: u32 = 0xffffffff;
let cacheWhenFull: bool = false;
/** The visited set has stopped growing (state-space caching). */
let caching: bool = false;
/** Some state was explored without being stored (what the result's `stored` reports). */
let unstored: bool = false;
let checkDeadlock: bool = true;
/** The program has a tmigr section with invariants to check (shared decision 2). */
let tmigrChecks: bool = false;
let depthFirst: bool = false;
let sawBound: bool = false;
/**
 * The first settled state the search stored with a thread at its loop bound (state-checks.ts
 * `boundStopOf`): that thread and its pc; breadth-first the state's id, depth-first its path
 * (copied into the records region, which depth-first does not use otherwise).
 */
export let boundThread: i32 = -1;
export let boundPc: i32 = -1;
let boundId: i32 = -1;
let boundPathLength: i32 = 0;
/** checkState just found the first state at a bound (the caller records where it is). */
let boundNew: bool = false;

/** Path of a violation: steps (thread << 16 | choice) written at `pathPtr` when the search ends. */
export let pathPtr: usize = 0;
export let pathLength: i32 = 0;

// Static scratch.
let keyBuf: usize = 0;
let curBuf: usize = 0;
let finalVec: usize = 0;
let scVecBytes: usize = 0;

// Breadth-first queue (in R_QUEUE): entries [depth, id, vector], from byte offset qHead to qTail.
let qHead: usize = 0;
let qTail: usize = 0;
let entryBytes: usize = 0;
// Depth-first frames (in R_QUEUE): [state, list base, count, next, step, fingerprint (2 words),
// stored] words.
const FRAME_WORDS: i32 = 8;
let sp: i32 = 0;
/** The frame whose state was expanded last (-1: none yet in this search). */
let lastExpanded: i32 = -1;

function finish(v: i32, r: i32, prop: i32): i32 {
  verdict = v;
  reason = r;
  property = prop;
  status = FINISHED;
  return FINISHED;
}

/** Writes the path `steps` (thread << 16 | choice) for the result. */
function setPathFromFrames(last: i32): void {
  // Frame 0 is the initial state: its step is not part of the path.
  const n = sp - 1 + (last != NONE ? 1 : 0);
  // The path goes above the used memory (nothing else is written once the search ends).
  pathPtr = align16(top);
  if (!ensureBytes(<u64>pathPtr + ((<u64>max(n, 1)) << 2))) {
    pathLength = -1;
    return;
  }
  let k = 0;
  for (let i = 1; i < sp; i++) setW(pathPtr, k++, w(frame(i), 4));
  if (last != NONE) setW(pathPtr, k++, last);
  pathLength = n;
}

function setPathFromRecords(id: i32, last: i32): void {
  let n = last != NONE ? 1 : 0;
  for (let cur = id; cur > 0; cur = recordParent(cur)) n++;
  pathPtr = align16(top);
  if (!ensureBytes(<u64>pathPtr + ((<u64>max(n, 1)) << 2))) {
    pathLength = -1;
    return;
  }
  let k = n - 1;
  if (last != NONE) setW(pathPtr, k--, last);
  for (let cur = id; cur > 0; cur = recordParent(cur)) setW(pathPtr, k--, recordVia(cur));
  pathLength = n;
}

/** Keeps the path of the state on top of the stack, which checkState found at a bound (depth-first). */
function keepBoundPathFromFrames(): bool {
  boundNew = false;
  const n = sp - 1;
  if (!growRegion(R_RECORDS, (<usize>max(n, 1)) << 2)) return false;
  const p = regionStart(R_RECORDS);
  for (let i = 1; i < sp; i++) setW(p, i - 1, w(frame(i), 4));
  boundPathLength = n;
  return true;
}

/** The result of a search that ended without a violation: `bound` (with its path) or ok. */
function finishExhausted(): i32 {
  if (!sawBound) return finish(V_OK, R_NONE, -1);
  if (depthFirst) {
    pathPtr = regionStart(R_RECORDS);
    pathLength = boundPathLength;
  } else setPathFromRecords(boundId, NONE);
  return finish(V_INCOMPLETE, R_BOUND, -1);
}

// ---- records (breadth-first) ----

function recordSet(id: u32, parent: i32, via: i32): bool {
  const need = (<usize>(id + 1)) << 3;
  if (need > regionCap(R_RECORDS) && !growRegion(R_RECORDS, need)) return false;
  const p = regionStart(R_RECORDS) + ((<usize>id) << 3);
  store<i32>(p, parent);
  store<i32>(p, via, 4);
  return true;
}
function recordParent(id: i32): i32 {
  return load<i32>(regionStart(R_RECORDS) + ((<usize>id) << 3));
}
function recordVia(id: i32): i32 {
  return load<i32>(regionStart(R_RECORDS) + ((<usize>id) << 3), 4);
}

// ---- frames (depth-first) ----

function frame(i: i32): usize {
  return regionStart(R_QUEUE) + ((<usize>(i * FRAME_WORDS)) << 2);
}
function pushFrame(state: usize, listBase: usize, step: i32, fp: u64, stored: bool): bool {
  const need = (<usize>((sp + 1) * FRAME_WORDS)) << 2;
  if (need > regionCap(R_QUEUE) && !growRegion(R_QUEUE, need)) return false;
  const f = frame(sp);
  setW(f, 0, <i32>state);
  setW(f, 1, <i32>listBase);
  setW(f, 2, -1); // successors not generated yet
  setW(f, 3, 0);
  setW(f, 4, step);
  store<u64>(f, fp, 20);
  setW(f, 7, stored ? 1 : 0);
  sp++;
  return true;
}

/** Whether a state with fingerprint `fp` that the visited set does not hold is on the stack. */
function onStackUnstored(fp: u64): bool {
  for (let i = sp - 1; i >= 0; i--) {
    const f = frame(i);
    if (w(f, 7) == 0 && load<u64>(f, 20) == fp) return true;
  }
  return false;
}

// ---- the canonical key ----

/** Fingerprint of the fields of `LkmmSemantics.key` (events without their derived fields). */
function stateFingerprint(v: usize): u64 {
  let k = 0;
  const b = keyBuf;
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    const n = w(th, TH_NEV);
    setW(b, k++, n);
    for (let i = 0; i < n; i++) {
      const e = evOf(th, i);
      setW(b, k++, w(e, E_KIND) | (w(e, E_FLAGS) << 2));
      setW(b, k++, w(e, E_LOC));
      setW(b, k++, w(e, E_VAL));
      setW(b, k++, w(e, E_RF));
      setW(b, k++, w(e, E_PC));
      if (w(e, E_KIND) == EV_R && w(e, E_RF) < 0) for (let j = 0; j < T; j++) setW(b, k++, w(e, E_SEEN + j));
    }
    const ng = w(th, TH_NG);
    setW(b, k++, ng);
    for (let i = 0; i < ng; i++) {
      const g = guessOf(th, i);
      setW(b, k++, w(g, 0));
      setW(b, k++, w(g, 1));
      setW(b, k++, w(g, 2));
    }
  }
  for (let a = 1; a <= L; a++) {
    const co = coList(v, a);
    const len = w(co, 0);
    for (let j = 0; j <= len; j++) setW(b, k++, w(co, j));
  }
  setW(b, k++, w(v, S_WAITING));
  setW(b, k++, w(v, S_PENDING));
  setW(b, k++, w(v, S_FROZEN));
  return fingerprint(b, (<usize>k) << 2);
}

// ---- state checks (state-checks.ts) ----

/** The first failing final check's property index, or -1 (final states only). */
function failedFinalCheck(v: usize): i32 {
  const n = load<i32>(finalsPtr);
  if (n == 0) return -1;
  fillFinalVec(v);
  for (let i = 0; i < n; i++) {
    const pair = finalsPtr + 4 + ((<usize>i) << 3);
    if (evalExpr(load<i32>(pair, 4), 0, 0, finalVec) == 0) return load<i32>(pair);
  }
  return -1;
}

/** Writes the values of state `v` that final expressions read into `finalVec`. */
function fillFinalVec(v: usize): void {
  // The SC vector layout that final expressions read: cells, then per thread pc, status, regs, loops.
  for (let a = 1; a <= L; a++) store<i32>(finalVec + ((<usize>(a - 1)) << 2), latestValue(v, a));
  for (let t = 0; t < T; t++) {
    const part = finalVec + <usize>load<i32>(threadRow(t) + TI_STATE);
    const th = thr(v, t);
    store<i32>(part + TS_PC, w(th, TH_PC));
    store<i32>(part + TS_STATUS, w(th, TH_STATUS));
    const regs = regsOf(th);
    const nRegs = load<i32>(threadRow(t) + TI_NREGS);
    for (let r = 0; r < nRegs; r++) store<i32>(part + TS_REGS + ((<usize>r) << 2), w(regs, r));
  }
}

/**
 * state-checks.ts `stateChecker` with checkTmigr's invariant hook: a loop bound counts on
 * settled states; the tmigr invariants on settled states, and on a finished one at every
 * quiescent cut too (cuts.ts); the final checks on final states.
 */
function checkState(v: usize): i32 {
  const isSettled = settled(v);
  if (isSettled && !sawBound) {
    for (let t = 0; t < T; t++) {
      const th = thr(v, t);
      if (w(th, TH_STATUS) == ST_BOUND) {
        sawBound = true;
        boundNew = true;
        boundThread = t;
        boundPc = w(th, TH_PC);
        break;
      }
    }
  }
  const final = isFinal(v);
  if (tmigrChecks && isSettled) {
    const bad = stateInvariant(v);
    if (bad >= 0) return bad;
    if (final) {
      const cut = cutInvariant(v);
      if (cut >= 0) return cut;
    }
  }
  if (final && collectingOutcomes()) {
    // outcomes.ts: the final checks are an outcome's expressions (overflow when too many).
    fillFinalVec(v);
    recordOutcome(finalVec);
    return -1;
  }
  if (final) return failedFinalCheck(v);
  return -1;
}

function violationOf(pending: i32): i32 {
  if (pending == PENDING_BAD_ADDRESS) return finish(V_VIOLATION, R_BAD_ADDRESS, -1);
  return finish(V_VIOLATION, R_ASSERT, pending - 1);
}

// ---- start ----

let tablesPtr: usize = 0;

/**
 * Where to write the LKMM tables (`tablesWords` words) after the program at `prog`
 * (`progWords` words); 0 when memory is short.
 */
let programWords: i32 = 0;
export function lkmmTablesAt(prog: usize, progWords: i32, tablesWords: i32): usize {
  programWords = progWords;
  tablesPtr = align16(prog + ((<usize>progWords) << 2));
  if (!ensureBytes(<u64>tablesPtr + ((<u64>tablesWords) << 2))) return 0;
  return tablesPtr;
}

/**
 * Starts an LKMM search of the program at `prog` with the tables written at `lkmmTablesAt`.
 * Capacities: events per thread, co length, guesses and scopes per thread.
 */
export function lkmmStart(
  prog: usize,
  tablesWords: i32,
  limitStates: u32,
  limitStored: u32,
  cacheIfFull: bool,
  deadlock: bool,
  dfs: bool,
  events: i32,
  coCap: i32,
  guesses: i32,
  scopes: i32,
  outcomes: i32,
): i32 {
  status = RUNNING;
  verdict = V_OK;
  reason = R_NONE;
  property = -1;
  stateCount = 0;
  transitionCount = 0;
  maxDepth = 0;
  sawBound = false;
  boundNew = false;
  boundThread = -1;
  boundPc = -1;
  boundId = -1;
  boundPathLength = 0;
  pathLength = 0;
  sp = 0;
  lastExpanded = -1;
  qHead = 0;
  qTail = 0;
  maxStates = limitStates;
  visitedCap = dfs ? max<u32>(limitStored, 1) : 0xffffffff;
  cacheWhenFull = dfs && cacheIfFull;
  caching = false;
  unstored = false;
  checkDeadlock = deadlock;
  depthFirst = dfs;
  clearOverflow();

  const tables = tablesPtr;
  const nThreads = load<i32>(prog + ((<usize>H_NTHREADS) << 2));
  const threadTable = align16(tables + ((<usize>tablesWords) << 2));
  const afterTable = align16(threadTable + (<usize>nThreads) * TI_BYTES);
  if (!ensureBytes(<u64>afterTable)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
  const scWords = decodeProgram(prog, threadTable);
  scVecBytes = (<usize>scWords) << 2;
  const nLocs = nLoc;
  let maxRegs = 1;
  let maxLoops = 0;
  const recs = word(H_THREADS);
  for (let t = 0; t < nThreads; t++) {
    maxRegs = max(maxRegs, word(recs + t * THREAD_REC + T_NREGS));
    maxLoops = max(maxLoops, word(recs + t * THREAD_REC + T_NLOOPS));
  }
  layoutState(nThreads, nLocs, maxRegs, maxLoops, events, coCap, guesses, scopes);
  const axioms = load<i32>(tables + ((<usize>LT_AXIOMS) << 2));
  if (!predicateFits(axioms, nThreads, nLocs, events)) return finish(V_INCOMPLETE, R_TOO_LARGE, -1);
  configure(
    tables,
    load<i32>(tables + ((<usize>LT_FLAGS) << 2)),
    tables + ((<usize>load<i32>(tables + ((<usize>LT_ORDER) << 2))) << 2),
    tables + ((<usize>load<i32>(tables + ((<usize>LT_THREADS) << 2))) << 2),
  );
  setLocInit(word(H_LOCINIT));
  setCandBytes();

  // Static scratch: eval stack, dependency sets, key, current state, final-check vector, graph.
  let p = afterTable;
  setEvalStack(p);
  p = align16(p + ((<usize>(programWords - word(H_EXPRS)) >> 1) + 4) * 4);
  const dw = (<usize>DW) << 2;
  setDepsScratch(p);
  p = align16(p + dw);
  setScratch(p, p + dw, p + 2 * dw);
  p = align16(p + 3 * dw);
  keyBuf = p;
  p = align16(p + VB + 64);
  curBuf = p;
  p = align16(p + VB);
  finalVec = p;
  p = align16(p + scVecBytes + 16);
  setOutcomes(p, outcomes, outcomeExprs());
  p = align16(p + (outcomes > 0 ? outcomesBytes(outcomes, outcomeExprs()) : 0));
  const graph = p;
  p = align16(p + (axioms == PRED_LKMM ? <usize>graphBytes() : 0));
  if (!ensureBytes(<u64>p)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
  setPredicate(axioms, graph);
  tmigrChecks = checksInvariants();
  clearCutViolation();
  setCutsScratch(p, events);
  p = align16(p + cutsScratchBytes(events));
  const nodes = L + T * E;
  const edges = (T * E * E) / 2 + 4 * T * E + 2 * L * CO + 16;
  setGraphScratch(p, nodes, edges);
  p = align16(p + graphScratchBytes(nodes, edges));
  if (!ensureBytes(<u64>p)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
  entryBytes = VB + 8;
  if (!storeInit(p, candBytes * 8, dfs ? 4096 : entryBytes * 16, dfs ? 0 : 8192, 4096))
    return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);

  // The initial state (semantics.ts `initial`).
  const init = regionStart(R_ARENA);
  const v = candVec(init);
  memory.fill(init, 0, candBytes);
  for (let a = 1; a <= L; a++) {
    const co = coList(v, a);
    setW(co, 0, 1);
    setW(co, 1, a - 1);
  }
  for (let t = 0; t < T; t++) {
    const th = thr(v, t);
    resetThreadInit(t, th);
    const out = runLocalLk(t, th, 0);
    if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
    if (out == LOCAL_VIOLATION) return finish(V_VIOLATION, R_ASSERT, localProperty);
    if (out == LOCAL_PRUNED) return finish(V_VIOLATION, R_ASSUME_INITIALLY, -1);
  }
  tableAdd(stateFingerprint(v));
  if (tabCount >= visitedCap) caching = true;
  stateCount = 1;
  if (dfs) {
    pushFrame(v, init + candBytes, NONE, 0, true);
  } else {
    if (!recordSet(0, -1, NONE)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
    if (!enqueue(0, 0, v)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
  }
  const bad = checkState(v);
  if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
  if (boundNew) {
    boundNew = false;
    boundId = 0;
    boundPathLength = 0;
  }
  if (bad >= 0) {
    pathLength = 0;
    return finish(V_VIOLATION, R_ASSERT, bad);
  }
  return RUNNING;
}

function resetThreadInit(t: i32, th: usize): void {
  resetThread(t, th);
  setW(th, TH_NEV, 0);
  setW(th, TH_NG, 0);
}

// ---- breadth-first ----

/** Moves the queue's live entries to the start of its region. */
function compactQueue(): void {
  if (qHead == 0) return;
  const s = regionStart(R_QUEUE);
  memory.copy(s, s + qHead, qTail - qHead);
  qTail -= qHead;
  qHead = 0;
}

function enqueue(depth: u32, id: u32, v: usize): bool {
  if (qTail + entryBytes > regionCap(R_QUEUE)) {
    // Moving the live entries down costs their size: do it when it frees at least as much,
    // else grow the region, and only if that fails, move them for a smaller gain (down to an
    // eighth). Moving for any gain made a breadth-first search near its memory limit move its
    // whole frontier for every few states (a stall, not a stop).
    if (qHead * 2 >= qTail) compactQueue();
    if (qTail + entryBytes > regionCap(R_QUEUE) && !growRegion(R_QUEUE, qTail + entryBytes)) {
      if (qHead * 8 < qTail) return false;
      compactQueue();
      if (qTail + entryBytes > regionCap(R_QUEUE)) return false;
    }
  }
  const e = regionStart(R_QUEUE) + qTail;
  store<u32>(e, depth);
  store<u32>(e, id, 4);
  memory.copy(e + 8, v, VB);
  qTail += entryBytes;
  return true;
}

function bfsRun(batch: i32): i32 {
  for (let n = 0; n < batch; n++) {
    if (qHead >= qTail) return finishExhausted();
    const e = regionStart(R_QUEUE) + qHead;
    const depth = load<u32>(e);
    const head = load<i32>(e, 4);
    memory.copy(curBuf, e + 8, VB);
    qHead += entryBytes;
    const count = expand(curBuf, regionStart(R_ARENA), false);
    if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
    if (outOfMemory) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
    let live = 0;
    for (let i = 0; i < count; i++) if (w(candAt(i), C_KIND) != CK_DROP) live++;
    if (live == 0 && checkDeadlock && !isFinal(curBuf) && isDeadlocked(curBuf)) {
      setPathFromRecords(head, NONE);
      return finish(V_VIOLATION, R_DEADLOCK, -1);
    }
    for (let i = 0; i < count; i++) {
      const c = candAt(i);
      const kind = w(c, C_KIND);
      if (kind == CK_DROP) continue;
      transitionCount++;
      const step = (w(c, C_THREAD) << 16) | w(c, C_CHOICE);
      if (kind == CK_VIOL) {
        setPathFromRecords(head, step);
        return violationOf(w(c, C_PROP));
      }
      const sv = candVec(c);
      if (!tableAdd(stateFingerprint(sv))) continue;
      if (tableFull) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
      const id = stateCount;
      stateCount++;
      if (!recordSet(id, head, step)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
      const d = depth + 1;
      if (d > maxDepth) maxDepth = d;
      if (!enqueue(d, id, sv)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
      const bad = checkState(sv);
      if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
      if (boundNew) {
        boundNew = false;
        boundId = id;
      }
      if (bad >= 0) {
        setPathFromRecords(id, NONE);
        return finish(V_VIOLATION, R_ASSERT, bad);
      }
      if (stateCount >= maxStates) return finish(V_INCOMPLETE, R_STATE_LIMIT, -1);
    }
  }
  return RUNNING;
}

// ---- depth-first ----

/** {@link isNewState}: the state it accepted was stored in the visited set. */
let newStored: bool = false;

/**
 * Whether a state with fingerprint `fp` is to be explored: it is not in the visited set (nor,
 * once the set has stopped growing, on the stack). It is stored there unless the set has
 * stopped growing (state-space caching), which it does at `visitedCap` states, or when it
 * cannot grow and `cacheWhenFull` is set.
 */
function isNewState(fp: u64): bool {
  if (caching) {
    if (tableHas(fp) || onStackUnstored(fp)) return false;
    unstored = true;
    newStored = false;
    return true;
  }
  if (!tableAdd(fp)) return false;
  if ((tableFull && cacheWhenFull) || tabCount >= visitedCap) caching = true;
  newStored = true;
  return true;
}

function dfsRun(batch: i32): i32 {
  let expanded = 0;
  while (sp > 0) {
    let f = frame(sp - 1);
    const state = <usize>w(f, 0);
    if (w(f, 2) < 0) {
      if (expanded >= batch) return RUNNING;
      expanded++;
      // The state expanded last is the frame below when the search just went down to this one.
      const count = expand(state, <usize>w(f, 1), sp >= 2 && lastExpanded == sp - 2);
      lastExpanded = sp - 1;
      if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
      if (outOfMemory) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
      // The frames may have moved (the arena below them grew).
      f = frame(sp - 1);
      setW(f, 2, count);
      let live = 0;
      for (let i = 0; i < count; i++) if (w(candAt(i), C_KIND) != CK_DROP) live++;
      if (live == 0 && checkDeadlock && !isFinal(state) && isDeadlocked(state)) {
        setPathFromFrames(NONE);
        return finish(V_VIOLATION, R_DEADLOCK, -1);
      }
    }
    const next = w(f, 3);
    if (next >= w(f, 2)) {
      sp--;
      continue;
    }
    setW(f, 3, next + 1);
    const c = <usize>w(f, 1) + (<usize>next) * candBytes;
    const kind = w(c, C_KIND);
    if (kind == CK_DROP) continue;
    transitionCount++;
    const step = (w(c, C_THREAD) << 16) | w(c, C_CHOICE);
    if (kind == CK_VIOL) {
      setPathFromFrames(step);
      return violationOf(w(c, C_PROP));
    }
    const sv = candVec(c);
    const fp = stateFingerprint(sv);
    if (!isNewState(fp)) continue;
    if (tableFull && !caching) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
    stateCount++;
    const listBase = <usize>w(f, 1) + (<usize>w(f, 2)) * candBytes;
    if (!pushFrame(sv, listBase, step, fp, newStored)) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
    if (<u32>(sp - 1) > maxDepth) maxDepth = <u32>(sp - 1);
    const bad = checkState(sv);
    if (overflow) return finish(V_INCOMPLETE, R_CAPACITY, -1);
    if (boundNew && !keepBoundPathFromFrames()) return finish(V_INCOMPLETE, R_MEMORY_LIMIT, -1);
    if (bad >= 0) {
      setPathFromFrames(NONE);
      return finish(V_VIOLATION, R_ASSERT, bad);
    }
    if (stateCount >= maxStates) return finish(V_INCOMPLETE, R_STATE_LIMIT, -1);
  }
  return finishExhausted();
}

/** Explores up to `batch` more states; 0 = running, 1 = finished. */
export function lkmmRun(batch: i32): i32 {
  if (status != RUNNING) return FINISHED;
  return depthFirst ? dfsRun(batch) : bfsRun(batch);
}

/** Which capacities were too small (state.ts OVF_* bits) when the search stopped with R_CAPACITY. */
export function lkmmOverflowKind(): i32 {
  return overflowKind;
}

export function lkmmAbort(r: i32): void {
  if (status == RUNNING) finish(V_INCOMPLETE, r, -1);
}

/** States in the frontier (breadth-first) or on the stack (depth-first). */
export function lkmmFrontier(): f64 {
  return depthFirst ? <f64>sp : <f64>((qTail - qHead) / entryBytes);
}

export function lkmmTableSlots(): f64 {
  return <f64>tableSlotsNow();
}

/** States the visited set holds, once a state was explored without being stored; else -1. */
export function lkmmStored(): f64 {
  return unstored ? <f64>tabCount : -1;
}

