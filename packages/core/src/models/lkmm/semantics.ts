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
 *    then, at an RMW or spin_lock, a *wait* step (the thread lets higher threads go first).
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
 */
import { computeLoopSlots } from '../../encoding/encode.js';
import { evalExpr } from '../../ir/eval.js';
import { isShared, type Program, type RmwOrder, type SharedInstr } from '../../ir/types.js';
import type { Semantics, StateView, StepInfo, Successor } from '../../explore/semantics.js';
import { loopCounts, ST_DONE, ST_RUNNING } from '../../explore/thread.js';
import { BAD_ADDRESS, isValidAddress } from '../access.js';
import { violatedAxiom } from './consistency.js';
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
  refPo,
  refThread,
  TAG_ACQUIRE,
  TAG_MB,
  TAG_NORETURN,
  TAG_ONCE,
  TAG_RELEASE,
  UL,
  type LkEvent,
  type LkGraph,
} from './events.js';
import {
  cloneLkThreadState,
  ctrlDepsAt,
  initialLkThreadState,
  needsGuess,
  RegisterUse,
  runLocalLk,
  unionDeps,
  type BranchGuess,
  type LkThreadState,
} from './local.js';

/** An LKMM state: the threads' local states and the partial execution graph. */
export interface LkmmState {
  readonly threads: readonly LkThreadState[];
  readonly graph: LkGraph;
  /** Bit i: thread i chose to wait until another thread steps. */
  readonly waiting: number;
}

/** Options of the LKMM semantics. */
export interface LkmmOptions {
  /**
   * Allow deferred reads (needed for load-buffering outcomes; default true). Without them
   * the search only builds executions whose po ∪ rf is acyclic.
   */
  readonly deferReads?: boolean;
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
  /** The waiting mask of the successor when it is not the default (this thread stops waiting, the others too). */
  readonly waiting?: number;
}

/** The LKMM: a search over consistent partial execution graphs. */
export class LkmmSemantics implements Semantics<LkmmState> {
  readonly model = 'lkmm' as const;
  readonly program: Program;
  private readonly slots: number[][];
  private readonly loops: number[];
  private readonly use: RegisterUse[];
  private readonly deferReads: boolean;
  private readonly nLoc: number;

