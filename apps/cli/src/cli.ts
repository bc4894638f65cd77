import { CVariantError, IrValidationError } from '@tmigr-check/core';
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerLitmus } from './commands/litmus.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerSeed } from './commands/seed.js';
import { registerVariants } from './commands/variants.js';
import { EXIT, err, UsageError } from './io.js';
import { VERSION } from './version.js';

/** Builds the command-line program (exported for tests). */
export function buildCli(): Command {
  const program = new Command('tmigr-check')
    .description(
      "model checker for the Linux kernel's timer-migration hierarchy (kernel/time/timer_migration.c)",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCheck(program);
  registerLitmus(program);
  registerSeed(program);
  registerScenarios(program);
  registerVariants(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; never throws: errors become one line on stderr and an exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await buildCli().parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message; help/version exit 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof IrValidationError || e instanceof CVariantError) {
      err(`tmigr-check: ${e.message}`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    err(`tmigr-check: internal error: ${message}`);
    if (process.env.TMIGR_CHECK_DEBUG) err(e instanceof Error ? (e.stack ?? '') : '');
    return 70;
  }
}
