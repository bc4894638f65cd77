/**
 * `ordered-reads.ts`: which loads the LKMM search may defer, and the claim that waiting at the
 * others loses no execution (checked against deferring every load, on random programs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../explore/semantics.js';
import { ProgramBuilder, type ThreadBuilder } from '../../ir/builder.js';
import { c, eq, not, old, reg } from '../../ir/expr.js';
import type { Program, RmwOrder } from '../../ir/types.js';
import { deferrableLoads } from './ordered-reads.js';
import { LkmmSemantics, type LkmmState } from './semantics.js';
import { analyzeValues } from './values.js';

/** Two threads: P0 runs `body` after reading x into r0; P1 reads y and writes x. */
function withReader(body: (t: ThreadBuilder, x: number, y: number) => void): Program {
  const b = new ProgramBuilder('unit');
  const x = b.location('x');
  const y = b.location('y');
  const t0 = b.thread('P0');
  t0.load(t0.reg('r0'), x);
  body(t0, x, y);
  const t1 = b.thread('P1');
  t1.load(t1.reg('r0'), y).store(x, c(1));
  return b.build();
}

/** Whether P0's first load (pc 0) may be deferred. */
const firstLoadDeferrable = (p: Program): boolean => deferrableLoads(p, analyzeValues(p))[0]![0]!;

describe('deferrableLoads', () => {
  it('defers a read followed by a relaxed write that another thread reads (load buffering)', () => {
    expect(firstLoadDeferrable(withReader((t, _x, y) => t.store(y, c(1))))).toBe(true);
  });

  it('does not defer when no other thread reads what the thread writes later', () => {
    const b = new ProgramBuilder('unread');
    const x = b.location('x');
    const z = b.location('z');
    const t0 = b.thread('P0');
    t0.load(t0.reg('r0'), x).store(z, c(1));
    b.thread('P1').store(x, c(1));
    const p = b.build();
    expect(deferrableLoads(p, analyzeValues(p))[0]![0]).toBe(false);
  });

  it('does not defer a read whose location only threads without reads write (a clock writing jiffies)', () => {
    const program = (writerReads: boolean): Program => {
      const b = new ProgramBuilder('clock');
      const x = b.location('x');
      const y = b.location('y');
      const z = b.location('z');
      const t0 = b.thread('P0');
      t0.load(t0.reg('r0'), x).store(y, c(1)); // unordered write that P2 reads
      const clock = b.thread('P1');
      if (writerReads) clock.load(clock.reg('r0'), z);
      clock.store(x, c(1));
      const t2 = b.thread('P2');
      t2.load(t2.reg('r0'), y);
      return b.build();
    };
    expect(firstLoadDeferrable(program(false))).toBe(false);
    // Once the writer has a read, its write may lie on a po ∪ rf cycle: the read is deferred.
    expect(firstLoadDeferrable(program(true))).toBe(true);
    // And waiting loses nothing: the same execution graphs as deferring every read.
    const p = program(false);
    const waits = finalGraphs(new LkmmSemantics(p));
    const defers = finalGraphs(new LkmmSemantics(p, { orderedReadsWait: false, pruneIdleWaits: false }));
    expect(waits && [...waits].sort()).toEqual(defers && [...defers].sort());
    expect(waits?.size).toBeGreaterThan(1);
  });

  it('does not defer an acquire read, a read before smp_mb(), or a read before a release store', () => {
    const acquire = new ProgramBuilder('acq');
    const x = acquire.location('x');
    const y = acquire.location('y');
    const t0 = acquire.thread('P0');
    t0.load(t0.reg('r0'), x, 'acquire').store(y, c(1));
    const t1 = acquire.thread('P1');
    t1.load(t1.reg('r0'), y).store(x, c(1));
    expect(firstLoadDeferrable(acquire.build())).toBe(false);
    expect(firstLoadDeferrable(withReader((t, _x, yy) => t.fence('mb').store(yy, c(1))))).toBe(false);
    expect(firstLoadDeferrable(withReader((t, _x, yy) => t.store(yy, c(1), 'release')))).toBe(false);
    // smp_rmb() and smp_wmb() do not order a read before a later write.
    expect(firstLoadDeferrable(withReader((t, _x, yy) => t.fence('rmb').store(yy, c(1))))).toBe(true);
    expect(firstLoadDeferrable(withReader((t, _x, yy) => t.fence('wmb').store(yy, c(1))))).toBe(true);
  });

  it('counts a fully ordered RMW as ordering on its success edge only', () => {
    // try_cmpxchg retry loop, then a relaxed store: reached only once the cmpxchg succeeded.
    const loop = (t: ThreadBuilder, y: number, storeOnFailure: boolean): void => {
      const r1 = t.reg('r1');
      const ok = t.reg('ok');
      const head = t.label();
      t.place(head).load(r1, y);
      t.rmw(y, c(2), { guard: eq(old, reg(r1)), ok, order: 'mb' });
      const done = t.label();
      t.branch(reg(ok), done);
      if (storeOnFailure) t.store(y, c(3));
      t.jump(head, 2).place(done).store(y, c(1));
    };
    expect(firstLoadDeferrable(withReader((t, _x, y) => loop(t, y, false)))).toBe(false);
    expect(firstLoadDeferrable(withReader((t, _x, y) => loop(t, y, true)))).toBe(true);
  });

  it('keeps every load deferrable when some RMW read is not ordered', () => {
    // A relaxed xchg followed by a write another thread reads: its read could sit on a
    // load-buffering cycle, so the acquire-free analysis is not used at all.
    const p = withReader((t, x, y) => {
      t.fence('mb');
      t.rmw(x, c(2), { dst: t.reg('r1'), order: 'relaxed' }).store(y, c(1));
    });
    expect(firstLoadDeferrable(p)).toBe(true);
    const ordered = withReader((t, x, y) => {
      t.fence('mb');
      t.rmw(x, c(2), { dst: t.reg('r1'), order: 'mb' }).store(y, c(1));
    });
    expect(firstLoadDeferrable(ordered)).toBe(false);
  });
});

