import type { BinOp, Expr, FinalExpr, UnOp } from './types.js';

/** Applies a binary operator with 32-bit two's-complement semantics (as the Wasm engine does). */
export function applyBin(op: BinOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return (a + b) | 0;
    case 'sub':
      return (a - b) | 0;
    case 'mul':
      return Math.imul(a, b);
    case 'and':
      return a & b;
    case 'or':
      return a | b;
    case 'xor':
      return a ^ b;
    case 'shl':
      return a << (b & 31);
    case 'shr':
      return (a >>> (b & 31)) | 0;
    case 'eq':
      return a === b ? 1 : 0;
    case 'ne':
      return a !== b ? 1 : 0;
    case 'lt':
      return a < b ? 1 : 0;
    case 'le':
      return a <= b ? 1 : 0;
    case 'gt':
      return a > b ? 1 : 0;
    case 'ge':
      return a >= b ? 1 : 0;
    case 'land':
      return a !== 0 && b !== 0 ? 1 : 0;
    case 'lor':
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}

export function applyUn(op: UnOp, a: number): number {
  switch (op) {
    case 'not':
      return a === 0 ? 1 : 0;
    case 'bnot':
      return ~a;
    case 'neg':
      return -a | 0;
  }
}

/** Evaluates `e` over registers `regs`; `old` is the value read by the enclosing rmw. */
export function evalExpr(e: Expr, regs: ArrayLike<number>, old = 0): number {
  switch (e.k) {
    case 'const':
      return e.v | 0;
    case 'reg':
      return regs[e.r]! | 0;
    case 'old':
      return old | 0;
    case 'bin':
      return applyBin(e.op, evalExpr(e.a, regs, old), evalExpr(e.b, regs, old));
    case 'un':
      return applyUn(e.op, evalExpr(e.a, regs, old));
    case 'ite':
      return evalExpr(e.c, regs, old) !== 0 ? evalExpr(e.t, regs, old) : evalExpr(e.e, regs, old);
  }
}

/** The registers an expression reads (for dependency tracking). */
export function exprRegisters(e: Expr, out: Set<number> = new Set()): Set<number> {
  switch (e.k) {
    case 'reg':
      out.add(e.r);
      break;
    case 'bin':
      exprRegisters(e.a, out);
      exprRegisters(e.b, out);
      break;
    case 'un':
      exprRegisters(e.a, out);
      break;
    case 'ite':
      exprRegisters(e.c, out);
      exprRegisters(e.t, out);
      exprRegisters(e.e, out);
      break;
    default:
      break;
  }
  return out;
}

/** Whether an expression mentions `old`. */
export function usesOld(e: Expr): boolean {
  switch (e.k) {
    case 'old':
      return true;
    case 'bin':
      return usesOld(e.a) || usesOld(e.b);
    case 'un':
      return usesOld(e.a);
    case 'ite':
      return usesOld(e.c) || usesOld(e.t) || usesOld(e.e);
    default:
      return false;
  }
}

/** Evaluates a final-state expression. */
export function evalFinal(
  e: FinalExpr,
  reg: (t: number, r: number) => number,
  mem: (addr: number) => number,
): number {
  switch (e.k) {
    case 'const':
      return e.v | 0;
    case 'treg':
      return reg(e.t, e.r) | 0;
    case 'mem':
      return mem(e.addr) | 0;
    case 'bin':
      return applyBin(e.op, evalFinal(e.a, reg, mem), evalFinal(e.b, reg, mem));
    case 'un':
      return applyUn(e.op, evalFinal(e.a, reg, mem));
    case 'ite':
      return evalFinal(e.c, reg, mem) !== 0 ? evalFinal(e.t, reg, mem) : evalFinal(e.e, reg, mem);
  }
}

/**
 * An expression compiled to a closure: registers are read from `v[o + r]`, `old` is the value
 * read by the enclosing rmw. Same results as {@link evalExpr}.
 */
export type CompiledExpr = (v: Int32Array, o: number, old: number) => number;

