import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/index.js';

describe('a very wide CSV', () => {
  it('bounds batches by cells, not rows: 5,000 columns × 1,000 rows come in batches of at most 838 rows', () => {
    // Every column preallocates offsets for a whole batch: at 65,536 rows a batch, 20,000 columns
    // took 5.6 GB before the first row (and 100,000 never finished). 4 Mi cells a batch at most.
    const ncols = 5_000;
    const header = Array.from({ length: ncols }, (_, i) => `c${i}`).join(',');
    const row = (r: number): string => Array.from({ length: ncols }, (_, i) => String((i + r) % 10)).join(',');
    const text = [header, ...Array.from({ length: 1000 }, (_, r) => row(r))].join('\n') + '\n';
    const { batches, stats } = parseCsv(new TextEncoder().encode(text));
    expect(stats.rows).toBe(1000);
    expect(batches.map((b) => b.numRows)).toEqual([838, 162]);
    expect(batches[1]!.getChildAt(ncols - 1)!.get(161)).toBe(String((ncols - 1 + 999) % 10));
  });
  it('keeps the requested batch size for ordinary widths', () => {
    const text = 'a,b\n' + Array.from({ length: 10 }, (_, i) => `${i},x`).join('\n') + '\n';
    expect(parseCsv(new TextEncoder().encode(text), { batchSize: 4 }).batches.map((b) => b.numRows)).toEqual([4, 4, 2]);
  });
});
