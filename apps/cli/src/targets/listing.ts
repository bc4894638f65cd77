import { listScenarios, listVariants } from '@tmigr-check/core';
import { out } from '../io.js';
import { outputWidth, table } from './table.js';

/** Prints the preset scenarios (name, description) as a table (fit to the output width unless `wide`) or JSON. */
export function printScenarios(json: boolean, wide?: boolean): void {
  const list = listScenarios();
  if (json) out(JSON.stringify(list, null, 2));
  else
    for (const line of table(
      ['scenario', 'description'],
      list.map((s) => [s.name, s.description]),
      { wrap: [1], width: outputWidth(wide) },
    ))
      out(line);
}

/** Prints the kernel variants (name, kernel version, description) as a table (fit to the output width unless `wide`) or JSON. */
export function printVariants(json: boolean, wide?: boolean): void {
  const list = listVariants();
  if (json) out(JSON.stringify(list, null, 2));
  else {
    const rows = list.map((v) => [v.name, v.kernel, v.description]);
    for (const line of table(['variant', 'kernel', 'description'], rows, {
      wrap: [1, 2],
      width: outputWidth(wide),
    }))
      out(line);
  }
}
