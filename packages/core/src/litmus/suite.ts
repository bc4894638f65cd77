import type { ModelName } from '../explore/semantics.js';
import type { JudgedVerdict } from './run.js';

/** The verdicts a suite test records in its header comment. */
export interface RecordedVerdicts {
  /** The `Result:` line (the LKMM verdict). */
  readonly result: JudgedVerdict;
  /** Per model: the verdict and whether herd7 gave it (`herd7:` line) or it was derived (`derived:` line). */
  readonly models: Partial<
    Record<ModelName, { readonly verdict: JudgedVerdict; readonly from: 'herd7' | 'derived' }>
  >;
}

const VERDICTS = new Set(['Never', 'Sometimes', 'Always', 'DEADLOCK']);

/**
 * Reads the recorded verdicts of a litmus test of the repository's suite: a `Result:` line
 * and `herd7:` / `derived:` lines of `model=Verdict` pairs in its header comment.
 */
export function recordedVerdicts(text: string): RecordedVerdicts | null {
  const result = /^\s*\*?\s*Result:\s*(\S+)/m.exec(text)?.[1];
  if (!result || !VERDICTS.has(result)) return null;
  const models: Record<string, { verdict: JudgedVerdict; from: 'herd7' | 'derived' }> = {};
  for (const m of text.matchAll(/^\s*\*\s*(herd7|derived):((?:\s+(?:lkmm|sc|tso)=\S+)+)/gm)) {
    for (const pair of m[2]!.trim().split(/\s+/)) {
      const [model, verdict] = pair.split('=') as [string, string];
      if (VERDICTS.has(verdict) && !(model in models))
        models[model] = { verdict: verdict as JudgedVerdict, from: m[1] as 'herd7' | 'derived' };
    }
  }
  return { result: result as JudgedVerdict, models };
}
