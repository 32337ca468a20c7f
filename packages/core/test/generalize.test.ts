import { describe, expect, it } from 'vitest';
import {
  DateDay, Dictionary, Float16, Float64, Int32, Int64, LargeUtf8, TimestampMillisecond, Utf8, vectorFromArray, Field, Schema,
  TimeUnit, Timestamp, makeData,
} from 'apache-arrow';
import { generalize, generalizeRules, TuominError } from '../src/internal.js';
import { batchesOf, batchOfData, day, runAll } from './generalize-helpers.js';

const str = new Utf8();

describe('generalize: numeric bins', () => {
  it('fixed width with top and bottom coding, nulls, multi-chunk and an empty batch', async () => {
    const t = generalize({ columns: ['age'], method: 'bins', bins: { width: 10, top: 80, bottom: 18 } });
    const r = await runAll(t, batchesOf('age', new Int32(), [[35, null, 17, 80, 95], [], [18, 79, 0]]));
    expect(r.values).toEqual(['[30,40)', null, '<18', '>=80', '>=80', '[18,20)', '[70,80)', '<18']);
    expect(String(r.schema.fields[0]!.type)).toBe('Utf8');
    expect(r.reports[0]).toMatchObject({ rowsSeen: 8, nulls: 1, valuesChanged: 7, invalid: 0 });
  });
  it('range labels, custom edges, lower bound output keeps the type', async () => {
    const range = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 5, output: 'range' } }),
      batchesOf('x', new Int32(), [[0, 4, 5, -1, 12]]));
    expect(range.values).toEqual(['0-4', '0-4', '5-9', '-5--1', '10-14']);
    const edges = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { edges: [60, 18, 35] } }),
      batchesOf('x', new Int32(), [[10, 18, 34, 35, 59, 60, 99]]));
    expect(edges.values).toEqual(['<18', '[18,35)', '[18,35)', '[35,60)', '[35,60)', '>=60', '>=60']);
    const lower = await runAll(generalize({ columns: ['fine'], method: 'bins', bins: { width: 100, top: 1000, output: 'lower' } }),
      batchesOf('fine', new Int32(), [[150, 99, null, 5000, 1000]]));
    expect(lower.values).toEqual([100, 0, null, 1000, 1000]);
    expect(String(lower.schema.fields[0]!.type)).toBe('Int32');
    expect(lower.reports[0]!.nulls).toBe(1);
  });
  it('Int64 and Float64 (NaN is invalid and becomes null)', async () => {
    const i64 = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 10 } }),
      batchesOf('x', new Int64(), [[25n, 9007199254740000n]]));
    expect(i64.values).toEqual(['[20,30)', '[9007199254740000,9007199254740010)']);
    const f = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 0.5 } }),
      batchesOf('x', new Float64(), [[1.2, NaN, -0.1]]));
    expect(f.values).toEqual(['[1,1.5)', null, '[-0.5,0)']);
    expect(f.reports[0]).toMatchObject({ invalid: 1, nulls: 0 });
  });
  it('numeric strings: malformed and Chinese text follow onInvalid, dictionary and LargeUtf8 keep their type', async () => {
    const values = ['35', ' 42.5 ', '三十', '', null, '1e3', '-3'];
    const r = await runAll(generalize({ columns: ['s'], method: 'bins', bins: { width: 10 } }), batchesOf('s', str, [values]));
    expect(r.values).toEqual(['[30,40)', '[40,50)', null, null, null, null, '[-10,0)']);
    expect(r.reports[0]).toMatchObject({ rowsSeen: 7, nulls: 1, invalid: 3 });
    const star = await runAll(generalize({ columns: ['s'], method: 'bins', bins: { width: 10 }, onInvalid: '*' }),
      batchesOf('s', new LargeUtf8(), [values]));
    expect(star.values).toEqual(['[30,40)', '[40,50)', '*', '*', null, '*', '[-10,0)']);
    expect(String(star.schema.fields[0]!.type)).toBe('LargeUtf8');
    const keep = await runAll(generalize({ columns: ['s'], method: 'bins', bins: { width: 10 }, onInvalid: 'keep' }),
      batchesOf('s', new Dictionary(str, new Int32()), [['35', '三十', '35', null]]));
    expect(keep.values).toEqual(['[30,40)', '三十', '[30,40)', null]);
    expect(keep.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, invalid: 1 });
    const lower = await runAll(generalize({ columns: ['s'], method: 'bins', bins: { width: 10, output: 'lower' } }),
      batchesOf('s', str, [['35', 'x', null]]));
    expect(lower.values).toEqual([30, null, null]);
    expect(String(lower.schema.fields[0]!.type)).toBe('Float64');
  });
  it('sliced columns respect offsets', async () => {
    const data = vectorFromArray([1, 22, null, 47, 58], new Int32()).data[0]!.slice(1, 3);
    const r = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 10 } }), batchOfData('x', data));
    expect(r.values).toEqual(['[20,30)', null, '[40,50)']);
  });
  it('onInvalid error names the row, never the value', async () => {
    const t = generalize({ columns: ['s'], method: 'bins', bins: { width: 10 }, onInvalid: 'error' });
    const err = await runAll(t, batchesOf('s', str, [['1', '2'], ['3', '秘密值']])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).location).toMatchObject({ row: 4, column: 's', rule: 'generalize' });
    expect((err as Error).message).not.toContain('秘密值');
  });
});

