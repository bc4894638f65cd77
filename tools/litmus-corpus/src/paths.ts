import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The litmus corpus directory: `$TMIGR_LITMUS_DIR`, else `../shared/litmus` next to the
 * repository root. The root is found from this module's location (`tools/litmus-corpus/src`
 * or, once bundled, `tools/litmus-corpus/dist`), not from the working directory.
 */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TMIGR_LITMUS_DIR;
  if (fromEnv) return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  const repoRoot = resolve(here, '../../..');
  return resolve(repoRoot, '../shared/litmus');
}

/** Whether a corpus is present: the directory with its `manifest.tsv`. */
export function corpusPresent(dir: string): boolean {
  return existsSync(resolve(dir, 'manifest.tsv'));
}
