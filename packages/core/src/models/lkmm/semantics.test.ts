import { describe, expect, it } from 'vitest';
import { check } from '../../check.js';
import { formatTrace } from '../../explore/format.js';
import { replay } from '../../explore/trace.js';
import { c, reg } from '../../ir/expr.js';
import type { FinalExpr, Program } from '../../ir/types.js';
import { violatedAxiom } from './consistency.js';
import { EV_F, EV_R, EV_W, eventRef, F_MB, initRef, type LkEvent, type LkGraph, TAG_ONCE } from './events.js';
import { conditionVerdict } from './outcomes.js';
import { LkmmSemantics } from './semantics.js';
import { event, litmus } from './testing.js';

const fnot = (a: FinalExpr): FinalExpr => ({ k: 'un', op: 'not', a });
const feq = (a: FinalExpr, v: number): FinalExpr => ({ k: 'bin', op: 'eq', a, b: { k: 'const', v } });
const fand = (a: FinalExpr, b: FinalExpr): FinalExpr => ({ k: 'bin', op: 'land', a, b });

function mpWithCheck(): Program {
  const lp = litmus(
    'MP',
    ['x', 'y'],
    [
      ({ t, L }) => t.store(L.x!, c(1)).store(L.y!, c(1)),
      ({ t, L, r }) => t.load(r('r0'), L.y!).load(r('r1'), L.x!),
    ],
  );
  const cond = fnot(fand(feq({ k: 'treg', t: 1, r: 0 }, 1), feq({ k: 'treg', t: 1, r: 1 }, 0)));
  return { ...lp.program, finalChecks: [{ property: 'not (1:r0=1 /\\ 1:r1=0)', cond }] };
}

describe('LKMM explorer', () => {
  it('reports the MP outcome with a replayable trace that marks the stale read', () => {
    const p = mpWithCheck();
    const r = check(p, { model: 'lkmm' });
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('not (1:r0=1 /\\ 1:r1=0)');
    const trace = replay(new LkmmSemantics(p), r.path!);
    const staleSteps = trace.steps.filter((s) => s.step.stale);
    expect(staleSteps.length).toBe(1);
    expect(staleSteps[0]!.step.stale).toEqual({ latest: 1, writer: 0 });
    expect(staleSteps[0]!.step.read).toBe(0);
    expect(formatTrace(p, trace)).toContain('(stale: the latest write is 1 by P0, not yet visible)');
  });

  it('without deferred reads, load buffering is out of reach; with them it is found', () => {
    const lp = litmus(
      'LB',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.load(r('r0'), L.x!).store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, c(1)),
      ],
    );
    const cond = (v: Parameters<typeof lp.reg>[0]) => lp.reg(v, 0, 'r0') === 1 && lp.reg(v, 1, 'r0') === 1;
    expect(conditionVerdict(new LkmmSemantics(lp.program, { deferReads: false }), cond).verdict).toBe(
      'Never',
    );
    const withDefer = conditionVerdict(new LkmmSemantics(lp.program), cond);
    expect(withDefer.verdict).toBe('Sometimes');
    // Four executions: each read sees the initial value or the other thread's store.
    expect(withDefer.pos + withDefer.neg).toBe(4);
  });

  it('a guessed branch direction is checked when the read gets its value (LB with data through an if)', () => {
    // crypto-control-data: r1 = 1; if (READ_ONCE(x) == 0) r1 = 0; WRITE_ONCE(y, r1) || WRITE_ONCE(x, READ_ONCE(y)).
    const lp = litmus(
      'crypto-control-data',
      ['x', 'y'],
      [
        ({ t, L, r }) => {
          const join = t.label();
          t.set(r('r1'), c(1)).load(r('t'), L.x!);
          t.branch({ k: 'bin', op: 'ne', a: reg(r('t')), b: c(0) }, join, { join });
          t.set(r('r1'), c(0));
          t.place(join);
          t.store(L.y!, reg(r('r1')));
        },
        ({ t, L, r }) => t.load(r('r2'), L.y!).store(L.x!, reg(r('r2'))),
      ],
    );
    const v = conditionVerdict(new LkmmSemantics(lp.program), (view) => lp.reg(view, 0, 'r1') === 1);
    expect(v.verdict).toBe('Sometimes');
  });

  it('reports an ABBA lock deadlock', () => {
    const lp = litmus(
      'ABBA',
      ['a', 'b'],
      [
        ({ t, L }) => t.lock(L.a!).lock(L.b!).unlock(L.b!).unlock(L.a!),
        ({ t, L }) => t.lock(L.b!).lock(L.a!).unlock(L.a!).unlock(L.b!),
      ],
    );
    const r = check(lp.program, { model: 'lkmm' });
    expect(r.verdict).toBe('violation');
    expect(r.property).toBe('deadlock');
  });

  it('view.value is the value of the co-maximal write', () => {
    const lp = litmus('2W', ['x'], [({ t, L }) => t.store(L.x!, c(1)), ({ t, L }) => t.store(L.x!, c(2))]);
    const finals = new Set<number>();
    const sem = new LkmmSemantics(lp.program);
    conditionVerdict(sem, (v) => {
      finals.add(lp.mem(v, 'x'));
      return true;
    });
    expect([...finals].sort()).toEqual([1, 2]);
  });
});

describe('violatedAxiom names the first failing axiom of linux-kernel.cat', () => {
  const R = (loc: number, rf: number, val = 0): LkEvent =>
    event({ kind: EV_R, flags: TAG_ONCE, loc, val, rf });
  const W = (loc: number, val: number): LkEvent => event({ kind: EV_W, flags: TAG_ONCE, loc, val });
  const MB: LkEvent = event({ kind: EV_F, flags: F_MB, loc: 0 });
  const x = 1;
  const y = 2;

  it('CoRR: reading new then old is a coherence violation', () => {
    const g: LkGraph = {
      events: [[W(x, 1)], [R(x, eventRef(0, 0), 1), R(x, initRef(x))]],
      co: [[initRef(x), eventRef(0, 0)], [initRef(y)]],
    };
    expect(violatedAxiom(g, 2)).toBe('coherence');
  });

  it('SB with smp_mb on both sides violates propagation, and without them it is consistent', () => {
    const fenced: LkGraph = {
      events: [
        [W(x, 1), MB, R(y, initRef(y))],
        [W(y, 1), MB, R(x, initRef(x))],
      ],
      co: [
        [initRef(x), eventRef(0, 0)],
        [initRef(y), eventRef(1, 0)],
      ],
    };
    expect(violatedAxiom(fenced, 2)).toBe('propagation');
    const plain: LkGraph = {
      events: [
        [W(x, 1), R(y, initRef(y))],
        [W(y, 1), R(x, initRef(x))],
      ],
      co: [
        [initRef(x), eventRef(0, 0)],
        [initRef(y), eventRef(1, 0)],
      ],
    };
    expect(violatedAxiom(plain, 2)).toBeNull();
  });

  it('LB with data dependencies violates happens-before', () => {
    const dep = (e: LkEvent): LkEvent => ({ ...e, data: [0] });
    const g: LkGraph = {
      events: [
        [R(x, eventRef(1, 1), 1), dep(W(y, 1))],
        [R(y, eventRef(0, 1), 1), dep(W(x, 1))],
      ],
      co: [
        [initRef(x), eventRef(1, 1)],
        [initRef(y), eventRef(0, 1)],
      ],
    };
    expect(violatedAxiom(g, 2)).toBe('happens-before');
  });
});
