/** Syntax tree of the kernel C subset (function definitions of timer_migration.c). */
import type { Pos } from './errors.js';

/** A type as written: base name (`bool`, `u8`, `union tmigr_state`, `struct tmigr_group`, `up_f`) and pointer depth. */
export interface TypeName {
  readonly base: string;
  readonly ptr: number;
}

interface Node extends Pos {
  /** Source offsets (for the text of WARN conditions and trace annotations). */
  readonly start: number;
  readonly end: number;
}

export type CExpr =
  | (Node & { readonly k: 'num'; readonly v: number })
  | (Node & { readonly k: 'ident'; readonly name: string })
  | (Node & { readonly k: 'str' })
  | (Node & { readonly k: 'call'; readonly callee: CExpr; readonly args: readonly CExpr[] })
  | (Node & { readonly k: 'member'; readonly obj: CExpr; readonly field: string; readonly arrow: boolean })
  | (Node & { readonly k: 'index'; readonly obj: CExpr; readonly index: CExpr })
  | (Node & { readonly k: 'unary'; readonly op: string; readonly a: CExpr })
  | (Node & { readonly k: 'postfix'; readonly op: '++' | '--'; readonly a: CExpr })
  | (Node & { readonly k: 'binary'; readonly op: string; readonly a: CExpr; readonly b: CExpr })
  | (Node & { readonly k: 'assign'; readonly op: string; readonly a: CExpr; readonly b: CExpr })
  | (Node & { readonly k: 'cond'; readonly c: CExpr; readonly t: CExpr; readonly e: CExpr })
  | (Node & { readonly k: 'cast'; readonly type: TypeName; readonly a: CExpr })
  | (Node & {
      readonly k: 'init';
      readonly items: readonly { readonly field: string; readonly value: CExpr; readonly pos: Pos }[];
    });

export interface Declarator extends Pos {
  readonly name: string;
  readonly type: TypeName;
  readonly init?: CExpr;
}

export type CStmt =
  | (Node & { readonly k: 'block'; readonly body: readonly CStmt[] })
  | (Node & { readonly k: 'decl'; readonly decls: readonly Declarator[] })
  | (Node & { readonly k: 'expr'; readonly e: CExpr })
  | (Node & { readonly k: 'if'; readonly c: CExpr; readonly then: CStmt; readonly else?: CStmt })
  | (Node & { readonly k: 'while'; readonly c: CExpr; readonly body: CStmt })
  | (Node & { readonly k: 'do'; readonly body: CStmt; readonly c: CExpr })
  | (Node & {
      readonly k: 'for';
      readonly init?: CStmt;
      readonly c?: CExpr;
      readonly step?: CExpr;
      readonly body: CStmt;
    })
  | (Node & { readonly k: 'goto'; readonly label: string })
  | (Node & { readonly k: 'label'; readonly name: string; readonly stmt: CStmt })
  | (Node & { readonly k: 'break' })
  | (Node & { readonly k: 'continue' })
  | (Node & { readonly k: 'return'; readonly e?: CExpr })
  | (Node & { readonly k: 'empty' })
  | (Node & {
      readonly k: 'scoped_guard';
      readonly kind: string;
      readonly args: readonly CExpr[];
      readonly body: CStmt;
    });

export interface CParam extends Pos {
  readonly name: string;
  readonly type: TypeName;
}

export interface CFunction extends Pos {
  readonly name: string;
  readonly ret: TypeName;
  readonly params: readonly CParam[];
  readonly body: CStmt & { readonly k: 'block' };
}

export interface CFile {
  readonly functions: readonly CFunction[];
  /** The full source (statement and condition texts are slices of it). */
  readonly text: string;
  readonly lineComments: readonly { readonly line: number; readonly text: string }[];
}

/** The source text of a node, whitespace collapsed to single spaces. */
export function sourceOf(text: string, n: { readonly start: number; readonly end: number }): string {
  return text
    .slice(n.start, n.end)
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();
}
