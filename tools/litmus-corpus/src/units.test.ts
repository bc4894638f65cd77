import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgsError, parseArgs } from './args.js';
import { herdFlags, herdWord, judge, oracleFor } from './judge.js';
import { type ManifestRow, parseManifest } from './manifest.js';
import { corpusDir } from './paths.js';
import { resultOf } from './runner.js';
import { everyKth, selectRows } from './select.js';

const HEADER =
  'path\tsource\tarch\tname\tnprocs\tquantifier\tfilter\texpected\texpected_from\tresult\tdatarace\tdat3m_expected\tagree\tplain\tsubset\toracle_lkmm\therd_lkmm\therd_sc\therd_tso\tprimitives';

function row(over: Partial<Record<string, string>>): string {
  const cols = HEADER.split('\t');
  const base: Record<string, string> = {
    arch: 'C',
    subset: 'core',
    nprocs: '2',
    source: 'paulmckrcu',
    datarace: '0',
    filter: '0',
  };
  return cols.map((c) => over[c] ?? base[c] ?? '').join('\t');
}

function rowsOf(...over: Partial<Record<string, string>>[]): ManifestRow[] {
  return parseManifest(`${HEADER}\n${over.map(row).join('\n')}\n`);
}

describe('judging (README "Judging a verdict")', () => {
  it('reads herd observations, with Never 0 0 as DEADLOCK', () => {
    expect(herdWord('Never 0 0')).toBe('DEADLOCK');
    expect(herdWord('Never 0 3')).toBe('Never');
    expect(herdWord('Sometimes 1 3 data-race')).toBe('Sometimes');
    expect(herdWord('')).toBe('');
  });

  it('takes the oracle column of each model and leaves empty, ERROR and dat3m rows unjudged', () => {
    const [r] = rowsOf({
      path: 'a.litmus',
      oracle_lkmm: 'Sometimes',
      herd_sc: 'Never 0 0',
      herd_tso: 'Always 2 0',
    });
    expect(oracleFor(r!, 'lkmm')).toEqual({ kind: 'judge', expected: 'Sometimes' });
    expect(oracleFor(r!, 'sc')).toEqual({ kind: 'judge', expected: 'DEADLOCK' });
    expect(oracleFor(r!, 'tso')).toEqual({ kind: 'judge', expected: 'Always' });
    const [t] = rowsOf({ path: 'b.litmus', oracle_lkmm: 'dat3m=1', herd_sc: 'ERROR:TIMEOUT', herd_tso: '' });
    expect(oracleFor(t!, 'lkmm').kind).toBe('skip');
    expect(oracleFor(t!, 'sc')).toEqual({ kind: 'skip', reason: 'herd7 timeout' });
    expect(oracleFor(t!, 'tso')).toEqual({ kind: 'skip', reason: 'no oracle' });
  });

  it("reads herd7's flags and judges them with the LKMM verdict where herd7 ran", () => {
    expect(herdFlags('Sometimes 3 6 mixed-accesses,data-race')).toEqual(['data-race', 'mixed-accesses']);
    expect(herdFlags('Never 0 7 data-race')).toEqual(['data-race']);
    expect(herdFlags('Never 0 3')).toEqual([]);
    const [racy, recorded] = rowsOf(
      { path: 'r.litmus', datarace: '1', oracle_lkmm: 'Never', herd_lkmm: 'Never 0 7 data-race' },
      { path: 's.litmus', datarace: '1', oracle_lkmm: 'Sometimes', herd_lkmm: '' },
    );
    // A DATARACE row is judged where herd7 ran (its verdict and flags), not on the comment alone.
    expect(oracleFor(racy!, 'lkmm')).toEqual({ kind: 'judge', expected: 'Never', flags: ['data-race'] });
    expect(oracleFor(recorded!, 'lkmm')).toEqual({ kind: 'skip', reason: 'data race expected' });
    const outcome = (flags: string[]) => ({
      name: 'r',
      model: 'lkmm' as const,
      status: 'ok' as const,
      quantifier: 'exists' as const,
      verdict: 'Never' as const,
      judged: 'Never' as const,
      pos: 0,
      neg: 7,
      validated: false,
      finals: [],
      flags,
      states: 1,
      seconds: 0,
    });
    expect(resultOf(racy!, 'lkmm', outcome(['data-race']))).toMatchObject({
      status: 'agree',
      expectedFlags: ['data-race'],
      flags: ['data-race'],
    });
    // Right verdict, missing flag: a disagreement.
    expect(resultOf(racy!, 'lkmm', outcome([])).status).toBe('disagree');
    expect(resultOf(racy!, 'lkmm', outcome(['data-race', 'mixed-accesses'])).status).toBe('disagree');
  });

  it('matches verdicts: Maybe anything, Sometimes|Always either, DEADLOCK only DEADLOCK', () => {
    const all = ['Never', 'Sometimes', 'Always', 'DEADLOCK'] as const;
    for (const got of all) {
      expect(judge('Maybe', got)).toBe(true);
      expect(judge('Sometimes|Always', got)).toBe(got === 'Sometimes' || got === 'Always');
      expect(judge('DEADLOCK', got)).toBe(got === 'DEADLOCK');
      expect(judge('Never', got)).toBe(got === 'Never');
    }
  });
});

