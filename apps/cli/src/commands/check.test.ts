import { check, EXAMPLES, exampleNames } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

describe('tmigr-check check --example', () => {
  it('lists the examples, one per line', async () => {
    const r = await runCli(['check', '--example', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(exampleNames());
  });

  it('reports a violation with exit 1 and the JSON fields, on both engines, identically', async () => {
    const want = check(EXAMPLES['seqcount-aba']!.build());
    for (const engine of ['wasm', 'ts']) {
      // Without reduction the Wasm search is the reference's, state for state.
      const r = await runCli([
        'check',
        '--example',
        'seqcount-aba',
        '--engine',
        engine,
        '--no-por',
        '--json',
      ]);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({
        example: 'seqcount-aba',
        verdict: 'violation',
        property: 'seqcount-read-consistent',
        model: 'sc',
        engine,
        por: false,
        complete: true,
        states: want.states,
        transitions: want.transitions,
      });
      expect(typeof j.seconds).toBe('number');
      expect(j.trace).toHaveLength(want.path!.length);
      expect(j.trace.at(-1).violation).toBe('seqcount-read-consistent');
    }
  });

  it('defaults to the Wasm engine under SC and exits 0 when no violation exists', async () => {
    const r = await runCli(['check', '--example', 'cmpxchg-counter', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.engine).toBe('wasm');
    expect(j.verdict).toBe('ok');
    expect(j.trace).toBeNull();
  });

  it('prints a readable text report with the shortest trace', async () => {
    const r = await runCli(['check', '--example', 'seqcount-aba', '--no-progress']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict: violation of seqcount-read-consistent');
    expect(r.stdout).toMatch(/shortest trace \(\d+ steps\):/);
    expect(r.stdout).toContain('<-- violates seqcount-read-consistent');
  });

  it('stops at a state limit with exit 3 and the counts so far', async () => {
    const r = await runCli(['check', '--example', 'cmpxchg-counter-4', '--max-states', '50', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'incomplete', complete: false, reason: 'state-limit', states: 50 });
  });

  it('rejects bad input with one line and exit 2', async () => {
    const unknown = await runCli(['check', '--example', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain("unknown example 'nope'");
    const badModel = await runCli(['check', '--example', 'sb', '--model', 'arm']);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toContain("argument 'arm' is invalid");
    const badLimit = await runCli(['check', '--example', 'sb', '--max-states', '-4']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr.trim()).toBe("tmigr-check: --max-states: expected a positive integer, got '-4'");
    const missing = await runCli(['check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give --example NAME');
  });
});
