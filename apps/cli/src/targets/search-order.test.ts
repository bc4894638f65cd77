/**
 * `runInOrder`'s two-phase LKMM run: breadth-first until LKMM_BFS_STATES states or
 * LKMM_BFS_MEMORY_MB of Wasm memory, then depth-first. A breadth-first phase that fills its
 * memory cap goes on depth-first instead of ending the run with `memory-limit`.
 */
import { getVariant, loadScenario } from '@tmigr-check/core';
import { createEngine, type WasmEngine } from '@tmigr-check/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { searchStop } from '../stop.js';
import { LKMM_BFS_MEMORY_MB, orderText, runInOrder } from './search-order.js';
import { buildTarget, type TmigrTarget } from './tmigr-run.js';

let wasm: WasmEngine;
beforeAll(async () => {
  wasm = await createEngine();
});

/** idle-handover: breadth-first finds the timer-handled violation at 2,839 states, depth-first at 290. */
function run(bfsMemoryMB?: number, maxMemoryMB?: number) {
  const target: TmigrTarget = { scenario: loadScenario('idle-handover'), variant: getVariant('v7.1-rc1') };
  const model = buildTarget(target);
  const outcome = runInOrder(
    target,
    'bfs-then-dfs',
    { model: 'lkmm', wasm, stop: searchStop(), ...(maxMemoryMB !== undefined ? { maxMemoryMB } : {}) },
    model,
    bfsMemoryMB,
  );
  if (outcome.kind !== 'done') throw new Error(outcome.message);
  return outcome.result;
}

describe('the breadth-first phase of an LKMM run', () => {
  it('ends at its memory cap and the run goes on depth-first', () => {
    const bfs = run();
    expect([bfs.verdict, bfs.property, bfs.states]).toEqual(['violation', 'timer-handled', 2_839]);
    const capped = run(1);
    expect([capped.verdict, capped.property, capped.states]).toEqual(['violation', 'timer-handled', 290]);
  });

  it("a --max-memory at or below the cap is the whole run's: no second phase", () => {
    const r = run(1, 1);
    expect([r.verdict, r.reason]).toEqual(['incomplete', 'memory-limit']);
  });

  it('says so in the report', () => {
    expect(orderText('bfs-then-dfs')).toBe(
      `breadth-first for 200,000 states or ${LKMM_BFS_MEMORY_MB.toLocaleString('en-US')} MiB, then depth-first`,
    );
  });
});
