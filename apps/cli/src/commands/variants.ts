import type { Command } from 'commander';
import { EXIT } from '../io.js';

/** `tmigr-check variants`: lists the kernel variants that ship with core. */
export function registerVariants(program: Command): void {
  program
    .command('variants')
    .description('list the kernel variants (use one with `check --scenario S --variant NAME`)')
    .option('--json', 'print a JSON array')
    .option('--wide', 'print the table at full width (default: fit the terminal, wrapping long text)')
    .action(async (flags: { json?: boolean; wide?: boolean }) => {
      const { printVariants } = await import('../targets/listing.js');
      printVariants(flags.json ?? false, flags.wide);
      process.exitCode = EXIT.ok;
    });
}
