import type { BinOp, Expr } from './types.js';

/** Small constructors for building expressions in code. */
export const c = (v: number): Expr => ({ k: 'const', v: v | 0 });
export const reg = (r: number): Expr => ({ k: 'reg', r });
export const old: Expr = { k: 'old' };
export const bin = (op: BinOp, a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b });
export const not = (a: Expr): Expr => ({ k: 'un', op: 'not', a });
export const bnot = (a: Expr): Expr => ({ k: 'un', op: 'bnot', a });
export const ite = (cond: Expr, t: Expr, e: Expr): Expr => ({ k: 'ite', c: cond, t, e });
export const add = (a: Expr, b: Expr): Expr => bin('add', a, b);
export const sub = (a: Expr, b: Expr): Expr => bin('sub', a, b);
export const and = (a: Expr, b: Expr): Expr => bin('and', a, b);
export const or = (a: Expr, b: Expr): Expr => bin('or', a, b);
export const eq = (a: Expr, b: Expr): Expr => bin('eq', a, b);
export const ne = (a: Expr, b: Expr): Expr => bin('ne', a, b);
export const shl = (a: Expr, b: Expr): Expr => bin('shl', a, b);
export const shr = (a: Expr, b: Expr): Expr => bin('shr', a, b);
