import { describe, expect, it } from 'vitest';
import type { Data, RecordBatch } from 'apache-arrow';
import { parseCsv } from '../src/index.js';
import { csvLayout, guessPartitions, memoryBytes, streamCsvPartition } from '../src/csv/partition.js';
import { random, rowsOf } from './partition-support.js';

const enc = new TextEncoder();

/** A seeded CSV whose columns differ in width (a code, a name, a long free text), some cells empty. */
function seededCsv(rows: number, seed: number): Uint8Array {
  const rnd = random(seed);
  const word = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
  const lines = ['code,name,text'];
  for (let r = 0; r < rows; r++) {
    const text = rnd() < 0.1 ? '' : rnd() < 0.2 ? `"${word(20)}, ""${word(5)}""\n${word(10)}"` : word(20 + Math.floor(rnd() * 200));
    lines.push(`${r},${rnd() < 0.05 ? '' : word(2 + Math.floor(rnd() * 6))},${text}`);
  }
  return enc.encode(lines.join('\n') + '\n');
}

function columnsOf(batches: readonly RecordBatch[]): Data[] {
  return batches.flatMap((b) => b.data.children);
}

describe('the buffers of the batches a CSV is read into', () => {
  it('are exactly the size of what each batch holds, whole batches included (no builder capacity kept)', () => {
    const { batches } = parseCsv(seededCsv(5000, 20261207), { batchSize: 1000, nullTokens: [''] });
    expect(batches.length).toBe(5);
    for (const d of columnsOf(batches)) {
      const values = d.values as Uint8Array;
      const offsets = d.valueOffsets as Int32Array;
      expect(values.byteLength).toBe(offsets[d.length]! - offsets[0]!);
      expect(values.buffer.byteLength).toBe(values.byteLength);
      expect(offsets.buffer.byteLength).toBe((d.length + 1) * 4);
      if (d.nullCount > 0) expect(d.nullBitmap!.byteLength).toBe(((d.length + 63) >> 6) << 3);
    }
  });

  it('keep the values of a batch of more than 65,536 rows whose only null is in its first row', () => {
    const lines = ['a,b', ',x0'];
    for (let r = 1; r < 70_000; r++) lines.push(`v${r},x${r}`);
    const { batches } = parseCsv(enc.encode(lines.join('\n') + '\n'), { batchSize: 100_000, nullTokens: [''] });
    expect(batches.map((b) => b.numRows)).toEqual([70_000]);
    const a = batches[0]!.getChildAt(0)!;
    expect(a.nullCount).toBe(1);
    // The builder's bitmap covered 65,536 rows: the rows after them read as null.
    let nulls = 0;
    for (let r = 0; r < 70_000; r++) if (a.get(r) === null) nulls++;
    expect(nulls).toBe(1);
    expect(a.get(69_999)).toBe('v69999');
  });

  it('are not touched by later batches, later partitions or a partition read at the same time (the builders are reused)', () => {
    const bytes = seededCsv(4000, 7);
    const expected = rowsOf(parseCsv(bytes, { batchSize: 300, nullTokens: [''] }).batches);
    const src = memoryBytes(bytes);
    const layout = csvLayout(bytes, { delimiter: ',', batchSize: 300, nullTokens: [''] });
    const size = bytes.length;
    const parts = guessPartitions(src, layout, [Math.floor(size / 4), Math.floor(size / 2), Math.floor((3 * size) / 4)]);
    // Two partitions at a time, their generators advanced in turn: each takes builders while the other holds its own.
    const held: RecordBatch[][] = parts.map(() => []);
    for (let i = 0; i < parts.length; i += 2) {
      const its = [i, i + 1].filter((k) => k < parts.length).map((k) => ({ k, it: streamCsvPartition(src, layout, parts[k]!, k === parts.length - 1, 1 << 12) }));
      let open = its.length;
      while (open > 0) {
        open = 0;
        for (const { k, it } of its) {
          const r = it.next();
          if (!r.done) {
            held[k]!.push(r.value);
            open++;
          }
        }
      }
    }
    // Read back only now, after every parser has written and given its builders back.
    expect(rowsOf(held.flat())).toEqual(expected);
    expect(held.flat().length).toBeGreaterThan(parts.length);
  });
});
