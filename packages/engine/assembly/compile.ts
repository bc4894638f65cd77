// Compiles the postfix expression pool of an encoded program into the operation lists that
// eval.ts runs, folding operations on constants, and points the program's expression operands
// (instruction words and final checks) at the compiled code.
import {
  H_EXPRS,
  H_FINALS,
  H_THREADS,
  OP_ASSERT,
  OP_ASSUME,
  OP_BRANCH,
  OP_LOAD,
  OP_LOCK,
  OP_RMW,
  OP_SET,
  OP_STORE,
  OP_UNLOCK,
  T_CODE,
  T_NINSTR,
  THREAD_REC,
  X_BIN,
  X_CONST,
  X_END,
  X_MEM,
  X_OLD,
  X_REG,
  X_TREG,
  X_UN,
} from '../../core/src/encoding/opcodes';
import { applyBin, applyUn, BASE_REGS, BASE_SCRATCH, BASE_VEC, OPC_COPY, OPC_ITE, OPC_UN, SCRATCH_OLD, SCRATCH_TEMPS } from './eval';
import { INSTR_BYTES, nThreads, progPtr, threadPart, word } from './program';

/** Bytes of code, scratch and compile stack needed for a pool of `items` items. */
export function codeBytes(items: i32): usize {
  return (<usize>(2 * items + 1)) << 4;
}
export function scratchBytes(items: i32): usize {
  return SCRATCH_TEMPS + ((<usize>(2 * items + 1)) << 2);
}
export function stackBytes(items: i32): usize {
  return (<usize>(items + 1)) << 2;
}

let code: usize = 0; // code area
let codeEnd: usize = 0; // next free byte of the code area
let scratch: usize = 0;
let constEnd: usize = 0; // next free constant slot (scratch-relative), growing down from the end
let stack: usize = 0;

// @ts-ignore: decorator
@inline function desc(offset: usize, base: i32): i32 {
  return (<i32>offset << 2) | base;
}

function constant(v: i32): i32 {
  constEnd -= 4;
  store<i32>(scratch + constEnd, v);
  return desc(constEnd, BASE_SCRATCH);
}

/** Whether operand `d` is a constant (a scratch slot at or above the constants' start). */
let constStart: usize = 0;
// @ts-ignore: decorator
@inline function isConst(d: i32): bool {
  return (d & 3) == BASE_SCRATCH && <usize>(d >>> 2) >= constStart;
}
// @ts-ignore: decorator
@inline function constValue(d: i32): i32 {
  return load<i32>(scratch + <usize>(d >>> 2));
}

/** Compiles the pool expression at word offset `poolOff`; returns its code offset in words. */
function compileOne(poolOff: i32): i32 {
  const header = codeEnd;
  let ops = 0;
  let sp = stack;
  let p = progPtr + ((<usize>(word(H_EXPRS) + poolOff)) << 2);
  while (true) {
    const tag = load<i32>(p);
    const arg = load<i32>(p, 4);
    p += 8;
    if (tag == X_END) break;
    let d = 0;
    if (tag == X_CONST) d = constant(arg);
    else if (tag == X_REG) d = desc((<usize>arg) << 2, BASE_REGS);
    else if (tag == X_OLD) d = desc(SCRATCH_OLD, BASE_SCRATCH);
    else if (tag == X_TREG) d = desc(threadPart(0, arg >>> 16) + 8 + ((<usize>(arg & 0xffff)) << 2), BASE_VEC);
    else if (tag == X_MEM) d = desc((<usize>(arg - 1)) << 2, BASE_VEC);
    else {
      let op = 0;
      let a = 0;
      let b = 0;
      let c = 0;
      let folded = true;
      if (tag == X_BIN) {
        b = load<i32>(sp - 4);
        a = load<i32>(sp - 8);
        sp -= 8;
        if (isConst(a) && isConst(b)) d = constant(applyBin(arg, constValue(a), constValue(b)));
        else {
          op = arg;
          folded = false;
        }
      } else if (tag == X_UN) {
        a = load<i32>(sp - 4);
        sp -= 4;
        if (isConst(a)) d = constant(applyUn(arg, constValue(a)));
        else {
          op = OPC_UN + arg;
          folded = false;
        }
      } else {
        // X_ITE
        const e = load<i32>(sp - 4);
        const t = load<i32>(sp - 8);
        const cond = load<i32>(sp - 12);
        sp -= 12;
        if (isConst(cond)) d = constValue(cond) != 0 ? t : e;
        else {
          op = OPC_ITE;
          a = cond;
          b = t;
          c = e;
          folded = false;
        }
      }
      if (!folded) {
        const at = code + header + 16 + ((<usize>ops) << 4);
        store<i32>(at, op);
        store<i32>(at, a, 4);
        store<i32>(at, b, 8);
        store<i32>(at, c, 12);
        d = desc(SCRATCH_TEMPS + ((<usize>ops) << 2), BASE_SCRATCH);
        ops++;
      }
    }
    store<i32>(sp, d);
    sp += 4;
  }
  const result = load<i32>(sp - 4);
  // The value is the last operation's: unless the result is exactly that, copy it.
  if (ops == 0 || result != desc(SCRATCH_TEMPS + ((<usize>(ops - 1)) << 2), BASE_SCRATCH)) {
    const at = code + header + 16 + ((<usize>ops) << 4);
    store<i32>(at, OPC_COPY);
    store<i32>(at, result, 4);
    store<i32>(at, 0, 8);
    store<i32>(at, 0, 12);
    ops++;
  }
  store<i32>(code + header, ops);
  codeEnd = header + 16 + ((<usize>ops) << 4);
  return <i32>(header >> 2);
}

/** Replaces the pool offset stored at `at` (if any, -1 = absent) by its compiled offset. */
function relink(at: usize): void {
  const off = load<i32>(at);
  if (off >= 0) store<i32>(at, compileOne(off));
}

/**
 * Compiles every expression the program uses. `items` is the size of the pool in items; the
 * areas must have codeBytes/scratchBytes/stackBytes(items) bytes.
 */
export function compileProgram(items: i32, codeArea: usize, scratchArea: usize, stackArea: usize): void {
  code = codeArea;
  codeEnd = 0;
  scratch = scratchArea;
  constEnd = scratchBytes(items);
  constStart = SCRATCH_TEMPS + ((<usize>(items + 1)) << 2);
  stack = stackArea;
  const threads = word(H_THREADS);
  for (let t = 0; t < nThreads; t++) {
    const rec = threads + t * THREAD_REC;
    let ip = progPtr + ((<usize>word(rec + T_CODE)) << 2);
    const n = word(rec + T_NINSTR);
    for (let pc = 0; pc < n; pc++, ip += INSTR_BYTES) {
      const op = load<i32>(ip);
      if (op == OP_LOAD || op == OP_SET) relink(ip + 8);
      else if (op == OP_STORE) {
        relink(ip + 4);
        relink(ip + 8);
      } else if (op == OP_RMW) {
        relink(ip + 4);
        relink(ip + 8);
        relink(ip + 12);
      } else if (op == OP_LOCK || op == OP_UNLOCK || op == OP_BRANCH || op == OP_ASSUME || op == OP_ASSERT) {
        relink(ip + 4);
      }
    }
  }
  const finals = progPtr + ((<usize>word(H_FINALS)) << 2);
  const nFinals = load<i32>(finals);
  for (let i = 0; i < nFinals; i++) relink(finals + 8 + ((<usize>i) << 3));
}