  constructor(program: Program, options: LkmmOptions = {}) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.loops = loopCounts(this.slots);
    this.use = program.threads.map(() => new RegisterUse());
    this.deferReads = options.deferReads ?? true;
    this.nLoc = program.locations.length;
  }

  initial(): Successor<LkmmState> {
    const threads = this.program.threads.map((t, i) => initialLkThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocalLk(this.program.threads[i]!, this.slots[i]!, threads[i]!, this.use[i]!, 0);
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
    // Nobody can move unless a waiting thread stops waiting.
    if (out.length === 0 && state.waiting !== 0) return this.successorsWith(state, 0);
    return out;
  }

  private successorsWith(state: LkmmState, waiting: number): Successor<LkmmState>[] {
    const n = state.threads.length;
    let mover = -1;
    for (let ti = 0; ti < n; ti++) {
      if ((waiting & (1 << ti)) === 0 && this.canAddEvent(state, ti)) {
        mover = ti;
        break;
      }
    }
    const out: Successor<LkmmState>[] = [];
    if (mover >= 0) {
      const cands: Candidate[] = [];
      const bad = this.frontierCandidates(state, mover, cands);
      if (bad) return [{ kind: 'violation', property: bad.property, step: bad.step }];
      const instr = this.program.threads[mover]!.code[state.threads[mover]!.pc]!;
      const others = state.threads.some((t, i) => i !== mover && t.status === ST_RUNNING);
      if ((instr.op === 'rmw' || instr.op === 'lock') && others) {
        cands.push({
          threads: state.threads,
          graph: state.graph,
          step: { thread: mover, choice: 0, pc: state.threads[mover]!.pc, instr, note: 'waits: lets other threads go first' },
          waiting: waiting | (1 << mover),
        });
      }
      this.emit(state, waiting, cands, out);
      return out;
    }
    // No thread can add an event: resolve deferred reads of blocked threads, or, once every
    // thread has finished its code, the first remaining deferred read.
    const blocked = state.threads.map((t, i) => t.status === ST_RUNNING && t.pc < this.program.threads[i]!.code.length);
    const anyBlocked = blocked.some((x) => x);
    for (let ti = 0; ti < n; ti++) {
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

  /** Checks each candidate's graph and numbers the choices of its thread. */
  private emit(state: LkmmState, waiting: number, cands: readonly Candidate[], out: Successor<LkmmState>[]): void {
    let choice = 0;
    for (const c of cands) {
      const idx = choice++;
      if (c.waiting === undefined && violatedAxiom(c.graph, this.nLoc) !== null) continue;
      const step: StepInfo = { ...c.step, choice: idx };
      const nextWaiting = c.waiting ?? this.stillWaiting(state, waiting, c.graph);
      if (c.violation !== undefined) out.push({ kind: 'violation', property: c.violation, step });
      else out.push({ kind: 'state', state: { threads: c.threads, graph: c.graph, waiting: nextWaiting }, step });
    }
  }

  /** A waiting thread (at an RMW or spin_lock) stops waiting once its location gets a new write. */
  private stillWaiting(state: LkmmState, waiting: number, graph: LkGraph): number {
    let out = waiting;
    for (let ti = 0; waiting >>> ti !== 0; ti++) {
      if ((waiting & (1 << ti)) === 0) continue;
      const t = state.threads[ti]!;
      const instr = this.program.threads[ti]!.code[t.pc]!;
      if (instr.op !== 'rmw' && instr.op !== 'lock') {
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

  private withThreadEvents(g: LkGraph, ti: number, evs: readonly LkEvent[], coAddr = 0, co?: readonly number[]): LkGraph {
    const events = g.events.slice();
    events[ti] = evs;
    if (coAddr === 0 || !co) return { events, co: g.co };
    const cos = g.co.slice();
    cos[coAddr - 1] = co;
    return { events, co: cos };
  }

  /** Finishes a thread step: local run, status, and the candidate (or nothing if pruned). */
  private finish(
    state: LkmmState,
    ti: number,
    nt: LkThreadState,
    graph: LkGraph,
    step: StepInfo,
    out: Candidate[],
  ): void {
    const local = runLocalLk(this.program.threads[ti]!, this.slots[ti]!, nt, this.use[ti]!, graph.events[ti]!.length);
    if (local.kind === 'pruned') return;
    this.normalizeStatus(nt, graph.events[ti]!);
    const threads = state.threads.slice();
    threads[ti] = nt;
    if (local.kind === 'violation') out.push({ threads, graph, step, violation: local.property });
    else out.push({ threads, graph, step });
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
        return use.unknown(instr.addr, t) || use.unknown(instr.value, t) || use.unknown(instr.guard, t) ? null : instr;
    }
  }

  // ---- step 1: the next shared instruction -------------------------------------------

  /** Pushes the candidates of thread `ti`'s next instruction; returns a bad-address violation. */
  private frontierCandidates(state: LkmmState, ti: number, out: Candidate[]): { property: string; step: StepInfo } | null {
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
        this.finish(state, ti, nt, g, step, out);
      }
      return null;
    }
    const instr = this.instrReady(t, ti);
    if (!instr) return null;
    const evs = g.events[ti]!;
    const po = evs.length;
    const use = this.use[ti]!;
    const pc = t.pc;
    const ctrl = ctrlDepsAt(t, pc);
    const base: StepInfo = { thread: ti, choice: 0, pc, instr };

    if (instr.op === 'fence') {
      const ev: LkEvent = { kind: EV_F, flags: FENCE_FLAG[instr.kind], loc: 0, val: 0, rf: -1, rmw: -1, addr: NO_DEPS, data: NO_DEPS, ctrl, pc };
      const nt = cloneLkThreadState(t);
      nt.pc++;
      this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, ev]), base, out);
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
        const flags = instr.order === 'acquire' ? TAG_ACQUIRE : TAG_ONCE;
        for (const src of co) {
          const val = this.eventOf(g, src).val;
          const ev: LkEvent = { kind: EV_R, flags, loc: addr, val, rf: src, rmw: -1, addr: addrDeps, data: NO_DEPS, ctrl, pc };
          const nt = cloneLkThreadState(t);
          nt.regs[instr.dst] = val;
          nt.deps[instr.dst] = [po];
          nt.unknown[instr.dst] = 0;
          nt.pc++;
          const stale = this.staleInfo(g, addr, src);
          const step: StepInfo = { ...base, addr, read: val, ...(stale ? { stale } : {}) };
          this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, ev]), step, out);
        }
        if (this.deferReads) {
          const seen = g.events.map((e) => e.length);
          seen[ti] = po + 1;
          const ev: LkEvent = { kind: EV_R, flags, loc: addr, val: 0, rf: -1, rmw: -1, addr: addrDeps, data: NO_DEPS, ctrl, pc, seen };
          const nt = cloneLkThreadState(t);
          nt.regs[instr.dst] = 0;
          nt.deps[instr.dst] = [po];
          nt.unknown[instr.dst] = 1;
          nt.pc++;
          const step: StepInfo = { ...base, addr, note: 'read deferred: it takes its value later' };
          this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, ev]), step, out);
        }
        return null;
      }
      case 'store':
      case 'unlock': {
        const isUnlock = instr.op === 'unlock';
        const val = isUnlock ? 0 : evalExpr(instr.value, t.regs);
        const flags = isUnlock ? UL : instr.order === 'release' ? TAG_RELEASE : TAG_ONCE;
        const data = isUnlock ? NO_DEPS : use.deps(instr.value, t);
        const ev: LkEvent = { kind: EV_W, flags, loc: addr, val, rf: -1, rmw: -1, addr: addrDeps, data, ctrl, pc };
        const nevs = [...evs, ev];
        const ref = eventRef(ti, po);
        // Unlock: lock.cat merges UL into co right after its critical section, i.e. last.
        const first = isUnlock ? co.length : 1;
        for (let k = first; k <= co.length; k++) {
          const nco = [...co.slice(0, k), ref, ...co.slice(k)];
          const nt = cloneLkThreadState(t);
          nt.pc++;
          const note = k < co.length ? `placed before ${co.length - k} later write(s) in coherence order` : undefined;
          const step: StepInfo = { ...base, addr, wrote: val, ...(note ? { note } : {}) };
          this.finish(state, ti, nt, this.withThreadEvents(g, ti, nevs, addr, nco), step, out);
        }
        return null;
      }
      case 'lock': {
        const last = this.latest(g, addr);
        if (last.val !== 0) return null; // held: the thread waits
        const r: LkEvent = { kind: EV_R, flags: LKR, loc: addr, val: 0, rf: last.ref, rmw: po + 1, addr: addrDeps, data: NO_DEPS, ctrl, pc };
        const w: LkEvent = { kind: EV_W, flags: LKW, loc: addr, val: 1, rf: -1, rmw: po, addr: addrDeps, data: NO_DEPS, ctrl, pc };
        const nco = [...co, eventRef(ti, po + 1)];
        const nt = cloneLkThreadState(t);
        nt.pc++;
        const step: StepInfo = { ...base, addr, read: 0, wrote: 1 };
        this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, r, w], addr, nco), step, out);
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
            const r: LkEvent = { kind: EV_R, flags: tag | IN_RMW, loc: addr, val: old, rf: src, rmw: po + 1, addr: addrDeps, data: NO_DEPS, ctrl, pc };
            const w: LkEvent = { kind: EV_W, flags: tag | IN_RMW, loc: addr, val, rf: -1, rmw: po, addr: addrDeps, data, ctrl, pc };
            const nco = [...co.slice(0, k + 1), eventRef(ti, po + 1), ...co.slice(k + 1)];
            const step: StepInfo = { ...base, addr, read: old, wrote: val, ...(stale ? { stale } : {}) };
            this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, r, w], addr, nco), step, out);
          } else {
            const r: LkEvent = { kind: EV_R, flags: tag | IN_RMW | FAILED_RMW, loc: addr, val: old, rf: src, rmw: -1, addr: addrDeps, data: NO_DEPS, ctrl, pc };
            const step: StepInfo = { ...base, addr, read: old, ...(stale ? { stale } : {}) };
            this.finish(state, ti, nt, this.withThreadEvents(g, ti, [...evs, r]), step, out);
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
  ): { kind: 'ok'; t: LkThreadState } | { kind: 'pruned' } | { kind: 'violation'; property: string; t: LkThreadState } {
    const thread = this.program.threads[ti]!;
    const slots = this.slots[ti]!;
    const use = this.use[ti]!;
    const t = initialLkThreadState(thread, this.loops[ti]!);
    t.guesses = guesses;
    let local = runLocalLk(thread, slots, t, use, 0);
    let i = 0;
    while (i < evs.length) {
      if (local.kind === 'pruned') return { kind: 'pruned' };
      if (local.kind === 'violation') return { kind: 'violation', property: local.property, t };
      const e = evs[i]!;
      const instr = thread.code[t.pc];
      if (!instr || !isShared(instr) || e.pc !== t.pc) {
        throw new Error(`LKMM replay of thread ${thread.name} diverged at event ${i} (pc ${t.pc}, expected ${e.pc})`);
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
      local = runLocalLk(thread, slots, t, use, i);
    }
    if (local.kind === 'pruned') return { kind: 'pruned' };
    this.normalizeStatus(t, evs);
    if (local.kind === 'violation') return { kind: 'violation', property: local.property, t };
    return { kind: 'ok', t };
  }

  // ---- Semantics interface --------------------------------------------------------------

  key(state: LkmmState): string {
    const parts: string[] = [];
    for (const t of state.threads) {
      let s = `${t.pc},${t.status},${t.regs.join(',')};${t.loops.join(',')};${t.unknown.join('')};`;
      for (const d of t.deps) s += `${d.join('.')}/`;
      for (const sc of t.scopes) s += `[${sc.from}:${sc.join}:${sc.deps.join('.')}]`;
      for (const gs of t.guesses) s += `<${gs.pc}:${gs.at}:${gs.taken ? 1 : 0}>`;
      parts.push(s);
    }
    for (const evs of state.graph.events) {
      let s = '';
      for (const e of evs) s += `${e.kind}:${e.flags}:${e.loc}:${e.val}:${e.rf}:${e.pc}${e.seen ? `:${e.seen.join('.')}` : ''} `;
      parts.push(s);
    }
    for (const co of state.graph.co) parts.push(co.length === 1 ? '' : co.join('.'));
    parts.push(String(state.waiting));
    return parts.join('|');
  }

  view(state: LkmmState): StateView {
    return { threads: state.threads, value: (addr) => this.latest(state.graph, addr).val };
  }

  isFinal(state: LkmmState): boolean {
    return state.threads.every((t) => t.status === ST_DONE);
  }
}
