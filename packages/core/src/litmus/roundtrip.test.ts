import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import { explore } from '../explore/bfs.js';
import type { ModelName } from '../explore/semantics.js';
import { ProgramBuilder } from '../ir/builder.js';
import * as E from '../ir/expr.js';
import type { FinalExpr, Program, RmwOrder } from '../ir/types.js';
import { compileLitmus } from './compile.js';
import { parseLitmus } from './parser.js';
import { evalOnView, outcomeKey, runLitmus } from './run.js';

/** A random litmus operation that the IR can express directly. */
type Op =
  | { k: 'store'; loc: number; v: number; release: boolean }
  | { k: 'load'; loc: number; acquire: boolean }
  | { k: 'fence'; kind: 'mb' | 'rmb' | 'wmb' }
  | { k: 'xchg'; loc: number; v: number; suffix: number }
  | { k: 'cmpxchg'; loc: number; e: number; n: number; suffix: number }
  | { k: 'fetch_add'; loc: number; v: number }
  | { k: 'inc'; loc: number }
  | { k: 'ifstore'; reg: number; c: number; loc: number; v: number };

interface Gen {
  threads: Op[][];
  /** Condition atoms: a register (thread, index among its value-producing ops) or a location. */
  atoms: ({ k: 'reg'; t: number; i: number; v: number } | { k: 'loc'; loc: number; v: number })[];
}

const LOCS = ['x', 'y'];
const SUFFIX = ['', '_relaxed', '_acquire', '_release'];
const ORDER: RmwOrder[] = ['mb', 'relaxed', 'acquire', 'release'];
const val = fc.integer({ min: 0, max: 2 });
const loc = fc.integer({ min: 0, max: LOCS.length - 1 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant('store' as const),
    loc,
    v: fc.integer({ min: 1, max: 2 }),
    release: fc.boolean(),
  }),
  fc.record({ k: fc.constant('load' as const), loc, acquire: fc.boolean() }),
  fc.record({
    k: fc.constant('fence' as const),
    kind: fc.constantFrom('mb' as const, 'rmb' as const, 'wmb' as const),
  }),
  fc.record({ k: fc.constant('xchg' as const), loc, v: val, suffix: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    k: fc.constant('cmpxchg' as const),
    loc,
    e: val,
    n: val,
    suffix: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ k: fc.constant('fetch_add' as const), loc, v: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ k: fc.constant('inc' as const), loc }),
  fc.record({
    k: fc.constant('ifstore' as const),
    reg: fc.nat(3),
    c: val,
    loc,
    v: fc.integer({ min: 1, max: 2 }),
  }),
);

const producesValue = (op: Op) =>
  op.k === 'load' || op.k === 'xchg' || op.k === 'cmpxchg' || op.k === 'fetch_add';

const genArb: fc.Arbitrary<Gen> = fc
  .array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 })
  .chain((threads) => {
    const regAtoms = threads.flatMap((ops, t) =>
      ops
        .filter(producesValue)
        .map((_, i) =>
          fc.record({ k: fc.constant('reg' as const), t: fc.constant(t), i: fc.constant(i), v: val }),
        ),
    );
    const locAtom = fc.record({ k: fc.constant('loc' as const), loc, v: val });
    const atom = regAtoms.length > 0 ? fc.oneof(locAtom, ...regAtoms) : locAtom;
    return fc.record({
      threads: fc.constant(threads),
      atoms: fc.array(atom, { minLength: 1, maxLength: 3 }),
    });
  });

/** Prints a generated test as litmus text. */
function printLitmus(g: Gen): string {
  const procs = g.threads.map((ops, t) => {
    const lines: string[] = [];
    let n = 0;
    const decls: string[] = [];
    for (const op of ops) {
      const l = LOCS[(op as { loc?: number }).loc ?? 0]!;
      const r = () => {
        const name = `r${n++}`;
        decls.push(`\tint ${name};`);
        return name;
      };
      switch (op.k) {
        case 'store':
          lines.push(op.release ? `\tsmp_store_release(${l}, ${op.v});` : `\tWRITE_ONCE(*${l}, ${op.v});`);
          break;
        case 'load':
          lines.push(op.acquire ? `\t${r()} = smp_load_acquire(${l});` : `\t${r()} = READ_ONCE(*${l});`);
          break;
        case 'fence':
          lines.push(`\tsmp_${op.kind}();`);
          break;
        case 'xchg':
          lines.push(`\t${r()} = xchg${SUFFIX[op.suffix]}(${l}, ${op.v});`);
          break;
        case 'cmpxchg':
          lines.push(`\t${r()} = cmpxchg${SUFFIX[op.suffix]}(${l}, ${op.e}, ${op.n});`);
          break;
        case 'fetch_add':
          lines.push(`\t${r()} = atomic_fetch_add(${op.v}, ${l});`);
          break;
        case 'inc':
          lines.push(`\tatomic_inc(${l});`);
          break;
        case 'ifstore':
          if (n > 0) lines.push(`\tif (r${op.reg % n} == ${op.c})\n\t\tWRITE_ONCE(*${l}, ${op.v});`);
          else lines.push(`\tWRITE_ONCE(*${l}, ${op.v});`);
          break;
      }
    }
    return `P${t}(int *x, int *y)\n{\n${decls.join('\n')}\n${lines.join('\n')}\n}\n`;
  });
  const atoms = g.atoms.map((a) => (a.k === 'reg' ? `${a.t}:r${a.i}=${a.v}` : `${LOCS[a.loc]}=${a.v}`));
  return `C random\n\n{}\n\n${procs.join('\n')}\nexists (${atoms.join(' /\\ ')})\n`;
}

