import {
  check,
  cmpxchgCounter,
  E,
  type ModelName,
  type Program,
  ProgramBuilder,
  seqcountAba,
} from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

/** Both engines, asserting agreement; returns the Wasm result. */
function both(program: Program, options: { deadlock?: boolean } = {}) {
  const ts = check(program, options);
  const wasm = engine.check(program, options);
  expect(comparable(wasm)).toEqual(comparable(ts));
  if (wasm.verdict === 'violation') expect(violationAtEndOf(program, wasm.path!)).toBe(wasm.property);
  return wasm;
}

function lockOrderInversion(): Program {
  const b = new ProgramBuilder('ABBA');
  const a = b.location('a');
  const l = b.location('b');
  b.thread('P0').lock(a).lock(l).unlock(l).unlock(a);
  b.thread('P1').lock(l).lock(a).unlock(a).unlock(l);
  return b.build();
}

describe('SC semantics, case by case (both engines)', () => {
  it('lock-order inversion deadlocks; with deadlock detection off the search is ok', () => {
    const wasm = both(lockOrderInversion());
    expect(wasm).toMatchObject({
      verdict: 'violation',
      property: 'deadlock',
      path: [
        { thread: 0, choice: 0 },
        { thread: 1, choice: 0 },
      ],
    });
    expect(both(lockOrderInversion(), { deadlock: false })).toMatchObject({ verdict: 'ok', property: null });
  });

  it('an address computed from a register that is not a location is an invalid-address violation', () => {
    const b = new ProgramBuilder('bad-address');
    const x = b.location('x', 5);
    const t = b.thread('P0');
    const r = t.reg('r');
    t.load(r, x).store(E.reg(r), E.c(1));
    const wasm = both(b.build());
    expect(wasm).toMatchObject({
      verdict: 'violation',
      property: 'invalid-address',
      states: 2,
      path: [
        { thread: 0, choice: 0 },
        { thread: 0, choice: 0 },
      ],
    });
  });

  it('an exhausted loop bound makes the search incomplete (reason bound), never ok', () => {
    const b = new ProgramBuilder('spin');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r');
    const top = t.label();
    t.place(top)
      .load(r, x)
      .branch(E.eq(E.reg(r), E.c(0)), top, { bound: 3 });
    b.thread('P1').store(x, E.c(1));
    const wasm = both(b.build());
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'bound', complete: false, path: null });
  });

  it('an assert that fails before the first step: violation with no states and an empty path', () => {
    const b = new ProgramBuilder('assert-at-start');
    b.location('x');
    b.thread('P0').assert(E.c(0), 'never');
    expect(both(b.build())).toMatchObject({ verdict: 'violation', property: 'never', states: 0, path: [] });
  });

  it('an assume that fails before the first step is reported as assume-false-initially', () => {
    const b = new ProgramBuilder('assume-at-start');
    const x = b.location('x');
    b.thread('P0').assume(E.c(0)).store(x, E.c(1));
    expect(both(b.build())).toMatchObject({
      verdict: 'violation',
      property: 'assume-false-initially',
      states: 0,
    });
  });

  it('a final check that fails in the initial state: violation with one state and an empty path', () => {
    const b = new ProgramBuilder('final-at-start');
    const x = b.location('x', 1);
    b.thread('P0');
    const program: Program = {
      ...b.build(),
      finalChecks: [
        {
          property: 'x is 0',
          cond: { k: 'bin', op: 'eq', a: { k: 'mem', addr: x }, b: { k: 'const', v: 0 } },
        },
      ],
    };
    expect(both(program)).toMatchObject({ verdict: 'violation', property: 'x is 0', states: 1, path: [] });
  });

  it('assume prunes successors: only executions where the flag was seen set survive', () => {
    const b = new ProgramBuilder('assume-prunes');
    const flag = b.location('flag');
    const data = b.location('data');
    b.thread('P0').store(data, E.c(1)).store(flag, E.c(1));
    const t = b.thread('P1');
    const r0 = t.reg('r0');
    const r1 = t.reg('r1');
    t.load(r0, flag)
      .assume(E.eq(E.reg(r0), E.c(1)))
      .load(r1, data)
      .assert(E.eq(E.reg(r1), E.c(1)), 'data seen');
    const wasm = both(b.build());
    expect(wasm.verdict).toBe('ok');
    expect(wasm.states).toBeLessThan(both({ ...b.build(), name: 'x' }).states + 1);
  });

  it('rmw: the guard and the value read registers before dst and ok are written', () => {
    const b = new ProgramBuilder('rmw-order');
    const x = b.location('x', 7);
    const t = b.thread('P0');
    const r = t.reg('r', 7);
    t.rmw(x, E.add(E.reg(r), E.c(1)), { guard: E.eq(E.old, E.reg(r)), dst: r, ok: r });
    t.assert(E.eq(E.reg(r), E.c(1)), 'ok flag written last');
    const program: Program = {
      ...b.build(),
      finalChecks: [
        {
          property: 'x = 8',
          cond: { k: 'bin', op: 'eq', a: { k: 'mem', addr: x }, b: { k: 'const', v: 8 } },
        },
      ],
    };
    expect(both(program)).toMatchObject({ verdict: 'ok', states: 2 });
  });

  it('32-bit arithmetic wraps like the reference', () => {
    const b = new ProgramBuilder('wrap');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r', 0x7fffffff);
    t.set(r, E.add(E.reg(r), E.c(1)));
    t.assert(E.eq(E.reg(r), E.c(-0x80000000)), 'add wraps');
    t.set(r, E.bin('mul', E.c(0x10001), E.c(0x10001)));
    t.assert(E.eq(E.reg(r), E.c(0x20001)), 'mul wraps');
    t.set(r, E.bin('shr', E.c(-1), E.c(33)));
    t.assert(E.eq(E.reg(r), E.c(0x7fffffff)), 'shr is logical, count mod 32');
    t.set(r, E.bin('shl', E.c(1), E.c(31)));
    t.assert(E.bin('lt', E.reg(r), E.c(0)), 'shl into the sign bit');
    t.set(r, { k: 'un', op: 'neg', a: E.c(-0x80000000) });
    t.assert(E.eq(E.reg(r), E.c(-0x80000000)), 'neg wraps');
    t.store(x, E.reg(r));
    expect(both(b.build())).toMatchObject({ verdict: 'ok', states: 2 });
  });
});

