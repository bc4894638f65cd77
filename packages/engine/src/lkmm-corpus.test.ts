/**
 * The LKMM search in Wasm on the kernel's litmus tests (tools/memory-model/litmus-tests and
 * Documentation/litmus-tests of the shared corpus, `$TMIGR_LITMUS_DIR`, else ../shared/litmus
 * next to the repository): the same result as core's reference under the LKMM axioms, both
 * search orders. Skipped when the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CheckResult,
  compileLitmus,
  explore,
  hasPlainAccess,
  LkmmSemantics,
  type Program,
  parseLitmus,
} from '@tmigr-check/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparable } from './compare.js';
import type { EngineExports } from './exports.js';
import { LkmmWasmSearch } from './lkmm.js';
import { compileEngine, instantiateEngine } from './load.js';

const DIR = process.env.TMIGR_LITMUS_DIR
  ? resolve(process.env.TMIGR_LITMUS_DIR)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../..', '../shared/litmus');

function litmusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...litmusFiles(p));
    else if (name.endsWith('.litmus')) out.push(p);
  }
  return out;
}

/**
 * The kernel's tests that the litmus front end compiles (the others are unsupported there too),
 * without plain accesses (the Wasm LKMM search refuses those; the reference runs them).
 */
function kernelPrograms(): { path: string; program: Program }[] {
  const out: { path: string; program: Program }[] = [];
  for (const source of ['kernel-tools', 'kernel-doc']) {
    for (const path of litmusFiles(join(DIR, source))) {
      try {
        const program = compileLitmus(parseLitmus(readFileSync(path, 'utf8'), path)).program;
        if (!hasPlainAccess(program)) out.push({ path, program });
      } catch {
        // not in the supported subset
      }
    }
  }
  return out;
}

let ex: EngineExports;
beforeAll(async () => {
  ex = await instantiateEngine(await compileEngine());
});

function wasm(program: Program, search: 'bfs' | 'dfs'): CheckResult {
  const s = new LkmmWasmSearch(ex, program, { search, deadlock: false });
  while (!s.step()) {
    // one batch per call
  }
  return s.result();
}

describe('LKMM search in Wasm: the kernel litmus tests of the shared corpus', () => {
  const programs = kernelPrograms();
  if (programs.length === 0) {
    it('skipped: corpus not found', (ctx) => {
      ctx.skip(`corpus not found (looked in ${DIR}; set TMIGR_LITMUS_DIR)`);
    });
    return;
  }
  for (const search of ['bfs', 'dfs'] as const) {
    it(`${search}: same results as the reference on every compiled kernel test`, () => {
      for (const { path, program } of programs) {
        const ts = explore(new LkmmSemantics(program), { deadlock: false, search });
        const w = wasm(program, search);
        expect({ file: path, ...comparable(w) }).toEqual({ file: path, ...comparable(ts) });
      }
      expect(programs.length).toBeGreaterThanOrEqual(39);
    });
  }
});
