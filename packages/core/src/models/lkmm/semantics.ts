/**
 * The Linux kernel memory model (LKMM) as a transition system over partial execution graphs
 * (reference/lkmm.md §8): a state is the threads' local states plus the graph built so far
 * (events in po order per thread, rf, co, rmw and register dependencies), and a state is kept
 * only while the graph satisfies the axioms of linux-kernel.cat (`consistency.ts`).
 *
 * Steps (numbered per thread by `StepInfo.choice`, in this order):
 * 1. the thread's next shared instruction, once the registers it needs are known:
 *    - load: one successor per write to the location, in co order (reads-from choice), then
 *      one where the read is *deferred* (unresolved; its register is unknown);
 *    - store / unlock: one successor per position in the location's co order (unlock: last,
 *      as lock.cat puts UL right after its critical section);
 *    - RMW: one successor per write it reads from; a successful one puts its write right
 *      after that write in co; a failed conditional RMW adds only its read (FailedRMW);
 *    - spin_lock: reads the co-latest write of the lock, which must be "unlocked" (0), and
 *      puts its LKW last in co (lock.cat's co/rf for lock events); otherwise it waits;
 *    - fences: one F event;
 *    then, at an RMW or spin_lock, a *wait* step (the thread lets higher threads go first),
 *    offered only while another thread may still write the location (`waitMatters`); at a
 *    load whose deferral would leave the thread blocked (its next step needs the value), the
 *    wait step replaces the deferral (see `frontierCandidates`).
 * 2. the resolution of one of its deferred reads, one successor per write it may read from.
 *
 * Canonical schedule (a partial-order reduction; the graph, not the interleaving, is the
 * state): only the lowest-numbered thread that can add an event (is not blocked on an
 * unresolved read and not waiting) moves. A thread waiting at an RMW or spin_lock resumes
 * once its location gets a new write.
 * Deferred reads are resolved only when no thread can add an event: first the reads of
 * threads that are blocked, and once every thread is finished, the remaining ones in a fixed
 * order. A deferred read may only read a write created after it was deferred (otherwise
 * resolving it at once gives the same graph). Every execution whose rf ∪ (register and
 * control dependency) relation is acyclic is reached: that covers load buffering (po ∪ rf
 * cycles, lkmm.md §8.3 rule (a)) and forwarding a po-later store, even a release, to a
 * po-later load of the same thread (the forwarding caveat).
 *
 * Deferral only where load buffering can need it (`ordered-reads.ts`): a load that is ordered
 * (hb) before every later write of its thread that another thread may read is never
 * deferred; it waits for its write instead (`orderedReadsWait`).
 *
 * Pruning of useless deferrals (`future.ts`): a read is deferred only if some other thread may
 * still create a write to its location outside every critical section of a lock the reader
 * holds there (a write inside one is hb-after the read, so reading it closes an hb cycle; a
 * po-later write of the reader itself is ruled out by coherence). A state is dropped as soon
 * as one of its deferred reads has no write left to read: none was created since it was
 * deferred and no thread can still create one.
 *
 * Consistency is checked on every new graph except those that only append po-last events
 * without outgoing edges to a consistent graph (a read of the co-latest write, a write placed
 * last in co, a deferred read, a fence, a lock; see `finish`), which cannot close a cycle.
 *
 * Violations under deferral: an assert that fails (or a bad address reached) while some read is
 * still unresolved may come from a prefix that no consistent execution extends. Such a
 * violation is carried in the state (`LkmmState.pending`; the asserting thread goes on past the
 * assert, a thread at a bad address stops) and reported only from a successor whose reads are
 * all resolved. Known limitation: if the asserting thread later executes a false `assume`, the
 * pending violation is dropped with the pruned state.
 *
 * With `axioms: 'sc' | 'tso'` the same search runs with the SC or x86-TSO predicate
 * (`predicates.ts`), a reduced search used for litmus verdicts (`outcomeSemanticsFor`).
 */