describe('row selection', () => {
  const rows = rowsOf(
    { path: 'paulmckrcu/b.litmus', nprocs: '2' },
    { path: 'kernel-tools/a.litmus', source: 'kernel-tools', nprocs: '3' },
    { path: 'paulmckrcu/c.litmus', subset: 'ext' },
    { path: 'paulmckrcu/d.litmus', arch: 'LISA', subset: 'n/a' },
    { path: 'paulmckrcu/e.litmus', nprocs: '5' },
  );

  it('keeps C tests of the subset and sources, sorted by path', () => {
    expect(selectRows(rows, {}).map((r) => r.path)).toEqual([
      'kernel-tools/a.litmus',
      'paulmckrcu/b.litmus',
      'paulmckrcu/e.litmus',
    ]);
    expect(selectRows(rows, { sources: ['paulmckrcu'], maxProcs: 3 }).map((r) => r.path)).toEqual([
      'paulmckrcu/b.litmus',
    ]);
    expect(selectRows(rows, { subset: 'all' })).toHaveLength(4);
  });

  it('samples deterministically: every k-th row, at most n, independent of input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 70 }),
        (paths, n) => {
          const items = paths.map((path) => ({ path }));
          const a = everyKth(items, n);
          const b = everyKth([...items].reverse(), n);
          expect(a).toEqual(b);
          expect(a.length).toBe(Math.min(n, items.length));
          const sorted = [...paths].sort();
          expect(a[0]!.path).toBe(sorted[0]);
        },
      ),
    );
  });
});

describe('command line', () => {
  it('parses the options with defaults', () => {
    expect(parseArgs([])).toMatchObject({
      models: ['sc', 'tso', 'lkmm'],
      subset: 'core',
      sources: [],
      maxSeconds: 10,
      engine: 'ts',
    });
    expect(
      parseArgs([
        '--model',
        'sc',
        '--subset=ext',
        '--source',
        'kernel-doc,kernel-tools',
        '--sample',
        '12',
        '--max-procs',
        '3',
      ]),
    ).toMatchObject({
      models: ['sc'],
      subset: 'ext',
      sources: ['kernel-doc', 'kernel-tools'],
      sample: 12,
      maxProcs: 3,
    });
    expect(parseArgs(['--engine', 'both'])).toMatchObject({ engine: 'both' });
    expect(parseArgs(['--engine', 'wasm'])).toMatchObject({ engine: 'wasm' });
  });

  it('rejects bad options with one line naming the flag', () => {
    expect(() => parseArgs(['--model', 'arm'])).toThrow(
      new ArgsError("--model: unknown model 'arm' (sc, tso, lkmm, all)"),
    );
    expect(() => parseArgs(['--sample', '0'])).toThrow('--sample: expected a positive integer');
    expect(() => parseArgs(['--source'])).toThrow('--source: missing value');
    expect(parseArgs(['--plain']).plain).toBe(true);
    expect(parseArgs([]).plain).toBe(false);
    expect(() => parseArgs(['--plain=1'])).toThrow('--plain: takes no value');
    expect(() => parseArgs(['--frobnicate'])).toThrow("unknown argument '--frobnicate'");
    expect(() => parseArgs(['--engine', 'herd'])).toThrow(
      new ArgsError("--engine: unknown engine 'herd' (ts, wasm, both)"),
    );
  });

  it('finds the corpus through TMIGR_LITMUS_DIR, else next to the repository', () => {
    expect(corpusDir({ TMIGR_LITMUS_DIR: '/some/where' })).toBe('/some/where');
    expect(corpusDir({}).endsWith('/shared/litmus')).toBe(true);
  });
});
