import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLitmus } from './compile.js';
import { LitmusSyntaxError, LitmusUnsupportedError } from './errors.js';
import { parseLitmus } from './parser.js';

const FULL = `C full+features
"a diy description line"
Cycle=Rfe PodRR Fre
(* Result: Sometimes
 * a (* nested *) comment *)
{
	x = y;            // pointer: x holds &y
	int z = 3;
	atomic_t a = ATOMIC_INIT(-2);
	int *p = &z;
	0:r9 = x;
	int 1:r7;
	spinlock_t lk;
}

P0(int *x, int **p, atomic_t *a)
{
	int r0;
	int *r1 = READ_ONCE(*p), r2 = 1;

	r0 = READ_ONCE((*x));
	if (r0 != 0 && r2) {
		WRITE_ONCE(*x, r0 + 1);
	} else
		r2 = (r0 > 1) ? 4 : ~r0;
	/* C comment */ r3 = atomic_add_return(2, a);
	(void)cmpxchg(x, 1, 2);
}

P1(spinlock_t *lk)
{
	spin_lock(lk);
	spin_unlock(lk);
}

locations [x; 0:r1; 1:r7]
filter (0:r0 = 0 \\/ ~0:r2=1)
~exists (0:r0=1 /\\ not (x=y \\/ z != 3) /\\ 0:r9=x /\\ 0:r1=1:r7)
(* trailing comment *)
`;

