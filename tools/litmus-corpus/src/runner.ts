import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CompiledLitmus,
  compileLitmus,
  hasPlainAccess,
  type JudgedVerdict,
  type LitmusOutcome,
  LitmusSyntaxError,
  LitmusUnsupportedError,
  type ModelName,
  type OutcomeCollector,
  parseLitmus,
  runLitmus,
} from '@tmigr-check/core';
import { judge, oracleFor } from './judge.js';
import type { ManifestRow } from './manifest.js';

/** How one (test, model) pair ended. */
export type RowStatus = 'agree' | 'disagree' | 'unsupported' | 'timeout' | 'error' | 'not-judged';

/** The result of one test under one model. */
export interface RowResult {
  readonly row: ManifestRow;
  readonly model: ModelName;
  readonly status: RowStatus;
  /** The oracle verdict, when there is one. */
  readonly expected?: string;
  /** Our verdict, when the run completed. */
  readonly got?: JudgedVerdict;
  readonly pos?: number;
  readonly neg?: number;
  /** The flags herd7 printed (LKMM, where it ran) and ours, when the run completed. */
  readonly expectedFlags?: readonly string[];
  readonly flags?: readonly string[];
  /** Whether the compiled test has a plain access (known once it compiled). */
  readonly plain?: boolean;
  /** Unsupported feature, error message, or why the row is not judged. */
  readonly detail?: string;
  readonly seconds: number;
}

/** Options of {@link runCorpus}. */
export interface CorpusRunOptions {
  readonly dir: string;
  readonly models: readonly ModelName[];
  /** Per-test time budget in seconds (default 10). */
  readonly maxSeconds?: number;
  /**
   * Collect the outcomes with this search (the Wasm engine's `outcomes`) instead of the reference
   * explorer's; a test it refuses as too large (`WasmLimitError`) runs on the reference.
   */
  readonly collect?: OutcomeCollector;
  /** Called after every result (progress). */
  readonly onResult?: (r: RowResult, done: number, total: number) => void;
}

type Compiled = { kind: 'ok'; compiled: CompiledLitmus } | { kind: 'unsupported' | 'error'; detail: string };

function compileRow(dir: string, row: ManifestRow): Compiled {
  try {
    const text = readFileSync(resolve(dir, row.path), 'utf8');
    return { kind: 'ok', compiled: compileLitmus(parseLitmus(text, row.path)) };
  } catch (e) {
    if (e instanceof LitmusUnsupportedError) return { kind: 'unsupported', detail: e.feature };
    if (e instanceof LitmusSyntaxError) return { kind: 'error', detail: e.message };
    return { kind: 'error', detail: `${row.path}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Whether a row's test has a plain access (C `*x = v` / `r = *x`) as the front end sees it: it
 * compiles to a program with one, or is refused because of one (`plain-access-dependency`).
 * Tests that the front end refuses earlier for another feature (RCU, ...) are not counted.
 */
export function isPlainAccessTest(dir: string, row: ManifestRow): boolean {
  const c = compileRow(dir, row);
  if (c.kind === 'ok') return hasPlainAccess(c.compiled.program);
  return c.kind === 'unsupported' && c.detail.startsWith('plain-access');
}

/** Judges one outcome against a row's oracle. */
export function resultOf(row: ManifestRow, model: ModelName, outcome: LitmusOutcome): RowResult {
  const base = { row, model, seconds: outcome.seconds };
  if (outcome.status === 'timeout') return { ...base, status: 'timeout' };
  if (outcome.status === 'error') return { ...base, status: 'error', detail: outcome.error ?? 'error' };
  const got = { got: outcome.judged, pos: outcome.pos, neg: outcome.neg, flags: outcome.flags };
  const oracle = oracleFor(row, model);
  if (oracle.kind === 'skip') return { ...base, ...got, status: 'not-judged', detail: oracle.reason };
  const flagsAgree = oracle.flags === undefined || oracle.flags.join(',') === outcome.flags.join(',');
  return {
    ...base,
    ...got,
    expected: oracle.expected,
    ...(oracle.flags !== undefined ? { expectedFlags: oracle.flags } : {}),
    status: judge(oracle.expected, outcome.judged) && flagsAgree ? 'agree' : 'disagree',
  };
}

function runWith(
  compiled: CompiledLitmus,
  model: ModelName,
  maxSeconds: number,
  collect: OutcomeCollector | undefined,
): LitmusOutcome {
  if (collect) {
    try {
      return runLitmus(compiled, { model, maxSeconds, collect });
    } catch (e) {
      if (!(e instanceof Error && e.name === 'WasmLimitError')) throw e;
    }
  }
  return runLitmus(compiled, { model, maxSeconds });
}

/** Runs every row under every model, in one process, one test at a time. */
export async function runCorpus(
  rows: readonly ManifestRow[],
  options: CorpusRunOptions,
): Promise<RowResult[]> {
  const maxSeconds = options.maxSeconds ?? 10;
  const results: RowResult[] = [];
  const total = rows.length * options.models.length;
  for (const row of rows) {
    const c = compileRow(options.dir, row);
    for (const model of options.models) {
      let r: RowResult;
      if (c.kind !== 'ok') {
        r = { row, model, status: c.kind, detail: c.detail, seconds: 0 };
      } else {
        try {
          const outcome = runWith(c.compiled, model, maxSeconds, options.collect);
          r = { ...resultOf(row, model, outcome), plain: hasPlainAccess(c.compiled.program) };
        } catch (e) {
          r = {
            row,
            model,
            status: 'error',
            detail: e instanceof Error ? e.message : String(e),
            seconds: 0,
            plain: hasPlainAccess(c.compiled.program),
          };
        }
      }
      results.push(r);
      options.onResult?.(r, results.length, total);
    }
  }
  return results;
}
