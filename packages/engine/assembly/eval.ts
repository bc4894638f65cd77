// Expressions, compiled once per search from the postfix pool of the encoding into a flat list
// of operations (see compile.ts), evaluated over 32-bit two's-complement integers exactly like
// `applyBin`/`applyUn`/`evalExpr`/`evalFinal` in core's ir/eval.ts.
//
// Compiled expression at byte address p: a 16-byte header whose first word is the number n of
// operations, then n operations of 16 bytes: [op, operand a, operand b, operand c]. Operation i
// leaves its value in temporary i; the value of the expression is that of the last operation.
// An operand is (byteOffset << 2 | base), base SCRATCH (constants, `old`, temporaries), REGS (the
// thread's registers) or VEC (the whole state vector, for final checks).
import {
  BIN_ADD,
  BIN_AND,
  BIN_EQ,
  BIN_GE,
  BIN_GT,
  BIN_LAND,
  BIN_LE,
  BIN_LOR,
  BIN_LT,
  BIN_MUL,
  BIN_NE,
  BIN_OR,
  BIN_SHL,
  BIN_SHR,
  BIN_SUB,
  BIN_XOR,
  UN_BNOT,
  UN_NEG,
  UN_NOT,
} from '../../core/src/encoding/opcodes';

/** Operand bases. */
export const BASE_SCRATCH = 0;
export const BASE_REGS = 1;
export const BASE_VEC = 2;

/** Operations: BIN_* (0..15), then these. */
export const OPC_UN = 16; // + UN_* (16..18)
export const OPC_ITE = 19;
export const OPC_COPY = 20;

/** Byte offsets in the scratch area: `old` first, then the temporaries, then the constants. */
export const SCRATCH_OLD: usize = 0;
export const SCRATCH_TEMPS: usize = 16;

/** Start of the compiled code and of the scratch area. */
let codeBase: usize = 0;
let scratchBase: usize = 0;

export function setEvalAreas(code: usize, scratch: usize): void {
  codeBase = code;
  scratchBase = scratch;
}

// @ts-ignore: decorator
@inline export function applyBin(op: i32, a: i32, b: i32): i32 {
  switch (op) {
    case BIN_ADD:
      return a + b;
    case BIN_SUB:
      return a - b;
    case BIN_MUL:
      return a * b;
    case BIN_AND:
      return a & b;
    case BIN_OR:
      return a | b;
    case BIN_XOR:
      return a ^ b;
    case BIN_SHL:
      return a << (b & 31);
    case BIN_SHR:
      return <i32>(<u32>a >>> (<u32>b & 31));
    case BIN_EQ:
      return a == b ? 1 : 0;
    case BIN_NE:
      return a != b ? 1 : 0;
    case BIN_LT:
      return a < b ? 1 : 0;
    case BIN_LE:
      return a <= b ? 1 : 0;
    case BIN_GT:
      return a > b ? 1 : 0;
    case BIN_GE:
      return a >= b ? 1 : 0;
    case BIN_LAND:
      return a != 0 && b != 0 ? 1 : 0;
    case BIN_LOR:
      return a != 0 || b != 0 ? 1 : 0;
    default:
      return 0;
  }
}

// @ts-ignore: decorator
@inline export function applyUn(op: i32, a: i32): i32 {
  switch (op) {
    case UN_NOT:
      return a == 0 ? 1 : 0;
    case UN_BNOT:
      return ~a;
    case UN_NEG:
      return 0 - a;
    default:
      return 0;
  }
}

// @ts-ignore: decorator
@inline function operand(d: i32, regs: usize, vec: usize): i32 {
  const base = d & 3;
  return load<i32>((base == BASE_SCRATCH ? scratchBase : base == BASE_REGS ? regs : vec) + <usize>(d >>> 2));
}

/**
 * Evaluates the compiled expression at word offset `off` of the code area. `regs` points at the
 * registers of the thread (instruction expressions), `old` is the value read by an enclosing rmw,
 * and `vec` is the whole state vector (final expressions).
 */
export function evalExpr(off: i32, regs: usize, old: i32, vec: usize): i32 {
  let p = codeBase + ((<usize>off) << 2);
  const n = load<i32>(p);
  if (n == 1 && load<i32>(p, 16) == OPC_COPY) {
    // A single leaf: a constant, a register, `old` or a vector word.
    const d = load<i32>(p, 20);
    if ((d & 3) == BASE_REGS) return load<i32>(regs + <usize>(d >>> 2));
    store<i32>(scratchBase + SCRATCH_OLD, old);
    return operand(d, regs, vec);
  }
  store<i32>(scratchBase + SCRATCH_OLD, old);
  let temp = scratchBase + SCRATCH_TEMPS;
  let v = 0;
  for (let i = 0; i < n; i++) {
    p += 16;
    const op = load<i32>(p);
    const a = operand(load<i32>(p, 4), regs, vec);
    if (op < OPC_UN) {
      v = applyBin(op, a, operand(load<i32>(p, 8), regs, vec));
    } else if (op == OPC_ITE) {
      v = a != 0 ? operand(load<i32>(p, 8), regs, vec) : operand(load<i32>(p, 12), regs, vec);
    } else if (op == OPC_COPY) {
      v = a;
    } else {
      v = applyUn(op - OPC_UN, a);
    }
    store<i32>(temp, v);
    temp += 4;
  }
  return v;
}
