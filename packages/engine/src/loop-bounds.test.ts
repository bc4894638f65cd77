// Loop bounds count the iterations of ONE execution of a loop (core's encode.ts
// `computeLoopExits`): a loop entered anew gets its whole bound. Checked on nested loops in every
// model of the TS reference and in the Wasm SC engine, which must agree on every count.
import {
  buildTmigrModel,
  check,
  checkTmigr,
  computeLoopRanges,
  E,
  explore,
  loadScenario,
  type ModelName,
  type Program,
  ProgramBuilder,
  parseVariantC,
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
        // Per thread: the pc range of each loop slot ([target, src], grown where loops overlap).
        const ranges = computeLoopRanges(program);
        const r = explore(semanticsFor(program, model), {
          maxStates: 3000,
          invariant: (view) => {
            for (let ti = 0; ti < view.threads.length; ti++) {
              const t = view.threads[ti]!;
              if (t.status === ST_BOUND) continue; // stopped at the back edge it could not take
              for (let slot = 0; slot < t.loops.length; slot++) {
                const { from, to } = ranges[ti]![slot]!;
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

/**
 * `again: for (i = 0; i < 2; i++) { n ^= 1; if (n) goto again; }`, then `x = 1` (or, with
 * `limit`, the goto only while `g < limit`: taken `limit` times in all). The goto's back edge
 * and the for loop's overlap without nesting; with ranges [target, src] each reset the other's
 * counter for ever (n toggles): a local run that never returned. A second thread reads `x`.
 */
function againOutOfFor(gotoBound: number, limit?: number): Program {
  const b = new ProgramBuilder(`again-out-of-for-${gotoBound}-${limit ?? 'toggle'}`);
  const x = b.location('x');
  const t = b.thread('P0');
  const i = t.reg('i');
  const n = t.reg('n');
  const g = t.reg('g');
  const again = t.label();
  const body = t.label();
  const next = t.label();
  t.set(n, E.c(0)).set(g, E.c(0));
  t.place(again).set(i, E.c(0));
  t.place(body);
  if (limit === undefined) {
    t.set(n, E.bin('xor', E.reg(n), E.c(1)));
    t.branch(E.reg(n), again, { bound: gotoBound });
  } else {
    t.branch(E.bin('ge', E.reg(g), E.c(limit)), next);
    t.set(g, E.add(E.reg(g), E.c(1)));
    t.jump(again, gotoBound);
  }
  t.place(next).set(i, E.add(E.reg(i), E.c(1)));
  t.branch(E.bin('lt', E.reg(i), E.c(2)), body, { bound: 1 });
  t.store(x, E.c(1));
  const reader = b.thread('P1');
  reader.load(reader.reg('r'), x);
  return b.build();
}

/**
 * Shared accesses inside loops that overlap without nesting: `again: i = 0; for (;;) { r = x;
 * x = i + 1; if (r == 0 && g < 2) { g++; goto again; } if (++i >= 2) break; }` (the for loop's
 * back edge bound 1, the goto's 2), against `x = 0` (tools/bench's promela.test.ts runs the
 * same program in SPIN, which stores exactly the states counted under SC).
 */
function overlappingWithAccesses(): Program {
  const b = new ProgramBuilder('overlapping-with-accesses');
  const x = b.location('x');
  const p0 = b.thread('P0');
  const i = p0.reg('i');
  const g = p0.reg('g', 0);
  const r = p0.reg('r');
  const again = p0.label();
  const body = p0.label();
  const next = p0.label();
  p0.place(again).set(i, E.c(0));
  p0.place(body)
    .load(r, x)
    .store(x, E.add(E.reg(i), E.c(1)));
  p0.branch(E.bin('lor', E.bin('ne', E.reg(r), E.c(0)), E.bin('ge', E.reg(g), E.c(2))), next);
  p0.set(g, E.add(E.reg(g), E.c(1))).jump(again, 2);
  p0.place(next).set(i, E.add(E.reg(i), E.c(1)));
  p0.branch(E.bin('lt', E.reg(i), E.c(2)), body, { bound: 1 });
  const p1 = b.thread('P1');
  p1.store(x, E.c(0));
  return b.build();
}

/** `activate` from core's tmigr C front-end tests, with `loop` (over `int i, n = 0`) before it. */
function activateAfter(loop: string) {
  return parseVariantC(`// tmigr-check: base v7.1-rc1, name overlapping-loops
static void tmigr_setup_groups_activate(struct tmigr_group *start)
{
	struct tmigr_walk data;
	union tmigr_state state;
	int i;
	int n = 0;

${loop}
	state.state = atomic_read(&start->migr_state);
	WARN_ON_ONCE(!state.active);
	WARN_ON_ONCE(!start->parent);
	data.childmask = start->groupmask;
	__walk_groups_from(tmigr_active_up, &data, start, start->parent);
}
`);
}

describe('loops that overlap without nesting', () => {
  it('a goto back out of a loop whose counters used to reset each other for ever stops at its bound (all models, TS and Wasm agree)', () => {
    const program = againOutOfFor(2);
    for (const model of MODELS) {
      const ts = check(program, { model });
      expect([model, ts.verdict, ts.reason]).toEqual([model, 'incomplete', 'bound']);
      const wasm = engine.check(program, { model });
      expect(comparable(wasm)).toEqual(comparable(ts));
    }
  });

  it('the goto counts its iterations over the whole execution of its (grown) loop (all models, TS and Wasm agree)', () => {
    for (const limit of [1, 2, 3]) {
      for (const gotoBound of [limit - 1, limit]) {
        const program = againOutOfFor(gotoBound, limit);
        for (const model of MODELS) {
          const ts = check(program, { model });
          const expected = gotoBound >= limit ? ['ok', null] : ['incomplete', 'bound'];
          expect([model, limit, gotoBound, ts.verdict, ts.reason]).toEqual([
            model,
            limit,
            gotoBound,
            ...expected,
          ]);
          const wasm = engine.check(program, { model });
          expect(comparable(wasm)).toEqual(comparable(ts));
        }
      }
    }
  });
});

describe('loops that overlap without nesting: exact counts, TS and Wasm alike', () => {
  /** Checks `program` under `model` in both explorers; returns [verdict, reason, states, transitions]. */
  const both = (program: Program, model: ModelName) => {
    const ts = check(program, { model });
    const wasm = engine.check(program, { model });
    expect(comparable(wasm)).toEqual(comparable(ts));
    return [ts.verdict, ts.reason, ts.states, ts.transitions];
  };

  it('a goto taken as often as its bound allows, the loops local: the states of the one store and one load', () => {
    // P0's loops run inside its initial local run and end (g reaches 2 after 2 gotos), leaving
    // P0 at `x = 1`; P1 loads x. SC: the initial state, either access first, both done with
    // r = 0 or r = 1: 5 states. x86-TSO: the store enters the buffer, then is flushed: 7 states
    // (initial; buffered; loaded 0; flushed; buffered and loaded 0; loaded 0 then flushed;
    // flushed then loaded 1). LKMM: the write and the read, the read from the initial write or
    // from P0's: 4 states.
    const program = againOutOfFor(2, 2);
    expect(both(program, 'sc')).toEqual(['ok', null, 5, 4]);
    expect(both(program, 'tso')).toEqual(['ok', null, 7, 7]);
    expect(both(program, 'lkmm')).toEqual(['ok', null, 4, 3]);
    // One goto short: P0 stops at the goto in its initial local run, P1 loads 0: 2 states.
    for (const model of MODELS)
      expect(both(againOutOfFor(1, 2), model)).toEqual(['incomplete', 'bound', 2, 1]);
  });

  it("shared accesses inside the overlapping loops (the SC count is SPIN's, tools/bench promela.test.ts)", () => {
    const program = overlappingWithAccesses();
    expect(both(program, 'sc')).toEqual(['ok', null, 29, 32]);
    expect(both(program, 'tso')).toEqual(['ok', null, 84, 143]);
    expect(both(program, 'lkmm')).toEqual(['ok', null, 44, 52]);
  });

  it('C: a `goto again` out of a for loop in a tmigr variant ends (all models, TS and Wasm agree)', () => {
    const scenario = loadScenario('b729cc1ec21a');
    const agree = (variant: ReturnType<typeof parseVariantC>, model: ModelName, properties?: string[]) => {
      const tmigr = buildTmigrModel(scenario, variant, properties ? { properties } : {});
      const ts = checkTmigr(scenario, variant, { model, tmigrModel: tmigr });
      const wasm = engine.check(tmigr.program, {
        model,
        tmigr,
        deadlock: tmigr.properties.includes('deadlock'),
      });
      const { tmigr: _m, ...tsResult } = ts;
      expect(comparable(wasm)).toEqual(comparable(tsResult));
      return [ts.verdict, ts.property, ts.reason, ts.states];
    };
    // n toggles: each pass of the for loop's body takes the goto or not. With ranges
    // [target, src] the two back edges reset each other's counters for ever (a local run that
    // never returned); the goto's loop now holds the for loop and runs out of its bound.
    const toggling = activateAfter(`again:
	for (i = 0; i < 2; i++) {
		n = !n;
		if (n)
			goto again;
	}`);
    expect(agree(toggling, 'sc', ['deadlock'])).toEqual(['incomplete', null, 'bound', 364]);
    expect(agree(toggling, 'tso', ['deadlock'])).toEqual(['incomplete', null, 'bound', 2461]);
    expect(agree(toggling, 'lkmm', ['deadlock'])).toEqual(['incomplete', null, 'bound', 410]);
    // The goto taken twice (its bound: childrenPerGroup = 2), then the loop ends: its locals
    // are dead after it, so the states are those of the variant without the loop.
    const twice = activateAfter(`again:
	for (i = 0; i < 2; i++) {
		if (i == 1 && n < 2) {
			n++;
			goto again;
		}
	}`);
    const without = activateAfter('');
    for (const model of MODELS) expect(agree(twice, model)).toEqual(agree(without, model));
    expect(agree(twice, 'sc')).toEqual(['ok', null, null, 648]);
    expect(agree(twice, 'tso')).toEqual(['ok', null, null, 4558]);
    expect(agree(twice, 'lkmm')).toEqual(['ok', null, null, 1342]);
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
