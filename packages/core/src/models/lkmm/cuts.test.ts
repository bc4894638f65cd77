import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../ir/builder.js';
import { c } from '../../ir/expr.js';
import type { Program } from '../../ir/types.js';
import { quiescentCuts } from './cuts.js';
import { LkmmSemantics, type LkmmState } from './semantics.js';

/** Every finished state of the LKMM search of `p`. */
function finals(p: Program): LkmmState[] {
  const sem = new LkmmSemantics(p);
  const init = sem.initial();
  if (init.kind !== 'state') return [];
  const seen = new Set([sem.key(init.state)]);
  const queue = [init.state];
  const out: LkmmState[] = [];
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    if (sem.isFinal(s)) out.push(s);
    for (const n of sem.successors(s)) {
      if (n.kind !== 'state' || seen.has(sem.key(n.state))) continue;
      seen.add(sem.key(n.state));
      queue.push(n.state);
    }
  }
  return out;
}

describe('quiescent cuts of an LKMM execution', () => {
  // P0 runs two operations (x = 1, then x = 2); P1 one (r = x). Boundaries: P0 at pcs 0 and 1, P1 at 0.
  const b = new ProgramBuilder('cuts');
  const x = b.location('x');
  const p0 = b.thread('P0');
  p0.store(x, c(1)).store(x, c(2));
  const p1 = b.thread('P1');
  p1.load(p1.reg('r'), x);
  const program = b.build();
  const boundaries = [[0, 1], [0]];

  it('lists the rf-closed cuts at operation boundaries, with the co-latest value inside each', () => {
    const byRead = new Map<number, string[]>();
    for (const s of finals(program)) {
      const read = s.graph.events[1]![0]!.val;
      const cuts = quiescentCuts(program, s.graph, s.threads, boundaries).map(
        (cut) => `${cut.kept.join('/')}:${cut.nextOp.join('/')}=x${cut.view.value(1)}`,
      );
      byRead.set(read, cuts.sort());
    }
    // P1 read 1: a cut holding P1's read must hold P0's first write (rf-closed).
    expect(byRead.get(1)).toEqual(['0/0:0/0=x0', '1/0:1/0=x1', '1/1:1/-1=x1', '2/0:-1/0=x2']);
    // P1 read 0 (the initial value): its read may be in every cut; the whole graph is left out.
    expect(byRead.get(0)).toEqual(['0/0:0/0=x0', '0/1:0/-1=x0', '1/0:1/0=x1', '1/1:1/-1=x1', '2/0:-1/0=x2']);
    // P1 read 2: only cuts with both of P0's writes may hold P1's read.
    expect(byRead.get(2)).toEqual(['0/0:0/0=x0', '1/0:1/0=x1', '2/0:-1/0=x2']);
  });

  it('puts each thread of a cut at the pc of the operation it is about to start', () => {
    const [s] = finals(program);
    const cut = quiescentCuts(program, s!.graph, s!.threads, boundaries).find((k) => k.nextOp[0] === 1);
    if (!cut) throw new Error('no cut with P0 before its second operation');
    expect(cut.view.threads[0]?.pc).toBe(1);
    expect(cut.view.settled).toBe(true);
  });

  it('never cuts between the read and the write of an RMW', () => {
    const b2 = new ProgramBuilder('cut-rmw');
    const y = b2.location('y');
    const t = b2.thread('P0');
    t.rmw(y, c(1), { order: 'mb' }).store(y, c(2));
    const p = b2.build();
    const [s] = finals(p);
    const kept = quiescentCuts(p, s!.graph, s!.threads, [[0, 1]]).map((k) => k.kept[0]);
    // Events: R y (rmw), W y (rmw), W y. Cuts before the RMW (0) and before the store (2); 3 is the whole graph.
    expect(s!.graph.events[0]!.length).toBe(3);
    expect(kept).toEqual([0, 2]);
  });
});
