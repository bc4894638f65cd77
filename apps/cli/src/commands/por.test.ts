import { check, checkTmigr, EXAMPLES, getVariant, loadScenario } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

// --no-por: partial-order reduction (on by default in the Wasm SC and TSO searches) off; the
// output says which search ran and gives its counts.
describe('tmigr-check --no-por', () => {
  it('check --example: the same verdict from fewer states, the full counts with --no-por', async () => {
    const want = check(EXAMPLES['seqcount-ok']!.build());
    const on = JSON.parse((await runCli(['check', '--example', 'seqcount-ok', '--json'])).stdout);
    const off = JSON.parse(
      (await runCli(['check', '--example', 'seqcount-ok', '--no-por', '--json'])).stdout,
    );
    expect([on.engine, on.por, on.verdict]).toEqual(['wasm', true, 'ok']);
    expect([off.engine, off.por, off.verdict]).toEqual(['wasm', false, 'ok']);
    expect([off.states, off.transitions]).toEqual([want.states, want.transitions]);
    expect(on.states).toBeLessThan(off.states);
    const text = await runCli(['check', '--example', 'seqcount-ok', '--model', 'tso', '--no-progress']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^model tso, engine wasm, partial-order reduction on \(reduced counts\): [\d,]+ states/m,
    );
    const full = await runCli([
      'check',
      '--example',
      'seqcount-ok',
      '--model',
      'tso',
      '--no-por',
      '--no-progress',
    ]);
    expect(full.stdout).toMatch(/^model tso, engine wasm, partial-order reduction off: [\d,]+ states/m);
  });

  it('the reference explorer and the LKMM search have no reduction: por false, nothing in the text', async () => {
    const ts = await runCli(['check', '--example', 'sb', '--engine', 'ts', '--json']);
    expect(JSON.parse(ts.stdout)).toMatchObject({ engine: 'ts', por: false });
    const lkmm = await runCli(['check', '--example', 'sb', '--model', 'lkmm', '--no-progress']);
    expect(lkmm.stdout).toMatch(/^model lkmm, engine wasm: [\d,]+ states/m);
  });

  it('check --scenario: a counterexample found with the reduction replays as every real step', async () => {
    const base = ['check', '--scenario', 'new-timer', '--variant', 'update-events-unlocked', '--json'];
    const on = JSON.parse((await runCli(base)).stdout);
    const off = JSON.parse((await runCli([...base, '--no-por'])).stdout);
    const want = checkTmigr(loadScenario('new-timer'), getVariant('update-events-unlocked'));
    expect([on.por, on.verdict, on.property]).toEqual([true, 'violation', 'timer-handled']);
    expect([off.por, off.verdict, off.property, off.states]).toEqual([
      false,
      'violation',
      'timer-handled',
      want.states,
    ]);
    expect(on.states).toBeLessThan(off.states);
    expect(on.trace.length).toBeGreaterThanOrEqual(want.path!.length);
  });

  it('seed: every sc row with and without the reduction, the same verdicts', async () => {
    const run = async (extra: string[]) => {
      const r = await runCli(['seed', '--models', 'sc', '--no-progress', '--json', ...extra]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).results as {
        properties: string;
        verdict: string;
        property: string;
        por: boolean;
        states: number;
      }[];
    };
    const on = await run([]);
    const off = await run(['--no-por']);
    expect(on.map((r) => r.por)).toEqual(on.map(() => true));
    expect(off.map((r) => r.por)).toEqual(off.map(() => false));
    expect(on.map((r) => [r.verdict, r.property])).toEqual(off.map((r) => [r.verdict, r.property]));
    // Every all-properties search stores fewer states (an invariants-only model of v7.1-rc1
    // has accesses whose address the analysis cannot bound: no reduction there, see por.ts).
    for (const [i, r] of on.entries()) {
      expect(r.states).toBeLessThanOrEqual(off[i]!.states);
      if (r.properties === 'all') expect(r.states).toBeLessThan(off[i]!.states);
    }
    const text = await runCli(['seed', '--models', 'sc', '--no-progress', '--no-por']);
    expect(text.stdout).toContain('sc and tso: Wasm engine, partial-order reduction off (--no-por)');
  });
});