// ---- random programs: waiting at ordered reads reaches the same executions ---------------

type Op =
  | { op: 'load'; loc: number; acquire: boolean }
  | { op: 'store'; loc: number; value: number; release: boolean }
  | { op: 'copy'; from: number; to: number }
  | { op: 'xchg'; loc: number; value: number; order: RmwOrder }
  | { op: 'cas-loop'; loc: number; value: number }
  | { op: 'fence'; kind: 'mb' | 'rmb' | 'wmb' }
  | { op: 'locked'; loc: number; value: number };

const loc = fc.integer({ min: 0, max: 1 });
const value = fc.integer({ min: 1, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('load' as const), loc, acquire: fc.boolean() }),
  fc.record({ op: fc.constant('store' as const), loc, value, release: fc.boolean() }),
  fc.record({ op: fc.constant('copy' as const), from: loc, to: loc }),
  fc.record({
    op: fc.constant('xchg' as const),
    loc,
    value,
    order: fc.constantFrom<RmwOrder>('mb', 'relaxed', 'acquire', 'release'),
  }),
  fc.record({ op: fc.constant('cas-loop' as const), loc, value }),
  fc.record({
    op: fc.constant('fence' as const),
    kind: fc.constantFrom('mb' as const, 'rmb' as const, 'wmb' as const),
  }),
  fc.record({ op: fc.constant('locked' as const), loc, value }),
);
const programArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

