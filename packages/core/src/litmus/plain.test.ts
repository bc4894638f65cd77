import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelName } from '../explore/semantics.js';
import type { Program } from '../ir/types.js';
import { compileLitmus } from './compile.js';
import { LitmusUnsupportedError } from './errors.js';
import { parseLitmus } from './parser.js';
import { formatFlags, runLitmus } from './run.js';
import { recordedVerdicts } from './suite.js';

const PLAIN_DIR = fileURLToPath(new URL('../../litmus/plain/', import.meta.url));
const files = readdirSync(PLAIN_DIR)
  .filter((f) => f.endsWith('.litmus'))
  .sort();
const texts = new Map(files.map((f) => [f, readFileSync(PLAIN_DIR + f, 'utf8')]));

/** The `Flags:` line of a suite test (`none` or space-separated herd flags), sorted. */
function recordedFlags(text: string): string[] {
  const line = /^\s*\*\s*Flags:\s*(.*)$/m.exec(text)?.[1]?.trim();
  if (line === undefined) throw new Error('no Flags line');
  return line === 'none' ? [] : line.split(/\s+/).sort();
}

/** The same program with every plain access made a READ_ONCE / WRITE_ONCE. */
function marked(program: Program): Program {
  return {
    ...program,
    threads: program.threads.map((t) => ({
      ...t,
      code: t.code.map((i) =>
        (i.op === 'load' || i.op === 'store') && i.order === 'plain' ? { ...i, order: 'once' as const } : i,
      ),
    })),
  };
}

const finalKeys = (out: ReturnType<typeof runLitmus>) =>
  new Set(out.finals.map((f) => JSON.stringify(f.values)));

describe('plain accesses in C litmus tests', () => {
  it('compiles `r = *x` to a plain load and `*x = v` to a plain store', () => {
    const c = compileLitmus(
      parseLitmus('C t\n{}\nP0(int *x, int *y) { int r0; r0 = *x; *y = r0 + 1; }\n', 't.litmus'),
    );
    const code = c.program.threads[0]!.code;
    expect(code.map((i) => [i.op, 'order' in i ? i.order : null])).toEqual([
      ['load', 'plain'],
      ['store', 'plain'],
    ]);
    expect(code[0]!.src?.text).toBe('*x');
    expect(code[1]!.src?.text).toBe('*y = r0 + 1');
  });

  it('has a suite of plain-access tests, each with herd7 verdict and flags', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    const flags = new Set<string>();
    const verdicts = new Set<string>();
    for (const [f, text] of texts) {
      const rec = recordedVerdicts(text);
      expect(rec?.models.lkmm?.from, f).toBe('herd7');
      verdicts.add(rec!.result);
      for (const x of recordedFlags(text)) flags.add(x);
      flags.add(recordedFlags(text).length === 0 ? 'none' : 'some');
    }
    // Allowed and forbidden, racy and race-free, and the mixed-accesses flag.
    expect([...verdicts].sort()).toEqual(['Never', 'Sometimes']);
    expect([...flags].sort()).toEqual(['data-race', 'mixed-accesses', 'none', 'some']);
  });

  it.each(files)('%s: herd7 verdict and flags under LKMM', (f) => {
    const text = texts.get(f)!;
    const out = runLitmus(compileLitmus(parseLitmus(text, f)), { model: 'lkmm', maxSeconds: 30 });
    expect(out.status).toBe('ok');
    expect(out.judged).toBe(recordedVerdicts(text)!.result);
    expect(out.flags).toEqual(recordedFlags(text));
    expect(formatFlags(out)).toEqual(recordedFlags(text).map((x) => `Flag ${x}`));
  });

  it.each(files)('%s: SC ⊆ x86-TSO ⊆ LKMM outcomes, SC and TSO as if the accesses were marked', (f) => {
    const c = compileLitmus(parseLitmus(texts.get(f)!, f));
    const by = (model: ModelName, program = c.program) =>
      runLitmus({ ...c, program }, { model, maxSeconds: 30 });
    const sc = by('sc');
    const tso = by('tso');
    const lkmm = by('lkmm');
    for (const o of [sc, tso, lkmm]) expect(o.status).toBe('ok');
    const [s, t, l] = [finalKeys(sc), finalKeys(tso), finalKeys(lkmm)];
    expect([...s].filter((k) => !t.has(k))).toEqual([]);
    expect([...t].filter((k) => !l.has(k))).toEqual([]);
    // SC and x86-TSO read a plain access as a marked one, and raise no flag.
    expect(sc.flags).toEqual([]);
    expect(tso.flags).toEqual([]);
    expect(finalKeys(by('sc', marked(c.program)))).toEqual(s);
    expect(finalKeys(by('tso', marked(c.program)))).toEqual(t);
  });

  it('runs a test whose dependent plain writes close no cycle of delays', () => {
    // P0's plain write of y waits for its read of x, and P1's plain write of z for its read of
    // y, but nothing reads z: the search resolves the reads in the order x, y and misses nothing.
    const text = `C chain
{}
P0(int *x, int *y) { int r1; r1 = READ_ONCE(*x); *y = r1; }
P1(int *y, int *z) { int r2; r2 = READ_ONCE(*y); *z = r2; }
P2(int *x) { WRITE_ONCE(*x, 1); }
exists (0:r1=1 /\\ 1:r2=1)
`;
    const out = runLitmus(compileLitmus(parseLitmus(text, 'chain.litmus')), { model: 'lkmm' });
    expect(out.status).toBe('ok');
    const got = out.finals.map((f) => `${f.values['0:r1']},${f.values['1:r2']}`).sort();
    expect(got).toEqual(['0,0', '1,0', '1,1']);
    expect(out.judged).toBe('Sometimes');
    // P0's plain write of y and P1's READ_ONCE of y are not ordered.
    expect(out.flags).toEqual(['data-race']);
  });

  it('reports a plain write that depends on a read, in a cycle the search cannot build, as unsupported', () => {
    // Out of thin air through plain accesses (corpus: paulmckrcu/manual/plain/C-OOTA.litmus,
    // herd7: Sometimes data-race): the LKMM search blocks each plain write until its read is
    // resolved, so it could not build the cycle herd7 allows.
    const text = `C oota
{}
P0(int *x, int *y) { int r1; r1 = *x; *y = r1; }
P1(int *x, int *y) { int r1; r1 = *y; *x = r1; }
exists (0:r1=1 /\\ 1:r1=1)
`;
    let error: unknown;
    try {
      compileLitmus(parseLitmus(text, 'oota.litmus'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LitmusUnsupportedError);
    expect((error as Error).message).toBe('unsupported: plain-access-dependency at 3:39');
  });
});
