/**
 * Static facts about the code that remains to be run by each thread, used by the LKMM search
 * to decide when deferring a read is useless (see `semantics.ts`):
 *
 * - `held(t, pc)`: the spinlocks thread `t` surely holds at instruction `pc` whose location is
 *   known (forward must-analysis over the control-flow graph);
 * - `mayWrite(t, pc, loc, readerLocks)`: whether thread `t`, from instruction `pc` on, may
 *   still create a write to `loc` (a store, an RMW, or a lock/unlock of `loc`) that is not
 *   surely inside a critical section of one of `readerLocks`. The reader's locks are not
 *   static: the search takes them from the reader's own lock and unlock events
 *   (`locksHeldBefore` in `semantics.ts`).
 *
 * Why writes inside such a critical section do not count *(derived from lock.cat and
 * linux-kernel.cat)*: let a read r of thread T0 run while T0 holds lock L, and let w be a
 * write of another thread T1, created later, inside a critical section of L. T1 takes L after
 * T0 released it, so there is a chain r ->po-rel UL(T0) ->rf LKR ->acq-po ... ->rf LKR(T1)
 * ->acq-po w (each hand-over an rfe, or for a re-acquisition by T0 itself a
 * po-unlock-lock-po edge), all in hb. Then rf w->r (an rfe) closes an hb cycle: r can never
 * read w. A read of T0 can never read a po-later write of T0 either (coherence), so only the
 * other threads' future writes matter.
 *
 * Which locks a write is inside: the locations an instruction may access come from the value
 * analysis of `values.ts` (pointer registers loaded from shared cells or computed from
 * constants); an instruction whose address set is ⊤ counts as writing "any location". A
 * spin_lock whose address set is one location holds that location. A spin_lock through a
 * register, `reg + off`, holds a *pointer lock* while `reg` is not written: a write through
 * `reg + c` to location `a` is inside the lock at `a - c + off` (tmigr's
 * `raw_spin_lock(&group->lock)` then `group->next_expiry = ...`). Where a path that took the
 * lock joins one on which `reg` is surely 0 (`if (child) raw_spin_lock(&child->lock)`), the lock
 * is held wherever `reg` is not 0. A spin_unlock through the same register releases exactly
 * that lock (two locks a thread holds are distinct locations: taking a held spinlock never
 * returns); any other spin_unlock releases every lock its address may denote.
 */
import type { Expr, Instr, Program, Thread } from '../../ir/types.js';
import { analyzeValues, type ValueAnalysis } from './values.js';

/** Key of writes whose address is not known statically. */
const ANY_LOC = -1;

type LockSet = readonly number[];
type WriteMap = ReadonlyMap<number, LockSet>;

const EMPTY: LockSet = [];

function intersect(a: LockSet, b: LockSet): LockSet {
  if (a === b) return a;
  return a.filter((x) => b.includes(x));
}