function build(threads: Op[][]): Program {
  const b = new ProgramBuilder('random-ordered');
  const x = [b.location('x0'), b.location('x1')];
  const l = b.location('l');
  threads.forEach((ops, ti) => {
    const t = b.thread(`P${ti}`);
    ops.forEach((o, i) => {
      const r = t.reg(`r${i}`);
      switch (o.op) {
        case 'load':
          t.load(r, x[o.loc]!, o.acquire ? 'acquire' : 'once');
          break;
        case 'store':
          t.store(x[o.loc]!, c(o.value), o.release ? 'release' : 'once');
          break;
        case 'copy':
          t.load(r, x[o.from]!).store(x[o.to]!, reg(r));
          break;
        case 'xchg':
          t.rmw(x[o.loc]!, c(o.value), { dst: r, order: o.order });
          break;
        case 'cas-loop': {
          // do { r = x; } while (!try_cmpxchg(x, r, value)), as tmigr_active_up() does.
          const ok = t.reg(`ok${i}`);
          const head = t.label();
          t.place(head).load(r, x[o.loc]!);
          t.rmw(x[o.loc]!, c(o.value), { guard: eq(old, reg(r)), ok, order: 'mb' });
          t.branch(not(reg(ok)), head, { bound: 2 });
          break;
        }
        case 'fence':
          t.fence(o.kind);
          break;
        case 'locked':
          t.lock(l).load(r, x[o.loc]!).store(x[o.loc]!, c(o.value)).unlock(l);
          break;
      }
    });
  });
  return b.build();
}

/** The finished execution graphs (events with their rf and rmw, and co), or null past `limit` states. */
function finalGraphs(sem: LkmmSemantics, limit = 6_000): Set<string> | null {
  const init = sem.initial();
  if (init.kind !== 'state') return new Set();
  const seen = new Set([sem.key(init.state)]);
  const todo: LkmmState[] = [init.state];
  const out = new Set<string>();
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (sem.isFinal(s)) {
      const events = s.graph.events.map((evs) =>
        evs.map((e) => `${e.kind}.${e.flags}.${e.loc}.${e.val}.${e.rf}.${e.rmw}`).join(' '),
      );
      out.add(`${events.join(' | ')} # ${s.graph.co.map((l) => l.join(',')).join(' ')}`);
    }
    for (const n of sem.successors(s)) {
      if (n.kind !== 'state') continue;
      const k = sem.key(n.state);
      if (seen.has(k)) continue;
      if (seen.size >= limit) return null;
      seen.add(k);
      todo.push(n.state);
    }
  }
  return out;
}

describe('waiting at ordered reads and dropping idle waits', () => {
  it('reach exactly the execution graphs that deferring every read reaches (random programs)', () => {
    let compared = 0;
    let withLoadBuffering = 0;
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        for (const axioms of ['lkmm', 'sc', 'tso'] as ModelName[]) {
          const waits = finalGraphs(new LkmmSemantics(p, { axioms }));
          // The search before both shortcuts: every read deferrable, idle waits released.
          const defers = finalGraphs(
            new LkmmSemantics(p, { axioms, orderedReadsWait: false, pruneIdleWaits: false }),
          );
          if (waits === null || defers === null) continue;
          compared++;
          expect([...waits].sort(), axioms).toEqual([...defers].sort());
          if (axioms === 'lkmm' && deferrableLoads(p, analyzeValues(p)).some((t) => t.some(Boolean)))
            withLoadBuffering++;
        }
      }),
      {
        numRuns: 150,
        seed: 20261125,
        // Load buffering through a relaxed xchg: P0's read is ordered (smp_mb), P1's xchg read
        // is not, so r0 = 1 needs P0's read deferred (the fallback of deferrableLoads).
        examples: [
          [
            [
              [
                { op: 'load', loc: 0, acquire: false },
                { op: 'fence', kind: 'mb' },
                { op: 'store', loc: 1, value: 1, release: false },
              ],
              [
                { op: 'xchg', loc: 1, value: 2, order: 'relaxed' },
                { op: 'store', loc: 0, value: 1, release: false },
              ],
            ],
          ],
        ],
      },
    );
    // The property must have compared enough programs, some of them with deferrable loads.
    expect(compared).toBeGreaterThan(300);
    expect(withLoadBuffering).toBeGreaterThan(20);
    // About 45 s alone on a 2-core machine (three axioms × 150 programs, two searches each).
  }, 240_000);
});
