/**
 * Classic litmus shapes, hand-built as IR, with herd7's verdicts (reference/lkmm.md §1, §2,
 * §4, §5.1, §8.3; LKMM = mainline model with herd7 7.58; SC/TSO = the project's sc-c.cat and
 * tso-c.cat). Each row asserts the verdicts under [SC, x86-TSO, LKMM].
 */
import { describe, expect, it } from 'vitest';
import type { StateView } from '../../explore/semantics.js';
import { add, c, eq, ne, old, reg } from '../../ir/expr.js';
import { type LitmusProgram, litmus, verdicts } from './testing.js';

type Cond = (v: StateView, lp: LitmusProgram) => boolean;
const N = 'Never';
const S = 'Sometimes';

function expectShape(lp: LitmusProgram, cond: Cond, expected: [string, string, string]): void {
  expect(verdicts(lp, cond), lp.program.name).toEqual(expected);
}

describe('MP (message passing)', () => {
  const cond: Cond = (v, p) => p.reg(v, 1, 'r0') === 1 && p.reg(v, 1, 'r1') === 0;
  const mp = (
    name: string,
    wfence: 'none' | 'wmb' | 'mb' | 'release',
    rfence: 'none' | 'rmb' | 'mb' | 'acquire' | 'wmb',
  ) =>
    litmus(
      name,
      ['x', 'y'],
      [
        ({ t, L }) => {
          t.store(L.x!, c(1));
          if (wfence === 'wmb' || wfence === 'mb') t.fence(wfence);
          t.store(L.y!, c(1), wfence === 'release' ? 'release' : 'once');
        },
        ({ t, L, r }) => {
          t.load(r('r0'), L.y!, rfence === 'acquire' ? 'acquire' : 'once');
          if (rfence === 'rmb' || rfence === 'mb' || rfence === 'wmb') t.fence(rfence);
          t.load(r('r1'), L.x!);
        },
      ],
    );
  it('MP+poonceonces is allowed only by LKMM', () =>
    expectShape(mp('MP+poonceonces', 'none', 'none'), cond, [N, N, S]));
  it('MP+fencewmbonceonce+fencermbonceonce is forbidden', () =>
    expectShape(mp('MP+wmb+rmb', 'wmb', 'rmb'), cond, [N, N, N]));
  it('MP+pooncerelease+poacquireonce is forbidden', () =>
    expectShape(mp('MP+rel+acq', 'release', 'acquire'), cond, [N, N, N]));
  it('MP+release+mb is forbidden', () => expectShape(mp('MP+rel+mb', 'release', 'mb'), cond, [N, N, N]));
  it('MP with wmb on the reader side is allowed (MP+o-mb-o+o-wmb-o)', () =>
    expectShape(mp('MP+mb+wmb', 'mb', 'wmb'), cond, [N, N, S]));
  it('MP with a release but a plain READ_ONCE reader is allowed', () =>
    expectShape(mp('MP+rel+once', 'release', 'none'), cond, [N, N, S]));
});

describe('SB (store buffering)', () => {
  const cond: Cond = (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0;
  const sb = (name: string, f: 'none' | 'mb' | 'relacq') =>
    litmus(
      name,
      ['x', 'y'],
      [0, 1].map(
        (i) =>
          ({
            t,
            L,
            r,
          }: {
            t: import('../../ir/builder.js').ThreadBuilder;
            L: Readonly<Record<string, number>>;
            r: (n: string) => number;
          }) => {
            const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
            t.store(mine, c(1), f === 'relacq' ? 'release' : 'once');
            if (f === 'mb') t.fence('mb');
            t.load(r('r0'), other, f === 'relacq' ? 'acquire' : 'once');
          },
      ),
    );
  it('SB+poonceonces: TSO and LKMM allow it', () => expectShape(sb('SB', 'none'), cond, [N, S, S]));
  it('SB+fencembonceonces is forbidden', () => expectShape(sb('SB+mbs', 'mb'), cond, [N, N, N]));
  it('SB+poreleaseacquires is allowed', () => expectShape(sb('SB+relacq', 'relacq'), cond, [N, S, S]));
  it('SB+rfionceonce-poonceonces is allowed (reads its own store early)', () => {
    const lp = litmus(
      'SB+rfi',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.store(L.x!, c(1)).load(r('r0'), L.x!).load(r('r1'), L.y!),
        ({ t, L, r }) => t.store(L.y!, c(1)).load(r('r2'), L.y!).load(r('r3'), L.x!),
      ],
    );
    const c2: Cond = (v, p) =>
      p.reg(v, 0, 'r0') === 1 &&
      p.reg(v, 0, 'r1') === 0 &&
      p.reg(v, 1, 'r2') === 1 &&
      p.reg(v, 1, 'r3') === 0;
    expectShape(lp, c2, [N, S, S]);
  });
});

