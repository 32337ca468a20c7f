import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Binary, Decimal, Field, Int32, List, Schema, TimeMicrosecond, TimeMillisecond, TimeNanosecond, TimeSecond,
  TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Utf8, makeData, vectorFromArray,
} from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import XLSX from 'xlsx';
import { TuominError, batchFromColumns } from '@tuomin/core';
import { csvBytes } from '../src/csv/index.js';
import { readNdjson, writeNdjson } from '../src/ndjson/index.js';
import { quoteLongNumbers } from '../src/ndjson/long-numbers.js';
import { writeXlsx } from '../src/xlsx/index.js';
import { decimalText } from '../src/format/value-text.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-value-text-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Two's-complement little-endian 32-bit words of each value, `bitWidth / 32` per value. */
function decimalData(values: (bigint | null)[], scale: number, precision: number, bitWidth = 128): Data {
  const stride = bitWidth / 32;
  const words = new Uint32Array(values.length * stride);
  const mask = (1n << BigInt(bitWidth)) - 1n;
  values.forEach((v, i) => {
    let x = (v ?? 0n) & mask;
    for (let k = 0; k < stride; k++) {
      words[i * stride + k] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  const nulls = values.filter((v) => v === null).length;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => { if (v !== null) bitmap[i >> 3]! |= 1 << (i & 7); });
  return makeData({ type: new Decimal(scale, precision, bitWidth), length: values.length, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data: words } as never);
}

function batchOf(cols: Array<[string, Data]>): { schema: Schema; batch: RecordBatch } {
  const schema = new Schema(cols.map(([n, d]) => new Field(n, d.type as DataType, true)));
  return { schema, batch: batchFromColumns(schema, cols.map(([, d]) => d), cols[0]![1].length) };
}

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function allThree(cols: Array<[string, Data]>, name: string): Promise<{ csv: string; ndjson: string; xlsx: unknown[][] }> {
  const { schema, batch } = batchOf(cols);
  const csv = new TextDecoder().decode(csvBytes(schema, [batch]));
  const nd = join(dir, `${name}.ndjson`);
  await writeNdjson(nd, schema, gen(batch));
  const xl = join(dir, `${name}.xlsx`);
  await writeXlsx(xl, schema, gen(batch));
  const wb = XLSX.read(await readFile(xl), { type: 'buffer' });
  const xlsx = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true, defval: null });
  return { csv, ndjson: await readFile(nd, 'utf8'), xlsx };
}

const DECIMALS: (bigint | null)[] = [500000n, -140050n, 0n, 7n, -7n, null, 12345678901234567890123456789n, -(10n ** 37n) + 1n];
const DECIMAL_TEXT = ['5000.00', '-1400.50', '0.00', '0.07', '-0.07', null, '123456789012345678901234567.89', '-99999999999999999999999999999999999.99'];

describe('decimalText', () => {
  it('places the point by scale, two\'s complement for negatives, every width', () => {
    const d = decimalData([500000n, -140050n, 0n, 5n, -1n], 0, 38);
    const w = d.values as Uint32Array;
    expect([0, 1, 2, 3, 4].map((i) => decimalText(w, i, 4, 2))).toEqual(['5000.00', '-1400.50', '0.00', '0.05', '-0.01']);
    expect([0, 1, 2].map((i) => decimalText(w, i, 4, 0))).toEqual(['500000', '-140050', '0']);
    expect(decimalText(w, 3, 4, 4)).toBe('0.0005');
    expect(decimalText(w, 0, 4, -2)).toBe('50000000');
    const wide = decimalData([-(2n ** 200n), 2n ** 60n + 3n], 3, 76, 256);
    expect(decimalText(wide.values as Uint32Array, 0, 8, 3)).toBe(`-${(2n ** 200n).toString().slice(0, -3)}.${(2n ** 200n).toString().slice(-3)}`);
    expect(decimalText(wide.values as Uint32Array, 1, 8, 3)).toBe(`${(2n ** 60n + 3n).toString().slice(0, -3)}.${(2n ** 60n + 3n).toString().slice(-3)}`);
    // Around the 2^53 fast-path edge.
    const edge = decimalData([2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n], 0, 38);
    expect([0, 1, 2, 3, 4].map((i) => decimalText(edge.values as Uint32Array, i, 4, 0))).toEqual(
      [2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n].map(String),
    );
  });
});

