import { describe, expect, it } from 'vitest';
import { Binary, DateDay, Dictionary, TimestampMillisecond, Field, LargeBinary, Int32, Int64, LargeUtf8, RecordBatch, Schema, Utf8, makeData, makeVector, vectorFromArray, type Data } from 'apache-arrow';
import { DistinctEstimate, batchFromColumns, hashBytes64, makeUtf8Data, profileBatches, utf8View } from '../src/internal.js';

const ID = '11010519491231002X';

function utf8(values: (string | null)[]): Data {
  return vectorFromArray(values, new Utf8()).data[0]!;
}

async function* gen(batches: RecordBatch[]) {
  yield* batches;
}

describe('profileBatches', () => {
  it('an address that opens the value and makes up most of it counts as whole; one inside a sentence does not', async () => {
    const schema = new Schema([new Field('经营场所', new Utf8(), true), new Field('备注', new Utf8(), true)]);
    const places = ['烟台市芝罘区南大街12号A-3', '烟台市芝罘区幸福路300号门面房', '烟台市芝罘区黄河路8号'];
    const notes = ['经营者称其已于上月搬离烟台市芝罘区南大街12号并另寻店面经营', '无', '无'];
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(places), utf8(notes)], 3)]));
    const [place, note] = p.columns;
    expect(place!.detectors).toEqual([{ type: 'address', count: 3, share: 1, whole: 3 }]);
    expect(note!.detectors.find((d) => d.type === 'address')).toMatchObject({ count: 1, whole: 0 });
  });
  it('types, nulls, distinct, lengths and detector shares over multi-chunk input with an empty batch', async () => {
    const schema = new Schema([new Field('证件号码', new Utf8(), true), new Field('日期', new Utf8(), true), new Field('说明', new Utf8(), true)]);
    const b1 = batchFromColumns(schema, [utf8([ID, null, '91350100M000100Y43']), utf8(['2024-01-31', '2024/2/1', null]), utf8(['无', '联系13812345678', '中文说明'])], 3);
    const b0 = batchFromColumns(schema, [utf8([]), utf8([]), utf8([])], 0);
    const b2 = batchFromColumns(schema, [utf8([ID, '440524188001010014']), utf8(['2024年3月1日', '2024-03-02']), utf8([null, '无'])], 2);
    const p = await profileBatches(schema, gen([b1, b0, b2]));
    expect(p.rows).toBe(5);
    const [id, date, note] = p.columns;
    expect(id).toMatchObject({ inferredType: 'text', nulls: 1, nullRate: 0.2, distinct: 3, distinctExact: true, minLength: 18, maxLength: 18 });
    expect(id!.detectors).toEqual([
      { type: 'cn_id', count: 3, share: 0.75, whole: 3 },
      { type: 'cn_uscc', count: 1, share: 0.25, whole: 1 },
    ]);
    expect(date).toMatchObject({ inferredType: 'date', nulls: 1, distinct: 4 });
    expect(note!.detectors).toEqual([{ type: 'cn_mobile', count: 1, share: 0.25, whole: 0 }]);
    expect(note).toMatchObject({ minLength: 1, maxLength: 13, distinct: 3 });
  });
  it('dates in mixed spellings, compact 20240131 among them, are a date column; compact dates alone or codes are not', async () => {
    const schema = new Schema([new Field('决定日期', new Utf8(), true), new Field('编号', new Utf8(), true), new Field('批次', new Utf8(), true)]);
    const mixed = ['20200510', '2019年9月4日', '2024/9/16', '2021-01-11', '20230227', '2025/6/1', '2022-10-13', '20241011'];
    const codes = ['20240001', '2024-01-31', '20240002', '20240003', '20240004', '20240005', '20240006', '20240007']; // month 00: no dates
    const compact = ['20200510', '20230227', '20241011', '20200302', '20230421', '20250908', '20250116', '20240503'];
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(mixed), utf8(codes), utf8(compact)], 8)]));
    expect(p.columns.map((c) => c.inferredType)).toEqual(['date', 'text', 'integer']);
  });
  it('blank cells are no evidence of a kind: dates with 40 % blanks are dates, integers with a few blanks are integers', async () => {
    const schema = new Schema([new Field('结案日期', new Utf8(), true), new Field('年龄', new Utf8(), true), new Field('备注', new Utf8(), true)]);
    const closed = ['2024-01-31', '', '2023-05-02', '', '2022/7/1', '2024-03-09', '', '', '2021-11-30', '2020-02-29'];
    const age = ['34', '71', '', '8', '45', '52', '63', '19', '27', '80'];
    const notes = ['', '', '', '', '', '', '', '', '已结案', '执行中'];
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(closed), utf8(age), utf8(notes)], 10)]));
    expect(p.columns.map((c) => c.inferredType)).toEqual(['date', 'integer', 'text']);
    expect(p.columns[0]).toMatchObject({ nulls: 0, minLength: 0 });
  });

  it('dates with and without a time are a datetime column (a timestamp cast reads both)', async () => {
    const schema = new Schema([new Field('来访时间', new Utf8(), true)]);
    const visits = ['2024-03-05', '2024-03-05 14:23:00', '2024-04-01 09:00:00', '2024-04-02', '', '2024/5/6', '2024-06-07 16:45:10', '2024-07-08'];
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [utf8(visits)], 8)]));
    expect(p.columns[0]!.inferredType).toBe('datetime');
  });

  it('sample limits rows; sliced, LargeUtf8, dictionary and numeric columns', async () => {
    const names = utf8(['x', '张三', '李四', '王五', null, '赵六']).slice(1, 4); // Data.slice(offset, length): 张三 李四 王五 null
    const v = utf8View(utf8(['a', 'b', 'a', 'b']));
    const large = makeUtf8Data(4, v.offsets, v.values, null, 0, true);
    const dict = makeData({
      type: new Dictionary(new Utf8(), new Int32()), length: 4, nullCount: 1, nullBitmap: new Uint8Array([0b1011]),
      data: new Int32Array([0, 1, 0, 1]), dictionary: makeVector(vectorFromArray(['男', '女'], new Utf8())),
    } as never) as Data;
    const nums = vectorFromArray([13812345678n, 1n, 2n, null], new Int64()).data[0]!;
    const schema = new Schema([new Field('姓名', new Utf8(), true), new Field('l', new LargeUtf8(), true), new Field('性别', dict.type, true), new Field('n', new Int64(), true)]);
    const batch = batchFromColumns(schema, [names, large, dict, nums], 4);
    const p = await profileBatches(schema, gen([batch, batch]), { sample: 6 });
    expect(p).toMatchObject({ rows: 6, sampled: true });
    const [n, l, sex, num] = p.columns;
    expect(n).toMatchObject({ nulls: 1, distinct: 3 });
    expect(n!.detectors).toEqual([{ type: 'person_name', count: 5, share: 1, whole: 5 }]);
    expect(l).toMatchObject({ distinct: 2, nulls: 0 });
    expect(sex).toMatchObject({ nulls: 1, distinct: 2, minLength: 1, maxLength: 1 });
    expect(num).toMatchObject({ inferredType: 'integer', nulls: 1 });
    expect(num!.detectors).toEqual([{ type: 'cn_mobile', count: 2, share: 0.4, whole: 2 }]);
  });
  it('a Date32 or timestamp column (from Parquet) is profiled by its ISO text, not by epoch milliseconds that read as mobiles', async () => {
    // 1970-06-05 is 13,392,000,000 ms after the epoch: eleven digits that begin like a mobile.
    const days = [156, 160, 200, 7000];
    const schema = new Schema([new Field('birth_date', new DateDay(), true), new Field('check_in', new TimestampMillisecond(), true)]);
    const dates = makeData({ type: new DateDay(), length: 4, nullCount: 0, data: new Int32Array(days) });
    const times = makeData({ type: new TimestampMillisecond(), length: 4, nullCount: 0, data: new BigInt64Array(days.map((d) => BigInt(d * 86_400_000 + 3_600_000))) });
    const p = await profileBatches(schema, gen([batchFromColumns(schema, [dates, times], 4)]));
    const [birth, checkIn] = p.columns;
    expect(birth).toMatchObject({ inferredType: 'date', detectors: [], minLength: 10, maxLength: 10 });
    expect(checkIn).toMatchObject({ inferredType: 'datetime', detectors: [], minLength: 24, maxLength: 24 });
  });
  it('an all-null column is empty', async () => {
    const schema = new Schema([new Field('x', new Int32(), true)]);
    const b = batchFromColumns(schema, [vectorFromArray([null, null], new Int32()).data[0]!], 2);
    const p = await profileBatches(schema, gen([b]));
    expect(p.columns[0]).toMatchObject({ inferredType: 'empty', nullRate: 1, distinct: 0 });
  });
});

