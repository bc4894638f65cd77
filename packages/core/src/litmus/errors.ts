/** A 1-based source position. */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}

/** A malformed litmus file. `message` is one line: `FILE:LINE:COL: what is wrong`. */
export class LitmusSyntaxError extends Error {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** The description without the position prefix. */
  readonly reason: string;
  constructor(file: string, pos: SourcePos, reason: string) {
    super(`${file}:${pos.line}:${pos.col}: ${reason}`);
    this.name = 'LitmusSyntaxError';
    this.file = file;
    this.line = pos.line;
    this.col = pos.col;
    this.reason = reason;
  }
}

/**
 * A well-formed litmus test that uses something outside the supported subset (RCU, SRCU,
 * `spin_is_locked`, plain accesses, loops, ...). `message` is `unsupported: NAME at LINE:COL`.
 */
export class LitmusUnsupportedError extends Error {
  readonly feature: string;
  readonly line: number;
  readonly col: number;
  constructor(feature: string, pos: SourcePos) {
    super(`unsupported: ${feature} at ${pos.line}:${pos.col}`);
    this.name = 'LitmusUnsupportedError';
    this.feature = feature;
    this.line = pos.line;
    this.col = pos.col;
  }
}
