import type { RowResult, RowStatus } from './runner.js';

const COLUMNS: readonly RowStatus[] = ['agree', 'disagree', 'unsupported', 'timeout', 'error', 'not-judged'];

/** Counts per status. */
export type Counts = Record<RowStatus, number> & { tests: number; seconds: number };

function empty(): Counts {
  return {
    tests: 0,
    seconds: 0,
    agree: 0,
    disagree: 0,
    unsupported: 0,
    timeout: 0,
    error: 0,
    'not-judged': 0,
  };
}

/** Counts results per `source` and model (and in total per model). */
export function tally(results: readonly RowResult[]): Map<string, Counts> {
  const byKey = new Map<string, Counts>();
  const add = (key: string, r: RowResult) => {
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = empty()));
    c.tests++;
    c.seconds += r.seconds;
    c[r.status]++;
  };
  for (const r of results) {
    add(`${r.model}\t${r.row.source}`, r);
    add(`${r.model}\tall`, r);
  }
  return byKey;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** The agreement table, the disagreements and the unsupported features, as lines of text. */
export function formatReport(results: readonly RowResult[], wallSeconds: number): string[] {
  const lines: string[] = [];
  const head = ['model', 'source', 'tests', ...COLUMNS, 'agree %', 'seconds'];
  const widths = [6, 14, 6, 6, 9, 12, 8, 6, 11, 8, 8];
  lines.push(head.map((h, i) => pad(h, widths[i]!, i >= 2)).join(' '));
  const counts = tally(results);
  const keys = [...counts.keys()].sort((a, b) => {
    const [ma, sa] = a.split('\t') as [string, string];
    const [mb, sb] = b.split('\t') as [string, string];
    if (ma !== mb) return ['sc', 'tso', 'lkmm'].indexOf(ma) - ['sc', 'tso', 'lkmm'].indexOf(mb);
    if (sa === 'all') return 1;
    if (sb === 'all') return -1;
    return sa < sb ? -1 : 1;
  });
  for (const key of keys) {
    const [model, source] = key.split('\t') as [string, string];
    const c = counts.get(key)!;
    const judged = c.agree + c.disagree;
    const pct = judged > 0 ? ((100 * c.agree) / judged).toFixed(1) : '-';
    const cells = [
      model,
      source,
      String(c.tests),
      ...COLUMNS.map((s) => String(c[s])),
      pct,
      c.seconds.toFixed(1),
    ];
    lines.push(cells.map((v, i) => pad(v, widths[i]!, i >= 2)).join(' '));
  }
  const plain = results.filter((r) => r.plain === true && r.model === 'lkmm');
  if (plain.length > 0) {
    const n = (s: RowStatus) => plain.filter((r) => r.status === s).length;
    lines.push(
      '',
      `plain accesses (lkmm, verdict and data-race flag): ${n('agree')} agree / ${plain.length} total, ${n('disagree')} disagree` +
        `, ${n('timeout')} timeout, ${n('error')} error, ${n('not-judged')} not judged`,
    );
  }
  const bad = results.filter((r) => r.status === 'disagree');
  if (bad.length > 0) {
    lines.push('', `disagreements (${bad.length}):`);
    const flagText = (f: readonly string[] | undefined) => (f && f.length > 0 ? ` ${f.join(',')}` : '');
    for (const r of bad)
      lines.push(
        `  ${r.model} ${r.row.path}: expected ${r.expected}${flagText(r.expectedFlags)}, got ${r.got} (${r.pos} ${r.neg})${flagText(r.flags)}`,
      );
  }
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length > 0) {
    lines.push('', `errors (${errors.length}):`);
    for (const r of errors) lines.push(`  ${r.model} ${r.row.path}: ${r.detail}`);
  }
  const timeouts = results.filter((r) => r.status === 'timeout');
  if (timeouts.length > 0) {
    lines.push('', `time-outs (${timeouts.length}):`);
    for (const r of timeouts) lines.push(`  ${r.model} ${r.row.path}`);
  }
  const unsupported = new Map<string, number>();
  for (const r of results)
    if (r.status === 'unsupported')
      unsupported.set(r.detail ?? '?', (unsupported.get(r.detail ?? '?') ?? 0) + 1);
  if (unsupported.size > 0) {
    const list = [...unsupported.entries()].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`);
    lines.push('', `unsupported (test×model counts): ${list.join(', ')}`);
  }
  lines.push('', `wall time: ${wallSeconds.toFixed(1)} s`);
  return lines;
}
