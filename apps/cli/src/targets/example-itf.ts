import { writeFileSync } from 'node:fs';
import type { CheckResult, Program } from '@tmigr-check/core';
import { traceToItf } from '@tmigr-check/core';
import { UsageError } from '../io.js';
import { traceOf } from '../trace-json.js';

/**
 * Writes the counterexample of a plain program as ITF JSON (locations by their names).
 * Returns the file name, or null when the result has no trace (nothing is written).
 */
export function writeExampleItf(file: string, program: Program, result: CheckResult): string | null {
  const trace = traceOf(program, result);
  if (!trace) return null;
  const itf = traceToItf(program, trace, { model: result.model, property: result.property });
  try {
    writeFileSync(file, `${JSON.stringify(itf, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(`--itf: cannot write '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return file;
}
