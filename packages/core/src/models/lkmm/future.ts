/**
 * Static facts about the code that remains to be run by each thread, used by the LKMM search
 * to decide when deferring a read is useless (see `semantics.ts`):
 *
 * - `held(t, pc)`: the spinlocks thread `t` surely holds when it reaches instruction `pc`
 *   (forward must-analysis over the control-flow graph; only locks whose address denotes a
 *   single location count);
 * - `mayWrite(t, pc, loc, readerLocks)`: whether thread `t`, from instruction `pc` on, may
 *   still create a write to `loc` (a store, an RMW, or a lock/unlock of `loc`) that is not
 *   surely inside a critical section of one of `readerLocks`.
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
 * The locations an instruction may access come from the value analysis of `values.ts`
 * (pointer registers loaded from shared cells or computed from constants); an
 * instruction whose address set is ⊤ counts as writing "any location". A spin_lock counts as
 * acquiring its lock only when its address set is a single location; a spin_unlock releases
 * every lock its address may denote.
 */
import type { Program, Thread } from '../../ir/types.js';
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
  private readonly heldAt: LockSet[][];
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
    return this.heldAt[t]![pc] ?? EMPTY;
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

function successorsOf(thread: Thread, pc: number): number[] {
  const i = thread.code[pc]!;
  if (i.op === 'branch') return [pc + 1, i.target];
  if (i.op === 'jump') return [i.target];
  return [pc + 1];
}

/** Forward must-analysis: the locks held at each pc (index code.length = thread exit). */
function mustHeld(thread: Thread, addrOf: AddrSets): LockSet[] {
  const n = thread.code.length;
  const held: (LockSet | null)[] = new Array<LockSet | null>(n + 1).fill(null);
  held[0] = EMPTY;
  const work = [0];
  while (work.length > 0) {
    const pc = work.pop()!;
    if (pc >= n) continue;
    const input = held[pc]!;
    const i = thread.code[pc]!;
    let out = input;
    if (i.op === 'lock') {
      const a = addrOf[pc];
      if (a && a.length === 1 && !input.includes(a[0]!)) out = [...input, a[0]!].sort((x, y) => x - y);
    } else if (i.op === 'unlock') {
      const a = addrOf[pc];
      out = a === null || a === undefined ? EMPTY : input.filter((x) => !a.includes(x));
    }
    for (const s of successorsOf(thread, pc)) {
      const prev = held[s] ?? null;
      const next = prev === null ? out : intersect(prev, out);
      if (!sameSet(prev, next)) {
        held[s] = next;
        work.push(s);
      }
    }
  }
  return held.map((h) => h ?? EMPTY);
}

/** Backward analysis: the writes reachable from each pc, with the locks surely held at them. */
function writesAhead(thread: Thread, addrOf: AddrSets, held: readonly LockSet[]): WriteMap[] {
  const n = thread.code.length;
  const own: WriteMap[] = thread.code.map((i, pc) => {
    if (i.op !== 'store' && i.op !== 'rmw' && i.op !== 'lock' && i.op !== 'unlock') return new Map();
    const a = addrOf[pc];
    const locks = held[pc]!;
    if (a === null || a === undefined) return new Map([[ANY_LOC, locks]]);
    return new Map(a.map((loc) => [loc, locks] as const));
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
