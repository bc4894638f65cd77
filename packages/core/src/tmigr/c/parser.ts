/**
 * Recursive-descent parser of the kernel C subset: function definitions with declarations,
 * the statements of timer_migration.c (if/else, loops, goto, labels, `scoped_guard`) and C
 * expressions with C's precedence. Anything else is an error with its position.
 */
import type { CExpr, CFile, CFunction, CParam, CStmt, Declarator, TypeName } from './ast.js';
import { fail, type Pos } from './errors.js';
import { lex, type Token } from './lexer.js';

/** Integer type names of the subset (all model values are 32-bit). */
export const INT_TYPES = new Set([
  'bool',
  'int',
  'long',
  'short',
  'char',
  'unsigned',
  'signed',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'ktime_t',
  'void',
]);
/** Typedef names of the subset besides the integers. */
const TYPEDEFS = new Set(['up_f']);
const QUALIFIERS = new Set(['static', 'inline', 'const', 'volatile', '__always_inline', '__maybe_unused']);

const BINARY_PREC: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

class Parser {
  private i = 0;
  constructor(
    private readonly toks: readonly Token[],
    private readonly file: string,
  ) {}

  private get tok(): Token {
    return this.toks[this.i]!;
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'ident') && this.tok.text === text;
  }
  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private err(msg: string, at: Pos = this.tok): never {
    return fail(this.file, at, msg);
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of file' : `'${t.text}'`;
  }
  private expect(text: string): Token {
    if (!this.is(text)) this.err(`expected '${text}', found ${this.describe(this.tok)}`);
    return this.next();
  }
  private ident(what: string): Token {
    if (this.tok.kind !== 'ident') this.err(`expected ${what}, found ${this.describe(this.tok)}`);
    return this.next();
  }
  /** End offset of the previous token. */
  private get lastEnd(): number {
    return this.toks[this.i - 1]?.end ?? 0;
  }

  // ---------------------------------------------------------------------------------------
  // Types

  /** Whether the tokens at the cursor start a type (after qualifiers). */
  startsType(at = 0): boolean {
    let k = at;
    while (this.peek(k).kind === 'ident' && QUALIFIERS.has(this.peek(k).text)) k++;
    const t = this.peek(k);
    if (t.kind !== 'ident') return false;
    return t.text === 'struct' || t.text === 'union' || INT_TYPES.has(t.text) || TYPEDEFS.has(t.text);
  }

  private typeSpec(): TypeName {
    while (this.tok.kind === 'ident' && QUALIFIERS.has(this.tok.text)) this.next();
    const t = this.ident('a type');
    let base = t.text;
    if (base === 'struct' || base === 'union') {
      base = `${base} ${this.ident(`a ${base} name`).text}`;
    } else if (INT_TYPES.has(base)) {
      // `unsigned long`, `unsigned int`, `long long`, ...
      while (this.tok.kind === 'ident' && INT_TYPES.has(this.tok.text) && this.tok.text !== 'void') {
        base = 'int';
        this.next();
      }
      if (base === 'unsigned' || base === 'signed' || base === 'long' || base === 'short') base = 'int';
    } else if (!TYPEDEFS.has(base)) {
      this.err(`unknown type '${base}'`, t);
    }
    while (this.tok.kind === 'ident' && QUALIFIERS.has(this.tok.text)) this.next();
    return { base, ptr: 0 };
  }

  private pointers(base: TypeName): TypeName {
    let ptr = base.ptr;
    while (this.is('*')) {
      this.next();
      ptr++;
      while (this.tok.kind === 'ident' && QUALIFIERS.has(this.tok.text)) this.next();
    }
    return { base: base.base, ptr };
  }

  // ---------------------------------------------------------------------------------------
  // Top level

  functions(): CFunction[] {
    const fns: CFunction[] = [];
    while (this.tok.kind !== 'eof') fns.push(this.func());
    return fns;
  }

  private func(): CFunction {
    const at = this.tok;
    if (!this.startsType()) this.err(`expected a function definition, found ${this.describe(this.tok)}`);
    const ret = this.pointers(this.typeSpec());
    const name = this.ident('a function name');
    this.expect('(');
    const params: CParam[] = [];
    if (this.is('void') && this.peek().text === ')') this.next();
    while (!this.is(')')) {
      if (params.length > 0) this.expect(',');
      const pt = this.pointers(this.typeSpec());
      const pn = this.ident('a parameter name');
      params.push({ name: pn.text, type: pt, line: pn.line, col: pn.col });
    }
    this.expect(')');
    if (this.is(';')) this.err(`${name.text}: only function definitions are supported (no prototypes)`);
    if (!this.is('{')) this.err(`expected '{' to start the body of ${name.text}`);
    const body = this.block();
    return { name: name.text, ret, params, body, line: at.line, col: at.col };
  }

  // ---------------------------------------------------------------------------------------
  // Statements

  private block(): CStmt & { k: 'block' } {
    const open = this.expect('{');
    const body: CStmt[] = [];
    while (!this.is('}')) {
      if (this.tok.kind === 'eof') this.err("missing '}'", open);
      body.push(this.stmt());
    }
    this.next();
    return { k: 'block', body, line: open.line, col: open.col, start: open.start, end: this.lastEnd };
  }

  private stmt(): CStmt {
    const t = this.tok;
    const node = { line: t.line, col: t.col, start: t.start };
    if (this.is('{')) return this.block();
    if (this.is(';')) {
      this.next();
      return { k: 'empty', ...node, end: this.lastEnd };
    }
    if (this.startsType()) return this.decl();
    if (t.kind === 'ident' && this.peek().text === ':' && this.peek().kind === 'punct') {
      this.next();
      this.next();
      // A label before a closing brace: an empty statement.
      const stmt: CStmt = this.is('}')
        ? { k: 'empty', line: t.line, col: t.col, start: t.start, end: this.lastEnd }
        : this.stmt();
      return { k: 'label', name: t.text, stmt, ...node, end: this.lastEnd };
    }
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'if': {
          this.next();
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          const then = this.stmt();
          if (this.is('else')) {
            this.next();
            const els = this.stmt();
            return { k: 'if', c, then, else: els, ...node, end: this.lastEnd };
          }
          return { k: 'if', c, then, ...node, end: this.lastEnd };
        }
        case 'while': {
          this.next();
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          const body = this.stmt();
          return { k: 'while', c, body, ...node, end: this.lastEnd };
        }
        case 'do': {
          this.next();
          const body = this.stmt();
          this.expect('while');
          this.expect('(');
          const c = this.expr();
          this.expect(')');
          this.expect(';');
          return { k: 'do', body, c, ...node, end: this.lastEnd };
        }
        case 'for': {
          this.next();
          this.expect('(');
          let init: CStmt | undefined;
          if (this.startsType()) init = this.decl();
          else if (this.is(';')) this.next();
          else {
            const e = this.expr();
            this.expect(';');
            init = { k: 'expr', e, line: e.line, col: e.col, start: e.start, end: e.end };
          }
          const c = this.is(';') ? undefined : this.expr();
          this.expect(';');
          const step = this.is(')') ? undefined : this.expr();
          this.expect(')');
          const body = this.stmt();
          return {
            k: 'for',
            ...(init ? { init } : {}),
            ...(c ? { c } : {}),
            ...(step ? { step } : {}),
            body,
            ...node,
            end: this.lastEnd,
          };
        }
        case 'goto': {
          this.next();
          const l = this.ident('a label');
          this.expect(';');
          return { k: 'goto', label: l.text, ...node, end: this.lastEnd };
        }
        case 'break':
        case 'continue': {
          this.next();
          this.expect(';');
          return { k: t.text, ...node, end: this.lastEnd };
        }
        case 'return': {
          this.next();
          if (this.is(';')) {
            this.next();
            return { k: 'return', ...node, end: this.lastEnd };
          }
          const e = this.expr();
          this.expect(';');
          return { k: 'return', e, ...node, end: this.lastEnd };
        }
        case 'scoped_guard': {
          this.next();
          this.expect('(');
          const kind = this.ident('a guard class (raw_spinlock, raw_spinlock_irq, mutex, ...)').text;
          const args: CExpr[] = [];
          while (this.is(',')) {
            this.next();
            args.push(this.assign());
          }
          this.expect(')');
          const body = this.stmt();
          return { k: 'scoped_guard', kind, args, body, ...node, end: this.lastEnd };
        }
        case 'switch':
          this.err('switch statements are not in the supported subset (use if/else)');
          break;
        case 'else':
          this.err("'else' without 'if'");
          break;
        default:
          break;
      }
    }
    const e = this.expr();
    this.expect(';');
    return { k: 'expr', e, ...node, end: this.lastEnd };
  }

  private decl(): CStmt {
    const t = this.tok;
    const base = this.typeSpec();
    const decls: Declarator[] = [];
    for (;;) {
      const type = this.pointers(base);
      const n = this.ident('a variable name');
      if (this.is('[')) this.err('arrays are not in the supported subset');
      let init: CExpr | undefined;
      if (this.is('=')) {
        this.next();
        init = this.is('{') ? this.initList() : this.assign();
      }
      decls.push({ name: n.text, type, line: n.line, col: n.col, ...(init ? { init } : {}) });
      if (!this.is(',')) break;
      this.next();
    }
    this.expect(';');
    return { k: 'decl', decls, line: t.line, col: t.col, start: t.start, end: this.lastEnd };
  }

  private initList(): CExpr {
    const open = this.expect('{');
    const items: { field: string; value: CExpr; pos: Pos }[] = [];
    while (!this.is('}')) {
      if (items.length > 0) {
        this.expect(',');
        if (this.is('}')) break;
      }
      const dot = this.expect('.');
      let field = this.ident('a field name').text;
      while (this.is('.')) {
        this.next();
        field += `.${this.ident('a field name').text}`;
      }
      this.expect('=');
      items.push({ field, value: this.assign(), pos: dot });
    }
    this.next();
    return { k: 'init', items, line: open.line, col: open.col, start: open.start, end: this.lastEnd };
  }

  // ---------------------------------------------------------------------------------------
  // Expressions

  expr(): CExpr {
    const e = this.assign();
    if (this.is(',')) this.err('the comma operator is not in the supported subset');
    return e;
  }

  private assign(): CExpr {
    const lhs = this.conditional();
    if (this.tok.kind === 'punct' && ASSIGN_OPS.has(this.tok.text)) {
      const op = this.next().text;
      const rhs = this.assign();
      return {
        k: 'assign',
        op,
        a: lhs,
        b: rhs,
        line: lhs.line,
        col: lhs.col,
        start: lhs.start,
        end: rhs.end,
      };
    }
    return lhs;
  }

  private conditional(): CExpr {
    const c = this.binary(1);
    if (!this.is('?')) return c;
    this.next();
    const t = this.assign();
    this.expect(':');
    const e = this.conditional();
    return { k: 'cond', c, t, e, line: c.line, col: c.col, start: c.start, end: e.end };
  }

  private binary(minPrec: number): CExpr {
    let lhs = this.unary();
    for (;;) {
      const t = this.tok;
      const prec = t.kind === 'punct' ? BINARY_PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return lhs;
      this.next();
      const rhs = this.binary(prec + 1);
      lhs = {
        k: 'binary',
        op: t.text,
        a: lhs,
        b: rhs,
        line: lhs.line,
        col: lhs.col,
        start: lhs.start,
        end: rhs.end,
      };
    }
  }

  private unary(): CExpr {
    const t = this.tok;
    if (t.kind === 'punct' && ['!', '~', '-', '+', '&', '*', '++', '--'].includes(t.text)) {
      this.next();
      const a = this.unary();
      return { k: 'unary', op: t.text, a, line: t.line, col: t.col, start: t.start, end: a.end };
    }
    if (t.kind === 'ident' && t.text === 'sizeof') this.err('sizeof is not in the supported subset');
    if (this.is('(') && this.startsType(1)) {
      this.next();
      const type = this.pointers(this.typeSpec());
      this.expect(')');
      const a = this.unary();
      return { k: 'cast', type, a, line: t.line, col: t.col, start: t.start, end: a.end };
    }
    return this.postfix();
  }

  private postfix(): CExpr {
    let e = this.primary();
    for (;;) {
      if (this.is('(')) {
        this.next();
        const args: CExpr[] = [];
        while (!this.is(')')) {
          if (args.length > 0) this.expect(',');
          args.push(this.assign());
        }
        this.next();
        e = { k: 'call', callee: e, args, line: e.line, col: e.col, start: e.start, end: this.lastEnd };
      } else if (this.is('.') || this.is('->')) {
        const arrow = this.next().text === '->';
        const f = this.ident('a field name');
        e = {
          k: 'member',
          obj: e,
          field: f.text,
          arrow,
          line: e.line,
          col: e.col,
          start: e.start,
          end: f.end,
        };
      } else if (this.is('[')) {
        this.next();
        const index = this.expr();
        this.expect(']');
        e = { k: 'index', obj: e, index, line: e.line, col: e.col, start: e.start, end: this.lastEnd };
      } else if (this.is('++') || this.is('--')) {
        const op = this.next().text as '++' | '--';
        e = { k: 'postfix', op, a: e, line: e.line, col: e.col, start: e.start, end: this.lastEnd };
      } else {
        return e;
      }
    }
  }

  private primary(): CExpr {
    const t = this.tok;
    const node = { line: t.line, col: t.col, start: t.start, end: t.end };
    if (t.kind === 'number') {
      this.next();
      return { k: 'num', v: t.value!, ...node };
    }
    if (t.kind === 'ident') {
      this.next();
      return { k: 'ident', name: t.text, ...node };
    }
    if (t.kind === 'string') {
      this.next();
      return { k: 'str', ...node };
    }
    if (this.is('(')) {
      this.next();
      const e = this.expr();
      this.expect(')');
      return { ...e, start: t.start, end: this.lastEnd };
    }
    return this.err(`expected an expression, found ${this.describe(t)}`);
  }
}

/** Parses a C variant file into function definitions. */
export function parseC(text: string, file: string): CFile {
  const { tokens, lineComments } = lex(text, file);
  const functions = new Parser(tokens, file).functions();
  return { functions, text, lineComments };
}
