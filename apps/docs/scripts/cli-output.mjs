#!/usr/bin/env node
// Regenerates the transcripts the pages include (apps/docs/snippets/*.txt) by running the
// built CLI (and the litmus corpus runner). Run from anywhere after `pnpm build`:
//   node apps/docs/scripts/cli-output.mjs            # all transcripts but the slow ones
//   node apps/docs/scripts/cli-output.mjs litmus     # only those whose name contains "litmus"
//   node apps/docs/scripts/cli-output.mjs seed       # a slow one must be named exactly
// Each file starts with the command as a user types it at the repository root, then the
// CLI's stdout and its exit code. Timings in the output are those of the run that wrote it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docsDir, '..', '..');
const cli = join(root, 'apps', 'cli', 'dist', 'cli.js');
/** Programs a transcript can run: the script file and how a user types it at the root. */
const PROGRAMS = {
  cli: { file: cli, shown: 'pnpm exec tmigr-check' },
  corpus: { file: join(root, 'tools', 'litmus-corpus', 'dist', 'corpus.js'), shown: 'pnpm corpus' },
  /** A script of apps/docs/examples, given as the first argument. */
  node: { file: null, shown: 'node' },
};
const outDir = join(docsDir, 'snippets');

/** The hierarchy invariants (the `seed` command's "invariants only" runs). */
const INVARIANT_FLAGS = [
  'parent-child-consistency',
  'migrator-well-formed',
  'top-active-if-cpu-active',
  'timer-handled',
  'single-root',
].flatMap((p) => ['--property', p]);
/** Node options for the searches that outgrow Node's default heap (about 4 GiB). */
const BIG_HEAP = 'NODE_OPTIONS=--max-old-space-size=12000';

const SEED_LITMUS = [
  'apps/docs/examples/tmigr-seed-RWC.litmus',
  'apps/docs/examples/tmigr-seed-RWC-fixed.litmus',
  'apps/docs/examples/tmigr-seed-RWC-activate.litmus',
];

/** The three-CPU forms of the seed race in the repository's litmus suite (herd7 verdicts recorded). */
const SEED_3CPU = [
  'packages/core/litmus/tmigr-seed-prefix.litmus',
  'packages/core/litmus/tmigr-seed-relaxed-read-fix.litmus',
  'packages/core/litmus/tmigr-seed-fix.litmus',
];