describe('LB (load buffering)', () => {
  const cond: Cond = (v, p) => p.reg(v, 0, 'r0') === 1 && p.reg(v, 1, 'r0') === 1;
  it('LB+poonceonces is allowed only by LKMM', () => {
    const lp = litmus(
      'LB',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.load(r('r0'), L.x!).store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, c(1)),
      ],
    );
    expectShape(lp, cond, [N, N, S]);
  });
  it('LB+poacquireonce+pooncerelease is forbidden', () => {
    const lp = litmus(
      'LB+acq+rel',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.load(r('r0'), L.x!, 'acquire').store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, c(1), 'release'),
      ],
    );
    expectShape(lp, cond, [N, N, N]);
  });
  it('LB with data dependencies on both sides is forbidden', () => {
    const lp = litmus(
      'LB+datas',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.load(r('r0'), L.x!).store(L.y!, reg(r('r0'))),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, reg(r('r0'))),
      ],
    );
    expectShape(lp, cond, [N, N, N]);
  });
  it('LB where one side is unordered and the other has mb is allowed', () => {
    const lp = litmus(
      'LB+mb+po',
      ['x', 'y'],
      [
        ({ t, L, r }) => t.load(r('r0'), L.x!).fence('mb').store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, c(1)),
      ],
    );
    expectShape(lp, cond, [N, N, S]);
  });
  it('LB with an unrelated data-dependent store in between is still allowed', () => {
    const lp = litmus(
      'LB+data-between',
      ['x', 'y', 'z'],
      [
        ({ t, L, r }) =>
          t
            .load(r('r0'), L.x!)
            .store(L.z!, reg(r('r0')))
            .store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!).store(L.x!, c(1)),
      ],
    );
    expectShape(lp, cond, [N, N, S]);
  });
});

describe('control-dependency scope (lkmm.md §2, §6.3)', () => {
  const lbCond: Cond = (v, p) => p.reg(v, 0, 'r0') === 1 && p.reg(v, 1, 'r0') === 1;
  const otherSide = ({
    t,
    L,
    r,
  }: {
    t: import('../../ir/builder.js').ThreadBuilder;
    L: Readonly<Record<string, number>>;
    r: (n: string) => number;
  }) => {
    t.load(r('r0'), L.y!).fence('mb').store(L.x!, c(1));
  };
  it('a store after the join of an if on the loaded value is not ordered (LB+ctrljoin = S)', () => {
    const lp = litmus(
      'LB+ctrljoin',
      ['x', 'y'],
      [
        ({ t, L, r }) => {
          const join = t.label();
          t.load(r('r0'), L.x!);
          t.branch(eq(reg(r('r0')), c(0)), join, { join });
          t.set(r('r1'), c(1));
          t.place(join);
          t.store(L.y!, c(1));
        },
        otherSide,
      ],
    );
    expectShape(lp, lbCond, [N, N, S]);
  });
  it('a store inside the if is ordered (LB+ctrl = N)', () => {
    const lp = litmus(
      'LB+ctrl-inside',
      ['x', 'y'],
      [
        ({ t, L, r }) => {
          const join = t.label();
          t.load(r('r0'), L.x!);
          t.branch(eq(reg(r('r0')), c(0)), join, { join });
          t.store(L.y!, c(1));
          t.place(join);
        },
        otherSide,
      ],
    );
    expectShape(lp, lbCond, [N, N, N]);
  });
  it('a read inside the if is not ordered (MP+wmb+ctrl-read = S)', () => {
    const lp = litmus(
      'MP+wmb+ctrlread',
      ['x', 'y'],
      [
        ({ t, L }) => t.store(L.x!, c(1)).fence('wmb').store(L.y!, c(1)),
        ({ t, L, r }) => {
          const join = t.label();
          t.set(r('r1'), c(-1));
          t.load(r('r0'), L.y!);
          t.branch(eq(reg(r('r0')), c(0)), join, { join });
          t.load(r('r1'), L.x!);
          t.place(join);
        },
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 1, 'r0') === 1 && p.reg(v, 1, 'r1') === 0, [N, N, S]);
  });
});

