import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Dictionary, Field, Float64, Int32, Int64, Schema, TimestampMillisecond, Utf8, vectorFromArray,
} from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { batchFromColumns, makeUtf8Data } from '@tuomin/core/internal';
import { csvBytes, parseCsv, writeCsv } from '../src/index.js';
import { rowsOf, toCsv, utf8 } from './fixtures-csv/helpers.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function batchOf(cols: Array<[string, Data]>): { schema: Schema; batch: RecordBatch } {
  const schema = new Schema(cols.map(([n, d]) => new Field(n, d.type as DataType, true)));
  return { schema, batch: batchFromColumns(schema, cols.map(([, d]) => d), cols[0]![1].length) };
}
const strings = (xs: (string | null)[]) => vectorFromArray(xs, new Utf8()).data[0]!;

const ROWS: (string | null)[][] = [
  ['编号', '名称', '事由'],
  ['1', '张三', '经查，无证经营'],
  ['2', '含,逗号', '他说 "没有"\n第二行'],
  ['3', '', '回车\r\n换行'],
  ['4', ' 前后空格 ', '🐉'],
];

describe('csvBytes: minimal RFC 4180 quoting', () => {
  it('quotes only fields with the delimiter, a quote, CR or LF, and empty strings', () => {
    const p = parseCsv(utf8(toCsv(ROWS)));
    expect(text(csvBytes(p.schema, p.batches))).toBe(
      '编号,名称,事由\n1,张三,经查，无证经营\n2,"含,逗号","他说 ""没有""\n第二行"\n3,"","回车\r\n换行"\n4, 前后空格 ,🐉\n',
    );
  });

  it('nulls: empty field by default (empty strings become ""); a null token, with values equal to it quoted', () => {
    const { schema, batch } = batchOf([['a', strings(['x', null, '', 'NULL'])], ['b', strings(['1', '2', '3', '4'])]]);
    expect(text(csvBytes(schema, [batch]))).toBe('a,b\nx,1\n,2\n"",3\nNULL,4\n');
    expect(text(csvBytes(schema, [batch], { nullToken: 'NULL' }))).toBe('a,b\nx,1\nNULL,2\n"",3\n"NULL",4\n');
  });

  it('options: BOM, delimiter, no header, CRLF', () => {
    const { schema, batch } = batchOf([['名', strings(['a;b', 'c'])], ['值', strings(['1', '2'])]]);
    const out = csvBytes(schema, [batch], { bom: true, delimiter: ';', header: false, newline: '\r\n' });
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(out.subarray(3))).toBe('"a;b";1\r\nc;2\r\n');
    expect(text(csvBytes(schema, [batch], { delimiter: '\t' }))).toBe('名\t值\na;b\t1\nc\t2\n');
  });

  it('a one-column table with empty strings does not produce blank lines', () => {
    const { schema, batch } = batchOf([['a', strings(['', 'x', null])]]);
    const out = csvBytes(schema, [batch]);
    expect(text(out)).toBe('a\n""\nx\n\n');
    expect(rowsOf(schema, parseCsv(out, { nullTokens: [''] }).batches)).toEqual([[''], ['x'], [null]]);
  });

  it('header names are quoted when needed', () => {
    const { schema, batch } = batchOf([['a,b', strings(['1'])], ['say "hi"', strings(['2'])]]);
    expect(text(csvBytes(schema, [batch]))).toBe('"a,b","say ""hi"""\n1,2\n');
  });
});

