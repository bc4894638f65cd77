/**
 * Partial-order reduction for the SC and x86-TSO searches: the static analysis.
 *
 * The reduction merges "mover" steps into the step of the same thread that precedes them, the
 * way local code (set, branch, assert) already runs inside the step after a shared access. A
 * mover is a step that commutes with every step another thread can take and that no other
 * thread can enable, disable or observe:
 *
 * - an access (load, store, rmw, unlock) whose every possible address is a location **private**
 *   to the thread (no other thread's instruction can touch it), or **protected** by a lock that
 *   the thread must hold at that pc (every access of the location by any thread happens with that
 *   lock held, and the lock is *clean*: only ever accessed by lock/unlock, and unlocked only by a
 *   thread that must hold it), or the unlock of a clean lock the thread must hold (Lipton: the
 *   release is a left mover, the protected accesses are both movers, so a critical section runs
 *   as one block after its lock step);
 * - a fence (a no-op under SC and, except `smp_mb`, under x86-TSO);
 * - under x86-TSO also the flush of the oldest buffered store of the thread when its address is
 *   private to the thread, protected, or a clean lock (an unlock's entry).
 *
 * Nothing in the reduction is a guess at run time: an address set is an over-approximation
 * computed here (value sets of registers and memory cells, flow-sensitive per thread,
 * flow-insensitive over memory), a lock set is a must-analysis (intersection at joins).
 *
 * ## The reduced transition relation (`porChain`, the same in Wasm `assembly/por.ts`)
 *
 * A state is expanded fully (every thread, every choice, as without reduction); after each
 * successor that thread `t` produced, `t` keeps going while it has a *pending mover*:
 * under TSO first a movable oldest buffer entry (flushed), else the instruction at its pc if the
 * pc is a mover pc and, for an instruction that drains the buffer (rmw, `smp_mb`) under TSO, the
 * buffer is empty; a mover whose step is pruned by an `assume` (or blocked) ends the chain before
 * it, a violating mover ends it with that violation. Only the end of the chain is a state of the
 * search (and of its counts). A chain is capped at {@link POR_CHAIN_CAP} steps (stopping early only
 * stores one more state; it is never unsound).
 *
 * ## Soundness (which verdicts are preserved, and why)
 *
 * Call a state *pending* when some thread has a pending mover. Let α be a pending mover of thread
 * `t` in state `s`. (i) α is enabled in `s` and stays enabled, with the same effect on `t`, along
 * every path on which `t` executes nothing: it reads and writes only `t`'s registers and cells no
 * other thread can touch (private), or cannot touch while `t` holds the lock (protected; under TSO
 * the lock is held in memory until `t`'s unlock entry is flushed, which the FIFO buffer does after
 * the protected entries); an rmw/`smp_mb` under TSO needs `t`'s empty buffer, which only `t` fills.
 * A pruned α prunes for ever: `t` is stuck, and the chain stops there. (ii) α commutes with every
 * step of every other thread (disjoint cells, or cells the other thread cannot reach), and under
 * TSO with `t`'s own flushes and with the execution of `t`'s non-draining instructions (a
 * draining instruction cannot precede the flush of a non-empty buffer). So in any path, every
 * mover can be moved back to just after the previous step of its thread (or to the start), and by
 * local confluence of the chain steps (Newman: the chains terminate, loop bounds are finite) the
 * states of the reordered path after each step + maximal chain are states of the reduced search.
 * Hence **every reachable state that is not pending is reachable in the reduced search**, and
 * every reduced state is reachable without reduction (each chain step is a real step).
 *
 * The properties the checker evaluates are all decided on non-pending states or on steps:
 * - **asserts (kernel WARNs), invalid addresses**: a violating step, in or out of a chain, is a
 *   real step from a reachable state; conversely the violating step of a full path is kept by the
 *   reordering (movers keep their effect on the thread), so a violation is found iff one exists;
 * - **tmigr invariants and `timer-handled`** are evaluated only at quiescent states (every running
 *   thread at an operation boundary; under TSO also every buffer empty). Mover pcs are never
 *   operation boundaries, and a settled state has no buffered entry, so a quiescent state is not
 *   pending;
 * - **deadlock** (`isDeadlocked`): every running thread waits at a held lock (a lock is never a
 *   mover; under TSO the buffers are empty since a flush would be enabled), so the state is not
 *   pending and is reached and has no successors in both searches;
 * - **final checks** are evaluated on final states (every thread done, buffers empty);
 * - **loop bounds** (`incomplete (bound)`): a settled state with a thread stopped at its bound
 *   has a non-pending normal form (the chains of the other threads keep their buffers empty: every
 *   store a mover makes is movable and is flushed at once), with the same thread at its bound.
 * With verdicts preserved, the *first* violation a breadth-first search meets may be another one
 * (another property, another length), and counts are of the reduced graph. The reference explorer
 * without reduction stays the oracle; {@link PorSemantics} is the same reduced relation over
 * core's models (for path expansion and for differential tests of the engine).
 */

