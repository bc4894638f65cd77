/**
 * fast-check generators of small, valid IR programs for differential tests of the Wasm engine
 * against core's reference explorer (test support; not part of the package's API).
 *
 * Programs have 1–3 locations and (by default) 2–3 threads of up to 6 instructions over 1–3 registers (all
 * initialised, so no register is read before it is set): loads, stores, guarded rmws, fences,
 * locks, sets, forward branches and bounded back edges, assumes, asserts, and final checks.
 * Addresses are mostly constants; some are computed from registers and may be invalid. One
 * thread in three of 3 or more instructions has two loops that overlap without nesting.
 */
import type {
  BinOp,
  Expr,
  FenceKind,
  FinalCheck,
  FinalExpr,
  Instr,
  Location,
  Program,
  RmwOrder,
  Thread,
  UnOp,
} from '@tmigr-check/core';
import fc from 'fast-check';

const BIN_OPS: readonly BinOp[] = [
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'shl',
  'shr',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'land',
  'lor',
];
const UN_OPS: readonly UnOp[] = ['not', 'bnot', 'neg'];
const FENCES: readonly FenceKind[] = ['mb', 'rmb', 'wmb', 'before_atomic', 'after_atomic', 'after_spinlock'];
const RMW_ORDERS: readonly RmwOrder[] = ['mb', 'relaxed', 'acquire', 'release', 'noreturn'];
/** Property names, shared by asserts and final checks so that their indices interleave. */
const PROPERTIES = ['P0', 'P1', 'P2'] as const;

const constant = (v: number): Expr => ({ k: 'const', v });

/** Expressions over `nRegs` registers (and `old` inside an rmw), nested up to `depth`. */
export function exprArb(nRegs: number, withOld: boolean, depth: number): fc.Arbitrary<Expr> {
  const leaves: fc.Arbitrary<Expr>[] = [
    fc.integer({ min: -2, max: 3 }).map(constant),
    fc.nat(nRegs - 1).map((r): Expr => ({ k: 'reg', r })),
  ];
  if (withOld) leaves.push(fc.constant<Expr>({ k: 'old' }));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const sub = exprArb(nRegs, withOld, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...BIN_OPS), sub, sub)
        .map(([op, a, b]): Expr => ({ k: 'bin', op, a, b })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...UN_OPS), sub).map(([op, a]): Expr => ({ k: 'un', op, a })),
    },
    { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([c, t, e]): Expr => ({ k: 'ite', c, t, e })) },
  );
}

/** Final-state expressions over the threads' registers and memory. */
function finalExprArb(regCounts: readonly number[], nLoc: number, depth: number): fc.Arbitrary<FinalExpr> {
  const leaf = fc.oneof(
    fc.integer({ min: -1, max: 2 }).map((v): FinalExpr => ({ k: 'const', v })),
    fc.integer({ min: 1, max: nLoc }).map((addr): FinalExpr => ({ k: 'mem', addr })),
    fc
      .nat(regCounts.length - 1)
      .chain((t) => fc.nat(regCounts[t]! - 1).map((r): FinalExpr => ({ k: 'treg', t, r }))),
  );
  if (depth <= 0) return leaf;
  const sub = finalExprArb(regCounts, nLoc, depth - 1);
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...BIN_OPS), sub, sub)
        .map(([op, a, b]): FinalExpr => ({ k: 'bin', op, a, b })),
    },
    { weight: 1, arbitrary: sub.map((a): FinalExpr => ({ k: 'un', op: 'not', a })) },
  );
}

/** An address: usually a valid constant, sometimes computed from a register (maybe invalid). */
function addrArb(nLoc: number, nRegs: number, computed: boolean): fc.Arbitrary<Expr> {
  if (!computed) return fc.integer({ min: 1, max: nLoc }).map(constant);
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: nLoc }).map(constant) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(nRegs - 1), fc.integer({ min: 0, max: 1 }))
        .map(([r, k]): Expr => ({ k: 'bin', op: 'add', a: { k: 'reg', r }, b: constant(k) })),
    },
  );
}

/** Size knobs of generated programs. */
export interface ProgramShape {
  readonly minThreads: number;
  readonly maxThreads: number;
  /** Shortest and longest thread (instructions). */
  readonly minLength: number;
  readonly maxLength: number;
  /** Whether some addresses are computed from registers (and so may be invalid). */
  readonly computedAddresses: boolean;
  /** Relative weight of lock and of unlock instructions. */
  readonly lockWeight: number;
  /** Relative weight of assert instructions, assume half of it (the others weigh 10–30). */
  readonly checkWeight: number;
}