describe('parseLitmus', () => {
  it('reads the header, init block, processes and final clauses', () => {
    const t = parseLitmus(FULL, 'full.litmus');
    expect(t.name).toBe('full+features');
    expect(
      t.init.map((e) => [e.target.k, 'name' in e.target ? e.target.name : '', e.type ?? '', e.value ?? null]),
    ).toEqual([
      ['loc', 'x', '', { k: 'addr', name: 'y' }],
      ['loc', 'z', 'int', { k: 'num', v: 3 }],
      ['loc', 'a', 'atomic_t', { k: 'num', v: -2 }],
      ['loc', 'p', 'int *', { k: 'addr', name: 'z' }],
      ['reg', 'r9', '', { k: 'addr', name: 'x' }],
      ['reg', 'r7', 'int', null],
      ['loc', 'lk', 'spinlock_t', null],
    ]);
    expect(t.processes.map((p) => [p.name, p.params.map((q) => `${q.type} ${q.name}`)])).toEqual([
      ['P0', ['int * x', 'int * * p', 'atomic_t * a']],
      ['P1', ['spinlock_t * lk']],
    ]);
    expect(t.processes[0]!.body.map((s) => s.k)).toEqual(['decl', 'decl', 'expr', 'if', 'expr', 'expr']);
    expect(
      t.locations.map((l) => (l.k === 'reg' ? `${l.proc}:${l.name}` : l.k === 'loc' ? l.name : l.v)),
    ).toEqual(['x', '0:r1', '1:r7']);
    expect(t.filter?.k).toBe('or');
    expect(t.condition?.quantifier).toBe('~exists');
    expect(t.condition?.pos).toEqual({ line: 38, col: 1 });
  });

  it('compiles the full example to a valid program', () => {
    const c = compileLitmus(parseLitmus(FULL, 'full.litmus'));
    expect(c.program.locations.map((l) => l.name)).toEqual(['x', 'z', 'a', 'p', 'lk', 'y']);
    const addr = (n: string) => c.program.locations.findIndex((l) => l.name === n) + 1;
    expect(c.program.locations.map((l) => l.init)).toEqual([addr('y'), 3, -2, addr('z'), 0, 0]);
    expect(c.observed.map((o) => o.label)).toEqual(['0:r0', 'x', 'z', '0:r9', '0:r1', '1:r7', '0:r2']);
    expect(c.quantifier).toBe('~exists');
  });

  const SYNTAX: [string, string][] = [
    ['', 'e.litmus:1:1: empty file: expected "C NAME"'],
    ['C\n{}\nP0() {}\n', 'e.litmus:1:2: missing test name after "C"'],
    ['C t\nP0(int *x) {}\n', "e.litmus:2:1: expected '{' (the init block) before the first process"],
    ['C t\n{ x = ; }\nP0() {}\n', "e.litmus:2:5: expected a value after '='"],
    ['C t\n{}\n', "e.litmus:3:1: expected a process 'P0(...)', found end of file"],
    [
      'C t\n{}\nP0(int *x) { WRITE_ONCE(*x, 1) }\n',
      "e.litmus:3:32: expected ';' after the statement, found '}'",
    ],
    ['C t\n{}\nP0(int *x) { r0 = READ_ONCE(*x);\n', "e.litmus:3:12: unbalanced '{': no matching '}'"],
    ['C t\n{}\nP0(int *x) { r0 = ; }\n', "e.litmus:3:19: expected an expression, found ';'"],
    ['C t\n{}\nP0(int *x) { r0 = 1 @ 2; }\n', "e.litmus:3:21: unexpected character '@'"],
    [
      'C t\n{}\nP0(int *x) { r0 = 1; }\nexists (0:r0 1)\n',
      "e.litmus:4:14: expected '=' or '!=' after '0', found '1'",
    ],
    [
      'C t\n{}\nP0(int *x) { r0 = 1; }\nexists (0:r0=1\n',
      "e.litmus:5:1: expected ')' to close the condition, found end of file",
    ],
    ['C t\n{}\nP0(int *x) { r0 = 1; }\nP0(int *x) { r0 = 1; }\n', 'e.litmus:4:1: duplicate process P0'],
    [
      'C t\n{}\nP0(int *x) { r0 = 1; }\nexists (0:r0=1) junk\n',
      "e.litmus:4:17: unexpected 'junk' after the final condition",
    ],
    [
      'C t\n{}\nP0(int *x) { r0 = 1; }\nforal (x=1)\n',
      "e.litmus:4:1: expected 'exists', '~exists', 'forall', 'filter' or 'locations', found 'foral'",
    ],
    ['C t\n(* unterminated\n{}\n', "e.litmus:2:1: unterminated comment '(*'"],
    [
      'C t\n{}\nP0(int *x) { r0 = READ_ONCE(*x, 1); }\n',
      'e.litmus:3:19: READ_ONCE takes 1 argument(s), got 2',
    ],
    ['C t\n{}\nP0(int *x) { r0 = READ_ONCE(*q); }\n', "e.litmus:3:30: unknown identifier 'q' in P0"],
    ['C t\n{}\nP0(int *x) { r0 = 1; }\nexists (5:r0=1)\n', "e.litmus:4:9: unknown process 5 in '5:r0'"],
  ];
  it.each(SYNTAX)('reports a malformed file as one line with its position: %j', (text, message) => {
    let error: unknown;
    try {
      compileLitmus(parseLitmus(text, 'e.litmus'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LitmusSyntaxError);
    expect((error as Error).message).toBe(message);
  });

  const UNSUPPORTED: [string, string][] = [
    ['rcu_read_lock();', 'unsupported: rcu_read_lock at 3:14'],
    ['r0 = spin_is_locked(x);', 'unsupported: spin_is_locked at 3:19'],
    ['smp_store_mb(*x, 1);', 'unsupported: smp_store_mb at 3:14'],
    ['srcu_read_lock(x);', 'unsupported: srcu_read_lock at 3:14'],
    ['while (1) r0 = 1;', 'unsupported: while at 3:14'],
    ['r0 = 7 / 2;', 'unsupported: operator-/ at 3:19'],
    ['r0 = READ_ONCE(x);', 'unsupported: READ_ONCE-without-deref at 3:29'],
  ];
  it.each(UNSUPPORTED)('reports a construct outside the subset with its position: %s', (stmt, message) => {
    const text = `C t\n{}\nP0(int *x) { ${stmt} }\n`;
    let error: unknown;
    try {
      compileLitmus(parseLitmus(text, 'u.litmus'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LitmusUnsupportedError);
    expect((error as Error).message).toBe(message);
  });

  it('reports non-C tests as unsupported', () => {
    expect(() => parseLitmus('LISA t\n{}\n', 'l.litmus')).toThrow('unsupported: arch:LISA at 1:1');
  });

  const suiteDir = fileURLToPath(new URL('../../litmus/', import.meta.url));
  const seeds = readdirSync(suiteDir)
    .filter((f) => f.endsWith('.litmus'))
    .sort()
    .slice(0, 20)
    .map((f) => readFileSync(suiteDir + f, 'utf8'));
  it('never crashes on damaged input: either a program or one error line with a position', () => {
    const edit = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      at: fc.nat(),
      cut: fc.integer({ min: 0, max: 12 }),
      insert: fc.string({
        maxLength: 4,
        unit: fc.constantFrom(
          '(',
          ')',
          '{',
          '}',
          ';',
          '*',
          '=',
          '~',
          ' ',
          '\n',
          'x',
          '0',
          ':',
          '/',
          '\\',
          '"',
          ',',
        ),
      }),
    });
    fc.assert(
      fc.property(edit, ({ seed, at, cut, insert }) => {
        const text = seeds[seed]!;
        const i = at % (text.length + 1);
        const damaged = text.slice(0, i) + insert + text.slice(i + cut);
        try {
          compileLitmus(parseLitmus(damaged, 'd.litmus'));
        } catch (e) {
          if (e instanceof LitmusSyntaxError) {
            expect(e.message).toMatch(/^d\.litmus:\d+:\d+: [^\n]+$/);
          } else if (e instanceof LitmusUnsupportedError) {
            expect(e.message).toMatch(/^unsupported: \S+ at \d+:\d+$/);
          } else {
            throw e;
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