import { applyBin, applyUn } from '../ir/eval.js';
import { type Expr, type Instr, isShared, type Program } from '../ir/types.js';

/** {@link PorInfo.locationClass}: no thread may move accesses of this location. */
export const POR_SHARED = -1;
/** {@link PorInfo.locationClass}: a lock-protected location or a clean lock (movable for any thread). */
export const POR_ANY = -2;
/** The most chain steps after one step (reaching it only stores one more state). */
export const POR_CHAIN_CAP = 1 << 16;

/** The result of {@link analyzePor}. */
export interface PorInfo {
  /** Per location index: the owning thread (private), {@link POR_ANY} or {@link POR_SHARED}. */
  readonly locationClass: Int32Array;
  /** Per thread, per pc: 1 when the instruction at pc is a mover. */
  readonly moverPc: readonly Uint8Array[];
  /** Counts for reports: private, protected locations, clean locks, mover pcs. */
  readonly stats: {
    readonly privateLocations: number;
    readonly protectedLocations: number;
    readonly cleanLocks: number;
    readonly moverPcs: number;
    readonly sharedPcs: number;
  };
}

export interface PorAnalysisOptions {
  /**
   * Per thread, pcs where states are observed (tmigr operation boundaries): never movers, so the
   * states before them stay in the search.
   */
  readonly observedPcs?: readonly (ReadonlySet<number> | readonly number[])[] | undefined;
}

/** A value set; null = any value. */
type Vals = Set<number> | null;
/** Value sets larger than this become "any value". */
const MAX_VALS = 64;

function union(a: Vals, b: Vals): Vals {
  if (a === null || b === null) return null;
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const v of b) out.add(v);
  return out.size > MAX_VALS ? null : out;
}

function sameVals(a: Vals, b: Vals): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

function absEval(e: Expr, regs: readonly Vals[], old: Vals): Vals {
  switch (e.k) {
    case 'const':
      return new Set([e.v | 0]);
    case 'reg':
      return regs[e.r] ?? null;
    case 'old':
      return old;
    case 'un': {
      const a = absEval(e.a, regs, old);
      if (a === null) return null;
      return new Set([...a].map((x) => applyUn(e.op, x)));
    }
    case 'bin': {
      const a = absEval(e.a, regs, old);
      const b = absEval(e.b, regs, old);
      if (a === null || b === null || a.size * b.size > 4096) return null;
      const out = new Set<number>();
      for (const x of a) for (const y of b) out.add(applyBin(e.op, x, y));
      return out.size > MAX_VALS ? null : out;
    }
    case 'ite': {
      const c = absEval(e.c, regs, old);
      const t = absEval(e.t, regs, old);
      const f = absEval(e.e, regs, old);
      if (c === null) return union(t, f);
      let out: Vals = new Set<number>();
      if ([...c].some((x) => x !== 0)) out = union(out, t);
      if ([...c].some((x) => x === 0)) out = union(out, f);
      return out;
    }
  }
}

