import type { Command } from 'commander';
import { EXIT } from '../io.js';

/** `tmigr-check scenarios`: lists the preset scenarios that ship with core. */
export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the preset tmigr scenarios (use one with `check --scenario NAME`)')
    .option('--json', 'print a JSON array')
    .option('--wide', 'print the table at full width (default: fit the terminal, wrapping long text)')
    .action(async (flags: { json?: boolean; wide?: boolean }) => {
      const { printScenarios } = await import('../targets/listing.js');
      printScenarios(flags.json ?? false, flags.wide);
      process.exitCode = EXIT.ok;
    });
}
