import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, DateDay, Decimal, Dictionary, Field, Float64, Int32, Int64, LargeUtf8, Schema, Table, TimestampMillisecond, Utf8, makeData, makeTable, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TuominError } from '@tuomin/core';
import { pq } from '../src/parquet/wasm.js';
import { encodeRowGroup, stitchParquet, type EncodedGroup } from '../src/parquet/groups.js';
import { sortKeyValueMetadata } from '../src/parquet/sort-footer.js';
import { readParquet, writeParquet, type ParquetWriteOptions } from '../src/parquet/index.js';
import { TType, ThriftDecodeError, decodeStruct, encodeStruct, field, type ThriftList, type ThriftStruct } from '../src/parquet/thrift-compact.js';
import { mulberry32 } from '../../../fixtures/lib/rng.js';

let dir: string;
let db: DuckDBInstance;
let con: DuckDBConnection;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuomin-stitch-'));
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});
afterAll(async () => {
  con?.closeSync();
  db?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** Seeded (mulberry32), so a failing case can be run again. */
const random = mulberry32;

const PLACES = ['北京市朝阳区', '上海市浦东新区', '广州市天河区', '深圳市南山区', '成都市武侯区'];

/** n rows of every type the writer handles, nulls in every column, Chinese text, a seeded mix. */
function sample(n: number, seed = 1): Table {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const maybe = <T>(v: T): T | null => (rnd() < 0.1 ? null : v);
  const cols = {
    name: [] as Array<string | null>,
    large: [] as Array<string | null>,
    place: [] as Array<string | null>,
    n32: [] as Array<number | null>,
    n64: [] as Array<bigint | null>,
    fine: [] as Array<number | null>,
    ok: [] as Array<boolean | null>,
    day: [] as Array<Date | null>,
    at: [] as Array<Date | null>,
    cents: [] as Array<number | null>,
  };
  for (let i = 0; i < n; i++) {
    cols.name.push(maybe(`${pick(['张', '李', '王', '赵'])}${i}号`));
    cols.large.push(maybe(`备注 ${Math.floor(rnd() * 1e6)}，第${i}行`));
    cols.place.push(maybe(pick(PLACES)));
    cols.n32.push(maybe(Math.floor(rnd() * 2e6) - 1e6));
    cols.n64.push(maybe(BigInt(Math.floor(rnd() * 1e12)) - 500000000000n));
    cols.fine.push(maybe(Math.round(rnd() * 1e7) / 100));
    cols.ok.push(maybe(rnd() < 0.5));
    cols.day.push(maybe(new Date(Date.UTC(2000 + Math.floor(rnd() * 25), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)))));
    cols.at.push(maybe(new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 3e10))));
    cols.cents.push(maybe(Math.floor(rnd() * 2e9) - 1e9));
  }
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(cols.name, new Utf8()),
    large: vectorFromArray(cols.large, new LargeUtf8()),
    place: vectorFromArray(cols.place, new Dictionary(new Utf8(), new Int32())),
    n32: vectorFromArray(cols.n32, new Int32()),
    n64: vectorFromArray(cols.n64, new Int64()),
    fine: vectorFromArray(cols.fine, new Float64()),
    ok: vectorFromArray(cols.ok, new Bool()),
    day: vectorFromArray(cols.day, new DateDay()),
    at: vectorFromArray(cols.at, new TimestampMillisecond()),
    amount: decimals(cols.cents),
  } as never);
}

/** Decimal(12, 2) from cents: 128-bit little-endian two's complement, four 32-bit words a value. */
function decimals(cents: Array<number | null>): ReturnType<typeof makeVector> {
  const words = new Uint32Array(cents.length * 4);
  const valid = new Uint8Array(Math.ceil(cents.length / 8));
  cents.forEach((c, i) => {
    if (c === null) return;
    valid[i >> 3]! |= 1 << (i & 7);
    const v = BigInt.asUintN(128, BigInt(c));
    for (let w = 0; w < 4; w++) words[i * 4 + w] = Number((v >> BigInt(32 * w)) & 0xffffffffn);
  });
  const nulls = cents.filter((c) => c === null).length;
  return makeVector(makeData({ type: new Decimal(2, 12, 128), length: cents.length, nullCount: nulls, nullBitmap: valid, data: words }));
}

/** A whole Parquet file written by parquet-wasm in one go. */
function wasmFile(t: Table, rowGroupSize: number, compression = pq.Compression.SNAPPY): Uint8Array {
  const props = new pq.WriterPropertiesBuilder().setCompression(compression).setMaxRowGroupSize(rowGroupSize).setCreatedBy('tuomin')
    .setKeyValueMetadata(new Map([['licence', 'CC-BY-4.0'], ['数据集', '行政处罚']])).build();
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(t, 'stream')), props);
}

