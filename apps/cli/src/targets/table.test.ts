import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-util.js';
import { table, wrapText } from './table.js';

const words = (lines: readonly string[]): string => lines.join(' ').split(/\s+/).join(' ');

describe('table', () => {
  const head = ['name', 'text'];
  const long = 'the quick brown fox jumps over the lazy dog and keeps running far beyond the fence';
  it('keeps its full width without a limit', () => {
    const lines = table(head, [['a', long]]);
    expect(lines[2]).toBe(`a     ${long}`);
  });

  it('wraps the wrap columns to fit a width, keeping every word in order', () => {
    const lines = table(
      head,
      [
        ['a', long],
        ['b', 'short'],
      ],
      { wrap: [1], width: 40 },
    );
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    const textOfA = lines.slice(2, -1).map((l) => l.slice(6));
    expect(words(textOfA)).toBe(long);
    expect(lines.at(-1)).toBe('b     short');
  });

  it('narrows the widest wrap column first', () => {
    const lines = table(['a', 'b', 'c'], [['x', 'y'.repeat(10), `${'z '.repeat(40)}`.trim()]], {
      wrap: [1, 2],
      width: 40,
    });
    expect(lines[2]!.startsWith(`x  ${'y'.repeat(10)}  `)).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('breaks a word longer than the column', () => {
    expect(wrapText('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
  });
});

describe('listings fit the output width', () => {
  it('variants and scenarios fit $COLUMNS; --wide prints full lines', async () => {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      for (const cmd of ['variants', 'scenarios']) {
        const r = await runCli([cmd]);
        expect(r.code).toBe(0);
        for (const l of r.stdout.trimEnd().split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
      }
      const wide = await runCli(['variants', '--wide']);
      expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(80);
      expect(wide.stdout).toContain(
        'the seed fix with a relaxed atomic_read() of the old root instead of atomic_fetch_or(0): propagation only if seen active (not a kernel commit)',
      );
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});
