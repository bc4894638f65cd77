/**
 * The LKMM search switches of `check`: `--thread-order` (the canonical schedule's priority, the
 * same counts as the reference explorer with that order) and state-space caching when the Wasm
 * visited set reaches `--max-memory` (on by default, `--no-state-caching` to stop instead).
 */
import {
  buildTmigrModel,
  checkTmigr,
  EXAMPLES,
  explore,
  getVariant,
  INVARIANTS,
  LkmmSemantics,
  loadScenario,
} from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('tmigr-check check: LKMM search switches', () => {
  it('--thread-order by name and index gives the reference count for that order', async () => {
    const scenario = loadScenario('10a0e6f3d3db-B');
    const variant = getVariant('bd3c45dd01');
    const model = buildTmigrModel(scenario, variant, { properties: [...INVARIANTS] });
    const names = model.program.threads.map((t) => t.name);
    expect(names.length).toBe(3);
    const order = [2, 0, 1];
    const reference = checkTmigr(scenario, variant, {
      tmigrModel: model,
      model: 'lkmm',
      search: 'dfs',
      lkmmOrder: order,
    });
    const plain = checkTmigr(scenario, variant, { tmigrModel: model, model: 'lkmm', search: 'dfs' });
    expect(reference.states).not.toBe(plain.states);
    const args = ['check', '--scenario', '10a0e6f3d3db-B', '--variant', 'bd3c45dd01', '--model', 'lkmm'];
    const rest = ['--search', 'dfs', '--json', '--no-progress'];
    for (const property of INVARIANTS) args.push('--property', property);
    // The last thread by name, then the first by index; the one left follows.
    const r = await runCli([...args, '--thread-order', `${names[2]},0`, ...rest]);
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect([j.verdict, j.engine, j.states, j.transitions]).toEqual([
      'ok',
      'wasm',
      reference.states,
      reference.transitions,
    ]);
  });

  it('--thread-order on an example, on both engines: the counts of LkmmSemantics with that order', async () => {
    const program = EXAMPLES['cmpxchg-counter-4']!.build();
    const order = [3, 2, 1, 0];
    const expected = explore(new LkmmSemantics(program, { order }));
    for (const engine of ['ts', 'wasm']) {
      const r = await runCli([
        'check',
        '--example',
        'cmpxchg-counter-4',
        '--model',
        'lkmm',
        '--engine',
        engine,
        '--thread-order',
        '3,2,1',
        '--json',
        '--no-progress',
      ]);
      expect(r.code).toBe(0);
      const j = json(r.stdout);
      expect([j.engine, j.verdict, j.states, j.transitions]).toEqual([
        engine,
        'ok',
        expected.states,
        expected.transitions,
      ]);
    }
  });

  it('rejects an unknown or repeated thread, and --thread-order outside the LKMM, with one line and exit 2', async () => {
    const base = ['check', '--scenario', '10a0e6f3d3db-B', '--no-progress'];
    const unknown = await runCli([...base, '--model', 'lkmm', '--thread-order', 'CPU9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toMatch(
      /^tmigr-check: --thread-order: no thread 'CPU9' \(threads: 0 \S+, 1 \S+, 2 \S+\)$/,
    );
    const twice = await runCli([...base, '--model', 'lkmm', '--thread-order', '1,1']);
    expect([twice.code, twice.stderr.trim()]).toEqual([
      2,
      "tmigr-check: --thread-order: thread '1' is listed twice",
    ]);
    const sc = await runCli([...base, '--model', 'sc', '--thread-order', '1']);
    expect([sc.code, sc.stderr.trim()]).toEqual([
      2,
      'tmigr-check: --thread-order applies to --model lkmm only',
    ]);
  });

  it('a Wasm visited set full at --max-memory turns to state-space caching; --no-state-caching stops with exit 3', async () => {
    const args = [
      'check',
      '--scenario',
      'idle-cycles-new-timer',
      '--variant',
      'v7.1-rc1',
      '--model',
      'lkmm',
      '--search',
      'dfs',
      // CPU2 and CPU3 first: 96,330 states, more than 8 MiB holds.
      '--thread-order',
      '1,2',
      '--max-memory',
      '8',
      '--no-progress',
    ];
    const cached = await runCli([...args, '--json']);
    expect(cached.code).toBe(0);
    const j = json(cached.stdout);
    expect([j.verdict, j.complete, j.reason]).toEqual(['ok', true, null]);
    // 96,330 states in all with this order; the set held fewer, so some were explored twice.
    const all = await runCli([...args.filter((a) => a !== '--max-memory' && a !== '8'), '--json']);
    expect(json(all.stdout).states).toBe(96_330);
    expect(j.stored as number).toBeLessThan(96_330);
    expect(j.states as number).toBeGreaterThan(96_330);
    const text = await runCli(args);
    expect(text.stdout).toContain(
      `state-space caching: the visited set stopped growing at ${(j.stored as number).toLocaleString('en-US')} states`,
    );
    const stopped = await runCli([...args, '--no-state-caching', '--json']);
    expect(stopped.code).toBe(3);
    const s = json(stopped.stdout);
    expect([s.verdict, s.reason, s.stored]).toEqual(['incomplete', 'memory-limit', undefined]);
  });
});
