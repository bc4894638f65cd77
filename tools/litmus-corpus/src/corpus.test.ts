import { type ModelName, semanticsFor } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { readManifest } from './manifest.js';
import { corpusDir, corpusPresent } from './paths.js';
import { type RowResult, runCorpus } from './runner.js';
import { selectRows } from './select.js';

const DIR = corpusDir();
const FOUND = corpusPresent(DIR);
const MODELS: readonly ModelName[] = ['sc', 'tso', 'lkmm'];
/** The paulmckrcu sample: every k-th core test with at most 3 processes, sorted by path. */
const SAMPLE = { size: 320, maxProcs: 3 };

function modelAvailable(model: ModelName): boolean {
  try {
    semanticsFor({ name: 'probe', locations: [], threads: [{ name: 'P0', registers: [], code: [] }] }, model);
    return true;
  } catch {
    return false;
  }
}

/** One line per result that is not an agreement, for a readable failure. */
function problems(results: readonly RowResult[]): string[] {
  return results
    .filter((r) => r.status === 'disagree' || r.status === 'error' || r.status === 'unsupported')
    .map((r) =>
      r.status === 'disagree'
        ? `${r.model} ${r.row.path}: expected ${r.expected}, got ${r.got} (${r.pos} ${r.neg})`
        : `${r.model} ${r.row.path}: ${r.status} ${r.detail ?? ''}`,
    );
}

describe('litmus corpus: agreement with herd7', () => {
  if (!FOUND) {
    it('skipped: corpus not found', (ctx) => {
      ctx.skip(`skipped: corpus not found (looked in ${DIR}; set TMIGR_LITMUS_DIR)`);
    });
    return;
  }
  const rows = readManifest(DIR);
  const kernel = selectRows(rows, { subset: 'core', sources: ['kernel-tools', 'kernel-doc'] });
  const sample = selectRows(rows, {
    subset: 'core',
    sources: ['paulmckrcu'],
    maxProcs: SAMPLE.maxProcs,
    sample: SAMPLE.size,
  });

  it('selects the 39 kernel core tests and a fixed sample of at least 300 paulmckrcu core tests', () => {
    expect(kernel).toHaveLength(39);
    expect(sample.length).toBeGreaterThanOrEqual(300);
    expect(new Set(sample.map((r) => r.path)).size).toBe(sample.length);
  });

  for (const model of MODELS) {
    const available = modelAvailable(model);
    it(`kernel core tests under ${model}: every judged verdict agrees`, async (ctx) => {
      if (!available) ctx.skip(`model ${model} is not available in the reference explorer yet`);
      const results = await runCorpus(kernel, { dir: DIR, models: [model], maxSeconds: 10 });
      expect(problems(results)).toEqual([]);
      expect(results.filter((r) => r.status === 'agree').length).toBeGreaterThanOrEqual(kernel.length - 1);
    });
    it(`paulmckrcu core sample under ${model}: every judged verdict agrees`, async (ctx) => {
      if (!available) ctx.skip(`model ${model} is not available in the reference explorer yet`);
      const results = await runCorpus(sample, { dir: DIR, models: [model], maxSeconds: 10 });
      expect(problems(results)).toEqual([]);
      const judged = results.filter((r) => r.status === 'agree' || r.status === 'disagree').length;
      // Time-outs and rows without an oracle are counted apart; nearly all rows are judged.
      expect(judged).toBeGreaterThanOrEqual(sample.length - 10);
    });
  }
});