describe('generalize: dates', () => {
  const formats = ['2024-08-13', '2024/8/13', '2024年8月13日', '2024年08月13', '20240813', '2024.8.3', '2024-08-13 10:30', '2024/8/13T23:59:59', '2024-08-13 10:30:00.123'];
  it('truncates strings in Chinese formats to each unit', async () => {
    const expect4 = { year: '2024', quarter: '2024-Q3', month: '2024-08', day: '2024-08-13' };
    for (const [unit, label] of Object.entries(expect4)) {
      const r = await runAll(generalize({ columns: ['d'], method: 'date', unit: unit as 'year' }), batchesOf('d', str, [formats]));
      const want = formats.map((f) => (f === '2024.8.3' && unit === 'day' ? '2024-08-03' : label));
      expect(r.values).toEqual(want);
    }
  });
  it('malformed dates and impossible days are invalid; quarters at boundaries', async () => {
    const bad = ['2023-02-29', '2024-13-01', '2024-1-', '13/08/2024', '2024-08-13 25:00', '八月', '', '2024-08/13', '2024-02-29', '2024-12-31', '2024-04-01'];
    const r = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'quarter' }), batchesOf('d', str, [bad]));
    expect(r.values).toEqual([null, null, null, null, null, null, null, null, '2024-Q1', '2024-Q4', '2024-Q2']);
    expect(r.reports[0]).toMatchObject({ invalid: 8, valuesChanged: 11 });
  });
  it('fast path and general path agree (onInvalid keep / * use the general path)', async () => {
    const vals = ['2024-08-13', '坏', null, '2024/1/2 03:04'];
    const fast = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'day' }), batchesOf('d', str, [vals]));
    const keep = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'day', onInvalid: 'keep' }), batchesOf('d', str, [vals]));
    const star = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'day', onInvalid: '*' }), batchesOf('d', str, [vals]));
    expect(fast.values).toEqual(['2024-08-13', null, null, '2024-01-02']);
    expect(keep.values).toEqual(['2024-08-13', '坏', null, '2024-01-02']);
    expect(star.values).toEqual(['2024-08-13', '*', null, '2024-01-02']);
    expect(fast.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, invalid: 1, valuesChanged: 2 });
    expect(keep.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, invalid: 1, valuesChanged: 2 });
  });
  it('ISO dates take a shortcut that agrees with the general parser, near misses included', async () => {
    const vals = ['2024-08-13', '2024-02-29', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-04-30', '2024-1-013',
      '20a4-08-13', '2024-08-1:', '2024-08/13', ' 2024-08-13', '2024-08-13 ', '0000-01-01', '9999-12-31', '2024年08月13日', null];
    for (const unit of ['year', 'quarter', 'month', 'day'] as const) {
      const fast = await runAll(generalize({ columns: ['d'], method: 'date', unit }), batchesOf('d', str, [vals]));
      const general = await runAll(generalize({ columns: ['d'], method: 'date', unit }), batchesOf('d', new Dictionary(str, new Int32()), [vals]));
      expect(fast.values).toEqual(general.values);
      expect(fast.reports[0]).toEqual(general.reports[0]);
    }
    const month = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'month' }), batchesOf('d', str, [vals]));
    expect(month.values.slice(0, 8)).toEqual(['2024-08', '2024-02', null, null, null, null, '2024-04', null]);
  });
  it('dictionary, LargeUtf8, sliced string columns', async () => {
    const dict = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'year' }),
      batchesOf('d', new Dictionary(str, new Int32()), [['2024-08-13', null, '2024-08-13', '1999/1/1']]));
    expect(dict.values).toEqual(['2024', null, '2024', '1999']);
    expect(dict.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, valuesChanged: 3 });
    const sliced = vectorFromArray(['2020-01-05', '2021-05-05', null, '2022-12-12'], new LargeUtf8()).data[0]!.slice(1, 3);
    const r = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'month' }), batchOfData('d', sliced));
    expect(r.values).toEqual(['2021-05', null, '2022-12']);
  });
  it('Date32: same type, truncated, nulls kept, before 1970 too', async () => {
    const dates = [new Date('2024-08-13'), null, new Date('1969-12-31'), new Date('2000-02-29')];
    const r = await runAll(generalize({ columns: ['d'], method: 'date', unit: 'quarter' }), batchesOf('d', new DateDay(), [dates, []]));
    expect(String(r.schema.fields[0]!.type)).toBe('Date32<DAY>');
    const days = (r.out[0]!.getChildAt(0)!.data[0]!.values as Int32Array);
    expect(Array.from(days.subarray(0, 4)).filter((_, i) => i !== 1)).toEqual([day('2024-07-01'), day('1969-10-01'), day('2000-01-01')]);
    expect(r.values[1]).toBeNull();
    expect(r.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, valuesChanged: 3 });
  });
  it('Timestamp ms with a zone: calendar day of the zone', async () => {
    const type = new Timestamp(TimeUnit.MILLISECOND, 'Asia/Shanghai');
    const schema = new Schema([new Field('t', type, true)]);
    // 2024-08-31T20:00Z is 2024-09-01 04:00 in Beijing.
    const ms = [Date.parse('2024-08-31T20:00:00Z'), Date.parse('2024-08-13T01:00:00Z')];
    const data = makeData({ type, length: 2, nullCount: 0, data: BigInt64Array.from(ms.map(BigInt)) });
    const r = await runAll(generalize({ columns: ['t'], method: 'date', unit: 'month' }), { schema, batches: [(await import('../src/index.js')).batchFromColumns(schema, [data], 2)] });
    expect(r.values).toEqual([Date.parse('2024-08-31T16:00:00Z'), Date.parse('2024-07-31T16:00:00Z')]);
    const naive = await runAll(generalize({ columns: ['t'], method: 'date', unit: 'day' }),
      batchesOf('t', new TimestampMillisecond(), [[new Date('2024-08-13T23:59:59Z')]]));
    expect(naive.values).toEqual([Date.parse('2024-08-13T00:00:00Z')]);
  });
  it('rejects an unsupported column type at bind time', () => {
    const t = generalize({ columns: ['x'], method: 'date', unit: 'year' });
    expect(() => t.bind(new Schema([new Field('x', new Float64())]))).toThrow(/cannot be applied/);
    expect(() => t.bind(new Schema([new Field('y', new Float64())]))).toThrow(/not found/);
  });
});

