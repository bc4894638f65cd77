import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, EXAMPLES, replay, semanticsFor } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'tmigr-itf-'));

describe('check --example --itf', () => {
  it('writes an ITF trace whose states match a replay of the counterexample', async () => {
    const file = join(dir, 'aba.itf.json');
    const r = await runCli(['check', '--example', 'seqcount-aba', '--engine', 'ts', '--json', '--itf', file]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).itf).toBe(file);
    const itf = JSON.parse(readFileSync(file, 'utf8'));
    const program = EXAMPLES['seqcount-aba']!.build();
    const result = check(program);
    const trace = replay(semanticsFor(program, 'sc'), result.path!);
    expect(itf['#meta']).toMatchObject({ format: 'ITF', model: 'sc', property: 'seqcount-read-consistent' });
    expect(itf.vars).toEqual([...program.locations.map((l) => l.name), 'pc', 'step']);
    const views = [trace.initial, ...trace.steps.flatMap((s) => (s.after ? [s.after] : []))];
    expect(itf.states).toHaveLength(views.length);
    itf.states.forEach((st: Record<string, unknown>, i: number) => {
      program.locations.forEach((l, a) => {
        expect(st[l.name]).toBe(views[i]!.value(a + 1));
      });
    });
  });

  it('writes no file and reports itf null when there is no counterexample', async () => {
    const file = join(dir, 'none.itf.json');
    const r = await runCli([
      'check',
      '--example',
      'cmpxchg-counter',
      '--engine',
      'ts',
      '--json',
      '--itf',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).itf).toBeNull();
  });

  it('rejects --variant and --property without --scenario with one line and exit 2', async () => {
    for (const args of [
      ['check', '--example', 'sb', '--variant', 'v7.1-rc1'],
      ['check', '--example', 'sb', '--property', 'deadlock'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/needs --scenario/);
    }
  });

  it('rejects --example together with --scenario', async () => {
    const r = await runCli(['check', '--example', 'sb', '--scenario', 'seed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/either --example or --scenario/);
  });
});
