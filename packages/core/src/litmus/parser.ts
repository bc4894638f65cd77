import type {
  CBinOp,
  CDeclarator,
  CExpr,
  CondExpr,
  CondTerm,
  CStmt,
  InitEntry,
  InitValue,
  LitmusParam,
  LitmusProcess,
  LitmusTest,
  Quantifier,
} from './ast.js';
import { LitmusSyntaxError, LitmusUnsupportedError, type SourcePos } from './errors.js';
import { Lexer, type Token } from './lexer.js';

/** Words that start a declaration or a cast. */
const TYPE_WORDS = new Set([
  'int',
  'long',
  'short',
  'char',
  'unsigned',
  'signed',
  'void',
  'bool',
  '_Bool',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'size_t',
  'intptr_t',
  'uintptr_t',
  'atomic_t',
  'atomic_long_t',
  'atomic64_t',
  'spinlock_t',
  'raw_spinlock_t',
  'const',
  'volatile',
  'struct',
]);

/** Binary operator precedence (C), higher binds tighter. */
const BIN_PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

const COMPOUND: Record<string, CBinOp> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '&=': '&',
  '|=': '|',
  '^=': '^',
  '<<=': '<<',
  '>>=': '>>',
};

const posOf = (t: Token): SourcePos => ({ line: t.line, col: t.col });

/** Splits the header (`C NAME`, diy metadata lines, comments) from the rest of the file. */
function parseHeader(text: string, file: string): { name: string; start: number; line: number; col: number } {
  let i = 0;
  let line = 1;
  let col = 1;
  const adv = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else {
        col++;
      }
      i++;
    }
  };
  while (i < text.length && /\s/.test(text[i]!)) adv(1);
  const eol = text.indexOf('\n', i);
  const first = text.slice(i, eol < 0 ? text.length : eol).replace(/\r$/, '');
  const words = first.trim().split(/\s+/);
  const arch = words[0] ?? '';
  if (arch === '') throw new LitmusSyntaxError(file, { line, col }, 'empty file: expected "C NAME"');
  if (arch !== 'C') {
    if (/^[A-Z][A-Za-z0-9]*$/.test(arch)) throw new LitmusUnsupportedError(`arch:${arch}`, { line, col });
    throw new LitmusSyntaxError(
      file,
      { line, col },
      `expected "C NAME" on the first line, found '${first.trim()}'`,
    );
  }
  const name = words[1];
  if (!name) throw new LitmusSyntaxError(file, { line, col: col + 1 }, 'missing test name after "C"');
  adv(first.length);
  // Metadata until the init block: comments, a quoted string, `Key=value` lines.
  for (;;) {
    const ch = text[i];
    if (ch === undefined) throw new LitmusSyntaxError(file, { line, col }, "expected '{' (the init block)");
    if (/\s/.test(ch)) {
      adv(1);
    } else if (ch === '{') {
      return { name, start: i, line, col };
    } else if (text.startsWith('(*', i)) {
      const at = { line, col };
      let nest = 0;
      for (;;) {
        if (i >= text.length) throw new LitmusSyntaxError(file, at, "unterminated comment '(*'");
        if (text.startsWith('(*', i)) {
          nest++;
          adv(2);
        } else if (text.startsWith('*)', i)) {
          nest--;
          adv(2);
          if (nest === 0) break;
        } else {
          adv(1);
        }
      }
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new LitmusSyntaxError(file, { line, col }, "unterminated comment '/*'");
      adv(end + 2 - i);
    } else if (/^P[0-9]+\s*\(/.test(text.slice(i, i + 16))) {
      throw new LitmusSyntaxError(
        file,
        { line, col },
        "expected '{' (the init block) before the first process",
      );
    } else {
      // herd's metadata: a quoted description, `Key=value` lines (diy), further title lines.
      while (i < text.length && text[i] !== '\n') adv(1);
    }
  }
}

class Parser {
  private readonly lexer: Lexer;
  private readonly buf: Token[] = [];
  readonly file: string;

  constructor(lexer: Lexer, file: string) {
    this.lexer = lexer;
    this.file = file;
  }

  peek(k = 0): Token {
    while (this.buf.length <= k) this.buf.push(this.lexer.next());
    return this.buf[k]!;
  }

  take(): Token {
    const t = this.peek();
    this.buf.shift();
    return t;
  }

