/** Walks over the syntax tree: statements, the expressions in them, labels and gotos. */
import type { CExpr, CStmt } from './ast.js';

/** [label index, goto index] of top-level statements joined by a backward goto. */
export function backwardGotoRegions(stmts: readonly CStmt[]): [number, number][] {
  const labelAt = new Map<string, number>();
  const regions: [number, number][] = [];
  stmts.forEach((st, i) => {
    for (const n of labelsIn(st)) labelAt.set(n, i);
    for (const g of gotosIn(st)) {
      const from = labelAt.get(g);
      if (from !== undefined) regions.push([from, i + 1]);
    }
  });
  return regions;
}

export function labelsIn(st: CStmt): string[] {
  const out: string[] = [];
  walkStmt(st, (s) => {
    if (s.k === 'label') out.push(s.name);
  });
  return out;
}

export function gotosIn(st: CStmt): string[] {
  const out: string[] = [];
  walkStmt(st, (s) => {
    if (s.k === 'goto') out.push(s.label);
  });
  return out;
}

export function walkStmt(st: CStmt, f: (s: CStmt) => void): void {
  f(st);
  switch (st.k) {
    case 'block':
      for (const s of st.body) walkStmt(s, f);
      break;
    case 'if':
      walkStmt(st.then, f);
      if (st.else) walkStmt(st.else, f);
      break;
    case 'while':
    case 'do':
    case 'for':
    case 'scoped_guard':
      walkStmt(st.body, f);
      if (st.k === 'for' && st.init) walkStmt(st.init, f);
      break;
    case 'label':
      walkStmt(st.stmt, f);
      break;
    default:
      break;
  }
}

/** Every expression directly inside a statement (not nested statements). */
export function exprsOf(st: CStmt): CExpr[] {
  switch (st.k) {
    case 'expr':
      return [st.e];
    case 'decl':
      return st.decls.flatMap((d) => (d.init ? [d.init] : []));
    case 'if':
    case 'while':
    case 'do':
      return [st.c];
    case 'for':
      return [...(st.c ? [st.c] : []), ...(st.step ? [st.step] : [])];
    case 'return':
      return st.e ? [st.e] : [];
    case 'scoped_guard':
      return [...st.args];
    default:
      return [];
  }
}

export function walkExpr(e: CExpr, f: (e: CExpr) => void): void {
  f(e);
  switch (e.k) {
    case 'call':
      // trace_*() / lockdep_*() arguments are not evaluated
      if (e.callee.k === 'ident' && isIgnoredCall(e.callee.name)) return;
      walkExpr(e.callee, f);
      for (const a of e.args) walkExpr(a, f);
      break;
    case 'member':
      walkExpr(e.obj, f);
      break;
    case 'index':
      walkExpr(e.obj, f);
      walkExpr(e.index, f);
      break;
    case 'unary':
    case 'postfix':
    case 'cast':
      walkExpr(e.a, f);
      break;
    case 'binary':
    case 'assign':
      walkExpr(e.a, f);
      walkExpr(e.b, f);
      break;
    case 'cond':
      walkExpr(e.c, f);
      walkExpr(e.t, f);
      walkExpr(e.e, f);
      break;
    case 'init':
      for (const it of e.items) walkExpr(it.value, f);
      break;
    default:
      break;
  }
}

export function collectIdents(st: CStmt, out: Set<string>): void {
  walkStmt(st, (s) => {
    for (const e of exprsOf(s))
      walkExpr(e, (x) => {
        if (x.k === 'ident') out.add(x.name);
      });
  });
}

/** Whether control can reach the end of a statement (no trailing return/break/continue/goto). */
export function fallsThrough(st: CStmt): boolean {
  switch (st.k) {
    case 'return':
    case 'break':
    case 'continue':
    case 'goto':
      return false;
    case 'block': {
      const last = st.body[st.body.length - 1];
      return !last || fallsThrough(last);
    }
    case 'label':
      return fallsThrough(st.stmt);
    case 'if':
      return !st.else || fallsThrough(st.then) || fallsThrough(st.else);
    default:
      return true;
  }
}

/** `trace_*()` / `lockdep_*()`: calls the model ignores. */
export const isIgnoredCall = (name: string): boolean =>
  name.startsWith('trace_') || name.startsWith('lockdep_');

/** A statement that is an ignored call. */
export const isTrace = (s: CStmt): boolean =>
  s.k === 'expr' && s.e.k === 'call' && s.e.callee.k === 'ident' && isIgnoredCall(s.e.callee.name);
