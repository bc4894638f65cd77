/**
 * Where the LKMM search (`semantics.ts`) can miss executions of a program with plain accesses.
 *
 * The search adds each thread's events in program order. A deferred read leaves its register
 * unknown, and an access whose address or stored value needs that register cannot be added
 * until the read is resolved: the thread blocks there, and so do all of its later events.
 * Two kinds of executions are then out of reach:
 * - a plain write whose value or address depends on a read, read by another thread, can close
 *   a cycle of reads-from and dependencies (plain accesses are in no `hb` edge, so herd7 allows
 *   such cycles: the out-of-thin-air tests of the corpus);
 * - a write po-after the blocked access that another thread reads, and must read before the
 *   deferred read can take its value (load buffering past a dependent access).
 * A write that no other thread reads cannot be needed before the deferred read's write exists
 * (co positions are chosen when a write is added, so a later write may still go co-before it).
 * `plainDependencyHazard` finds such accesses statically (a flow-insensitive register taint
 * from loads; the locations an access may touch come from the value analysis, `values.ts`):
 * the second kind wherever a blocked access precedes a write another thread may read; the
 * first kind only where the delays close a cycle (`delayCycle`). The litmus front end reports
 * such tests as unsupported rather than give a verdict that may miss executions.
 */
import { type Expr, hasPlainAccess, type Instr, type Program } from '../../ir/types.js';
import { analyzeValues } from './values.js';

/** An access that may block behind a deferred read, and why that matters. */
export interface DependencyHazard {
  readonly thread: number;
  readonly pc: number;
  readonly reason: string;
}

function regsOf(e: Expr | undefined, out: number[]): number[] {
  if (!e) return out;
  switch (e.k) {
    case 'reg':
      out.push(e.r);
      break;
    case 'bin':
      regsOf(e.a, out);
      regsOf(e.b, out);
      break;
    case 'un':
      regsOf(e.a, out);
      break;
    case 'ite':
      regsOf(e.c, out);
      regsOf(e.t, out);
      regsOf(e.e, out);
      break;
    default:
      break;
  }
  return out;
}

const isWrite = (i: Instr): boolean =>
  i.op === 'store' || i.op === 'rmw' || i.op === 'lock' || i.op === 'unlock';

const isRead = (i: Instr): boolean => i.op === 'load' || i.op === 'rmw' || i.op === 'lock';

/**
 * The accesses of a thread whose address or value may need a loaded value (a flow-insensitive
 * register taint from loads), in code order.
 */
function blockedAccesses(code: readonly Instr[]): number[] {
  const tainted = new Set<number>();
  for (const i of code) if (i.op === 'load') tainted.add(i.dst);
  let changed = true;
  while (changed) {
    changed = false;
    for (const i of code) {
      if (i.op === 'set' && !tainted.has(i.dst) && regsOf(i.value, []).some((r) => tainted.has(r))) {
        tainted.add(i.dst);
        changed = true;
      }
    }
  }
  const uses = (e: Expr | undefined) => regsOf(e, []).some((r) => tainted.has(r));
  const out: number[] = [];
  code.forEach((i, pc) => {
    switch (i.op) {
      case 'load':
      case 'lock':
      case 'unlock':
        if (uses(i.addr)) out.push(pc);
        break;
      case 'store':
        if (uses(i.addr) || uses(i.value)) out.push(pc);
        break;
      case 'rmw':
        if (uses(i.addr) || uses(i.value) || uses(i.guard)) out.push(pc);
        break;
      default:
        break;
    }
  });
  return out;
}

/**
 * The first access of a program with plain accesses that may block behind a deferred read where
 * that loses executions (see the module doc), or null. Programs without plain accesses are
 * not examined (null).
 */