describe('S, R, 2+2W', () => {
  it('S+poonceonces is allowed only by LKMM; S+wmb+acquire is forbidden', () => {
    const s = (name: string, ordered: boolean) =>
      litmus(
        name,
        ['x', 'y'],
        [
          ({ t, L }) => {
            t.store(L.x!, c(2));
            if (ordered) t.fence('wmb');
            t.store(L.y!, c(1));
          },
          ({ t, L, r }) => t.load(r('r0'), L.y!, ordered ? 'acquire' : 'once').store(L.x!, c(1)),
        ],
      );
    const cond: Cond = (v, p) => p.reg(v, 1, 'r0') === 1 && p.mem(v, 'x') === 2;
    expectShape(s('S', false), cond, [N, N, S]);
    expectShape(s('S+wmb+acq', true), cond, [N, N, N]);
  });
  it('R+poonceonces is allowed by TSO and LKMM; R+fencembonceonces is forbidden', () => {
    const rr = (name: string, mb: boolean) =>
      litmus(
        name,
        ['x', 'y'],
        [
          ({ t, L }) => {
            t.store(L.x!, c(1));
            if (mb) t.fence('mb');
            t.store(L.y!, c(1));
          },
          ({ t, L, r }) => {
            t.store(L.y!, c(2));
            if (mb) t.fence('mb');
            t.load(r('r0'), L.x!);
          },
        ],
      );
    const cond: Cond = (v, p) => p.mem(v, 'y') === 2 && p.reg(v, 1, 'r0') === 0;
    expectShape(rr('R', false), cond, [N, S, S]);
    expectShape(rr('R+mbs', true), cond, [N, N, N]);
  });
  it('2+2W: allowed by LKMM with nothing or wmbs, forbidden with mbs', () => {
    const w = (name: string, f: 'none' | 'wmb' | 'mb') =>
      litmus(
        name,
        ['x', 'y'],
        [
          ({ t, L }) => {
            t.store(L.x!, c(1));
            if (f !== 'none') t.fence(f);
            t.store(L.y!, c(2));
          },
          ({ t, L }) => {
            t.store(L.y!, c(1));
            if (f !== 'none') t.fence(f);
            t.store(L.x!, c(2));
          },
        ],
      );
    const cond: Cond = (v, p) => p.mem(v, 'x') === 1 && p.mem(v, 'y') === 1;
    expectShape(w('2+2W', 'none'), cond, [N, N, S]);
    expectShape(w('2+2W+wmbs', 'wmb'), cond, [N, N, S]);
    expectShape(w('2+2W+mbs', 'mb'), cond, [N, N, N]);
  });
});

