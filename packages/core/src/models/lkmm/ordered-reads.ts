/**
 * Which loads the LKMM search needs to defer (`semantics.ts`): a static analysis of each
 * thread's code.
 *
 * Deferring a read lets its thread run on before the write it reads exists. That is needed
 * only for executions whose po ∪ rf has a cycle (load buffering); every other execution is
 * built by letting the reader *wait* until its write exists. Call a read **ordered** when every
 * write po-after it that another thread may read is hb-after it:
 * - the read is an acquire (acq-po), or
 * - the write is a release (po-rel; spin_unlock is one), or
 * - an `smp_mb()` lies between them (strong fence), or
 * - a successful fully ordered RMW lies between them or is the write: the read is mb-before
 *   the RMW's read (`[M] ; po ; [Mb & R]`), that read is fri-before the RMW's write
 *   (`overwrite & int` is in to-w, so in ppo), and that write is mb-before everything
 *   po-after it (`[Mb & W] ; po ; [M]`).
 *
 * Claim: if every read the search never defers (ordered loads, RMW reads, spin_lock reads) is
 * ordered, every consistent execution is reached with deferral of the other loads only.
 * Proof sketch: the search can add the events in any order that puts the write each
 * non-deferred read takes before that read. Such an order exists unless po ∪ (rf into
 * non-deferred reads) has a cycle. On such a cycle every po segment runs from a non-deferred
 * read to a po-later write that another thread reads (internal rf edges only lengthen a
 * segment), so it is in hb+, and each rf edge between threads is an rfe, also in hb: the cycle
 * is an hb cycle, which the happens-before axiom forbids. spin_lock reads are always ordered
 * (LKR is an acquire); RMW reads are checked like loads, and when one is not ordered,
 * {@link deferrableLoads} keeps every load deferrable.
 *
 * A load whose location no other thread with a read (a load, an RMW or a spin_lock) may write
 * is never deferred either, ordered or not: it may read only the initial value, its own
 * thread's writes, or writes of threads without reads, and such a write has only writes
 * po-before it and no rf edge into them, so it lies on no po ∪ rf cycle. The rf edge into the
 * load is on no cycle, and the cycles of the claim never use it. (tmigr's clock thread only
 * writes `jiffies`: every read of `jiffies` waits for its write.)
 *
 * The analysis is conservative: a write counts as possibly unordered unless one of the rules
 * above surely applies on every path to it. The success of a conditional fully ordered RMW is
 * recognised on the edge of a branch on its `ok` register that immediately follows it.
 */
import type { ModelName } from '../../explore/semantics.js';
import { type Expr, hasPlainAccess, type Instr, type Program, type Thread } from '../../ir/types.js';
import type { ValueAnalysis } from './values.js';

/** Per instruction: the addresses it may access (null = any location). */
type AddrSets = readonly (readonly number[] | null)[];

/** Threads that may read each location (a load, an RMW or a spin_lock), by thread index. */
class Readers {
  private readonly byLoc = new Map<number, Set<number>>();
  private readonly anywhere = new Set<number>();

  add(thread: number, addrs: readonly number[] | null): void {
    if (addrs === null) {
      this.anywhere.add(thread);
      return;
    }
    for (const a of addrs) {
      let s = this.byLoc.get(a);
      if (!s) this.byLoc.set(a, (s = new Set()));
      s.add(thread);
    }
  }

  /** Whether a thread other than `thread` may read one of `addrs` (null = any location). */
  others(thread: number, addrs: readonly number[] | null): boolean {
    const other = (s: ReadonlySet<number> | undefined): boolean =>
      s !== undefined && [...s].some((t) => t !== thread);
    if (other(this.anywhere)) return addrs === null || addrs.length > 0;
    if (addrs === null) return [...this.byLoc.values()].some(other);
    return addrs.some((a) => other(this.byLoc.get(a)));
  }
}

const reads = (i: Instr): boolean => i.op === 'load' || i.op === 'rmw' || i.op === 'lock';

/**
 * Whether an RMW's read is ordered (see the module doc), given whether an unordered write may
 * follow it. An unconditional fully ordered or acquire RMW orders everything po-after its read.
 * A failed conditional one is neither (the bell's Mb and Acquire exclude FailedRMW), so the
 * writes ahead decide; past a fully ordered one they exclude the success edge.
 */
const rmwReadOrdered = (i: Instr, writesAhead: boolean): boolean =>
  i.op === 'rmw' && ((i.guard === undefined && (i.order === 'mb' || i.order === 'acquire')) || !writesAhead);

/** The register `e` tests against zero (`r`, `!r`, `r != 0` or `r == 0`), and the sense of the test. */
function okTest(e: Expr): { reg: number; takenOnSuccess: boolean } | null {
  if (e.k === 'reg') return { reg: e.r, takenOnSuccess: true };
  if (e.k === 'un' && e.op === 'not' && e.a.k === 'reg') return { reg: e.a.r, takenOnSuccess: false };
  if (e.k !== 'bin' || (e.op !== 'ne' && e.op !== 'eq')) return null;
  if (e.a.k !== 'reg' || e.b.k !== 'const' || e.b.v !== 0) return null;
  return { reg: e.a.r, takenOnSuccess: e.op === 'ne' };
}

/**
 * [pc]: for a branch right after a conditional fully ordered RMW that tests the RMW's `ok`
 * register, which successor is reached only on success; otherwise undefined.
 */
