/**
 * tmigr scenarios under SC in the Wasm engine: kernel WARNs, the hierarchy invariants at
 * quiescent states (evaluated inside Wasm), timer-handled, deadlock, loop bounds and property
 * selection give the same verdict, property, states, transitions, depth and path as core's
 * `checkTmigr` on every preset scenario under every shipped variant.
 */
import {
  buildTmigrModel,
  checkTmigr,
  getVariant,
  INVARIANTS,
  listScenarios,
  listVariants,
  loadScenario,
  type PathStep,
  ScSemantics,
  stateAt,
  type TmigrModel,
} from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmCheckOptions, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

const isInvariant = (p: string) => (INVARIANTS as readonly string[]).includes(p);

/** The property a path's last state or step violates, for the model's own checks. */
function violatedAt(model: TmigrModel, path: readonly PathStep[], property: string): string | null {
  if (isInvariant(property)) {
    const sem = new ScSemantics(model.program);
    return model.invariant(sem.view(stateAt(sem, path)));
  }
  return violationAtEndOf(model.program, path);
}

/** Runs both explorers on `model` and asserts they agree; returns the Wasm result. */
function agree(model: TmigrModel, options: Omit<WasmCheckOptions, 'tmigr' | 'deadlock'> = {}) {
  const ts = checkTmigr(model.scenario, model.variant, {
    tmigrModel: model,
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
  });
  const wasm = engine.check(model.program, {
    ...options,
    tmigr: model,
    deadlock: model.properties.includes('deadlock'),
  });
  const { tmigr: _model, ...tsResult } = ts;
  expect(comparable(wasm)).toEqual(comparable(tsResult));
  if (wasm.verdict === 'violation') expect(violatedAt(model, wasm.path!, wasm.property!)).toBe(wasm.property);
  return wasm;
}

/**
 * CI keeps the matrix under a minute on two cores: every search stops at this many states (the
 * counts of a stopped search are a prefix of the same order, so they must agree as well).
 * `TMIGR_PARITY_FULL=1` runs every case to the end (about two minutes); tools/bench runs the
 * large ones in full too.
 */
const CAP = process.env.TMIGR_PARITY_FULL === '1' ? undefined : 60_000;
const capped = CAP === undefined ? {} : { maxStates: CAP };

const cases = listScenarios().flatMap((s) => listVariants().map((v) => [s.name, v.name] as [string, string]));

describe('tmigr scenarios under SC: Wasm engine vs reference explorer', () => {
  const verdicts = new Map<string, number>();
  it.each(cases)('%s under %s', (scenario, variant) => {
    let model: TmigrModel;
    try {
      model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
    } catch {
      return; // a scenario the variant cannot set up is not a model
    }
    const r = agree(model, capped);
    const key = r.verdict === 'violation' ? r.property! : r.verdict;
    verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
  });

  it('the presets cover WARNs, invariants and ok', () => {
    expect(verdicts.get('ok')).toBeGreaterThan(0);
    expect(verdicts.get('single-root')).toBeGreaterThan(0);
    expect(verdicts.get('timer-handled')).toBeGreaterThan(0);
    expect([...verdicts.keys()].some((k) => k.startsWith('WARN'))).toBe(true);
  });

  it.each([
    ['seed', 'v7.1-rc1'],
    ['idle-handover', 'v7.1-rc1'],
    ['new-timer', 'update-events-unlocked'],
    ['seed', '868c9037df62'],
  ])('property selection on %s under %s', (scenario, variant) => {
    const s = loadScenario(scenario);
    const v = getVariant(variant);
    const selections: string[][] = [
      [...INVARIANTS],
      [...v.warns],
      ['deadlock'],
      [...INVARIANTS.filter((p) => p !== 'timer-handled' && p !== 'single-root'), ...v.warns],
      ...INVARIANTS.map((p) => [p]),
    ];
    for (const properties of selections) agree(buildTmigrModel(s, v, { properties }), capped);
  });

  it('stops at the state limit with the same counts', () => {
    const model = buildTmigrModel(loadScenario('seed'), getVariant('bd3c45dd01'));
    const r = agree(model, { maxStates: 5000, batchSize: 100 });
    expect(r.verdict).toBe('incomplete');
    expect(r.reason).toBe('state-limit');
  });
});
