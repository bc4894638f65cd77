/**
 * How the CLI reports partial-order reduction (core's analysis/por.ts; the Wasm engine's SC and
 * TSO searches, on by default, `--no-por` to turn it off): with it on, the counts are those of
 * the reduced search, which stores fewer states with the same verdicts.
 */
import type { CheckResult } from '@tmigr-check/core';

export const NO_POR_HELP =
  'turn off partial-order reduction in the Wasm SC and TSO searches (on by default: the same verdicts from fewer states; off, the counts equal the reference explorer)';

/** The JSON field: whether the reduction was on (false for every search it does not apply to). */
export function reductionJson(result: CheckResult): { por: boolean } {
  return { por: result.por === true };
}

/** Text after "engine NAME" in a result line: said only where the reduction applies. */
export function reductionText(result: CheckResult): string {
  if (result.por === undefined) return '';
  return result.por ? ', partial-order reduction on (reduced counts)' : ', partial-order reduction off';
}

/** The note under the seed table: how the sc and tso rows were searched. */
export function seedReductionNote(results: readonly (CheckResult | null | undefined)[]): string | null {
  const applied = results.filter((r): r is CheckResult => r?.por !== undefined);
  if (applied.length === 0) return null;
  return applied.every((r) => r.por)
    ? 'sc and tso: Wasm engine with partial-order reduction on, states of the reduced search (--no-por: the full state space)'
    : applied.every((r) => !r.por)
      ? 'sc and tso: Wasm engine, partial-order reduction off (--no-por)'
      : 'partial-order reduction on for some sc/tso rows only';
}
