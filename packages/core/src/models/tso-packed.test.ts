/**
 * The packed fast path of x86-TSO ({@link TsoSemantics.packed}) against the string-keyed
 * search ({@link exploreOracle}) on the same semantics: same results on random programs,
 * the same successors step by step, and the static store-buffer bound holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLoopSlots } from '../encoding/encode.js';
import { EXAMPLES } from '../examples/programs.js';
import { type ExploreOptions, explore } from '../explore/bfs.js';
import { exploreOracle } from '../explore/bfs-oracle.js';
import { overlapBackEdges } from '../explore/overlapping-loops.js';
import type { CheckResult } from '../explore/result.js';
import { PACKED_STATE, type StateView } from '../explore/semantics.js';
import type { BinOp, Expr, FenceKind, FinalExpr, Instr, Program, Thread, UnOp } from '../ir/types.js';
import { checkTmigr, getVariant, loadScenario } from '../tmigr/api.js';
import { INVARIANTS } from '../tmigr/properties.js';
import { storeBufferBound, TSO_PACKED_MAX_BUFFER, TsoSemantics, type TsoState } from './tso.js';

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
const FENCES: FenceKind[] = ['mb', 'mb', 'rmb', 'wmb', 'before_atomic', 'after_atomic', 'after_spinlock'];

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

/** Small values, so that states merge. */
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

/** Mostly a valid constant address; sometimes a register (so some addresses are invalid). */
function addrExpr(r: (n: number) => number, nLoc: number, nRegs: number): Expr {
  if (r(24) === 0 && nRegs > 0) return { k: 'reg', r: r(nRegs) };
  return { k: 'const', v: 1 + r(nLoc) };
}

/** A random thread, store-heavy (so that buffers fill), with loops, locks and every fence kind. */
function randomThread(r: (n: number) => number, name: string, nLoc: number): Thread {
  const nRegs = 1 + r(3);
  const len = 2 + r(5);
  const code: Instr[] = [];
  for (let pc = 0; pc < len; pc++) {
    const reg = r(nRegs);
    switch (r(13)) {
      case 0:
      case 1:
        code.push({
          op: 'load',
          dst: reg,
          addr: addrExpr(r, nLoc, nRegs),
          order: r(2) === 0 ? 'once' : 'acquire',
        });
        break;
      case 2:
      case 3:
      case 4:
        code.push({
          op: 'store',
          addr: addrExpr(r, nLoc, nRegs),
          value: smallExpr(r, nRegs, false),
          order: r(2) === 0 ? 'once' : 'release',
        });
        break;
      case 5:
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
      case 6:
        code.push(
          r(2) === 0
            ? { op: 'lock', addr: addrExpr(r, nLoc, nRegs) }
            : { op: 'unlock', addr: addrExpr(r, nLoc, nRegs) },
        );
        break;
      case 7:
        code.push({ op: 'fence', kind: FENCES[r(FENCES.length)]! });
        break;
      case 8:
        code.push({ op: 'set', dst: reg, value: smallExpr(r, nRegs, false) });
        break;
      case 9: {
        const target = r(len + 1);
        code.push({
          op: 'branch',
          cond: smallExpr(r, nRegs, false),
          target,
          ...(target <= pc ? { bound: r(3) } : {}),
        });
        break;
      }
      case 10: {
        const target = r(len + 1);
        code.push({ op: 'jump', target, ...(target <= pc ? { bound: r(3) } : {}) });
        break;
      }
      case 11:
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

/** The final states a search reports (registers, memory, buffers), in order. */
function finalsOf(run: typeof explore, program: Program, options: ExploreOptions<TsoState>): string[] {
  const finals: string[] = [];
  const sem = new TsoSemantics(program);
  run(sem, {
    ...options,
    onFinal: (view, state) =>
      finals.push(
        `${sem.key(state)}/${view.threads.map((t) => Array.from(t.regs).join(',')).join('|')}/${view.value(1)}/${view.settled}`,
      ),
  });
  return finals;
}

/**
 * An invariant over the view and the state: memory cell 1 must not hold `bad` while thread 0
 * is at `pc` (only on settled states when `settled`), or thread 0 must not have `pc` buffered
 * stores.
 */
const invariantOf =
  (bad: number, pc: number, mode: number) =>
  (view: StateView, state: TsoState): string | null => {
    if (mode === 2) return state.buffers[0]!.length === pc ? `buffered-${pc}` : null;
    if (mode === 1 && view.settled === false) return null;
    return view.value(1) === bad && view.threads[0]!.pc === pc ? `inv-${bad}-${pc}` : null;
  };

describe('packed TSO explorer = string-keyed oracle', () => {
  it('random programs: same verdict, property, states, transitions, depth, shortest path and final states', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
        fc.option(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 0, max: 2 }),
          ),
          { nil: undefined },
        ),
        (seed, deadlock, maxStates, inv) => {
          const program = randomProgram(seed);
          const sem = new TsoSemantics(program);
          // Every thread has a static buffer bound, loops that overlap without nesting included.
          expect(sem.packed).toBeDefined();
          const options: ExploreOptions<TsoState> = {
            deadlock,
            ...(maxStates !== undefined ? { maxStates } : {}),
            ...(inv !== undefined ? { invariant: invariantOf(inv[0], inv[1], inv[2]) } : {}),
          };
          const fast = explore(sem, options);
          const slow = exploreOracle(new TsoSemantics(program), options);
          expect(comparable(fast)).toEqual(comparable(slow));
          expect(finalsOf(explore, program, options)).toEqual(finalsOf(exploreOracle, program, options));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random programs: the packed step agrees with successors() and key(); buffers stay within the static bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
        const program = randomProgram(seed);
        const sem = new TsoSemantics(program);
        expect(sem.packed).toBeDefined();
        const packed = sem.packed!;
        const slots = computeLoopSlots(program);
        const caps = program.threads.map((t, i) => storeBufferBound(t, slots[i]!));
        const init = sem.initial();
        if (init.kind !== 'state') return;
        const vec = new Int32Array(packed.width);
        const out = new Int32Array(packed.width);
        const win = packed.window(vec);
        const seen = new Set<string>();
        const queue: TsoState[] = [init.state];
        while (queue.length > 0 && seen.size < 200) {
          const s = queue.shift()!;
          const k = sem.key(s);
          if (seen.has(k)) continue;
          seen.add(k);
          for (let i = 0; i < s.buffers.length; i++)
            expect(s.buffers[i]!.length).toBeLessThanOrEqual(caps[i]!);
          packed.pack(s, vec);
          expect(sem.key(packed.unpack(vec))).toBe(k);
          expect(packed.isFinal(vec)).toBe(sem.isFinal(s));
          win.sync();
          expect(sem.key(win.state)).toBe(k);
          expect(win.view.settled).toBe(sem.view(s).settled);
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
      { numRuns: 150 },
    );
  });

  it('the built-in examples', () => {
    for (const [name, ex] of Object.entries(EXAMPLES)) {
      const program = ex.build();
      const fast = explore(new TsoSemantics(program));
      const slow = exploreOracle(new TsoSemantics(program));
      expect(comparable(fast), name).toEqual(comparable(slow));
    }
  });

  it('a tmigr model with its invariants (up to a state limit)', () => {
    const scenario = loadScenario('seed');
    for (const variant of [getVariant('bd3c45dd01'), getVariant('v7.1-rc1')]) {
      for (const maxStates of [3000, 20_000]) {
        const fast = checkTmigr(scenario, variant, { model: 'tso', properties: [...INVARIANTS], maxStates });
        const m = fast.tmigr;
        expect(new TsoSemantics(m.program).packed).toBeDefined();
        const slow = exploreOracle(new TsoSemantics(m.program), {
          invariant: (view, state) => m.invariant(view, state),
          deadlock: m.properties.includes('deadlock'),
          maxStates,
        });
        const { tmigr: _t, ...rest } = fast;
        expect(comparable(rest)).toEqual(comparable(slow));
      }
    }
  });
});

