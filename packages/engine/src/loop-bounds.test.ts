// Loop bounds count the iterations of ONE execution of a loop (core's encode.ts
// `computeLoopExits`): a loop entered anew gets its whole bound. Checked on nested loops in every
// model of the TS reference and in the Wasm SC engine, which must agree on every count.
import {
  check,
  computeLoopSlots,
  E,
  explore,
  type ModelName,
  type Program,
  ProgramBuilder,
  ST_BOUND,
  semanticsFor,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { programArb, SMALL } from './arbitrary-program.js';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

type InnerExit = 'fall-through' | 'break';

/**
 * One thread runs an outer loop `outer` times; each outer iteration runs an inner loop that
 * stores `inner` times (taking its back edge `inner - 1` times, the inner bound plus `slack`).
 * The inner loop ends either when its back edge falls through, or by a forward branch out of
 * the loop (`break`) before an unconditional back edge. A second thread reads the location.
 */
function nested(outer: number, inner: number, slack: number, exit: InnerExit): Program {
  const b = new ProgramBuilder(`nested-${outer}-${inner}-${slack}-${exit}`);
  const x = b.location('x');
  const t = b.thread('P0');
  const i = t.reg('i');
  const j = t.reg('j');
  const outerTop = t.label();
  const innerTop = t.label();
  const innerDone = t.label();
  t.set(i, E.c(0));
  t.place(outerTop).set(j, E.c(0));
  t.place(innerTop)
    .store(x, E.reg(j))
    .set(j, E.add(E.reg(j), E.c(1)));
  const innerBound = inner - 1 + slack;
  if (exit === 'fall-through') {
    t.branch(E.bin('lt', E.reg(j), E.c(inner)), innerTop, { bound: innerBound });
  } else {
    t.branch(E.bin('ge', E.reg(j), E.c(inner)), innerDone);
    t.jump(innerTop, innerBound);
  }
  t.place(innerDone).set(i, E.add(E.reg(i), E.c(1)));
  t.branch(E.bin('lt', E.reg(i), E.c(outer)), outerTop, { bound: outer - 1 });
  const reader = b.thread('P1');
  reader.load(reader.reg('r'), x);
  return b.build();
}

const MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];

describe('loop bounds per loop execution', () => {
  it('an inner loop re-entered on every outer iteration gets its bound each time (all models, TS and Wasm agree)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<InnerExit>('fall-through', 'break'),
        (outer, inner, exit) => {
          const program = nested(outer, inner, 0, exit);
          for (const model of MODELS) {
            const r = check(program, { model });
            expect([model, r.verdict, r.reason, r.complete]).toEqual([model, 'ok', null, true]);
          }
          expect(comparable(engine.check(program))).toEqual(comparable(check(program)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('one iteration short of what one execution needs exhausts the bound (all models, TS and Wasm agree)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 3 }),
        fc.constantFrom<InnerExit>('fall-through', 'break'),
        (outer, inner, exit) => {
          const program = nested(outer, inner, -1, exit);
          for (const model of MODELS) {
            const r = check(program, { model });
            expect([model, r.verdict, r.reason]).toEqual([model, 'incomplete', 'bound']);
          }
          expect(comparable(engine.check(program))).toEqual(comparable(check(program)));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a loop counter is 0 whenever the thread is outside its loop (random programs, every model)', () => {
    fc.assert(
      fc.property(programArb(SMALL), fc.constantFrom(...MODELS), (program, model) => {
        const slots = computeLoopSlots(program);
        // Per thread: the pc range [target, src] of each loop slot.
        const ranges = program.threads.map((t, ti) => {
          const out: [number, number][] = [];
          t.code.forEach((instr, pc) => {
            if (slots[ti]![pc]! >= 0 && (instr.op === 'branch' || instr.op === 'jump'))
              out[slots[ti]![pc]!] = [instr.target, pc];
          });
          return out;
        });
        const r = explore(semanticsFor(program, model), {
          maxStates: 3000,
          invariant: (view) => {
            for (let ti = 0; ti < view.threads.length; ti++) {
              const t = view.threads[ti]!;
              if (t.status === ST_BOUND) continue; // stopped at the back edge it could not take
              for (let slot = 0; slot < t.loops.length; slot++) {
                const [from, to] = ranges[ti]![slot]!;
                if (t.loops[slot] !== 0 && (t.pc < from || t.pc > to)) return 'counter-outside-loop';
              }
            }
            return null;
          },
        });
        expect(r.property).not.toBe('counter-outside-loop');
      }),
      { numRuns: 150 },
    );
  });
});

describe('the deadlock rule', () => {
  it('a thread stopped at its loop bound while holding a lock another waits for: incomplete (bound), not a deadlock (TS and Wasm agree)', () => {
    const b = new ProgramBuilder('bound-in-critical-section');
    const x = b.location('x');
    const l = b.location('l');
    const p0 = b.thread('P0');
    const r = p0.reg('r');
    const spin = p0.label();
    p0.lock(l)
      .place(spin)
      .load(r, x)
      .branch(E.eq(E.reg(r), E.c(0)), spin, { bound: 1 });
    p0.unlock(l);
    b.thread('P1').lock(l).unlock(l);
    const program = b.build();
    const wasm = engine.check(program);
    expect([wasm.verdict, wasm.reason, wasm.property]).toEqual(['incomplete', 'bound', null]);
    expect(comparable(wasm)).toEqual(comparable(check(program)));
  });
});
