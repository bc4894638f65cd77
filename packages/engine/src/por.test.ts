/**
 * Partial-order reduction (core's analysis/por.ts, assembly/por.ts) is sound and the Wasm search
 * implements exactly core's reduced relation:
 * - with and without reduction: the same verdict and property on every preset × variant under
 *   SC and x86-TSO, on the built-in examples and on fast-check random programs (locks, failed
 *   cmpxchg, loops, computed addresses); every counterexample found with reduction replays
 *   through core's unreduced semantics to a violation of the same property;
 * - the reduced search reaches exactly the quiescent states (every thread at an operation
 *   boundary, buffers empty) of the full search on the presets, and exactly its final states on
 *   random programs — the states the invariants and final checks are evaluated on;
 * - the Wasm search with reduction has the same verdict, property, states, transitions and depth
 *   as core's reference explorer over `PorSemantics`, and its path is the expansion of the
 *   reference's.
 */
import {
  analyzePor,
  buildTmigrModel,
  DEADLOCK,
  EXAMPLES,
  E as Expr,
  expandPorPath,
  explore,
  getVariant,
  INVARIANTS,
  listScenarios,
  listVariants,
  loadScenario,
  type ModelName,
  type PathStep,
  PorSemantics,
  type Program,
  ProgramBuilder,
  ScSemantics,
  type Semantics,
  ST_BOUND,
  ST_DONE,
  ST_RUNNING,
  stateAt,
  type TmigrModel,
  TsoSemantics,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LARGER, programArb, SMALL } from './arbitrary-program.js';
import { comparable } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { violationAtEndOf } from './oracle.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const MODELS: readonly ModelName[] = ['sc', 'tso'];

function baseOf(program: Program, model: ModelName): Semantics<unknown> {
  return (model === 'tso' ? new TsoSemantics(program) : new ScSemantics(program)) as Semantics<unknown>;
}

const isInvariant = (p: string) => (INVARIANTS as readonly string[]).includes(p);

/** The property the end of an (unreduced) path violates, for a tmigr model's checks. */
function tmigrViolationAt(model: TmigrModel, path: readonly PathStep[], property: string, m: ModelName) {
  if (isInvariant(property)) {
    const sem = baseOf(model.program, m);
    const state = stateAt(sem, path);
    return model.invariant(sem.view(state), state);
  }
  return violationAtEndOf(model.program, path, m);
}

/** Keys of the states `sem` reaches where `observed` holds (a complete search). */
function statesWhere(
  sem: Semantics<unknown>,
  observed: (view: ReturnType<Semantics<unknown>['view']>, state: unknown) => boolean,
): Set<string> {
  const keys = new Set<string>();
  const r = explore(sem, {
    deadlock: false,
    invariant: (view, state) => {
      if (observed(view, state)) keys.add(sem.key(state));
      return null;
    },
  });
  expect(r.complete).toBe(true);
  return keys;
}

const presetCases = listScenarios().flatMap((s) =>
  listVariants().flatMap((v) => MODELS.map((m) => [s.name, v.name, m] as [string, string, ModelName])),
);

function modelOf(scenario: string, variant: string): TmigrModel | null {
  try {
    return buildTmigrModel(loadScenario(scenario), getVariant(variant));
  } catch {
    return null; // a scenario the variant cannot set up is not a model
  }
}

/** CI: full searches stop here (the reduced ones are complete on every preset). */
const FULL_CAP = 400_000;