describe('generalize: age', () => {
  // 370602199008130011 is not checksum-valid; shape-only by default.
  const id = (birth: string) => `370602${birth}0011`;
  it('from an ID: birthday today counts, tomorrow does not', async () => {
    const ids = [id('19900813'), id('19900814'), id('20240813'), id('20240814'), id('19900229'), '37060219900813001', 'abc', null, '370602900813001'];
    const r = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2024-08-13' }), batchesOf('id', str, [ids]));
    expect(r.values).toEqual([34, 33, 0, null, null, null, null, null, 34]);
    expect(String(r.schema.fields[0]!.type)).toBe('Int32');
    expect(r.reports[0]).toMatchObject({ rowsSeen: 9, nulls: 1, invalid: 4 });
  });
  it('bins with output lower: NaN is an invalid value (null, or an error), as on the label path; Float16 is refused', async () => {
    const r = await runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 10, output: 'lower' } }), batchesOf('x', new Float64(), [[12.5, Number.NaN, null, 39]]));
    expect(r.values).toEqual([10, null, null, 30]);
    expect(r.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, invalid: 1 });
    await expect(runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 10, output: 'lower' }, onInvalid: 'error' }), batchesOf('x', new Float64(), [[1, Number.NaN]])))
      .rejects.toMatchObject({ location: { row: 2, column: 'x' } });
    const half = makeData({ type: new Float16(), length: 1, data: Uint16Array.from([0x4a40]) });
    await expect(runAll(generalize({ columns: ['x'], method: 'bins', bins: { width: 10 } }), batchOfData('x', half))).rejects.toThrow(/Float16|Float\(16\)|HALF|float/i);
  });
  it('from a zoned Timestamp: the birthday is the local calendar day', async () => {
    // Born 1990-06-15 00:00 in Shanghai = 1990-06-14T16:00Z; on 2024-06-14 the person is 33.
    const ms = Date.parse('1990-06-14T16:00:00Z');
    const zoned = new Timestamp(TimeUnit.MILLISECOND, 'Asia/Shanghai');
    const data = makeData({ type: zoned, length: 1, data: BigInt64Array.from([BigInt(ms)]) });
    const r = await runAll(generalize({ columns: ['t'], method: 'age', from: 'date', asOf: '2024-06-14' }), batchOfData('t', data));
    expect(r.values).toEqual([33]);
    const utc = await runAll(generalize({ columns: ['t'], method: 'age', from: 'date', asOf: '2024-06-14', tzOffsetMinutes: 0 }), batchOfData('t', data));
    expect(utc.values).toEqual([34]);
  });
  it('29 February birthdays grow older on 1 March in common years', async () => {
    const ids = [id('20000229'), id('20000229')];
    const a = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2023-02-28' }), batchesOf('id', str, [ids]));
    const b = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2023-03-01' }), batchesOf('id', str, [ids]));
    expect([a.values[0], b.values[0]]).toEqual([22, 23]);
  });
  it('age bands from IDs, dictionary IDs, verified checksums', async () => {
    const good = '11010519491231002X';
    const r = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2024-12-31', bins: { width: 10, top: 70 }, verifyChecksum: true }),
      batchesOf('id', new Dictionary(str, new Int32()), [[good, id('20000101'), good, null]]));
    expect(r.values).toEqual(['>=70', null, '>=70', null]);
    expect(r.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, invalid: 1 });
    expect(String(r.schema.fields[0]!.type)).toContain('Dictionary');
  });
  it('from Date32 and from date strings', async () => {
    const d = await runAll(generalize({ columns: ['b'], method: 'age', asOf: '2024-08-13' }),
      batchesOf('b', new DateDay(), [[new Date('1990-08-13'), new Date('1990-08-14'), null, new Date('2030-01-01')]]));
    expect(d.values).toEqual([34, 33, null, null]);
    expect(d.reports[0]).toMatchObject({ invalid: 1, nulls: 1 });
    const s = await runAll(generalize({ columns: ['b'], method: 'age', asOf: '2024-08-13', bins: { edges: [18, 60] } }),
      batchesOf('b', new LargeUtf8(), [['1990年8月14日', '2010/1/1', '1950-01-01 08:00', '不详']]));
    expect(s.values).toEqual(['[18,60)', '<18', '>=60', null]);
  });
  it('fused ID → band loop agrees with the per-value path (dictionary) on every shape of value', async () => {
    // Valid IDs, impossible dates (Feb 30, month 13, day 00), future births, a birth year past the
    // label table (age 324), 15-digit IDs, near misses, nulls; plain Utf8 takes the fused loop,
    // the same values as a dictionary take the general per-value kernel.
    const values: (string | null)[] = [
      id('19900101'), id('19900814'), id('19900813'), id('20000229'), id('19000101'), id('17000101'),
      '11010520000230002X', '110105199013010023', '110105199001000023', id('20300101'), '370602900101123',
      '37060219900101123', '3706021990010112345', '37060219900101123Y', '3706021990:101123X', '3706021990/101123X',
      '', null, '不详', id('19650505'), null, id('20240813'),
    ];
    const binSpecs: Array<{ width?: number; top?: number; edges?: number[] }> = [{ width: 10, top: 80 }, { width: 0.5 }, { edges: [18, 35, 60] }];
    for (const bins of binSpecs) {
      const opts: Parameters<typeof generalize>[0] = { columns: ['id'], method: 'age', from: 'id', asOf: '2024-08-13', bins };
      const fused = await runAll(generalize(opts), batchesOf('id', str, [values.slice(0, 9), [], values.slice(9)]));
      const general = await runAll(generalize(opts), batchesOf('id', new Dictionary(str, new Int32()), [values]));
      const large = await runAll(generalize(opts), batchesOf('id', new LargeUtf8(), [values]));
      expect(fused.values).toEqual(general.values);
      expect(large.values).toEqual(general.values);
      expect(fused.reports[0]).toEqual(general.reports[0]);
      const sliced = vectorFromArray(['x', ...values], str).data[0]!.slice(1, values.length);
      expect((await runAll(generalize(opts), batchOfData('id', sliced))).values).toEqual(general.values);
    }
    const r = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2024-08-13', bins: { width: 10, top: 80 } }), batchesOf('id', str, [values]));
    expect(r.values.slice(0, 6)).toEqual(['[30,40)', '[30,40)', '[30,40)', '[20,30)', '>=80', '>=80']);
    expect(r.values.slice(6, 10)).toEqual([null, null, null, null]);
    expect(r.values[10]).toBe('[30,40)');
    expect(r.values.at(-1)).toBe('[0,10)');
    // Short table labels ('[0,1000)', 8 bytes) but longer ones past the table ('[1000,2000)'):
    // the 8-byte label writes must keep their slack after each long label.
    const mixed = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? id('05000101') : id('19900101')));
    const thousand: Parameters<typeof generalize>[0] = { columns: ['id'], method: 'age', from: 'id', asOf: '2024-08-13', bins: { width: 1000 } };
    const m1 = await runAll(generalize(thousand), batchesOf('id', str, [mixed]));
    const m2 = await runAll(generalize(thousand), batchesOf('id', new Dictionary(str, new Int32()), [mixed]));
    expect(m1.values).toEqual(m2.values);
    expect(m1.values.slice(0, 2)).toEqual(['[1000,2000)', '[0,1000)']);
    const wide = await runAll(generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2024-08-13', bins: { width: 100 } }), batchesOf('id', str, [[id('17000101')]]));
    expect(wide.values).toEqual(['[300,400)']);
  });
  it('onInvalid error for ages', async () => {
    const t = generalize({ columns: ['id'], method: 'age', from: 'id', asOf: '2024-01-01', onInvalid: 'error' });
    await expect(runAll(t, batchesOf('id', str, [[id('19900101'), 'x']]))).rejects.toThrow(/row 2/);
  });
});