describe('profileBatches over Binary columns', () => {
  it('scans Binary and LargeBinary values as text, sliced or not (they were profiled as "49,49,48,…" and no detector saw an ID)', async () => {
    const ids = [ID, '440524188001010014', ID, null, 'x'];
    const text = utf8View(utf8(ids.map((x) => x ?? '')));
    const valid = new Uint8Array([0b10111]);
    const binary = makeData({ type: new Binary(), length: 5, nullCount: 1, nullBitmap: valid, valueOffsets: text.offsets, data: text.values });
    const large = makeData({ type: new LargeBinary(), length: 5, nullCount: 1, nullBitmap: valid, valueOffsets: BigInt64Array.from(text.offsets, (x) => BigInt(x)), data: text.values }) as unknown as Data;
    const schema = new Schema([new Field('b', new Binary(), true), new Field('lb', new LargeBinary(), true)]);
    const batch = batchFromColumns(schema, [binary, large], 5);
    // Rows 1-3 of the batch (a sliced chunk: offsets not starting at 0, validity bit offset 1), then all of it.
    const p = await profileBatches(schema, gen([batch.slice(1, 4), batch]));
    for (const c of p.columns) {
      expect(c).toMatchObject({ nulls: 2, distinct: 3, distinctExact: true, minLength: 1, maxLength: 18 });
      expect(c.detectors[0]).toEqual({ type: 'cn_id', count: 5, share: 5 / 6, whole: 5 });
    }
  });
});

describe('the profile counts distinct values with DistinctEstimate', () => {
  it('is exact below distinctCap and a close estimate above it', () => {
    const h = new Int32Array(2);
    const enc = new TextEncoder();
    const add = (d: DistinctEstimate, i: number): void => { const b = enc.encode(`V${i}`); hashBytes64(b, 0, b.length, h); d.add(h[0]!, h[1]!); };
    const small = new DistinctEstimate(1000);
    for (let i = 0; i < 500; i++) { add(small, i); add(small, i); }
    expect(small.exact).toBe(true);
    expect(small.count()).toBe(500);
    const big = new DistinctEstimate(1000);
    for (let i = 0; i < 50_000; i++) { add(big, i); add(big, i); }
    expect(big.exact).toBe(false);
    expect(Math.abs(big.count() - 50_000) / 50_000).toBeLessThan(0.03);
  });
});
