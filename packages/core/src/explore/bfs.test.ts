import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/programs.js';
import { compileExpr, evalExpr } from '../ir/eval.js';
import type { BinOp, Expr, FinalExpr, Instr, Program, Thread, UnOp } from '../ir/types.js';
import { ScSemantics, type ScState } from '../models/sc.js';
import { checkTmigr, getVariant, loadScenario } from '../tmigr/api.js';
import { INVARIANTS } from '../tmigr/properties.js';
import { type ExploreOptions, explore } from './bfs.js';
import { exploreOracle } from './bfs-oracle.js';
import { overlapBackEdges } from './overlapping-loops.js';
import { PackedStateStore } from './packed-store.js';
import type { CheckResult } from './result.js';
import { PACKED_STATE, type StateView } from './semantics.js';

/** A small deterministic PRNG, so a fast-check seed integer fixes a whole program. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const BIN: BinOp[] = [
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
const UN: UnOp[] = ['not', 'bnot', 'neg'];
const CONSTS = [0, 1, 2, 3, -1, 255, 256, 0x7fffffff, -0x80000000];

function randomExpr(r: (n: number) => number, nRegs: number, withOld: boolean, depth: number): Expr {
  const pick = r(depth > 0 ? 7 : 3);
  switch (pick) {
    case 0:
      return { k: 'const', v: CONSTS[r(CONSTS.length)]! };
    case 1:
      return nRegs > 0 ? { k: 'reg', r: r(nRegs) } : { k: 'const', v: r(3) };
    case 2:
      return withOld ? { k: 'old' } : { k: 'const', v: r(3) };
    case 3:
    case 4:
      return {
        k: 'bin',
        op: BIN[r(BIN.length)]!,
        a: randomExpr(r, nRegs, withOld, depth - 1),
        b: randomExpr(r, nRegs, withOld, depth - 1),
      };
    case 5:
      return { k: 'un', op: UN[r(UN.length)]!, a: randomExpr(r, nRegs, withOld, depth - 1) };
    default:
      return {
        k: 'ite',
        c: randomExpr(r, nRegs, withOld, depth - 1),
        t: randomExpr(r, nRegs, withOld, depth - 1),
        e: randomExpr(r, nRegs, withOld, depth - 1),
      };
  }
}

/** Small values, so that states merge; 0..nLoc+1 as an address (so some are invalid). */
function smallExpr(r: (n: number) => number, nRegs: number, withOld: boolean): Expr {
  if (r(3) === 0) return randomExpr(r, nRegs, withOld, 2);
  const base: Expr = r(2) === 0 || nRegs === 0 ? { k: 'const', v: r(3) } : { k: 'reg', r: r(nRegs) };
  return r(2) === 0
    ? base
    : {
        k: 'bin',
        op: r(2) === 0 ? 'add' : 'eq',
        a: base,
        b: withOld && r(2) === 0 ? { k: 'old' } : { k: 'const', v: r(2) },
      };
}

function addrExpr(r: (n: number) => number, nLoc: number, nRegs: number): Expr {
  if (r(24) === 0 && nRegs > 0) return { k: 'reg', r: r(nRegs) };
  return { k: 'const', v: 1 + r(nLoc) };
}

