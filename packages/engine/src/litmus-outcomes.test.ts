/**
 * Litmus outcomes collected in one Wasm search (`engine.outcomes`, core's `OutcomeCollector`)
 * against core's `runLitmus` on the reference: the same outcomes in the same order, verdicts,
 * counts, status and states, on the repository's litmus suite under every model the litmus
 * command offers, and with an outcome capacity that has to grow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { compileLitmus, type LitmusOutcome, type ModelName, parseLitmus, runLitmus } from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type WasmEngine } from './index.js';

let engine: WasmEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const LITMUS_DIR = new URL('../../core/litmus/', import.meta.url);
const files = readdirSync(LITMUS_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();

function withoutTime(o: LitmusOutcome): Omit<LitmusOutcome, 'seconds'> {
  const { seconds: _seconds, ...rest } = o;
  return rest;
}

describe('litmus outcomes in one Wasm search: same as runLitmus on the reference', () => {
  for (const model of ['lkmm', 'sc', 'tso'] as ModelName[]) {
    it(`${model}: every test of the suite`, () => {
      const judged = new Set<string>();
      for (const f of files) {
        const compiled = compileLitmus(parseLitmus(readFileSync(new URL(f, LITMUS_DIR), 'utf8'), f));
        const ts = runLitmus(compiled, { model });
        const wasm = runLitmus(compiled, { model, collect: (p, o) => engine.outcomes(p, o) });
        expect({ f, ...withoutTime(wasm) }).toEqual({ f, ...withoutTime(ts) });
        judged.add(ts.judged);
      }
      expect(files.length).toBeGreaterThan(50);
      expect(judged.size).toBeGreaterThan(1);
    });
  }

  it('more outcomes than the first capacity (64): the search runs again with more room', () => {
    // Each thread reads the other's location twice while it is written 1, 2, 3: r0 <= r1 in 0..3
    // (coherence), 10 pairs per thread, 100 outcomes.
    const text = `C many-outcomes
{}

P0(int *x, int *y)
{
  int r0;
  int r1;
  WRITE_ONCE(*x, 1);
  WRITE_ONCE(*x, 2);
  WRITE_ONCE(*x, 3);
  r0 = READ_ONCE(*y);
  r1 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
  int r0;
  int r1;
  WRITE_ONCE(*y, 1);
  WRITE_ONCE(*y, 2);
  WRITE_ONCE(*y, 3);
  r0 = READ_ONCE(*x);
  r1 = READ_ONCE(*x);
}

exists (0:r0=1 /\\ 0:r1=1 /\\ 1:r0=1 /\\ 1:r1=1)
`;
    const compiled = compileLitmus(parseLitmus(text, 'many-outcomes.litmus'));
    const ts = runLitmus(compiled, { model: 'lkmm' });
    const wasm = runLitmus(compiled, { model: 'lkmm', collect: (p, o) => engine.outcomes(p, o) });
    expect(ts.finals.length).toBeGreaterThan(64);
    expect(withoutTime(wasm)).toEqual(withoutTime(ts));
  });
});