describe('csvBytes: column layouts', () => {
  it('sliced batches write only their rows (offsets and validity respected)', () => {
    const { schema, batch } = batchOf([['a', strings(['甲', null, '丙', '丁', 'x,y'])], ['b', strings(['1', '2', null, '4', '5'])]]);
    expect(text(csvBytes(schema, [batch.slice(1, 4)], { header: false }))).toBe(',2\n丙,\n丁,4\n');
    expect(text(csvBytes(schema, [batch.slice(4, 5)], { header: false }))).toBe('"x,y",5\n');
  });

  it('multi-chunk input and empty batches', () => {
    const a = batchOf([['a', strings(['1', '2'])]]);
    const b = batchOf([['a', strings(['3'])]]);
    const empty = batchOf([['a', strings([])]]);
    expect(text(csvBytes(a.schema, [a.batch, empty.batch, b.batch, empty.batch]))).toBe('a\n1\n2\n3\n');
    expect(text(csvBytes(a.schema, []))).toBe('a\n');
  });

  it('dictionary-encoded columns (whole and sliced, with nulls) encode the dictionary once', () => {
    const dict = vectorFromArray(['北京', '上海', null, '北京', 'a,b'], new Dictionary(new Utf8(), new Int32())).data[0]!;
    const { schema, batch } = batchOf([['city', dict]]);
    expect(text(csvBytes(schema, [batch]))).toBe('city\n北京\n上海\n\n北京\n"a,b"\n');
    expect(text(csvBytes(schema, [batch.slice(2, 5)], { header: false }))).toBe('\n北京\n"a,b"\n');
  });

  it('LargeUtf8 columns', () => {
    const bytes = utf8('甲乙x,y');
    const large = makeUtf8Data(3, new Int32Array([0, 3, 6, 9]), bytes, null, 0, true);
    const { schema, batch } = batchOf([['l', large]]);
    expect(String(schema.fields[0]!.type)).toBe('LargeUtf8');
    expect(text(csvBytes(schema, [batch], { header: false }))).toBe('甲\n乙\n"x,y"\n');
  });

  it('numbers, booleans, dates (YYYY-MM-DD), zone-less timestamps (ISO 8601, no Z) and 64-bit integers, with nulls', () => {
    const { schema, batch } = batchOf([
      ['i', vectorFromArray([1, null, -3], new Int32()).data[0]!],
      ['f', vectorFromArray([1.5, 0.1, null], new Float64()).data[0]!],
      ['b', vectorFromArray([true, null, false], new Bool()).data[0]!],
      ['d', vectorFromArray([new Date(Date.UTC(2024, 7, 13)), null, new Date(Date.UTC(1999, 0, 1))], new DateDay()).data[0]!],
      ['t', vectorFromArray([Date.UTC(2024, 7, 13, 1, 2, 3), null, 0], new TimestampMillisecond()).data[0]!],
      ['n', vectorFromArray([9007199254740993n, null, -1n], new Int64()).data[0]!],
    ]);
    expect(text(csvBytes(schema, [batch]))).toBe(
      'i,f,b,d,t,n\n1,1.5,true,2024-08-13,2024-08-13T01:02:03.000,9007199254740993\n,0.1,,,,\n-3,,false,1999-01-01,1970-01-01T00:00:00.000,-1\n',
    );
    expect(text(csvBytes(schema, [batch.slice(1, 2)], { header: false, nullToken: '-' }))).toBe('-,0.1,-,-,-,-\n');
  });
});

describe('csvBytes: cells copied by words', () => {
  // The row interleave copies cells by 4-byte words: every length around a word, values that end at
  // their buffer's last byte, long cells (set()), sliced columns and multi-byte delimiters.
  // 'x' then n characters alternating 3-byte and 1-byte: byte lengths 1 to 81, every remainder mod 4.
  const values = (k: number) => Array.from({ length: 41 }, (_, n) => 'x' + '字a'.repeat(n).slice(0, n + k));
  const naive = (cols: string[][], delim: string) => cols[0]!.map((_, i) => cols.map((c) => c[i]).join(delim) + '\n').join('');

  it('cells of 1 to 82 bytes, and 3,000-character cells, byte for byte', () => {
    const a = values(0);
    const b = values(1).reverse();
    const long = a.map((v, i) => (i % 7 === 0 ? '长'.repeat(3000) + v : v));
    for (const delim of [',', '::']) {
      const { schema, batch } = batchOf([['a', strings(a)], ['b', strings(b)], ['c', strings(long)]]);
      expect(text(csvBytes(schema, [batch], { delimiter: delim, header: false }))).toBe(naive([a, b, long], delim));
    }
  });

  it('sliced columns whose last value ends at the buffer end', () => {
    const a = values(0);
    const b = values(1);
    // Buffers of exactly the values' bytes (a builder pads them), for each count of rows.
    const exact = (xs: string[]) => {
      const bytes = new TextEncoder().encode(xs.join(''));
      const offsets = new Int32Array(xs.length + 1);
      xs.forEach((x, i) => { offsets[i + 1] = offsets[i]! + new TextEncoder().encode(x).length; });
      return makeUtf8Data(xs.length, offsets, bytes, null, 0);
    };
    for (let n = 1; n <= a.length; n++) {
      const t = batchOf([['a', exact(a.slice(0, n))], ['b', exact(b.slice(0, n))]]);
      expect(text(csvBytes(t.schema, [t.batch], { header: false }))).toBe(naive([a.slice(0, n), b.slice(0, n)], ','));
    }
    const { schema, batch } = batchOf([['a', exact(a)], ['b', exact(b)]]);
    for (const [s, e] of [[0, 41], [3, 41], [40, 41], [5, 6], [0, 1]] as const) {
      expect(text(csvBytes(schema, [batch.slice(s, e)], { header: false }))).toBe(naive([a.slice(s, e), b.slice(s, e)], ','));
    }
  });
});

