import { type Command, Option } from 'commander';
import { positiveInt, positiveNumber } from '../io.js';
import { NO_POR_HELP } from '../reduction.js';
import type { SeedFlags } from '../targets/seed-run.js';

/**
 * `tmigr-check seed`: the seed race (bd3c45dd01) on its scenario, for the kernel before the
 * fix, the fix with a relaxed read and the fix, under SC, x86-TSO and LKMM; a table of
 * verdicts, the finding, then the LKMM counterexample of the relaxed-read fix drawn as
 * hierarchy trees. Exit 0 when every search completes and matches the expected table, 1 when
 * a result differs, 3 when a limit stopped a search.
 */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      'check the seed race (bd3c45dd01): scenario `seed`; kernels v7.1-rc1 (before the fix), relaxed-read-fix (the fix with a relaxed atomic_read()) and bd3c45dd01 (the fix); under sc, tso and lkmm',
    )
    .addHelpText(
      'after',
      `
Expected: v7.1-rc1 trips WARN_ON_ONCE(!state.active) under every model and breaks no invariant;
relaxed-read-fix is ok under sc and breaks an invariant under tso and lkmm; bd3c45dd01 passes
everything (issue 11; herd7 verdicts recorded in packages/core/litmus/tmigr-seed-*.litmus).

Exit status: 0 every search completed and gave the expected result; 1 a result differs from
the expected table; 3 a limit (time, states, memory) stopped a search first; 130 interrupted.
The lkmm searches take minutes each (a complete one visits about 2 million states).`,
    )
    .option('--scenario <name|file>', 'the scenario to run', 'seed')
    .addOption(
      new Option('--models <models...>', 'memory models to run (default: sc tso lkmm)').choices([
        'sc',
        'tso',
        'lkmm',
      ]),
    )
    .option('--json', 'print one JSON object instead of text')
    .option('--wide', 'print the table at full width (default: fit the terminal, wrapping long text)')
    .option('--ascii', 'draw hierarchy trees with ASCII characters only')
    .option('--itf <file>', 'write the LKMM counterexample as ITF JSON to FILE')
    .option('--max-states <n>', 'per run: stop after storing N states', positiveInt('--max-states'))
    .option(
      '--max-seconds <s>',
      'per run: stop after S seconds (default 60 for sc, 300 for tso, 900 for lkmm, unless --max-states is given)',
      positiveNumber('--max-seconds'),
    )
    .option(
      '--max-memory <mb>',
      'per run: stop when the search holds more than MB MiB of heap (default: 85 % of the heap limit)',
      positiveInt('--max-memory'),
    )
    .option('--no-por', NO_POR_HELP)
    .option('--no-progress', 'do not print progress on stderr')
    .action(async (flags: SeedFlags) => {
      const { runSeed } = await import('../targets/seed-run.js');
      process.exitCode = await runSeed(flags);
    });
}