function footerOf(file: Uint8Array): { bytes: Uint8Array; start: number } {
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(file.length - 8, true);
  const start = file.length - 8 - length;
  return { bytes: file.subarray(start, file.length - 8), start };
}

const int = (s: ThriftStruct, id: number): number => Number(field(s, id)!.value as bigint | number);
const list = (s: ThriftStruct, id: number): ThriftStruct[] => (field(s, id)!.value as ThriftList).items as ThriftStruct[];

describe('Thrift compact codec', () => {
  it('decodes and encodes back, byte for byte, the footer and every page index of files parquet-wasm writes', () => {
    for (const compression of [pq.Compression.SNAPPY, pq.Compression.ZSTD, pq.Compression.UNCOMPRESSED]) {
      const file = wasmFile(sample(3000, 7), 1000, compression);
      const footer = footerOf(file);
      const { struct: meta, end } = decodeStruct(footer.bytes);
      expect(end).toBe(footer.bytes.length);
      expect(Buffer.from(encodeStruct(meta)).equals(Buffer.from(footer.bytes))).toBe(true);
      const groups = list(meta, 4);
      expect(groups).toHaveLength(3);
      let indexes = 0;
      for (const g of groups) {
        for (const chunk of list(g, 1)) {
          // Column index (ColumnChunk 6/7) and offset index (4/5): parquet-wasm writes both by default.
          for (const [at, len] of [[6, 7], [4, 5]] as const) {
            const offset = int(chunk, at);
            const length = int(chunk, len);
            const bytes = file.subarray(offset, offset + length);
            const d = decodeStruct(bytes);
            expect(d.end).toBe(length);
            expect(Buffer.from(encodeStruct(d.struct)).equals(Buffer.from(bytes))).toBe(true);
            indexes++;
          }
        }
      }
      expect(indexes).toBe(3 * 10 * 2);
    }
  });

  it('keeps what it does not know: every wire type, long field headers, long lists, maps and booleans in lists', () => {
    const s: ThriftStruct = {
      kind: 'struct',
      fields: [
        { id: 1, type: TType.TRUE, value: true },
        { id: 2, type: TType.FALSE, value: false },
        { id: 3, type: TType.I8, value: -5 },
        { id: 4, type: TType.I16, value: -32768 },
        { id: 5, type: TType.I32, value: 2147483647 },
        { id: 6, type: TType.I64, value: -(2n ** 63n) },
        { id: 7, type: TType.DOUBLE, value: new Uint8Array([1, 2, 3, 4, 5, 6, 0xf8, 0x7f]) },
        { id: 30, type: TType.BINARY, value: new TextEncoder().encode('未知字段') },
        { id: 29, type: TType.LIST, value: { kind: 'list', type: TType.LIST, elementType: TType.I64, items: Array.from({ length: 40 }, (_, i) => BigInt(i) * 1000000007n) } },
        { id: 200, type: TType.SET, value: { kind: 'list', type: TType.SET, elementType: TType.TRUE, items: [1, 0, 2, 1] } },
        { id: 201, type: TType.MAP, value: { kind: 'map', keyType: TType.BINARY, valueType: TType.STRUCT, entries: [[new Uint8Array([97]), { kind: 'struct', fields: [{ id: 1, type: TType.I32, value: -1 }] }]] } },
        { id: 202, type: TType.MAP, value: { kind: 'map', keyType: 0, valueType: 0, entries: [] } },
        { id: 203, type: TType.STRUCT, value: { kind: 'struct', fields: [] } },
      ],
    };
    const bytes = encodeStruct(s);
    const d = decodeStruct(bytes);
    expect(d.end).toBe(bytes.length);
    expect(d.struct).toEqual(s);
    expect(Buffer.from(encodeStruct(d.struct)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses damaged or non-canonical bytes with the offset, never reading past the end', () => {
    const footer = footerOf(wasmFile(sample(100), 50)).bytes;
    for (const cut of [1, 7, Math.floor(footer.length / 2), footer.length - 1]) {
      expect(() => decodeStruct(footer.subarray(0, cut))).toThrow(ThriftDecodeError);
    }
    // A list claiming more elements than there are bytes.
    expect(() => decodeStruct(new Uint8Array([0x19, 0xfc, 0xff, 0xff, 0x03]))).toThrow(/than the bytes/);
    // A padded varint and a long field header where a short one fits would not encode back the same.
    expect(() => decodeStruct(new Uint8Array([0x15, 0x81, 0x00, 0x00]))).toThrow(/padded varint/);
    expect(() => decodeStruct(new Uint8Array([0x05, 0x02, 0x00, 0x00]))).toThrow(/long field header/);
    expect(() => decodeStruct(new Uint8Array([0x1d, 0x00]))).toThrow(/unknown Thrift type 13/);
  });
});

const OPTIONS: ParquetWriteOptions = { metadata: { licence: 'CC-BY-4.0', 数据集: '行政处罚' } };

/** The table cut into groups of `r` rows, each group's rows handed over as batches of `cut` rows (or one batch). */
async function* groupsOf(t: Table, r: number, options: ParquetWriteOptions, cut?: (g: number) => number[]): AsyncIterable<EncodedGroup> {
  for (let s = 0, g = 0; s < t.numRows; s += r, g++) {
    const rows = t.slice(s, Math.min(t.numRows, s + r));
    const sizes = cut?.(g) ?? [rows.numRows];
    const batches: RecordBatch[] = [];
    for (let at = 0, i = 0; at < rows.numRows; i++) {
      const n = Math.min(sizes[i % sizes.length]!, rows.numRows - at);
      batches.push(...rows.slice(at, at + n).batches);
      at += n;
    }
    yield encodeRowGroup(t.schema, batches, options);
  }
}

/** parquet-wasm's own multi-group file of the same rows, its key-value pairs put in order. */
function oneGo(t: Table, r: number, compression: pq.Compression): Buffer {
  const file = wasmFile(t, r, compression);
  const footer = footerOf(file);
  const sorted = encodeStruct(sortKeyValueMetadata(decodeStruct(footer.bytes).struct));
  expect(sorted.length).toBe(footer.bytes.length);
  return Buffer.concat([file.subarray(0, footer.start), sorted, file.subarray(file.length - 8)]);
}

const plain = (x: unknown): unknown => (x instanceof Date ? x.getTime() : ArrayBuffer.isView(x) ? Array.from(x as Uint32Array) : x);

function cells(batches: Iterable<RecordBatch>): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) {
    const cols = b.schema.fields.map((_, c) => b.getChildAt(c)!);
    for (let i = 0; i < b.numRows; i++) out.push(cols.map((v) => plain(v.get(i))));
  }
  return out;
}

