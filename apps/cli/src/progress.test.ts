import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

const p = { states: 50_000, transitions: 90_000, depth: 41, frontier: 12_345, seconds: 10 };
const heap = { used: 300, limit: 4096 };

describe('progressLine', () => {
  it('shows the frontier, the depth and the heap against its limit', () => {
    expect(progressLine('check seed', p, {}, heap)).toBe(
      'check seed: 50,000 states, 5,000 states/s, depth 41, frontier 12,345, heap 300 of 4,096 MiB, 10.0 s',
    );
  });

  it('says when state-space caching runs: states are then explorations, and how many the visited set holds', () => {
    expect(progressLine('check x', { ...p, stored: 20_000 }, {}, heap)).toBe(
      'check x: 50,000 states, 5,000 states/s, depth 41, frontier 12,345, caching: 20,000 stored, heap 300 of 4,096 MiB, 10.0 s',
    );
  });

  it('says how much of each budget is used, and the time left at this rate for a states budget', () => {
    expect(progressLine('seed', p, { maxStates: 200_000, maxSeconds: 900 }, heap)).toBe(
      'seed: 50,000 states, 5,000 states/s, depth 41, frontier 12,345, heap 300 of 4,096 MiB, 10.0 s; used 25 % of --max-states (30 s left at this rate), 1 % of 900 s',
    );
  });
});
