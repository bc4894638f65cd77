import { check, type Program, validateProgram } from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LARGER, programArb, SMALL } from './arbitrary-program.js';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

interface Tally {
  readonly verdicts: Record<string, number>;
  readonly reasons: Set<string>;
  readonly properties: Set<string>;
  maxStates: number;
}

const newTally = (): Tally => ({ verdicts: {}, reasons: new Set(), properties: new Set(), maxStates: 0 });

/** Runs both engines and asserts that they agree and that the Wasm path replays to its violation. */
function agree(
  program: Program,
  tally: Tally,
  options: { deadlock: boolean; maxStates: number; batchSize: number },
) {
  const ts = check(program, { deadlock: options.deadlock, maxStates: options.maxStates });
  const wasm = engine.check(program, options);
  expect(comparable(wasm)).toEqual(comparable(ts));
  tally.verdicts[wasm.verdict] = (tally.verdicts[wasm.verdict] ?? 0) + 1;
  tally.reasons.add(String(wasm.reason));
  tally.maxStates = Math.max(tally.maxStates, wasm.states);
  if (wasm.verdict === 'violation') {
    tally.properties.add(wasm.property!);
    expect(violationAtEndOf(program, wasm.path!)).toBe(wasm.property);
  }
}

describe('Wasm engine vs reference explorer on random programs', () => {
  it('generates valid programs', () => {
    fc.assert(
      fc.property(fc.oneof(programArb(SMALL), programArb(LARGER)), (program) => {
        expect(validateProgram(program)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('small programs: same verdict, property, states, transitions, depth and path', () => {
    const tally = newTally();
    fc.assert(
      fc.property(
        programArb(SMALL),
        fc.boolean(),
        fc.constantFrom(1, 3, 64, 8192),
        fc.constantFrom(1, 2, 17, 300, 4000, 4000, 4000),
        (program, deadlock, batchSize, maxStates) =>
          agree(program, tally, { deadlock, maxStates, batchSize }),
      ),
      { numRuns: 800 },
    );
    // The generator must reach every outcome, or the agreement above means little.
    expect(tally.verdicts.ok).toBeGreaterThan(20);
    expect(tally.verdicts.violation).toBeGreaterThan(20);
    expect(tally.verdicts.incomplete).toBeGreaterThan(20);
    expect(tally.reasons).toEqual(new Set(['null', 'violation', 'bound', 'state-limit']));
    for (const p of ['invalid-address', 'deadlock', 'assume-false-initially', 'P0', 'P1', 'P2']) {
      expect(tally.properties).toContain(p);
    }
  });

  it('larger programs (thousands of states): the same agreement', () => {
    const tally = newTally();
    fc.assert(
      fc.property(programArb(LARGER), fc.constantFrom(64, 8192), (program, batchSize) =>
        agree(program, tally, { deadlock: true, maxStates: 20_000, batchSize }),
      ),
      { numRuns: 100 },
    );
    expect(tally.verdicts.violation).toBeGreaterThan(5);
    expect(tally.verdicts.incomplete).toBeGreaterThan(5);
    expect(tally.maxStates).toBe(20_000);
  });
});
