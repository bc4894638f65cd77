import { LitmusSyntaxError, type SourcePos } from './errors.js';

/** A token of a litmus test body. */
export interface Token {
  readonly kind: 'id' | 'num' | 'punct' | 'str' | 'eof';
  readonly text: string;
  /** Numeric value of a `num` token. */
  readonly value: number;
  readonly line: number;
  readonly col: number;
  /** Offset of the token's first character in the source. */
  readonly offset: number;
}

const PUNCTS = [
  '/\\',
  '\\/',
  '<<=',
  '>>=',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '->',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '&=',
  '|=',
  '^=',
  '=>',
];
const SINGLE = '{}()[];,=<>+-*/%&|^~!?:.\\';

/**
 * Turns litmus text into tokens. Comments `/* *\/` and `//` are skipped everywhere; OCaml
 * comments `(* *)` (nested) are skipped outside process bodies only, because inside C code
 * `(*x)` is a dereference. A process body is a top-level `{ ... }` that follows `)`.
 */
export class Lexer {
  private readonly src: string;
  private readonly file: string;
  private pos: number;
  private line: number;
  private col: number;
  private depth = 0;
  private inCode = false;
  private prevText = '';

  constructor(src: string, file: string, start = 0, line = 1, col = 1) {
    this.src = src;
    this.file = file;
    this.pos = start;
    this.line = line;
    this.col = col;
  }

  /** The current position (for messages). */
  here(): SourcePos {
    return { line: this.line, col: this.col };
  }

  error(pos: SourcePos, reason: string): LitmusSyntaxError {
    return new LitmusSyntaxError(this.file, pos, reason);
  }

  private advance(n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.src.charCodeAt(this.pos) === 10) {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.pos++;
    }
  }

  private skipTrivia(): void {
    const s = this.src;
    for (;;) {
      const ch = s[this.pos];
      if (ch === undefined) return;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
        this.advance(1);
      } else if (ch === '/' && s[this.pos + 1] === '/') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.advance(1);
      } else if (ch === '/' && s[this.pos + 1] === '*') {
        const at = this.here();
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.error(at, "unterminated comment '/*'");
        this.advance(end + 2 - this.pos);
      } else if (ch === '(' && s[this.pos + 1] === '*' && !this.inCode) {
        this.skipOcamlComment();
      } else {
        return;
      }
    }
  }

  private skipOcamlComment(): void {
    const at = this.here();
    const s = this.src;
    let nest = 0;
    while (this.pos < s.length) {
      if (s[this.pos] === '(' && s[this.pos + 1] === '*') {
        nest++;
        this.advance(2);
      } else if (s[this.pos] === '*' && s[this.pos + 1] === ')') {
        nest--;
        this.advance(2);
        if (nest === 0) return;
      } else {
        this.advance(1);
      }
    }
    throw this.error(at, "unterminated comment '(*'");
  }

  /** Reads the next token. */
  next(): Token {
    this.skipTrivia();
    const s = this.src;
    const line = this.line;
    const col = this.col;
    const offset = this.pos;
    const ch = s[this.pos];
    const make = (kind: Token['kind'], text: string, value = 0): Token => {
      this.advance(text.length);
      this.prevText = text;
      return { kind, text, value, line, col, offset };
    };
    if (ch === undefined) return { kind: 'eof', text: '', value: 0, line, col, offset };
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos, this.pos + 256))!;
      return make('id', m[0]);
    }
    if (/[0-9]/.test(ch)) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*/.exec(s.slice(this.pos, this.pos + 64))!;
      if (/[A-Za-z_]/.test(s[this.pos + m[0].length] ?? '')) {
        throw this.error(
          { line, col },
          `malformed number '${s.slice(this.pos, this.pos + m[0].length + 1)}'`,
        );
      }
      return make('num', m[0], Number(m[1]!) | 0);
    }
    if (ch === '"') {
      const end = s.indexOf('"', this.pos + 1);
      const nl = s.indexOf('\n', this.pos + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw this.error({ line, col }, 'unterminated string');
      return make('str', s.slice(this.pos, end + 1));
    }
    for (const p of PUNCTS) {
      if (s.startsWith(p, this.pos)) return make('punct', p);
    }
    if (SINGLE.includes(ch)) {
      const prev = this.prevText;
      const tok = make('punct', ch);
      if (ch === '{') {
        if (this.depth === 0 && prev === ')') this.inCode = true;
        this.depth++;
      } else if (ch === '}') {
        this.depth = Math.max(0, this.depth - 1);
        if (this.depth === 0) this.inCode = false;
      }
      return tok;
    }
    throw this.error({ line, col }, `unexpected character '${ch}'`);
  }
}