describe('WRC, ISA2, IRIW (cumulativity and multicopy atomicity)', () => {
  it('WRC+poonceonces is allowed; WRC+pooncerelease+fencermbonceonce is forbidden', () => {
    const wrc = (name: string, ordered: boolean) =>
      litmus(
        name,
        ['x', 'y'],
        [
          ({ t, L }) => t.store(L.x!, c(1)),
          ({ t, L, r }) => t.load(r('r0'), L.x!).store(L.y!, c(1), ordered ? 'release' : 'once'),
          ({ t, L, r }) => {
            t.load(r('r1'), L.y!);
            if (ordered) t.fence('rmb');
            t.load(r('r2'), L.x!);
          },
        ],
      );
    const cond: Cond = (v, p) =>
      p.reg(v, 1, 'r0') === 1 && p.reg(v, 2, 'r1') === 1 && p.reg(v, 2, 'r2') === 0;
    expectShape(wrc('WRC', false), cond, [N, N, S]);
    expectShape(wrc('WRC+rel+rmb', true), cond, [N, N, N]);
  });
  it('ISA2+poonceonces is allowed; the release-acquire chain forbids it', () => {
    const isa2 = (name: string, ordered: boolean) =>
      litmus(
        name,
        ['x', 'y', 'z'],
        [
          ({ t, L }) => t.store(L.x!, c(1)).store(L.y!, c(1), ordered ? 'release' : 'once'),
          ({ t, L, r }) =>
            t
              .load(r('r0'), L.y!, ordered ? 'acquire' : 'once')
              .store(L.z!, c(1), ordered ? 'release' : 'once'),
          ({ t, L, r }) => t.load(r('r1'), L.z!, ordered ? 'acquire' : 'once').load(r('r2'), L.x!),
        ],
      );
    const cond: Cond = (v, p) =>
      p.reg(v, 1, 'r0') === 1 && p.reg(v, 2, 'r1') === 1 && p.reg(v, 2, 'r2') === 0;
    expectShape(isa2('ISA2', false), cond, [N, N, S]);
    expectShape(isa2('ISA2+rel+acqrel+acq', true), cond, [N, N, N]);
  });
  it('IRIW: allowed with acquires (LKMM is not multicopy atomic), forbidden with mbs', () => {
    const iriw = (name: string, f: 'none' | 'acquire' | 'mb') =>
      litmus(
        name,
        ['x', 'y'],
        [
          ({ t, L }) => t.store(L.x!, c(1)),
          ({ t, L, r }) => {
            t.load(r('r0'), L.x!, f === 'acquire' ? 'acquire' : 'once');
            if (f === 'mb') t.fence('mb');
            t.load(r('r1'), L.y!);
          },
          ({ t, L }) => t.store(L.y!, c(1)),
          ({ t, L, r }) => {
            t.load(r('r0'), L.y!, f === 'acquire' ? 'acquire' : 'once');
            if (f === 'mb') t.fence('mb');
            t.load(r('r1'), L.x!);
          },
        ],
      );
    const cond: Cond = (v, p) =>
      p.reg(v, 1, 'r0') === 1 &&
      p.reg(v, 1, 'r1') === 0 &&
      p.reg(v, 3, 'r0') === 1 &&
      p.reg(v, 3, 'r1') === 0;
    expectShape(iriw('IRIW', 'none'), cond, [N, N, S]);
    expectShape(iriw('IRIW+acquires', 'acquire'), cond, [N, N, S]);
    expectShape(iriw('IRIW+mbs', 'mb'), cond, [N, N, N]);
  });
});