/** [file name, arguments, program (default: the CLI), environment shown and set (`NAME=value`)]. */
const TRANSCRIPTS = [
  ['help', ['--help']],
  ['check-help', ['check', '--help']],
  ['litmus-help', ['litmus', '--help']],
  ['seed-help', ['seed', '--help']],
  ['examples', ['check', '--example', 'list']],
  ['check-seqcount-aba', ['check', '--example', 'seqcount-aba']],
  ['check-sb-json', ['check', '--example', 'sb', '--json']],
  ['check-limit', ['check', '--example', 'cmpxchg-counter-4', '--max-states', '1000']],
  ['check-bad-example', ['check', '--example', 'nope']],
  ['scenarios', ['scenarios']],
  ['variants', ['variants']],
  ['seed', ['seed']],
  ['seed-sc', ['check', '--scenario', 'seed', '--variant', 'v7.1-rc1', '--model', 'sc']],
  ['seed-fixed-sc', ['check', '--scenario', 'seed', '--variant', 'bd3c45dd01', '--model', 'sc']],
  [
    'seed-sc-inv',
    ['check', '--scenario', 'seed', '--variant', 'v7.1-rc1', '--model', 'sc', ...INVARIANT_FLAGS],
  ],
  [
    'seed-lkmm-inv',
    [
      'check',
      '--scenario',
      'seed',
      '--variant',
      'v7.1-rc1',
      '--model',
      'lkmm',
      '--search',
      'dfs',
      ...INVARIANT_FLAGS,
    ],
    'cli',
    BIG_HEAP,
  ],
  ['litmus-sb', ['litmus', '--model', 'lkmm', '../shared/litmus/kernel-tools/SB+poonceonces.litmus']],
  ['litmus-seed-sc', ['litmus', '--model', 'sc', ...SEED_LITMUS]],
  ['litmus-seed-tso', ['litmus', '--model', 'tso', ...SEED_LITMUS]],
  ['litmus-seed-lkmm', ['litmus', '--model', 'lkmm', '--explain', ...SEED_LITMUS]],
  ['litmus-seed-3cpu', ['litmus', '--model', 'lkmm', ...SEED_3CPU]],
  ['litmus-seed-3cpu-sc', ['litmus', '--model', 'sc', ...SEED_3CPU]],
  ['litmus-seed-3cpu-tso', ['litmus', '--model', 'tso', ...SEED_3CPU]],
  [
    'litmus-rwc-corpus',
    [
      'litmus',
      '--model',
      'lkmm',
      '../shared/litmus/paulmckrcu/luc/RelAcq/C-RWC+poacquireacquire+fencembonceonce+Once.litmus',
      '../shared/litmus/paulmckrcu/luc/RelAcq/C-RWC+fencembonceonces+Release.litmus',
    ],
  ],
  ['api-mp', ['apps/docs/examples/api-mp.mjs'], 'node'],
  ['api-litmus', ['apps/docs/examples/api-litmus.mjs'], 'node'],
  ['api-wasm', ['apps/docs/examples/api-wasm.mjs'], 'node'],
  ['api-tmigr', ['apps/docs/examples/api-tmigr.mjs'], 'node'],
  ['corpus-kernel', ['--source', 'kernel-tools,kernel-doc'], 'corpus'],
  ['scenario-idle-race', ['check', '--scenario', 'apps/docs/examples/idle-race.yaml']],
  ['variant-mb-sc', ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/mb-then-read.mjs']],
  ['c-relaxed-sc', ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/relaxed-read.c']],
  ['c-mb-sc', ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/mb-then-read.c']],
  [
    'c-relaxed-lkmm',
    ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/relaxed-read.c', '--model', 'lkmm'],
  ],
  [
    'c-mb-lkmm',
    ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/mb-then-read.c', '--model', 'lkmm'],
  ],
  ['c-variant-error', ['check', '--scenario', 'seed', '--variant', 'apps/docs/examples/typo.c']],
  [
    'variant-one-line',
    ['check', '--scenario', 'new-timer', '--variant', 'apps/docs/examples/update-events-one-line.mjs'],
  ],
  ['no-seq-bug', ['check', '--scenario', 'no-seq', '--variant', 'no-seq']],
  ['idle-handover', ['check', '--scenario', 'idle-handover', '--variant', 'v7.1-rc1', '--ascii']],
  ['no-seq-fixed', ['check', '--scenario', 'no-seq', '--variant', 'v7.1-rc1']],
];

if (!existsSync(cli)) {
  console.error(`cli-output: ${cli} is missing; run \`pnpm build\` first`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
const only = process.argv[2];
/** Transcripts that take minutes (the whole seed job runs LKMM searches): only when named. */
const SLOW = new Set(['seed', 'seed-lkmm-inv', 'c-relaxed-lkmm', 'c-mb-lkmm']);
let failed = 0;
for (const [name, args, programName = 'cli', envText = ''] of TRANSCRIPTS) {
  if (only ? !name.includes(only) : SLOW.has(name)) continue;
  if (SLOW.has(name) && only !== name) continue;
  const program = PROGRAMS[programName];
  // --no-progress keeps stderr quiet where the command has it; it is not shown in the transcript.
  const quiet =
    programName === 'cli' && ['check', 'seed'].includes(args[0]) && !args.includes('--help')
      ? ['--no-progress']
      : [];
  // The corpus runner's progress line goes to stderr: keep only stdout for it.
  const keepStderr = programName !== 'corpus';
  const argv = program.file ? [program.file, ...args, ...quiet] : args;
  const env = { ...process.env };
  if (envText) {
    const [key, ...value] = envText.split('=');
    env[key] = value.join('=');
  }
  const run = spawnSync(process.execPath, argv, {
    env,
    cwd: root,
    encoding: 'utf8',
    timeout: SLOW.has(name) ? 3_600_000 : 600_000,
  });
  if (run.error) {
    console.error(`cli-output: ${name}: ${run.error.message}`);
    failed++;
    continue;
  }
  const shown = args.map((a) => (/^[\w./:=@+,-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  const block = (s) => (s.trim() ? `${s.trimEnd()}\n` : '');
  const text = `$ ${envText ? `${envText} ` : ''}${program.shown} ${shown}\n${block(run.stdout)}${keepStderr ? block(run.stderr) : ''}(exit code ${run.status})\n`;
  writeFileSync(join(outDir, `${name}.txt`), text);
  console.log(`cli-output: ${name}.txt (exit code ${run.status})`);
}
process.exit(failed === 0 ? 0 : 1);