import { computeLoopExits, computeLoopSlots, type ThreadLoopExits } from '../../encoding/encode.js';
import type { ModelName, Semantics, StateView, StepInfo, Successor } from '../../explore/semantics.js';
import { loopCounts, ST_DONE, ST_RUNNING } from '../../explore/thread.js';
import { evalExpr } from '../../ir/eval.js';
import { hasPlainAccess, isShared, type Program, type RmwOrder, type SharedInstr } from '../../ir/types.js';
import { BAD_ADDRESS, isValidAddress } from '../access.js';
import { lkmmFlags, violatedAxiom } from './consistency.js';
import {
  EV_F,
  EV_R,
  EV_W,
  eventRef,
  F_AFTER_ATOMIC,
  F_AFTER_SPINLOCK,
  F_BEFORE_ATOMIC,
  F_MB,
  F_RMB,
  F_WMB,
  FAILED_RMW,
  IN_RMW,
  initRef,
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
import { FutureWrites } from './future.js';
import {
  type BranchGuess,
  cloneLkThreadState,
  ctrlDepsAt,
  initialLkThreadState,
  type LkThreadState,
  needsGuess,
  RegisterUse,
  runLocalLk,
  unionDeps,
} from './local.js';
import { deferrableLoads, orderedReadsApply } from './ordered-reads.js';
import { violatedScTso } from './predicates.js';

/** An LKMM state: the threads' local states and the partial execution graph. */
export interface LkmmState {
  readonly threads: readonly LkThreadState[];
  readonly graph: LkGraph;
  /** Bit i: thread i chose to wait until another thread steps. */
  readonly waiting: number;
  /**
   * A violation (assert or bad address) reached while some read was still unresolved: it is
   * reported only once every read is resolved consistently (the prefix may not be completable).
   */
  readonly pending?: string;
  /** Bit i: thread i stopped at a bad address while a violation was pending (it moves no more). */
  readonly frozen?: number;
}

/** Options of the LKMM semantics. */
export interface LkmmOptions {
  /**
   * Allow deferred reads (needed for load-buffering outcomes; default true). Without them
   * the search only builds executions whose po ∪ rf is acyclic.
   */
  readonly deferReads?: boolean;
  /**
   * The consistency predicate (default 'lkmm'). 'sc' and 'tso' run the same graph search with
   * the SC or x86-TSO axioms (`predicates.ts`): a reduced search whose final outcomes are
   * those of `models/sc.ts` and `models/tso.ts`, used for litmus verdicts.
   */
  readonly axioms?: ModelName;
  /**
   * Replace the deferral of a read that would leave its thread blocked by a wait step
   * (default true; see `frontierCandidates`). False keeps the deferral, for differential tests.
   */
  readonly loadWaits?: boolean;
  /**
   * Never defer a read that is ordered before every later write of its thread that another
   * thread may read (`ordered-reads.ts`): it waits for its write instead (default true). Such
   * reads cannot lie on a load-buffering cycle. False defers them too, for differential tests.
   */
  readonly orderedReadsWait?: boolean;
  /**
   * Drop a state in which every thread that could move waits and no location waited for got a
   * new write (default true; see `successors`). False lets the waiting threads go on, for
   * differential tests.
   */
  readonly pruneIdleWaits?: boolean;
  /**
   * When deciding whether a read may still get a new write, ignore the other threads' future
   * writes inside a critical section of a spinlock the reader holds (`future.ts`; default
   * true). False counts them, for differential tests.
   */
  readonly heldLocks?: boolean;
  /**
   * The canonical schedule's thread priority (default 0, 1, 2, ...): the first movable thread
   * of this order moves. Every order reaches the same graphs (the schedule is canonical under
   * any fixed order); the order only decides which executions a depth-first search meets
   * first.
   */
  readonly order?: readonly number[];
}

const NO_DEPS: readonly number[] = [];

const FENCE_FLAG = {
  mb: F_MB,
  rmb: F_RMB,
  wmb: F_WMB,
  before_atomic: F_BEFORE_ATOMIC,
  after_atomic: F_AFTER_ATOMIC,
  after_spinlock: F_AFTER_SPINLOCK,
} as const;

function rmwTag(order: RmwOrder): number {
  switch (order) {
    case 'mb':
      return TAG_MB;
    case 'relaxed':
      return TAG_ONCE;
    case 'acquire':
      return TAG_ACQUIRE;
    case 'release':
      return TAG_RELEASE;
    case 'noreturn':
      return TAG_NORETURN;
  }
}

/** A candidate successor before its consistency check. */
interface Candidate {
  readonly threads: readonly LkThreadState[];
  readonly graph: LkGraph;
  readonly step: StepInfo;
  readonly violation?: string;
  /** The thread stopped at a bad address (only with unresolved reads; see `LkmmState.frozen`). */
  readonly freeze?: number;
  /** The waiting mask of the successor when it is not the default (this thread stops waiting, the others too). */
  readonly waiting?: number;
  /**
   * The graph is the parent's (consistent) graph plus events appended at the end of one
   * thread that have no outgoing edge (see `finish`): it is consistent without a check.
   */
  readonly acyclicByConstruction?: boolean;
}

/**
 * The spinlocks a thread holds right before its event `k`: those whose lock event (LKW) comes
 * before `k` in po with no unlock (UL) of the same location between them.
 */
export function locksHeldBefore(evs: readonly LkEvent[], k: number): number[] {
  const held: number[] = [];
  for (let i = 0; i < k; i++) {
    const e = evs[i]!;
    if ((e.flags & LKW) !== 0) held.push(e.loc);
    else if ((e.flags & UL) !== 0) {
      const at = held.indexOf(e.loc);
      if (at >= 0) held.splice(at, 1);
    }
  }
  return held;
}

/** The LKMM: a search over consistent partial execution graphs. */
export class LkmmSemantics implements Semantics<LkmmState> {
  readonly model: ModelName;
  readonly program: Program;
  private readonly slots: number[][];
  private readonly exits: ThreadLoopExits[];
  private readonly loops: number[];
  private readonly use: RegisterUse[];
  private readonly deferReads: boolean;
  private readonly nLoc: number;
  private readonly future: FutureWrites;
  /**
   * Set by `frontierCandidates` for a load: its deferral was replaced by a wait step (the
   * thread would block right after deferring, see there).
   */
  private loadWaits = false;
  private readonly waitAtLoads: boolean;
  private readonly order: readonly number[];
  private readonly pruneIdleWaits: boolean;
  private readonly heldLocks: boolean;
  /** Whether the program has a plain access (then final states carry herd's flags). */
  private readonly plain: boolean;
  /** [thread][pc]: loads that may need deferring (`ordered-reads.ts`); null: every load. */
  private readonly deferrable: readonly (readonly boolean[])[] | null;

  constructor(program: Program, options: LkmmOptions = {}) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.exits = computeLoopExits(program, this.slots);
    this.loops = loopCounts(this.slots);
    this.use = program.threads.map(() => new RegisterUse());
    this.deferReads = options.deferReads ?? true;
    this.nLoc = program.locations.length;
    this.future = new FutureWrites(program);
    this.model = options.axioms ?? 'lkmm';
    this.waitAtLoads = options.loadWaits ?? true;
    this.pruneIdleWaits = options.pruneIdleWaits ?? true;
    this.heldLocks = options.heldLocks ?? true;
    this.plain = hasPlainAccess(program);
    this.deferrable = orderedReadsApply(program, options)
      ? deferrableLoads(program, this.future.values)
      : null;
    const n = program.threads.length;
    const order = options.order ?? program.threads.map((_, i) => i);
    if (order.length !== n || new Set(order).size !== n || order.some((t) => !(t >= 0 && t < n)))
      throw new Error(`LKMM thread order must be a permutation of 0..${n - 1}, got ${order.join(',')}`);
    this.order = order;
  }

  /** Whether the graph violates the model's axioms. */
  private inconsistent(g: LkGraph): boolean {
    if (this.model === 'lkmm') return violatedAxiom(g, this.nLoc) !== null;
    return violatedScTso(g, this.nLoc, this.model) !== null;
  }

  initial(): Successor<LkmmState> {
    const threads = this.program.threads.map((t, i) => initialLkThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocalLk(
        this.program.threads[i]!,
        this.slots[i]!,
        this.exits[i]!,
        threads[i]!,
        this.use[i]!,
        0,
      );
      if (out.kind === 'violation') return { kind: 'violation', property: out.property, step };
      if (out.kind === 'pruned') return { kind: 'violation', property: 'assume-false-initially', step };
    }
    const graph: LkGraph = {
      events: threads.map(() => []),
      co: this.program.locations.map((_, i) => [initRef(i + 1)]),
    };
    return { kind: 'state', state: { threads, graph, waiting: 0 }, step };
  }

  successors(state: LkmmState): Successor<LkmmState>[] {
    const out = this.successorsWith(state, state.waiting);
    if (out.length > 0 || state.waiting === 0) return out;
    // Nobody can move unless a waiting thread stops waiting, and no location a thread waits
    // for got a new write since it chose to wait: each waiting thread could have taken its
    // step when it chose to wait, with the same writes to read from, and the other threads'
    // steps since then come after it in that branch. The wait was useless: the state is
    // dropped (`pruneIdleWaits`), unless a thread waits at a spin_lock, where an empty
    // successor list would read as a deadlock.
    if (this.pruneIdleWaits && !this.someoneAtLock(state)) return out;
    return this.successorsWith(state, 0);
  }

  /** Whether a running thread's next instruction is a spin_lock. */
  private someoneAtLock(state: LkmmState): boolean {
    return state.threads.some(
      (t, i) => t.status === ST_RUNNING && this.program.threads[i]!.code[t.pc]?.op === 'lock',
    );
  }

  private successorsWith(state: LkmmState, waiting: number): Successor<LkmmState>[] {
    const frozen = state.frozen ?? 0;
    let mover = -1;
    for (const ti of this.order) {
      if (((waiting | frozen) & (1 << ti)) === 0 && this.canAddEvent(state, ti)) {
        mover = ti;
        break;
      }
    }
    const out: Successor<LkmmState>[] = [];
    if (mover >= 0) {
      const cands: Candidate[] = [];
      const bad = this.frontierCandidates(state, mover, cands);
      if (bad) {
        const property = state.pending ?? bad.property;
        if (!hasUnresolved(state.graph)) return [{ kind: 'violation', property, step: bad.step }];
        // Some read is still unresolved: the thread stops here, and the violation is reported
        // only if the reads can all be resolved.
        const next: LkmmState = { ...state, waiting, pending: property, frozen: frozen | (1 << mover) };
        return [{ kind: 'state', state: next, step: bad.step }];
      }
      const instr = this.program.threads[mover]!.code[state.threads[mover]!.pc]!;
      const waitHere =
        instr.op === 'load'
          ? this.loadWaits
          : (instr.op === 'rmw' || instr.op === 'lock') && this.waitMatters(state, frozen, mover, instr);
      if (waitHere && isShared(instr)) {
        cands.push({
          threads: state.threads,
          graph: state.graph,
          step: {
            thread: mover,
            choice: 0,
            pc: state.threads[mover]!.pc,
            instr,
            note: 'waits: lets other threads go first',
          },
          waiting: waiting | (1 << mover),
        });
      }
      this.emit(state, waiting, cands, out);
      return out;
    }
    // No thread can add an event: resolve deferred reads of blocked threads, or, once every
    // thread has finished its code, the first remaining deferred read.
    const blocked = state.threads.map(
      (t, i) =>
        (frozen & (1 << i)) === 0 && t.status === ST_RUNNING && t.pc < this.program.threads[i]!.code.length,
    );
    const anyBlocked = blocked.some((x) => x);
    for (const ti of this.order) {
      if (anyBlocked && !blocked[ti]) continue;
      const evs = state.graph.events[ti]!;
      if (!evs.some((e) => e.kind === EV_R && e.rf < 0)) continue;
      const cands: Candidate[] = [];
      this.resolveCandidates(state, ti, cands, !anyBlocked);
      this.emit(state, waiting, cands, out);
      if (!anyBlocked) break;
    }
    return out;
  }

  /**
   * Checks each candidate's graph and numbers the choices of its thread. A candidate is
   * dropped when its graph is inconsistent or one of its deferred reads can no longer read
   * anything. A violation is reported only from a graph whose reads are all resolved;
   * otherwise it is carried along (`LkmmState.pending`) until they are.
   */
  private emit(
    state: LkmmState,
    waiting: number,
    cands: readonly Candidate[],
    out: Successor<LkmmState>[],
  ): void {
    let choice = 0;
    const frozen = state.frozen ?? 0;
    for (const c of cands) {
      const idx = choice++;
      if (c.waiting === undefined) {
        if (!c.acyclicByConstruction && this.inconsistent(c.graph)) continue;
        if (this.deferReads && this.hasDeadRead(c.threads, c.graph, frozen)) continue;
      }
      const step: StepInfo = { ...c.step, choice: idx };
      const nextWaiting = c.waiting ?? this.stillWaiting(state, waiting, c.graph);
      const pending = state.pending ?? c.violation;
      if (pending !== undefined && !hasUnresolved(c.graph)) {
        out.push({ kind: 'violation', property: pending, step });
        continue;
      }
      const next: LkmmState = {
        threads: c.threads,
        graph: c.graph,
        waiting: nextWaiting,
        ...(pending !== undefined ? { pending } : {}),
        ...(frozen !== 0 ? { frozen } : {}),
      };
      out.push({ kind: 'state', state: next, step });
    }
  }

  /**
   * Whether a thread other than `ti` (running, not frozen) may still create a write to `loc`
   * that a read of `ti` holding `locks` could read (see `future.ts`).
   */
  private mayBeWrittenLater(
    threads: readonly LkThreadState[],
    frozen: number,
    ti: number,
    loc: number,
    locks: readonly number[],
  ): boolean {
    for (let tj = 0; tj < threads.length; tj++) {
      if (tj === ti || (frozen & (1 << tj)) !== 0) continue;
      const t = threads[tj]!;
      if (t.status === ST_RUNNING && this.future.mayWrite(tj, t.pc, loc, locks)) return true;
    }
    return false;
  }

  /**
   * Whether the wait step of thread `ti` at an RMW or spin_lock can lead anywhere new. Waiting
   * lets another thread's write to the location come co-before this thread's write (an RMW or
   * LKW must directly follow the write it reads in co). If no other thread may still write the
   * location, the graphs reached after waiting are those reached by going on now (later reads
   * of this thread take the other threads' writes through deferral, see `future.ts`), so the
   * wait step is skipped. Without deferred reads, waiting is also how a thread lets the others'
   * writes exist before its later reads: it is always offered then.
   */
  private waitMatters(state: LkmmState, frozen: number, ti: number, instr: SharedInstr): boolean {
    const others = state.threads.some(
      (t, i) => i !== ti && t.status === ST_RUNNING && (frozen & (1 << i)) === 0,
    );
    if (!others || instr.op === 'fence') return false;
    if (!this.deferReads) return true;
    const addr = evalExpr(instr.addr, state.threads[ti]!.regs);
    return this.mayBeWrittenLater(state.threads, frozen, ti, addr, NO_DEPS);
  }

  /**
   * Whether some deferred read can never be resolved: no write it may read exists, and no
   * other thread can still create one.
   */
  private hasDeadRead(threads: readonly LkThreadState[], g: LkGraph, frozen: number): boolean {
    for (let ti = 0; ti < g.events.length; ti++) {
      const evs = g.events[ti]!;
      for (let k = 0; k < evs.length; k++) {
        const e = evs[k]!;
        if (e.kind !== EV_R || e.rf >= 0) continue;
        let alive = false;
        for (const src of g.co[e.loc - 1]!) {
          const st = refThread(src);
          if (st >= 0 && st !== ti && e.seen && refPo(src) >= e.seen[st]!) {
            alive = true;
            break;
          }
        }
        if (alive) continue;
        if (!this.mayBeWrittenLater(threads, frozen, ti, e.loc, this.locksHeld(evs, k))) return true;
      }
    }
    return false;
  }

  /** The locks a read at event index `k` holds, as far as `mayBeWrittenLater` uses them. */
  private locksHeld(evs: readonly LkEvent[], k: number): readonly number[] {
    return this.heldLocks ? locksHeldBefore(evs, k) : NO_DEPS;
  }

  /** A waiting thread (at an RMW or spin_lock) stops waiting once its location gets a new write. */
  private stillWaiting(state: LkmmState, waiting: number, graph: LkGraph): number {
    let out = waiting;
    for (let ti = 0; waiting >>> ti !== 0; ti++) {
      if ((waiting & (1 << ti)) === 0) continue;
      const t = state.threads[ti]!;
      const instr = this.program.threads[ti]!.code[t.pc]!;
      if (instr.op !== 'rmw' && instr.op !== 'lock' && instr.op !== 'load') {
        out &= ~(1 << ti);
        continue;
      }
      const addr = evalExpr(instr.addr, t.regs);
      if (graph.co[addr - 1]?.length !== state.graph.co[addr - 1]?.length) out &= ~(1 << ti);
    }
    return out;
  }

  /** Whether thread `ti` can add an event now (its next instruction's inputs are known; a lock is free). */
  private canAddEvent(state: LkmmState, ti: number): boolean {
    if (needsGuess(this.program.threads[ti]!.code, state.threads[ti]!, this.use[ti]!)) return true;
    const instr = this.instrReady(state.threads[ti]!, ti);
    if (!instr) return false;
    if (instr.op === 'lock') {
      const addr = evalExpr(instr.addr, state.threads[ti]!.regs);
      if (isValidAddress(this.program, addr) && this.latest(state.graph, addr).val !== 0) return false;
    }
    return true;
  }

  // ---- helpers over the graph --------------------------------------------------------

  private eventOf(g: LkGraph, ref: number): { val: number; tid: number } {
    const t = refThread(ref);
    if (t < 0) return { val: this.program.locations[refPo(ref)]!.init | 0, tid: -1 };
    return { val: g.events[t]![refPo(ref)]!.val, tid: t };
  }

  /** The value and writer of the co-latest write to `addr`. */
  private latest(g: LkGraph, addr: number): { val: number; tid: number; ref: number } {
    const list = g.co[addr - 1]!;
    const ref = list[list.length - 1]!;
    return { ...this.eventOf(g, ref), ref };
  }

  private staleInfo(g: LkGraph, addr: number, src: number): StepInfo['stale'] | undefined {
    const last = this.latest(g, addr);
    if (last.ref === src) return undefined;
    return { latest: last.val, writer: last.tid };
  }

  private withThreadEvents(
    g: LkGraph,
    ti: number,
    evs: readonly LkEvent[],
    coAddr = 0,
    co?: readonly number[],
  ): LkGraph {
    const events = g.events.slice();
    events[ti] = evs;
    if (coAddr === 0 || !co) return { events, co: g.co };
    const cos = g.co.slice();
    cos[coAddr - 1] = co;
    return { events, co: cos };
  }

  /**
   * Finishes a thread step: local run, status, and the candidate (or nothing if pruned).
   *
   * `appendedLast`: `graph` is the state's graph (consistent) plus events appended at the end
   * of thread `ti` that have no outgoing edge in any base relation: no po successor (they are
   * po-last), no fr (a read from the co-latest write, or a deferred read), no co successor (a
   * write placed last in co), no rf yet; an RMW's or lock's read only has its rmw/po edge to
   * its own write, which has none. Every relation of the axioms (LKMM, SC, TSO) is built from
   * base relations by union, composition and closure, so such events have no outgoing edge in
   * them either (identity pairs aside, which the acyclicity checks do not use): they lie on no
   * cycle, and no existing RMW gets a write between its read and write (atomic). The graph is
   * then consistent without a check.
   */
  private finish(
    state: LkmmState,
    ti: number,
    nt: LkThreadState,
    graph: LkGraph,
    step: StepInfo,
    out: Candidate[],
    appendedLast = false,
  ): void {
    const thread = this.program.threads[ti]!;
    const evCount = graph.events[ti]!.length;
    let local = runLocalLk(thread, this.slots[ti]!, this.exits[ti]!, nt, this.use[ti]!, evCount);
    let violation: string | undefined;
    if (local.kind === 'violation') {
      violation = local.property;
      // With an unresolved read in the graph the violation may be a false alarm: the thread
      // goes on past the failed assert (a WARN does not stop the CPU), and `emit` reports the
      // violation once every read is resolved.
      if (hasUnresolved(graph)) {
        while (local.kind === 'violation') {
          nt.pc++;
          local = runLocalLk(thread, this.slots[ti]!, this.exits[ti]!, nt, this.use[ti]!, evCount);
        }
      }
    }
    if (local.kind === 'pruned') return;
    this.normalizeStatus(nt, graph.events[ti]!);
    const threads = state.threads.slice();
    threads[ti] = nt;
    out.push({
      threads,
      graph,
      step,
      ...(violation !== undefined ? { violation } : {}),
      ...(appendedLast ? { acyclicByConstruction: true } : {}),
    });
  }

  /** A thread whose code is finished but which still has unresolved reads is not done. */
  private normalizeStatus(t: LkThreadState, evs: readonly LkEvent[]): void {
    if (t.status === ST_DONE && evs.some((e) => e.kind === EV_R && e.rf < 0)) t.status = ST_RUNNING;
  }

  private instrReady(t: LkThreadState, ti: number): SharedInstr | null {
    if (t.status !== ST_RUNNING) return null;
    const code = this.program.threads[ti]!.code;
    if (t.pc >= code.length) return null;
    const instr = code[t.pc]!;
    if (!isShared(instr)) return null;
    const use = this.use[ti]!;
    switch (instr.op) {
      case 'fence':
        return instr;
      case 'load':
      case 'lock':
      case 'unlock':
        return use.unknown(instr.addr, t) ? null : instr;
      case 'store':
        return use.unknown(instr.addr, t) || use.unknown(instr.value, t) ? null : instr;
      case 'rmw':
        return use.unknown(instr.addr, t) || use.unknown(instr.value, t) || use.unknown(instr.guard, t)
          ? null
          : instr;
    }
  }

  // ---- step 1: the next shared instruction -------------------------------------------

  /** Pushes the candidates of thread `ti`'s next instruction; returns a bad-address violation. */
  private frontierCandidates(
    state: LkmmState,
    ti: number,
    out: Candidate[],
  ): { property: string; step: StepInfo } | null {
    const t = state.threads[ti]!;
    const g = state.graph;
    if (needsGuess(this.program.threads[ti]!.code, t, this.use[ti]!)) {
      for (const taken of [false, true]) {
        const nt = cloneLkThreadState(t);
        nt.guesses = [...t.guesses, { pc: t.pc, at: g.events[ti]!.length, taken }];
        const step: StepInfo = {
          thread: ti,
          choice: 0,
          pc: t.pc,
          note: `guesses that the branch is ${taken ? '' : 'not '}taken (its condition is not known yet)`,
        };
        this.finish(state, ti, nt, g, step, out, true);
      }
      return null;
    }
    this.loadWaits = false;
    const instr = this.instrReady(t, ti);
    if (!instr) return null;
    const evs = g.events[ti]!;
    const po = evs.length;
    const use = this.use[ti]!;
    const pc = t.pc;
    const ctrl = ctrlDepsAt(t, pc);
    const base: StepInfo = { thread: ti, choice: 0, pc, instr };

    if (instr.op === 'fence') {
      const ev: LkEvent = {
        kind: EV_F,
        flags: FENCE_FLAG[instr.kind],
        loc: 0,
        val: 0,
        rf: -1,
        rmw: -1,
        addr: NO_DEPS,
        data: NO_DEPS,
        ctrl,
        pc,
      };
      const nt = cloneLkThreadState(t);
      nt.pc++;
      this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, ev]), base, out, true);
      return null;
    }

    const addr = evalExpr(instr.addr, t.regs);
    if (!isValidAddress(this.program, addr)) {
      return { property: BAD_ADDRESS, step: { ...base, addr } };
    }
    const addrDeps = use.deps(instr.addr, t);
    const co = g.co[addr - 1]!;

    switch (instr.op) {
      case 'load': {
        const flags = instr.order === 'acquire' ? TAG_ACQUIRE : instr.order === 'plain' ? 0 : TAG_ONCE;
        for (const src of co) {
          const val = this.eventOf(g, src).val;
          const ev: LkEvent = {
            kind: EV_R,
            flags,
            loc: addr,
            val,
            rf: src,
            rmw: -1,
            addr: addrDeps,
            data: NO_DEPS,
            ctrl,
            pc,
          };
          const nt = cloneLkThreadState(t);
          nt.regs[instr.dst] = val;
          nt.deps[instr.dst] = [po];
          nt.unknown[instr.dst] = 0;
          nt.pc++;
          const stale = this.staleInfo(g, addr, src);
          const step: StepInfo = { ...base, addr, read: val, ...(stale ? { stale } : {}) };
          this.finish(
            state,
            ti,
            nt,
            this.withThreadEvents(g, ti, [...evs, ev]),
            step,
            out,
            stale === undefined,
          );
        }
        // Defer only if another thread may still create a write this read could take, and
        // only a read that is not ordered before the thread's later writes (ordered-reads.ts):
        // an ordered read waits for its write instead.
        if (
          this.deferReads &&
          this.mayBeWrittenLater(state.threads, state.frozen ?? 0, ti, addr, this.locksHeld(evs, evs.length))
        ) {
          if (this.deferrable && !this.deferrable[ti]![pc]) {
            this.loadWaits = true;
            return null;
          }
          const seen = g.events.map((e) => e.length);
          seen[ti] = po + 1;
          const ev: LkEvent = {
            kind: EV_R,
            flags,
            loc: addr,
            val: 0,
            rf: -1,
            rmw: -1,
            addr: addrDeps,
            data: NO_DEPS,
            ctrl,
            pc,
            seen,
          };
          const nt = cloneLkThreadState(t);
          nt.regs[instr.dst] = 0;
          nt.deps[instr.dst] = [po];
          nt.unknown[instr.dst] = 1;
          nt.pc++;
          const step: StepInfo = { ...base, addr, note: 'read deferred: it takes its value later' };
          const before = out.length;
          this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, ev]), step, out, true);
          // Deferring pays off only if the thread can go on without the value (load buffering:
          // its later events may be read by the write this read will take). If its next step
          // needs the value, it would block until the other threads have run to the end or
          // blocked, and the write it then takes cannot depend on anything it did after the
          // read. Waiting before the read reaches the same graphs, without the prefixes in
          // which every thread blocks on reads that nobody can satisfy any more: the thread
          // waits until its location gets a new write, then reads.
          const deferred = out[before];
          if (
            this.waitAtLoads &&
            deferred !== undefined &&
            !this.canAddEvent({ ...state, threads: deferred.threads, graph: deferred.graph }, ti)
          ) {
            out.length = before;
            this.loadWaits = true;
          }
        }
        return null;
      }
      case 'store':
      case 'unlock': {
        const isUnlock = instr.op === 'unlock';
        const val = isUnlock ? 0 : evalExpr(instr.value, t.regs);
        const flags = isUnlock
          ? UL
          : instr.order === 'release'
            ? TAG_RELEASE
            : instr.order === 'plain'
              ? 0
              : TAG_ONCE;
        const data = isUnlock ? NO_DEPS : use.deps(instr.value, t);
        const ev: LkEvent = {
          kind: EV_W,
          flags,
          loc: addr,
          val,
          rf: -1,
          rmw: -1,
          addr: addrDeps,
          data,
          ctrl,
          pc,
        };
        const nevs = [...evs, ev];
        const ref = eventRef(ti, po);
        // Unlock: lock.cat merges UL into co right after its critical section, i.e. last.
        const first = isUnlock ? co.length : 1;
        for (let k = first; k <= co.length; k++) {
          const nco = [...co.slice(0, k), ref, ...co.slice(k)];
          const nt = cloneLkThreadState(t);
          nt.pc++;
          const note =
            k < co.length ? `placed before ${co.length - k} later write(s) in coherence order` : undefined;
          const step: StepInfo = { ...base, addr, wrote: val, ...(note ? { note } : {}) };
          this.finish(
            state,
            ti,
            nt,
            this.withThreadEvents(g, ti, nevs, addr, nco),
            step,
            out,
            k === co.length,
          );
        }
        return null;
      }
      case 'lock': {
        const last = this.latest(g, addr);
        if (last.val !== 0) return null; // held: the thread waits
        const r: LkEvent = {
          kind: EV_R,
          flags: LKR,
          loc: addr,
          val: 0,
          rf: last.ref,
          rmw: po + 1,
          addr: addrDeps,
          data: NO_DEPS,
          ctrl,
          pc,
        };
        const w: LkEvent = {
          kind: EV_W,
          flags: LKW,
          loc: addr,
          val: 1,
          rf: -1,
          rmw: po,
          addr: addrDeps,
          data: NO_DEPS,
          ctrl,
          pc,
        };
        const nco = [...co, eventRef(ti, po + 1)];
        const nt = cloneLkThreadState(t);
        nt.pc++;
        const step: StepInfo = { ...base, addr, read: 0, wrote: 1 };
        this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, r, w], addr, nco), step, out, true);
        return null;
      }
      case 'rmw': {
        const tag = rmwTag(instr.order);
        const data = unionDeps(use.deps(instr.value, t), use.deps(instr.guard, t));
        for (let k = 0; k < co.length; k++) {
          const src = co[k]!;
          const old = this.eventOf(g, src).val;
          const ok = instr.guard === undefined || evalExpr(instr.guard, t.regs, old) !== 0;
          const nt = cloneLkThreadState(t);
          if (instr.dst !== undefined) {
            nt.regs[instr.dst] = old;
            nt.deps[instr.dst] = [po];
            nt.unknown[instr.dst] = 0;
          }
          if (instr.ok !== undefined) {
            nt.regs[instr.ok] = ok ? 1 : 0;
            nt.deps[instr.ok] = [po];
            nt.unknown[instr.ok] = 0;
          }
          nt.pc++;
          const stale = this.staleInfo(g, addr, src);
          if (ok) {
            const val = evalExpr(instr.value, t.regs, old);
            const r: LkEvent = {
              kind: EV_R,
              flags: tag | IN_RMW,
              loc: addr,
              val: old,
              rf: src,
              rmw: po + 1,
              addr: addrDeps,
              data: NO_DEPS,
              ctrl,
              pc,
            };
            const w: LkEvent = {
              kind: EV_W,
              flags: tag | IN_RMW,
              loc: addr,
              val,
              rf: -1,
              rmw: po,
              addr: addrDeps,
              data,
              ctrl,
              pc,
            };
            const nco = [...co.slice(0, k + 1), eventRef(ti, po + 1), ...co.slice(k + 1)];
            const step: StepInfo = { ...base, addr, read: old, wrote: val, ...(stale ? { stale } : {}) };
            this.finish(
              state,
              ti,
              nt,
              this.withThreadEvents(g, ti, [...evs, r, w], addr, nco),
              step,
              out,
              stale === undefined,
            );
          } else {
            const r: LkEvent = {
              kind: EV_R,
              flags: tag | IN_RMW | FAILED_RMW,
              loc: addr,
              val: old,
              rf: src,
              rmw: -1,
              addr: addrDeps,
              data: NO_DEPS,
              ctrl,
              pc,
            };
            const step: StepInfo = { ...base, addr, read: old, ...(stale ? { stale } : {}) };
            this.finish(
              state,
              ti,
              nt,
              this.withThreadEvents(g, ti, [...evs, r]),
              step,
              out,
              stale === undefined,
            );
          }
        }
        return null;
      }
    }
  }

  // ---- step 2: resolving a deferred read ------------------------------------------------

  /** Resolutions of thread `ti`'s deferred reads (only its first one when `firstOnly`). */
  private resolveCandidates(state: LkmmState, ti: number, out: Candidate[], firstOnly: boolean): void {
    const g = state.graph;
    const evs = g.events[ti]!;
    for (let p = 0; p < evs.length; p++) {
      const e = evs[p]!;
      if (e.kind !== EV_R || e.rf >= 0) continue;
      const instr = this.program.threads[ti]!.code[e.pc] as SharedInstr;
      for (const src of g.co[e.loc - 1]!) {
        const st = refThread(src);
        if (st < 0 || !e.seen || refPo(src) < e.seen[st]!) continue; // existed when deferred
        const val = this.eventOf(g, src).val;
        const nevs = evs.slice();
        const { seen: _seen, ...rest } = e;
        nevs[p] = { ...rest, val, rf: src };
        const graph = this.withThreadEvents(g, ti, nevs);
        const stale = this.staleInfo(g, e.loc, src);
        const step: StepInfo = {
          thread: ti,
          choice: 0,
          pc: e.pc,
          instr,
          addr: e.loc,
          read: val,
          note: 'deferred read takes its value',
          ...(stale ? { stale } : {}),
        };
        const replayed = this.replay(ti, nevs, state.threads[ti]!.guesses);
        if (replayed.kind === 'pruned') continue;
        const threads = state.threads.slice();
        threads[ti] = replayed.t;
        if (replayed.kind === 'violation') out.push({ threads, graph, step, violation: replayed.property });
        else out.push({ threads, graph, step });
      }
      if (firstOnly) return;
    }
  }

  /** Re-runs thread `ti` from its start over its events (after a read got its value). */
  private replay(
    ti: number,
    evs: readonly LkEvent[],
    guesses: readonly BranchGuess[],
  ):
    | { kind: 'ok'; t: LkThreadState }
    | { kind: 'pruned' }
    | { kind: 'violation'; property: string; t: LkThreadState } {
    const thread = this.program.threads[ti]!;
    const slots = this.slots[ti]!;
    const exits = this.exits[ti]!;
    const use = this.use[ti]!;
    const t = initialLkThreadState(thread, this.loops[ti]!);
    t.guesses = guesses;
    // Like `finish`: a failed assert is recorded and the thread goes on past it.
    let violation: string | undefined;
    const run = (count: number) => {
      let r = runLocalLk(thread, slots, exits, t, use, count);
      while (r.kind === 'violation') {
        violation ??= r.property;
        t.pc++;
        r = runLocalLk(thread, slots, exits, t, use, count);
      }
      return r;
    };
    let local = run(0);
    let i = 0;
    while (i < evs.length) {
      if (local.kind === 'pruned') return { kind: 'pruned' };
      const e = evs[i]!;
      const instr = thread.code[t.pc];
      if (!instr || !isShared(instr) || e.pc !== t.pc) {
        throw new Error(
          `LKMM replay of thread ${thread.name} diverged at event ${i} (pc ${t.pc}, expected ${e.pc})`,
        );
      }
      switch (instr.op) {
        case 'load':
          t.regs[instr.dst] = e.val;
          t.deps[instr.dst] = [i];
          t.unknown[instr.dst] = e.rf < 0 ? 1 : 0;
          i++;
          break;
        case 'rmw':
          if (instr.dst !== undefined) {
            t.regs[instr.dst] = e.val;
            t.deps[instr.dst] = [i];
            t.unknown[instr.dst] = 0;
          }
          if (instr.ok !== undefined) {
            t.regs[instr.ok] = e.rmw >= 0 ? 1 : 0;
            t.deps[instr.ok] = [i];
            t.unknown[instr.ok] = 0;
          }
          i += e.rmw >= 0 ? 2 : 1;
          break;
        case 'lock':
          i += 2;
          break;
        default:
          i++;
          break;
      }
      t.pc++;
      local = run(i);
    }
    if (local.kind === 'pruned') return { kind: 'pruned' };
    this.normalizeStatus(t, evs);
    if (violation !== undefined) return { kind: 'violation', property: violation, t };
    return { kind: 'ok', t };
  }

  // ---- Semantics interface --------------------------------------------------------------

  key(state: LkmmState): string {
    // A thread's local state is a function of its events and branch guesses (`replay`
    // rebuilds it from them, see search.test.ts), so the key holds, per thread, the id of
    // its event list and its guesses; then the co lists; then waiting and pending.
    // Event lists and co lists are immutable once in a state and shared between a state and
    // its successors. Each event's text is interned once (equal texts get the same short
    // id), a list's text is the list of its events' ids, and each list text is interned in
    // turn, so a state's key is a short list of ids and the interned texts stay small.
    // The key is joined from an array: a flat string. (Built with `+=`, it would be a tree of
    // V8 cons strings, which a visited set keeps whole: several times the memory.)
    const parts: string[] = [];
    for (let i = 0; i < state.threads.length; i++) {
      parts.push(this.partId(state.graph.events[i]!, (evs) => this.eventsText(evs)));
      const guesses = state.threads[i]!.guesses;
      if (guesses.length > 0) parts.push(`<${guessesKey(guesses)}>`);
      parts.push(',');
    }
    parts.push('|');
    const co = state.graph.co;
    for (let i = 0; i < co.length; i++)
      if (co[i]!.length > 1) parts.push(`${i}:${this.partId(co[i]!, coKey)},`);
    parts.push(`|${state.waiting}`);
    if (state.pending !== undefined) parts.push(`|!${state.pending}:${state.frozen ?? 0}`);
    return parts.join('');
  }

  /** Key part of an object (by identity) -> its interned id. */
  private readonly partIds = new WeakMap<object, string>();
  /** Full key text of a part -> its id (ids are compared position by position, so parts of different kinds may share one). */
  private readonly interned = new Map<string, string>();

  private partId<T extends object>(o: T, text: (o: T) => string): string {
    let id = this.partIds.get(o);
    if (id === undefined) {
      const full = text(o);
      id = this.interned.get(full);
      if (id === undefined) {
        id = this.interned.size.toString(36);
        this.interned.set(full, id);
      }
      this.partIds.set(o, id);
    }
    return id;
  }

  /** An event list's text: its events' interned ids (event texts are interned with a prefix of their own). */
  private eventsText(evs: readonly LkEvent[]): string {
    const ids: string[] = [];
    for (const e of evs) ids.push(this.partId(e, eventKey));
    return `${ids.join('.')}.`;
  }

  /** The thread state `replay` rebuilds from thread `ti`'s events and guesses (for tests). */
  replayThread(ti: number, evs: readonly LkEvent[], guesses: readonly BranchGuess[]): LkThreadState | null {
    const r = this.replay(ti, evs, guesses);
    return r.kind === 'pruned' ? null : r.t;
  }

  view(state: LkmmState): StateView {
    const settled = !hasUnresolved(state.graph);
    const view: StateView = {
      threads: state.threads,
      value: (addr) => this.latest(state.graph, addr).val,
      settled,
    };
    if (this.model !== 'lkmm' || !this.plain || !settled) return view;
    return { ...view, flags: () => lkmmFlags(state.graph, this.nLoc) };
  }

  isFinal(state: LkmmState): boolean {
    return state.threads.every((t) => t.status === ST_DONE);
  }
}

