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

describe('tmigr-check check --scenario: the default search order', () => {
  const base = ['check', '--scenario', 'seed', '--no-progress', '--max-states', '3000'];
  it('is depth-first under lkmm when only invariants are checked, and says so', async () => {
    const args = [...base, '--model', 'lkmm', '--property', 'top-active-if-cpu-active'];
    const dfs = checkTmigr(loadScenario('seed'), getVariant('v7.1-rc1'), {
      model: 'lkmm',
      properties: ['top-active-if-cpu-active'],
      search: 'dfs',
      maxStates: 3000,
    });
    const json = JSON.parse((await runCli([...args, '--json'])).stdout);
    expect(json.search).toBe('dfs');
    // The same search as the explorer's depth-first one: same counts.
    expect([json.states, json.transitions, json.depth]).toEqual([dfs.states, dfs.transitions, dfs.depth]);
    const text = await runCli(args);
    expect(text.stdout).toContain(
      'search: depth-first (the default for lkmm when only invariants are checked; choose with --search)',
    );
  });

  it('starts breadth-first under lkmm when WARNs are checked; sc stays breadth-first; --search wins', async () => {
    const lkmm = JSON.parse((await runCli([...base, '--model', 'lkmm', '--json'])).stdout);
    expect(lkmm.search).toBe('bfs-then-dfs');
    const sc = await runCli([...base, '--model', 'sc']);
    expect(sc.stdout).toContain('search: breadth-first (the default for sc; choose with --search)');
    const chosen = await runCli([...base, '--model', 'lkmm', '--search', 'bfs', '--property', 'single-root']);
    expect(chosen.stdout).toMatch(/^search: breadth-first$/m);
  });
});
