import { listScenarios, listVariants } from '@tmigr-check/core';
import { out } from '../io.js';
import { table } from './table.js';

/** Prints the preset scenarios (name, description) as a table or JSON. */
export function printScenarios(json: boolean): void {
  const list = listScenarios();
  if (json) out(JSON.stringify(list, null, 2));
  else
    for (const line of table(
      ['scenario', 'description'],
      list.map((s) => [s.name, s.description]),
    ))
      out(line);
}

/** Prints the kernel variants (name, kernel version, description) as a table or JSON. */
export function printVariants(json: boolean): void {
  const list = listVariants();
  if (json) out(JSON.stringify(list, null, 2));
  else {
    const rows = list.map((v) => [v.name, v.kernel, v.description]);
    for (const line of table(['variant', 'kernel', 'description'], rows)) out(line);
  }
}
