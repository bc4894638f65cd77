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
 * `plainDependencyHazard` finds the first such access statically (a flow-insensitive register
 * taint from loads; an address that is not a constant may be any location); the litmus front
 * end reports such tests as unsupported rather than give a verdict that may miss executions.
 */
import type { Expr, Instr, Program } from '../../ir/types.js';

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

/** The address an access may touch: a constant, or null (any location). */
function addressOf(i: Instr): number | null {
  return 'addr' in i && i.addr.k === 'const' ? i.addr.v : null;
}

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
  const plain = program.threads.some((t) =>
    t.code.some((i) => (i.op === 'load' || i.op === 'store') && i.order === 'plain'),
  );
  if (!plain) return null;
  // Per thread, the addresses its reads may touch (null: any).
  const reads = program.threads.map((t) => {
    const out = new Set<number | null>();
    for (const i of t.code) if (isRead(i)) out.add(addressOf(i));
    return out;
  });
  /** Whether a write of thread `ti` may be read by another thread. */
  const exposed = (ti: number, i: Instr): boolean => {
    const a = addressOf(i);
    return reads.some((r, tj) => tj !== ti && r.size > 0 && (a === null || r.has(null) || r.has(a)));
  };
  const blocked = program.threads.map((t) => blockedAccesses(t.code));
  /** Whether thread `ti` has a read that is never deferred (an RMW's or spin_lock's). */
  const neverDeferred = (ti: number) =>
    program.threads[ti]!.code.some((i) => i.op === 'rmw' || i.op === 'lock');
  for (let ti = 0; ti < program.threads.length; ti++) {
    const code = program.threads[ti]!.code;
    for (const pc of blocked[ti]!) {
      const i = code[pc]!;
      if (code.some((x, k) => k > pc && isWrite(x) && exposed(ti, x)))
        return {
          thread: ti,
          pc,
          reason: 'an access whose address or value depends on a read, before a write another thread reads',
        };
      // A plain write that blocks closes a cycle only through another thread that also
      // blocks, or that reads without deferring (an RMW or spin_lock): otherwise the others
      // run on, deferring their reads, and create the write this thread's read waits for.
      const others = program.threads.some(
        (_, tj) => tj !== ti && (blocked[tj]!.length > 0 || neverDeferred(tj)),
      );
      if (i.op === 'store' && i.order === 'plain' && exposed(ti, i) && others)
        return {
          thread: ti,
          pc,
          reason: 'a plain write whose value or address depends on a read, read by another thread',
        };
    }
  }
  return null;
}
