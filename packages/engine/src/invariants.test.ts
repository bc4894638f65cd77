/**
 * Shared decision 2: the hierarchy invariants evaluated inside Wasm (assembly/invariants.ts,
 * `invariantViolated`) agree with core's `checkInvariants` behind the model's quiescence test
 * (`TmigrModel.invariant`), on every reachable state of small scenarios and on random values.
 */
import {
  buildTmigrModel,
  type EncodedProgram,
  encodeProgram,
  getVariant,
  INVARIANTS,
  KTIME_MAX,
  loadScenario,
  ScSemantics,
  type ScState,
  type StateView,
  type TmigrModel,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from './exports.js';
import { compileEngine, instantiateEngine } from './load.js';

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

/** The model's encoding and a probe that loads it into the instance and asks `invariantViolated`. */
function prober(model: TmigrModel): {
  encoded: EncodedProgram;
  probe: (cells: ArrayLike<number>, threads: readonly { pc: number; status: number }[]) => number;
} {
  const encoded = encodeProgram(model.program, { tmigr: model });
  const nCells = model.program.locations.length + 1;
  const nThreads = model.program.threads.length;
  const probe = (cells: ArrayLike<number>, threads: readonly { pc: number; status: number }[]) => {
    const ptr = ex.programBuffer(encoded.words.length);
    new Int32Array(ex.memory.buffer, ptr, encoded.words.length).set(encoded.words);
    const at = ex.probeBuffer((nCells + 2 * nThreads) * 4);
    expect(at).toBeGreaterThan(0);
    const mem = new Int32Array(ex.memory.buffer, at, nCells + 2 * nThreads);
    for (let a = 0; a < nCells; a++) mem[a] = cells[a] ?? 0;
    threads.forEach((t, i) => {
      mem[nCells + 2 * i] = t.pc;
      mem[nCells + 2 * i + 1] = t.status;
    });
    return ex.invariantViolated(at, at + nCells * 4);
  };
  return { encoded, probe };
}

/** What the Wasm entry point must return for the reference's answer `bad`. */
function expected(encoded: EncodedProgram, bad: string | null): number {
  if (bad === null) return 0;
  const i = encoded.properties.indexOf(bad);
  expect(i).toBeGreaterThanOrEqual(0);
  return 1 + i;
}

/** Every reachable SC state of `model`'s program (breadth-first, by key). */
function reachable(model: TmigrModel, limit: number): ScState[] {
  const sem = new ScSemantics(model.program);
  const init = sem.initial();
  if (init.kind !== 'state') return [];
  const seen = new Set([sem.key(init.state)]);
  const out = [init.state];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    for (const s of sem.successors(out[i]!)) {
      if (s.kind !== 'state') continue;
      const k = sem.key(s.state);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(s.state);
    }
  }
  return out;
}

const SMALL: [string, string][] = [
  ['idle-handover', 'v7.1-rc1'],
  ['new-timer', 'update-events-unlocked'],
  ['remote-expiry', 'bd3c45dd01'],
  ['idle-cycles-4cpu', '868c9037df62'],
  ['10a0e6f3d3db-A', '10a0e6f3d3db'],
  ['seed', 'v7.1-rc1'],
];

