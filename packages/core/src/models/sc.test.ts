import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, storeBuffering } from '../examples/programs.js';
import { explore } from '../explore/bfs.js';
import { replay } from '../explore/trace.js';
import { ProgramBuilder } from '../ir/builder.js';
import { add, c, eq, not, old, reg } from '../ir/expr.js';
import type { Program } from '../ir/types.js';
import { ScSemantics } from './sc.js';

/** The set of final register outcomes, as "t:r=v" strings sorted per outcome. */
function finalOutcomes(program: Program): Set<string> {
  const finals = new Set<string>();
  explore(new ScSemantics(program), {
    onFinal: (view) => {
      finals.add(view.threads.map((t, i) => `${i}:${Array.from(t.regs).join(',')}`).join(' '));
    },
  });
  return finals;
}

/** All outcomes by brute force: every interleaving, no state merging (an independent oracle). */
function bruteForceOutcomes(program: Program): Set<string> {
  const sem = new ScSemantics(program);
  const finals = new Set<string>();
  const init = sem.initial();
  if (init.kind !== 'state') return finals;
  const walk = (s: typeof init.state): void => {
    const succs = sem.successors(s);
    if (sem.isFinal(s)) finals.add(s.threads.map((t, i) => `${i}:${Array.from(t.regs).join(',')}`).join(' '));
    for (const n of succs) if (n.kind === 'state') walk(n.state);
  };
  walk(init.state);
  return finals;
}