describe('generalize: ID parts and division codes', () => {
  const ids = ['371602199001011234', '37160219900101123X', '370602900101123', 'bad', null, '37160219900101123Y'];
  it('ID → province / city / county, zero-padded', async () => {
    for (const [level, code] of [['province', '370000'], ['city', '371600'], ['county', '371602']] as const) {
      const r = await runAll(generalize({ columns: ['id'], method: 'id-region', level }), batchesOf('id', str, [ids]));
      expect(r.values).toEqual([code, code, level === 'province' ? '370000' : level === 'city' ? '370600' : '370602', null, null, null]);
      expect(r.reports[0]).toMatchObject({ rowsSeen: 6, nulls: 1, invalid: 2, valuesChanged: 5 });
    }
  });
  it('region codes: fast path (LargeUtf8, sliced, error) and general path (dictionary, keep) agree', async () => {
    const fast = await runAll(generalize({ columns: ['id'], method: 'id-region', level: 'city' }), batchesOf('id', new LargeUtf8(), [ids]));
    const dict = await runAll(generalize({ columns: ['id'], method: 'id-region', level: 'city' }), batchesOf('id', new Dictionary(str, new Int32()), [ids]));
    expect(String(fast.schema.fields[0]!.type)).toBe('LargeUtf8');
    expect(fast.values).toEqual(dict.values);
    expect(fast.reports[0]).toMatchObject({ rowsSeen: 6, nulls: 1, invalid: 2, valuesChanged: 5 });
    const keep = await runAll(generalize({ columns: ['id'], method: 'id-region', level: 'city', onInvalid: 'keep' }), batchesOf('id', str, [ids]));
    expect(keep.values).toEqual(['371600', '371600', '370600', 'bad', null, '37160219900101123Y']);
    const sliced = vectorFromArray(ids, str).data[0]!.slice(2, 3);
    const s = await runAll(generalize({ columns: ['id'], method: 'id-region', level: 'province' }), batchOfData('id', sliced));
    expect(s.values).toEqual(['370000', null, null]);
    await expect(runAll(generalize({ columns: ['id'], method: 'id-region', level: 'city', onInvalid: 'error' }), batchesOf('id', str, [ids])))
      .rejects.toThrow(/row 4/);
  });
  it('ID → gender with default and custom labels; checksum verification', async () => {
    const r = await runAll(generalize({ columns: ['id'], method: 'id-gender' }), batchesOf('id', str, [ids]));
    expect(r.values).toEqual(['男', '男', '男', null, null, null]);
    const f = await runAll(generalize({ columns: ['id'], method: 'id-gender', labels: ['M', 'F'], verifyChecksum: true, onInvalid: '*' }),
      batchesOf('id', new LargeUtf8(), [['11010519491231002X', '110105194912310021', '440524188001010014']]));
    expect(f.values).toEqual(['F', '*', 'M']);
  });
  it('division codes: strings (6, 9, 12 digits) and Int32', async () => {
    const codes = ['371602', '371602001', '371602001001', '37160', '071602', '山东省', null];
    const r = await runAll(generalize({ columns: ['c'], method: 'division', level: 'city' }), batchesOf('c', str, [codes]));
    expect(r.values).toEqual(['371600', '371600', '371600', null, null, null, null]);
    expect(r.reports[0]).toMatchObject({ invalid: 3, nulls: 1 });
    const county = await runAll(generalize({ columns: ['c'], method: 'division', level: 'county' }), batchesOf('c', str, [['371602']]));
    expect(county.reports[0]!.valuesChanged).toBe(0);
    const ints = await runAll(generalize({ columns: ['c'], method: 'division', level: 'province', onInvalid: 'keep' }),
      batchesOf('c', new Int32(), [[371602, null, 42, 110105]]));
    expect(ints.values).toEqual([370000, null, 42, 110000]);
    expect(ints.reports[0]).toMatchObject({ invalid: 1, nulls: 1, valuesChanged: 2 });
  });
});

