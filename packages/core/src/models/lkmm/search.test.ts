/**
 * Properties of the search's shortcuts in `semantics.ts`: graphs built by appending events
 * without outgoing edges skip the consistency check (every state kept must still be
 * consistent), and the wait step is offered only while another thread may still write the
 * location.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../explore/semantics.js';
import { ProgramBuilder } from '../../ir/builder.js';
import { add, c, eq, old, reg } from '../../ir/expr.js';
import type { Program } from '../../ir/types.js';
import { buildTmigrModel, getVariant, loadScenario } from '../../tmigr/api.js';
import { violatedAxiom } from './consistency.js';
import { violatedScTso } from './predicates.js';
import { LkmmSemantics, type LkmmState, threadKey } from './semantics.js';

type Op =
  | { op: 'load'; loc: number; acquire: boolean }
  | { op: 'store'; loc: number; value: number; release: boolean }
  | { op: 'xchg'; loc: number; value: number }
  | { op: 'fence' }
  | { op: 'locked'; lock: number; loc: number; value: number };

const loc = fc.integer({ min: 0, max: 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('load' as const), loc, acquire: fc.boolean() }),
  fc.record({
    op: fc.constant('store' as const),
    loc,
    value: fc.integer({ min: 1, max: 2 }),
    release: fc.boolean(),
  }),
  fc.record({ op: fc.constant('xchg' as const), loc, value: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('fence' as const) }),
  fc.record({ op: fc.constant('locked' as const), lock: loc, loc, value: fc.integer({ min: 1, max: 2 }) }),
);
const programArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

function build(threads: Op[][]): Program {
  const b = new ProgramBuilder('random');
  const x = [b.location('x0'), b.location('x1')];
  const l = [b.location('l0'), b.location('l1')];
  threads.forEach((ops, ti) => {
    const t = b.thread(`P${ti}`);
    ops.forEach((o, i) => {
      switch (o.op) {
        case 'load':
          t.load(t.reg(`r${i}`), x[o.loc]!, o.acquire ? 'acquire' : 'once');
          break;
        case 'store':
          t.store(x[o.loc]!, c(o.value), o.release ? 'release' : 'once');
          break;
        case 'xchg':
          t.rmw(x[o.loc]!, c(o.value), { dst: t.reg(`r${i}`), order: 'mb' });
          break;
        case 'fence':
          t.fence('mb');
          break;
        case 'locked': {
          const r = t.reg(`r${i}`);
          t.lock(l[o.lock]!).load(r, x[o.loc]!).store(x[o.loc]!, c(o.value)).unlock(l[o.lock]!);
          break;
        }
      }
    });
  });
  return b.build();
}

/** Every state reachable by the search (breadth first, up to `limit` states). */
function reachable(sem: LkmmSemantics, limit = 20_000): LkmmState[] {
  const init = sem.initial();
  if (init.kind !== 'state') return [];
  const seen = new Set([sem.key(init.state)]);
  const out = [init.state];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    for (const s of sem.successors(out[i]!)) {
      if (s.kind !== 'state') continue;
      const k = sem.key(s.state);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(s.state);
      }
    }
  }
  return out;
}

describe('LKMM search shortcuts', () => {
  it('every state kept has a consistent graph, although appended po-last events skip the check', () => {
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        for (const model of ['lkmm', 'sc', 'tso'] as ModelName[]) {
          const sem = new LkmmSemantics(p, { axioms: model });
          for (const s of reachable(sem)) {
            const bad =
              model === 'lkmm'
                ? violatedAxiom(s.graph, p.locations.length)
                : violatedScTso(s.graph, p.locations.length, model);
            expect(bad, model).toBeNull();
          }
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('a thread state is what replaying its events and guesses gives (the state key relies on it)', () => {
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        const sem = new LkmmSemantics(p);
        for (const s of reachable(sem, 5_000)) {
          s.threads.forEach((t, ti) => {
            const again = sem.replayThread(ti, s.graph.events[ti]!, t.guesses);
            expect(again && threadKey(again)).toBe(threadKey(t));
          });
        }
      }),
      { numRuns: 100, seed: 20261127 },
    );
  });

  it('replaying rebuilds every thread state of a tmigr scenario too (branches, guesses, retry loops)', () => {
    let guessed = 0;
    for (const [scenario, variant] of [
      ['b729cc1ec21a', 'b729cc1ec21a'],
      ['no-seq', 'v7.1-rc1'],
      ['seed', 'bd3c45dd01'],
    ] as const) {
      const model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
      // Every read deferrable (as before ordered-reads.ts), so that branch guesses occur.
      const sem = new LkmmSemantics(model.program, { orderedReadsWait: false });
      const states = reachable(sem, 6_000);
      expect(states.length).toBeGreaterThan(1_000);
      for (const s of states) {
        s.threads.forEach((t, ti) => {
          if (t.guesses.length > 0) guessed++;
          const again = sem.replayThread(ti, s.graph.events[ti]!, t.guesses);
          expect(again && threadKey(again)).toBe(threadKey(t));
        });
      }
    }
    expect(guessed, 'states with branch guesses').toBeGreaterThan(0);
  });

  it('offers no wait step at an RMW or lock whose location no other thread writes', () => {
    const b = new ProgramBuilder('private-locks');
    const l0 = b.location('l0');
    const l1 = b.location('l1');
    const x = b.location('x');
    const y = b.location('y');
    const t0 = b.thread('P0');
    t0.lock(l0)
      .rmw(x, old, { dst: t0.reg('r0'), order: 'mb' })
      .unlock(l0);
    const t1 = b.thread('P1');
    t1.lock(l1).store(x, c(1)).rmw(y, c(1), { order: 'mb' }).unlock(l1);
    const sem = new LkmmSemantics(b.build());
    const notes: string[] = [];
    for (const s of reachable(sem)) {
      for (const n of sem.successors(s)) {
        if (n.step.note?.startsWith('waits')) notes.push(`${n.step.thread}:${n.step.instr?.op}`);
      }
    }
    // Only P0's RMW on x may wait (P1 may still write x); the locks and y are private.
    expect(new Set(notes)).toEqual(new Set(['0:rmw']));
  });
});

