import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileLitmus } from './compile.js';
import { parseLitmus } from './parser.js';
import { type LitmusOutcome, runLitmus } from './run.js';

const SUITE_DIR = fileURLToPath(new URL('../../litmus/', import.meta.url));
const files = readdirSync(SUITE_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();

/** The final outcomes of a run as comparable strings. */
function outcomeSet(o: LitmusOutcome): Set<string> {
  return new Set(o.finals.map((f) => JSON.stringify(Object.entries(f.values).sort())));
}

/**
 * Self-check that needs no oracle: every final outcome SC allows, x86-TSO allows, and every
 * outcome x86-TSO allows, LKMM allows (each model only adds reorderings on this subset).
 */
describe('SC ⊆ TSO ⊆ LKMM on the final outcomes of every repository litmus test', () => {
  for (const file of files) {
    it(file, () => {
      const compiled = compileLitmus(parseLitmus(readFileSync(SUITE_DIR + file, 'utf8'), file));
      const [sc, tso, lkmm] = (['sc', 'tso', 'lkmm'] as const).map((model) => {
        const o = runLitmus(compiled, { model, maxSeconds: 20 });
        expect(o.status, `${file} under ${model}`).toBe('ok');
        // Not vacuous: a test without final outcomes must be a herd DEADLOCK.
        if (o.judged !== 'DEADLOCK') expect(o.finals.length, `${file} under ${model}`).toBeGreaterThan(0);
        return outcomeSet(o);
      });
      for (const x of sc!) expect(tso!.has(x), `${file}: SC outcome ${x} missing under TSO`).toBe(true);
      for (const x of tso!) expect(lkmm!.has(x), `${file}: TSO outcome ${x} missing under LKMM`).toBe(true);
    });
  }
});
