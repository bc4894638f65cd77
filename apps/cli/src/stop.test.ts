import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxMemoryFlag } from './supervisor.js';

// These tests run the built CLI (`pnpm build` first) as a real child process: Ctrl-C and the
// memory guard are about what a process does, which an in-process run cannot show.
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(args: readonly string[]): {
  child: ChildProcess;
  done: Promise<Finished>;
  stderrHas: (re: RegExp) => Promise<void>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) {
      if (w.re.test(stderr)) w.resolve();
      else waiters.push(w);
    }
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const stderrHas = (re: RegExp) =>
    new Promise<void>((resolve) => {
      if (re.test(stderr)) resolve();
      else waiters.push({ re, resolve });
    });
  return { child, done, stderrHas };
}

/** A search that runs for minutes: the seed's LKMM invariant search (about 2 million states). */
const LONG_SEARCH = [
  'check',
  '--scenario',
  'seed',
  '--model',
  'lkmm',
  '--property',
  'top-active-if-cpu-active',
  '--engine',
  'ts',
];

describe.skipIf(!existsSync(CLI))('the built CLI as a child process', () => {
  it('stops a long search on the first SIGINT with its statistics and exit 130', async () => {
    const run = start(LONG_SEARCH);
    // Two progress lines: the search runs (not the loading before it), and its output reaches
    // the terminal while it runs (a worker's own stdio would hold the second line back).
    await run.stderrHas(/states\/s.*\n.*states\/s/);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('verdict: incomplete (interrupted)');
    expect(r.stdout).toMatch(/model lkmm, engine ts: [\d,]+ states, [\d,]+ transitions, depth \d+/);
  });

  it('exits 130 at once on a second SIGINT', async () => {
    const run = start(LONG_SEARCH);
    await run.stderrHas(/states\/s/);
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
  });

  it('stops a search at --max-memory with its counts and exit 3', async () => {
    const run = start([
      'check',
      '--scenario',
      'seed',
      '--model',
      'tso',
      '--property',
      'top-active-if-cpu-active',
      '--max-memory',
      '80',
      '--engine',
      'ts',
      '--no-progress',
    ]);
    const r = await run.done;
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('verdict: incomplete (memory-limit)');
    expect(r.stdout).toMatch(/model tso, engine ts: [\d,]+ states/);
    expect(r.stderr).toMatch(
      /tmigr-check: the search used \d+ MiB of memory, over its limit of 80 MiB \(--max-memory\)/,
    );
    expect(r.stderr).not.toMatch(/FATAL|heap out of memory|at .*\.js:\d+/);
  });

  it('litmus: a test over --max-memory is unknown (memory-limit) and the next file still runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmigr-mem-'));
    // Eight writers and readers of three locations: far more states than 20 MiB hold.
    const threads = Array.from(
      { length: 8 },
      (_, i) =>
        `P${i}(int *x, int *y, int *z)\n{\n\tint r0;\n\tint r1;\n\tWRITE_ONCE(*x, ${i + 1});\n\tr0 = READ_ONCE(*y);\n\tWRITE_ONCE(*z, ${i + 1});\n\tr1 = READ_ONCE(*x);\n\tWRITE_ONCE(*y, ${i + 1});\n}\n`,
    );
    writeFileSync(join(dir, 'a-big.litmus'), `C big\n\n{\n}\n\n${threads.join('\n')}\nexists (0:r0=0)\n`);
    writeFileSync(
      join(dir, 'b-small.litmus'),
      'C small\n\n{\n}\n\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\n\nP1(int *x)\n{\n\tint r0;\n\n\tr0 = READ_ONCE(*x);\n}\n\nexists (1:r0=1)\n',
    );
    const r = await start(['litmus', '--max-memory', '20', '--max-seconds', '120', dir]).done;
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^unknown \(memory-limit\): big after [\d.]+ s, [\d,]+ states/m);
    expect(r.stdout).toMatch(/^Observation small Sometimes 1 1$/m);
    expect(r.stdout).toMatch(/memory limits 1,/);
    expect(r.stderr).toMatch(
      /tmigr-check: big: (the search used \d+ MiB of memory, over its limit of 20 MiB|the Wasm search reached its memory limit of 20 MiB \(--max-memory\))/,
    );
  });
});

describe('maxMemoryFlag', () => {
  it('reads --max-memory in both spellings, and nothing else', () => {
    expect(maxMemoryFlag(['check', '--max-memory', '300'])).toBe(300);
    expect(maxMemoryFlag(['check', '--max-memory=120'])).toBe(120);
    expect(maxMemoryFlag(['check', '--max-memory', 'x'])).toBeUndefined();
    expect(maxMemoryFlag(['check', '--max-states', '300'])).toBeUndefined();
  });
});
