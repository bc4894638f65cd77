/**
 * Property: for the kernel primitives, every final outcome SC allows is allowed by x86-TSO,
 * and every outcome x86-TSO allows is allowed by LKMM (lkmm.md §6.2 item 5).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../../check.js';
import type { ModelName } from '../../explore/semantics.js';
import { ProgramBuilder } from '../../ir/builder.js';
import { add, c, eq, old, reg } from '../../ir/expr.js';
import type { FenceKind, LoadOrder, Program, RmwOrder, StoreOrder } from '../../ir/types.js';
import { finalOutcomes } from './outcomes.js';
import { LkmmSemantics } from './semantics.js';

type Op =
  | { op: 'load'; loc: number; order: LoadOrder; addrDep: boolean }
  | { op: 'store'; loc: number; order: StoreOrder; value: number; dataDep: boolean }
  | { op: 'fence'; kind: FenceKind }
  | { op: 'xchg'; loc: number; value: number; order: RmwOrder }
  | { op: 'cmpxchg'; loc: number; expect: number; value: number; order: RmwOrder }
  | { op: 'inc'; loc: number }
  | { op: 'if'; then: Op };

const NLOC = 2;
const loc = fc.integer({ min: 0, max: NLOC - 1 });
const val = fc.integer({ min: 1, max: 2 });
const simpleOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('load' as const),
    loc,
    order: fc.constantFrom<LoadOrder>('once', 'acquire'),
    addrDep: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('store' as const),
    loc,
    order: fc.constantFrom<StoreOrder>('once', 'release'),
    value: val,
    dataDep: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('fence' as const),
    kind: fc.constantFrom<FenceKind>('mb', 'rmb', 'wmb', 'after_atomic', 'before_atomic'),
  }),
  fc.record({
    op: fc.constant('xchg' as const),
    loc,
    value: val,
    order: fc.constantFrom<RmwOrder>('mb', 'relaxed', 'acquire', 'release'),
  }),
  fc.record({
    op: fc.constant('cmpxchg' as const),
    loc,
    expect: fc.integer({ min: 0, max: 1 }),
    value: val,
    order: fc.constantFrom<RmwOrder>('mb', 'relaxed'),
  }),
  fc.record({ op: fc.constant('inc' as const), loc }),
);
const anyOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: simpleOp },
  { weight: 1, arbitrary: simpleOp.map((then) => ({ op: 'if' as const, then })) },
);
const programArb = fc.array(fc.array(anyOp, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });

/** Builds the IR; `last` is the register holding the last value read (dependencies come from it). */
function build(threads: Op[][]): Program {
  const b = new ProgramBuilder('random');
  for (let i = 0; i < NLOC; i++) b.location(`x${i}`);
  threads.forEach((ops, ti) => {
    const t = b.thread(`P${ti}`);
    let n = 0;
    const last = t.reg('last', 0);
    const emit = (o: Op): void => {
      const a = o.op === 'fence' || o.op === 'if' ? 0 : o.loc + 1;
      switch (o.op) {
        case 'load': {
          const r = t.reg(`r${n++}`);
          // An address dependency that always yields the same address: a + (last & 0).
          t.load(r, o.addrDep ? add(c(a), { k: 'bin', op: 'and', a: reg(last), b: c(0) }) : c(a), o.order);
          t.set(last, reg(r));
          break;
        }
        case 'store':
          t.store(
            a,
            o.dataDep ? add(c(o.value), { k: 'bin', op: 'and', a: reg(last), b: c(0) }) : c(o.value),
            o.order,
          );
          break;
        case 'fence':
          t.fence(o.kind);
          break;
        case 'xchg': {
          const r = t.reg(`r${n++}`);
          t.rmw(a, c(o.value), { dst: r, order: o.order });
          break;
        }
        case 'cmpxchg': {
          const r = t.reg(`r${n++}`);
          t.rmw(a, c(o.value), { guard: eq(old, c(o.expect)), dst: r, order: o.order });
          break;
        }
        case 'inc':
          t.rmw(a, add(old, c(1)), { order: 'noreturn' });
          break;
        case 'if': {
          const join = t.label();
          t.branch(eq(reg(last), c(0)), join, { join });
          emit(o.then);
          t.place(join);
          break;
        }
      }
    };
    ops.forEach(emit);
  });
  return b.build();
}

function outcomes(p: Program, model: ModelName, graph = false): Set<string> {
  const sem = graph ? new LkmmSemantics(p, { axioms: model }) : semanticsFor(p, model);
  const got = finalOutcomes(sem, (v) => {
    const regs = v.threads.map((t) => t.regs.join(',')).join('|');
    const mem = p.locations.map((_, i) => v.value(i + 1)).join(',');
    return `${regs}#${mem}`;
  });
  expect(got.result.verdict).toBe('ok');
  return new Set(got.outcomes);
}

describe('SC ⊆ TSO ⊆ LKMM on random small programs', () => {
  it('holds for final outcomes (registers and memory)', () => {
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        const sc = outcomes(p, 'sc');
        const tso = outcomes(p, 'tso');
        const lkmm = outcomes(p, 'lkmm');
        expect(sc.size).toBeGreaterThan(0);
        for (const o of sc) expect(tso.has(o), `SC outcome ${o} missing under TSO`).toBe(true);
        for (const o of tso) expect(lkmm.has(o), `TSO outcome ${o} missing under LKMM`).toBe(true);
      }),
      { numRuns: 300, seed: 20240517 },
    );
  });
});

describe('the graph search with the SC and TSO axioms has the final outcomes of models/sc.ts and models/tso.ts', () => {
  it('holds on random small programs (registers and memory)', () => {
    fc.assert(
      fc.property(programArb, (threads) => {
        const p = build(threads);
        for (const model of ['sc', 'tso'] as const) {
          const direct = [...outcomes(p, model)].sort();
          const graph = [...outcomes(p, model, true)].sort();
          expect(graph, model).toEqual(direct);
        }
      }),
      { numRuns: 300, seed: 20240518 },
    );
  });
});