async function duck(q: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(q)).getRowObjectsJS() as Record<string, unknown>[];
}

/** What DuckDB reads, each value in a form the input can be compared with. */
async function duckRows(path: string): Promise<unknown[][]> {
  const got = await duck(`SELECT name, large, place, n32, n64, fine, ok, epoch_ms(day::TIMESTAMP) AS day, epoch_ms("at") AS "at", (amount * 100)::BIGINT AS cents FROM read_parquet('${path}')`);
  return got.map((r) => [r.name, r.large, r.place, r.n32, r.n64, r.fine, r.ok, r.day === null ? null : Number(r.day), r.at === null ? null : Number(r.at), r.cents === null ? null : Number(r.cents)]);
}

function expectedDuckRows(t: Table): unknown[][] {
  return cells(t.batches).map((r) => {
    const cents = r[9] === null ? null : Number(BigInt.asIntN(128, (r[9] as number[]).reduce((a, w, i) => a | (BigInt(w) << BigInt(32 * i)), 0n)));
    return [...r.slice(0, 7), r[7], r[8] === null ? null : Number(r[8]), cents];
  });
}

async function expectRefused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  expect((err as TuominError).text?.id).toBe('internal.bug');
  expect((err as Error).message).toMatch(pattern);
}

describe('stitchParquet', () => {
  it.each([
    ['snappy', pq.Compression.SNAPPY],
    ['zstd', pq.Compression.ZSTD],
    ['none', pq.Compression.UNCOMPRESSED],
  ] as const)('groups encoded one at a time and stitched are byte for byte the file parquet-wasm writes in one go (%s)', async (compression, codec) => {
    const t = sample(2500, 3);
    for (const r of [1000, 700]) {
      const path = join(dir, `stitched-${compression}-${r}.parquet`);
      const res = await stitchParquet(path, t.schema, groupsOf(t, r, { ...OPTIONS, compression }), { ...OPTIONS, compression });
      expect(res).toEqual({ path, rows: 2500, bytes: (await readFile(path)).length });
      const reference = oneGo(t, r, codec);
      expect((await readFile(path)).equals(reference)).toBe(true);
    }
  });

  it.each([0, 1, 256, 257, 2500])('%i rows in groups of 256 read back the same by readParquet and by DuckDB, with each group\'s offsets and statistics', async (n) => {
    const t = sample(n, 11 + n);
    const path = join(dir, `rows-${n}.parquet`);
    const res = await stitchParquet(path, t.schema, groupsOf(t, 256, OPTIONS), OPTIONS);
    expect(res.rows).toBe(n);
    const src = await readParquet(path);
    expect(src.rows).toBe(n);
    expect(src.rowGroups).toBe(Math.ceil(n / 256));
    expect(src.metadata).toEqual(OPTIONS.metadata);
    expect(src.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`));
    const back: RecordBatch[] = [];
    for await (const b of src.batches()) back.push(b);
    expect(cells(back)).toEqual(cells(t.batches));
    expect(await duckRows(path)).toEqual(expectedDuckRows(t));
    const meta = await duck(`SELECT row_group_id AS g, row_group_num_rows AS rows, path_in_schema AS col, data_page_offset AS data, dictionary_page_offset AS dict, total_compressed_size AS size, stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${path}') ORDER BY g, column_id`);
    expect(meta).toHaveLength(Math.ceil(n / 256) * 10);
    // Column chunks back to back from byte 4, group after group.
    let at = 4n;
    for (const m of meta) {
      const first = (m.dict ?? m.data) as bigint;
      expect(first).toBe(at);
      at = first + (m.size as bigint);
    }
    for (let g = 0; g * 256 < n; g++) {
      const rows = t.slice(g * 256, Math.min(n, (g + 1) * 256));
      const ofGroup = meta.filter((m) => Number(m.g) === g);
      expect(Number(ofGroup[0]!.rows)).toBe(rows.numRows);
      const n32 = [...rows.getChild('n32')!].filter((x): x is number => x !== null);
      const stats = ofGroup.find((m) => m.col === 'n32')!;
      expect([stats.min, stats.max]).toEqual(n32.length ? [String(Math.min(...n32)), String(Math.max(...n32))] : [null, null]);
      const names = [...rows.getChild('name')!].filter((x): x is string => x !== null).sort();
      const nameStats = ofGroup.find((m) => m.col === 'name')!;
      expect([nameStats.min, nameStats.max]).toEqual(names.length ? [names[0], names[names.length - 1]] : [null, null]);
    }
  });

  it('gives the same bytes however the rows of each group were batched (one batch, 1,000, 65,536, random sizes), and writeParquet gives them too', async () => {
    const t = sample(70000, 5);
    const rnd = random(42);
    const files: Buffer[] = [];
    for (const cut of [undefined, () => [1000], () => [65536], () => Array.from({ length: 50 }, () => 1 + Math.floor(rnd() * 9000))]) {
      const path = join(dir, 'batched.parquet');
      await stitchParquet(path, t.schema, groupsOf(t, 65536, OPTIONS, cut), OPTIONS);
      files.push(await readFile(path));
    }
    // writeParquet, fed the same rows cut anyhow, is the same writer.
    for (const size of [1000, 65536, 7777]) {
      const path = join(dir, `write-${size}.parquet`);
      async function* cut(): AsyncIterable<RecordBatch> {
        for (let s = 0; s < t.numRows; s += size) yield* t.slice(s, s + size).batches;
      }
      expect((await writeParquet(path, t.schema, cut(), OPTIONS)).rows).toBe(70000);
      files.push(await readFile(path));
    }
    expect(files).toHaveLength(7);
    for (const f of files.slice(1)) expect(f.equals(files[0]!)).toBe(true);
    expect(Number((await duck(`SELECT count(*) AS n FROM read_parquet('${join(dir, 'batched.parquet')}')`))[0]!.n)).toBe(70000);
  });

  it('puts the key-value metadata in a fixed order, with the schema\'s own metadata among it', async () => {
    const t = sample(300, 9);
    const schema = new Schema(t.schema.fields, new Map([['来源', '市场监管局'], ['b', '2']]));
    const files: Buffer[] = [];
    for (const metadata of [{ z: '1', a: '2', 数据集: '行政处罚' }, { 数据集: '行政处罚', a: '2', z: '1' }]) {
      for (let i = 0; i < 3; i++) {
        const path = join(dir, `kv-${files.length}.parquet`);
        const withSchema = new Table(schema, t.batches.map((b) => b));
        await stitchParquet(path, schema, groupsOf(withSchema, 128, { metadata }), { metadata });
        files.push(await readFile(path));
      }
    }
    for (const f of files.slice(1)) expect(f.equals(files[0]!)).toBe(true);
    const kv = await duck(`SELECT decode(key) AS k FROM parquet_kv_metadata('${join(dir, 'kv-0.parquet')}')`);
    const keys = kv.map((r) => r.k as string);
    expect(keys.filter((k) => k !== 'ARROW:schema')).toEqual(['a', 'b', 'z', '来源', '数据集']);
    expect((await readParquet(join(dir, 'kv-0.parquet'))).schema.metadata.get('来源')).toBe('市场监管局');
  });

  it('writes the file of an empty table when there are no groups', async () => {
    const t = sample(0);
    const path = join(dir, 'none.parquet');
    expect(await stitchParquet(path, t.schema, groupsOf(t, 10, OPTIONS), OPTIONS)).toEqual({ path, rows: 0, bytes: oneGo(t, 10, pq.Compression.SNAPPY).length });
    expect((await readFile(path)).equals(oneGo(t, 10, pq.Compression.SNAPPY))).toBe(true);
    expect(await duck(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0 }]);
    expect((await duck(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((r) => r.column_name)).toEqual(t.schema.fields.map((f) => f.name));
  });

  it('refuses a damaged or mismatched part with an internal error and leaves no file', async () => {
    const t = sample(600, 4);
    const good = [...await collectGroups(groupsOf(t, 200, OPTIONS))];
    const sub = join(dir, 'refused');
    const attempt = (bad: EncodedGroup, options: ParquetWriteOptions = OPTIONS, schema = t.schema) => stitchParquet(join(sub, 'out.parquet'), schema, list3(good[0]!, bad, good[2]!), options);
    const flip = (at: number): EncodedGroup => {
      const bytes = good[1]!.bytes.slice();
      bytes[at] = bytes[at]! ^ 0xff;
      return { bytes, rows: good[1]!.rows };
    };
    const footerStart = footerOf(good[1]!.bytes).start;
    await expectRefused(attempt({ bytes: good[1]!.bytes.subarray(0, good[1]!.bytes.length - 1), rows: 200 }), /row group 2 is not usable \(no PAR1/);
    await expectRefused(attempt(flip(good[1]!.bytes.length - 6)), /row group 2 is not usable \(a footer longer than the part/);
    await expectRefused(attempt(flip(footerStart + 3)), /row group 2 is not usable/);
    await expectRefused(attempt({ bytes: good[1]!.bytes, rows: 199 }), /holds 200 rows where 199 were announced/);
    await expectRefused(attempt(encodeRowGroup(t.schema, t.slice(0, 200).batches, { metadata: { licence: 'other' } })), /schema, key-value metadata or writer differ/);
    await expectRefused(attempt(good[1]!, { ...OPTIONS, compression: 'zstd' }), /another codec/);
    const other = sample(200, 4).select(['name', 'n32']);
    await expectRefused(attempt(encodeRowGroup(other.schema, other.batches, OPTIONS)), /schema, key-value metadata or writer differ/);
    // Two groups in one part.
    const two = wasmFile(t.slice(0, 400), 200);
    await expectRefused(attempt({ bytes: two, rows: 400 }), /2 row groups where one is expected/);
    expect(await readdir(sub)).toEqual([]);
  });

  it('leaves no file when the groups fail part-way', async () => {
    const t = sample(600, 4);
    const sub = join(dir, 'failing');
    async function* failing(): AsyncIterable<EncodedGroup> {
      yield encodeRowGroup(t.schema, t.slice(0, 200).batches, OPTIONS);
      throw new Error('job broke');
    }
    await expect(stitchParquet(join(sub, 'out.parquet'), t.schema, failing(), OPTIONS)).rejects.toThrow('job broke');
    expect(await readdir(sub)).toEqual([]);
  });

  it('refuses an empty row group and an unknown codec', () => {
    const t = sample(10);
    expect(() => encodeRowGroup(t.schema, [], OPTIONS)).toThrow(/at least one row/);
    expect(() => encodeRowGroup(t.schema, t.batches, { compression: 'lzma' as never })).toThrow(/unknown Parquet compression "lzma"/);
  });
});

async function collectGroups(groups: AsyncIterable<EncodedGroup>): Promise<EncodedGroup[]> {
  const out: EncodedGroup[] = [];
  for await (const g of groups) out.push(g);
  return out;
}

async function* list3(...groups: EncodedGroup[]): AsyncIterable<EncodedGroup> {
  yield* groups;
}