function randomThread(r: (n: number) => number, name: string, nLoc: number): Thread {
  const nRegs = 1 + r(3);
  const len = 2 + r(5);
  const code: Instr[] = [];
  for (let pc = 0; pc < len; pc++) {
    const reg = r(nRegs);
    switch (r(12)) {
      case 0:
      case 1:
        code.push({ op: 'load', dst: reg, addr: addrExpr(r, nLoc, nRegs), order: 'once' });
        break;
      case 2:
      case 3:
        code.push({
          op: 'store',
          addr: addrExpr(r, nLoc, nRegs),
          value: smallExpr(r, nRegs, false),
          order: 'once',
        });
        break;
      case 4:
        code.push({
          op: 'rmw',
          addr: addrExpr(r, nLoc, nRegs),
          value: smallExpr(r, nRegs, true),
          ...(r(2) === 0 ? { guard: smallExpr(r, nRegs, true) } : {}),
          ...(r(2) === 0 ? { dst: reg } : {}),
          ...(r(2) === 0 ? { ok: r(nRegs) } : {}),
          order: 'mb',
        });
        break;
      case 5:
        code.push(
          r(2) === 0
            ? { op: 'lock', addr: addrExpr(r, nLoc, nRegs) }
            : { op: 'unlock', addr: addrExpr(r, nLoc, nRegs) },
        );
        break;
      case 6:
        code.push({ op: 'fence', kind: 'mb' });
        break;
      case 7:
        code.push({ op: 'set', dst: reg, value: smallExpr(r, nRegs, false) });
        break;
      case 8: {
        const target = r(len + 1);
        code.push({
          op: 'branch',
          cond: smallExpr(r, nRegs, false),
          target,
          ...(target <= pc ? { bound: r(3) } : {}),
        });
        break;
      }
      case 9: {
        const target = r(len + 1);
        code.push({ op: 'jump', target, ...(target <= pc ? { bound: r(3) } : {}) });
        break;
      }
      case 10:
        code.push({ op: 'assume', cond: r(3) === 0 ? smallExpr(r, nRegs, false) : { k: 'const', v: 1 } });
        break;
      default:
        code.push({
          op: 'assert',
          cond: r(3) === 0 ? smallExpr(r, nRegs, false) : { k: 'const', v: 1 },
          property: `assert@${name}:${pc}`,
        });
        break;
    }
  }
  // One thread in three: two loops that overlap without nesting (`goto again` out of a loop).
  if (r(3) === 0) overlapBackEdges(r, code, nRegs, () => smallExpr(r, nRegs, false));
  const registers = Array.from({ length: nRegs }, (_, i) => `r${i}`);
  return { name, registers, ...(r(2) === 0 ? { registerInit: registers.map(() => r(3)) } : {}), code };
}

/** A random small program (2–3 threads, 1–3 locations); not necessarily a valid one. */
function randomProgram(seed: number): Program {
  const r = rng(seed);
  const nLoc = 1 + r(3);
  const locations = Array.from({ length: nLoc }, (_, i) => ({
    name: `x${i}`,
    init: r(3) === 0 ? 0x7fffffff : r(2),
  }));
  const threads = Array.from({ length: 2 + r(2) }, (_, i) => randomThread(r, `P${i}`, nLoc));
  const finalChecks: { property: string; cond: FinalExpr }[] = [];
  if (r(2) === 0) {
    finalChecks.push({
      property: 'final',
      cond: { k: 'bin', op: 'ne', a: { k: 'mem', addr: 1 + r(nLoc) }, b: { k: 'treg', t: 0, r: 0 } },
    });
  }
  return { name: `random-${seed}`, locations, threads, finalChecks };
}

/** The comparable part of a result (not the time). */
function comparable(r: CheckResult): Omit<CheckResult, 'seconds'> {
  const { seconds: _s, ...rest } = r;
  return rest;
}

function finalsOf(run: typeof explore, program: Program, options: ExploreOptions<ScState>): string[] {
  const finals: string[] = [];
  run(new ScSemantics(program), {
    ...options,
    onFinal: (view) =>
      finals.push(`${view.threads.map((t) => Array.from(t.regs).join(',')).join('|')}/${view.value(1)}`),
  });
  return finals;
}

/** An invariant over the view: memory cell 1 must not hold `bad` while thread 0 is at `pc`. */
const invariantOf =
  (bad: number, pc: number) =>
  (view: StateView): string | null =>
    view.value(1) === bad && view.threads[0]!.pc === pc ? `inv-${bad}-${pc}` : null;