describe('invariantViolated (Wasm) vs checkInvariants (core)', () => {
  it.each(SMALL)('every reachable state of %s under %s', (scenario, variant) => {
    const model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
    const { encoded, probe } = prober(model);
    const sem = new ScSemantics(model.program);
    const seen = new Map<string, number>();
    for (const state of reachable(model, 30_000)) {
      const view = sem.view(state);
      const bad = model.invariant(view);
      const cells = [0, ...state.mem];
      expect(probe(cells, view.threads)).toBe(expected(encoded, bad));
      const name = bad ?? 'none';
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    // The scenarios are chosen so that the states exercise the checks, not only "no violation".
    expect(seen.get('none')).toBeGreaterThan(0);
  });

  it('the reachable states above include violations of several invariants', () => {
    const found = new Set<string>();
    for (const [scenario, variant] of SMALL) {
      const model = buildTmigrModel(loadScenario(scenario), getVariant(variant));
      const sem = new ScSemantics(model.program);
      for (const state of reachable(model, 30_000)) {
        const bad = model.invariant(sem.view(state));
        if (bad) found.add(bad);
      }
    }
    expect([...found].sort()).toEqual(['single-root', 'timer-handled']);
  });

  it('random values and thread positions, any subset of the invariants enabled', () => {
    const scenarios: [string, string][] = [
      ['seed', 'bd3c45dd01'],
      ['remote-expiry', 'v7.1-rc1'],
      ['idle-cycles-4cpu', 'v7.1-rc1'],
    ];
    const variantOf = new Map(scenarios.map(([s, v]) => [s, getVariant(v)] as const));
    const base = new Map(
      scenarios.map(([s, v]) => [s, buildTmigrModel(loadScenario(s), getVariant(v))] as const),
    );
    const counts = new Map<string, number>();
    const built = new Map<string, ReturnType<typeof prober> & { model: TmigrModel }>();
    const modelWith = (name: string, enabled: readonly string[]) => {
      const key = `${name}:${enabled.join(',')}`;
      let b = built.get(key);
      if (!b) {
        const m0 = base.get(name)!;
        const model = buildTmigrModel(m0.scenario, variantOf.get(name)!, {
          properties: [...m0.variant.warns, ...enabled],
        });
        b = { model, ...prober(model) };
        built.set(key, b);
      }
      return b;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...scenarios.map(([s]) => s)),
        fc.subarray([...INVARIANTS]),
        fc.infiniteStream(fc.nat()),
        fc.infiniteStream(fc.integer({ min: -3, max: 0x7fffffff })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (name, enabled, picks, raw, quiescentBias) => {
          const { model, encoded, probe } = modelWith(name, enabled);
          const layout = model.layout;
          const pick = <T>(xs: readonly T[]): T => xs[picks.next().value % xs.length]!;
          const bases = [0, ...layout.groups.map((g) => g.base)];
          const masks = [0, 1, 2, 4, 8, 16, 32, 64, 128, 3, 6];
          const times = [0, 1, 2, 3, 4, 5, 6, KTIME_MAX];
          const migrators = [0xff, 1, 2, 4, 8, 3, 0];
          const cells = Int32Array.from([0, ...model.program.locations.map((l) => l.init)]);
          const rand = () => raw.next().value;
          const state = () =>
            pick([0, 1, 2, 3, 5, 7, 15]) | (pick(migrators) << 8) | ((rand() & 0xffff) << 16);
          for (const g of layout.groups) {
            if (pick([0, 1, 2]) === 0) continue;
            cells[g.addr.migr_state] = state();
            cells[g.addr.parent] = pick(bases);
            cells[g.addr.groupmask] = pick(masks);
            cells[g.addr.events] = rand() ^ (rand() << 16);
            cells[g.addr.groupevt_ignore] = pick([0, 1]);
          }
          for (const c of layout.cpus) {
            if (pick([0, 1, 2]) === 0) continue;
            cells[c.addr.tmgroup] = pick(bases);
            cells[c.addr.available] = pick([0, 1]);
            cells[c.addr.idle] = pick([0, 1]);
            cells[c.addr.groupmask] = pick(masks);
            cells[c.addr.timer] = pick(times);
            cells[c.addr.wakeup] = pick(times);
            cells[c.addr.cpuevt_ignore] = pick([0, 1]);
          }
          const threads = model.program.threads.map((t, i) => {
            const b = layout.threads[i]!.boundaries;
            const atBoundary = picks.next().value / 2 ** 31 < quiescentBias || b.length === 0;
            const pc =
              atBoundary && b.length > 0 ? pick(b) : pick([0, t.code.length, rand() % (t.code.length + 1)]);
            return { pc, status: pick([0, 0, 0, 1, 2]), regs: new Int32Array(0), loops: new Int32Array(0) };
          });
          const view: StateView = { threads, value: (a) => cells[a]! };
          const bad = model.invariant(view);
          counts.set(bad ?? 'none', (counts.get(bad ?? 'none') ?? 0) + 1);
          expect(probe(cells, threads)).toBe(expected(encoded, bad));
        },
      ),
      // Seeded: the coverage check below must not depend on the run (unseeded, one CI run in
      // many drew no top-active-if-cpu-active violation among the 1,500 states).
      { numRuns: 1500, seed: 20261207 },
    );
    // Every invariant is found violated by some random state, and some states pass.
    expect([...counts.keys()].sort()).toEqual([...INVARIANTS, 'none'].sort());
  });

  it('a program without a tmigr section checks nothing', () => {
    const model = buildTmigrModel(loadScenario('idle-handover'), getVariant('v7.1-rc1'));
    const encoded = encodeProgram(model.program);
    const ptr = ex.programBuffer(encoded.words.length);
    new Int32Array(ex.memory.buffer, ptr, encoded.words.length).set(encoded.words);
    const at = ex.probeBuffer(4096);
    expect(ex.invariantViolated(at, at + 2048)).toBe(0);
  });
});
