/**
 * Test support for the random-program tests: makes two back edges of a thread overlap without
 * nesting, like C's `again: ... for (...) { ... if (c) goto again; ... }`. Such loops used to
 * reset each other's counters for ever (a local run that never returned); their ranges are now
 * grown until they nest (encode.ts `computeLoopRanges`).
 */
import type { Expr, Instr } from '../ir/types.js';

/**
 * Overwrites instructions of `code` (3 or more instructions; shorter code is left alone) with
 * back edges `a` and `b` such that `a.target < b.target <= a.src < b.src`: `a` a bounded branch,
 * `b` a bounded branch or jump. Half the time (4 or more instructions) they form the block
 * `s: any; s+1: r ^= 1; s+2: if (r) goto s; s+3: goto s+1` (`b` maybe a branch on `cond()`),
 * whose loops, with ranges `[target, src]`, restart each other for ever when `any` is local
 * code; otherwise the positions are random and the conditions are `cond()`. `r(n)` draws from
 * `0..n-1`; registers are drawn from `0..nRegs-1`.
 */
export function overlapBackEdges(
  r: (n: number) => number,
  code: Instr[],
  nRegs: number,
  cond: () => Expr,
): void {
  const len = code.length;
  if (len < 3) return;
  const bEdge = (target: number): Instr =>
    r(2) === 0
      ? { op: 'branch', cond: cond(), target, bound: 1 + r(2) }
      : { op: 'jump', target, bound: 1 + r(2) };
  if (len >= 4 && r(2) === 0) {
    const s = r(len - 3);
    const reg = r(nRegs);
    code[s + 1] = {
      op: 'set',
      dst: reg,
      value: { k: 'bin', op: 'xor', a: { k: 'reg', r: reg }, b: { k: 'const', v: 1 } },
    };
    code[s + 2] = { op: 'branch', cond: { k: 'reg', r: reg }, target: s, bound: 1 + r(2) };
    code[s + 3] = bEdge(s + 1);
    return;
  }
  const aTarget = r(len - 2);
  const bTarget = aTarget + 1 + r(len - 2 - aTarget);
  const aSrc = bTarget + r(len - 1 - bTarget);
  const bSrc = aSrc + 1 + r(len - 1 - aSrc);
  code[aSrc] = { op: 'branch', cond: cond(), target: aTarget, bound: r(3) };
  code[bSrc] = bEdge(bTarget);
}
