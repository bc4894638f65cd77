import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)));

// `pnpm --silent tmigr-check` runs a package script, and pnpm reports every non-zero exit of a
// script with an "[ELIFECYCLE] Command failed" line on stderr. The `tmigr-check` bin, linked into
// the root's node_modules/.bin, runs the CLI with nothing around it.
describe.skipIf(!BUILT)('the tmigr-check bin', () => {
  it('runs through `pnpm exec tmigr-check` from the repository root, with only the CLI on stderr', () => {
    const r = spawnSync('pnpm', ['exec', 'tmigr-check', 'check', '--example', 'no-such-example', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    // One line, the CLI's own: no wrapper noise.
    expect(r.stderr).toMatch(
      /^tmigr-check: --example: unknown example 'no-such-example' \(known: [^)\n]*\)\n$/,
    );
  });

  it('is the file the package names as its bin, and it exists in the repository', () => {
    const bin = fileURLToPath(new URL('../bin/tmigr-check.js', import.meta.url));
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(`${ROOT}node_modules/.bin/tmigr-check`)).toBe(true);
  });
});