describe('RWC: the timer-migration hotplug race (lkmm.md §1)', () => {
  type Variant = 'acquire' | 'addr' | 'relaxed-cmpxchg' | 'mb';
  const rwc = (variant: Variant): LitmusProgram =>
    litmus(
      `tmigr-RWC-${variant}`,
      ['dummy', 'parent', 'state'],
      [
        // P0 (hotplug): smp_store_release(&c->parent, g)
        ({ t, L }) => t.store(L.parent!, c(L.state!), 'release'),
        // P1 (walker): p = READ_ONCE(c->parent) (or acquire); s = READ_ONCE(p->state)
        ({ t, L, r }) => {
          t.load(
            r('p'),
            L.parent!,
            variant === 'acquire' || variant === 'relaxed-cmpxchg' ? 'acquire' : 'once',
          );
          if (variant === 'mb') t.fence('mb');
          if (variant === 'addr') {
            // READ_ONCE(p->state) through the pointer; p is never NULL here: parent starts at &dummy.
            t.load(r('s'), reg(r('p')));
          } else t.load(r('s'), L.state!);
        },
        // P2 (activation): cmpxchg(&g->state, 0, 1) succeeds; q = READ_ONCE(c->parent)
        ({ t, L, r }) => {
          t.rmw(L.state!, c(1), {
            guard: eq(old, c(0)),
            ok: r('ok'),
            order: variant === 'relaxed-cmpxchg' ? 'relaxed' : 'mb',
          });
          t.load(r('q'), L.parent!);
        },
      ],
    );
  const cond: Cond = (v, p) =>
    p.reg(v, 1, 'p') === p.program.locations.findIndex((l) => l.name === 'state') + 1 &&
    p.reg(v, 1, 's') === 0 &&
    p.reg(v, 2, 'ok') === 1 &&
    p.reg(v, 2, 'q') === 1;
  const withDummyParent = (lp: LitmusProgram): LitmusProgram => {
    const locations = lp.program.locations.map((l) => (l.name === 'parent' ? { ...l, init: 1 } : l));
    return { ...lp, program: { ...lp.program, locations } };
  };
  it('P0 release, P1 acquire, P2 cmpxchg: LKMM allows it, SC and TSO forbid it', () =>
    expectShape(withDummyParent(rwc('acquire')), cond, [N, N, S]));
  it('P0 release, P1 address dependency, P2 cmpxchg: allowed by LKMM', () =>
    expectShape(withDummyParent(rwc('addr')), cond, [N, N, S]));
  it('P0 release, P1 acquire, P2 cmpxchg_relaxed: allowed by LKMM', () =>
    expectShape(withDummyParent(rwc('relaxed-cmpxchg')), cond, [N, N, S]));
  it('P1 with smp_mb() between its reads (the fix): forbidden everywhere', () =>
    expectShape(withDummyParent(rwc('mb')), cond, [N, N, N]));
});

