import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, Schema, Utf8, Vector, makeData, vectorFromArray, type Data, type RecordBatch } from 'apache-arrow';
import { batchFromColumns, dateShift, memorySource, pipeline, validate, type TuominError } from '../src/index.js';

/**
 * Dictionaries that arrive in pieces (IPC streams with delta dictionaries) have a dictionary
 * vector of several chunks; indices point across all of them.
 */
function chunkedDictionary(chunks: string[][], indices: number[], nulls: number[] = []): Data {
  const dict = new Vector(chunks.map((c) => vectorFromArray(c, new Utf8()).data[0]!));
  const validity = new Uint8Array(Math.ceil(indices.length / 8)).fill(0xff);
  for (const i of nulls) validity[i >> 3]! &= ~(1 << (i & 7));
  return makeData({ type: new Dictionary(new Utf8(), new Int32()), length: indices.length, nullCount: nulls.length, nullBitmap: nulls.length ? validity : null, data: Int32Array.from(indices), dictionary: dict } as never) as Data;
}

async function collect(schema: Schema, batches: RecordBatch[], t: Parameters<typeof pipeline>[1]) {
  const p = pipeline(memorySource(schema, batches), t);
  const out: RecordBatch[] = [];
  for await (const b of p) out.push(b);
  return { out, reports: p.reports() };
}

describe('dictionaries in several chunks', () => {
  const col = chunkedDictionary([['A', 'B'], ['BAD', '2024-08-13']], [0, 2, 1, 3, 2], [4]);
  const schema = new Schema([new Field('v', col.type, true)]);
  const batch = batchFromColumns(schema, [col], col.length);

  it('validate reject-row rejects a row whose value is in the second chunk', async () => {
    const t = validate({ columns: ['v'], enum: ['A', 'B', '2024-08-13'], onInvalid: 'reject-row' });
    const { out, reports } = await collect(schema, [batch], t);
    const kept = out.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.getChildAt(0)!.get(i)));
    expect(kept).toEqual(['A', 'B', '2024-08-13', null]);
    expect(t.rejected().reduce((a, b) => a + b.numRows, 0)).toBe(1);
    expect(reports[0]).toMatchObject({ invalid: 1 });
  });

  it('validate error names the row of a value in the second chunk', async () => {
    const err = await collect(schema, [batch], validate({ columns: ['v'], enum: ['A', 'B', '2024-08-13'], onInvalid: 'error' })).catch((e: unknown) => e);
    expect((err as TuominError).location).toMatchObject({ row: 2, column: 'v' });
    expect(String(err)).not.toContain('BAD');
  });

  it('date-shift reads dates from every chunk of a dictionary', async () => {
    const d = chunkedDictionary([['2024-01-01', '2024-01-02'], ['2024-01-03']], [0, 1, 2, 2]);
    const who = vectorFromArray(['甲', '甲', '乙', '乙'], new Utf8()).data[0]!;
    const s = new Schema([new Field('who', who.type, true), new Field('d', d.type, true)]);
    const t = dateShift({ columns: ['d'], entityColumn: 'who', maxDays: 30, key: { id: 'k', bytes: new Uint8Array(16).fill(7) } });
    const { out, reports } = await collect(s, [batchFromColumns(s, [who, d], 4)], t);
    const shifted = Array.from({ length: 4 }, (_, i) => out[0]!.getChildAt(1)!.get(i) as string | null);
    expect(shifted.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))).toBe(true);
    expect(shifted[2]).toBe(shifted[3]);
    expect(reports[0]).toMatchObject({ invalid: 0 });
  });
});
