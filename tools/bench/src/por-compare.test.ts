import { createEngine } from '@tmigr-check/engine';
import { describe, expect, it } from 'vitest';
import { comparePor, porTable, porWorkloads, scenarioWorkload } from './por-compare.js';

describe('the partial-order reduction table', () => {
  it('runs a preset with and without the reduction: same verdict, fewer states', async () => {
    const wasm = await createEngine();
    const row = comparePor(wasm, scenarioWorkload('no-seq', 'bd3c45dd01', 'tso'), 1, 1_000_000);
    expect([row.agree, row.full.verdict, row.reduced.verdict]).toEqual([true, 'ok', 'ok']);
    expect(row.reduced.states).toBeLessThan(row.full.states);
    const capped = comparePor(wasm, scenarioWorkload('seed', 'bd3c45dd01', 'tso'), 1, 1000);
    expect(capped.agree).toBeNull();
    const table = porTable([row, capped]).split('\n');
    expect(table[0]).toMatch(
      /^workload\s+full states\s+full s\s+POR states\s+POR s\s+states÷\s+time÷\s+verdict$/,
    );
    expect(table[2]).toMatch(/^no-seq bd3c45dd01 tso\s+[\d.]+ k .* ok$/);
    expect(table[3]).toMatch(/≥1\.00 k .* \(full capped\)$/);
  });

  it('covers the seed under both kernels and every preset, under SC and TSO', () => {
    const names = porWorkloads().map((w) => w.name);
    expect(names).toContain('seed v7.1-rc1 sc');
    expect(names).toContain('seed bd3c45dd01 tso');
    expect(names).toContain('idle-cycles-new-timer bd3c45dd01 tso');
  });
});