describe('generalize: prefix and hierarchy', () => {
  it('prefix counts code points, never splits UTF-8', async () => {
    const r = await runAll(generalize({ columns: ['a'], method: 'prefix', length: 3 }),
      batchesOf('a', str, [['山东省滨州市', 'ab', '😀😀😀😀', '', null, 'a中b文']]));
    expect(r.values).toEqual(['山东省', 'ab', '😀😀😀', '', null, 'a中b']);
    expect(r.reports[0]).toMatchObject({ valuesChanged: 3, nulls: 1 });
  });
  const hierarchy = { rows: [['1', '0-4', '*'], ['37', '35-39', '*'], ['汉族', '汉', '*'], ['满族', '少数民族', '*']] };
  it('maps strings and integers to a level; unknown values follow onInvalid', async () => {
    const s = await runAll(generalize({ columns: ['e'], method: 'hierarchy', hierarchy, level: 1 }),
      batchesOf('e', new Dictionary(str, new Int32()), [['汉族', '满族', '苗族', null, '汉族']]));
    expect(s.values).toEqual(['汉', '少数民族', null, null, '汉']);
    expect(s.reports[0]).toMatchObject({ invalid: 1, nulls: 1 });
    const i = await runAll(generalize({ columns: ['age'], method: 'hierarchy', hierarchy, level: 1, onInvalid: '*' }),
      batchesOf('age', new Int32(), [[37, 1, 99, null]]));
    expect(i.values).toEqual(['35-39', '0-4', '*', null]);
    const k = await runAll(generalize({ columns: ['e'], method: 'hierarchy', hierarchy, level: 2, onInvalid: 'keep' }),
      batchesOf('e', str, [['汉族', '苗族']]));
    expect(k.values).toEqual(['*', '苗族']);
    expect(() => generalize({ columns: ['e'], method: 'hierarchy', hierarchy, level: 3 }).bind(new Schema([new Field('e', str)]))).toThrow(/level 3/);
  });
});