  is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'punct' || t.kind === 'id') && t.text === text;
  }

  accept(text: string): boolean {
    if (this.is(text)) {
      this.take();
      return true;
    }
    return false;
  }

  fail(t: Token, reason: string): LitmusSyntaxError {
    return new LitmusSyntaxError(this.file, posOf(t), reason);
  }

  describe(t: Token): string {
    return t.kind === 'eof' ? 'end of file' : `'${t.text}'`;
  }

  expect(text: string, what?: string): Token {
    const t = this.peek();
    if ((t.kind === 'punct' || t.kind === 'id') && t.text === text) return this.take();
    throw this.fail(t, `expected '${text}'${what ? ` ${what}` : ''}, found ${this.describe(t)}`);
  }

  ident(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'id') throw this.fail(t, `expected ${what}, found ${this.describe(t)}`);
    return this.take();
  }

  // ---- init block -------------------------------------------------------------------------

  initBlock(): InitEntry[] {
    this.expect('{', '(the init block)');
    const entries: InitEntry[] = [];
    for (;;) {
      if (this.accept('}')) return entries;
      if (this.accept(';')) continue;
      const toks: Token[] = [];
      let depth = 0;
      for (;;) {
        const t = this.peek();
        if (t.kind === 'eof') throw this.fail(t, "unterminated init block: expected '}'");
        if (depth === 0 && t.kind === 'punct' && (t.text === ';' || t.text === '}')) break;
        if (t.text === '(') depth++;
        if (t.text === ')') depth--;
        toks.push(this.take());
      }
      entries.push(this.initEntry(toks));
    }
  }

  private initEntry(toks: Token[]): InitEntry {
    const eq = toks.findIndex((t) => t.kind === 'punct' && t.text === '=');
    const lhs = eq < 0 ? toks : toks.slice(0, eq);
    const rhs = eq < 0 ? null : toks.slice(eq + 1);
    const first = toks[0]!;
    let target: InitEntry['target'];
    let typeToks: Token[];
    const n = lhs.length;
    const last = lhs[n - 1];
    if (!last) throw this.fail(first, "expected a location name before '='");
    if (n >= 3 && lhs[n - 3]!.kind === 'num' && lhs[n - 2]!.text === ':' && last.kind === 'id') {
      target = { k: 'reg', proc: lhs[n - 3]!.value, name: last.text };
      typeToks = lhs.slice(0, n - 3);
    } else if (last.kind === 'id') {
      target = { k: 'loc', name: last.text };
      typeToks = lhs.slice(0, n - 1);
    } else {
      throw this.fail(last, `expected a location or register name, found '${last.text}'`);
    }
    for (const t of typeToks) {
      if (!(t.kind === 'id' || t.text === '*')) throw this.fail(t, `unexpected '${t.text}' in a declaration`);
    }
    const type = typeToks.map((t) => t.text).join(' ');
    const base = { target, pos: posOf(first), ...(type ? { type } : {}) };
    if (rhs === null) return base;
    return { ...base, value: this.initValue(rhs, toks[eq]!) };
  }

  private initValue(toks: Token[], eq: Token): InitValue {
    const texts = toks.map((t) => t.text).join(' ');
    const t0 = toks[0];
    if (!t0) throw this.fail(eq, "expected a value after '='");
    if (toks.length === 1 && t0.kind === 'num') return { k: 'num', v: t0.value };
    if (toks.length === 2 && t0.text === '-' && toks[1]!.kind === 'num')
      return { k: 'num', v: -toks[1]!.value | 0 };
    if (toks.length === 1 && t0.kind === 'id')
      return t0.text === 'NULL' ? { k: 'num', v: 0 } : { k: 'addr', name: t0.text };
    if (toks.length === 2 && t0.text === '&' && toks[1]!.kind === 'id')
      return { k: 'addr', name: toks[1]!.text };
    const m = /^ATOMIC_INIT \( (-? ?)(\S+) \)$/.exec(texts);
    if (m) {
      const numTok = toks[m[1] ? 3 : 2]!;
      if (numTok.kind === 'num') return { k: 'num', v: (m[1] ? -numTok.value : numTok.value) | 0 };
    }
    throw this.fail(t0, `unsupported initial value '${texts}'`);
  }

  // ---- processes --------------------------------------------------------------------------

  isProcessStart(): boolean {
    const t = this.peek();
    return t.kind === 'id' && /^P[0-9]+$/.test(t.text) && this.is('(', 1);
  }

  process(): LitmusProcess {
    const head = this.take();
    const index = Number(head.text.slice(1));
    this.expect('(');
    const params: LitmusParam[] = [];
    if (this.is('void') && this.is(')', 1)) this.take();
    while (!this.is(')')) {
      const toks: Token[] = [];
      while (!this.is(',') && !this.is(')')) {
        const t = this.peek();
        if (t.kind === 'eof' || t.text === '{')
          throw this.fail(t, `expected ')' after the parameters of ${head.text}`);
        if (!(t.kind === 'id' || t.text === '*'))
          throw this.fail(t, `unexpected ${this.describe(t)} in a parameter`);
        toks.push(this.take());
      }
      const last = toks[toks.length - 1];
      if (last?.kind !== 'id') throw this.fail(this.peek(), 'expected a parameter name');
      params.push({
        name: last.text,
        type: toks
          .slice(0, -1)
          .map((t) => t.text)
          .join(' '),
        pos: posOf(last),
      });
      if (!this.accept(',')) break;
    }
    this.expect(')', `after the parameters of ${head.text}`);
    const open = this.expect('{', `(the body of ${head.text})`);
    const body = this.blockBody(open);
    return { index, name: head.text, params, body, pos: posOf(head) };
  }

  /** Statements up to the closing `}` (consumed). */
  blockBody(open: Token): CStmt[] {
    const body: CStmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') throw this.fail(open, "unbalanced '{': no matching '}'");
      if (this.accept('}')) return body;
      body.push(this.statement());
    }
  }

  statement(): CStmt {
    const t = this.peek();
    const pos = posOf(t);
    if (t.kind === 'punct' && t.text === '{') {
      this.take();
      return { k: 'block', body: this.blockBody(t), pos };
    }
    if (t.kind === 'punct' && t.text === ';') {
      this.take();
      return { k: 'empty', pos };
    }
    if (t.kind === 'id') {
      switch (t.text) {
        case 'if': {
          this.take();
          this.expect('(', "after 'if'");
          const c = this.expr();
          this.expect(')', 'after the condition of if');
          const then = this.statement();
          if (this.accept('else')) return { k: 'if', c, then, else: this.statement(), pos };
          return { k: 'if', c, then, pos };
        }
        case 'while':
        case 'for':
        case 'switch': {
          this.take();
          this.skipParens(t.text);
          this.statement();
          return { k: 'other', what: t.text, pos };
        }
        case 'do': {
          this.take();
          this.statement();
          this.expect('while', "after the body of 'do'");
          this.skipParens('while');
          this.expect(';');
          return { k: 'other', what: 'do-while', pos };
        }
        case 'return':
        case 'goto':
        case 'break':
        case 'continue': {
          this.take();
          while (!this.is(';')) {
            const u = this.take();
            if (u.kind === 'eof' || u.text === '}') throw this.fail(u, `expected ';' after '${t.text}'`);
          }
          this.take();
          return { k: 'other', what: t.text, pos };
        }
        case 'else':
          throw this.fail(t, "'else' without 'if'");
        default:
          break;
      }
      if (this.isDeclStart()) return this.declaration();
    }
    const e = this.expr();
    this.expect(';', 'after the statement');
    return { k: 'expr', e, pos };
  }

  private skipParens(what: string): void {
    const open = this.expect('(', `after '${what}'`);
    let depth = 1;
    while (depth > 0) {
      const u = this.take();
      if (u.kind === 'eof') throw this.fail(open, "unbalanced '('");
      if (u.text === '(') depth++;
      if (u.text === ')') depth--;
    }
  }

  private isDeclStart(): boolean {
    const t = this.peek();
    if (TYPE_WORDS.has(t.text)) return true;
    const t1 = this.peek(1);
    if (t1.kind === 'id') return true;
    if (t1.text === '*') {
      let k = 1;
      while (this.is('*', k)) k++;
      const name = this.peek(k);
      const after = this.peek(k + 1);
      return name.kind === 'id' && (after.text === '=' || after.text === ';' || after.text === ',');
    }
    return false;
  }

  private declaration(): CStmt {
    const first = this.peek();
    const typeParts: string[] = [];
    // Type words: every identifier that is followed by another identifier or by '*'.
    while (this.peek().kind === 'id' && (this.peek(1).kind === 'id' || this.is('*', 1))) {
      typeParts.push(this.take().text);
    }
    if (typeParts.length === 0) throw this.fail(first, 'expected a declaration');
    const decls: CDeclarator[] = [];
    for (;;) {
      let pointer = 0;
      while (this.accept('*')) pointer++;
      const name = this.ident('a variable name');
      if (this.is('[')) throw new LitmusUnsupportedError('array', posOf(this.peek()));
      if (this.accept('=')) {
        decls.push({ name: name.text, pointer, init: this.assignExpr(), pos: posOf(name) });
      } else {
        decls.push({ name: name.text, pointer, pos: posOf(name) });
      }
      if (!this.accept(',')) break;
    }
    this.expect(';', 'after the declaration');
    return { k: 'decl', type: typeParts.join(' '), decls, pos: posOf(first) };
  }

  // ---- expressions --------------------------------------------------------------------------

  expr(): CExpr {
    const e = this.assignExpr();
    // The comma operator is not supported; report it at its position.
    if (this.is(',')) throw this.fail(this.peek(), "unexpected ','");
    return e;
  }

  assignExpr(): CExpr {
    const lhs = this.condExpr();
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '=') {
      this.take();
      return { k: 'assign', target: lhs, value: this.assignExpr(), pos: lhs.pos };
    }
    const op = t.kind === 'punct' ? COMPOUND[t.text] : undefined;
    if (op) {
      this.take();
      const value = this.assignExpr();
      return {
        k: 'assign',
        target: lhs,
        value: { k: 'bin', op, a: lhs, b: value, pos: lhs.pos },
        pos: lhs.pos,
      };
    }
    return lhs;
  }

  condExpr(): CExpr {
    const c = this.binExpr(1);
    if (!this.accept('?')) return c;
    const t = this.assignExpr();
    this.expect(':', "in '?:'");
    const e = this.condExpr();
    return { k: 'cond', c, t, e, pos: c.pos };
  }

  binExpr(minPrec: number): CExpr {
    let a = this.unaryExpr();
    for (;;) {
      const t = this.peek();
      const prec = t.kind === 'punct' ? BIN_PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return a;
      this.take();
      const b = this.binExpr(prec + 1);
      a = { k: 'bin', op: t.text as CBinOp, a, b, pos: a.pos };
    }
  }

  unaryExpr(): CExpr {
    const t = this.peek();
    const pos = posOf(t);
    if (t.kind === 'punct') {
      if (
        t.text === '!' ||
        t.text === '~' ||
        t.text === '-' ||
        t.text === '+' ||
        t.text === '*' ||
        t.text === '&'
      ) {
        this.take();
        return { k: 'un', op: t.text, a: this.unaryExpr(), pos };
      }
      if (t.text === '++' || t.text === '--') {
        this.take();
        const a = this.unaryExpr();
        const one: CExpr = { k: 'num', v: 1, pos };
        return {
          k: 'assign',
          target: a,
          value: { k: 'bin', op: t.text === '++' ? '+' : '-', a, b: one, pos },
          pos,
        };
      }
      if (t.text === '(' && this.isCast()) {
        this.take();
        const parts: string[] = [];
        while (!this.is(')')) parts.push(this.take().text);
        this.take();
        return { k: 'cast', type: parts.join(' '), a: this.unaryExpr(), pos };
      }
    }
    return this.postfixExpr();
  }

  private isCast(): boolean {
    if (!TYPE_WORDS.has(this.peek(1).text) || this.peek(1).kind !== 'id') return false;
    let k = 2;
    while (this.peek(k).kind === 'id' || this.is('*', k)) k++;
    return this.is(')', k);
  }

  postfixExpr(): CExpr {
    let e = this.primaryExpr();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return e;
      if (t.text === '(') {
        if (e.k !== 'id') throw this.fail(t, 'only named functions can be called');
        this.take();
        const args: CExpr[] = [];
        if (!this.is(')')) {
          for (;;) {
            args.push(this.assignExpr());
            if (!this.accept(',')) break;
          }
        }
        this.expect(')', `to close the arguments of ${e.name}`);
        e = { k: 'call', name: e.name, args, pos: e.pos };
      } else if (t.text === '[') {
        this.take();
        this.expr();
        this.expect(']');
        e = { k: 'other', what: 'array-index', pos: e.pos };
      } else if (t.text === '->' || t.text === '.') {
        this.take();
        this.ident('a field name');
        e = { k: 'other', what: 'struct-field', pos: e.pos };
      } else if (t.text === '++' || t.text === '--') {
        this.take();
        const one: CExpr = { k: 'num', v: 1, pos: e.pos };
        e = {
          k: 'assign',
          target: e,
          value: { k: 'bin', op: t.text === '++' ? '+' : '-', a: e, b: one, pos: e.pos },
          pos: e.pos,
        };
      } else {
        return e;
      }
    }
  }

  primaryExpr(): CExpr {
    const t = this.take();
    const pos = posOf(t);
    if (t.kind === 'num') return { k: 'num', v: t.value, pos };
    if (t.kind === 'id') return { k: 'id', name: t.text, pos };
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    throw this.fail(t, `expected an expression, found ${this.describe(t)}`);
  }

  // ---- final clauses -------------------------------------------------------------------------

  condTerm(): CondTerm {
    const t = this.take();
    const pos = posOf(t);
    if (t.kind === 'num') {
      if (this.is(':') && this.peek(1).kind === 'id') {
        this.take();
        return { k: 'reg', proc: t.value, name: this.take().text, pos };
      }
      return { k: 'num', v: t.value, pos };
    }
    if (t.kind === 'punct' && t.text === '-' && this.peek().kind === 'num')
      return { k: 'num', v: -this.take().value | 0, pos };
    if (t.kind === 'id') return { k: 'loc', name: t.text, pos };
    throw this.fail(t, `expected a register (0:r0), a location or a value, found ${this.describe(t)}`);
  }

  cond(): CondExpr {
    const a = this.condOr();
    if (this.accept('=>')) return { k: 'implies', a, b: this.cond() };
    return a;
  }

  private condOr(): CondExpr {
    let a = this.condAnd();
    while (this.accept('\\/')) a = { k: 'or', a, b: this.condAnd() };
    return a;
  }

  private condAnd(): CondExpr {
    let a = this.condUnary();
    while (this.accept('/\\')) a = { k: 'and', a, b: this.condUnary() };
    return a;
  }

  private condUnary(): CondExpr {
    if (this.accept('~') || this.accept('not')) return { k: 'not', a: this.condUnary() };
    if (this.accept('(')) {
      const e = this.cond();
      this.expect(')', 'to close the condition');
      return e;
    }
    if (this.is('true') && !this.isCmpOp(1)) {
      this.take();
      return { k: 'true' };
    }
    if (this.is('false') && !this.isCmpOp(1)) {
      this.take();
      return { k: 'false' };
    }
    const first = this.peek();
    const lhs = this.condTerm();
    const op = this.peek();
    if (!this.isCmpOp(0))
      throw this.fail(op, `expected '=' or '!=' after '${first.text}', found ${this.describe(op)}`);
    this.take();
    const rhs = this.condTerm();
    return { k: 'cmp', op: op.text === '!=' ? '!=' : '=', lhs, rhs, pos: posOf(first) };
  }

  private isCmpOp(k: number): boolean {
    return this.is('=', k) || this.is('==', k) || this.is('!=', k);
  }

  locationsClause(): CondTerm[] {
    this.expect('[', "after 'locations'");
    const terms: CondTerm[] = [];
    while (!this.accept(']')) {
      if (this.accept(';')) continue;
      terms.push(this.condTerm());
    }
    return terms;
  }
}