describe('the static store-buffer bound', () => {
  const store = (v: number): Instr => ({
    op: 'store',
    addr: { k: 'const', v: 1 },
    value: { k: 'const', v },
    order: 'once',
  });
  const thread = (code: Instr[]): Thread => ({ name: 'P0', registers: ['r0'], code });
  const bound = (t: Thread) =>
    storeBufferBound(
      t,
      computeLoopSlots({ name: 'p', locations: [{ name: 'x', init: 0 }], threads: [t] })[0]!,
    );

  it('counts stores between drains, loops unrolled by their bounds', () => {
    expect(bound(thread([store(1), store(2), store(3)]))).toBe(3);
    expect(bound(thread([store(1), { op: 'fence', kind: 'mb' }, store(2), store(3)]))).toBe(2);
    // smp_wmb is no drain under TSO.
    expect(bound(thread([store(1), { op: 'fence', kind: 'wmb' }, store(2)]))).toBe(2);
    expect(
      bound(
        thread([
          store(1),
          { op: 'rmw', addr: { k: 'const', v: 1 }, value: { k: 'const', v: 0 }, order: 'mb' },
          store(2),
        ]),
      ),
    ).toBe(1);
    // A loop body with 2 stores taken back 3 times: 8 stores.
    expect(bound(thread([store(1), store(2), { op: 'jump', target: 0, bound: 3 }]))).toBe(8);
    // A fenced loop body: at most 1 store in flight.
    expect(bound(thread([store(1), { op: 'fence', kind: 'mb' }, { op: 'jump', target: 0, bound: 3 }]))).toBe(
      1,
    );
  });

  it('counts a nested loop once per execution of it (its counter is reset when it ends)', () => {
    const branchTo = (target: number, bound: number): Instr => ({
      op: 'branch',
      cond: { k: 'reg', r: 0 },
      target,
      bound,
    });
    // Inner loop [0, 1] (2 back edges per execution) in an outer loop [0, 2] (1 back edge):
    // the store runs 3 times per outer iteration, 6 in all.
    expect(bound(thread([store(1), branchTo(0, 2), { op: 'jump', target: 0, bound: 1 }]))).toBe(6);
    // Loops [0, 1] and [1, 3] overlap without nesting: the first grows to [0, 3] and holds the
    // second, which is entered at most 1 + 1 times (1 iteration each): 3 back edges in all, so
    // store(1) runs at most 1 + 1 times, store(2) at most 1 + 1 + 1 times.
    expect(bound(thread([store(1), branchTo(0, 1), store(2), branchTo(1, 1)]))).toBe(5);
  });

  it('a program beyond the packed limit falls back to the string-keyed search', () => {
    const p: Program = {
      name: 'many-stores',
      locations: [{ name: 'x', init: 0 }],
      threads: [thread([store(1), { op: 'jump', target: 0, bound: TSO_PACKED_MAX_BUFFER }])],
    };
    const sem = new TsoSemantics(p);
    expect(sem.packed).toBeUndefined();
    const r = explore(sem);
    expect(comparable(r)).toEqual(comparable(exploreOracle(new TsoSemantics(p))));
    // The jump's loop bound stops the thread: incomplete, as in the oracle.
    expect([r.verdict, r.reason]).toEqual(['incomplete', 'bound']);
  });
});
