/**
 * Full-width digits (０-９, ＋ － ． ／ ：, the ideographic space) are digits to every reader of a
 * value: the profiler, io's inference and cast, and normalize's cast all read a value through one
 * fold (core kernels/full-width.ts). Before it, an age column with 5 % of its ages typed ２３ was
 * profiled as text of ~144 distinct values and drafted as value-then-* (unseen-domains-11), and a
 * cast of ２３ to int32 gave a null. Nothing beyond that documented fold is altered: a value that
 * is no number either way (二十三, １２，３４５, ２３岁) is still refused, by row and column.
 */
import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { cast, memorySource, pipeline } from '@tuomin/core';
import { foldFullWidth, profileBatches } from '@tuomin/core/internal';
import { castBatches, inferKinds, inferSchema, inferSource } from '@tuomin/io';
import { castTo, publishedCsv, runCsvExtract, scratchWithDuck } from './support/sweep-flow.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const DAY = 86400000;
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY;

function batchOf(values: Array<string | null>, dictionary = false): { schema: Schema; batch: RecordBatch } {
  const type = dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8();
  const schema = new Schema([new Field('v', type, true)]);
  const data = vectorFromArray(values, type as never).data[0]!;
  return { schema, batch: new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: values.length, nullCount: 0, children: [data] })) };
}

async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** Values of a fixed-width column chunk read from its buffers (offset and validity respected); null for a null slot. */
function fixedValues(d: Data): Array<number | null> {
  const vals = d.values as ArrayLike<number | bigint>;
  const out: Array<number | null> = [];
  for (let i = 0; i < d.length; i++) {
    const j = d.offset + i;
    const valid = d.nullCount === 0 || d.nullBitmap === null || ((d.nullBitmap[j >> 3]! >> (j & 7)) & 1) === 1;
    out.push(valid ? Number(vals[j]!) : null);
  }
  return out;
}

const rowsOf = (batches: RecordBatch[]): Array<number | null> => batches.flatMap((b) => b.getChildAt(0)!.data.flatMap(fixedValues));

describe('the fold (core kernels/full-width.ts)', () => {
  const fold = (text: string): string | null => {
    const b = enc.encode(`前${text}后`);
    const out = new Uint8Array(b.length);
    const n = foldFullWidth(b, 3, b.length - 3, out);
    return n < 0 ? null : dec.decode(out.subarray(0, n));
  };
  it('reads ０-９ ＋ － ． ／ ： and U+3000 as ASCII, copies everything else, and says when nothing was folded', () => {
    expect(fold('２３')).toBe('23');
    expect(fold('－１２．５０')).toBe('-12.50');
    expect(fold('＋７')).toBe('+7');
    expect(fold('２０２５／７／１　０８：３０')).toBe('2025/7/1 08:30');
    expect(fold('２０２５年７月１日')).toBe('2025年7月1日');
    expect(fold('2０')).toBe('20');
    expect(fold('23')).toBeNull();
    expect(fold('二十三')).toBeNull();
    // Letters and the full-width comma are not folded: ｔｒｕｅ stays no boolean, １２，３４５ no number.
    expect(fold('ｔｒｕｅ')).toBeNull();
    expect(fold('１２，３４５')).toBe('12，345');
  });
});

// One table of values, held to the profiler, inference and both casts.
const NUMBERS: Array<[string, 'integer' | 'decimal', number]> = [['２３', 'integer', 23], ['－５', 'integer', -5], ['＋７', 'integer', 7], ['１２．５０', 'decimal', 12.5], ['－０．２５', 'decimal', -0.25]];
const DATES: Array<[string, number]> = [['２０２５－０７－０１', day(2025, 7, 1)], ['２０２５／７／１', day(2025, 7, 1)], ['２０２５年７月１日', day(2025, 7, 1)], ['２０２４－０２－２９', day(2024, 2, 29)]];
const TIMES: Array<[string, number]> = [['２０２５－０７－０１　０８：３０', day(2025, 7, 1) * DAY + 8.5 * 3600000], ['２０２５－０７－０１ ２３：５９：５９', day(2025, 7, 2) * DAY - 1000]];
const NOT_NUMBERS = ['二十三', '１２，３４５', '２３岁', '２０２５－０２－３０', 'ｔｒｕｅ', '１．２．３'];

