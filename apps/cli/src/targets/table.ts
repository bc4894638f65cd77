/** Layout of a {@link table}. */
export interface TableOptions {
  /** Columns that are right-aligned (numbers). */
  readonly right?: readonly number[];
  /** Columns whose text may wrap onto more lines when the table is wider than `width`. */
  readonly wrap?: readonly number[];
  /** The widest a line may be (default: no limit). */
  readonly width?: number | undefined;
}

/** The narrowest a wrapped column becomes. */
const MIN_WRAP = 16;

/** Splits `text` into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A plain text table: a header, a rule, and columns separated by two spaces (no colour, no
 * borders: the same on a terminal and in a CI log); trailing spaces are trimmed. When the table
 * is wider than `width`, the widest of the `wrap` columns is narrowed (again and again) and its
 * cells wrap onto continuation lines.
 */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions | readonly number[] = {},
): string[] {
  const opts: TableOptions = Array.isArray(options)
    ? { right: options as readonly number[] }
    : (options as TableOptions);
  const right = opts.right ?? [];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const limit = opts.width;
  // A wrapped column stays as wide as its longest word (up to 30), so words are not cut.
  const longestWord = head.map((_, i) =>
    Math.min(
      30,
      Math.max(0, ...rows.map((r) => Math.max(0, ...(r[i] ?? '').split(/\s+/).map((w) => w.length)))),
    ),
  );
  if (limit !== undefined) {
    for (;;) {
      const over = total() - limit;
      if (over <= 0) break;
      const floor = (i: number): number => Math.max(MIN_WRAP, head[i]!.length, longestWord[i]!);
      const wrappable = (opts.wrap ?? []).filter((i) => widths[i]! > floor(i));
      if (wrappable.length === 0) break;
      const widest = wrappable.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      const others = wrappable.filter((i) => i !== widest).map((i) => widths[i]!);
      const target = Math.max(floor(widest), widths[widest]! - over, ...others);
      widths[widest] = target < widths[widest]! ? target : widths[widest]! - 1;
    }
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const block = (cells: readonly string[]): string[] => {
    const parts = cells.map((c, i) => (c.length > widths[i]! ? wrapText(c, widths[i]!) : [c]));
    const height = Math.max(...parts.map((p) => p.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) out.push(line(parts.map((p) => p[k] ?? '')));
    return out;
  };
  return [...block(head), line(widths.map((w) => '-'.repeat(w))), ...rows.flatMap(block)];
}

/**
 * The width a table printed on stdout should fit: the terminal's width; in a pipe `$COLUMNS`
 * or 100; none with `wide`.
 */
export function outputWidth(wide: boolean | undefined): number | undefined {
  if (wide) return undefined;
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 100;
}