/** Small programs: often violate something within a few steps. */
export const SMALL: ProgramShape = {
  minThreads: 2,
  maxThreads: 3,
  minLength: 0,
  maxLength: 6,
  computedAddresses: true,
  lockWeight: 10,
  checkWeight: 20,
};
/** Larger programs with fewer checks: thousands of states. */
export const LARGER: ProgramShape = {
  minThreads: 3,
  maxThreads: 4,
  minLength: 5,
  maxLength: 12,
  computedAddresses: false,
  lockWeight: 2,
  checkWeight: 3,
};

/** One instruction at index `pc` of a thread of `length` instructions. */
function instrArb(
  pc: number,
  length: number,
  nRegs: number,
  nLoc: number,
  shape: ProgramShape,
): fc.Arbitrary<Instr> {
  const checkWeight = shape.checkWeight;
  const e = exprArb(nRegs, false, 2);
  const eOld = exprArb(nRegs, true, 2);
  const r = fc.nat(nRegs - 1);
  const addr = addrArb(nLoc, nRegs, shape.computedAddresses);
  const target = fc.integer({ min: 0, max: length });
  const bound = fc.integer({ min: 0, max: 2 });
  const edge = (t: number, b: number): { target: number; bound?: number } =>
    t <= pc ? { target: t, bound: b } : { target: t };
  return fc.oneof(
    {
      weight: 30,
      arbitrary: fc
        .tuple(r, addr, fc.constantFrom('once' as const, 'acquire' as const))
        .map(([dst, a, order]): Instr => ({ op: 'load', dst, addr: a, order })),
    },
    {
      weight: 30,
      arbitrary: fc
        .tuple(addr, e, fc.constantFrom('once' as const, 'release' as const))
        .map(([a, value, order]): Instr => ({ op: 'store', addr: a, value, order })),
    },
    {
      weight: 20,
      arbitrary: fc
        .tuple(
          addr,
          eOld,
          fc.option(eOld, { nil: undefined }),
          fc.option(r, { nil: undefined }),
          fc.option(r, { nil: undefined }),
          fc.constantFrom(...RMW_ORDERS),
        )
        .map(
          ([a, value, guard, dst, ok, order]): Instr => ({
            op: 'rmw',
            addr: a,
            value,
            order,
            ...(guard !== undefined ? { guard } : {}),
            ...(dst !== undefined ? { dst } : {}),
            ...(ok !== undefined ? { ok } : {}),
          }),
        ),
    },
    { weight: 10, arbitrary: fc.constantFrom(...FENCES).map((kind): Instr => ({ op: 'fence', kind })) },
    {
      weight: shape.lockWeight,
      arbitrary: fc.integer({ min: 1, max: nLoc }).map((a): Instr => ({ op: 'lock', addr: constant(a) })),
    },
    {
      weight: shape.lockWeight,
      arbitrary: fc.integer({ min: 1, max: nLoc }).map((a): Instr => ({ op: 'unlock', addr: constant(a) })),
    },
    { weight: 20, arbitrary: fc.tuple(r, e).map(([dst, value]): Instr => ({ op: 'set', dst, value })) },
    {
      weight: 20,
      arbitrary: fc
        .tuple(e, target, bound)
        .map(([cond, t, b]): Instr => ({ op: 'branch', cond, ...edge(t, b) })),
    },
    {
      weight: 10,
      arbitrary: fc.tuple(target, bound).map(([t, b]): Instr => ({ op: 'jump', ...edge(t, b) })),
    },
    { weight: Math.ceil(checkWeight / 2), arbitrary: e.map((cond): Instr => ({ op: 'assume', cond })) },
    {
      weight: checkWeight,
      arbitrary: fc
        .tuple(e, fc.constantFrom(...PROPERTIES))
        .map(([cond, property]): Instr => ({ op: 'assert', cond, property })),
    },
  );
}

/**
 * `code` with two back edges `a`, `b` written over it such that
 * `a.target < b.target <= a.src < b.src` (C's `again: ... for (...) { ... if (c) goto again; }`;
 * core's explore/overlapping-loops.ts does the same for core's tests): either the block
 * `s: any; s+1: r ^= 1; s+2: if (r) goto s; s+3: goto s+1` (`b` maybe a branch), whose loops,
 * with ranges `[target, src]`, restart each other for ever when `any` is local code, or two
 * branches at random positions. Code of fewer than 3 instructions comes back unchanged.
 */
