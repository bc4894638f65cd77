import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

/** Two CPUs wake up together with no cmpxchg retry allowed: one of them stops at the bound. */
const RACE_NO_RETRY = `name: race-no-retry
description: CPU0 and CPU1 wake up together; no cmpxchg retry allowed
machine:
  possibleCpus: 2
  nodes: 1
  childrenPerGroup: 2
cpus:
  - cpu: 0
    state: idle
    script:
      - activate
  - cpu: 1
    state: idle
    script:
      - activate
bounds:
  retries: 0
`;

describe('incomplete (bound) names the loop and the path that exhausted it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmigr-bound-'));
  const file = join(dir, 'race-no-retry.yaml');
  writeFileSync(file, RACE_NO_RETRY);

  // Both engines under SC and LKMM (the Wasm engine's bound is checked against the reference in
  // packages/engine/src/loop-bounds.test.ts, random.test.ts, lkmm.test.ts and lkmm-tmigr.test.ts).
  const runs = [
    ['sc', 'ts'],
    ['sc', 'wasm'],
    ['lkmm', 'ts'],
    ['lkmm', 'wasm'],
  ] as const;
  for (const [model, engine] of runs) {
    it(`--json, --model ${model}, engine ${engine}: bound has the thread, the kernel function and source of the loop, and the trace`, async () => {
      const r = await runCli([
        'check',
        '--scenario',
        file,
        '--variant',
        'bd3c45dd01',
        '--model',
        model,
        '--engine',
        engine,
        '--json',
      ]);
      expect(r.code).toBe(3);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ verdict: 'incomplete', reason: 'bound', trace: null });
      expect(j.bound).toMatchObject({
        thread: expect.stringMatching(/^CPU [01]$/),
        function: 'tmigr_active_up',
        bound: 0,
      });
      expect(j.bound.source).toMatch(/try_cmpxchg/);
      // The path ends with the failed cmpxchg of the stopped CPU.
      const last = j.bound.trace[j.bound.trace.length - 1];
      expect(last.thread).toBe(j.bound.thread);
      expect(last.function).toBe('tmigr_active_up');
    });
  }

  for (const model of ['sc', 'lkmm']) {
    it(`text, --model ${model}: one line names the loop, then the path to the state as trees`, async () => {
      const r = await runCli(['check', '--scenario', file, '--variant', 'bd3c45dd01', '--model', model]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('verdict: incomplete (bound)');
      expect(r.stdout).toMatch(
        /^loop bound: CPU [01] stopped at tmigr_active_up: `.*try_cmpxchg.*` \(pc \d+\)/m,
      );
      expect(r.stdout).toMatch(/^path to that state \(\d+ steps\):$/m);
      expect(r.stdout).toContain('0) initial state');
    });
  }
});
