import { check, checkTmigr, EXAMPLES, getVariant, loadScenario } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

describe('tmigr-check check --search', () => {
  it('dfs on an example explores the same states as the breadth-first reference (ok result)', async () => {
    const program = EXAMPLES['cmpxchg-counter-4']!.build();
    const bfs = check(program, { model: 'tso' });
    const r = await runCli([
      'check',
      '--example',
      'cmpxchg-counter-4',
      '--model',
      'tso',
      '--search',
      'dfs',
      '--json',
      '--no-progress',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.verdict, j.engine, j.states, j.transitions]).toEqual(['ok', 'ts', bfs.states, bfs.transitions]);
  });

  it('dfs on a scenario finds the historical bug; the text output does not call the trace shortest', async () => {
    const r = await runCli([
      'check',
      '--scenario',
      '10a0e6f3d3db-B',
      '--variant',
      '10a0e6f3d3db',
      '--model',
      'sc',
      '--search',
      'dfs',
      '--ascii',
      '--no-progress',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict: violation of migrator-well-formed');
    expect(r.stdout).toMatch(/^trace \(\d+ steps\):$/m);
    expect(r.stdout).not.toContain('shortest trace');
    const bfs = checkTmigr(loadScenario('10a0e6f3d3db-B'), getVariant('10a0e6f3d3db'), { model: 'sc' });
    expect(bfs.property).toBe('migrator-well-formed');
  });

  it('refuses dfs on the Wasm engine with one line and exit 2', async () => {
    const r = await runCli(['check', '--example', 'sb', '--engine', 'wasm', '--search', 'dfs']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'tmigr-check: --search dfs runs on the reference explorer only; use --engine ts',
    );
  });

  it('rejects an unknown search order', async () => {
    const r = await runCli(['check', '--example', 'sb', '--search', 'random']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--search <order>' argument 'random' is invalid");
  });
});
