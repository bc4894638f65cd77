/** Errors of the C front end: one line `file:line:col: message`. */
import { VariantError } from '../variants/define.js';

/** A position in a C variant file (1-based). */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** Bad C input: the message already carries `file:line:col:`. */
export class CVariantError extends VariantError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  constructor(file: string, pos: Pos, message: string) {
    super(`${file}:${pos.line}:${pos.col}: ${message}`);
    this.name = 'CVariantError';
    this.file = file;
    this.line = pos.line;
    this.col = pos.col;
  }
}

/** Throws a {@link CVariantError} (for use in expressions). */
export function fail(file: string, pos: Pos, message: string): never {
  throw new CVariantError(file, pos, message);
}