describe('CSV, NDJSON and XLSX write the same value text', () => {
  it('decimals: exact text by scale, never the unscaled integer or JSON', async () => {
    const { csv, ndjson, xlsx } = await allThree([
      ['amount', decimalData(DECIMALS, 2, 38)],
      ['whole', decimalData([42n, -42n, 0n, 1n, 2n, null, 3n, 4n], 0, 12)],
    ], 'decimal');
    expect(csv.split('\n').slice(0, -1)).toEqual([
      'amount,whole', '5000.00,42', '-1400.50,-42', '0.00,0', '0.07,1', '-0.07,2', ',', '123456789012345678901234567.89,3', '-99999999999999999999999999999999999.99,4',
    ]);
    const lines = ndjson.trimEnd().split('\n');
    expect(lines[0]).toBe('{"amount":5000.00,"whole":42}');
    expect(lines[5]).toBe('{"amount":null,"whole":null}');
    expect(lines[6]).toBe('{"amount":123456789012345678901234567.89,"whole":3}');
    expect(lines.map((l) => JSON.parse(l).whole)).toEqual([42, -42, 0, 1, 2, null, 3, 4]);
    // XLSX: number cells (shown with the scale's digits) up to 15 significant digits, a double's
    // limit; longer decimals keep their exact text.
    expect(xlsx.slice(1).map((r) => r[0])).toEqual([5000, -1400.5, 0, 0.07, -0.07, null, DECIMAL_TEXT[6], DECIMAL_TEXT[7]]);
    // Read back: long decimals (over 15 significant digits) stay exact as text; short ones go
    // through JSON.parse as numbers, so trailing zeros are not kept (as in any JSON reader).
    const back: unknown[] = [];
    for await (const b of (await readNdjson(join(dir, 'decimal.ndjson'))).batches()) for (const r of b.toArray()) back.push(r.toJSON().amount);
    expect(back).toEqual(['5000', '-1400.5', '0', '0.07', '-0.07', null, '123456789012345678901234567.89', '-99999999999999999999999999999999999.99']);
  });

  it('timestamps: Z only with a time zone, every digit of the unit, the same in all three', async () => {
    // 2024-08-13 09:30:05.123456789, a Beijing wall-clock time stored without a zone.
    const ns = 1723541405123456789n;
    const ts = (type: DataType, v: bigint): Data => makeData({ type, length: 1, nullCount: 0, data: new BigInt64Array([v]) } as never);
    const cols: Array<[string, Data]> = [
      ['s', ts(new TimestampSecond(), ns / 1000000000n)],
      ['ms', ts(new TimestampMillisecond(), ns / 1000000n)],
      ['us', ts(new TimestampMicrosecond(), ns / 1000n)],
      ['ns', ts(new TimestampNanosecond(), ns)],
      ['utc', ts(new TimestampMillisecond('UTC'), ns / 1000000n)],
      ['bj', ts(new TimestampMicrosecond('+08:00'), ns / 1000n)],
      ['old', ts(new TimestampMillisecond(), -1n)],
    ];
    const want = ['2024-08-13T09:30:05', '2024-08-13T09:30:05.123', '2024-08-13T09:30:05.123456', '2024-08-13T09:30:05.123456789', '2024-08-13T09:30:05.123Z', '2024-08-13T09:30:05.123456Z', '1969-12-31T23:59:59.999'];
    const { csv, ndjson, xlsx } = await allThree(cols, 'timestamps');
    expect(csv.split('\n')[1]).toBe(want.join(','));
    expect(Object.values(JSON.parse(ndjson.trimEnd()))).toEqual(want);
    // XLSX: zone-less timestamps are date cells (Excel serial days; a double keeps about a
    // microsecond), zoned ones the text: a cell has no time zone.
    const cells = xlsx[1]!;
    expect(cells.slice(4, 6)).toEqual(want.slice(4, 6));
    const ms = [1723541405000, 1723541405123, 1723541405123.456, 1723541405123.456789, null, null, -1];
    ms.forEach((m, k) => { if (m !== null) expect(cells[k] as number, want[k]).toBeCloseTo(m / 86400000 + 25569, 9); });
  });

  it('times as HH:MM:SS with the digits of the unit; binary as base64', async () => {
    const t = (type: DataType, v: number | bigint): Data => {
      const big = typeof v === 'bigint';
      return makeData({ type, length: 1, nullCount: 0, data: big ? new BigInt64Array([v]) : new Int32Array([v]) } as never);
    };
    const bin = makeData({ type: new Binary(), length: 2, nullCount: 0, valueOffsets: new Int32Array([0, 3, 3]), data: new Uint8Array([0, 0xff, 0x41]) } as never);
    const cols: Array<[string, Data]> = [
      ['s', t(new TimeSecond(), 45296)],
      ['ms', t(new TimeMillisecond(), 45296007)],
      ['us', t(new TimeMicrosecond(), 45296000001n)],
      ['ns', t(new TimeNanosecond(), 45296000000001n)],
      ['bin', bin.slice(0, 1)],
    ];
    const want = ['12:34:56', '12:34:56.007', '12:34:56.000001', '12:34:56.000000001', 'AP9B'];
    const { csv, ndjson, xlsx } = await allThree(cols, 'times');
    expect(csv.split('\n')[1]).toBe(want.join(','));
    expect(Object.values(JSON.parse(ndjson.trimEnd()))).toEqual(want);
    expect(xlsx[1]).toEqual(want);
  });

  it('a list column is UNSUPPORTED naming the column, never its Arrow internals', async () => {
    const list = vectorFromArray([[1, 2]], new List(new Field('item', new Int32(), true))).data[0]!;
    const { schema, batch } = batchOf([['codes', list], ['name', vectorFromArray(['a'], new Utf8()).data[0]!]]);
    const fails = async (f: () => unknown, named = true) => {
      const err = await Promise.resolve().then(f).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(TuominError);
      expect((err as TuominError).code).toBe('UNSUPPORTED');
      expect((err as TuominError).message).toContain('List<Int32>');
      if (named) expect((err as TuominError).message).toContain('codes');
    };
    await fails(() => writeNdjson(join(dir, 'list.ndjson'), schema, gen(batch)));
    await fails(() => writeXlsx(join(dir, 'list.xlsx'), schema, gen(batch)));
    await fails(() => csvBytes(schema, [batch]));
  });
});

