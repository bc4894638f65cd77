import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';
import { formatCount } from './workloads.js';

describe('bench table', () => {
  it('aligns columns: first left, the others right', () => {
    expect(
      renderTable(
        ['name', 'n'],
        [
          ['a', '1'],
          ['long name', '12345'],
        ],
      ),
    ).toBe(['name           n', '---------  -----', 'a              1', 'long name  12345'].join('\n'));
  });

  it('formats counts with k and M', () => {
    expect([formatCount(999), formatCount(12_345), formatCount(1_234_567)]).toEqual([
      '999',
      '12.3 k',
      '1.23 M',
    ]);
  });
});
