import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, semanticsFor } from '../check.js';
import { formatTrace } from '../explore/format.js';
import { stateAt } from '../explore/trace.js';
import { compileLitmus } from './compile.js';
import { runLitmusByReachability } from './enumerate.js';
import { parseLitmus } from './parser.js';
import { evalOnView, formatFinal, formatObservation, outcomeKey, runLitmus } from './run.js';

const SUITE_DIR = fileURLToPath(new URL('../../litmus/', import.meta.url));
const suite = (f: string) => compileLitmus(parseLitmus(readFileSync(SUITE_DIR + f, 'utf8'), f));

const SB = (quantifier: string, body: string) =>
  `C sb\n{}\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n\tr0 = READ_ONCE(*y);\n}\nP1(int *x, int *y)\n{\n\tWRITE_ONCE(*y, 1);\n\tr0 = READ_ONCE(*x);\n}\n${quantifier} (${body})\n`;

describe('runLitmus', () => {
  it('counts distinct final outcomes and gives herd verdicts under SC', () => {
    const out = runLitmus(parseLitmus(SB('exists', '0:r0=0 /\\ 1:r0=0'), 'sb.litmus'), { model: 'sc' });
    expect(out.status).toBe('ok');
    expect([out.verdict, out.pos, out.neg]).toEqual(['Never', 0, 3]);
    expect(out.finals.map((f) => formatFinal(f)).sort()).toEqual([
      '0:r0=0; 1:r0=1;',
      '0:r0=1; 1:r0=0;',
      '0:r0=1; 1:r0=1;',
    ]);
    expect(formatObservation('sb', out)).toBe('Observation sb Never 0 3');
  });

  it('reports the verdict of the condition body for exists, ~exists and forall alike', () => {
    const q = (quant: string, body: string) => {
      const o = runLitmus(parseLitmus(SB(quant, body), 'sb.litmus'), { model: 'sc' });
      return `${o.verdict} ${o.pos} ${o.neg} ${o.validated}`;
    };
    // Outcomes are projected on the condition's variables: here 0:r0 alone, two outcomes.
    expect(q('exists', '0:r0=1')).toBe('Sometimes 1 1 true');
    expect(q('~exists', '0:r0=1')).toBe('Sometimes 1 1 false');
    expect(q('forall', '0:r0=1 \\/ 1:r0=1')).toBe('Always 3 0 true');
    expect(q('~exists', '0:r0=0 /\\ 1:r0=0')).toBe('Never 0 3 true');
    expect(q('forall', '0:r0=0')).toBe('Sometimes 1 1 false');
  });

  it('prints Never 0 0 and judges DEADLOCK when no execution completes', () => {
    for (const model of ['sc', 'tso', 'lkmm'] as const) {
      const out = runLitmus(suite('lock-twice.litmus'), { model });
      expect([out.verdict, out.pos, out.neg, out.judged]).toEqual(['Never', 0, 0, 'DEADLOCK']);
      expect(formatObservation('lock-twice', out)).toBe('Observation lock-twice Never 0 0');
    }
  });

  it('applies the filter before counting (RM-broken: nothing passes; RM-fixed: some do)', () => {
    const broken = runLitmus(suite('RM-broken-like.litmus'), { model: 'sc' });
    expect([broken.pos, broken.neg, broken.judged]).toEqual([0, 0, 'DEADLOCK']);
    const fixed = runLitmus(suite('RM-fixed-like.litmus'), { model: 'sc' });
    expect(fixed.judged).toBe('Never');
    expect(fixed.neg).toBeGreaterThan(0);
    for (const f of fixed.finals) expect([f.values['1:first'], f.values['1:second']]).toEqual([0, 1]);
  });

  it('explains a verdict with a witness outcome and the shortest path reaching it', () => {
    for (const model of ['sc', 'tso', 'lkmm'] as const) {
      const compiled = suite('SB+once+once.litmus');
      const out = runLitmus(compiled, { model, explain: true });
      const w = out.witness!;
      expect(w.final.holds).toBe(model !== 'sc');
      const sem = semanticsFor(compiled.program, model);
      const view = sem.view(stateAt(sem, w.path));
      const values: Record<string, number> = {};
      for (const v of compiled.observed) values[v.label] = evalOnView(v.expr, view);
      expect(values).toEqual(w.final.values);
      expect(sem.isFinal(stateAt(sem, w.path))).toBe(true);
      expect(formatTrace(compiled.program, w.trace).split('\n').length).toBe(w.path.length + 1);
    }
  });

  it('stops as a time-out when asked to, and reports a NULL dereference as an error', () => {
    const stopped = runLitmus(suite('IRIW+once+once.litmus'), { model: 'sc', shouldStop: () => true });
    expect(stopped.status).toBe('timeout');
    const text =
      'C null\n{ p = 0; }\nP0(int **p)\n{\n\tint *q = READ_ONCE(*p);\n\tint v = READ_ONCE(*q);\n}\nexists (0:v=0)\n';
    const bad = runLitmus(parseLitmus(text, 'null.litmus'), { model: 'sc' });
    expect(bad.status).toBe('error');
    expect(bad.error).toMatch(/^the search hit a violation: /);
  });
});

describe('runLitmusByReachability (the enumeration used with the Wasm engine)', () => {
  const files = readdirSync(SUITE_DIR)
    .filter((f) => f.endsWith('.litmus'))
    .sort();
  for (const model of ['sc', 'tso', 'lkmm'] as const) {
    // LKMM searches are the slowest: every 4th suite test keeps this quick.
    const some = model === 'lkmm' ? files.filter((_, i) => i % 4 === 0) : files;
    it(`finds the same outcomes as runLitmus on the suite (${model}, reference checker)`, async () => {
      for (const f of some) {
        const compiled = suite(f);
        const direct = runLitmus(compiled, { model });
        const viaReach = await runLitmusByReachability(compiled, { model, check: (p, o) => check(p, o) });
        expect(viaReach.status, f).toBe('ok');
        const keys = (o: typeof direct) => o.finals.map((x) => `${outcomeKey(x.values)}:${x.holds}`).sort();
        expect(keys(viaReach), f).toEqual(keys(direct));
        expect([viaReach.verdict, viaReach.judged, viaReach.pos, viaReach.neg], f).toEqual([
          direct.verdict,
          direct.judged,
          direct.pos,
          direct.neg,
        ]);
      }
    });
  }
});

describe('formatFinal', () => {
  it('shows pointer values as the locations they point to', () => {
    const compiled = suite('tmigr-RWC+release+acquire+cmpxchg.litmus');
    const out = runLitmus(compiled, { model: 'lkmm', explain: true });
    expect(formatFinal(out.witness!.final, compiled)).toBe('1:up=group; 1:state=0; 2:old=0; 2:seen=none;');
    expect(compiled.observed.filter((o) => o.pointer).map((o) => o.label)).toEqual(['1:up', '2:seen']);
  });
});