function sameSet(a: LockSet | null, b: LockSet | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function joinWrites(a: WriteMap, b: WriteMap): WriteMap {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const out = new Map(a);
  for (const [loc, locks] of b) {
    const mine = out.get(loc);
    out.set(loc, mine === undefined ? locks : intersect(mine, locks));
  }
  return out;
}

function sameWrites(a: WriteMap, b: WriteMap): boolean {
  if (a.size !== b.size) return false;
  for (const [loc, locks] of a) {
    const other = b.get(loc);
    if (other === undefined || !sameSet(locks, other)) return false;
  }
  return true;
}

/** Per-thread tables of surely-held locks and of the writes still ahead (see the module doc). */
export class FutureWrites {
  /** [thread][pc]: locks surely held at pc (sorted addresses). */
  private readonly heldAt: Held[][];
  /** [thread][pc]: location (or ANY_LOC) -> locks surely held at every reachable write to it. */
  private readonly ahead: WriteMap[][];

  /** The value analysis the tables were computed from. */
  readonly values: ValueAnalysis;

  constructor(program: Program) {
    this.heldAt = [];
    this.ahead = [];
    this.values = analyzeValues(program);
    program.threads.forEach((thread, ti) => {
      const addrOf = this.values.accesses[ti]!;
      const held = mustHeld(thread, addrOf);
      this.heldAt.push(held);
      this.ahead.push(writesAhead(thread, addrOf, held));
    });
  }

  /** The locks thread `t` surely holds at instruction `pc`. */
  held(t: number, pc: number): LockSet {
    return this.heldAt[t]![pc]?.locks ?? EMPTY;
  }

  /**
   * The writes thread `t` may still create from instruction `pc` on: location (-1 for a write
   * whose address is not known statically) -> the locks surely held at every such write (for
   * encoding the table into the Wasm engine's buffer).
   */
  writesAhead(t: number, pc: number): ReadonlyMap<number, readonly number[]> {
    return this.ahead[t]![pc] ?? new Map();
  }

  /**
   * Whether thread `t`, from instruction `pc` on, may still write `loc` outside every critical
   * section of the locks in `readerLocks`.
   */
  mayWrite(t: number, pc: number, loc: number, readerLocks: LockSet): boolean {
    const m = this.ahead[t]![pc];
    if (!m || m.size === 0) return false;
    for (const key of [loc, ANY_LOC]) {
      const locks = m.get(key);
      if (locks !== undefined && !locks.some((l) => readerLocks.includes(l))) return true;
    }
    return false;
  }
}

/** Per instruction: the addresses it may access (null = any location). */
type AddrSets = readonly (readonly number[] | null)[];

/**
 * A lock held through a pointer register: `spin_lock(reg + off)` with `reg` not written
 * since. Its location is not known statically, but an access `reg + c` made while it is held
 * (same register, still unwritten) touches location `a` only if the lock is `a - c + off`.
 * A *nullable* one is held only where `reg` is not 0: the kernel's `if (child)
 * raw_spin_lock(&child->lock)` joins a path where `child` is NULL.
 */
interface PointerLock {
  readonly reg: number;
  readonly off: number;
  readonly nullable: boolean;
  /** The locations the lock may be (the value analysis of the lock instruction's address). */
  readonly addrs: readonly number[] | null;
}

/** The locks surely held at a pc (by location, and through pointer registers) and the registers surely 0. */
interface Held {
  readonly locks: LockSet;
  readonly pointers: readonly PointerLock[];
  readonly zero: readonly number[];
}

const NOTHING_HELD: Held = { locks: EMPTY, pointers: [], zero: [] };

/** `reg` or `reg + const` (either order): the register and the offset; null otherwise. */
export function pointerOffset(e: Expr): { reg: number; off: number } | null {
  if (e.k === 'reg') return { reg: e.r, off: 0 };
  if (e.k === 'bin' && e.op === 'add') {
    if (e.a.k === 'reg' && e.b.k === 'const') return { reg: e.a.r, off: e.b.v };
    if (e.b.k === 'reg' && e.a.k === 'const') return { reg: e.b.r, off: e.a.v };
  }
  return null;
}

const samePointer = (a: PointerLock, b: PointerLock): boolean => a.reg === b.reg && a.off === b.off;

/** Pointer locks held on both paths; one held on one path only survives, nullable, if its register is 0 on the other. */
function meetPointers(a: Held, b: Held): PointerLock[] {
  const out: PointerLock[] = [];
  for (const p of a.pointers) {
    const q = b.pointers.find((x) => samePointer(p, x));
    if (q) out.push(p.nullable || !q.nullable ? p : q);
    else if (b.zero.includes(p.reg)) out.push({ ...p, nullable: true });
  }
  for (const q of b.pointers) {
    if (!a.pointers.some((x) => samePointer(q, x)) && a.zero.includes(q.reg))
      out.push({ ...q, nullable: true });
  }
  return out;
}

function meet(a: Held, b: Held): Held {
  if (a === b) return a;
  return {
    locks: intersect(a.locks, b.locks),
    pointers: meetPointers(a, b),
    zero: a.zero.filter((r) => b.zero.includes(r)),
  };
}

function sameHeld(a: Held | null, b: Held | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    sameSet(a.locks, b.locks) &&
    a.zero.length === b.zero.length &&
    a.zero.every((r) => b.zero.includes(r)) &&
    a.pointers.length === b.pointers.length &&
    a.pointers.every((p) => b.pointers.some((q) => samePointer(p, q) && p.nullable === q.nullable))
  );
}

/** The registers an instruction writes. */
function writtenRegisters(i: Instr): readonly number[] {
  switch (i.op) {
    case 'load':
    case 'set':
      return [i.dst];
    case 'rmw':
      return [...(i.dst !== undefined ? [i.dst] : []), ...(i.ok !== undefined ? [i.ok] : [])];
    default:
      return [];
  }
}

const mayAlias = (a: readonly number[] | null, b: readonly number[] | null): boolean =>
  a === null || b === null || a.some((x) => b.includes(x));

const isZero = (e: Expr): boolean => e.k === 'const' && e.v === 0;

/** The registers that are surely 0 when `cond` evaluates to `truth`. */
function zeroWhen(cond: Expr, truth: boolean): number[] {
  if (cond.k === 'reg') return truth ? [] : [cond.r];
  if (cond.k === 'un' && cond.op === 'not') return zeroWhen(cond.a, !truth);
  if (cond.k !== 'bin') return [];
  if ((cond.op === 'eq' && truth) || (cond.op === 'ne' && !truth)) {
    if (cond.a.k === 'reg' && isZero(cond.b)) return [cond.a.r];
    if (cond.b.k === 'reg' && isZero(cond.a)) return [cond.b.r];
    return [];
  }
  if ((cond.op === 'land' && truth) || (cond.op === 'lor' && !truth))
    return [...zeroWhen(cond.a, truth), ...zeroWhen(cond.b, truth)];
  return [];
}

function successorsOf(thread: Thread, pc: number): number[] {
  const i = thread.code[pc]!;
  if (i.op === 'branch') return [pc + 1, i.target];
  if (i.op === 'jump') return [i.target];
  return [pc + 1];
}

