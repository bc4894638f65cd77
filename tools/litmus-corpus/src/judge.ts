import type { JudgedVerdict, ModelName } from '@tmigr-check/core';
import type { ManifestRow } from './manifest.js';

/** What a row expects under a model: a verdict to compare with, or why it is not judged. */
export type Oracle =
  | {
      readonly kind: 'judge';
      readonly expected: string;
      /** LKMM, where herd7 ran: the flags it printed (`data-race`, `mixed-accesses`), sorted. */
      readonly flags?: readonly string[];
    }
  | { readonly kind: 'skip'; readonly reason: string };

const OBSERVATION = /^(Never|Sometimes|Always) \d+ \d+\b/;

/** The flags of a herd observation (`Sometimes 1 3 data-race,mixed-accesses`), sorted. */
export function herdFlags(observation: string): string[] {
  const extra = observation.trim().split(/\s+/).slice(3).join(',');
  return extra === ''
    ? []
    : extra
        .split(',')
        .filter((f) => f !== '')
        .sort();
}

/** The word herd printed, with `Never 0 0` read as DEADLOCK. */
export function herdWord(observation: string): string {
  const t = observation.trim();
  if (/^Never 0 0\b/.test(t)) return 'DEADLOCK';
  return t.split(/\s+/)[0] ?? '';
}

/**
 * The oracle of a manifest row (README "Judging a verdict"): LKMM → `oracle_lkmm`; SC → the
 * first word of `herd_sc`; TSO → the first word of `herd_tso`. Where herd7 ran under LKMM, its
 * flags (`herd_lkmm`) are part of the oracle. Empty, `ERROR:…` and `dat3m=…` oracles are not
 * judged, nor DATARACE rows without a herd7 run (a `Result:` on a racy outcome is not
 * meaningful; herd7's own verdict is).
 */
export function oracleFor(row: ManifestRow, model: ModelName): Oracle {
  const raw = model === 'lkmm' ? row.oracleLkmm : model === 'sc' ? row.herdSc : row.herdTso;
  const expected = model === 'lkmm' ? raw.trim() : herdWord(raw);
  if (expected === '') return { kind: 'skip', reason: 'no oracle' };
  if (expected.startsWith('ERROR'))
    return { kind: 'skip', reason: `herd7 ${expected.slice(6).toLowerCase() || 'error'}` };
  if (expected.startsWith('dat3m=')) return { kind: 'skip', reason: 'not comparable (dat3m value only)' };
  const herdRan = model === 'lkmm' && OBSERVATION.test(row.herdLkmm.trim());
  if (row.datarace && !herdRan) return { kind: 'skip', reason: 'data race expected' };
  return herdRan ? { kind: 'judge', expected, flags: herdFlags(row.herdLkmm) } : { kind: 'judge', expected };
}

/**
 * Whether a verdict matches an expectation (after judgelitmus.sh): DEADLOCK only matches
 * DEADLOCK (`Never 0 0`); `Maybe` matches anything; `Sometimes|Always` matches either.
 */
export function judge(expected: string, got: JudgedVerdict): boolean {
  if (expected === 'Maybe') return true;
  if (expected === 'Sometimes|Always') return got === 'Sometimes' || got === 'Always';
  return expected === got;
}
