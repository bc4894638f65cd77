import { check, cmpxchgCounter, type Progress } from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

describe('state limit', () => {
  it.each([1, 2, 10, 1000, 2147, 2148, 2149])(
    'maxStates %i stops exactly where the reference does',
    (maxStates) => {
      const program = cmpxchgCounter(4); // 2,148 states
      const ts = check(program, { maxStates });
      const wasm = engine.check(program, { maxStates, batchSize: 97 });
      expect(comparable(wasm)).toEqual(comparable(ts));
      // Storing state number maxStates ends the search, even when it was the last one.
      if (maxStates <= 2148) {
        expect(wasm).toMatchObject({
          verdict: 'incomplete',
          reason: 'state-limit',
          complete: false,
          path: null,
        });
        expect(wasm.states).toBe(Math.max(2, maxStates));
      } else {
        expect(wasm).toMatchObject({ verdict: 'ok', reason: null, complete: true, states: 2148 });
      }
    },
  );
});

describe('odd option values behave like the reference or fall back to defaults', () => {
  it.each([Number.NaN, 0, -3, 2.5])('maxStates %s', (maxStates) => {
    const program = cmpxchgCounter(3);
    expect(comparable(engine.check(program, { maxStates }))).toEqual(
      comparable(check(program, { maxStates })),
    );
  });

  it.each([Number.NaN, 0, -1, 0.5, 2 ** 40, Number.POSITIVE_INFINITY])(
    'batchSize %s still finishes',
    (batchSize) => {
      const program = cmpxchgCounter(3);
      expect(comparable(engine.check(program, { batchSize }))).toEqual(comparable(check(program)));
    },
  );
});

describe('memory limit', () => {
  const program = cmpxchgCounter(6); // 1,179,094 states, far more than 6 MiB in Wasm

  it.each([0.5, 1, 3])(
    'maxMemoryMB %s: stops cleanly with the counts so far, a prefix of the full search',
    (mb) => {
      const wasm = engine.check(program, { maxMemoryMB: mb });
      expect(wasm).toMatchObject({
        verdict: 'incomplete',
        reason: 'memory-limit',
        complete: false,
        property: null,
        path: null,
      });
      expect(wasm.states).toBeGreaterThan(1000);
      expect(wasm.states).toBeLessThan(1_179_094);
      expect(wasm.depth).toBeGreaterThan(5);
      // The search stopped when it could not store state number `states + 1`: the reference,
      // limited to that many states, generated exactly as many transitions ...
      expect(wasm.transitions).toBe(check(program, { maxStates: wasm.states + 1 }).transitions);
      // ... and reached the same depth with the first `states` states.
      expect(wasm.depth).toBe(check(program, { maxStates: wasm.states }).depth);
    },
  );

  it('stores more states with more memory', () => {
    const states = [0.5, 1, 3, 6].map((mb) => engine.check(program, { maxMemoryMB: mb }).states);
    for (let i = 1; i < states.length; i++) expect(states[i - 1]).toBeLessThan(states[i]!);
  });

  it('the smallest limit (one 64 KiB page) still stops cleanly', () => {
    const wasm = engine.check(program, { maxMemoryMB: 0.01 });
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'memory-limit' });
    expect(wasm.states).toBeLessThan(1000);
    expect(wasm.transitions).toBe(check(program, { maxStates: wasm.states + 1 }).transitions);
  });

  it('a program that does not fit at all stops before the first state', () => {
    const big = cmpxchgCounter(5);
    const huge = {
      ...big,
      locations: Array.from({ length: 20_000 }, (_, i) => ({ name: `x${i}`, init: 0 })),
    };
    const wasm = engine.check(huge, { maxMemoryMB: 0.01 });
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'memory-limit', states: 0, transitions: 0 });
  });

  it('the engine is reusable after a memory-limit stop', () => {
    engine.check(program, { maxMemoryMB: 2 });
    expect(comparable(engine.check(cmpxchgCounter(4)))).toEqual(comparable(check(cmpxchgCounter(4))));
  });
});

describe('time limit and interruption', () => {
  it('maxSeconds 0 stops before the first expansion, like the reference', () => {
    const program = cmpxchgCounter(4);
    const wasm = engine.check(program, { maxSeconds: 0 });
    const ts = check(program, { maxSeconds: 0 });
    expect(comparable(wasm)).toEqual(comparable(ts));
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'time-limit', states: 1, transitions: 0 });
  });

  it('shouldStop is asked between batches: three batches of 10 states, then time-limit', () => {
    let asked = 0;
    const wasm = engine.check(cmpxchgCounter(4), { batchSize: 10, shouldStop: () => ++asked > 3 });
    expect(wasm).toMatchObject({ verdict: 'incomplete', reason: 'time-limit', complete: false });
    expect(asked).toBe(4);
    // 30 states were expanded: every one of them was stored, and their successors too.
    expect(wasm.states).toBeGreaterThan(30);
    expect(wasm.states).toBeLessThan(2148);
  });

  it('reports progress after every batch, ending at the final counts', () => {
    const seen: Progress[] = [];
    const wasm = engine.check(cmpxchgCounter(4), { batchSize: 500, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(Math.floor(2148 / 500));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.states).toBeGreaterThanOrEqual(seen[i - 1]!.states);
      expect(seen[i]!.transitions).toBeGreaterThan(seen[i - 1]!.transitions);
    }
    const last = seen[seen.length - 1]!;
    expect({
      states: last.states,
      transitions: last.transitions,
      depth: last.depth,
      frontier: last.frontier,
    }).toEqual({
      states: wasm.states,
      transitions: wasm.transitions,
      depth: wasm.depth,
      frontier: 0,
    });
  });
});