describe('reduction on the tmigr presets', () => {
  const tally = { same: 0, violations: 0, fullCapped: [] as string[] };
  it.each(presetCases)('%s under %s, %s: same verdict and property, replayable counterexample', (s, v, m) => {
    const model = modelOf(s, v);
    if (!model) return;
    const opts = { model: m, tmigr: model, deadlock: model.properties.includes('deadlock') };
    const reduced = engine.check(model.program, { ...opts, maxStates: 2_000_000 });
    expect(reduced.por).toBe(true);
    expect(reduced.complete).toBe(true);
    const full = engine.check(model.program, { ...opts, por: false, maxStates: FULL_CAP });
    expect(full.por).toBe(false);
    expect(reduced.states).toBeLessThanOrEqual(full.states);
    if (full.complete) {
      expect([reduced.verdict, reduced.property]).toEqual([full.verdict, full.property]);
      tally.same++;
    } else {
      // The full search stopped at its cap without a violation: the reduced one may go further.
      expect(full.reason).toBe('state-limit');
      expect(full.verdict).toBe('incomplete');
      tally.fullCapped.push(`${s} ${m}`);
    }
    if (reduced.verdict === 'violation') {
      tally.violations++;
      expect(tmigrViolationAt(model, reduced.path!, reduced.property!, m)).toBe(reduced.property);
    }
  });

  it('covers the matrix', () => {
    expect(tally.same).toBeGreaterThan(200);
    // Only the four largest TSO scenarios exceed the full search's cap (their reduced searches
    // are compared with the full ones in tools/bench).
    expect([...new Set(tally.fullCapped)].sort()).toEqual([
      '10a0e6f3d3db-A tso',
      'facd40aa5c46 tso',
      'idle-cycles-new-timer tso',
      'seed tso',
    ]);
    expect(tally.violations).toBeGreaterThan(50);
  });

  it.each([
    ['seed', 'bd3c45dd01', 'sc'],
    ['seed', 'v7.1-rc1', 'tso'],
    ['idle-cycles-4cpu', 'no-seq', 'sc'],
    ['idle-cycles-4cpu', 'no-seq', 'tso'],
    ['idle-handover', 'v7.1-rc1', 'tso'],
    ['10a0e6f3d3db-B', 'b729cc1ec21a', 'tso'],
    ['new-timer', 'update-events-unlocked', 'sc'],
    ['b729cc1ec21a', 'v7.1-rc1', 'tso'],
  ] as [string, string, ModelName][])(
    '%s under %s, %s: the reduced search reaches exactly the quiescent states of the full one',
    (s, v, m) => {
      const model = modelOf(s, v)!;
      const base = baseOf(model.program, m);
      const info = analyzePor(model.program, { observedPcs: model.layout.threads.map((t) => t.boundaries) });
      const boundaries = model.layout.threads.map((t) => new Set(t.boundaries));
      const quiescent = (view: ReturnType<Semantics<unknown>['view']>) =>
        view.settled !== false &&
        view.threads.every(
          (t, i) => t.status === ST_DONE || (t.status === ST_RUNNING && boundaries[i]!.has(t.pc)),
        );
      const full = statesWhere(base, quiescent);
      const reduced = statesWhere(new PorSemantics(base, info), quiescent);
      expect(full.size).toBeGreaterThan(3);
      expect([...reduced].sort()).toEqual([...full].sort());
    },
  );

  it.each(
    listScenarios().flatMap((s) => MODELS.map((m) => [s.name, 'v7.1-rc1', m] as [string, string, ModelName])),
  )('%s under %s, %s: Wasm = the reference over PorSemantics (capped)', (s, v, m) => {
    const model = modelOf(s, v)!;
    const info = analyzePor(model.program, { observedPcs: model.layout.threads.map((t) => t.boundaries) });
    const base = baseOf(model.program, m);
    const maxStates = 3000;
    const ref = explore(new PorSemantics(base, info), {
      maxStates,
      deadlock: model.properties.includes('deadlock'),
      invariant: (view, state) => model.invariant(view, state),
    });
    const wasm = engine.check(model.program, {
      model: m,
      tmigr: model,
      deadlock: model.properties.includes('deadlock'),
      maxStates,
    });
    const { path: wasmPath, bound: _wb, ...w } = comparable(wasm);
    const { path: refPath, bound: _rb, ...r } = comparable(ref);
    expect(w).toEqual(r);
    if (refPath) expect(wasmPath).toEqual(expandPorPath(base, info, refPath));
  });

  it('the result says whether reduction was on', () => {
    const model = modelOf('seed', 'bd3c45dd01')!;
    const on = engine.check(model.program, { tmigr: model });
    const off = engine.check(model.program, { tmigr: model, por: false });
    expect([on.por, off.por]).toEqual([true, false]);
    expect(on.verdict).toBe('ok');
    expect(off.states).toBe(68_315);
    expect(on.states).toBeLessThan(off.states / 2);
  });
});