/** Whether some read of the graph is still unresolved (deferred). */
function hasUnresolved(g: LkGraph): boolean {
  for (const evs of g.events) for (const e of evs) if (e.kind === EV_R && e.rf < 0) return true;
  return false;
}

/** The text of a thread's local state (tests compare replayed threads with it). */
export function threadKey(t: LkThreadState): string {
  let s = `${t.pc},${t.status},${t.regs.join(',')};${t.loops.join(',')};${t.unknown.join('')};`;
  for (const d of t.deps) s += `${d.join('.')}/`;
  for (const sc of t.scopes) s += `[${sc.from}:${sc.join}:${sc.deps.join('.')}]`;
  s += guessesKey(t.guesses);
  return s;
}

function guessesKey(guesses: readonly BranchGuess[]): string {
  let s = '';
  for (const gs of guesses) s += `${gs.pc}:${gs.at}:${gs.taken ? 1 : 0};`;
  return s;
}

/** An event's text, prefixed so that it never equals a list or co text in the shared intern table. */
function eventKey(e: LkEvent): string {
  return `e${e.kind}:${e.flags}:${e.loc}:${e.val}:${e.rf}:${e.pc}${e.seen ? `:${e.seen.join('.')}` : ''}`;
}

function coKey(co: readonly number[]): string {
  return co.join('.');
}