describe('one value, one reading: the profiler, io inference and casts agree', () => {
  it('io inference types each full-width value as its ASCII twin would be typed', () => {
    for (const [text, kind] of NUMBERS) {
      const { schema, batch } = batchOf([text, kind === 'integer' ? '1' : '1.5']);
      expect(inferKinds(schema, [batch]).get('v'), text).toBe(kind);
    }
    for (const [text] of DATES) expect(inferKinds(batchOf([text]).schema, [batchOf([text]).batch]).get('v'), text).toBe('date');
    for (const [text] of TIMES) expect(inferKinds(batchOf([text]).schema, [batchOf([text]).batch]).get('v'), text).toBe('timestamp');
    for (const text of NOT_NUMBERS) expect(inferKinds(batchOf([text, '1']).schema, [batchOf([text, '1']).batch]).get('v'), text).toBe('string');
    // A mobile number in full-width digits is a code, as in ASCII digits: the column stays text.
    expect(inferKinds(batchOf(['１３８１２３４５６７８', '13900001111']).schema, [batchOf(['１３８１２３４５６７８', '13900001111']).batch]).get('v')).toBe('string');
  });

  it('the profiler counts a full-width value as the kind of its ASCII twin (integers, decimals, dates, times)', async () => {
    const values = [...NUMBERS.map(([t]) => t), ...DATES.map(([t]) => t), ...TIMES.map(([t]) => t), ...NOT_NUMBERS];
    for (const text of values) {
      const twin = (() => { const b = enc.encode(text); const o = new Uint8Array(b.length); const n = foldFullWidth(b, 0, b.length, o); return n < 0 ? text : dec.decode(o.subarray(0, n)); })();
      const kindOf = async (v: string): Promise<string> => {
        const { schema, batch } = batchOf([v]);
        return (await profileBatches(schema, (async function* () { yield batch; })())).columns[0]!.inferredType;
      };
      expect(await kindOf(text), text).toBe(await kindOf(twin));
    }
  });

  it('an age column with 10 % of its ages in full-width digits profiles as integers, with their digits counted', async () => {
    const ages: string[] = [];
    for (let i = 0; i < 400; i++) ages.push(i % 10 === 7 ? String(i % 90).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) : String(i % 90));
    const { schema, batch } = batchOf(ages);
    const p = (await profileBatches(schema, (async function* () { yield batch.slice(0, 150); yield batch.slice(150, 150); yield batch.slice(150); })())).columns[0]!;
    expect(p.inferredType).toBe('integer');
    expect(p.integerDigits).toBe(2);
  });
});

describe('io cast (inferSource) converts full-width values exactly; anything else is refused by row and column', () => {
  const values = ['２３', '4', null, '', '－５', '１００', '７'];
  const expected = [23, 4, null, null, -5, 100, 7];

  it.each([
    ['plain', false, (b: RecordBatch) => [b]],
    ['sliced and multi-chunk, with an empty batch', false, (b: RecordBatch) => [b.slice(0, 2), b.slice(2, 2), b.slice(2, 5), b.slice(5)]],
    ['dictionary, sliced', true, (b: RecordBatch) => [b.slice(0, 3), b.slice(3)]],
  ] as const)('%s', async (_name, dictionary, split) => {
    const { schema, batch } = batchOf(values, dictionary);
    const src = await inferSource(memorySource(schema, split(batch)), { file: 'census.csv' });
    expect(String(src.schema.fields[0]!.type)).toBe('Int64');
    expect(rowsOf(await collect(src.batches()))).toEqual(expected);
  });

  it('dates and times, read from buffers', async () => {
    const { schema, batch } = batchOf([...DATES.map(([t]) => t), null]);
    const target = inferSchema(schema, [batch]);
    expect(String(target.fields[0]!.type)).toMatch(/^Date/);
    const out = await collect(castBatches((async function* () { yield batch.slice(0, 2); yield batch.slice(2); })(), target));
    const got = rowsOf(out).map((v) => (v === null ? null : String(target.fields[0]!.type) === 'Date32<DAY>' ? v : v / DAY));
    expect(got).toEqual([...DATES.map(([, d]) => d), null]);
    const t = batchOf(TIMES.map(([x]) => x));
    const tt = inferSchema(t.schema, [t.batch]);
    expect(rowsOf(await collect(castBatches((async function* () { yield t.batch; })(), tt)))).toEqual(TIMES.map(([, ms]) => ms));
  });

  it('a value past the sample that is no number, full-width or not, names file, row and column, never the value', async () => {
    const { schema, batch } = batchOf(['２３', '45', '二十三']);
    const src = await inferSource(memorySource(schema, [batch.slice(0, 2), batch.slice(2)]), { sampleRows: 2, file: 'census.csv' });
    const err = await collect(src.batches()).catch((e: Error) => e);
    expect(String(err)).toMatch(/census\.csv, row 3, column "v": value does not parse as integer/);
    expect(String(err)).not.toContain('二十三');
    const comma = batchOf(['２３', '１２，３４５']);
    const src2 = await inferSource(memorySource(comma.schema, [comma.batch.slice(0, 1), comma.batch.slice(1)]), { sampleRows: 1, file: 'census.csv' });
    expect(String(await collect(src2.batches()).catch((e: Error) => e))).toMatch(/row 2, column "v"/);
  });
});

