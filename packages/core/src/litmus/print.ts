import type { CExpr } from './ast.js';

/** Renders a C expression of a process body as compact source text (for traces). */
export function printCExpr(e: CExpr): string {
  switch (e.k) {
    case 'num':
      return String(e.v);
    case 'id':
      return e.name;
    case 'un':
      return `${e.op}${printOperand(e.a)}`;
    case 'bin':
      return `${printOperand(e.a)} ${e.op} ${printOperand(e.b)}`;
    case 'assign':
      return `${printCExpr(e.target)} = ${printCExpr(e.value)}`;
    case 'cond':
      return `${printOperand(e.c)} ? ${printOperand(e.t)} : ${printOperand(e.e)}`;
    case 'call':
      return `${e.name}(${e.args.map(printCExpr).join(', ')})`;
    case 'cast':
      return `(${e.type})${printOperand(e.a)}`;
    case 'other':
      return `<${e.what}>`;
  }
}

function printOperand(e: CExpr): string {
  return e.k === 'bin' || e.k === 'assign' || e.k === 'cond' ? `(${printCExpr(e)})` : printCExpr(e);
}
