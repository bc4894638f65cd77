/**
 * Plain accesses (IR order `plain`, encoded ORD_PLAIN) in the Wasm engine: SC and x86-TSO treat
 * them as marked accesses, with the reference's verdicts and counts; the Wasm LKMM search does
 * not model them (the data-race rules of linux-kernel.cat) and refuses such programs, so the
 * litmus command runs them on the TS reference.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  check,
  compileLitmus,
  explore,
  type Instr,
  LkmmSemantics,
  type Program,
  parseLitmus,
} from '@tmigr-check/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { programArb, SMALL } from './arbitrary-program.js';
import { comparable, withoutReduction } from './compare.js';
import { createEngine, type WasmEngine } from './index.js';
import { LkmmWasmSearch } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

const PLAIN_DIR = new URL('../../core/litmus/plain/', import.meta.url);
const suite = readdirSync(PLAIN_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort()
  .map(
    (f) => [f, compileLitmus(parseLitmus(readFileSync(new URL(f, PLAIN_DIR), 'utf8'), f)).program] as const,
  );

let engine: WasmEngine;
beforeAll(async () => {
  engine = withoutReduction(await createEngine());
});

/** `program` with every load and store whose position passes `pick` made plain. */
function withPlain(program: Program, pick: (thread: number, pc: number) => boolean): Program {
  return {
    ...program,
    threads: program.threads.map((t, ti) => ({
      ...t,
      code: t.code.map(
        (i, pc): Instr =>
          (i.op === 'load' || i.op === 'store') && pick(ti, pc) ? { ...i, order: 'plain' } : i,
      ),
    })),
  };
}

describe('plain accesses in the Wasm engine', () => {
  it('has the plain-access litmus suite to run', () => {
    expect(suite.length).toBeGreaterThanOrEqual(7);
  });

  it.each(suite)('%s: SC and x86-TSO agree with the reference; LKMM is refused', (_f, program) => {
    for (const model of ['sc', 'tso'] as const) {
      expect(engine.supports(model, program)).toBe(true);
      expect(comparable(engine.check(program, { model }))).toEqual(comparable(check(program, { model })));
    }
    expect(engine.supports('lkmm', program)).toBe(false);
    expect(() => engine.check(program, { model: 'lkmm' })).toThrow(
      'the wasm engine does not model LKMM plain accesses (data races); use the reference explorer (--engine ts)',
    );
  });

  it.each(suite)(
    '%s: the LKMM graph search under the SC and x86-TSO axioms agrees with the reference',
    async (_f, program) => {
      const ex = await instantiateEngine(await compileEngine());
      for (const axioms of ['sc', 'tso'] as const)
        for (const search of ['bfs', 'dfs'] as const) {
          const s = new LkmmWasmSearch(ex, program, { lkmm: { axioms }, search, deadlock: false });
          while (!s.step()) {
            // one batch per call
          }
          const ts = explore(new LkmmSemantics(program, { axioms }), { search, deadlock: false });
          expect(comparable(s.result())).toEqual(comparable(ts));
        }
    },
  );

  it('random programs with plain accesses: SC and x86-TSO as if every access were marked', () => {
    fc.assert(
      fc.property(programArb(SMALL), fc.integer({ min: 0, max: 1 << 20 }), (program, mask) => {
        const plain = withPlain(program, (t, pc) => ((mask >> ((t * 7 + pc) % 20)) & 1) === 1);
        for (const model of ['sc', 'tso'] as const) {
          if (!engine.supports(model, plain)) continue;
          const wasm = comparable(engine.check(plain, { model }));
          expect(wasm).toEqual(comparable(check(plain, { model })));
          expect(wasm).toEqual(comparable(engine.check(program, { model })));
        }
      }),
      { numRuns: 40 },
    );
  });
});
