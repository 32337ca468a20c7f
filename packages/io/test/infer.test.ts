import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, LargeUtf8, RecordBatch, Schema, Utf8, makeTable, vectorFromArray, TimestampMillisecond, DateDay } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { memorySource } from '@tuomin/core';
import {
  castBatches, inferKinds, inferSchema, inferSource,
  parseBoolean, parseCompactDate, parseDate, parseDecimal, parseInteger, parseTimestamp,
} from '../src/infer/index.js';

const enc = new TextEncoder();
const at = (p: (b: Uint8Array, s: number, e: number) => number, text: string) => {
  // Parse from the middle of a larger buffer, as columns do.
  const b = enc.encode(`xx${text}yy`);
  return p(b, 2, b.length - 2);
};
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86400000;

describe('byte parsers', () => {
  it('integers: sign, no leading zeros, at most 15 digits', () => {
    expect(at(parseInteger, '0')).toBe(0);
    expect(at(parseInteger, '-42')).toBe(-42);
    expect(at(parseInteger, '+7')).toBe(7);
    expect(at(parseInteger, '999999999999999')).toBe(999999999999999);
    for (const bad of ['', '-', '007', '1.5', '1e3', ' 1', '1 ', '1234567890123456', '11010519491231002X', '１２']) {
      expect(at(parseInteger, bad)).toBeNaN();
    }
  });
  it('decimals', () => {
    expect(at(parseDecimal, '1200.50')).toBe(1200.5);
    expect(at(parseDecimal, '-0.25')).toBe(-0.25);
    expect(at(parseDecimal, '3')).toBe(3);
    for (const bad of ['.5', '5.', '01.5', '1,200.50', 'NaN', '1.2.3', '']) expect(at(parseDecimal, bad)).toBeNaN();
  });
  it('booleans', () => {
    expect(at(parseBoolean, 'TRUE')).toBe(1);
    expect(at(parseBoolean, 'false')).toBe(0);
    // The shared definition (core stats/conform.ts): 是/否, y/n and 1/0 are booleans too.
    expect(at(parseBoolean, '是')).toBe(1);
    expect(at(parseBoolean, 'yes')).toBeNaN();
  });
  it('dates in Chinese, slash, dash and compact forms; impossible dates rejected', () => {
    expect(at(parseDate, '2024年8月13日')).toBe(day(2024, 8, 13));
    expect(at(parseDate, '2024/8/13')).toBe(day(2024, 8, 13));
    expect(at(parseDate, '2024-08-13')).toBe(day(2024, 8, 13));
    expect(at(parseDate, '1969-12-31')).toBe(-1);
    expect(at(parseDate, '2024-02-29')).toBe(day(2024, 2, 29));
    expect(at(parseCompactDate, '20240813')).toBe(day(2024, 8, 13));
    for (const bad of ['2023-02-29', '2024-13-01', '2024/8-13', '2024年8月13', '24-08-13', '2024-08-13 ', '2024年08月32日']) {
      expect(at(parseDate, bad)).toBeNaN();
    }
    for (const bad of ['20241301', '2024081', '18991231', '2024-8-1']) expect(at(parseCompactDate, bad)).toBeNaN();
  });
  it('timestamps', () => {
    expect(at(parseTimestamp, '2024-08-13 09:30')).toBe(Date.UTC(2024, 7, 13, 9, 30));
    expect(at(parseTimestamp, '2024-08-13T09:30:05.123Z')).toBe(Date.UTC(2024, 7, 13, 9, 30, 5, 123));
    expect(at(parseTimestamp, '2024年8月13日 9:05:00')).toBe(Date.UTC(2024, 7, 13, 9, 5, 0));
    for (const bad of ['2024-08-13', '2024-08-13 24:00', '2024-08-13 9:5', '2024-08-13 09:30+08:00']) expect(at(parseTimestamp, bad)).toBeNaN();
  });
});

