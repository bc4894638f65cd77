// Evaluates the postfix expressions of the expression pool over 32-bit two's-complement
// integers, exactly like `applyBin`/`applyUn`/`evalExpr`/`evalFinal` in core's ir/eval.ts.
// (A register-machine form compiled at start was tried and executed more instructions than this
// simple stack interpreter: operand decoding costs more than the dispatch it saves.)
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
  X_BIN,
  X_CONST,
  X_END,
  X_ITE,
  X_MEM,
  X_OLD,
  X_REG,
  X_TREG,
  X_UN,
} from '../../core/src/encoding/opcodes';
import { exprBase, TS_REGS, threadPart } from './program';

/** Scratch stack for postfix evaluation (one word per pool item is enough). */
let stackBase: usize = 0;

export function setEvalStack(ptr: usize): void {
  stackBase = ptr;
}

export function applyBin(op: i32, a: i32, b: i32): i32 {
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

export function applyUn(op: i32, a: i32): i32 {
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

/**
 * Evaluates the expression at word offset `off` of the pool. `regs` points at the registers of
 * the thread (instruction expressions), `old` is the value read by an enclosing rmw, and `vec`
 * is the whole state vector (final expressions: X_TREG, X_MEM).
 */
export function evalExpr(off: i32, regs: usize, old: i32, vec: usize): i32 {
  let p = exprBase + ((<usize>off) << 2);
  // Fast path: a single constant or register.
  if (load<i32>(p, 8) == X_END) {
    const tag0 = load<i32>(p);
    if (tag0 == X_CONST) return load<i32>(p, 4);
    if (tag0 == X_REG) return load<i32>(regs + ((<usize>load<i32>(p, 4)) << 2));
  }
  let sp = stackBase;
  while (true) {
    const tag = load<i32>(p);
    const arg = load<i32>(p, 4);
    p += 8;
    switch (tag) {
      case X_END:
        return load<i32>(sp - 4);
      case X_CONST:
        store<i32>(sp, arg);
        sp += 4;
        break;
      case X_REG:
        store<i32>(sp, load<i32>(regs + ((<usize>arg) << 2)));
        sp += 4;
        break;
      case X_OLD:
        store<i32>(sp, old);
        sp += 4;
        break;
      case X_TREG: {
        const part = threadPart(vec, arg >>> 16);
        store<i32>(sp, load<i32>(part + TS_REGS + ((<usize>(arg & 0xffff)) << 2)));
        sp += 4;
        break;
      }
      case X_MEM:
        store<i32>(sp, load<i32>(vec + ((<usize>(arg - 1)) << 2)));
        sp += 4;
        break;
      case X_BIN: {
        const b = load<i32>(sp - 4);
        const a = load<i32>(sp - 8);
        sp -= 4;
        store<i32>(sp - 4, applyBin(arg, a, b));
        break;
      }
      case X_UN:
        store<i32>(sp - 4, applyUn(arg, load<i32>(sp - 4)));
        break;
      case X_ITE: {
        const e = load<i32>(sp - 4);
        const t = load<i32>(sp - 8);
        const c = load<i32>(sp - 12);
        sp -= 8;
        store<i32>(sp - 4, c != 0 ? t : e);
        break;
      }
      default:
        return 0;
    }
  }
  return 0;
}