describe('normalize cast reads full-width values as inference does', () => {
  const run = async (values: Array<string | null>, to: 'int32' | 'float64' | 'date' | 'timestamp', dictionary = false, onInvalid: 'null' | 'error' = 'null'): Promise<Array<number | null>> => {
    const { schema, batch } = batchOf(values, dictionary);
    const cut = [batch.slice(0, 1), batch.slice(1, 1), batch.slice(1)];
    return rowsOf(await collect(pipeline(memorySource(schema, cut), cast({ columns: ['v'], to, onInvalid }))));
  };
  it('int32 and float64, plain and through a dictionary, with nulls and an empty batch', async () => {
    for (const dictionary of [false, true]) {
      expect(await run(['２３', null, '－５', '4'], 'int32', dictionary)).toEqual([23, null, -5, 4]);
      expect(await run(['１２．５０', null, '－０．２５', '3'], 'float64', dictionary)).toEqual([12.5, null, -0.25, 3]);
    }
  });
  it('dates and timestamps', async () => {
    expect(await run(DATES.map(([t]) => t), 'date')).toEqual(DATES.map(([, d]) => d));
    expect(await run(TIMES.map(([t]) => t), 'timestamp')).toEqual(TIMES.map(([, ms]) => ms));
  });
  it('what is no number stays invalid: a null under onInvalid null, an error naming row and column under error', async () => {
    expect(await run(['２３', '二十三', '１２，３４５', '２３岁'], 'int32')).toEqual([23, null, null, null]);
    const err = await run(['２３', '二十三'], 'int32', false, 'error').catch((e: Error) => e);
    expect(String(err)).toMatch(/row 2/);
    expect(String(err)).toMatch(/"?v"?/);
    expect(String(err)).not.toContain('二十三');
  });
});

describe('a published file: the cast folds, a value kept as text is held to ASCII conformance', () => {
  const scratch = scratchWithDuck('tuomin-fullwidth-');
  // A river gauge's readings typed by hand (no person): every 6th in full-width digits.
  const fw = (t: string): string => t.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const reading = (i: number): string => String(120 + (i % 5));
  const x = { header: ['监测点', '水位读数'], rows: Array.from({ length: 60 }, (_, i) => ['黄河滨州大桥', i % 6 === 0 ? fw(reading(i)) : reading(i)]) };
  const columns = (more: Record<string, unknown>): Record<string, unknown> => ({ 监测点: { description: '监测点' }, 水位读数: { description: '水位读数（厘米）', type: 'integer', ...more } });
  it('with cast int32, １２０ publishes as 120; declared integer without a cast is refused (cell/type), naming the column', async () => {
    const cast = await runCsvExtract(x, 'fw-cast', '水位（全角）', columns({ rule: castTo('int32') }), { dir: scratch.dir });
    expect(cast.reasons, cast.message).toEqual([]);
    const p = await publishedCsv(scratch.duck, cast.result!);
    expect(p.rows.map((r) => String(r[p.columns.indexOf('水位读数')]))).toEqual(x.rows.map((_, i) => reading(i)));
    const kept = await runCsvExtract(x, 'fw-kept', '水位（全角）', columns({}), { dir: scratch.dir });
    expect(kept.reasons.join(' ')).toMatch(/cell\/type/);
    expect(kept.message).toMatch(/水位读数/);
  });
});
