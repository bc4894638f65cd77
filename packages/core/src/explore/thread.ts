import type { ThreadLoopExits } from '../encoding/encode.js';
import { ST_BOUND, ST_DONE, ST_RUNNING } from '../encoding/opcodes.js';
import { evalExpr } from '../ir/eval.js';
import { isShared, type Program, type Thread } from '../ir/types.js';

export { ST_BOUND, ST_DONE, ST_RUNNING };

/** The local state of one thread: program counter, status, registers, loop counters. */
export interface ThreadState {
  pc: number;
  status: number;
  regs: Int32Array;
  loops: Int32Array;
}

/** What running a thread's local code produced. */
export type LocalOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'pruned' }
  | { readonly kind: 'violation'; readonly property: string; readonly pc: number };

const OK: LocalOutcome = { kind: 'ok' };
const PRUNED: LocalOutcome = { kind: 'pruned' };

export function initialThreadState(thread: Thread, loopCount: number): ThreadState {
  const regs = new Int32Array(thread.registers.length);
  thread.registerInit?.forEach((v, i) => {
    regs[i] = v | 0;
  });
  return { pc: 0, status: ST_RUNNING, regs, loops: new Int32Array(loopCount) };
}

export function cloneThreadState(t: ThreadState): ThreadState {
  return { pc: t.pc, status: t.status, regs: t.regs.slice(), loops: t.loops.slice() };
}

/**
 * Runs local instructions (set, branch, jump, assume, assert) from `t.pc` until the next
 * shared access or the end of the thread. Mutates `t`. `slots` and `exits` are the thread's
 * rows of `computeLoopSlots` and `computeLoopExits`: a loop's counter counts the iterations of
 * one execution of the loop and is reset when control leaves the loop's range (a taken branch
 * out of it, or a fall-through from its last pc).
 */
export function runLocal(
  thread: Thread,
  slots: readonly number[],
  exits: ThreadLoopExits,
  t: ThreadState,
): LocalOutcome {
  const code = thread.code;
  while (t.status === ST_RUNNING) {
    if (t.pc >= code.length) {
      t.status = ST_DONE;
      break;
    }
    const instr = code[t.pc]!;
    if (isShared(instr)) break;
    switch (instr.op) {
      case 'set':
        t.regs[instr.dst] = evalExpr(instr.value, t.regs);
        t.pc++;
        break;
      case 'assume':
        if (evalExpr(instr.cond, t.regs) === 0) return PRUNED;
        t.pc++;
        break;
      case 'assert':
        if (evalExpr(instr.cond, t.regs) === 0)
          return { kind: 'violation', property: instr.property, pc: t.pc };
        t.pc++;
        break;
      case 'branch':
      case 'jump': {
        const taken = instr.op === 'jump' || evalExpr(instr.cond, t.regs) !== 0;
        const slot = slots[t.pc]!;
        if (!taken) {
          resetLoops(t.loops, exits.fallThrough[t.pc]!); // the loops that end here
          t.pc++;
          break;
        }
        if (slot >= 0) {
          if (t.loops[slot]! >= (instr.bound ?? 0)) {
            t.status = ST_BOUND;
            break;
          }
          t.loops[slot] = t.loops[slot]! + 1;
        }
        resetLoops(t.loops, exits.taken[t.pc]!);
        t.pc = instr.target;
        break;
      }
      default:
        break;
    }
  }
  return OK;
}

/** Resets the counters of the loops `left` (a branch's `computeLoopExits` list, taken or falling through). */
export function resetLoops(loops: Int32Array, left: readonly number[]): void {
  for (let k = 0; k < left.length; k++) loops[left[k]!] = 0;
}

/** Number of loop slots per thread (back edges). */
export function loopCounts(slots: readonly (readonly number[])[]): number[] {
  return slots.map((s) => s.filter((x) => x >= 0).length);
}

/** Whether every thread of the program has finished. */
export function allDone(threads: readonly ThreadState[]): boolean {
  return threads.every((t) => t.status === ST_DONE);
}

export type { Program };
