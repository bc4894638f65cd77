import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/bfs.js';
import { ProgramBuilder } from '../../ir/builder.js';
import { add, c, ne, reg } from '../../ir/expr.js';
import { FutureWrites } from './future.js';
import { LkmmSemantics } from './semantics.js';
import { analyzeValues } from './values.js';

/**
 * Pointer chasing: P0 reads `a` through the pointer in `p`; P1 writes 1 to `b` through the
 * pointer in `q`. Nobody writes `p`, `q` or `a` except their initial values, so none of P0's
 * reads can ever take a later write: none needs a deferred copy.
 */
function pointerChase() {
  const b = new ProgramBuilder('ptr-chase');
  const p = b.location('p');
  const q = b.location('q');
  const a = b.location('a', 7);
  const bb = b.location('b');
  b.setInit(p, a);
  b.setInit(q, bb);
  const t0 = b.thread('P0');
  const r0 = t0.reg('r0');
  const r1 = t0.reg('r1');
  t0.load(r0, p).load(r1, reg(r0));
  const t1 = b.thread('P1');
  const r2 = t1.reg('r2');
  t1.load(r2, q).store(reg(r2), c(1));
  return { program: b.build(), p, q, a, b: bb };
}

describe('value analysis (values.ts)', () => {
  it('follows pointers loaded from shared cells', () => {
    const { program, a, b } = pointerChase();
    const va = analyzeValues(program);
    expect([...va.registers[0]![0]!].sort((x, y) => x - y)).toEqual([0, a]); // initial 0, then &a
    expect(va.accesses[0]).toEqual([[1], [a]]);
    expect(va.accesses[1]).toEqual([[2], [b]]);
    expect([...va.locations[b - 1]!].sort()).toEqual([0, 1]);
  });

  it('lets a read through a pointer stay undeferred when nobody else writes its target', () => {
    const { program, a, b } = pointerChase();
    const fw = new FutureWrites(program);
    expect(fw.mayWrite(1, 0, a, [])).toBe(false);
    expect(fw.mayWrite(1, 0, b, [])).toBe(true);
    const withDefer = explore(new LkmmSemantics(program), { deadlock: false });
    const without = explore(new LkmmSemantics(program, { deferReads: false }), { deadlock: false });
    expect(withDefer.verdict).toBe('ok');
    expect(withDefer.states).toBe(without.states);
  });

  it('walks a NULL-terminated list without spurious locations, and knows a lock taken through a pointer', () => {
    const b = new ProgramBuilder('list-walk');
    const head = b.location('head');
    const n1 = b.location('n1.next');
    const v1 = b.location('n1.val', 10);
    const n2 = b.location('n2.next', 0);
    const v2 = b.location('n2.val', 20);
    const lk = b.location('lock');
    const lp = b.location('lockp');
    b.setInit(head, n1);
    b.setInit(n1, n2);
    b.setInit(lp, lk);
    const t = b.thread('P0');
    const cur = t.reg('cur');
    const val = t.reg('val');
    const l = t.reg('l');
    const top = t.label();
    const done = t.label();
    t.load(l, lp).lock(reg(l)).load(cur, head);
    t.place(top);
    t.branch(ne(reg(cur), c(0)), done); // cur != 0 skips the exit jump
    const exit = t.label();
    t.jump(exit);
    t.place(done);
    t.load(val, add(reg(cur), c(1)))
      .load(cur, reg(cur))
      .jump(top, 3);
    t.place(exit);
    t.unlock(reg(l));
    const program = b.build();
    const va = analyzeValues(program);
    const code = program.threads[0]!.code;
    const accessed = (op: string) => code.flatMap((i, pc) => (i.op === op ? [va.accesses[0]![pc]] : []));
    expect(accessed('load')).toEqual([[lp], [head], [v1, v2], [n1, n2]]);
    expect(accessed('lock')).toEqual([[lk]]);
    const fw = new FutureWrites(program);
    const loadVal = code.findIndex((i) => i.op === 'load' && i.dst === val);
    expect(fw.held(0, loadVal)).toEqual([lk]);
  });

  it('gives up (any location) on an address computed from an unbounded value', () => {
    const b = new ProgramBuilder('top');
    const x = b.location('x');
    const y = b.location('y');
    const t0 = b.thread('P0');
    const r = t0.reg('r');
    t0.load(r, x).store(reg(r), c(1));
    const t1 = b.thread('P1');
    const k = t1.reg('k');
    t1.load(k, y)
      .store(x, add(reg(k), c(1)))
      .store(y, add(reg(k), c(1)));
    const program = b.build();
    const va = analyzeValues(program);
    expect(va.locations[x - 1]).toBeNull();
    expect(va.accesses[0]![1]).toBeNull();
    const fw = new FutureWrites(program);
    expect(fw.mayWrite(0, 0, y, [])).toBe(true);
  });
});
