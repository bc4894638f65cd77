/** Exit codes of the CLI (DESIGN.md §8). */
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  limit: 3,
  interrupted: 130,
} as const;

/** An error the user caused (bad flag, bad file): printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes a line to stdout. */
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a line to stderr. */
export function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The exit code for a verdict. */
export function exitCodeFor(verdict: 'ok' | 'violation' | 'incomplete'): number {
  if (verdict === 'ok') return EXIT.ok;
  if (verdict === 'violation') return EXIT.violation;
  // Incomplete: a limit (states, memory, time) or an exhausted loop bound stopped the search.
  return EXIT.limit;
}

/** Parses a positive integer flag value or throws a UsageError naming the flag. */
export function positiveInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new UsageError(`${flag}: expected a positive integer, got '${value}'`);
    return n;
  };
}

/** Parses a positive number flag value or throws a UsageError naming the flag. */
export function positiveNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError(`${flag}: expected a positive number, got '${value}'`);
    return n;
  };
}
