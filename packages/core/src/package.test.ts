import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Packs @tmigr-check/core as it would be published, installs the tarball into a fresh
 * project outside the workspace, and uses it from ESM and CJS, with its types.
 */
describe('the published @tmigr-check/core package', () => {
  let work = '';
  beforeAll(() => {
    if (!existsSync(join(pkgDir, 'dist', 'index.js'))) {
      throw new Error('packages/core/dist is missing: run `pnpm build` first');
    }
    work = mkdtempSync(join(tmpdir(), 'tmigr-core-pack-'));
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: pkgDir, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('pnpm pack produced no tarball');
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], {
      cwd: work,
      stdio: 'pipe',
    });
  }, 180_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('names in its exports only files that the tarball contains', () => {
    const installed = join(work, 'node_modules', '@tmigr-check', 'core');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets: string[] = [];
    const walk = (x: unknown): void => {
      if (typeof x === 'string') targets.push(x);
      else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
    };
    walk(manifest.exports);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !existsSync(join(installed, t)))).toEqual([]);
    // The workspace-only condition that points at the TypeScript sources stays out of the package.
    expect(JSON.stringify(manifest.exports)).not.toContain('@tmigr-check/source');
  });

  it('imports from ESM and explores an example', () => {
    writeFileSync(
      join(work, 'esm.mjs'),
      "import { check, EXAMPLES } from '@tmigr-check/core';\n" +
        "const r = check(EXAMPLES['seqcount-aba'].build());\n" +
        'console.log(JSON.stringify({ verdict: r.verdict, property: r.property, states: r.states }));\n',
    );
    const out = JSON.parse(execFileSync('node', ['esm.mjs'], { cwd: work, encoding: 'utf8' }));
    expect(out).toEqual({
      verdict: 'violation',
      property: 'seqcount-read-consistent',
      states: expect.any(Number),
    });
    expect(out.states).toBeGreaterThan(1);
  });

  it('requires from CJS and gets the same result as ESM', () => {
    writeFileSync(
      join(work, 'cjs.cjs'),
      "const { check, EXAMPLES } = require('@tmigr-check/core');\n" +
        "const r = check(EXAMPLES['seqcount-aba'].build());\n" +
        'console.log(JSON.stringify({ verdict: r.verdict, states: r.states, transitions: r.transitions }));\n',
    );
    writeFileSync(
      join(work, 'esm2.mjs'),
      "import { check, EXAMPLES } from '@tmigr-check/core';\n" +
        "const r = check(EXAMPLES['seqcount-aba'].build());\n" +
        'console.log(JSON.stringify({ verdict: r.verdict, states: r.states, transitions: r.transitions }));\n',
    );
    const cjs = execFileSync('node', ['cjs.cjs'], { cwd: work, encoding: 'utf8' });
    const esm = execFileSync('node', ['esm2.mjs'], { cwd: work, encoding: 'utf8' });
    expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
  });

  it('ships types that typecheck from ESM and CJS consumers', () => {
    writeFileSync(
      join(work, 'typed.mts'),
      "import { ProgramBuilder, E, check, type CheckResult } from '@tmigr-check/core';\n" +
        "const b = new ProgramBuilder('t');\nconst x = b.location('x');\n" +
        "b.thread('P0').store(x, E.c(1));\nconst r: CheckResult = check(b.build());\n" +
        'const n: number = r.states;\nexport default n;\n',
    );
    writeFileSync(
      join(work, 'typed.cts'),
      "import core = require('@tmigr-check/core');\nconst r: core.CheckResult = core.check(core.EXAMPLES.sb.build());\nexport = r.verdict;\n",
    );
    writeFileSync(
      join(work, 'bad.mts'),
      "import { check } from '@tmigr-check/core';\nconst s: string = check;\nexport default s;\n",
    );
    const base = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--skipLibCheck',
      'false',
    ];
    execFileSync('node', [tsc, ...base, 'typed.mts', 'typed.cts'], { cwd: work, encoding: 'utf8' });
    // The types are real: a wrong use is rejected.
    let failed = '';
    try {
      execFileSync('node', [tsc, ...base, 'bad.mts'], { cwd: work, encoding: 'utf8' });
    } catch (e) {
      failed = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(failed).toMatch(/bad\.mts.*TS2322/);
  });
});