/** Successor pcs of instruction `pc` of a thread (`code.length` = the end). */
function nextPcs(program: Program, t: number, pc: number): number[] {
  const ins = program.threads[t]!.code[pc]!;
  if (ins.op === 'jump') return [ins.target];
  if (ins.op === 'branch') return ins.target === pc + 1 ? [pc + 1] : [pc + 1, ins.target];
  return [pc + 1];
}

/** The registers an expression reads. */
function regsOf(e: Expr, out: Set<number>): Set<number> {
  if (e.k === 'reg') out.add(e.r);
  else if (e.k === 'un') regsOf(e.a, out);
  else if (e.k === 'bin') {
    regsOf(e.a, out);
    regsOf(e.b, out);
  } else if (e.k === 'ite') {
    regsOf(e.c, out);
    regsOf(e.t, out);
    regsOf(e.e, out);
  }
  return out;
}

/**
 * The registers along the edge `pc -> next` when the condition there (branch, assume, assert:
 * after a failing assert the search has stopped) reads one register with a known value set: the
 * values for which the condition can take that edge; null when none can.
 */
function refineEdge(ins: Instr, pc: number, next: number, regs: Vals[]): Vals[] | null {
  let cond: Expr;
  let want: boolean; // the condition is non-zero on this edge
  if (ins.op === 'branch' && ins.target !== pc + 1) {
    cond = ins.cond;
    want = next === ins.target;
  } else if (ins.op === 'assume' || ins.op === 'assert') {
    cond = ins.cond;
    want = true;
  } else return regs;
  const used = regsOf(cond, new Set());
  if (used.size !== 1) return regs;
  const r = [...used][0]!;
  const vals = regs[r];
  if (vals === null || vals === undefined) return regs;
  const probe: Vals[] = regs.slice();
  const kept = new Set<number>();
  for (const v of vals) {
    probe[r] = new Set([v]);
    const c = absEval(cond, probe, null);
    if (c === null || [...c].some((x) => (x !== 0) === want)) kept.add(v);
  }
  if (kept.size === 0) return null;
  const out = regs.slice();
  out[r] = kept;
  return out;
}

/** The address set of a shared instruction (null: unknown), given the registers before it. */
function addressSet(program: Program, t: number, pc: number, regs: readonly Vals[]): Vals {
  const ins = program.threads[t]!.code[pc]!;
  if (ins.op === 'fence' || !isShared(ins)) return new Set();
  return absEval(ins.addr, regs, null);
}

/**
 * The value-set analysis: per thread, per pc, the register value sets before the instruction
 * (null: unreachable), with memory cells as flow-insensitive value sets over all threads.
 */