describe('SC semantics', () => {
  it('store buffering: every outcome but r0 = r1 = 0', () => {
    expect([...finalOutcomes(storeBuffering())].sort()).toEqual(['0:0 1:1', '0:1 1:0', '0:1 1:1']);
  });

  it('a cmpxchg retry loop makes increments atomic', () => {
    const r = explore(new ScSemantics(EXAMPLES['cmpxchg-counter']!.build()));
    expect(r.verdict).toBe('ok');
    expect(r.complete).toBe(true);
  });

  it('plain read-then-write increments lose updates (the final check fails)', () => {
    const b = new ProgramBuilder('lost-update');
    const x = b.location('x');
    for (const name of ['P0', 'P1']) {
      const t = b.thread(name);
      const r = t.reg('r');
      t.load(r, x).store(x, add(reg(r), c(1)));
    }
    const p: Program = {
      ...b.build(),
      finalChecks: [
        {
          property: 'x == 2',
          cond: { k: 'bin', op: 'eq', a: { k: 'mem', addr: x }, b: { k: 'const', v: 2 } },
        },
      ],
    };
    const r = explore(new ScSemantics(p));
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('x == 2');
    // Shortest: both read 0 before either writes.
    expect(r.path).toHaveLength(4);
    const trace = replay(new ScSemantics(p), r.path!);
    expect(trace.steps.map((s) => s.step.read ?? s.step.wrote)).toEqual([0, 0, 1, 1]);
  });

  it('spinlocks exclude each other', () => {
    const b = new ProgramBuilder('locked-increment');
    const l = b.location('lock');
    const x = b.location('x');
    for (const name of ['P0', 'P1']) {
      const t = b.thread(name);
      const r = t.reg('r');
      t.lock(l)
        .load(r, x)
        .store(x, add(reg(r), c(1)))
        .unlock(l);
    }
    const p: Program = {
      ...b.build(),
      finalChecks: [
        {
          property: 'x == 2',
          cond: { k: 'bin', op: 'eq', a: { k: 'mem', addr: x }, b: { k: 'const', v: 2 } },
        },
      ],
    };
    expect(explore(new ScSemantics(p)).verdict).toBe('ok');
  });

  it('reports an ABBA lock deadlock with its shortest path', () => {
    const b = new ProgramBuilder('abba');
    const la = b.location('A');
    const lb = b.location('B');
    b.thread('P0').lock(la).lock(lb).unlock(lb).unlock(la);
    b.thread('P1').lock(lb).lock(la).unlock(la).unlock(lb);
    const r = explore(new ScSemantics(b.build()));
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('deadlock');
    expect(r.path).toEqual([
      { thread: 0, choice: 0 },
      { thread: 1, choice: 0 },
    ]);
    expect(explore(new ScSemantics(b.build()), { deadlock: false }).verdict).toBe('ok');
  });

  it('a failed guard leaves memory alone and reports failure', () => {
    const b = new ProgramBuilder('cmpxchg-fail');
    const x = b.location('x', 5);
    const t = b.thread('P0');
    const r = t.reg('r');
    const ok = t.reg('ok');
    t.rmw(x, c(9), { guard: eq(old, c(4)), dst: r, ok });
    const sem = new ScSemantics(b.build());
    const s0 = sem.initial();
    if (s0.kind !== 'state') throw new Error('unexpected');
    const [s1] = sem.successors(s0.state);
    if (s1?.kind !== 'state') throw new Error('unexpected');
    expect(Array.from(s1.state.mem)).toEqual([5]);
    expect(Array.from(s1.state.threads[0]!.regs)).toEqual([5, 0]);
    expect(s1.step.wrote).toBeUndefined();
  });

  it('assume prunes executions, assert reports them', () => {
    const b = new ProgramBuilder('assume');
    const x = b.location('x');
    const p0 = b.thread('P0');
    p0.store(x, c(1));
    const p1 = b.thread('P1');
    const r = p1.reg('r');
    p1.load(r, x)
      .assume(eq(reg(r), c(1)))
      .assert(not(reg(r)), 'r == 0');
    const res = explore(new ScSemantics(b.build()));
    expect(res.verdict).toBe('violation');
    expect(res.property).toBe('r == 0');
    const b2 = new ProgramBuilder('assume2');
    const y = b2.location('x');
    b2.thread('P0').store(y, c(1));
    const q1 = b2.thread('P1');
    const s = q1.reg('r');
    q1.load(s, y)
      .assume(eq(reg(s), c(0)))
      .assert(not(reg(s)), 'r == 0');
    expect(explore(new ScSemantics(b2.build())).verdict).toBe('ok');
  });

  it('an exhausted loop bound makes the search incomplete, never ok', () => {
    const b = new ProgramBuilder('spin');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r');
    const top = t.label();
    t.place(top)
      .load(r, x)
      .branch(eq(reg(r), c(0)), top, { bound: 3 });
    const res = explore(new ScSemantics(b.build()));
    expect(res.verdict).toBe('incomplete');
    expect(res.reason).toBe('bound');
    expect(res.complete).toBe(false);
  });

  it('an access through a NULL pointer is a violation', () => {
    const b = new ProgramBuilder('null');
    const p = b.location('p');
    const t = b.thread('P0');
    const r = t.reg('r');
    const s = t.reg('s');
    t.load(r, p).load(s, reg(r));
    const res = explore(new ScSemantics(b.build()));
    expect(res.verdict).toBe('violation');
    expect(res.property).toBe('invalid-address');
  });

  it('stops at the state limit with what it explored', () => {
    const res = explore(new ScSemantics(EXAMPLES['cmpxchg-counter-4']!.build()), { maxStates: 100 });
    expect(res.verdict).toBe('incomplete');
    expect(res.reason).toBe('state-limit');
    expect(res.states).toBe(100);
  });
});

describe('BFS explorer vs brute force (property-based)', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('load' as const), loc: fc.nat(1) }),
    fc.record({ k: fc.constant('store' as const), loc: fc.nat(1), v: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ k: fc.constant('inc' as const), loc: fc.nat(1) }),
  );
  const progArb = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 });
  it('finds exactly the final outcomes of every interleaving', () => {
    fc.assert(
      fc.property(progArb, (threads) => {
        const b = new ProgramBuilder('random');
        const locs = [b.location('x'), b.location('y')];
        threads.forEach((ops, ti) => {
          const t = b.thread(`P${ti}`);
          ops.forEach((o, i) => {
            const r = t.reg(`r${i}`);
            if (o.k === 'load') t.load(r, locs[o.loc]!);
            else if (o.k === 'store') t.store(locs[o.loc]!, c(o.v)).set(r, c(0));
            else t.rmw(locs[o.loc]!, add(old, c(1)), { dst: r });
          });
        });
        const p = b.build();
        expect(finalOutcomes(p)).toEqual(bruteForceOutcomes(p));
      }),
      { numRuns: 60 },
    );
  });
});