/** The effect of instruction `pc` on the locks surely held, along the edge to `next`. */
function heldAfter(thread: Thread, pc: number, next: number, addrOf: AddrSets, input: Held): Held {
  const i = thread.code[pc]!;
  let { locks, pointers, zero } = input;
  if (i.op === 'lock') {
    const a = addrOf[pc];
    if (a && a.length === 1 && !locks.includes(a[0]!)) locks = [...locks, a[0]!].sort((x, y) => x - y);
    // Also through its register: that survives a join with a path where the register is NULL.
    const p = pointerOffset(i.addr);
    if (p) {
      const mine: PointerLock = { ...p, nullable: false, addrs: a ?? null };
      pointers = [...pointers.filter((q) => !samePointer(q, mine)), mine];
    }
  } else if (i.op === 'unlock') {
    const a = addrOf[pc] ?? null;
    const p = pointerOffset(i.addr);
    const exact = p ? pointers.find((q) => q.reg === p.reg && q.off === p.off && !q.nullable) : undefined;
    if (exact) {
      // Two locks a thread holds are distinct locations (taking a held spinlock again never
      // returns), so this releases exactly the lock taken through the same register.
      pointers = pointers.filter((q) => q !== exact);
      // The same lock may be held by location too (its address was a single location).
      if (exact.addrs?.length === 1) locks = locks.filter((x) => x !== exact.addrs![0]);
    } else {
      locks = a === null ? EMPTY : locks.filter((x) => !a.includes(x));
      pointers = pointers.filter((q) => !mayAlias(q.addrs, a));
    }
  } else if (i.op === 'branch' && i.target !== pc + 1) {
    const facts = zeroWhen(i.cond, next === i.target).filter((r) => !zero.includes(r));
    if (facts.length > 0) zero = [...zero, ...facts];
  }
  const dsts = writtenRegisters(i);
  if (dsts.length > 0) {
    pointers = pointers.filter((q) => !dsts.includes(q.reg));
    zero = zero.filter((r) => !dsts.includes(r));
    if (i.op === 'set' && isZero(i.value)) zero = [...zero, i.dst];
  }
  return locks === input.locks && pointers === input.pointers && zero === input.zero
    ? input
    : { locks, pointers, zero };
}

/** Forward must-analysis: the locks held at each pc (index code.length = thread exit). */
function mustHeld(thread: Thread, addrOf: AddrSets): Held[] {
  const n = thread.code.length;
  const held: (Held | null)[] = new Array<Held | null>(n + 1).fill(null);
  held[0] = NOTHING_HELD;
  const work = [0];
  while (work.length > 0) {
    const pc = work.pop()!;
    if (pc >= n) continue;
    for (const s of successorsOf(thread, pc)) {
      const out = heldAfter(thread, pc, s, addrOf, held[pc]!);
      const prev = held[s] ?? null;
      const next = prev === null ? out : meet(prev, out);
      if (!sameHeld(prev, next)) {
        held[s] = next;
        work.push(s);
      }
    }
  }
  return held.map((h) => h ?? NOTHING_HELD);
}

/**
 * The locks surely held at a write to `loc` made by instruction `i`: the locks held by
 * location, and each pointer lock whose register is the write's own address register.
 */
function locksAtWrite(i: Instr, loc: number, held: Held): LockSet {
  if (held.pointers.length === 0 || !('addr' in i)) return held.locks;
  const p = pointerOffset(i.addr);
  if (!p) return held.locks;
  // The write's register holds loc - p.off; a nullable lock is held only if that is not 0.
  const extra = held.pointers
    .filter((q) => q.reg === p.reg && (!q.nullable || loc - p.off !== 0))
    .map((q) => loc - p.off + q.off);
  if (extra.length === 0) return held.locks;
  return [...new Set([...held.locks, ...extra])].sort((x, y) => x - y);
}

/** Backward analysis: the writes reachable from each pc, with the locks surely held at them. */
function writesAhead(thread: Thread, addrOf: AddrSets, held: readonly Held[]): WriteMap[] {
  const n = thread.code.length;
  const own: WriteMap[] = thread.code.map((i, pc) => {
    if (i.op !== 'store' && i.op !== 'rmw' && i.op !== 'lock' && i.op !== 'unlock') return new Map();
    const a = addrOf[pc];
    const h = held[pc]!;
    if (a === null || a === undefined) return new Map([[ANY_LOC, h.locks]]);
    return new Map(a.map((loc) => [loc, locksAtWrite(i, loc, h)] as const));
  });
  const ahead: WriteMap[] = new Array<WriteMap>(n + 1).fill(new Map());
  let changed = true;
  while (changed) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      let m = own[pc]!;
      for (const s of successorsOf(thread, pc)) if (s <= n) m = joinWrites(m, ahead[s]!);
      if (!sameWrites(m, ahead[pc]!)) {
        ahead[pc] = m;
        changed = true;
      }
    }
  }
  return ahead;
}
