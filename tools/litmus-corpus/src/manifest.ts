import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One row of `manifest.tsv` (the columns the runner uses). */
export interface ManifestRow {
  readonly path: string;
  readonly source: string;
  readonly arch: string;
  readonly name: string;
  readonly nprocs: number;
  readonly quantifier: string;
  readonly filter: boolean;
  readonly datarace: boolean;
  readonly subset: string;
  readonly oracleLkmm: string;
  readonly herdLkmm: string;
  readonly herdSc: string;
  readonly herdTso: string;
  readonly primitives: string;
}

/** Thrown when the manifest lacks a column the runner needs. */
export class ManifestError extends Error {}

/** Parses `manifest.tsv` text (tab-separated, header row). */
export function parseManifest(text: string): ManifestRow[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new ManifestError(`manifest.tsv: no column '${name}'`);
    return i;
  };
  const c = {
    path: col('path'),
    source: col('source'),
    arch: col('arch'),
    name: col('name'),
    nprocs: col('nprocs'),
    quantifier: col('quantifier'),
    filter: col('filter'),
    datarace: col('datarace'),
    subset: col('subset'),
    oracleLkmm: col('oracle_lkmm'),
    herdLkmm: col('herd_lkmm'),
    herdSc: col('herd_sc'),
    herdTso: col('herd_tso'),
    primitives: col('primitives'),
  };
  return lines.slice(1).map((line) => {
    const f = line.split('\t');
    const at = (i: number) => f[i] ?? '';
    return {
      path: at(c.path),
      source: at(c.source),
      arch: at(c.arch),
      name: at(c.name),
      nprocs: Number(at(c.nprocs)) || 0,
      quantifier: at(c.quantifier),
      filter: at(c.filter) === '1',
      datarace: at(c.datarace) === '1',
      subset: at(c.subset),
      oracleLkmm: at(c.oracleLkmm),
      herdLkmm: at(c.herdLkmm),
      herdSc: at(c.herdSc),
      herdTso: at(c.herdTso),
      primitives: at(c.primitives),
    };
  });
}

/** Reads `DIR/manifest.tsv`. */
export function readManifest(dir: string): ManifestRow[] {
  return parseManifest(readFileSync(resolve(dir, 'manifest.tsv'), 'utf8'));
}
