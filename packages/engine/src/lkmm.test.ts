/**
 * The LKMM graph search in Wasm against core's reference (`LkmmSemantics` explored by
 * `exploreOracle` / `exploreDfs`): identical verdict, property, state and transition counts,
 * depth and path, on the repository's litmus suite and on random programs, under every
 * consistency predicate the Wasm build checks and with the search's option switches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  type CheckResult,
  compileLitmus,
  explore,
  type LkmmOptions,
  LkmmSemantics,
  type Program,
  parseLitmus,
  replay,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LARGER, programArb, SMALL } from './arbitrary-program.js';
import { comparable } from './compare.js';
import type { EngineExports } from './exports.js';
import { type LkmmWasmOptions, LkmmWasmSearch, WASM_LKMM_AXIOMS } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

function wasm(program: Program, options: LkmmWasmOptions): CheckResult {
  const s = new LkmmWasmSearch(ex, program, options);
  while (!s.step()) {
    // one batch per call
  }
  return s.result();
}

function reference(program: Program, options: LkmmWasmOptions): CheckResult {
  const sem = new LkmmSemantics(program, options.lkmm);
  return explore(sem, {
    ...(options.search ? { search: options.search } : {}),
    ...(options.deadlock !== undefined ? { deadlock: options.deadlock } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
  });
}

/** Both searches agree; a violation path replays through core to the same property. */
function agree(program: Program, options: LkmmWasmOptions): CheckResult {
  const ts = reference(program, options);
  const w = wasm(program, options);
  expect(comparable(w)).toEqual(comparable(ts));
  if (w.verdict === 'violation' && w.path && w.path.length > 0) {
    const trace = replay(new LkmmSemantics(program, options.lkmm), w.path);
    expect(trace.steps.length).toBe(w.path.length);
  }
  return w;
}

const LITMUS_DIR = new URL('../../core/litmus/', import.meta.url);
const litmusFiles = readdirSync(LITMUS_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();

describe('LKMM graph search in Wasm: the repository litmus suite', () => {
  it('has the suite', () => {
    expect(litmusFiles.length).toBeGreaterThan(50);
  });
  for (const axioms of WASM_LKMM_AXIOMS) {
    for (const search of ['bfs', 'dfs'] as const) {
      it(`${axioms} axioms, ${search}: same results as the reference on every test`, () => {
        let states = 0;
        for (const f of litmusFiles) {
          const text = readFileSync(new URL(f, LITMUS_DIR), 'utf8');
          const program = compileLitmus(parseLitmus(text, f)).program;
          states += agree(program, { lkmm: { axioms }, search, deadlock: false }).states;
        }
        expect(states).toBeGreaterThan(litmusFiles.length);
      });
    }
  }
});

const optionsArb: fc.Arbitrary<LkmmOptions> = fc.record({
  axioms: fc.constantFrom(...WASM_LKMM_AXIOMS),
  deferReads: fc.boolean(),
  loadWaits: fc.boolean(),
  orderedReadsWait: fc.boolean(),
  pruneIdleWaits: fc.boolean(),
  heldLocks: fc.boolean(),
});

describe('LKMM graph search in Wasm: random programs', () => {
  it('small programs, every option switch, both search orders, limits', () => {
    const verdicts = new Set<string>();
    fc.assert(
      fc.property(
        programArb(SMALL),
        optionsArb,
        fc.constantFrom('bfs', 'dfs'),
        fc.boolean(),
        fc.constantFrom(1, 3, 50, 5000),
        fc.constantFrom(1, 7, 4096),
        fc.boolean(),
        (program, lkmm, search, deadlock, maxStates, batchSize, reversed) => {
          const order = program.threads.map((_, i) => i);
          if (reversed) order.reverse();
          const w = agree(program, {
            lkmm: { ...lkmm, order },
            search: search as 'bfs' | 'dfs',
            deadlock,
            maxStates,
            batchSize,
          });
          verdicts.add(`${w.verdict}:${w.reason}`);
        },
      ),
      { numRuns: 400 },
    );
    // The generator reaches violations, complete searches and limits.
    expect(verdicts).toContain('violation:violation');
    expect(verdicts).toContain('ok:null');
    expect(verdicts).toContain('incomplete:state-limit');
    // ...and loop bounds, whose thread, back edge and path must be the reference's.
    expect(verdicts).toContain('incomplete:bound');
  });

  it('larger programs (up to 5,000 states), default options', () => {
    fc.assert(
      fc.property(
        programArb(LARGER),
        fc.constantFrom(...WASM_LKMM_AXIOMS),
        fc.constantFrom('bfs', 'dfs'),
        (program, axioms, search) => {
          agree(program, { lkmm: { axioms }, search: search as 'bfs' | 'dfs', maxStates: 5000 });
        },
      ),
      { numRuns: 15 },
    );
  });
});