/**
 * Final outcomes (registers and memory) of every finished execution the search reaches, or
 * null when the program has more than `limit` states.
 */
function outcomes(sem: LkmmSemantics, limit = 5_000): Set<string> | null {
  const states = reachable(sem, limit + 1);
  if (states.length > limit) return null;
  const out = new Set<string>();
  for (const s of states) {
    if (!sem.isFinal(s)) continue;
    const view = sem.view(s);
    const mem = sem.program.locations.map((_, a) => view.value(a + 1));
    out.add(`${view.threads.map((t) => Array.from(t.regs).join(',')).join('|')}#${mem.join(',')}`);
  }
  return out;
}

describe('a wait step replaces a deferral that would block its thread', () => {
  it('waits at a read whose value the next access needs, instead of deferring it', () => {
    const b = new ProgramBuilder('dep');
    const x = b.location('x');
    const y = b.location('y');
    const t0 = b.thread('P0');
    const r0 = t0.reg('r0');
    t0.load(r0, x).store(y, reg(r0));
    b.thread('P1').store(x, c(1));
    const sem = new LkmmSemantics(b.build());
    const init = sem.initial();
    if (init.kind !== 'state') throw new Error('no initial state');
    const notes = sem.successors(init.state).map((n) => n.step.note ?? `reads ${n.step.read}`);
    expect(notes).toEqual(['reads 0', 'waits: lets other threads go first']);
    const old = new LkmmSemantics(b.build(), { loadWaits: false, orderedReadsWait: false });
    const oldInit = old.initial();
    if (oldInit.kind !== 'state') throw new Error('no initial state');
    expect(old.successors(oldInit.state).map((n) => n.step.note ?? `reads ${n.step.read}`)).toEqual([
      'reads 0',
      'read deferred: it takes its value later',
    ]);
  });

  it('reaches the same final outcomes as deferring (random programs, LKMM, SC and TSO axioms)', () => {
    // Programs whose reads feed the next access: a copy (load, then store the value: data
    // dependency), a compare-and-swap expecting the value read, or a plain op from above.
    type DepOp = Op | { op: 'copy'; from: number; to: number } | { op: 'cas'; loc: number; value: number };
    const depOp: fc.Arbitrary<DepOp> = fc.oneof(
      opArb,
      fc.record({ op: fc.constant('copy' as const), from: loc, to: loc }),
      fc.record({ op: fc.constant('cas' as const), loc, value: fc.integer({ min: 1, max: 2 }) }),
    );
    const depPrograms = fc.array(fc.array(depOp, { minLength: 1, maxLength: 2 }), {
      minLength: 2,
      maxLength: 3,
    });
    const buildDep = (threads: DepOp[][]): Program => {
      const b = new ProgramBuilder('random-deps');
      const x = [b.location('x0'), b.location('x1')];
      const l = b.location('l');
      threads.forEach((ops, ti) => {
        const t = b.thread(`P${ti}`);
        ops.forEach((o, i) => {
          const r = t.reg(`r${i}`);
          switch (o.op) {
            case 'copy':
              t.load(r, x[o.from]!).store(x[o.to]!, reg(r));
              break;
            case 'cas':
              t.load(r, x[o.loc]!).rmw(x[o.loc]!, c(o.value), { guard: eq(old, reg(r)), order: 'mb' });
              break;
            case 'load':
              t.load(r, x[o.loc]!, o.acquire ? 'acquire' : 'once');
              break;
            case 'store':
              t.store(x[o.loc]!, c(o.value), o.release ? 'release' : 'once');
              break;
            case 'xchg':
              t.rmw(x[o.loc]!, c(o.value), { dst: r, order: 'mb' });
              break;
            case 'fence':
              t.fence('mb');
              break;
            case 'locked':
              t.lock(l).load(r, x[o.loc]!).store(x[o.loc]!, c(o.value)).unlock(l);
              break;
          }
        });
      });
      return b.build();
    };
    fc.assert(
      fc.property(depPrograms, (threads) => {
        const p = buildDep(threads);
        for (const model of ['lkmm', 'sc', 'tso'] as ModelName[]) {
          const waits = outcomes(new LkmmSemantics(p, { axioms: model }));
          const defers = outcomes(
            new LkmmSemantics(p, { axioms: model, loadWaits: false, orderedReadsWait: false }),
          );
          // Programs too big for a unit test's budget are skipped (both searches must finish).
          if (waits === null || defers === null) continue;
          expect(waits, model).toEqual(defers);
        }
      }),
      { numRuns: 100, seed: 20261126 },
    );
  });
});

