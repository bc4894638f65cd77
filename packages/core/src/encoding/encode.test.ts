import { describe, expect, it } from 'vitest';
import type { Instr, Program } from '../ir/types.js';
import { computeLoopExits, computeLoopRanges, computeLoopSlots, encodeProgram } from './encode.js';
import * as K from './opcodes.js';

const set: Instr = { op: 'set', dst: 0, value: { k: 'const', v: 0 } };
const branch = (target: number, bound?: number): Instr => ({
  op: 'branch',
  cond: { k: 'reg', r: 0 },
  target,
  ...(bound !== undefined ? { bound } : {}),
});
const program = (code: Instr[]): Program => ({
  name: 'p',
  locations: [{ name: 'x', init: 0 }],
  threads: [{ name: 'P0', registers: ['r0'], code }],
});

describe('loop exits', () => {
  // 0: outer top; 1: inner top; 2: break out of both (forward, to 6); 3: inner back edge (to 1);
  // 4: continue the outer loop from outside the inner one (to 0); 5: outer back edge (to 0).
  const p = program([set, set, branch(6), branch(1, 2), branch(0, 1), branch(0, 3), set]);

  it('numbers back edges in pc order', () => {
    expect(computeLoopSlots(p)).toEqual([[-1, -1, -1, 0, 1, 2, -1]]);
  });

  it('keeps the ranges [target, src] of properly nested loops', () => {
    // Slot 0 = [1, 3] inside slot 1 = [0, 4] inside slot 2 = [0, 5] (same first pc: nested).
    expect(computeLoopRanges(p)).toEqual([
      [
        { slot: 0, from: 1, to: 3 },
        { slot: 1, from: 0, to: 4 },
        { slot: 2, from: 0, to: 5 },
      ],
    ]);
  });

  it('lists, per branch, the loops it leaves when taken and when it falls through', () => {
    // A taken branch leaves the loops whose range holds it but not its target; a branch that
    // falls through leaves the loops whose range ends at it (here: its own).
    expect(computeLoopExits(p)).toEqual([
      {
        taken: [[], [], [0, 1, 2], [], [], [], []],
        fallThrough: [[], [], [], [0], [1], [2], []],
      },
    ]);
  });

  it('grows loops that overlap without nesting until the ranges nest', () => {
    // `again: for (...) { if (c) goto again; }`: back edge 2 -> 0 (the goto) overlaps the back
    // edge 3 -> 1 (the for loop): [0, 2] and [1, 3]. The goto's loop grows to [0, 3].
    const q = program([set, set, branch(0, 1), branch(1, 2), set]);
    expect(computeLoopRanges(q)).toEqual([
      [
        { slot: 0, from: 0, to: 3 },
        { slot: 1, from: 1, to: 3 },
      ],
    ]);
    // The goto leaves the for loop; the goto falling through leaves nothing; the for loop's
    // back edge falling through leaves both loops.
    expect(computeLoopExits(q)).toEqual([
      { taken: [[], [], [1], [], []], fallThrough: [[], [], [], [0, 1], []] },
    ]);
    // A chain: [0, 2], [1, 4], [3, 6] overlap pairwise; growth is transitive.
    const r = program([set, set, branch(0, 1), set, branch(1, 1), set, branch(3, 1), set]);
    expect(computeLoopRanges(r)[0]!.map((x) => [x.from, x.to])).toEqual([
      [0, 6],
      [1, 6],
      [3, 6],
    ]);
  });

  it('gives laminar ranges: any two are disjoint or nested (random back edges)', () => {
    // A deterministic sweep of small threads whose branches go anywhere.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 2000; k++) {
      const len = 1 + rand(9);
      const code: Instr[] = Array.from({ length: len }, () =>
        rand(2) === 0 ? set : branch(rand(len + 1), 1),
      );
      const ranges = computeLoopRanges(program(code))[0]!;
      for (const a of ranges) {
        expect(a.from).toBeLessThanOrEqual(a.to);
        for (const b of ranges) {
          const disjoint = a.to < b.from || b.to < a.from;
          const nested = (a.from <= b.from && b.to <= a.to) || (b.from <= a.from && a.to <= b.to);
          expect(disjoint || nested).toBe(true);
        }
        // Every back edge into the range after its first pc comes from inside it.
        code.forEach((instr, pc) => {
          if (instr.op === 'branch' && instr.target <= pc && instr.target > a.from && instr.target <= a.to)
            expect(pc).toBeLessThanOrEqual(a.to);
        });
      }
    }
  });

  it('encodes each list after the thread code and points to it from the branch', () => {
    const enc = encodeProgram(p);
    const w = enc.words;
    const code = w[w[K.H_THREADS]! + K.T_CODE]!;
    const at = code + 2 * K.INSTR_WORDS;
    expect(w[at]).toBe(K.OP_BRANCH);
    const [list, n] = [w[at + 6]!, w[at + 7]!];
    expect(n).toBe(3);
    expect(list).toBe(code + 7 * K.INSTR_WORDS);
    expect(Array.from(w.subarray(list, list + n))).toEqual([0, 1, 2]);
    // Its fall-through list is empty: offset -1, length 0.
    expect([w[at + 8], w[at + 9]]).toEqual([-1, 0]);
    // The branch at 3: no taken exits, falls through out of slot 0.
    const at3 = code + 3 * K.INSTR_WORDS;
    expect([w[at3 + 6], w[at3 + 7]]).toEqual([-1, 0]);
    const [fall, nFall] = [w[at3 + 8]!, w[at3 + 9]!];
    expect([fall, nFall]).toEqual([list + 3, 1]);
    expect(w[fall]).toBe(0);
  });
});
