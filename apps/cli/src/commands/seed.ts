import { type Command, Option } from 'commander';
import { positiveInt, positiveNumber } from '../io.js';
import type { SeedFlags } from '../targets/seed-run.js';

/**
 * `tmigr-check seed`: the seed race (bd3c45dd01) on its scenario, for the kernel before and
 * after the fix under SC, x86-TSO and LKMM; a table of verdicts, then the LKMM counterexample
 * drawn as hierarchy trees. Exit 0 when every result matches the story, 1 otherwise.
 */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      'check the seed race (bd3c45dd01): scenario `seed`, kernels before and after the fix, under sc, tso and lkmm',
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
    .option('--ascii', 'draw hierarchy trees with ASCII characters only')
    .option('--itf <file>', 'write the LKMM counterexample as ITF JSON to FILE')
    .option('--max-states <n>', 'per run: stop after storing N states', positiveInt('--max-states'))
    .option(
      '--max-seconds <s>',
      'per run: stop after S seconds (default 60 for sc and tso, 900 for lkmm, unless --max-states is given)',
      positiveNumber('--max-seconds'),
    )
    .option(
      '--max-memory <mb>',
      'per run: stop when the search holds more than MB MiB of heap (default: 85 % of the heap limit)',
      positiveInt('--max-memory'),
    )
    .option('--no-progress', 'do not print progress on stderr')
    .action(async (flags: SeedFlags) => {
      const { runSeed } = await import('../targets/seed-run.js');
      process.exitCode = await runSeed(flags);
    });
}
