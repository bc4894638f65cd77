import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { check, cmpxchgCounter, seqcountAba } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { comparable } from './compare.js';
import type * as Engine from './index.js';

// These tests use the package as it is published: run `pnpm --filter @tmigr-check/engine build` first
// (turbo's test task depends on build).
/** The WebAssembly API members used below (the package compiles without the DOM library). */
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: ArrayBufferView): Promise<object>;
      Module: {
        imports(m: object): { module: string; name: string }[];
        exports(m: object): { name: string }[];
      };
    };
  }
).WebAssembly;

const distEntry = new URL('../dist/index.js', import.meta.url);
const wasmFile = new URL('../dist/raw/engine.wasm', import.meta.url);

describe('the built package', () => {
  it('the ESM entry in dist loads dist/raw/engine.wasm by itself and checks a program', async () => {
    const built = (await import(distEntry.href)) as typeof Engine;
    const engine = await built.createEngine();
    const program = seqcountAba(3);
    expect(comparable(engine.check(program, { por: false }))).toEqual(comparable(check(program)));
  });

  it('the CommonJS entry loads too (plain Node, no source conditions)', () => {
    // A child process, because the test runner resolves workspace packages to their sources.
    const script = `
      const { createEngine } = require('./dist/index.cjs');
      const { ProgramBuilder, E } = require('@tmigr-check/core');
      const b = new ProgramBuilder('inc');
      const x = b.location('x');
      b.thread('P0').rmw(x, E.add(E.old, E.c(1)));
      b.thread('P1').rmw(x, E.add(E.old, E.c(1)));
      createEngine().then((engine) => {
        const r = engine.check(b.build());
        console.log(JSON.stringify({ engine: r.engine, verdict: r.verdict, states: r.states }));
      });`;
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env,
    });
    expect(JSON.parse(out.toString())).toEqual({ engine: 'wasm', verdict: 'ok', states: 4 });
  });

  it('accepts the Wasm as bytes, as a compiled module or as a URL', async () => {
    const built = (await import(distEntry.href)) as typeof Engine;
    const bytes = await readFile(wasmFile);
    const module = await WA.compile(bytes);
    const expected = comparable(check(cmpxchgCounter(3)));
    for (const wasm of [bytes, module, wasmFile]) {
      const engine = await built.createEngine({ wasm });
      expect(comparable(engine.check(cmpxchgCounter(3), { por: false }))).toEqual(expected);
    }
  });

  it('the Wasm module imports nothing and exports the documented functions', async () => {
    const module = await WA.compile(await readFile(wasmFile));
    expect(WA.Module.imports(module)).toEqual([]);
    const names = WA.Module.exports(module).map((e) => e.name);
    for (const name of [
      'memory',
      'programBuffer',
      'start',
      'run',
      'abort',
      'resultVerdict',
      'parentOf',
      'viaOf',
    ]) {
      expect(names).toContain(name);
    }
  });
});