function valueSets(program: Program): (Vals[] | null)[][] {
  const nLoc = program.locations.length;
  const mem: Vals[] = program.locations.map((l) => new Set([l.init | 0]));
  const readCells = (addrs: Vals): Vals => {
    if (addrs === null) return null;
    let out: Vals = new Set();
    for (const a of addrs) out = a >= 1 && a <= nLoc ? union(out, mem[a - 1]!) : union(out, new Set([0]));
    return out;
  };
  let before: (Vals[] | null)[][] = [];
  for (let round = 0; round < 1000; round++) {
    let memChanged = false;
    const write = (addrs: Vals, v: Vals): void => {
      for (let a = 1; a <= nLoc; a++) {
        if (addrs !== null && !addrs.has(a)) continue;
        const u = union(mem[a - 1]!, v);
        if (!sameVals(u, mem[a - 1]!)) {
          mem[a - 1] = u;
          memChanged = true;
        }
      }
    };
    before = program.threads.map((th, t) => {
      const n = th.code.length;
      const at: (Vals[] | null)[] = new Array(n + 1).fill(null);
      at[0] = th.registers.map((_, r) => new Set([(th.registerInit?.[r] ?? 0) | 0]));
      const work = [0];
      const queued = new Uint8Array(n + 1);
      queued[0] = 1;
      while (work.length > 0) {
        const pc = work.pop()!;
        queued[pc] = 0;
        if (pc >= n) continue;
        const regs = at[pc]!;
        const ins = th.code[pc]!;
        const out = regs.slice();
        switch (ins.op) {
          case 'set':
            out[ins.dst] = absEval(ins.value, regs, null);
            break;
          case 'load':
            out[ins.dst] = readCells(absEval(ins.addr, regs, null));
            break;
          case 'rmw': {
            const addrs = absEval(ins.addr, regs, null);
            const old = readCells(addrs);
            write(addrs, absEval(ins.value, regs, old));
            if (ins.dst !== undefined) out[ins.dst] = old;
            if (ins.ok !== undefined) out[ins.ok] = new Set([0, 1]);
            break;
          }
          case 'store':
            write(absEval(ins.addr, regs, null), absEval(ins.value, regs, null));
            break;
          case 'lock':
          case 'unlock':
            write(absEval(ins.addr, regs, null), new Set([0, 1]));
            break;
          default:
            break;
        }
        for (const next of nextPcs(program, t, pc)) {
          const edge = refineEdge(ins, pc, next, out);
          if (edge === null) continue;
          const cur = at[next];
          let merged: Vals[];
          if (cur === null || cur === undefined) merged = edge;
          else {
            merged = cur.map((v, r) => union(v, edge[r]!));
            if (merged.every((v, r) => sameVals(v, cur[r]!))) continue;
          }
          at[next] = merged;
          if (!queued[next]) {
            queued[next] = 1;
            work.push(next);
          }
        }
      }
      return at;
    });
    if (!memChanged) return before;
  }
  throw new Error('internal: the partial-order analysis did not converge');
}

/** Must-held lock sets (addresses) per thread, per pc; null = unreachable. */
function lockSets(program: Program, values: (Vals[] | null)[][]): (Set<number> | null)[][] {
  return program.threads.map((th, t) => {
    const n = th.code.length;
    const at: (Set<number> | null)[] = new Array(n + 1).fill(null);
    at[0] = new Set();
    const work = [0];
    while (work.length > 0) {
      const pc = work.pop()!;
      if (pc >= n) continue;
      const held = at[pc]!;
      const ins = th.code[pc]!;
      const regs = values[t]![pc];
      if (regs === null || regs === undefined) continue; // unreachable (value analysis)
      let out = held;
      if (ins.op === 'lock' || ins.op === 'unlock') {
        const addrs = addressSet(program, t, pc, regs);
        out = new Set(held);
        if (ins.op === 'lock') {
          if (addrs !== null && addrs.size === 1) out.add([...addrs][0]!);
        } else if (addrs === null) out.clear();
        else for (const a of addrs) out.delete(a);
      }
      for (const next of nextPcs(program, t, pc)) {
        const cur = at[next];
        if (cur === null || cur === undefined) {
          at[next] = new Set(out);
          work.push(next);
          continue;
        }
        const meet = new Set([...cur].filter((a) => out.has(a)));
        if (meet.size !== cur.size) {
          at[next] = meet;
          work.push(next);
        }
      }
    }
    return at;
  });
}

/**
 * Which locations are private to one thread or protected by a lock, and which pcs are movers
 * (see the module comment). Pure and deterministic; linear in the program size times the value
 * set sizes.
 */