describe('wide fields in packed states (the table stores pc/status and loop counters in 1, 2 or 4 bytes)', () => {
  it('a loop that runs 300 times (2-byte counter) and a long thread (2-byte pc)', () => {
    const b = new ProgramBuilder('wide');
    const x = b.location('x');
    const y = b.location('y');
    const t = b.thread('P0');
    const r = t.reg('r');
    const top = t.label();
    t.place(top)
      .load(r, x)
      .store(x, E.add(E.reg(r), E.c(1)));
    t.branch(E.bin('lt', E.reg(r), E.c(299)), top, { bound: 300 });
    const u = b.thread('P1');
    for (let i = 0; i < 70; i++) u.fence('mb');
    u.store(y, E.c(1));
    const wasm = both(b.build());
    expect(wasm.verdict).toBe('ok');
    expect(wasm.states).toBeGreaterThan(20_000);
  });

  it('a bound above 65,535 (4-byte counter) and exhausted small bounds next to it', () => {
    const b = new ProgramBuilder('wider');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r');
    const top = t.label();
    t.place(top)
      .load(r, x)
      .store(x, E.add(E.reg(r), E.c(1)));
    t.branch(E.bin('lt', E.reg(r), E.c(5)), top, { bound: 70_000 });
    const u = b.thread('P1');
    const s = u.reg('s');
    const again = u.label();
    u.place(again)
      .load(s, x)
      .branch(E.bin('lt', E.reg(s), E.c(3)), again, { bound: 2 });
    const wasm = both(b.build());
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'bound' });
  });
});

describe('engine API', () => {
  it('supports SC, TSO and the LKMM, and refuses an unknown model', () => {
    expect(engine.name).toBe('wasm');
    expect(engine.supports('sc')).toBe(true);
    expect(engine.supports('tso')).toBe(true);
    expect(engine.supports('lkmm')).toBe(true);
    expect(engine.supports('power' as ModelName)).toBe(false);
    expect(() => engine.check(cmpxchgCounter(2), { model: 'power' as ModelName })).toThrow(
      "memory model 'power' is not supported by the wasm engine yet",
    );
  });

  it("rejects an invalid program with the validator's one-line message", () => {
    const bad: Program = {
      name: 'bad',
      locations: [{ name: 'x', init: 0 }],
      threads: [{ name: 'P0', registers: [], code: [{ op: 'load', dst: 0, addr: E.c(1), order: 'once' }] }],
    };
    expect(() => engine.check(bad)).toThrow(/invalid program at P0@0 .*unknown register r0/);
  });

  it('checkAsync gives the same results, also when two searches run at once', async () => {
    const p1 = cmpxchgCounter(4);
    const p2 = seqcountAba(3);
    const [a, b] = await Promise.all([
      engine.checkAsync(p1, { batchSize: 100 }),
      engine.checkAsync(p2, { batchSize: 10 }),
    ]);
    expect(comparable(a)).toEqual(comparable(check(p1)));
    expect(comparable(b)).toEqual(comparable(check(p2)));
  });
});
