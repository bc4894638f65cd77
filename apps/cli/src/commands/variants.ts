import type { Command } from 'commander';
import { EXIT } from '../io.js';

/** `tmigr-check variants`: lists the kernel variants that ship with core. */
export function registerVariants(program: Command): void {
  program
    .command('variants')
    .description('list the kernel variants (use one with `check --scenario S --variant NAME`)')
    .option('--json', 'print a JSON array')
    .action(async (flags: { json?: boolean }) => {
      const { printVariants } = await import('../targets/listing.js');
      printVariants(flags.json ?? false);
      process.exitCode = EXIT.ok;
    });
}