describe('RMWs: failed cmpxchg, smp_mb__{before,after}_atomic, Noreturn', () => {
  const failSb = (name: string, afterAtomic: boolean) =>
    litmus(
      name,
      ['x', 'y', 'z'],
      [0, 1].map(
        (i) =>
          ({
            t,
            L,
            r,
          }: {
            t: import('../../ir/builder.js').ThreadBuilder;
            L: Readonly<Record<string, number>>;
            r: (n: string) => number;
          }) => {
            const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
            t.store(mine, c(1));
            t.rmw(L.z!, c(0), { guard: eq(old, c(1)), dst: r('r1') }); // cmpxchg(z, 1, 0) fails: z stays 0
            if (afterAtomic) t.fence('after_atomic');
            t.load(r('r0'), other);
          },
      ),
    );
  const sbCond: Cond = (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0;
  it('cmpxchg-fail-unordered-1: a failed cmpxchg is no barrier in LKMM (still LOCKed on x86)', () =>
    expectShape(failSb('cmpxchg-fail-unordered-1', false), sbCond, [N, N, S]));
  it('cmpxchg-fail-ordered-1: smp_mb__after_atomic makes the failed cmpxchg a full barrier', () =>
    expectShape(failSb('cmpxchg-fail-ordered-1', true), sbCond, [N, N, N]));
  const fail2 = (name: string, afterAtomic: boolean) =>
    litmus(
      name,
      ['x', 'y'],
      [
        ({ t, L, r }) => t.store(L.x!, c(1)).rmw(L.y!, c(1), { guard: eq(old, c(0)), dst: r('r1') }),
        ({ t, L, r }) => {
          t.rmw(L.y!, c(1), { guard: eq(old, c(0)), dst: r('r1') });
          if (afterAtomic) t.fence('after_atomic');
          t.load(r('r2'), L.x!);
        },
      ],
    );
  const c2: Cond = (v, p) => p.reg(v, 0, 'r1') === 0 && p.reg(v, 1, 'r1') === 1 && p.reg(v, 1, 'r2') === 0;
  it('cmpxchg-fail-unordered-2: a failed cmpxchg gives no acquire ordering', () =>
    expectShape(fail2('cmpxchg-fail-unordered-2', false), c2, [N, N, S]));
  it('cmpxchg-fail-ordered-2: with smp_mb__after_atomic it does', () =>
    expectShape(fail2('cmpxchg-fail-ordered-2', true), c2, [N, N, N]));

  it('Atomic-RMW+mb__after_atomic-is-stronger-than-acquire: atomic_inc + after_atomic orders', () => {
    const lp = (fence: boolean) =>
      litmus(
        'Atomic-RMW+mb__after_atomic',
        ['x', 'y'],
        [
          ({ t, L, r }) => t.load(r('r0'), L.x!).fence('rmb').load(r('r1'), L.y!),
          ({ t, L }) => {
            t.rmw(L.y!, add(old, c(1)), { order: 'noreturn' });
            if (fence) t.fence('after_atomic');
            t.store(L.x!, c(1));
          },
        ],
      );
    const cond: Cond = (v, p) => p.reg(v, 0, 'r0') === 1 && p.reg(v, 0, 'r1') === 0;
    expectShape(lp(true), cond, [N, N, N]);
    expectShape(lp(false), cond, [N, N, S]);
  });
  it('smp_mb__after_atomic without an RMW before it orders nothing', () => {
    const lp = litmus(
      'SB+after_atomic-without-rmw',
      ['x', 'y'],
      [0, 1].map(
        (i) =>
          ({
            t,
            L,
            r,
          }: {
            t: import('../../ir/builder.js').ThreadBuilder;
            L: Readonly<Record<string, number>>;
            r: (n: string) => number;
          }) => {
            const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
            t.store(mine, c(1)).fence('after_atomic').load(r('r0'), other);
          },
      ),
    );
    expectShape(lp, (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0, [N, S, S]);
  });
  it('smp_mb__before_atomic before a relaxed xchg orders the preceding store', () => {
    const lp = (fence: boolean) =>
      litmus(
        'SB+before_atomic+xchg_relaxed',
        ['x', 'y', 'z'],
        [0, 1].map(
          (i) =>
            ({
              t,
              L,
              r,
            }: {
              t: import('../../ir/builder.js').ThreadBuilder;
              L: Readonly<Record<string, number>>;
              r: (n: string) => number;
            }) => {
              const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
              t.store(mine, c(1));
              if (fence) t.fence('before_atomic');
              t.rmw(L.z!, c(i + 1), { dst: r('r1'), order: 'relaxed' });
              t.load(r('r0'), other);
            },
        ),
      );
    const cond: Cond = (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0;
    expectShape(lp(true), cond, [N, N, N]);
    expectShape(lp(false), cond, [N, N, S]);
  });
  it('a fully ordered RMW between the accesses forbids SB', () => {
    const lp = litmus(
      'SB+xchgs',
      ['x', 'y', 'z'],
      [0, 1].map(
        (i) =>
          ({
            t,
            L,
            r,
          }: {
            t: import('../../ir/builder.js').ThreadBuilder;
            L: Readonly<Record<string, number>>;
            r: (n: string) => number;
          }) => {
            const [mine, other] = i === 0 ? [L.x!, L.y!] : [L.y!, L.x!];
            t.store(mine, c(1))
              .rmw(L.z!, c(i + 1), { dst: r('r1') })
              .load(r('r0'), other);
          },
      ),
    );
    expectShape(lp, (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0, [N, N, N]);
  });
  it('atomic_add_unless-style RMWs are atomic with respect to atomic_set', () => {
    // Atomic-RMW-ops-are-atomic-WRT-atomic_set: x starts at 2; P0 atomic_set(x, 3); P1 atomic_add_unless(x, 1, 2).
    const lp = litmus(
      'Atomic-RMW-ops-are-atomic-WRT-atomic_set',
      [['v', 2]],
      [
        ({ t, L }) => t.store(L.v!, c(3)),
        ({ t, L, r }) => t.rmw(L.v!, add(old, c(1)), { guard: ne(old, c(2)), ok: r('r0') }),
      ],
    );
    expectShape(lp, (v, p) => p.mem(v, 'v') === 4 && p.reg(v, 1, 'r0') === 0, [N, N, N]);
  });
});

describe('locks', () => {
  it('MP+polocks is forbidden', () => {
    const lp = litmus(
      'MP+polocks',
      ['x', 'y', 'l'],
      [
        ({ t, L }) => t.store(L.x!, c(1)).lock(L.l!).store(L.y!, c(1)).unlock(L.l!),
        ({ t, L, r }) => t.lock(L.l!).load(r('r0'), L.y!).unlock(L.l!).load(r('r1'), L.x!),
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 1, 'r0') === 1 && p.reg(v, 1, 'r1') === 0, [N, N, N]);
  });
  it('Z6.0+pooncelock+pooncelock+pombonce is allowed by LKMM only', () => {
    const lp = litmus(
      'Z6.0+locks',
      ['x', 'y', 'z', 'l'],
      [
        ({ t, L }) => t.lock(L.l!).store(L.x!, c(1)).store(L.y!, c(1)).unlock(L.l!),
        ({ t, L, r }) => t.lock(L.l!).load(r('r0'), L.y!).store(L.z!, c(1)).unlock(L.l!),
        ({ t, L, r }) => t.store(L.z!, c(2)).fence('mb').load(r('r1'), L.x!),
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 1, 'r0') === 1 && p.mem(v, 'z') === 2 && p.reg(v, 2, 'r1') === 0, [
      N,
      N,
      S,
    ]);
  });
  it('Z6.0 with smp_mb__after_spinlock is forbidden', () => {
    const lp = litmus(
      'Z6.0+locks+after_spinlock',
      ['x', 'y', 'z', 'l'],
      [
        ({ t, L }) => t.lock(L.l!).store(L.x!, c(1)).store(L.y!, c(1)).unlock(L.l!),
        ({ t, L, r }) =>
          t.lock(L.l!).fence('after_spinlock').load(r('r0'), L.y!).store(L.z!, c(1)).unlock(L.l!),
        ({ t, L, r }) => t.store(L.z!, c(2)).fence('mb').load(r('r1'), L.x!),
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 1, 'r0') === 1 && p.mem(v, 'z') === 2 && p.reg(v, 2, 'r1') === 0, [
      N,
      N,
      N,
    ]);
  });
  it('SB inside critical sections of one lock is forbidden', () => {
    const lp = litmus(
      'SB+locks',
      ['x', 'y', 'l'],
      [
        ({ t, L, r }) => t.lock(L.l!).store(L.x!, c(1)).load(r('r0'), L.y!).unlock(L.l!),
        ({ t, L, r }) => t.lock(L.l!).store(L.y!, c(1)).load(r('r0'), L.x!).unlock(L.l!),
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 0, 'r0') === 0 && p.reg(v, 1, 'r0') === 0, [N, N, N]);
  });
  it('a spin_lock that can never be taken leaves no execution (herd: DEADLOCK)', () => {
    const lp = litmus('self-deadlock', ['x', 'l'], [({ t, L }) => t.lock(L.l!).store(L.x!, c(1)).lock(L.l!)]);
    expectShape(lp, () => true, ['DEADLOCK', 'DEADLOCK', 'DEADLOCK']);
  });
});

describe('store forwarding (lkmm.md §8.3 forwarding caveat)', () => {
  it('a release store forwarded to a po-later acquire load does not order LB in LKMM', () => {
    const lp = litmus(
      'LB+rel-rfi-acq',
      ['x', 'y', 's'],
      [
        ({ t, L, r }) =>
          t.load(r('r0'), L.x!).store(L.s!, c(1), 'release').load(r('r1'), L.s!, 'acquire').store(L.y!, c(1)),
        ({ t, L, r }) => t.load(r('r0'), L.y!, 'acquire').store(L.x!, c(1)),
      ],
    );
    expectShape(lp, (v, p) => p.reg(v, 0, 'r0') === 1 && p.reg(v, 1, 'r0') === 1, [N, N, S]);
  });
});