function overlappingLoopsArb(code: readonly Instr[], nRegs: number): fc.Arbitrary<Instr[]> {
  const len = code.length;
  if (len < 3) return fc.constant([...code]);
  const cond = exprArb(nRegs, false, 1);
  const bEdge = (target: number): fc.Arbitrary<Instr> =>
    fc.oneof(
      fc
        .tuple(cond, fc.integer({ min: 1, max: 2 }))
        .map(([c, bound]): Instr => ({ op: 'branch', cond: c, target, bound })),
      fc.integer({ min: 1, max: 2 }).map((bound): Instr => ({ op: 'jump', target, bound })),
    );
  const write = (edits: readonly [number, Instr][]): Instr[] => {
    const out = [...code];
    for (const [pc, instr] of edits) out[pc] = instr;
    return out;
  };
  const random = fc.integer({ min: 0, max: len - 3 }).chain((aTarget) =>
    fc.integer({ min: aTarget + 1, max: len - 2 }).chain((bTarget) =>
      fc.integer({ min: bTarget, max: len - 2 }).chain((aSrc) =>
        fc
          .tuple(fc.integer({ min: aSrc + 1, max: len - 1 }), cond, fc.integer({ min: 0, max: 2 }))
          .chain(([bSrc, c, bound]) =>
            bEdge(bTarget).map((b) =>
              write([
                [aSrc, { op: 'branch', cond: c, target: aTarget, bound }],
                [bSrc, b],
              ]),
            ),
          ),
      ),
    ),
  );
  if (len < 4) return random;
  const toggle = fc
    .tuple(fc.integer({ min: 0, max: len - 4 }), fc.nat(nRegs - 1), fc.integer({ min: 1, max: 2 }))
    .chain(([s, reg, bound]) =>
      bEdge(s + 1).map((b) =>
        write([
          [
            s + 1,
            { op: 'set', dst: reg, value: { k: 'bin', op: 'xor', a: { k: 'reg', r: reg }, b: constant(1) } },
          ],
          [s + 2, { op: 'branch', cond: { k: 'reg', r: reg }, target: s, bound }],
          [s + 3, b],
        ]),
      ),
    );
  return fc.oneof(toggle, random);
}

function threadArb(index: number, nLoc: number, shape: ProgramShape): fc.Arbitrary<Thread> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: shape.minLength, max: shape.maxLength }))
    .chain(([nRegs, length]) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: -1, max: 2 }), { minLength: nRegs, maxLength: nRegs }),
          fc
            .tuple(...Array.from({ length }, (_, pc) => instrArb(pc, length, nRegs, nLoc, shape)))
            .chain((code) =>
              fc.oneof(
                { weight: 2, arbitrary: fc.constant(code) },
                { weight: 1, arbitrary: overlappingLoopsArb(code, nRegs) },
              ),
            ),
        )
        .map(
          ([registerInit, code]): Thread => ({
            name: `T${index}`,
            registers: Array.from({ length: nRegs }, (_, i) => `r${i}`),
            registerInit,
            code,
          }),
        ),
    );
}

/** A small valid program (validate with core's validateProgram to be sure). */
export function programArb(shape: ProgramShape = SMALL): fc.Arbitrary<Program> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: shape.minThreads, max: shape.maxThreads }))
    .chain(([nLoc, nThreads]) =>
      fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: 2 }), { minLength: nLoc, maxLength: nLoc }),
          fc.tuple(...Array.from({ length: nThreads }, (_, t) => threadArb(t, nLoc, shape))),
        )
        .chain(([inits, threads]) =>
          fc
            .array(
              fc
                .tuple(
                  fc.constantFrom(...PROPERTIES),
                  finalExprArb(
                    threads.map((t) => t.registers.length),
                    nLoc,
                    2,
                  ),
                )
                .map(([property, cond]): FinalCheck => ({ property, cond })),
              { maxLength: 2 },
            )
            .map(
              (finalChecks): Program => ({
                name: 'random',
                locations: inits.map((init, i): Location => ({ name: `x${i}`, init })),
                threads,
                finalChecks,
              }),
            ),
        ),
    );
}