/**
 * Parses a C litmus test (herd7 syntax as used by the kernel's memory-model tests).
 * Throws {@link LitmusSyntaxError} for a malformed file and {@link LitmusUnsupportedError}
 * for a non-C test.
 */
export function parseLitmus(text: string, file = '<litmus>'): LitmusTest {
  const head = parseHeader(text, file);
  const p = new Parser(new Lexer(text, file, head.start, head.line, head.col), file);
  const init = p.initBlock();
  const processes: LitmusProcess[] = [];
  while (p.isProcessStart()) processes.push(p.process());
  if (processes.length === 0)
    throw p.fail(p.peek(), `expected a process 'P0(...)', found ${p.describe(p.peek())}`);
  let locations: CondTerm[] = [];
  let filter: CondExpr | undefined;
  let condition: LitmusTest['condition'];
  for (;;) {
    const t = p.peek();
    if (t.kind === 'eof') break;
    if (p.isProcessStart()) throw p.fail(t, `process ${t.text} after the final clauses`);
    if (p.accept(';')) continue;
    if (condition) throw p.fail(t, `unexpected ${p.describe(t)} after the final condition`);
    if (p.accept('locations')) {
      locations = locations.concat(p.locationsClause());
    } else if (p.accept('filter')) {
      if (filter) throw p.fail(t, "a second 'filter' clause");
      filter = p.cond();
    } else if (p.is('exists') || p.is('forall') || (p.is('~') && p.is('exists', 1))) {
      let quantifier: Quantifier;
      if (p.accept('~')) {
        p.take();
        quantifier = '~exists';
      } else {
        quantifier = p.take().text as Quantifier;
      }
      condition = { quantifier, body: p.cond(), pos: posOf(t) };
    } else {
      throw p.fail(
        t,
        `expected 'exists', '~exists', 'forall', 'filter' or 'locations', found ${p.describe(t)}`,
      );
    }
  }
  const seen = new Set<number>();
  for (const proc of processes) {
    if (seen.has(proc.index)) throw new LitmusSyntaxError(file, proc.pos, `duplicate process ${proc.name}`);
    seen.add(proc.index);
  }
  return {
    file,
    name: head.name,
    init,
    processes,
    locations,
    ...(filter ? { filter } : {}),
    ...(condition ? { condition } : {}),
  };
}
