import { describe, expect, it } from 'vitest';
import type { Instr, Program } from '../ir/types.js';
import { computeLoopExits, computeLoopSlots, encodeProgram } from './encode.js';
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

  it('lists, per taken branch, the loops whose range holds the branch but not its target', () => {
    // Slot 0 = [1, 3], slot 1 = [0, 4], slot 2 = [0, 5].
    expect(computeLoopExits(p)).toEqual([[[], [], [0, 1, 2], [], [], [], []]]);
    // Branching back from inside the inner loop to the outer top leaves the inner loop only.
    const q = program([set, set, branch(0, 1), branch(1, 2), set]);
    expect(computeLoopExits(q)).toEqual([[[], [], [1], [], []]]);
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
    // A branch without exits: offset -1, length 0.
    expect([w[code + 3 * K.INSTR_WORDS + 6], w[code + 3 * K.INSTR_WORDS + 7]]).toEqual([-1, 0]);
  });
});
