import { describe, expect, it } from 'vitest';
import { check } from '../../check.js';
import { explore } from '../../explore/bfs.js';
import { ProgramBuilder } from '../../ir/builder.js';
import { c, reg } from '../../ir/expr.js';
import { FutureWrites } from './future.js';
import { LkmmSemantics } from './semantics.js';
import { litmus } from './testing.js';

/**
 * P0: r0 = READ_ONCE(x); if (r0 == 1) WRITE_ONCE(y, 1);
 * P1: r1 = READ_ONCE(y); assert(r1 == 0); WRITE_ONCE(x, <data>).
 * P1's assert fails only if P0's read took x = 1, and the only write of 1 to x is P1's own
 * store after the assert. With `dependent`, that store carries a data dependency on r1, so
 * the cycle R x ->ctrl W y ->rfe R y ->data W x ->rfe R x is an hb cycle: no consistent
 * execution fails the assert. Without it (LB+ctrl+po) the execution is allowed.
 */
function lbAssert(dependent: boolean) {
  return litmus(
    dependent ? 'LB-assert-dep' : 'LB-assert',
    ['x', 'y'],
    [
      ({ t, L, r }) => {
        const join = t.label();
        t.load(r('r0'), L.x!);
        t.branch({ k: 'bin', op: 'ne', a: reg(r('r0')), b: c(1) }, join, { join });
        t.store(L.y!, c(1));
        t.place(join);
      },
      ({ t, L, r }) => {
        t.load(r('r1'), L.y!);
        t.assert({ k: 'bin', op: 'eq', a: reg(r('r1')), b: c(0) }, 'r1-is-zero');
        t.store(L.x!, dependent ? reg(r('r1')) : c(1));
      },
    ],
  );
}

describe('LKMM asserts under deferred reads', () => {
  it('does not report an assert that fails only on a prefix that cannot be completed', () => {
    // The search reaches P1's assert with r1 = 1 while P0's read of x is still deferred
    // (guessed branch taken); resolving that read is impossible (out-of-thin-air cycle).
    const lp = lbAssert(true);
    const r = check(lp.program, { model: 'lkmm' });
    expect(r.verdict).toBe('ok');
    expect(r.complete).toBe(true);
    // The failed assert was seen and carried along as pending, never confirmed. The default
    // search never builds that prefix: the value analysis finds P0's store unreachable (x can
    // only be 0 without the thin-air cycle), so P0's read is ordered and waits instead of
    // being deferred (ordered-reads.ts). Deferring every read exercises the pending path.
    let pendingSeen = false;
    const sem = new LkmmSemantics(lp.program, { orderedReadsWait: false });
    explore(sem, {
      deadlock: false,
      invariant: (_view, state) => {
        if (state.pending === 'r1-is-zero') pendingSeen = true;
        return null;
      },
    });
    expect(pendingSeen).toBe(true);
  });

  it('reports it when the deferred read can be resolved, even by a write after the assert', () => {
    const r = check(lbAssert(false).program, { model: 'lkmm' });
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('r1-is-zero');
  });

  it('the same program under SC and TSO never fails the assert', () => {
    for (const model of ['sc', 'tso'] as const)
      expect(check(lbAssert(false).program, { model }).verdict).toBe('ok');
  });
});

/**
 * P0: r0 = READ_ONCE(x); if (r0 == 5) { spin: goto spin (bound 2) } WRITE_ONCE(y, 1);
 * P1: r1 = READ_ONCE(y); WRITE_ONCE(x, <value>).
 * P0's read is deferred (its later store is read by P1) and the branch on it guessed taken:
 * P0 spins into its loop bound before any write of 5 to x exists. With `value` = r1 no
 * consistent execution gives r0 = 5 (x only ever holds 0 or 1), so that prefix is dropped and
 * the search is complete; with `value` = 5 the loop really runs out (P1 may run first).
 */
function spinOnDeferred(five: boolean) {
  return litmus(
    five ? 'spin-on-deferred-5' : 'spin-on-deferred',
    ['x', 'y'],
    [
      ({ t, L, r }) => {
        const spin = t.label();
        const done = t.label();
        t.load(r('r0'), L.x!);
        t.branch({ k: 'bin', op: 'ne', a: reg(r('r0')), b: c(5) }, done, { join: done });
        t.place(spin).jump(spin, 2);
        t.place(done).store(L.y!, c(1));
      },
      ({ t, L, r }) => {
        t.load(r('r1'), L.y!);
        t.store(L.x!, five ? c(5) : reg(r('r1')));
      },
    ],
  );
}

describe('LKMM loop bounds under deferred reads', () => {
  it('does not report a loop bound reached only on a prefix that no consistent execution extends', () => {
    const r = check(spinOnDeferred(false).program, { model: 'lkmm' });
    expect([r.verdict, r.complete, r.reason]).toEqual(['ok', true, null]);
  });

  it('reports it when the read can take the value that sends the thread into the loop', () => {
    const r = check(spinOnDeferred(true).program, { model: 'lkmm' });
    expect([r.verdict, r.reason]).toEqual(['incomplete', 'bound']);
  });
});

describe('FutureWrites', () => {
  const b = new ProgramBuilder('locked');
  const x = b.location('x', 0);
  const lx = b.location('lock_x', 0);
  const y = b.location('y', 0);
  b.thread('P0').lock(lx).store(x, c(1)).unlock(lx).store(y, c(1));
  const t1 = b.thread('P1');
  t1.lock(lx).load(t1.reg('r0'), x).unlock(lx);
  const program = b.build();
  const fw = new FutureWrites(program);

  it('knows the locks held at each instruction', () => {
    expect(fw.held(0, 1)).toEqual([lx]);
    expect(fw.held(0, 3)).toEqual([]);
    expect(fw.held(1, 1)).toEqual([lx]);
  });

  it('ignores future writes inside a critical section of a lock the reader holds', () => {
    expect(fw.mayWrite(0, 0, x, [lx])).toBe(false);
    expect(fw.mayWrite(0, 0, x, [])).toBe(true);
    expect(fw.mayWrite(0, 0, y, [lx])).toBe(true);
    expect(fw.mayWrite(0, 4, y, [])).toBe(false);
  });

  it('a read under a lock that guards every other write of its location is never deferred', () => {
    const withDefer = explore(new LkmmSemantics(program), { deadlock: false });
    const without = explore(new LkmmSemantics(program, { deferReads: false }), { deadlock: false });
    expect(withDefer.verdict).toBe('ok');
    expect(withDefer.states).toBe(without.states);
  });
});
