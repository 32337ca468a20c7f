import { describe, expect, it } from 'vitest';
import { Binary, Dictionary, Int32, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import {
  ColumnQuality, DistinctEstimate, EXACT_DISTINCT_UP_TO, ExactDistinct, HashSet64, HyperLogLog, hashBytes64,
  isDateText, isDateTimeText, isIntegerText, isNumberText, memoryHashSpill,
} from '../src/internal.js';

const enc = new TextEncoder();
const h = new Int32Array(2);
const hashOf = (s: string): [number, number] => { const b = enc.encode(s); hashBytes64(b, 0, b.length, h); return [h[0]!, h[1]!]; };
const test = (f: (src: Uint8Array, s: number, e: number) => boolean, v: string): boolean => { const b = enc.encode(v); return f(b, 0, b.length); };

describe('conformance of text to a declared type', () => {
  it('integers, numbers, dates and datetimes as the review always read them; dates must exist', () => {
    for (const v of ['0', '-12', '+7', '007']) expect(test(isIntegerText, v), v).toBe(true);
    for (const v of ['', '-', '1.0', '1e3', ' 1']) expect(test(isIntegerText, v), v).toBe(false);
    for (const v of ['1', '-1.5', '.5', '5.', '1e-3', '+2.5E10']) expect(test(isNumberText, v), v).toBe(true);
    for (const v of ['.', 'e3', '1e', '1,000', '1.2.3', 'NaN']) expect(test(isNumberText, v), v).toBe(false);
    for (const v of ['2024-02-29', '1999-12-31']) expect(test(isDateText, v), v).toBe(true);
    for (const v of ['2023-02-29', '2024-04-31', '2024-13-01', '2024/01/01', '2024-1-01']) expect(test(isDateText, v), v).toBe(false);
    for (const v of ['2024-08-13T09:30', '2024-08-13 09:30:05.123Z', '2024-08-13T09:30:05+08:00', '2024-08-13T09:30-0500']) expect(test(isDateTimeText, v), v).toBe(true);
    for (const v of ['2024-08-13', '2024-08-13T24:00', '2024-08-13T09:30:5', '2024-08-13T09:30+8']) expect(test(isDateTimeText, v), v).toBe(false);
  });
});

describe('distinct counting', () => {
  it('HashSet64 counts each hash once across growth', () => {
    const s = new HashSet64(4);
    for (let i = 0; i < 50_000; i++) s.add(...hashOf(`v${i % 20_000}`));
    expect(s.size).toBe(20_000);
  });

  it('HyperLogLog stays within 3 % (about 4 standard errors) from 100 to 1,000,000 values, and merges by maximum', () => {
    for (const n of [100, 5_000, 100_000, 1_000_000]) {
      const a = new HyperLogLog(), b = new HyperLogLog();
      for (let i = 0; i < n; i++) (i % 2 ? a : b).add(...hashOf(`x${i}`));
      a.merge(b);
      expect(Math.abs(a.estimate() - n) / n, String(n)).toBeLessThan(0.03);
    }
  });

  it('DistinctEstimate is exact up to its limit, then an estimate', () => {
    const d = new DistinctEstimate();
    for (let i = 0; i < EXACT_DISTINCT_UP_TO; i++) d.add(...hashOf(String(i)));
    expect([d.exact, d.count()]).toEqual([true, EXACT_DISTINCT_UP_TO]);
    d.add(...hashOf('one more'));
    expect(d.exact).toBe(false);
  });

  it('ExactDistinct spills past its limit and still counts exactly', () => {
    let spills = 0;
    const x = new ExactDistinct({ maxInMemory: 1_000, partitions: 4, spill: () => { spills++; return memoryHashSpill(); } });
    for (let i = 0; i < 30_000; i++) x.add(...hashOf(`k${i % 12_345}`));
    expect(x.spilled).toBe(true);
    expect(spills).toBe(1);
    expect(x.count()).toBe(12_345);
  });
});

describe('ColumnQuality kernels', () => {
  it('a dictionary column gives what the same values as plain text give (entries weighted by their rows)', () => {
    const values = ['是', '否', null, '是', 'x', '', '否', '是', 'x', null];
    const plain = vectorFromArray(values, new Utf8()).data[0] as Data;
    const dict = vectorFromArray(values, new Dictionary(new Utf8(), new Int32())).data[0] as Data;
    const run = (d: Data) => { const q = new ColumnQuality({ type: 'boolean', required: true }); q.add(d.slice(1, 8), 100); return q.finish(); };
    const a = run(plain);
    expect(a).toMatchObject({ rows: 8, nulls: 1, empties: 1, distinct: 3, maxLength: 1 });
    expect(a.violations).toEqual([
      { code: 'cell/required', count: 1, rows: [102] },
      { code: 'cell/type', count: 3, rows: [104, 105, 108] },
    ]);
    expect(run(dict)).toEqual(a);
  });

  it('a value hashes the same from a Utf8 chunk (inlined loop) and a dictionary entry (hashBytes64)', () => {
    const values = Array.from({ length: 300 }, (_, i) => `值${i}-${'x'.repeat(i % 7)}`);
    const a = new ColumnQuality({ unique: true });
    a.add(vectorFromArray(values, new Utf8()).data[0] as Data, 0);
    const b = new ColumnQuality({ unique: true });
    b.add(vectorFromArray(values, new Dictionary(new Utf8(), new Int32())).data[0] as Data, 300);
    a.merge(b);
    const r = a.finish();
    expect(r.distinct).toBe(300);
    expect(r.violations).toEqual([{ code: 'cell/unique', count: 300, rows: [] }]);
  });

  it('typed columns: distinct by value bytes, declared type checked against the Arrow type', () => {
    const d = makeData({ type: new Int32(), length: 6, data: Int32Array.from([1, 2, 2, 3, 3, 3]) });
    const q = new ColumnQuality({ type: 'boolean', unique: true });
    q.add(d.slice(1, 4), 0);
    const r = q.finish();
    expect(r).toMatchObject({ rows: 4, distinct: 2 });
    expect(r.violations).toEqual([{ code: 'cell/type', count: 4, rows: [] }, { code: 'cell/unique', count: 2, rows: [] }]);
  });
});

describe('ColumnQuality over batches that share one dictionary', () => {
  it('counts each batch from its own rows (per-entry scratch is reset between batches)', () => {
    const values = ['a', 'b', 'x', 'a', null, 'b', 'x', 'x'];
    const dict = vectorFromArray(values, new Dictionary(new Utf8(), new Int32())).data[0] as Data;
    const q = new ColumnQuality({ enum: ['a', 'b'], required: true });
    q.add(dict.slice(0, 3), 0);
    q.add(dict.slice(3, 3), 3);
    q.add(dict.slice(6, 2), 6);
    const r = q.finish();
    expect(r).toMatchObject({ rows: 8, nulls: 1, distinct: 3 });
    expect(r.violations).toEqual([
      { code: 'cell/enum', count: 3, rows: [3, 7, 8] },
      { code: 'cell/required', count: 1, rows: [5] },
    ]);
  });
});

describe('ColumnQuality on binary columns', () => {
  it('counts distinct values by their bytes, not byte by byte', () => {
    const bytes = new Uint8Array([1, 2, 3, 1, 2, 3, 9]);
    const d = makeData({ type: new Binary(), length: 3, valueOffsets: Int32Array.from([0, 3, 6, 7]), data: bytes });
    const q = new ColumnQuality({ unique: true });
    q.add(d, 0);
    expect(q.finish()).toMatchObject({ rows: 3, distinct: 2, violations: [{ code: 'cell/unique', count: 1, rows: [] }] });
  });
});