function sample(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    n: vectorFromArray(['1', '-2', null, '', '30'], new Utf8()),
    x: vectorFromArray(['1.5', '2', '-0.25', null, '1e3'], new Utf8()),
    ok: vectorFromArray(['true', 'FALSE', null, 'True', ''], new LargeUtf8()),
    d: vectorFromArray(['2024年8月13日', '2024/8/1', '20240801', null, '2024-08-13'], new Dictionary(new Utf8(), new Int32())),
    c: vectorFromArray(['20240813', '19991231', null, '20000101', '20240229'], new Utf8()),
    ts: vectorFromArray(['2024-08-13 09:30', null, '2024-08-13T10:00:00', '', '2024年8月13日 23:59:59'], new Utf8()),
    id: vectorFromArray(['11010519491231002X', '110105194912310021', null, '', '310101199001011234'], new Utf8()),
    zip: vectorFromArray(['010000', '100000', null, '', '200000'], new Utf8()),
    none: vectorFromArray([null, '', null, '', null], new Utf8()),
    name: vectorFromArray(['张三', '李四', null, '', '王五'], new Utf8()),
  } as never);
}

describe('inferSchema', () => {
  it('gives a column a type only when every sampled value parses', () => {
    const t = sample();
    const kinds = Object.fromEntries(inferKinds(t.schema, t.batches));
    expect(kinds).toEqual({
      n: 'integer', x: 'string', ok: 'boolean', d: 'date', c: 'date', ts: 'timestamp', id: 'string', zip: 'string', none: 'string', name: 'string',
    });
    const noCompact = Object.fromEntries(inferKinds(t.schema, t.batches, { compactDates: false }));
    expect(noCompact.c).toBe('integer');
    expect(noCompact.d).toBe('string');
    const only = inferSchema(t.schema, t.batches, { columns: ['n'] });
    expect(only.fields.map((f) => String(f.type))).toEqual(['Int64', 'Utf8', 'LargeUtf8', 'Dictionary<Int32, Utf8>', 'Utf8', 'Utf8', 'Utf8', 'Utf8', 'Utf8', 'Utf8']);
  });

  it('keeps mobile numbers and 15-digit IDs as text; a column with other integers is still an integer', () => {
    const t = (makeTable as unknown as (columns: object) => Table)({
      phone: vectorFromArray(['13812345678', '19900001111', null, ''], new Utf8()),
      id15: vectorFromArray(['371302800101001', '110105491231002', null, ''], new Utf8()),
      mixed: vectorFromArray(['13812345678', '42', null, ''], new Utf8()),
      big: vectorFromArray(['12345678901', '23456789012', null, ''], new Utf8()),
    });
    expect(Object.fromEntries(inferKinds(t.schema, t.batches))).toEqual({ phone: 'string', id15: 'string', mixed: 'integer', big: 'integer' });
  });

  it('looks only at sampleRows rows, across several batches, including sliced ones', () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ v: vectorFromArray(['1', '2', 'x', '4'], new Utf8()) });
    const b = t.batches[0]!;
    expect(inferKinds(t.schema, [b.slice(0, 1), b.slice(1, 2), b.slice(2, 4)], { sampleRows: 2 }).get('v')).toBe('integer');
    expect(inferKinds(t.schema, [b.slice(0, 1), b.slice(1, 4)], { sampleRows: 3 }).get('v')).toBe('string');
    expect(inferKinds(t.schema, [b.slice(0, 0)]).get('v')).toBe('string');
  });
});

