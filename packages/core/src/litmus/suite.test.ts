import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { semanticsFor } from '../check.js';
import type { ModelName } from '../explore/semantics.js';
import { compileLitmus } from './compile.js';
import { parseLitmus } from './parser.js';
import { PRIMITIVES } from './primitives.js';
import { runLitmus } from './run.js';
import { recordedVerdicts } from './suite.js';

const SUITE_DIR = fileURLToPath(new URL('../../litmus/', import.meta.url));
const files = readdirSync(SUITE_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();
const texts = new Map(files.map((f) => [f, readFileSync(SUITE_DIR + f, 'utf8')]));

/** Whether the reference explorer implements a model (TSO and LKMM are added by other work). */
function modelAvailable(model: ModelName): boolean {
  try {
    semanticsFor({ name: 'probe', locations: [], threads: [{ name: 'P0', registers: [], code: [] }] }, model);
    return true;
  } catch {
    return false;
  }
}

describe('the repository litmus suite (packages/core/litmus)', () => {
  it('has tests, each with a Result line and a verdict for every model', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    for (const [f, text] of texts) {
      const rec = recordedVerdicts(text);
      expect(rec, f).not.toBeNull();
      expect(Object.keys(rec!.models).sort(), f).toEqual(['lkmm', 'sc', 'tso']);
      expect(rec!.models.lkmm!.verdict, f).toBe(rec!.result);
    }
  });

  it('uses every supported primitive somewhere', () => {
    const used = new Set<string>();
    for (const text of texts.values()) for (const m of text.matchAll(/\b([A-Za-z_]+)\s*\(/g)) used.add(m[1]!);
    const missing = [...PRIMITIVES.keys()].filter((p) => !used.has(p));
    expect(missing).toEqual([]);
  });

  for (const model of ['sc', 'tso', 'lkmm'] as const) {
    const run = modelAvailable(model) ? it : it.skip;
    run(`gives the recorded verdicts under ${model}`, () => {
      const wrong: string[] = [];
      for (const [f, text] of texts) {
        const want = recordedVerdicts(text)!.models[model]!.verdict;
        const got = runLitmus(compileLitmus(parseLitmus(text, f)), { model, maxSeconds: 20 });
        expect(got.status, f).toBe('ok');
        if (got.judged !== want)
          wrong.push(`${f}: recorded ${want}, got ${got.judged} (${got.pos} ${got.neg})`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