describe('generalize rule definition', () => {
  it('parses its example and builds a transform', () => {
    const def = generalizeRules.find((r) => r.type === 'generalize')!;
    expect(def.options.safeParse(def.example).success).toBe(true);
    expect(def.options.safeParse({ method: 'bins', bins: {} }).success).toBe(false);
    const t = def.create(['id'], def.options.parse(def.example), { resolveKey: () => { throw new Error('no'); }, scope: {}, seed: 1 });
    expect(t.bind(new Schema([new Field('id', str)])).outputSchema.fields[0]!.type.toString()).toBe('Utf8');
  });
});

describe('docs/transforms-generalize.md matches the option schemas', async () => {
  const { readFileSync } = await import('node:fs');
  const { normalizeRules, synthesizeRules, shiftRules, binSpecSchema } = await import('../src/internal.js');
  const doc = readFileSync(new URL('../../../docs/transforms-generalize.md', import.meta.url), 'utf8');
  const keysOf = (schema: unknown): string[] => {
    const s = schema as { shape?: Record<string, unknown>; options?: unknown[] };
    if (s.shape) return Object.keys(s.shape);
    if (s.options) return s.options.flatMap(keysOf);
    return [];
  };
  it('names every rule type and every option key', () => {
    for (const def of [...generalizeRules, ...normalizeRules, ...synthesizeRules, ...shiftRules]) {
      expect(doc, def.type).toContain(`\`${def.type}\``);
      for (const k of keysOf(def.options)) expect(doc, `${def.type}.${k}`).toContain(k);
    }
    for (const k of keysOf(binSpecSchema)) expect(doc).toContain(k);
  });
});