export function analyzePor(program: Program, options: PorAnalysisOptions = {}): PorInfo {
  const nLoc = program.locations.length;
  const values = valueSets(program);
  const locks = lockSets(program, values);
  const accessors: Set<number>[] = Array.from({ length: nLoc }, () => new Set());
  /** Per location: the locks held at every access (null: no access yet). */
  const guards: (Set<number> | null)[] = new Array(nLoc).fill(null);
  const lockAccessOnly = new Uint8Array(nLoc).fill(1);
  const badUnlock = new Uint8Array(nLoc);
  let unknownAccess = false;
  const addrs: Vals[][] = program.threads.map((th, t) =>
    th.code.map((ins, pc) => {
      const regs = values[t]![pc];
      if (!isShared(ins) || ins.op === 'fence' || regs === null || regs === undefined)
        return new Set<number>();
      return addressSet(program, t, pc, regs);
    }),
  );
  program.threads.forEach((th, t) => {
    th.code.forEach((ins, pc) => {
      if (!isShared(ins) || ins.op === 'fence' || values[t]![pc] === null) return;
      const set = addrs[t]![pc]!;
      if (set === null) {
        unknownAccess = true;
        return;
      }
      const held = locks[t]![pc] ?? new Set<number>();
      for (const a of set) {
        if (a < 1 || a > nLoc) continue;
        const i = a - 1;
        accessors[i]!.add(t);
        const g = guards[i];
        guards[i] =
          g === null || g === undefined ? new Set(held) : new Set([...g].filter((l) => held.has(l)));
        if (ins.op !== 'lock' && ins.op !== 'unlock') lockAccessOnly[i] = 0;
        if (ins.op === 'unlock' && (set.size !== 1 || !held.has(a))) badUnlock[i] = 1;
      }
    });
  });
  const locationClass = new Int32Array(nLoc).fill(POR_SHARED);
  const cleanLock = new Uint8Array(nLoc);
  let privateLocations = 0;
  let protectedLocations = 0;
  let cleanLocks = 0;
  if (!unknownAccess) {
    for (let i = 0; i < nLoc; i++) {
      if (accessors[i]!.size > 0 && lockAccessOnly[i] && !badUnlock[i]) cleanLock[i] = 1;
    }
    for (let i = 0; i < nLoc; i++) {
      const who = accessors[i]!;
      if (who.size === 1) {
        locationClass[i] = [...who][0]!;
        privateLocations++;
      } else if (cleanLock[i]) {
        locationClass[i] = POR_ANY;
        cleanLocks++;
      } else if (
        !lockAccessOnly[i] &&
        [...(guards[i] ?? [])].some((l) => l >= 1 && l <= nLoc && cleanLock[l - 1])
      ) {
        // Written or read only with a clean lock held, and never itself locked.
        if (
          program.threads.every((th, t) =>
            th.code.every((ins, pc) => !isLockOn(ins.op, addrs[t]![pc]!, i + 1)),
          )
        ) {
          locationClass[i] = POR_ANY;
          protectedLocations++;
        }
      }
    }
  }
  let moverPcs = 0;
  let sharedPcs = 0;
  const moverPc = program.threads.map((th, t) => {
    const flags = new Uint8Array(th.code.length);
    const observed = options.observedPcs?.[t];
    const isObserved = (pc: number): boolean =>
      observed === undefined
        ? false
        : observed instanceof Set
          ? observed.has(pc)
          : (observed as readonly number[]).includes(pc);
    th.code.forEach((ins, pc) => {
      if (!isShared(ins)) return;
      sharedPcs++;
      if (values[t]![pc] === null || isObserved(pc) || unknownAccess) return;
      let mover = false;
      if (ins.op === 'fence') mover = true;
      else if (ins.op !== 'lock') {
        const set = addrs[t]![pc]!;
        const held = locks[t]![pc] ?? new Set<number>();
        mover =
          set !== null &&
          set.size > 0 &&
          [...set].every((a) => {
            if (a < 1 || a > nLoc) return false;
            const c = locationClass[a - 1]!;
            if (c === t) return true;
            if (c !== POR_ANY) return false;
            // A clean lock moves only as this thread's unlock of a lock it holds; a protected
            // location only where one of its guards is held (always, by construction).
            if (cleanLock[a - 1]) return ins.op === 'unlock' && held.has(a);
            return [...(guards[a - 1] ?? [])].some((l) => held.has(l) && cleanLock[l - 1] === 1);
          });
      }
      if (mover) {
        flags[pc] = 1;
        moverPcs++;
      }
    });
    return flags;
  });
  return {
    locationClass,
    moverPc,
    stats: { privateLocations, protectedLocations, cleanLocks, moverPcs, sharedPcs },
  };
}

function isLockOn(op: string, set: Vals, a: number): boolean {
  return (op === 'lock' || op === 'unlock') && (set === null || set.has(a));
}
