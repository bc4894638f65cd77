import type { SourcePos } from './errors.js';

/**
 * The abstract syntax of a C litmus test (herd7 dialect used by the Linux kernel memory
 * model). Positions are 1-based line/column of the construct's first token.
 */

/** C binary operators accepted by the parser (not all of them compile). */
export type CBinOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';

/** C unary operators: `*` is a dereference, `&` takes an address. */
export type CUnOp = '!' | '~' | '-' | '+' | '*' | '&';

/** A C expression of a process body. */
export type CExpr =
  | { readonly k: 'num'; readonly v: number; readonly pos: SourcePos }
  | { readonly k: 'id'; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'un'; readonly op: CUnOp; readonly a: CExpr; readonly pos: SourcePos }
  | { readonly k: 'bin'; readonly op: CBinOp; readonly a: CExpr; readonly b: CExpr; readonly pos: SourcePos }
  | { readonly k: 'assign'; readonly target: CExpr; readonly value: CExpr; readonly pos: SourcePos }
  | { readonly k: 'cond'; readonly c: CExpr; readonly t: CExpr; readonly e: CExpr; readonly pos: SourcePos }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly CExpr[]; readonly pos: SourcePos }
  | { readonly k: 'cast'; readonly type: string; readonly a: CExpr; readonly pos: SourcePos }
  /** Syntax the parser recognises but the front end does not model (`a[i]`, `p->f`, `x++`). */
  | { readonly k: 'other'; readonly what: string; readonly pos: SourcePos };

/** One declarator of a local declaration: `int r0 = 1, *r1;`. */
export interface CDeclarator {
  readonly name: string;
  /** Number of `*` before the name. */
  readonly pointer: number;
  readonly init?: CExpr;
  readonly pos: SourcePos;
}

/** A statement of a process body. */
export type CStmt =
  | {
      readonly k: 'decl';
      readonly type: string;
      readonly decls: readonly CDeclarator[];
      readonly pos: SourcePos;
    }
  | { readonly k: 'expr'; readonly e: CExpr; readonly pos: SourcePos }
  | {
      readonly k: 'if';
      readonly c: CExpr;
      readonly then: CStmt;
      readonly else?: CStmt;
      readonly pos: SourcePos;
    }
  | { readonly k: 'block'; readonly body: readonly CStmt[]; readonly pos: SourcePos }
  | { readonly k: 'empty'; readonly pos: SourcePos }
  /** A statement kind outside the supported subset (`while`, `for`, `return`, ...). */
  | { readonly k: 'other'; readonly what: string; readonly pos: SourcePos };

/** A parameter of a process: `int *x`, `spinlock_t *l`, `int **p`. */
export interface LitmusParam {
  readonly name: string;
  readonly type: string;
  readonly pos: SourcePos;
}

/** One process `Pn(params) { body }`. */
export interface LitmusProcess {
  /** The number n of `Pn`. */
  readonly index: number;
  readonly name: string;
  readonly params: readonly LitmusParam[];
  readonly body: readonly CStmt[];
  readonly pos: SourcePos;
}

/** An initial value: a number, or the address of a location (`x=y;`, `int *p = &y;`). */
export type InitValue =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'addr'; readonly name: string };

/** One entry of the init block: a shared location or a register (`0:r1=x;`). */
export interface InitEntry {
  readonly target:
    | { readonly k: 'loc'; readonly name: string }
    | { readonly k: 'reg'; readonly proc: number; readonly name: string };
  /** Declared type text (`int`, `atomic_t`, `int *`), when given. */
  readonly type?: string;
  /** Absent for a bare declaration (`int x;`), which means 0. */
  readonly value?: InitValue;
  readonly pos: SourcePos;
}

/** A term of a condition: a register `0:r1`, a location `x`, a number. */
export type CondTerm =
  | { readonly k: 'reg'; readonly proc: number; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'loc'; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'num'; readonly v: number; readonly pos: SourcePos };

/** A condition (the body of `exists`, `~exists`, `forall`, `filter`). */
export type CondExpr =
  | { readonly k: 'true' }
  | { readonly k: 'false' }
  | { readonly k: 'not'; readonly a: CondExpr }
  | { readonly k: 'and'; readonly a: CondExpr; readonly b: CondExpr }
  | { readonly k: 'or'; readonly a: CondExpr; readonly b: CondExpr }
  | { readonly k: 'implies'; readonly a: CondExpr; readonly b: CondExpr }
  | {
      readonly k: 'cmp';
      readonly op: '=' | '!=';
      readonly lhs: CondTerm;
      readonly rhs: CondTerm;
      readonly pos: SourcePos;
    };

export type Quantifier = 'exists' | '~exists' | 'forall';

/** A parsed C litmus test. */
export interface LitmusTest {
  /** File name used in messages. */
  readonly file: string;
  /** The test name from the first line. */
  readonly name: string;
  readonly init: readonly InitEntry[];
  readonly processes: readonly LitmusProcess[];
  /** The `locations [...]` clause: extra registers/locations shown in outcomes. */
  readonly locations: readonly CondTerm[];
  readonly filter?: CondExpr;
  /** Absent when the test has no final condition (herd then counts every execution). */
  readonly condition?: { readonly quantifier: Quantifier; readonly body: CondExpr; readonly pos: SourcePos };
}
