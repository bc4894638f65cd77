import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLitmus, formatObservation, parseLitmus, runLitmus } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';

const SUITE = fileURLToPath(new URL('../../../../packages/core/litmus/', import.meta.url));
const suiteFiles = readdirSync(SUITE, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.litmus'))
  .sort();

const MP = `C MP+tiny\n{}\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n\tWRITE_ONCE(*y, 1);\n}\nP1(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\n\tr0 = READ_ONCE(*y);\n\tr1 = READ_ONCE(*x);\n}\nexists (1:r0=1 /\\ 1:r1=0)\n`;
const RCU = `C uses-rcu\n{}\nP0(int *x)\n{\n\trcu_read_lock();\n\tWRITE_ONCE(*x, 1);\n\trcu_read_unlock();\n}\nexists (x=1)\n`;
const BROKEN = `C broken\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1)\n}\n`;

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmigr-litmus-'));
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

describe('tmigr-check litmus', () => {
  it('runs a folder recursively on the Wasm engine by default: one herd line per test, a summary, exit 0', async () => {
    const dir = scratch({
      'a/mp.litmus': MP,
      'b/c/deadlock.litmus': readFileSync(join(SUITE, 'lock-twice.litmus'), 'utf8'),
      'notes.txt': 'x',
    });
    const r = await runCli(['litmus', '--model', 'tso', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Observation MP+tiny Never 0 3');
    expect(lines[1]).toBe('Observation lock-twice Never 0 0');
    expect(lines[2]).toMatch(
      /^Summary: 2 tests: Never 1, Sometimes 0, Always 0, DEADLOCK 1, unsupported 0, timeouts 0, errors 0 \(model tso, engine wasm, [0-9.]+ s\)$/,
    );
  });

  it('prints the verdicts runLitmus gives, for the whole repository suite under SC', async () => {
    const r = await runCli(['litmus', SUITE]);
    expect(r.code).toBe(0);
    const want = suiteFiles.map((f) => {
      const c = compileLitmus(parseLitmus(readFileSync(join(SUITE, f), 'utf8'), f));
      return formatObservation(c.test.name, runLitmus(c, { model: 'sc' }));
    });
    expect(r.stdout.trim().split('\n').slice(0, -1)).toEqual(want);
  });

  it('gives identical lines with --engine wasm under SC', async () => {
    const ts = await runCli(['litmus', '--engine', 'ts', SUITE]);
    const wasm = await runCli(['litmus', '--engine', 'wasm', SUITE]);
    expect(wasm.code).toBe(0);
    const strip = (s: string) => s.trim().split('\n').slice(0, -1);
    expect(strip(wasm.stdout)).toEqual(strip(ts.stdout));
    expect(wasm.stdout).toContain('engine wasm');
  });

  it('gives the same observations on the Wasm engine as on the reference under the LKMM', async () => {
    const ts = await runCli(['litmus', '--engine', 'ts', '--model', 'lkmm', SUITE]);
    const wasm = await runCli(['litmus', '--engine', 'wasm', '--model', 'lkmm', SUITE]);
    expect(ts.code).toBe(0);
    expect(wasm.code).toBe(0);
    const observations = (text: string) => text.split('\n').filter((l) => l.startsWith('Observation '));
    expect(observations(ts.stdout).length).toBeGreaterThan(70);
    expect(observations(wasm.stdout)).toEqual(observations(ts.stdout));
    expect(wasm.stdout).toMatch(/\(model lkmm, engine wasm, /);
  });

  it("prints herd7's flag lines for plain accesses under the LKMM, on the reference for --engine wasm", async () => {
    const racy = join(SUITE, 'plain/LB+plain-release+acquire-release+acquire-plain.litmus');
    const clean = join(SUITE, 'plain/LB+ctrl-plain-wmb+ctrl-rmb-release.litmus');
    for (const engine of ['ts', 'wasm']) {
      const r = await runCli(['litmus', '--engine', engine, '--model', 'lkmm', racy, clean]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 3)).toEqual([
        'Flag data-race',
        'Observation LB+plain-release+acquire-release+acquire-plain Never 0 7',
        'Observation LB+ctrl-plain-wmb+ctrl-rmb-release Sometimes 1 2',
      ]);
    }
    const json = await runCli(['litmus', '--model', 'lkmm', '--json', racy]);
    expect(JSON.parse(json.stdout).tests[0]).toMatchObject({ verdict: 'Never', flags: ['data-race'] });
    // SC raises no flag.
    const sc = await runCli(['litmus', racy]);
    expect(sc.stdout.split('\n')[0]).toMatch(/^Observation /);
  });

  it('counts unsupported tests apart and reports malformed files with their position (exit 2)', async () => {
    const dir = scratch({ '1.litmus': MP, '2.litmus': RCU, '3.litmus': BROKEN });
    const r = await runCli(['litmus', dir]);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Observation MP+tiny Never 0 3');
    expect(lines[1]).toBe(`unsupported: rcu_read_lock at 5:2 (uses-rcu, ${join(dir, '2.litmus')})`);
    expect(lines[2]).toMatch(/Summary: 3 tests: Never 1, .* unsupported 1, timeouts 0, errors 1 /);
    expect(r.stderr.trim()).toBe(`${join(dir, '3.litmus')}:6:1: expected ';' after the statement, found '}'`);
  });

  it('prints JSON with the outcomes and the witness when asked to explain', async () => {
    const dir = scratch({ 'mp.litmus': MP });
    const r = await runCli(['litmus', '--model', 'lkmm', '--json', '--explain', dir]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.model).toBe('lkmm');
    expect(j.summary).toMatchObject({ tests: 1, Sometimes: 1 });
    const t = j.tests[0];
    expect(t).toMatchObject({
      name: 'MP+tiny',
      status: 'ok',
      quantifier: 'exists',
      verdict: 'Sometimes',
      judged: 'Sometimes',
      validated: true,
    });
    expect(t.pos).toBe(1);
    expect(t.witness.values).toEqual({ '1:r0': 1, '1:r1': 0 });
    expect(t.witness.holds).toBe(true);
    expect(t.witness.trace.length).toBe(t.witness.path.length + 1);
  });

  it('explains in text: the witness outcome and the interleaving', async () => {
    const dir = scratch({ 'mp.litmus': MP });
    const r = await runCli(['litmus', '--explain', dir]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Observation MP+tiny Never 0 3');
    expect(lines[1]).toMatch(/^ {2}witness \(exists; the condition fails\): 1:r0=\d; 1:r1=\d;$/);
    expect(lines.filter((l) => /^ {4}\d\. P[01] /.test(l))).toHaveLength(4);
  });

  it('rejects a missing path with one line and exit 2', async () => {
    const r = await runCli(['litmus', '/no/such/litmus/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('tmigr-check: /no/such/litmus/dir: no such file or directory');
  });
});