/** Builds the same test directly as IR, with the condition and the observed variables. */
function buildDirect(g: Gen): {
  program: Program;
  body: FinalExpr;
  observed: { label: string; expr: FinalExpr }[];
} {
  const pb = new ProgramBuilder('random');
  const addr = LOCS.map((l) => pb.location(l));
  g.threads.forEach((ops, t) => {
    const tb = pb.thread(`P${t}`);
    let n = 0;
    for (const op of ops) {
      const a = addr[(op as { loc?: number }).loc ?? 0]!;
      switch (op.k) {
        case 'store':
          tb.store(a, E.c(op.v), op.release ? 'release' : 'once');
          break;
        case 'load':
          tb.load(tb.reg(`r${n++}`, 0), a, op.acquire ? 'acquire' : 'once');
          break;
        case 'fence':
          tb.fence(op.kind);
          break;
        case 'xchg':
          tb.rmw(a, E.c(op.v), { dst: tb.reg(`r${n++}`, 0), order: ORDER[op.suffix]! });
          break;
        case 'cmpxchg':
          tb.rmw(a, E.c(op.n), {
            guard: E.eq(E.old, E.c(op.e)),
            dst: tb.reg(`r${n++}`, 0),
            order: ORDER[op.suffix]!,
          });
          break;
        case 'fetch_add':
          tb.rmw(a, E.add(E.old, E.c(op.v)), { dst: tb.reg(`r${n++}`, 0), order: 'mb' });
          break;
        case 'inc':
          tb.rmw(a, E.add(E.old, E.c(1)), { order: 'noreturn' });
          break;
        case 'ifstore': {
          if (n === 0) {
            tb.store(a, E.c(op.v), 'once');
            break;
          }
          const end = tb.label();
          tb.branch(E.ne(E.reg(tb.reg(`r${op.reg % n}`)), E.c(op.c)), end, { join: end });
          tb.store(a, E.c(op.v), 'once');
          tb.place(end);
          break;
        }
      }
    }
  });
  const program = pb.build();
  const observed: { label: string; expr: FinalExpr }[] = [];
  let body: FinalExpr = { k: 'const', v: 1 };
  for (const at of g.atoms) {
    const label = at.k === 'reg' ? `${at.t}:r${at.i}` : LOCS[at.loc]!;
    const expr: FinalExpr =
      at.k === 'reg' ? { k: 'treg', t: at.t, r: at.i } : { k: 'mem', addr: addr[at.loc]! };
    if (!observed.some((o) => o.label === label)) observed.push({ label, expr });
    body = { k: 'bin', op: 'land', a: body, b: { k: 'bin', op: 'eq', a: expr, b: { k: 'const', v: at.v } } };
  }
  return { program, body, observed };
}

function directFinals(g: Gen, model: ModelName): Set<string> {
  const { program, body, observed } = buildDirect(g);
  const out = new Set<string>();
  const result = explore(semanticsFor(program, model), {
    deadlock: false,
    onFinal: (view) => {
      const values: Record<string, number> = {};
      for (const o of observed) values[o.label] = evalOnView(o.expr, view);
      out.add(`${outcomeKey(values)}:${evalOnView(body, view) !== 0}`);
    },
  });
  expect(result.verdict).toBe('ok');
  return out;
}

describe('printed litmus tests parse back to the same program', () => {
  for (const model of ['sc', 'tso', 'lkmm'] as const) {
    it(`gives the same final outcomes as the IR built directly (${model})`, () => {
      fc.assert(
        fc.property(genArb, (g) => {
          const text = printLitmus(g);
          const got = runLitmus(compileLitmus(parseLitmus(text, 'random.litmus')), { model });
          expect(got.status).toBe('ok');
          const mine = new Set(got.finals.map((f) => `${outcomeKey(f.values)}:${f.holds}`));
          expect([...mine].sort()).toEqual([...directFinals(g, model)].sort());
        }),
        { numRuns: model === 'lkmm' ? 60 : 150 },
      );
    });
  }
});