export function plainDependencyHazard(program: Program): DependencyHazard | null {
  if (!hasPlainAccess(program)) return null;
  const values = analyzeValues(program);
  /** The addresses access (ti, pc) may touch (null: any). */
  const where = (ti: number, pc: number): readonly number[] | null => values.accesses[ti]![pc]!;
  const overlap = (a: readonly number[] | null, b: readonly number[] | null): boolean =>
    a === null || b === null || a.some((x) => b.includes(x));
  // Per thread, the addresses its reads may touch.
  const reads = program.threads.map((t, ti) => t.code.flatMap((i, pc) => (isRead(i) ? [where(ti, pc)] : [])));
  /** Whether a write of thread `ti` at `pc` may be read by another thread. */
  const exposed = (ti: number, pc: number): boolean =>
    reads.some((r, tj) => tj !== ti && r.some((a) => overlap(a, where(ti, pc))));
  const blocked = program.threads.map((t) => blockedAccesses(t.code));
  for (let ti = 0; ti < program.threads.length; ti++) {
    const code = program.threads[ti]!.code;
    for (const pc of blocked[ti]!) {
      if (code.some((x, k) => k > pc && isWrite(x) && exposed(ti, k)))
        return {
          thread: ti,
          pc,
          reason: 'an access whose address or value depends on a read, before a write another thread reads',
        };
    }
  }
  return delayCycle(program, blocked, where, overlap);
}

/**
 * A plain write that waits for a read which, through reads-from and such waits in other
 * threads, waits for that write: a cycle of delays the search cannot build.
 *
 * A read `L` delays the writes of its thread from the first access that may need its value on
 * (every read po-before a blocked access delays the writes from that access on; an RMW or
 * spin_lock read, which is never deferred, delays the writes from itself on). There is an edge
 * `L -> L'` when a read `L'` of another thread may read a write that `L` delays. A cycle means
 * an execution whose reads can only be resolved after themselves; without one, the reads can be
 * resolved in the order of the edges. Only cycles through a blocked plain write count (as
 * before: plain accesses are in no hb edge, so herd7 allows such cycles; the search's
 * completeness for marked accesses does not rest on this check). Conservative: code order
 * stands for program order (a thread with a backward branch counts every read as delaying
 * every write).
 */
function delayCycle(
  program: Program,
  blocked: readonly number[][],
  where: (ti: number, pc: number) => readonly number[] | null,
  overlap: (a: readonly number[] | null, b: readonly number[] | null) => boolean,
): DependencyHazard | null {
  type Node = { readonly thread: number; readonly pc: number };
  const nodes: Node[] = [];
  /** Per node: the writes it delays (thread, pc). */
  const delays: Node[][] = [];
  program.threads.forEach((t, ti) => {
    const code = t.code;
    const loops = code.some((i, pc) => (i.op === 'branch' || i.op === 'jump') && i.target <= pc);
    // The first pc from which each read delays the writes (Infinity: none).
    const from = new Map<number, number>();
    code.forEach((i, pc) => {
      if (!isRead(i)) return;
      let first = loops ? 0 : Number.POSITIVE_INFINITY;
      if (i.op === 'rmw' || i.op === 'lock') first = Math.min(first, pc);
      for (const b of blocked[ti]!) if (b > pc) first = Math.min(first, b);
      from.set(pc, first);
    });
    for (const [pc, first] of from) {
      nodes.push({ thread: ti, pc });
      delays.push(code.flatMap((w, k) => (k >= first && isWrite(w) ? [{ thread: ti, pc: k }] : [])));
    }
  });
  // Edges L -> L', each with the write that carries it.
  const edges = nodes.map((_, a) => {
    const out: { to: number; via: Node }[] = [];
    for (const w of delays[a]!)
      nodes.forEach((r, b) => {
        if (r.thread !== w.thread && overlap(where(r.thread, r.pc), where(w.thread, w.pc)))
          out.push({ to: b, via: w });
      });
    return out;
  });
  // A cycle through an edge carried by a blocked plain write: the edge's target reaches its
  // source. (Cycles of marked accesses only are the search's own business: ordered by hb.)
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    for (let k = 0; k < queue.length; k++) {
      const a = queue[k]!;
      if (a === to) return true;
      for (const e of edges[a]!)
        if (!seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
    }
    return false;
  };
  for (let a = 0; a < nodes.length; a++)
    for (const e of edges[a]!) {
      const w = program.threads[e.via.thread]!.code[e.via.pc]!;
      const plainBlocked =
        w.op === 'store' && w.order === 'plain' && blocked[e.via.thread]!.includes(e.via.pc);
      if (plainBlocked && reaches(e.to, a))
        return {
          thread: e.via.thread,
          pc: e.via.pc,
          reason:
            'a plain write whose value or address depends on a read that, through other threads, waits for it',
        };
    }
  return null;
}
