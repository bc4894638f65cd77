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
import { c, old } from '../../ir/expr.js';
import type { Program } from '../../ir/types.js';
import { violatedAxiom } from './consistency.js';
import { violatedScTso } from './predicates.js';
import { LkmmSemantics, type LkmmState } from './semantics.js';

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