describe('csvBytes: a column with empty values (each cell copied, empties written "")', () => {
  it('every value length, values ending at the buffer end, sliced', () => {
    const xs = Array.from({ length: 30 }, (_, n) => (n % 3 === 0 ? '' : 'y' + '字b'.repeat(n).slice(0, n)));
    const bytes = new TextEncoder().encode(xs.join(''));
    const offsets = new Int32Array(xs.length + 1);
    xs.forEach((x, i) => { offsets[i + 1] = offsets[i]! + new TextEncoder().encode(x).length; });
    const { schema, batch } = batchOf([['a', makeUtf8Data(xs.length, offsets, bytes, null, 0)], ['b', strings(xs.map((_, i) => String(i)))]]);
    const want = (from: number, to: number) => xs.slice(from, to).map((x, i) => `${x === '' ? '""' : x},${from + i}\n`).join('');
    for (const [from, to] of [[0, 30], [1, 30], [29, 30], [4, 9]] as const) {
      expect(text(csvBytes(schema, [batch.slice(from, to)], { header: false }))).toBe(want(from, to));
    }
  });
});

describe('round trips', () => {
  it('parse -> write -> parse gives identical values (Chinese, quotes, multi-line, empty vs null), any batch size', () => {
    const src = toCsv(ROWS, '\r\n') + '5,NULL,\r\n';
    for (const batchSize of [1, 2, 3, 1000]) {
      const a = parseCsv(utf8(src), { nullTokens: [''], batchSize });
      const out = csvBytes(a.schema, a.batches);
      const b = parseCsv(out, { nullTokens: [''], batchSize: 2 });
      expect(rowsOf(b.schema, b.batches)).toEqual(rowsOf(a.schema, a.batches));
      expect(rowsOf(a.schema, a.batches)[4]).toEqual(['5', 'NULL', null]);
      expect(rowsOf(a.schema, a.batches)[2]![1]).toBe('');
    }
  });

  it('sliced batches round trip', () => {
    const a = parseCsv(utf8(toCsv(ROWS)));
    const sliced = a.batches.map((b) => b.slice(1, 3));
    const b = parseCsv(csvBytes(a.schema, sliced));
    expect(rowsOf(b.schema, b.batches)).toEqual(rowsOf(a.schema, a.batches).slice(1, 3));
  });
});

describe('writeCsv (files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuomin-csvw-'));
  async function* gen(batches: RecordBatch[], failAfter = Infinity) {
    let i = 0;
    for (const b of batches) {
      if (i++ >= failAfter) throw new Error('source failed');
      yield b;
    }
  }

  it('writes atomically and reports rows and bytes', async () => {
    const a = parseCsv(utf8(toCsv(ROWS)), { batchSize: 2 });
    const path = join(dir, 'out', 'x.csv');
    const r = await writeCsv(path, a.schema, gen(a.batches), { bom: true });
    const bytes = readFileSync(path);
    expect(r).toEqual({ path, rows: 4, bytes: bytes.length });
    expect(bytes.subarray(3).equals(Buffer.from(csvBytes(a.schema, a.batches)))).toBe(true);
    expect(readdirSync(join(dir, 'out'))).toEqual(['x.csv']);
  });

  it('leaves the target untouched when the source fails midway', async () => {
    const a = parseCsv(utf8(toCsv(ROWS)), { batchSize: 1 });
    const path = join(dir, 'keep.csv');
    writeFileSync(path, 'old');
    await expect(writeCsv(path, a.schema, gen(a.batches, 2))).rejects.toThrow('source failed');
    expect(readFileSync(path, 'utf8')).toBe('old');
    await expect(writeCsv(join(dir, 'new.csv'), a.schema, gen(a.batches, 1))).rejects.toThrow('source failed');
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.tuomin-tmp'))).toEqual([]);
  });
});
