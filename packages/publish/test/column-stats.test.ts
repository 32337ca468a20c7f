import { describe, expect, it } from 'vitest';
import { Bool, Field, Int32, Int64, RecordBatch, Schema, TimestampNanosecond, Utf8, makeData, Struct, vectorFromArray } from 'apache-arrow';
import { ColumnStatsCollector } from '../src/review/column-stats.js';

function batchOf(field: Field, data: ReturnType<typeof makeData>): RecordBatch {
  const schema = new Schema([field]);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: data.length, nullCount: 0, children: [data] }));
}

describe('ColumnStatsCollector on typed columns', () => {
  it('counts distinct values of sliced Int32 batches right (no false duplicates)', () => {
    const field = new Field('id', new Int32(), false);
    const whole = makeData({ type: new Int32(), length: 1000, data: Int32Array.from({ length: 1000 }, (_, i) => i) });
    const c = new ColumnStatsCollector(new Schema([field]), [{ type: 'integer', constraints: { unique: true } } as never]);
    for (let s = 0; s < 1000; s += 100) c.add(batchOf(field, whole.slice(s, 100)));
    const [st] = c.finish();
    expect(st!.distinct).toBe(1000);
    expect(st!.violations).toEqual([]);
  });

  it('finds real duplicates, and ignores the slots under nulls', () => {
    const field = new Field('n', new Int32(), true);
    // 0, 1, 2, null (slot holds 1), 1: one duplicate among the four non-null values.
    const validity = new Uint8Array([0b10111]);
    const data = makeData({ type: new Int32(), length: 5, nullCount: 1, nullBitmap: validity, data: Int32Array.from([0, 1, 2, 1, 1]) });
    const c = new ColumnStatsCollector(new Schema([field]), [{ type: 'integer', constraints: { unique: true } } as never]);
    c.add(batchOf(field, data));
    const [st] = c.finish();
    expect(st!.nulls).toBe(1);
    expect(st!.distinct).toBe(3);
    expect(st!.violations).toEqual([{ code: 'cell/unique', count: 1, rows: [] }]);
  });

  it('keeps 64-bit values exact (nanosecond timestamps one apart are distinct) and reads sliced Bool bits', () => {
    const ts = new Field('t', new TimestampNanosecond(), false);
    const base = 1_700_000_000_000_000_000n;
    const t = makeData({ type: new TimestampNanosecond(), length: 4, data: BigInt64Array.from([base, base + 1n, base + 2n, base + 3n]) });
    const c1 = new ColumnStatsCollector(new Schema([ts]), [{ type: 'datetime', constraints: { unique: true } } as never]);
    c1.add(batchOf(ts, t.slice(1, 3)));
    expect(c1.finish()[0]!.distinct).toBe(3);

    const i64 = new Field('i', new Int64(), false);
    const c2 = new ColumnStatsCollector(new Schema([i64]), [{ type: 'integer' } as never]);
    c2.add(batchOf(i64, makeData({ type: new Int64(), length: 2, data: BigInt64Array.from([2n ** 60n, 2n ** 60n + 1n]) })));
    expect(c2.finish()[0]!.distinct).toBe(2);

    const b = new Field('b', new Bool(), false);
    // bits: 1,1,1,0,... ; the slice from 1 of length 3 holds true, true, false
    const bools = makeData({ type: new Bool(), length: 8, data: new Uint8Array([0b00000111]) });
    const c3 = new ColumnStatsCollector(new Schema([b]), [{ type: 'boolean' } as never]);
    c3.add(batchOf(b, bools.slice(1, 3)));
    expect(c3.finish()[0]!.distinct).toBe(2);
  });

  it('counts empty strings as missing: not distinct values, not duplicates of each other', () => {
    const field = new Field('s', new Utf8(), true);
    const data = vectorFromArray(['', 'a', 'a', null, '', 'b'], new Utf8()).data[0]!;
    const c = new ColumnStatsCollector(new Schema([field]), [{ constraints: { unique: true } } as never]);
    c.add(batchOf(field, data));
    const [st] = c.finish();
    expect(st).toMatchObject({ rows: 6, nulls: 1, empties: 2, distinct: 2 });
    expect(st!.violations).toEqual([{ code: 'cell/unique', count: 1, rows: [] }]);
  });
});
