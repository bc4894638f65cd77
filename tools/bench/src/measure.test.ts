import { cmpxchgCounter } from '@tmigr-check/core';
import { createEngine } from '@tmigr-check/engine';
import { describe, expect, it } from 'vitest';
import { compare } from './measure.js';

describe('bench measurement', () => {
  it('runs both engines on a workload and checks that their counts agree', async () => {
    const wasm = await createEngine();
    const c = compare({ name: 'cmpxchg-counter-3', build: () => cmpxchgCounter(3) }, wasm, 2);
    expect(c.countsAgree).toBe(true);
    expect(c.ts.result.engine).toBe('ts');
    expect(c.wasm.result.engine).toBe('wasm');
    expect(c.wasm.result.states).toBe(c.ts.result.states);
    expect(c.wasm.result.states).toBeGreaterThan(10);
  });
});