describe('packed explorer = string-keyed oracle', () => {
  it('random programs: same verdict, property, states, transitions, depth and shortest path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 })), {
          nil: undefined,
        }),
        (seed, deadlock, maxStates, inv) => {
          // Loops that overlap without nesting included (their ranges nest once grown).
          const program = randomProgram(seed);
          const sem = new ScSemantics(program);
          expect(sem.packed).toBeDefined();
          const options: ExploreOptions<ScState> = {
            deadlock,
            ...(maxStates !== undefined ? { maxStates } : {}),
            ...(inv !== undefined ? { invariant: invariantOf(inv[0], inv[1]) } : {}),
          };
          const fast = explore(sem, options);
          const slow = exploreOracle(new ScSemantics(program), options);
          expect(comparable(fast)).toEqual(comparable(slow));
          expect(finalsOf(explore, program, options)).toEqual(finalsOf(exploreOracle, program, options));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random programs: the packed step agrees with successors() and key()', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
        const sem = new ScSemantics(randomProgram(seed));
        const packed = sem.packed!;
        const init = sem.initial();
        if (init.kind !== 'state') return;
        const vec = new Int32Array(packed.width);
        const out = new Int32Array(packed.width);
        const seen = new Set<string>();
        const queue: ScState[] = [init.state];
        while (queue.length > 0 && seen.size < 200) {
          const s = queue.shift()!;
          const k = sem.key(s);
          if (seen.has(k)) continue;
          seen.add(k);
          packed.pack(s, vec);
          expect(sem.key(packed.unpack(vec))).toBe(k);
          expect(packed.isFinal(vec)).toBe(sem.isFinal(s));
          const succs = sem.successors(s);
          const viaPacked: string[] = [];
          for (let slot = 0; slot < packed.slots; slot++) {
            const r = packed.step(vec, slot, out);
            if (r === 0) continue;
            const step = `${packed.slotThread(slot)}.${packed.slotChoice(slot)}`;
            if (r === PACKED_STATE) {
              for (let i = 0; i < packed.width; i++) {
                if ((i < packed.dirtyFrom || i >= packed.dirtyTo) && i !== packed.dirtyWord)
                  expect(out[i]).toBe(vec[i]);
              }
            }
            viaPacked.push(
              r === PACKED_STATE ? `${step}:${sem.key(packed.unpack(out))}` : `${step}!${packed.violation}`,
            );
          }
          expect(viaPacked).toEqual(
            succs.map(
              (x) =>
                `${x.step.thread}.${x.step.choice}${x.kind === 'state' ? `:${sem.key(x.state)}` : `!${x.property}`}`,
            ),
          );
          for (const x of succs) if (x.kind === 'state') queue.push(x.state);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the built-in examples', () => {
    for (const [name, ex] of Object.entries(EXAMPLES)) {
      const program = ex.build();
      const fast = explore(new ScSemantics(program));
      const slow = exploreOracle(new ScSemantics(program));
      expect(comparable(fast), name).toEqual(comparable(slow));
    }
  });

  it('a tmigr model with its invariants (up to a state limit)', () => {
    const scenario = loadScenario('seed');
    const variant = getVariant('bd3c45dd01');
    for (const maxStates of [3000, 20_000]) {
      const fast = checkTmigr(scenario, variant, { model: 'sc', maxStates });
      const m = fast.tmigr;
      const slow = exploreOracle(new ScSemantics(m.program), {
        invariant: (view, state) => m.invariant(view, state),
        deadlock: m.properties.includes('deadlock'),
        maxStates,
      });
      const { tmigr: _t, ...rest } = fast;
      expect(comparable(rest)).toEqual(comparable(slow));
    }
  });

  it('a tmigr violation: same shortest counterexample', () => {
    const scenario = loadScenario('seed');
    const variant = getVariant('v7.1-rc1');
    const fast = checkTmigr(scenario, variant, { model: 'sc' });
    expect(fast.verdict).toBe('violation');
    const m = fast.tmigr;
    const slow = exploreOracle(new ScSemantics(m.program), {
      invariant: (view, state) => m.invariant(view, state),
      deadlock: m.properties.includes('deadlock'),
    });
    const { tmigr: _t, ...rest } = fast;
    expect(comparable(rest)).toEqual(comparable(slow));
    expect(INVARIANTS.length).toBeGreaterThan(0);
  });
});

describe('compiled expressions', () => {
  it('agree with evalExpr', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.array(fc.integer(), { minLength: 3, maxLength: 3 }),
        fc.integer(),
        (seed, regs, old) => {
          const r = rng(seed);
          const e = randomExpr(r, 3, true, 3);
          const v = new Int32Array([7, ...regs, 9]);
          expect(compileExpr(e)(v, 1, old | 0)).toBe(evalExpr(e, Int32Array.from(regs), old | 0));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('PackedStateStore', () => {
  it('is an exact set of vectors, numbered in insertion order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.integer({ min: -2, max: 300 }), fc.integer()), { minLength: 5, maxLength: 5 }),
          { maxLength: 300 },
        ),
        (vectors) => {
          const store = new PackedStateStore(5);
          const ids = new Map<string, number>();
          for (const v of vectors) {
            const vec = Int32Array.from(v);
            const key = v.join(',');
            const id = store.add(vec);
            if (ids.has(key)) expect(id).toBe(-1);
            else {
              expect(id).toBe(ids.size);
              ids.set(key, id);
            }
          }
          expect(store.size).toBe(ids.size);
          for (let i = 1; i < vectors.length; i++) {
            const a = Int32Array.from(vectors[i - 1]!);
            const b = Int32Array.from(vectors[i]!);
            expect(store.accumulateFrom(store.accumulate(a), a, b)).toBe(store.accumulate(b));
          }
          const out = new Int32Array(5);
          for (const [key, id] of ids) {
            store.get(id, out);
            expect(Array.from(out).join(',')).toBe(key);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