function successEdges(thread: Thread): (number | undefined)[] {
  const code = thread.code;
  const targeted = new Set<number>();
  for (const i of code) if (i.op === 'branch' || i.op === 'jump') targeted.add(i.target);
  return code.map((i, pc) => {
    const prev = code[pc - 1];
    if (i.op !== 'branch' || !prev || prev.op !== 'rmw' || prev.order !== 'mb' || prev.ok === undefined)
      return undefined;
    if (targeted.has(pc)) return undefined; // reachable other than right after the RMW
    const t = okTest(i.cond);
    if (!t || t.reg !== prev.ok) return undefined;
    return t.takenOnSuccess ? i.target : pc + 1;
  });
}

function successorsOf(i: Instr, pc: number): number[] {
  if (i.op === 'branch') return [pc + 1, i.target];
  if (i.op === 'jump') return [i.target];
  return [pc + 1];
}

/**
 * Backward analysis: [pc] whether some path from `pc` (included) reaches a write that another
 * thread may read before an ordering point, the write itself not ordered by its own kind.
 */
function unorderedWriteAhead(thread: Thread, ti: number, addrOf: AddrSets, readers: Readers): boolean[] {
  const code = thread.code;
  const n = code.length;
  const success = successEdges(thread);
  const exposed = (pc: number): boolean => readers.others(ti, addrOf[pc] ?? []);
  const own = (pc: number): 'write' | 'fence' | 'pass' => {
    const i = code[pc]!;
    switch (i.op) {
      case 'fence':
        return i.kind === 'mb' ? 'fence' : 'pass';
      case 'store':
        return i.order !== 'release' && exposed(pc) ? 'write' : 'pass';
      case 'lock':
        return exposed(pc) ? 'write' : 'pass';
      case 'rmw':
        if (i.order === 'mb') return i.guard === undefined ? 'fence' : 'pass';
        return i.order !== 'release' && exposed(pc) ? 'write' : 'pass';
      default:
        return 'pass'; // unlock is a release; loads, locals and branches write nothing
    }
  };
  const ahead = new Array<boolean>(n + 1).fill(false);
  let changed = true;
  while (changed) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      const kind = own(pc);
      let v = kind === 'write';
      if (kind === 'pass') {
        for (const s of successorsOf(code[pc]!, pc)) {
          if (s === success[pc]) continue; // past a successful fully ordered RMW
          if (s <= n && ahead[s]) v = true;
        }
      }
      if (v !== ahead[pc]) {
        ahead[pc] = v;
        changed = true;
      }
    }
  }
  return ahead;
}

/**
 * The locations each thread with a read (a load, an RMW or a spin_lock) may write (null: any),
 * and undefined for a thread without reads. A write of a thread without reads has only writes
 * po-before it, so it lies on no po ∪ rf cycle.
 */
function writesOfReadingThreads(program: Program, values: ValueAnalysis): (Set<number> | null | undefined)[] {
  return program.threads.map((t, tj) => {
    if (!t.code.some(reads)) return undefined;
    const out = new Set<number>();
    for (let pc = 0; pc < t.code.length; pc++) {
      const op = t.code[pc]!.op;
      if (op !== 'store' && op !== 'rmw' && op !== 'lock' && op !== 'unlock') continue;
      const w = values.accesses[tj]![pc];
      if (w === null || w === undefined) return null;
      for (const a of w) out.add(a);
    }
    return out;
  });
}

/**
 * [thread][pc]: whether the load at `pc` may need deferring (it is not ordered, see the module
 * doc, and a thread that has reads may write its location); false for other instructions.
 * Every load that such a thread may write is deferrable when some RMW read of the program is
 * not ordered.
 */
export function deferrableLoads(program: Program, values: ValueAnalysis): boolean[][] {
  const readers = new Readers();
  program.threads.forEach((t, ti) => {
    t.code.forEach((i, pc) => {
      if (reads(i)) readers.add(ti, values.accesses[ti]![pc] ?? []);
    });
  });
  // A load whose location only threads without reads write never lies on a po ∪ rf cycle as
  // the target of its rf edge (its write has no read po-before it): it waits for its write.
  const writers = writesOfReadingThreads(program, values);
  const onCycle = (ti: number, pc: number): boolean => {
    const addrs = values.accesses[ti]![pc] ?? null;
    return writers.some(
      (w, tj) =>
        tj !== ti && w !== undefined && (w === null || addrs === null || addrs.some((a) => w.has(a))),
    );
  };
  const ahead = program.threads.map((t, ti) => unorderedWriteAhead(t, ti, values.accesses[ti]!, readers));
  // An RMW read that is not ordered may sit on a cycle with no deferrable read: keep them all.
  const rmwUnordered = program.threads.some((t, ti) =>
    t.code.some((i, pc) => i.op === 'rmw' && !rmwReadOrdered(i, ahead[ti]![pc + 1] ?? false)),
  );
  return program.threads.map((t, ti) =>
    t.code.map((i, pc) => {
      if (i.op !== 'load' || !onCycle(ti, pc)) return false;
      if (rmwUnordered) return true;
      if (i.order === 'acquire') return false;
      return successorsOf(i, pc).some((s) => ahead[ti]![s] ?? false);
    }),
  );
}

/**
 * Whether the search may wait at ordered reads (`deferrableLoads`; option `orderedReadsWait`,
 * default on). Not under the LKMM axioms for a program with a plain access: a plain access is
 * in no hb edge, so the claim above does not hold for it. SC and x86-TSO treat plain accesses as
 * marked ones, and the analysis applies as it stands.
 */
export function orderedReadsApply(
  program: Program,
  options: { readonly axioms?: ModelName; readonly orderedReadsWait?: boolean },
): boolean {
  if (!(options.orderedReadsWait ?? true)) return false;
  return (options.axioms ?? 'lkmm') !== 'lkmm' || !hasPlainAccess(program);
}
