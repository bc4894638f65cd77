/**
 * Tokens of the kernel C subset: identifiers, integer literals, string literals (only inside
 * calls the front end ignores), punctuators. Comments are skipped; the first line comments
 * are kept for the `// tmigr-check:` header. Preprocessor lines are rejected.
 */
import { fail, type Pos } from './errors.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface Token extends Pos {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the first character in the source. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  /** Numeric value of a `number` token. */
  readonly value?: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** Line comments (`// ...`) with their line numbers, text without the slashes. */
  readonly lineComments: readonly { readonly line: number; readonly text: string }[];
}

const PUNCTS = [
  '<<=',
  '>>=',
  '...',
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '.',
  '?',
  ':',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '!',
  '~',
];

/** Splits `text` into tokens; `file` names the input in errors. */
export function lex(text: string, file: string): LexResult {
  const tokens: Token[] = [];
  const lineComments: { line: number; text: string }[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): Pos => ({ line, col: at - lineStart + 1 });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      const endAt = text.indexOf('\n', i);
      const stop = endAt < 0 ? text.length : endAt;
      lineComments.push({ line, text: text.slice(i + 2, stop).trim() });
      i = stop;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const p = pos(i);
      const endAt = text.indexOf('*/', i + 2);
      if (endAt < 0) fail(file, p, 'unterminated comment');
      for (let k = i; k < endAt; k++) if (text[k] === '\n') newline(k);
      i = endAt + 2;
      continue;
    }
    if (ch === '#') {
      fail(file, pos(i), 'preprocessor lines are not supported (write the function bodies only)');
    }
    const start = i;
    const p = pos(i);
    if (/[A-Za-z_]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), start, end: i, ...p });
      continue;
    }
    if (/[0-9]/.test(ch)) {
      while (i < text.length && /[0-9A-Za-z_]/.test(text[i]!)) i++;
      const raw = text.slice(start, i);
      const digits = raw.replace(/[uUlL]+$/, '');
      let value: number;
      if (/^0[xX][0-9a-fA-F]+$/.test(digits)) value = Number.parseInt(digits.slice(2), 16);
      else if (/^0[0-7]*$/.test(digits)) value = Number.parseInt(digits, 8);
      else if (/^[1-9][0-9]*$/.test(digits)) value = Number.parseInt(digits, 10);
      else fail(file, p, `bad number '${raw}'`);
      if (value > 0x7fffffff) fail(file, p, `number ${raw} does not fit the model's 32-bit values`);
      tokens.push({ kind: 'number', text: raw, start, end: i, value, ...p });
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\') i++;
        if (text[i] === '\n') fail(file, p, 'unterminated string');
        i++;
      }
      if (i >= text.length) fail(file, p, 'unterminated string');
      i++;
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i, ...p });
      continue;
    }
    const punct = PUNCTS.find((x) => text.startsWith(x, i));
    if (!punct) fail(file, p, `unexpected character '${ch}'`);
    i += punct.length;
    tokens.push({ kind: 'punct', text: punct, start, end: i, ...p });
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length, ...pos(i) });
  return { tokens, lineComments };
}