function compileBin(op: BinOp, a: CompiledExpr, b: CompiledExpr): CompiledExpr {
  switch (op) {
    case 'add':
      return (v, o, x) => (a(v, o, x) + b(v, o, x)) | 0;
    case 'sub':
      return (v, o, x) => (a(v, o, x) - b(v, o, x)) | 0;
    case 'mul':
      return (v, o, x) => Math.imul(a(v, o, x), b(v, o, x));
    case 'and':
      return (v, o, x) => a(v, o, x) & b(v, o, x);
    case 'or':
      return (v, o, x) => a(v, o, x) | b(v, o, x);
    case 'xor':
      return (v, o, x) => a(v, o, x) ^ b(v, o, x);
    case 'shl':
      return (v, o, x) => {
        const l = a(v, o, x);
        return l << (b(v, o, x) & 31);
      };
    case 'shr':
      return (v, o, x) => {
        const l = a(v, o, x);
        return (l >>> (b(v, o, x) & 31)) | 0;
      };
    case 'eq':
      return (v, o, x) => (a(v, o, x) === b(v, o, x) ? 1 : 0);
    case 'ne':
      return (v, o, x) => (a(v, o, x) !== b(v, o, x) ? 1 : 0);
    case 'lt':
      return (v, o, x) => (a(v, o, x) < b(v, o, x) ? 1 : 0);
    case 'le':
      return (v, o, x) => (a(v, o, x) <= b(v, o, x) ? 1 : 0);
    case 'gt':
      return (v, o, x) => (a(v, o, x) > b(v, o, x) ? 1 : 0);
    case 'ge':
      return (v, o, x) => (a(v, o, x) >= b(v, o, x) ? 1 : 0);
    // Both operands are evaluated, as in evalExpr (expressions have no side effects).
    case 'land':
      return (v, o, x) => {
        const l = a(v, o, x);
        const r = b(v, o, x);
        return l !== 0 && r !== 0 ? 1 : 0;
      };
    case 'lor':
      return (v, o, x) => {
        const l = a(v, o, x);
        const r = b(v, o, x);
        return l !== 0 || r !== 0 ? 1 : 0;
      };
  }
}

/**
 * Compiles `e` once to a closure (see {@link CompiledExpr}); evaluating the closure gives the
 * same value as `evalExpr(e, v.subarray(o), old)` without walking the tree.
 */
export function compileExpr(e: Expr): CompiledExpr {
  switch (e.k) {
    case 'const': {
      const k = e.v | 0;
      return () => k;
    }
    case 'reg': {
      const r = e.r;
      return (v, o) => v[o + r]! | 0;
    }
    case 'old':
      return (_v, _o, x) => x | 0;
    case 'bin': {
      // Register-vs-constant comparisons and masks are the common case in tmigr code.
      if (e.a.k === 'reg' && e.b.k === 'const') {
        const r = e.a.r;
        const k = e.b.v | 0;
        switch (e.op) {
          case 'eq':
            return (v, o) => ((v[o + r]! | 0) === k ? 1 : 0);
          case 'ne':
            return (v, o) => ((v[o + r]! | 0) !== k ? 1 : 0);
          case 'and':
            return (v, o) => v[o + r]! & k;
          case 'add':
            return (v, o) => (v[o + r]! + k) | 0;
          default:
            break;
        }
      }
      return compileBin(e.op, compileExpr(e.a), compileExpr(e.b));
    }
    case 'un': {
      const a = compileExpr(e.a);
      switch (e.op) {
        case 'not':
          return (v, o, x) => (a(v, o, x) === 0 ? 1 : 0);
        case 'bnot':
          return (v, o, x) => ~a(v, o, x);
        case 'neg':
          return (v, o, x) => -a(v, o, x) | 0;
      }
      break;
    }
    case 'ite': {
      const c = compileExpr(e.c);
      const t = compileExpr(e.t);
      const f = compileExpr(e.e);
      return (v, o, x) => (c(v, o, x) !== 0 ? t(v, o, x) : f(v, o, x));
    }
  }
  throw new Error(`compileExpr: unknown expression kind`);
}
