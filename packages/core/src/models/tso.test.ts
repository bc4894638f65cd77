import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { formatTrace } from '../explore/format.js';
import { replay } from '../explore/trace.js';
import { c, reg } from '../ir/expr.js';
import type { FinalExpr, Program } from '../ir/types.js';
import { finalOutcomes } from './lkmm/outcomes.js';
import { litmus } from './lkmm/testing.js';
import { TSO_EXECUTE, TSO_FLUSH, TsoSemantics } from './tso.js';

const treg = (t: number, r: number): FinalExpr => ({ k: 'treg', t, r });
const notBoth0 = (r0: number, r1: number): FinalExpr => ({
  k: 'un',
  op: 'not',
  a: {
    k: 'bin',
    op: 'land',
    a: { k: 'bin', op: 'eq', a: treg(0, r0), b: { k: 'const', v: 0 } },
    b: { k: 'bin', op: 'eq', a: treg(1, r1), b: { k: 'const', v: 0 } },
  },
});

function sb(fence: boolean): Program {
  const lp = litmus(
    fence ? 'SB+mbs' : 'SB',
    ['x', 'y'],
    [
      ({ t, L, r }) => {
        t.store(L.x!, c(1));
        if (fence) t.fence('mb');
        t.load(r('r0'), L.y!);
      },
      ({ t, L, r }) => {
        t.store(L.y!, c(1));
        if (fence) t.fence('mb');
        t.load(r('r0'), L.x!);
      },
    ],
  );
  return { ...lp.program, finalChecks: [{ property: 'not (0:r0=0 /\\ 1:r0=0)', cond: notBoth0(0, 0) }] };
}

describe('x86-TSO store buffers', () => {
  it('finds store buffering with the shortest trace: both stores buffered, both loads read memory', () => {
    const p = sb(false);
    const r = check(p, { model: 'tso' });
    expect(r.verdict).toBe('violation');
    expect(r.path).toEqual([
      { thread: 0, choice: TSO_EXECUTE },
      { thread: 0, choice: TSO_EXECUTE },
      { thread: 1, choice: TSO_EXECUTE },
      { thread: 1, choice: TSO_EXECUTE },
      { thread: 0, choice: TSO_FLUSH },
      { thread: 1, choice: TSO_FLUSH },
    ]);
    const text = formatTrace(p, replay(new TsoSemantics(p), r.path!));
    expect(text).toContain('store x := 1 (once)');
    expect(text).toContain('into the store buffer');
    expect(text).toContain('flush x=1 from the store buffer to memory');
  });

  it('smp_mb (MFENCE) forbids store buffering; the search is complete and counts its states', () => {
    const r = check(sb(true), { model: 'tso' });
    expect(r.verdict).toBe('ok');
    expect(r.complete).toBe(true);
    // Same program under SC has fewer states: no buffers, no flush steps.
    const s = check(sb(true), { model: 'sc' });
    expect(r.states).toBeGreaterThan(s.states);
  });

  it('a load reads its own buffered store first (store forwarding)', () => {
    const lp = litmus('forward', ['x'], [({ t, L, r }) => t.store(L.x!, c(1)).load(r('r0'), L.x!)]);
    const sem = new TsoSemantics(lp.program);
    const out = finalOutcomes(sem, (v) => `${lp.reg(v, 0, 'r0')}`);
    expect([...out.outcomes]).toEqual(['1']);
    // store, then the load is forwarded before the flush, or the flush comes first: 5 states.
    expect(out.result.states).toBe(5);
  });

  it('final states have empty store buffers and memory holds the last store', () => {
    const lp = litmus('two-stores', ['x'], [({ t, L }) => t.store(L.x!, c(1)).store(L.x!, c(2))]);
    const out = finalOutcomes(new TsoSemantics(lp.program), (v) => `${lp.mem(v, 'x')}`);
    expect([...out.outcomes]).toEqual(['2']);
  });

  it('a failed cmpxchg is LOCKed: it drains the buffer like a full fence', () => {
    const lp = litmus(
      'cmpxchg-fail',
      ['x', 'y', 'z'],
      [0, 1].map((i) => ({ t, L, r }: Parameters<Parameters<typeof litmus>[2][number]>[0]) => {
        const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
        t.store(mine, c(1));
        t.rmw(L.z!, c(0), { guard: { k: 'bin', op: 'eq', a: { k: 'old' }, b: c(1) }, dst: r('r1') });
        t.load(r('r0'), other);
      }),
    );
    const out = finalOutcomes(
      new TsoSemantics(lp.program),
      (v) => `${lp.reg(v, 0, 'r0')}${lp.reg(v, 1, 'r0')}`,
    );
    expect([...out.outcomes].sort()).toEqual(['01', '10', '11']);
  });

  it('spin_unlock is a plain buffered store; spin_lock waits for the lock and an empty buffer', () => {
    const lp = litmus(
      'lock-handover',
      ['x', 'l'],
      [
        ({ t, L }) => t.lock(L.l!).store(L.x!, c(1)).unlock(L.l!),
        ({ t, L, r }) => t.lock(L.l!).load(r('r0'), L.x!).unlock(L.l!),
      ],
    );
    const out = finalOutcomes(new TsoSemantics(lp.program), (v) => `${lp.reg(v, 1, 'r0')}${lp.mem(v, 'l')}`);
    expect([...out.outcomes].sort()).toEqual(['00', '10']);
  });

  it('replays every step of a path by (thread, choice)', () => {
    const lp = litmus('data', ['x', 'y'], [({ t, L, r }) => t.load(r('a'), L.x!).store(L.y!, reg(r('a')))]);
    const r = check(
      {
        ...lp.program,
        finalChecks: [
          {
            property: 'y is 5',
            cond: { k: 'bin', op: 'eq', a: { k: 'mem', addr: 2 }, b: { k: 'const', v: 5 } },
          },
        ],
      },
      { model: 'tso' },
    );
    expect(r.verdict).toBe('violation');
    expect(r.path).toEqual([
      { thread: 0, choice: TSO_EXECUTE },
      { thread: 0, choice: TSO_EXECUTE },
      { thread: 0, choice: TSO_FLUSH },
    ]);
  });
});