describe('NDJSON reader keeps numbers of more than 15 significant digits exactly', () => {
  // 1e400 is quoted too: as a double it would be Infinity, then null (ndjson-hardening.test.ts).
  it('quotes only long (or out-of-range) number literals outside strings', () => {
    const line = '{"id":371302198001011234,"s":"x\\"371302198001011234","n":123456789012345,"f":-1234567890.1234567,"z":0.0000000000001,"a":[1e400,12345678901234567e2]}';
    expect(quoteLongNumbers(line)).toBe('{"id":"371302198001011234","s":"x\\"371302198001011234","n":123456789012345,"f":"-1234567890.1234567","z":0.0000000000001,"a":["1e400","12345678901234567e2"]}');
    const plain = '{"a":1,"b":"2024-08-13"}';
    expect(quoteLongNumbers(plain)).toBe(plain);
    // A line that is not JSON stays not JSON.
    expect(() => JSON.parse(quoteLongNumbers('{"a":01234567890123456789}'))).toThrow();
  });

  it('reads a 18-digit ID as its text and a 15-digit number as a number', async () => {
    const path = join(dir, 'ids.ndjson');
    await writeFile(path, '{"id":371302198001011234,"n":123456789012345}\n{"id":1,"n":2}\n');
    const raw: unknown[] = [];
    for await (const b of (await readNdjson(path)).batches()) for (const r of b.toArray()) raw.push(r.toJSON());
    expect(raw).toEqual([{ id: '371302198001011234', n: '123456789012345' }, { id: '1', n: '2' }]);
    const inferred = await readNdjson(path, { infer: true });
    const idType = String(inferred.schema.fields[0]!.type);
    const nType = String(inferred.schema.fields[1]!.type);
    const rows: Array<Record<string, unknown>> = [];
    for await (const b of inferred.batches()) for (const r of b.toArray()) rows.push(r.toJSON());
    expect(String(rows[0]!.id)).toBe('371302198001011234');
    expect(idType).toBe('Utf8');
    expect(nType).not.toBe('Utf8');
    expect(Number(rows[0]!.n)).toBe(123456789012345);
  });
});
