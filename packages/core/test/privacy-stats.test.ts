import { describe, expect, it } from 'vitest';
import { DateDay, DateMillisecond, Field, Schema, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { batchFromColumns, ClassStats, collectClassStats, combineRisk, mergeClassStats, mergeInto, readClassRecords, riskSummary, TuominError, writeClassRecords } from '../src/internal.js';
import { intData, mulberry, strData, table } from './privacy-helpers.js';

/** Class sizes as a sorted list of "labels:count", a stable fingerprint for comparisons. */
function fingerprint(s: ClassStats): string[] {
  const out: string[] = [];
  for (let c = 0; c < s.classes; c++) out.push(`${JSON.stringify(s.classLabels(c))}:${s.table.counts[c]}`);
  return out.sort();
}

function pairsFingerprint(s: ClassStats, i = 0): string[] {
  const p = s.pairs[i]!;
  const out: string[] = [];
  for (let x = 0; x < p.size; x++) out.push(`${JSON.stringify(s.classLabels(p.classes.buf[x]!))}|${s.sensDicts[i]!.label(p.values.buf[x]!)}:${p.counts[x]}`);
  return out.sort();
}

const district = ['海淀区', '海淀区', '朝阳区', '朝阳区', '朝阳区', null, '海淀区', '朝阳区'];
const gender = ['男', '女', '男', '男', '女', '女', '男', '男'];
const diag = ['流感', '流感', '肺炎', '流感', '哮喘', '肺炎', '流感', '流感'];

describe('ClassStats', () => {
  const whole = table({ district, gender, diag });

  it('counts classes over Chinese text with nulls, and per-class sensitive frequencies', () => {
    const s = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
    s.add(whole);
    expect(s.rows).toBe(8);
    expect(fingerprint(s)).toEqual([
      '["朝阳区","女"]:1', '["朝阳区","男"]:3', '["海淀区","女"]:1', '["海淀区","男"]:2', '[null,"女"]:1',
    ]);
    expect(pairsFingerprint(s)).toContain('["朝阳区","男"]|流感:2');
    expect(pairsFingerprint(s)).toContain('["朝阳区","男"]|肺炎:1');
  });

  it('gives the same classes for dictionary, LargeUtf8, sliced and multi-chunk input', () => {
    const ref = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
    ref.add(whole);
    const variants: RecordBatch[][] = [
      [table({ district, gender, diag }, { district: 'dict', gender: 'large' })],
      [whole.slice(0, 3), whole.slice(3, 8)],
      [table({ district, gender, diag }, { diag: 'dict' }).slice(0, 5), table({ district, gender, diag }, { district: 'dict' }).slice(5, 8)],
    ];
    for (const batches of variants) {
      const s = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
      for (const b of batches) s.add(b);
      expect(fingerprint(s)).toEqual(fingerprint(ref));
      expect(pairsFingerprint(s)).toEqual(pairsFingerprint(ref));
    }
  });

  it('handles empty batches', async () => {
    const s = await collectClassStats([whole.slice(0, 0), whole, whole.slice(8, 8)], { quasiIdentifiers: ['district'] });
    expect(s.rows).toBe(8);
    expect(s.classes).toBe(3);
    const empty = await collectClassStats([whole.slice(0, 0)], { quasiIdentifiers: ['district'] });
    expect(riskSummary(empty, { k: 2 })).toMatchObject({ rows: 0, classes: 0, minClassSize: 0, recordsBelowK: 0 });
  });

  it('codes numbers by their text, so Int32 and Utf8 columns agree', () => {
    const schema = new Schema([new Field('age', intData([30, 30, null, 41]).type, true)]);
    const nums = batchFromColumns(schema, [intData([30, 30, null, 41])], 4);
    const texts = table({ age: ['30', '30', null, '41'] });
    const a = new ClassStats({ quasiIdentifiers: ['age'] });
    a.add(nums);
    const b = new ClassStats({ quasiIdentifiers: ['age'] });
    b.add(texts);
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(fingerprint(mergeClassStats(a, b))).toEqual(['["30"]:4', '["41"]:2', '[null]:2']);
  });

  it('merge(a, b) equals the statistics of the whole, in either order', () => {
    const rnd = mulberry(7);
    const cols = { a: [] as string[], b: [] as string[], s: [] as string[] };
    for (let i = 0; i < 2000; i++) {
      cols.a.push(`区${Math.floor(rnd() * 20)}`);
      cols.b.push(rnd() < 0.5 ? '男' : '女');
      cols.s.push(`病${Math.floor(rnd() * 5)}`);
    }
    const all = table(cols);
    const opts = { quasiIdentifiers: ['a', 'b'], sensitive: ['s'] };
    const whole = new ClassStats(opts);
    whole.add(all);
    const p1 = new ClassStats(opts);
    p1.add(all.slice(0, 700));
    const p2 = new ClassStats(opts);
    p2.add(table(cols, { a: 'dict' }).slice(700, 2000));
    for (const m of [mergeClassStats(p1, p2), mergeClassStats(p2, p1)]) {
      expect(m.rows).toBe(2000);
      expect(fingerprint(m)).toEqual(fingerprint(whole));
      expect(pairsFingerprint(m)).toEqual(pairsFingerprint(whole));
    }
  });

  it('grows past its initial hash capacity without losing classes', () => {
    const n = 50_000;
    const a: string[] = [];
    for (let i = 0; i < n; i++) a.push(`编号${i % 20000}`);
    const s = new ClassStats({ quasiIdentifiers: ['a'] });
    s.add(table({ a }));
    expect(s.classes).toBe(20000);
    expect(riskSummary(s, { k: 3 })).toMatchObject({ minClassSize: 2, recordsBelowK: 20000 });
  });

  it('leaves packed keys mid-stream when a code outgrows its bits, without losing counts', () => {
    // 4 columns pack 13 bits each; column a reaches 9,000 distinct values in the second batch.
    const rnd = mulberry(5);
    const mk = (from: number, to: number) => {
      const cols = { a: [] as string[], b: [] as string[], c: [] as string[], d: [] as string[] };
      for (let i = from; i < to; i++) {
        cols.a.push(`号${i % 9000}`);
        cols.b.push(rnd() < 0.5 ? '男' : '女');
        cols.c.push(`区${i % 7}`);
        cols.d.push(`职${i % 3}`);
      }
      return cols;
    };
    const first = mk(0, 5000);
    const second = mk(5000, 20000);
    const s = new ClassStats({ quasiIdentifiers: ['a', 'b', 'c', 'd'] });
    s.add(table(first));
    expect(s.table.packedBits).toBeGreaterThan(0);
    s.add(table(second, { c: 'dict' }));
    expect(s.table.packedBits).toBe(0);
    const expected = new Map<string, number>();
    for (const cols of [first, second]) cols.a.forEach((a, i) => {
      const key = JSON.stringify([a, cols.b[i], cols.c[i], cols.d[i]]);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    });
    expect(fingerprint(s)).toEqual([...expected].map(([k, v]) => `${k}:${v}`).sort());
    // Lookups after unpacking still find every class.
    const again = s.classIndices(table(first), false);
    expect(Array.from(again).every((c) => c >= 0)).toBe(true);
  });

  it('names the missing column and rejects unsupported types', () => {
    const s = new ClassStats({ quasiIdentifiers: ['nope'] });
    expect(() => s.add(whole)).toThrow(TuominError);
    expect(() => s.add(whole)).toThrow(/nope/);
    expect(() => new ClassStats({ quasiIdentifiers: [] })).toThrow(/quasi-identifier/);
  });

  it('keeps malformed UTF-8 bytes as distinct values', () => {
    const bad = strData(['a', 'a', 'b']);
    (bad.values as Uint8Array)[2] = 0xff; // third value becomes an invalid byte
    const schema = new Schema([new Field('x', bad.type, true)]);
    const s = new ClassStats({ quasiIdentifiers: ['x'] });
    s.add(batchFromColumns(schema, [bad], 3));
    expect(s.classes).toBe(2);
  });
});


describe('fast paths: short-value cache and direct class index', () => {
  /** Reference: classes counted with a plain Map over the decoded tuple. */
  function reference(cols: Record<string, Array<string | null>>): string[] {
    const names = Object.keys(cols);
    const m = new Map<string, number>();
    for (let i = 0; i < cols[names[0]!]!.length; i++) {
      const k = JSON.stringify(names.map((n) => cols[n]![i]));
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m].map(([k, v]) => `${k}:${v}`).sort();
  }

  it('values of 0 to 20 bytes, multi-byte text, prefixes of each other, nulls, values at the very end of the buffer', () => {
    const rnd = mulberry(7);
    const pool = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdefgh', 'abcdefghi', 'abcdefghijkl', 'abcdefghijklm', '男', '女', '海淀区', '海淀区x', '朝阳区朝阳', '新疆维吾尔自治区', 'a\u0000', 'a\u0000\u0000', null];
    const cols: Record<string, Array<string | null>> = { a: [], b: [] };
    for (let i = 0; i < 5000; i++) {
      cols.a!.push(pool[Math.floor(rnd() * pool.length)]!);
      cols.b!.push(pool[Math.floor(rnd() * pool.length)]!);
    }
    // The last values are short, so their 12-byte read would pass the buffer's end.
    cols.a!.push('ab', 'a'); cols.b!.push('', 'abc');
    const s = new ClassStats({ quasiIdentifiers: ['a', 'b'] });
    s.add(table(cols));
    expect(fingerprint(s)).toEqual(reference(cols));
  });

  it('more distinct values than cache entries, classes added across batches, a domain that outgrows the direct index', () => {
    const rnd = mulberry(11);
    const batches: Array<Record<string, Array<string | null>>> = [];
    const all: Record<string, Array<string | null>> = { x: [], y: [] };
    for (let b = 0; b < 4; b++) {
      // Batch b draws from a domain 8 times larger than the batch before: the direct index
      // rebuilds, then gives up (past its size cap) and the hash table serves alone.
      const card = 20 * 8 ** b;
      const cols: Record<string, Array<string | null>> = { x: [], y: [] };
      for (let i = 0; i < 20000; i++) {
        const x = `区${Math.floor(rnd() * card)}`;
        const y = `v${Math.floor(rnd() * card)}`;
        cols.x!.push(x); cols.y!.push(y); all.x!.push(x); all.y!.push(y);
      }
      batches.push(cols);
    }
    const s = new ClassStats({ quasiIdentifiers: ['x', 'y'] });
    for (const cols of batches) s.add(table(cols));
    expect(fingerprint(s)).toEqual(reference(all));
    // Lookups without insertion find every class, and -1 for an unseen one.
    const probe = table({ x: [all.x![0]!, '区-1'], y: [all.y![0]!, 'v0'] });
    const idx = s.classIndices(probe, false);
    expect(idx[0]).toBeGreaterThanOrEqual(0);
    expect(idx[1]).toBe(-1);
  });

  it('finds classes merged into the table after the index was built', () => {
    const a = new ClassStats({ quasiIdentifiers: ['district', 'gender'] });
    a.add(table({ district: ['海淀区'], gender: ['男'] }));
    const b = new ClassStats({ quasiIdentifiers: ['district', 'gender'] });
    b.add(table({ district: ['海淀区'], gender: ['女'] }));
    mergeInto(a, b);
    expect(a.classIndices(table({ district: ['海淀区'], gender: ['女'] }), false)[0]).toBeGreaterThanOrEqual(0);
    a.add(table({ district: ['海淀区', '海淀区'], gender: ['女', '男'] }));
    expect(fingerprint(a)).toEqual(['["海淀区","女"]:2', '["海淀区","男"]:2']);
  });
});

describe('class records (the spill format)', () => {
  it('round-trips classes with nulls and sensitive pairs; records written by several objects merge by value', () => {
    const sa = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
    sa.add(table({ district: district.slice(0, 4), gender: gender.slice(0, 4), diag: diag.slice(0, 4) }));
    const sb = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
    sb.add(table({ district: district.slice(4), gender: gender.slice(4), diag: diag.slice(4) }));
    const whole = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
    whole.add(table({ district, gender, diag }));
    const parts = 3;
    const a = writeClassRecords(sa, parts);
    const b = writeClassRecords(sb, parts);
    const merged: ClassStats[] = [];
    for (let p = 0; p < parts; p++) {
      const s = new ClassStats({ quasiIdentifiers: ['district', 'gender'], sensitive: ['diag'] });
      readClassRecords(s, a[p]!);
      readClassRecords(s, b[p]!);
      merged.push(s);
    }
    // Partitions are disjoint and together equal the whole table.
    expect(merged.flatMap((s) => fingerprint(s)).sort()).toEqual(fingerprint(whole));
    expect(merged.flatMap((s) => pairsFingerprint(s)).sort()).toEqual(pairsFingerprint(whole));
    expect(merged.reduce((n, s) => n + s.rows, 0)).toBe(8);
    expect(combineRisk(merged.map((s) => riskSummary(s, { k: 2 })), { k: 2 })).toEqual(riskSummary(whole, { k: 2 }));
  });
});

describe('date and timestamp quasi-identifiers', () => {
  it('are coded by their ISO text: the same classes and labels as the date strings', () => {
    const iso = ['2024-08-13', '1969-12-31', null, '2024-08-13', '0999-01-01', '2024-02-29'];
    const dates = iso.map((s) => (s === null ? null : new Date(`${s}T00:00:00Z`)));
    const gender = ['男', '女', '男', '男', '女', '女'];
    for (const type of [new DateDay(), new DateMillisecond()]) {
      const data = vectorFromArray(dates, type).data[0]!;
      const s = new ClassStats({ quasiIdentifiers: ['d', 'g'] });
      s.add(batchFromColumns(new Schema([new Field('d', type, true), new Field('g', new Utf8(), false)]), [data, strData(gender)], iso.length));
      const ref = new ClassStats({ quasiIdentifiers: ['d', 'g'] });
      ref.add(table({ d: iso, g: gender }));
      expect(fingerprint(s)).toEqual(fingerprint(ref));
      // Sliced: offset respected for values and validity.
      const sl = new ClassStats({ quasiIdentifiers: ['d'] });
      sl.add(batchFromColumns(new Schema([new Field('d', type, true)]), [data.slice(2, 3)], 3));
      expect(fingerprint(sl)).toEqual(['["0999-01-01"]:1', '["2024-08-13"]:1', '[null]:1']);
    }
    const ts = vectorFromArray([new Date('2024-08-13T09:30:00.123Z'), new Date('2024-08-13T09:30:00.123Z'), null], new TimestampMillisecond()).data[0]!;
    const st = new ClassStats({ quasiIdentifiers: ['t'] });
    st.add(batchFromColumns(new Schema([new Field('t', ts.type, true)]), [ts], 3));
    expect(fingerprint(st)).toEqual(['["2024-08-13T09:30:00.123Z"]:2', '[null]:1']);
  });
});