describe('reduction on programs', () => {
  interface Tally {
    verdicts: Record<string, number>;
    movers: number;
  }

  /** Reduced vs full (both engines' searches), reduced Wasm vs reduced reference, final states. */
  function sound(program: Program, m: ModelName, deadlock: boolean, tally: Tally) {
    if (m === 'tso' && !engine.supports('tso', program)) return;
    const info = analyzePor(program);
    tally.movers += info.stats.moverPcs;
    const base = baseOf(program, m);
    const full = engine.check(program, { model: m, deadlock, por: false, maxStates: 50_000 });
    const reduced = engine.check(program, { model: m, deadlock, maxStates: 50_000 });
    if (full.complete && reduced.complete) expect(reduced.verdict).toBe(full.verdict);
    if (reduced.complete) tally.verdicts[reduced.verdict] = (tally.verdicts[reduced.verdict] ?? 0) + 1;
    if (full.verdict === 'violation' && reduced.complete) expect(reduced.verdict).toBe('violation');
    if (reduced.verdict === 'violation') {
      expect(violationAtEndOf(program, reduced.path!, m)).toBe(reduced.property);
    }
    // The Wasm reduced search is core's reduced relation, state for state.
    const ref = explore(new PorSemantics(base, info), { deadlock, maxStates: 50_000 });
    const { path: wasmPath, bound: _wb, ...w } = comparable(reduced);
    const { path: refPath, bound: _rb, ...r } = comparable(ref);
    expect(w).toEqual(r);
    if (refPath) expect(wasmPath).toEqual(expandPorPath(base, info, refPath));
    // Final states: the same set (when neither search ends early).
    if (full.verdict === 'ok' && reduced.verdict === 'ok') {
      const finals = (sem: Semantics<unknown>) => {
        const keys = new Set<string>();
        explore(sem, { deadlock, onFinal: (_view, state) => keys.add(sem.key(state)) });
        return [...keys].sort();
      };
      expect(finals(new PorSemantics(base, info))).toEqual(finals(base));
    }
  }

  it.each(MODELS)('built-in examples under %s', (m) => {
    const tally: Tally = { verdicts: {}, movers: 0 };
    for (const ex of Object.values(EXAMPLES)) sound(ex.build(), m, true, tally);
  });

  it.each(MODELS)('small random programs under %s', (m) => {
    const tally: Tally = { verdicts: {}, movers: 0 };
    fc.assert(
      fc.property(programArb(SMALL), fc.boolean(), (program, deadlock) => sound(program, m, deadlock, tally)),
      { numRuns: 400 },
    );
    expect(tally.verdicts.ok).toBeGreaterThan(20);
    expect(tally.verdicts.violation).toBeGreaterThan(20);
    expect(tally.movers).toBeGreaterThan(200);
  });

  it.each(MODELS)('larger random programs under %s', (m) => {
    const tally: Tally = { verdicts: {}, movers: 0 };
    fc.assert(
      fc.property(programArb(LARGER), (program) => sound(program, m, true, tally)),
      { numRuns: 60 },
    );
    expect(tally.movers).toBeGreaterThan(50);
  });
});

/**
 * Each kind of property the checker decides, on a program built so that the reduction merges
 * steps right where the property shows (the analysis marks the steps around it movers, and the
 * reduced search stores fewer states): a wrong reduction would hide it.
 */
