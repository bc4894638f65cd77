/**
 * x86-TSO in the Wasm engine (assembly/tso.ts) vs core's TsoSemantics: same verdict,
 * property, states, transitions, depth and path on the examples, random programs and every
 * tmigr preset × variant; every Wasm counterexample replays to its violation under TSO.
 */
import {
  buildTmigrModel,
  check,
  checkTmigr,
  cmpxchgCounter,
  EXAMPLES,
  getVariant,
  INVARIANTS,
  listScenarios,
  listVariants,
  loadScenario,
  type Program,
  semanticsFor,
  stateAt,
  type TmigrModel,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { programArb, SMALL } from './arbitrary-program.js';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

function agree(
  program: Program,
  options: { deadlock?: boolean; maxStates?: number; batchSize?: number } = {},
) {
  const ts = check(program, {
    model: 'tso',
    ...(options.deadlock !== undefined ? { deadlock: options.deadlock } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
  });
  const wasm = engine.check(program, { ...options, model: 'tso' });
  expect(wasm.model).toBe('tso');
  expect(comparable(wasm)).toEqual(comparable(ts));
  if (wasm.verdict === 'violation') expect(violationAtEndOf(program, wasm.path!, 'tso')).toBe(wasm.property);
  return wasm;
}

describe('x86-TSO: Wasm engine vs reference explorer', () => {
  it.each(Object.entries(EXAMPLES))('example %s', (_name, ex) => {
    agree(ex.build());
  });

  it('store buffering is visible: sb is ok under SC and violated under TSO', () => {
    const sb = EXAMPLES.sb!.build();
    const sc = engine.check(sb);
    const tso = agree(sb);
    expect(sc.verdict).not.toBe(tso.verdict);
    expect(tso.path!.some((s) => s.choice === 1)).toBe(true); // a flush step
  });

  it('gives the same result for every batch size', () => {
    const program = cmpxchgCounter(3);
    const reference = comparable(engine.check(program, { model: 'tso' }));
    for (const batchSize of [1, 7, 100]) {
      expect(comparable(engine.check(program, { model: 'tso', batchSize }))).toEqual(reference);
    }
  });

  it('random programs', () => {
    const verdicts = new Set<string>();
    let skipped = 0;
    fc.assert(
      fc.property(
        programArb(SMALL),
        fc.boolean(),
        fc.constantFrom(1, 3, 64, 8192),
        fc.constantFrom(2, 17, 300, 4000, 4000),
        (program, deadlock, batchSize, maxStates) => {
          if (!engine.supports('tso', program)) {
            // Only threads whose loops overlap without nesting have no store-buffer bound.
            expect(() => engine.check(program, { model: 'tso' })).toThrow(/no static bound/);
            skipped++;
            return;
          }
          verdicts.add(agree(program, { deadlock, batchSize, maxStates }).verdict);
        },
      ),
      { numRuns: 300 },
    );
    expect(verdicts).toEqual(new Set(['ok', 'violation', 'incomplete']));
    expect(skipped).toBeLessThan(100);
  });
});

const isInvariant = (p: string) => (INVARIANTS as readonly string[]).includes(p);

/** tmigr models under TSO: capped like tmigr.test.ts (TMIGR_PARITY_FULL=1: no cap). */
const CAP = process.env.TMIGR_PARITY_FULL === '1' ? undefined : 20_000;

describe('tmigr scenarios under x86-TSO: Wasm engine vs reference explorer', () => {
  const cases = listScenarios().flatMap((s) =>
    listVariants().map((v) => [s.name, v.name] as [string, string]),
  );
  const verdicts = new Set<string>();
  it.each(cases)('%s under %s', (scenario, variant) => {
    let model: TmigrModel;
    try {
      model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
    } catch {
      return;
    }
    const limit = CAP === undefined ? {} : { maxStates: CAP };
    const ts = checkTmigr(model.scenario, model.variant, { model: 'tso', tmigrModel: model, ...limit });
    const wasm = engine.check(model.program, {
      model: 'tso',
      tmigr: model,
      deadlock: model.properties.includes('deadlock'),
      ...limit,
    });
    const { tmigr: _m, ...tsResult } = ts;
    expect(comparable(wasm)).toEqual(comparable(tsResult));
    verdicts.add(wasm.verdict === 'violation' ? wasm.property! : wasm.verdict);
    if (wasm.verdict === 'violation') {
      const p = wasm.property!;
      if (isInvariant(p)) {
        const sem = semanticsFor(model.program, 'tso');
        expect(model.invariant(sem.view(stateAt(sem, wasm.path!)))).toBe(p);
      } else {
        expect(violationAtEndOf(model.program, wasm.path!, 'tso')).toBe(p);
      }
    }
  });

  it('the presets give invariant violations, ok and stopped searches', () => {
    for (const v of ['single-root', 'timer-handled', 'migrator-well-formed', 'ok', 'incomplete'])
      expect(verdicts.has(v)).toBe(true);
  });
});
