import { activeMaskTree, check, cmpxchgCounter, E, type Program, ProgramBuilder } from '@tmigr-check/core';
import { describe, expect, it } from 'vitest';
import { PromelaExportError, toPromela } from './promela.js';
import { PanVerifier, parsePanOutput, spinAvailable } from './spin.js';

/** Exercises what the export translates: computed addresses, locks, logical shifts of negatives, ite, bounded loops. */
function mixed(): Program {
  const b = new ProgramBuilder('mixed');
  const x = b.location('x', -8);
  const y = b.location('y', 2);
  const l = b.location('l');
  const p0 = b.thread('P0');
  const r = p0.reg('r');
  const k = p0.reg('k', 1);
  const top = p0.label();
  p0.place(top)
    .lock(l)
    .load(r, x)
    .set(r, E.bin('shr', E.reg(r), E.reg(k)))
    .store(E.add(E.reg(k), E.c(1)), E.reg(r));
  p0.unlock(l).set(k, E.ite(E.bin('lt', E.reg(r), E.c(0)), E.c(2), E.c(1)));
  p0.branch(E.bin('gt', E.reg(r), E.c(0)), top, { bound: 1 });
  const p1 = b.thread('P1');
  const s = p1.reg('s');
  p1.lock(l)
    .rmw(y, E.bin('mul', E.old, E.c(-3)), { dst: s })
    .unlock(l)
    .store(x, E.reg(s));
  return b.build();
}

/**
 * Loops that overlap without nesting: `again: for (...) { x = i; if (x was 0 and g < 2) { g++;
 * goto again; } }` (the goto's loop grows to hold the for loop, encode.ts `computeLoopRanges`).
 */
function overlapping(): Program {
  const b = new ProgramBuilder('overlapping');
  const x = b.location('x');
  const p0 = b.thread('P0');
  const i = p0.reg('i');
  const g = p0.reg('g', 0);
  const r = p0.reg('r');
  const again = p0.label();
  const body = p0.label();
  const next = p0.label();
  p0.place(again).set(i, E.c(0));
  p0.place(body)
    .load(r, x)
    .store(x, E.add(E.reg(i), E.c(1)));
  p0.branch(E.bin('lor', E.bin('ne', E.reg(r), E.c(0)), E.bin('ge', E.reg(g), E.c(2))), next);
  p0.set(g, E.add(E.reg(g), E.c(1))).jump(again, 2);
  p0.place(next).set(i, E.add(E.reg(i), E.c(1)));
  p0.branch(E.bin('lt', E.reg(i), E.c(2)), body, { bound: 1 });
  const p1 = b.thread('P1');
  p1.store(x, E.c(0));
  return b.build();
}

describe('Promela export', () => {
  it('emits one atomic rule per shared access, with the initial values of the explorer', () => {
    const program = cmpxchgCounter(2);
    const text = toPromela(program);
    const shared = program.threads
      .flatMap((t) => t.code)
      .filter((i) => i.op === 'load' || i.op === 'rmw').length;
    expect(text.match(/:: atomic \{/g)).toHaveLength(shared);
    expect(text.match(/active proctype/g)).toHaveLength(2);
    expect(text).toContain('int m0 = 0;\t/* counter */');
    expect(text).toContain('hidden int _old;');
  });

  it('refuses assume, which has no atomic-step counterpart', () => {
    const b = new ProgramBuilder('assume');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r');
    t.load(r, x).assume(E.eq(E.reg(r), E.c(0)));
    expect(() => toPromela(b.build())).toThrow(PromelaExportError);
    expect(() => toPromela(b.build())).toThrow(
      'thread P0 uses assume, which the Promela export does not support',
    );
  });

  it('parses pan summaries', () => {
    const out = [
      'State-vector 84 byte, depth reached 69, errors: 0',
      '      239 states, stored',
      '       56 states, matched',
      '      295 transitions (= stored+matched)',
      'pan: elapsed time 0.01 seconds',
    ].join('\n');
    expect(parsePanOutput(out, 0.5)).toEqual({
      states: 239,
      transitions: 295,
      errors: 0,
      seconds: 0.01,
      wallSeconds: 0.5,
    });
    expect(() => parsePanOutput('nothing', 0)).toThrow('pan output has no stored states');
  });

  it.skipIf(!spinAvailable())(
    'SPIN (no partial-order reduction) stores exactly the states tmigr-check counts',
    () => {
      for (const program of [cmpxchgCounter(3), activeMaskTree(2, 2, 1, 4), mixed(), overlapping()]) {
        const ours = check(program);
        expect(ours.complete || ours.reason === 'bound').toBe(true);
        const pan = new PanVerifier(program, ours.states);
        try {
          const r = pan.run();
          expect({ states: r.states, transitions: r.transitions - 1, errors: r.errors }).toEqual({
            states: ours.states,
            transitions: ours.transitions,
            errors: 0,
          });
        } finally {
          pan.dispose();
        }
      }
    },
    120_000,
  );
});
