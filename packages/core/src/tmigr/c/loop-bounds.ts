/** The bounds of loops and backward gotos (see the C subset reference). */
import type { CStmt } from './ast.js';
import { exprsOf, walkExpr, walkStmt } from './ast-walk.js';
import type { FnScope } from './scope.js';

/**
 * The bound of a loop: a loop that retries a cmpxchg runs at most `retries × levels` times
 * (the scenario's `bounds.retries` per level, as the emitters do); a loop that follows
 * `->parent` at most `levels` times; any other loop (timerqueue scans, `goto again`) at most
 * `childrenPerGroup` times.
 */
export function loopBound(S: FnScope, parts: readonly CStmt[]): number {
  let cmpxchg = false;
  let parent = false;
  for (const p of parts) {
    walkStmt(p, (s) => {
      for (const e of exprsOf(s))
        walkExpr(e, (x) => {
          if (x.k === 'call' && x.callee.k === 'ident' && x.callee.name.includes('cmpxchg')) cmpxchg = true;
          if (x.k === 'member' && x.arrow && x.field === 'parent') parent = true;
        });
    });
  }
  const l = S.ctx.layout;
  if (cmpxchg) return S.ctx.retries * l.levels;
  if (parent) return l.levels;
  return l.childrenPerGroup;
}

/** The bound of a backward goto: the loop is the code from the label to the goto. */
export function gotoBound(S: FnScope, g: CStmt & { k: 'goto' }): number {
  const from = S.labelStarts.get(g.label) ?? g.start;
  const parts: CStmt[] = [];
  walkStmt(S.body, (s) => {
    if (s.k !== 'block' && s.start >= from && s.end <= g.end) parts.push(shallow(s));
  });
  return loopBound(S, parts);
}

/** A statement without its nested statements (their expressions are visited on their own). */
function shallow(s: CStmt): CStmt {
  switch (s.k) {
    case 'if':
      // biome-ignore lint/suspicious/noThenProperty: the AST's `if` has a `then` branch
      return { k: 'if', c: s.c, then: EMPTY, line: s.line, col: s.col, start: s.start, end: s.end };
    case 'while':
    case 'do':
    case 'for':
    case 'scoped_guard':
      return { ...s, body: EMPTY, ...(s.k === 'for' ? { init: EMPTY } : {}) } as unknown as CStmt;
    case 'label':
      return { ...s, stmt: EMPTY };
    default:
      return s;
  }
}

const EMPTY: CStmt = { k: 'empty', line: 0, col: 0, start: 0, end: 0 };
