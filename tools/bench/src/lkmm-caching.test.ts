import { describe, expect, it } from 'vitest';
import { cachingAgrees, cachingTable } from './lkmm-caching.js';

const result = (states: number, verdict: 'ok' | 'violation', stored?: number) => ({
  verdict,
  property: null,
  model: 'lkmm' as const,
  engine: 'wasm' as const,
  complete: true,
  states,
  transitions: states,
  depth: 10,
  seconds: states / 1e6,
  reason: null,
  path: null,
  ...(stored !== undefined ? { stored } : {}),
});

describe('state-space caching table', () => {
  it('reports explorations per distinct state against the full search, and flags a verdict that differs', () => {
    const rows = [
      { cap: Number.POSITIVE_INFINITY, result: result(1_000, 'ok'), memory: 2 ** 21 },
      { cap: 100, result: result(2_500, 'ok', 100), memory: 2 ** 20 },
    ];
    const table = cachingTable(rows);
    expect(table).toContain('none (full)');
    expect(table).toMatch(/100 +ok +2\.50 k +2\.50x +100 /);
    expect(cachingAgrees(rows)).toBe(true);
    expect(cachingAgrees([...rows, { cap: 10, result: result(900, 'violation', 10), memory: 0 }])).toBe(
      false,
    );
  });
});