describe('castBatches', () => {
  it('casts text to the inferred types; empty strings and nulls become null', async () => {
    const t = sample();
    const target = inferSchema(t.schema, t.batches);
    const b = t.batches[0]!;
    const out: Record<string, unknown>[] = [];
    for await (const x of castBatches((async function* () { yield b.slice(0, 2); yield b.slice(2, 2); yield b.slice(2, 5); })(), target)) {
      for (const r of x.toArray()) out.push(r.toJSON());
    }
    expect(out.map((r) => r.n)).toEqual([1n, -2n, null, null, 30n]);
    expect(out.map((r) => r.ok)).toEqual([true, false, null, true, null]);
    const ms = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
    expect(out.map((r) => r.d)).toEqual([ms(2024, 8, 13), ms(2024, 8, 1), ms(2024, 8, 1), null, ms(2024, 8, 13)]);
    expect(out.map((r) => r.c)).toEqual([ms(2024, 8, 13), ms(1999, 12, 31), null, ms(2000, 1, 1), ms(2024, 2, 29)]);
    expect(out.map((r) => r.ts)).toEqual([Date.UTC(2024, 7, 13, 9, 30), null, Date.UTC(2024, 7, 13, 10), null, Date.UTC(2024, 7, 13, 23, 59, 59)]);
    expect(out.map((r) => r.name)).toEqual(['张三', '李四', null, '', '王五']);
  });

  it('casts pre-1970 timestamps and dates exactly (64-bit halves)', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ a: vectorFromArray(['1900-01-01 00:00:01', '2100-12-31 23:59:59.999'], new Utf8()) });
    const schema = new Schema([new Field('a', new TimestampMillisecond(), true)]);
    const [b] = await all(castBatches((async function* () { yield* t.batches; })(), schema));
    expect(Array.from(b!.getChildAt(0)!.data[0]!.values as BigInt64Array)).toEqual([BigInt(Date.UTC(1900, 0, 1, 0, 0, 1)), BigInt(Date.UTC(2100, 11, 31, 23, 59, 59, 999))]);
    const d = new Schema([new Field('a', new DateDay(), true)]);
    const t2 = (makeTable as unknown as (columns: object) => Table)({ a: vectorFromArray(['1900-01-01', '19000102'], new Utf8()) });
    const [b2] = await all(castBatches((async function* () { yield* t2.batches; })(), d));
    expect(Array.from(b2!.getChildAt(0)!.data[0]!.values as Int32Array)).toEqual([day(1900, 1, 1), day(1900, 1, 2)]);
  });

  it('names column and row (not the value) when a later value does not parse', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ fine: vectorFromArray(['100', '200', '三百'], new Utf8()) });
    const src = await inferSource(memorySource(t.schema, [t.batches[0]!.slice(0, 2), t.batches[0]!.slice(2, 3)]), { sampleRows: 2, file: 'penalties.csv' });
    expect(src.schema.fields[0]!.type.toString()).toBe('Int64');
    const err = await all(src.batches()).catch((e: Error) => e);
    expect(String(err)).toMatch(/penalties\.csv, row 3, column "fine": value does not parse as integer/);
    expect(String(err)).toMatch(/first 2 rows/);
    expect(String(err)).not.toContain('三百');
  });

  it('casts dictionary columns through their dictionary and reports bad entries by row', async () => {
    const good = (makeTable as unknown as (columns: object) => Table)({ v: vectorFromArray(['1', '2', '1', null, ''], new Dictionary(new Utf8(), new Int32())) });
    const schema = inferSchema(good.schema, good.batches);
    expect(String(schema.fields[0]!.type)).toBe('Int64');
    const [b] = await all(castBatches((async function* () { yield good.batches[0]!.slice(1, 5); })(), schema));
    expect(b!.toArray().map((r) => r.toJSON().v)).toEqual([2n, 1n, null, null]);
    // Inference reads the dictionary, so an entry no sampled row uses still keeps the column text.
    const bad = (makeTable as unknown as (columns: object) => Table)({ v: vectorFromArray(['1', '2', '1', 'x'], new Dictionary(new Utf8(), new Int32())) });
    expect(inferKinds(bad.schema, [bad.batches[0]!.slice(0, 3)]).get('v')).toBe('string');
    await expect(all(castBatches((async function* () { yield bad.batches[0]!.slice(1, 4); })(), schema))).rejects.toThrow(/row 3, column "v"/);
  });

  it('inferSource keeps the sampled batches and replays a replayable source', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ v: vectorFromArray(['1', '2', '3', '4', '5'], new Utf8()) });
    const b = t.batches[0]!;
    const src = await inferSource(memorySource(t.schema, [b.slice(0, 2), b.slice(2, 5)]), { sampleRows: 1 });
    const values = async () => (await all(src.batches())).flatMap((x: RecordBatch) => x.toArray().map((r) => r.toJSON().v));
    expect(await values()).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await values()).toEqual([1n, 2n, 3n, 4n, 5n]);
  });
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
