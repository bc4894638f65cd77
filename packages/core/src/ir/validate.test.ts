import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from './builder.js';
import { c, reg } from './expr.js';
import type { Program } from './types.js';
import { IrValidationError, validateProgram } from './validate.js';

const base = (): Program => {
  const b = new ProgramBuilder('p');
  const x = b.location('x');
  const t = b.thread('P0');
  const r = t.reg('r');
  t.load(r, x).store(x, reg(r));
  return b.build();
};

describe('IR validation', () => {
  it('accepts a well-formed program', () => {
    expect(validateProgram(base())).toEqual([]);
  });

  it('rejects an unknown location address with its position', () => {
    const p = base();
    const bad: Program = {
      ...p,
      threads: [
        {
          ...p.threads[0]!,
          code: [{ op: 'store', addr: c(7), value: c(1), order: 'once', src: { line: 3, col: 5 } }],
        },
      ],
    };
    const problems = validateProgram(bad);
    expect(problems.map((q) => q.message)).toEqual(['unknown location address 7 (program has 1 locations)']);
    expect(() => {
      const b = new ProgramBuilder('q');
      b.location('x');
      b.thread('P0').store(9, c(1));
      b.build();
    }).toThrow(/invalid program at P0@0 \(P0, instruction 0\): unknown location address 9/);
    expect(new IrValidationError(problems).message).toBe(
      'invalid program at 3:5 (P0, instruction 0): unknown location address 7 (program has 1 locations)',
    );
  });

  it('rejects an unknown register', () => {
    const b = new ProgramBuilder('q');
    const x = b.location('x');
    b.thread('P0').store(x, reg(3));
    expect(() => b.build()).toThrow(/unknown register r3 \(thread has 0\)/);
  });

  it('rejects a register read before it is set, on some path', () => {
    const b = new ProgramBuilder('q');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r');
    const s = t.reg('s');
    const skip = t.label();
    t.load(r, x);
    t.branch(reg(r), skip);
    t.set(s, c(1));
    t.place(skip);
    t.store(x, reg(s));
    expect(() => b.build()).toThrow(/register 's' is used before it is set/);
  });

  it('accepts registers with an initial value', () => {
    const b = new ProgramBuilder('q');
    const x = b.location('x');
    const t = b.thread('P0');
    const r = t.reg('r', 5);
    t.store(x, reg(r));
    expect(() => b.build()).not.toThrow();
  });

  it('rejects an unbounded loop', () => {
    const b = new ProgramBuilder('q');
    const x = b.location('x');
    const t = b.thread('P0');
    const top = t.label();
    t.place(top).store(x, c(1)).jump(top);
    expect(() => b.build()).toThrow(/loop back edge to 0 has no bound \(unbounded loop\)/);
  });

  it("rejects 'old' outside an rmw", () => {
    const b = new ProgramBuilder('q');
    const x = b.location('x');
    b.thread('P0').store(x, { k: 'old' });
    expect(() => b.build()).toThrow(/'old' is only allowed inside an rmw value or guard/);
  });

  it('rejects final checks that name unknown threads, registers or locations', () => {
    const p: Program = { ...base(), finalChecks: [{ property: 'f', cond: { k: 'treg', t: 4, r: 0 } }] };
    expect(validateProgram(p).map((q) => q.message)).toEqual(["final check 'f': unknown thread 4"]);
    const q: Program = { ...base(), finalChecks: [{ property: 'g', cond: { k: 'mem', addr: 2 } }] };
    expect(validateProgram(q).map((x) => x.message)).toEqual(["final check 'g': unknown location address 2"]);
  });

  it('rejects a program without threads and duplicate locations', () => {
    expect(validateProgram({ name: 'e', locations: [], threads: [] }).map((q) => q.message)).toEqual([
      'the program has no threads',
    ]);
    const b = new ProgramBuilder('d');
    b.location('x');
    expect(() => b.location('x')).toThrow(/declared twice/);
  });
});
