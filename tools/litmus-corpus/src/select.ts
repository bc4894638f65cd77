import type { ManifestRow } from './manifest.js';

/** Which rows to run. */
export interface Selection {
  /** `core`, `ext`, `out` or `all` C tests (default core). */
  readonly subset?: string;
  /** Only these sources (`kernel-tools`, `kernel-doc`, `paulmckrcu`); all when empty. */
  readonly sources?: readonly string[];
  /** Only paths containing this text. */
  readonly match?: string;
  /** Only tests with at least this many processes. */
  readonly minProcs?: number;
  /** Only tests with at most this many processes. */
  readonly maxProcs?: number;
  /** A deterministic sample of about this many rows: every k-th row sorted by path. */
  readonly sample?: number;
}

/** Keeps `n` rows of `rows` (sorted by path): every k-th one, k = floor(len / n), starting at 0. */
export function everyKth<T extends { readonly path: string }>(rows: readonly T[], n: number): T[] {
  const sorted = [...rows].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (n >= sorted.length) return sorted;
  const k = Math.max(1, Math.floor(sorted.length / n));
  const out: T[] = [];
  for (let i = 0; i < sorted.length && out.length < n; i += k) out.push(sorted[i]!);
  return out;
}

/** The C-test rows a selection names, sorted by path. */
export function selectRows(rows: readonly ManifestRow[], sel: Selection): ManifestRow[] {
  const subset = sel.subset ?? 'core';
  let out = rows.filter((r) => r.arch === 'C' && (subset === 'all' || r.subset === subset));
  if (sel.sources && sel.sources.length > 0) out = out.filter((r) => sel.sources!.includes(r.source));
  if (sel.minProcs !== undefined) out = out.filter((r) => r.nprocs >= sel.minProcs!);
  if (sel.maxProcs !== undefined) out = out.filter((r) => r.nprocs <= sel.maxProcs!);
  if (sel.match) out = out.filter((r) => r.path.includes(sel.match!));
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sel.sample !== undefined ? everyKth(out, sel.sample) : out;
}