describe('reads under a lock taken through a pointer (future.ts)', () => {
  // Objects { lock, f } reached through pointer cells, as tmigr reaches a group's lock and
  // fields: `ptr` holds A or B, `maybe` holds NULL or A (`if (child) spin_lock(&child->lock)`).
  type PtrOp =
    | { op: 'locked'; nullable: boolean; value: number }
    | { op: 'bare-store'; obj: number; value: number }
    | { op: 'bare-load'; obj: number }
    | { op: 'repoint' };
  const ptrOp: fc.Arbitrary<PtrOp> = fc.oneof(
    fc.record({
      op: fc.constant('locked' as const),
      nullable: fc.boolean(),
      value: fc.integer({ min: 1, max: 2 }),
    }),
    fc.record({ op: fc.constant('bare-store' as const), obj: loc, value: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ op: fc.constant('bare-load' as const), obj: loc }),
    fc.record({ op: fc.constant('repoint' as const) }),
  );
  const ptrPrograms = fc.array(fc.array(ptrOp, { minLength: 1, maxLength: 2 }), {
    minLength: 2,
    maxLength: 3,
  });
  const buildPtr = (threads: PtrOp[][]): Program => {
    const b = new ProgramBuilder('random-pointers');
    const lock = [b.location('A.lock'), 0];
    const f = [b.location('A.f'), 0];
    lock[1] = b.location('B.lock');
    f[1] = b.location('B.f');
    const ptr = b.location('ptr', lock[0]);
    const maybe = b.location('maybe', 0);
    threads.forEach((ops, ti) => {
      const t = b.thread(`P${ti}`);
      ops.forEach((o, i) => {
        const r = t.reg(`r${i}`);
        const v = t.reg(`v${i}`);
        switch (o.op) {
          case 'locked': {
            // r = ptr (or maybe); [if (r)] lock(r); v = r->f; r->f = value; [if (r)] unlock(r)
            const [skipLock, skipBody] = [t.label(), t.label()];
            t.load(r, o.nullable ? maybe : ptr);
            if (o.nullable) t.branch(eq(reg(r), c(0)), skipLock);
            t.lock(reg(r)).place(skipLock);
            if (o.nullable) t.branch(eq(reg(r), c(0)), skipBody);
            t.load(v, add(reg(r), c(1)))
              .store(add(reg(r), c(1)), c(o.value))
              .unlock(reg(r));
            t.place(skipBody);
            break;
          }
          case 'bare-store':
            t.store(f[o.obj]!, c(o.value));
            break;
          case 'bare-load':
            t.load(v, f[o.obj]!);
            break;
          case 'repoint':
            t.store(ptr, c(lock[1]!)).store(maybe, c(lock[0]!));
            break;
        }
      });
    });
    return b.build();
  };

  it('reach the same final outcomes whether or not the held locks rule out writes (random programs)', () => {
    let compared = 0;
    fc.assert(
      fc.property(ptrPrograms, (threads) => {
        const p = buildPtr(threads);
        for (const model of ['lkmm', 'sc'] as ModelName[]) {
          const withLocks = outcomes(new LkmmSemantics(p, { axioms: model }));
          const without = outcomes(new LkmmSemantics(p, { axioms: model, heldLocks: false }));
          if (withLocks === null || without === null) continue;
          compared++;
          expect(withLocks, model).toEqual(without);
        }
      }),
      { numRuns: 150, seed: 20261207 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});

describe('the canonical schedule under another thread order', () => {
  it('reaches the same final outcomes under every thread priority (random programs, LKMM)', () => {
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        const n = p.threads.length;
        const identity = p.threads.map((_, i) => i);
        const reversed = [...identity].reverse();
        const rotated = [...identity.slice(1), 0];
        const base = outcomes(new LkmmSemantics(p));
        if (base === null) return;
        for (const order of [reversed, rotated]) {
          const other = outcomes(new LkmmSemantics(p, { order }));
          if (other !== null) expect(other, `order ${order.join(',')} of ${n}`).toEqual(base);
        }
      }),
      { numRuns: 100, seed: 20261128 },
    );
  });

  it('rejects an order that is not a permutation of the threads', () => {
    const b = new ProgramBuilder('two');
    const x = b.location('x');
    b.thread('P0').store(x, c(1));
    b.thread('P1').store(x, c(2));
    expect(() => new LkmmSemantics(b.build(), { order: [0, 0] })).toThrow(
      'LKMM thread order must be a permutation of 0..1, got 0,0',
    );
  });
});
