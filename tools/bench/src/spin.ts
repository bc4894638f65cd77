/**
 * Runs SPIN on a program exported to Promela (promela.ts): `spin -o1 -a`, `gcc -O2 -DSAFETY
 * -DNOREDUCE`, then `./pan`. Both switches keep SPIN on the same transition system as
 * tmigr-check: `-DNOREDUCE` turns off partial-order reduction and `-o1` SPIN's data-flow
 * optimization, which resets every local variable to 0 once it is dead; that merges states that
 * differ only in a register no later step reads, which tmigr-check (like its IR semantics,
 * `ScSemantics.key`) counts as distinct states (the seed: 67,343 states instead of 68,315).
 * Optional everywhere: `spinAvailable()` says whether `spin` and `gcc` are installed (Debian:
 * `apt-get install -y spin`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program } from '@tmigr-check/core';
import { toPromela } from './promela.js';

/** What one pan run reported. */
export interface SpinRun {
  /** States stored. */
  readonly states: number;
  /** Transitions as pan counts them (stored + matched, which includes the initial state). */
  readonly transitions: number;
  /** Assertion violations and other errors pan found. */
  readonly errors: number;
  /** pan's own "elapsed time" (the search, without process start-up). */
  readonly seconds: number;
  /** Wall time of the pan process. */
  readonly wallSeconds: number;
}

function found(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined;
}

/** Whether `spin` and `gcc` can be run here. */
export function spinAvailable(): boolean {
  return found('spin', ['-V']) && found('gcc', ['--version']);
}

function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  return r.stdout;
}

function field(out: string, re: RegExp, what: string): number {
  const m = re.exec(out);
  if (!m) throw new Error(`pan output has no ${what}: ${out.trim().split('\n').slice(-3).join(' | ')}`);
  return Number(m[1]);
}

/** Parses pan's summary. */
export function parsePanOutput(out: string, wallSeconds: number): SpinRun {
  return {
    states: field(out, /(\d+) states, stored/, 'stored states'),
    transitions: field(out, /(\d+) transitions \(= stored\+matched\)/, 'transitions'),
    errors: field(out, /errors: (\d+)/, 'error count'),
    seconds: field(out, /pan: elapsed time ([\d.e+-]+) seconds/, 'elapsed time'),
    wallSeconds,
  };
}

/** How {@link PanVerifier} builds pan. */
export interface PanOptions {
  /** SPIN's default reductions (default false: the same transition system as tmigr-check). */
  readonly reduce?: boolean;
  /** gcc -O2 (default true) or -O0. */
  readonly optimize?: boolean;
}

/** A compiled pan verifier for one program; `dispose()` removes its directory. */
export class PanVerifier {
  private readonly dir: string;
  private readonly hashBits: number;
  private readonly depth: number;

  /**
   * `expectedStates` sizes pan's hash table (-w) and search depth (-m). `reduce`: SPIN's default
   * reductions (partial-order reduction and dead-variable resetting: no -DNOREDUCE, no -o1; the
   * state count is then SPIN's own, not ours). `optimize: false` compiles pan with -O0 instead of
   * -O2 (faster to build, slower to run: for tests that only compare counts).
   */
  constructor(program: Program, expectedStates: number, options: PanOptions = {}) {
    const reduce = options.reduce ?? false;
    this.dir = mkdtempSync(join(tmpdir(), 'tmigr-spin-'));
    writeFileSync(join(this.dir, 'model.pml'), toPromela(program));
    run('spin', reduce ? ['-a', 'model.pml'] : ['-o1', '-a', 'model.pml'], this.dir);
    // -fwrapv: 32-bit arithmetic wraps, as in core's ir/eval.ts (signed overflow is undefined in C).
    const flags = [options.optimize === false ? '-O0' : '-O2', '-fwrapv', '-DSAFETY'];
    if (!reduce) flags.push('-DNOREDUCE');
    run('gcc', [...flags, '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], this.dir);
    this.hashBits = Math.max(16, Math.ceil(Math.log2(Math.max(1, expectedStates) * 2)));
    this.depth = Math.max(100_000, expectedStates + 1);
  }

  /** One exhaustive search (invalid end states ignored: tmigr-check reports only lock deadlocks). */
  run(): SpinRun {
    const t0 = performance.now();
    const out = run('./pan', [`-m${this.depth}`, `-w${this.hashBits}`, '-E'], this.dir);
    return parsePanOutput(out, (performance.now() - t0) / 1000);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