describe('the reduction keeps every kind of property', () => {
  const E = Expr;

  /** Reduced and full searches under `m`; asserts the reduction did reduce. */
  function both(program: Program, m: ModelName, deadlock = true) {
    const reduced = engine.check(program, { model: m, deadlock });
    const full = engine.check(program, { model: m, deadlock, por: false });
    expect([reduced.por, full.por]).toEqual([true, false]);
    expect(reduced.complete).toBe(full.complete);
    expect(reduced.states).toBeLessThan(full.states);
    return { reduced, full };
  }

  /** Two CPUs bump a lock-protected counter; the second WARNs when the first came before it. */
  function warnInCriticalSection(): Program {
    const b = new ProgramBuilder('warn-in-critical-section');
    const l = b.location('l');
    const x = b.location('x');
    for (const [i, warns] of [
      [0, false],
      [1, true],
    ] as const) {
      const p = b.location(`p${i}`);
      const t = b.thread(`P${i}`);
      const r = t.reg('r');
      t.store(p, E.c(1)).lock(l).load(r, x);
      if (warns) t.assert(E.eq(E.reg(r), E.c(0)), 'WARN_ON(x != 0)');
      t.store(x, E.add(E.reg(r), E.c(1)))
        .unlock(l)
        .store(p, E.c(2))
        .load(r, p);
    }
    return b.build();
  }

  it.each(MODELS)('a WARN inside a critical section (a chain of movers), %s', (m) => {
    const program = warnInCriticalSection();
    const info = analyzePor(program);
    // P1's load of x (pc 2, followed by the assert in the same step) and its store are movers.
    expect([info.moverPc[1]![2], info.moverPc[1]![4]]).toEqual([1, 1]);
    const { reduced, full } = both(program, m);
    expect([reduced.verdict, reduced.property]).toEqual(['violation', 'WARN_ON(x != 0)']);
    expect([full.verdict, full.property]).toEqual(['violation', 'WARN_ON(x != 0)']);
    expect(violationAtEndOf(program, reduced.path!, m)).toBe('WARN_ON(x != 0)');
  });

  /** Lock order inversion: A then B against B then A, private work in between. */
  function abba(): Program {
    const b = new ProgramBuilder('abba');
    const a = b.location('A');
    const bl = b.location('B');
    for (const [i, first, second] of [
      [0, a, bl],
      [1, bl, a],
    ] as const) {
      const p = b.location(`p${i}`);
      const t = b.thread(`P${i}`);
      const r = t.reg('r');
      t.store(p, E.c(1))
        .lock(first)
        .load(r, p)
        .store(p, E.add(E.reg(r), E.c(1)))
        .lock(second)
        .unlock(second)
        .unlock(first)
        .store(p, E.c(0));
    }
    return b.build();
  }

  it.each(MODELS)('a deadlock reached through movers, %s', (m) => {
    const program = abba();
    const info = analyzePor(program);
    expect(info.stats.privateLocations).toBe(2);
    expect(info.stats.cleanLocks).toBe(2);
    const { reduced, full } = both(program, m);
    expect([reduced.verdict, reduced.property]).toEqual(['violation', DEADLOCK]);
    expect([full.verdict, full.property]).toEqual(['violation', DEADLOCK]);
    expect(violationAtEndOf(program, reduced.path!, m)).toBe(DEADLOCK);
    // Without the deadlock check both searches complete, and agree on the final states.
    const quiet = both(program, m, false);
    expect([quiet.reduced.verdict, quiet.full.verdict]).toEqual(['ok', 'ok']);
  });

  /**
   * P0 counts on a private cell in a loop (movers only), once outside and once inside a lock;
   * `bound` too small by one for the inner loop.
   */
  function privateLoops(bound: number): Program {
    const b = new ProgramBuilder('private-loops');
    const l = b.location('l');
    const x = b.location('x');
    const p = b.location('p');
    const p0 = b.thread('P0');
    const r = p0.reg('r');
    const top = p0.label();
    p0.store(x, E.c(1))
      .place(top)
      .load(r, p)
      .store(p, E.add(E.reg(r), E.c(1)))
      .branch(E.bin('lt', E.reg(r), E.c(2)), top, { bound: 2 });
    const inner = p0.label();
    p0.lock(l)
      .store(p, E.c(0))
      .place(inner)
      .load(r, p)
      .store(p, E.add(E.reg(r), E.c(1)));
    p0.branch(E.bin('lt', E.reg(r), E.c(3)), inner, { bound });
    p0.unlock(l).store(x, E.c(2));
    const p1 = b.thread('P1');
    const s = p1.reg('s');
    p1.load(s, x).lock(l).unlock(l).load(s, x);
    return b.build();
  }

  it.each(MODELS)('a loop bound reached inside a chain of movers, %s', (m) => {
    const ok = both(privateLoops(3), m);
    expect([ok.reduced.verdict, ok.full.verdict]).toEqual(['ok', 'ok']);
    const program = privateLoops(2);
    const { reduced, full } = both(program, m);
    expect([reduced.verdict, reduced.reason]).toEqual(['incomplete', 'bound']);
    expect([full.verdict, full.reason]).toEqual(['incomplete', 'bound']);
    expect([reduced.bound!.thread, reduced.bound!.pc]).toEqual([full.bound!.thread, full.bound!.pc]);
    // The (expanded) path leads to a settled state with that thread at its bound.
    const state = stateAt(baseOf(program, m), reduced.bound!.path);
    const view = baseOf(program, m).view(state);
    expect(view.threads[reduced.bound!.thread]!.status).toBe(ST_BOUND);
    expect(view.settled).not.toBe(false);
  });

  it.each(MODELS)('a thread at its bound inside a critical section another waits for, %s', (m) => {
    const b = new ProgramBuilder('bound-in-critical-section');
    const x = b.location('x');
    const l = b.location('l');
    const p0 = b.thread('P0');
    const r = p0.reg('r');
    const spin = p0.label();
    p0.lock(l)
      .place(spin)
      .load(r, x)
      .branch(E.eq(E.reg(r), E.c(0)), spin, { bound: 3 });
    p0.unlock(l);
    b.thread('P1').lock(l).unlock(l);
    const program = b.build();
    const { reduced, full } = both(program, m);
    expect([reduced.verdict, reduced.reason, reduced.property]).toEqual(['incomplete', 'bound', null]);
    expect([full.verdict, full.reason, full.property]).toEqual(['incomplete', 'bound', null]);
  });

  it.each([
    ['no-seq', 'no-seq', 'parent-child-consistency'],
    ['10a0e6f3d3db-B', '10a0e6f3d3db', 'migrator-well-formed'],
    ['b729cc1ec21a', 'b729cc1ec21a', 'migrator-well-formed'],
    ['new-timer', 'update-events-unlocked', 'timer-handled'],
    ['idle-handover', 'v7.1-rc1', 'timer-handled'],
  ] as const)('an invariant violated at a quiescent state: %s under %s (%s)', (s, v, property) => {
    for (const m of MODELS) {
      const model = modelOf(s, v)!;
      const opts = { model: m, tmigr: model, deadlock: model.properties.includes('deadlock') };
      const reduced = engine.check(model.program, opts);
      const full = engine.check(model.program, { ...opts, por: false });
      expect([m, reduced.verdict, reduced.property]).toEqual([m, 'violation', property]);
      expect([m, full.verdict, full.property]).toEqual([m, 'violation', property]);
      expect(reduced.states).toBeLessThan(full.states);
      // The expanded counterexample ends at a quiescent state violating the same invariant.
      expect(tmigrViolationAt(model, reduced.path!, property, m)).toBe(property);
    }
  });
});
