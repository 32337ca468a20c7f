/**
 * The published files' bytes depend on the rows alone, never on how they were cut into batches or
 * partitions (issue 15: the same SHA-256 for any worker count and batch size). Every output format
 * is written from the same rows cut into batches of 1, 7, 1,000 and 65,536 rows, and as several
 * partitions' streams one after another (each partition's batches passed through IPC stream bytes,
 * as a worker sends them), with one shared dictionary, per-batch (compacted) dictionaries and
 * multi-chunk (delta) dictionaries.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Decimal, Dictionary, Field, Float64, Int32, Int8, LargeUtf8, List, RecordBatch, RecordBatchReader, Schema, Struct, Table,
  TimestampMillisecond, Utf8, makeData, makeVector, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import type { Data, DataType, Vector } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactDictionaries } from '../packages/core/src/kernels/take.js';
import { Rechunker } from '../packages/core/src/kernels/rechunk.js';
import { writeOutput } from '../packages/io/src/formats.js';
import type { WriteOptions } from '../packages/io/src/formats.js';
import { readIpc } from '../packages/io/src/ipc/read.js';
import { readParquet } from '../packages/io/src/parquet/read.js';
import { mulberry32 as rng } from '../benchmarks/lib/random.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-determinism-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });


const TEXTS = ['张三', '李四\n第二行', 'say "hi", ok', '', '=SUM(A1)', '王五,赵六', '欧阳娜娜', '+86 138', 'plain', '\t tab'];
const KINDS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'];

const schema = new Schema([
  new Field('name', new Utf8(), true),
  new Field('note', new LargeUtf8(), true),
  new Field('n', new Int32(), true),
  new Field('x', new Float64(), true),
  new Field('ok', new Bool(), true),
  new Field('day', new DateDay(), true),
  new Field('at', new TimestampMillisecond(), true),
  new Field('money', new Decimal(2, 12, 128), true),
  new Field('kind', new Dictionary(new Utf8(), new Int32(), 0), true),
  new Field('grade', new Dictionary(new Utf8(), new Int8(), 1), true),
]);

/** One table of `n` rows (one batch, one dictionary per dictionary column), seeded. */
function rows(n: number, seed = 7): RecordBatch {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(v: T): T | null => (r() < 0.1 ? null : v);
  const names = Array.from({ length: n }, () => maybe(pick(TEXTS) + (r() < 0.5 ? String(Math.floor(r() * 1000)) : '')));
  const notes = Array.from({ length: n }, () => maybe(pick(TEXTS)));
  const ns = Array.from({ length: n }, () => maybe(Math.floor(r() * 2e6) - 1e6));
  const xs = Array.from({ length: n }, () => maybe(r() * 1e4 - 5e3));
  const oks = Array.from({ length: n }, () => maybe(r() < 0.5));
  const days = Array.from({ length: n }, () => maybe(new Date(Date.UTC(2020, 0, 1 + Math.floor(r() * 1500)))));
  const ats = Array.from({ length: n }, () => maybe(Date.UTC(2024, 0, 1) + Math.floor(r() * 3e10)));
  const money = new Uint32Array(n * 4);
  const moneyValid = new Uint8Array(((n + 63) >> 6) << 3);
  let moneyNulls = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.1) { moneyNulls++; continue; }
    moneyValid[i >> 3]! |= 1 << (i & 7);
    const v = Math.floor(r() * 1e9) - 5e8;
    money[i * 4] = v >>> 0;
    const fill = v < 0 ? 0xffffffff : 0;
    money[i * 4 + 1] = fill; money[i * 4 + 2] = fill; money[i * 4 + 3] = fill;
  }
  const kinds = Array.from({ length: n }, () => (r() < 0.1 ? null : Math.floor(r() * KINDS.length)));
  // A skewed column: a rare grade shows up late, so small batches see few entries.
  const grades = Array.from({ length: n }, (_, i) => (r() < 0.05 ? null : i > n / 2 && r() < 0.01 ? 4 : Math.floor(r() * 3)));
  const f = schema.fields;
  const children: Data[] = [
    vectorFromArray(names, new Utf8()).data[0]!,
    vectorFromArray(notes, new LargeUtf8()).data[0]!,
    vectorFromArray(ns, new Int32()).data[0]!,
    vectorFromArray(xs, new Float64()).data[0]!,
    vectorFromArray(oks, new Bool()).data[0]!,
    vectorFromArray(days, new DateDay()).data[0]!,
    vectorFromArray(ats, new TimestampMillisecond()).data[0]!,
    makeData({ type: f[7]!.type, length: n, nullCount: moneyNulls, nullBitmap: moneyValid, data: money } as never) as Data,
    dictData(f[8]!.type as Dictionary, vectorFromArray(KINDS, new Utf8()), kinds),
    dictData(f[9]!.type as Dictionary, vectorFromArray(['A', 'B', 'C', null, 'D'], new Utf8()), grades),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

function dictData(type: Dictionary, dictionary: Vector, idx: (number | null)[]): Data {
  const n = idx.length;
  const bitmap = new Uint8Array(((n + 63) >> 6) << 3);
  let nulls = 0;
  idx.forEach((k, i) => { if (k === null) nulls++; else bitmap[i >> 3]! |= 1 << (i & 7); });
  const Indices = type.indices.ArrayType as new (xs: number[]) => ArrayLike<number>;
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: bitmap, data: new Indices(idx.map((k) => k ?? 0)), dictionary } as never) as Data;
}

function* cut(batch: RecordBatch, size: number, from = 0, to = batch.numRows): Generator<RecordBatch> {
  for (let s = from; s < to; s += size) yield batch.slice(s, Math.min(s + size, to));
}

/** The batches of `parts` partitions (cut at seeded points), each cut into `size`-row batches and sent through IPC stream bytes. */
function* partitions(batch: RecordBatch, parts: number, size: number, seed: number): Generator<RecordBatch> {
  const r = rng(seed);
  const cuts = [0, ...Array.from({ length: parts - 1 }, () => Math.floor(r() * batch.numRows)).sort((a, b) => a - b), batch.numRows];
  for (let p = 0; p < parts; p++) {
    const own = [...cut(batch, size, cuts[p]!, cuts[p + 1]!)];
    if (own.length === 0) continue;
    const bytes = tableToIPC(new Table(schema, own), 'stream');
    yield* RecordBatchReader.from(bytes).readAll();
  }
}

/** Every batch's dictionaries compacted to the entries its rows use (what suppress and take give). */
function* perBatch(batches: Iterable<RecordBatch>): Generator<RecordBatch> {
  for (const b of batches) yield compactDictionaries(b);
}

/** A multi-chunk dictionary: the kind column's dictionary as two chunks (a delta), every batch sharing it. */
function* multiChunk(batch: RecordBatch, size: number): Generator<RecordBatch> {
  const kind = batch.getChildAt(8)!.data[0]!;
  const dict = kind.dictionary as Vector;
  const chunked = makeVector([dict.slice(0, 3).data[0]!, vectorFromArray(KINDS.slice(3), new Utf8()).data[0]!] as Data<DataType>[]);
  const children = batch.data.children.map((c, i) => (i === 8 ? makeData({ ...kindProps(kind), dictionary: chunked } as never) : c));
  const whole = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children: children as Data[] }));
  yield* cut(whole, size);
}

function kindProps(d: Data): object {
  return { type: d.type, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: d.values };
}

async function* gen(batches: Iterable<RecordBatch>): AsyncIterable<RecordBatch> { yield* batches; }

const FORMATS = ['csv', 'ndjson', 'parquet', 'arrow', 'arrows', 'xlsx'] as const;
// Several row groups and record batches; the grade column's late value makes the Arrow file write it as values.
const OPTIONS: WriteOptions = {
  csv: { bom: true, escapeFormulas: true }, metadata: { licence: 'CC-BY-4.0', 来源: '某局' }, parquet: { rowGroupSize: 10_000 }, arrow: { rowsPerBatch: 5_000 },
};

async function digest(format: string, label: string, batches: Iterable<RecordBatch>): Promise<string> {
  const path = join(dir, `${label}.${format}`);
  await writeOutput(path, schema, gen(batches), OPTIONS);
  const bytes = await readFile(path);
  await rm(path);
  return createHash('sha256').update(bytes).digest('hex');
}

const N = 24_000;
const table = rows(N);

describe.each(FORMATS)('%s: the same bytes however the rows are cut', (format) => {
  it('batches of 1, 7, 1,000 and 65,536 rows and three partitions, one dictionary per column', async () => {
    const want = await digest(format, 'whole', [table]);
    for (const size of [1, 7, 1000, 65_536]) expect(await digest(format, `cut${size}`, cut(table, size)), `batches of ${size}`).toBe(want);
    expect(await digest(format, 'parts', partitions(table, 3, 1000, 11)), 'three partitions').toBe(want);
    expect(await digest(format, 'parts7', partitions(table, 5, 7, 12)), 'five partitions of 7-row batches').toBe(want);
  });

  it('per-batch dictionaries and multi-chunk dictionaries give the bytes of one shared dictionary', async () => {
    const want = await digest(format, 'whole', [table]);
    for (const size of [7, 1000, 65_536]) expect(await digest(format, `pb${size}`, perBatch(cut(table, size))), `per-batch dictionaries, batches of ${size}`).toBe(want);
    expect(await digest(format, 'pbparts', perBatch(partitions(table, 4, 1000, 13))), 'per-batch dictionaries, four partitions').toBe(want);
    for (const size of [7, 65_536]) expect(await digest(format, `mc${size}`, multiChunk(table, size)), `multi-chunk dictionary, batches of ${size}`).toBe(want);
  });
});

describe('the canonical files read back as the rows', () => {
  it.each(['parquet', 'arrow', 'arrows'] as const)('%s', async (format) => {
    const path = join(dir, `back.${format}`);
    await writeOutput(path, schema, gen(perBatch(cut(table, 7))), OPTIONS);
    const src = format === 'parquet' ? await readParquet(path) : await readIpc(path);
    const got: unknown[] = [];
    for await (const b of src.batches()) for (const row of b.toArray()) got.push(row.toJSON());
    const want = table.toArray().map((row) => row.toJSON());
    expect(got.length).toBe(N);
    // Decimals and dates read back as other JS objects; compare their text.
    expect(JSON.stringify(got.slice(0, 500), big)).toBe(JSON.stringify(want.slice(0, 500), big));
    expect(JSON.stringify(got.slice(-500), big)).toBe(JSON.stringify(want.slice(-500), big));
    expect(got.map((r) => (r as { kind: unknown }).kind)).toEqual(want.map((r) => (r as { kind: unknown }).kind));
    expect(got.map((r) => (r as { grade: unknown }).grade)).toEqual(want.map((r) => (r as { grade: unknown }).grade));
    if (format !== 'parquet') {
      // kind's eight values all show up in the first batch: one dictionary. grade's fifth value
      // comes after it: the file writes grade as values (no delta), the stream sends a delta.
      const types = src.schema.fields.map((f) => String(f.type));
      expect(types[8]).toBe('Dictionary<Int32, Utf8>');
      expect(types[9]).toBe(format === 'arrow' ? 'Utf8' : 'Dictionary<Int8, Utf8>');
    }
  });
});

function big(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint32Array) return Array.from(v);
  return v;
}

describe('provenance metadata: the same pairs give the same bytes', () => {
  it('Parquet key-value metadata in any order, over several writes in one process, and schema metadata', async () => {
    const small = table.slice(0, 500);
    const pairs: Array<[string, string]> = [['licence', 'CC-BY-4.0'], ['来源', '某局'], ['version', '2026-12-01'], ['sha', 'abc']];
    const withSchemaMeta = new Schema(schema.fields, new Map([['z', '1'], ['a', '2'], ['数据集', '行政处罚']]));
    const hashes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const order = i % 2 === 0 ? pairs : [...pairs].reverse();
      const path = join(dir, `meta-${i}.parquet`);
      await writeOutput(path, withSchemaMeta, gen([small]), { metadata: Object.fromEntries(order) });
      hashes.add(createHash('sha256').update(await readFile(path)).digest('hex'));
      if (i === 0) {
        const src = await readParquet(path);
        expect(src.metadata).toEqual({ z: '1', a: '2', 数据集: '行政处罚', ...Object.fromEntries(pairs) });
        expect(src.schema.metadata.get('数据集')).toBe('行政处罚');
      }
    }
    expect(hashes.size).toBe(1);
    // An independent reader takes the reordered footer: DuckDB reads the rows and every pair.
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const file = join(dir, 'meta-5.parquet').replace(/'/g, "''");
    const count = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(kind)::INTEGER AS k FROM read_parquet('${file}')`)).getRowObjectsJS();
    expect(count).toEqual([{ n: 500, k: small.getChildAt(8)!.length - small.getChildAt(8)!.nullCount }]);
    const kv = (await con.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}') WHERE decode(key) <> 'ARROW:schema'`)).getRowObjectsJS();
    expect(Object.fromEntries(kv.map((r) => [r.k, r.v]))).toEqual({ z: '1', a: '2', 数据集: '行政处罚', ...Object.fromEntries(pairs) });
    con.closeSync();
  });
});

describe('Rechunker edges', () => {
  it('lets go of the input batches an output used up, whatever their sizes (memory does not grow with the input)', () => {
    const s = new Schema([new Field('n', new Int32(), true)]);
    const r = new Rechunker(s, { rows: 1_000, dictionaries: 'batch' });
    let emitted = 0;
    let most = 0;
    // 997-row inputs never come out even with 1,000-row outputs: a partly used batch is always pending.
    for (let k = 0; k < 2_000; k++) {
      const b = new RecordBatch(s, makeData({ type: new Struct(s.fields), length: 997, nullCount: 0, children: [vectorFromArray(Array.from({ length: 997 }, (_, i) => k * 997 + i), new Int32()).data[0]!] }));
      for (const out of r.push(b)) {
        expect(out.getChild('n')!.get(0)).toBe(emitted);
        emitted += out.numRows;
      }
      // What the Rechunker holds: its pending input batches (a private field, read here on purpose).
      most = Math.max(most, (r as unknown as { pending: RecordBatch[] }).pending.length);
    }
    expect(emitted + (r.finish()?.numRows ?? 0)).toBe(2_000 * 997);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('a list column (rebuilt value by value) gives the same Arrow and Parquet bytes however it is cut', async () => {
    const listSchema = new Schema([new Field('tags', new List(new Field('item', new Utf8(), true)), true), new Field('n', new Int32(), true)]);
    const r = rng(5);
    const n = 3000;
    const tags = Array.from({ length: n }, () => (r() < 0.1 ? null : Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.1 ? null : TEXTS[Math.floor(r() * TEXTS.length)]!))));
    const whole = new RecordBatch(listSchema, makeData({ type: new Struct(listSchema.fields), length: n, nullCount: 0, children: [
      vectorFromArray(tags, listSchema.fields[0]!.type).data[0]!, vectorFromArray(Array.from({ length: n }, (_, i) => i), new Int32()).data[0]!] }));
    for (const ext of ['arrow', 'parquet']) {
      const hashes = new Set<string>();
      for (const size of [n, 7, 1000]) {
        const path = join(dir, `list-${size}.${ext}`);
        await writeOutput(path, listSchema, gen(cut(whole, size)), {});
        hashes.add(createHash('sha256').update(await readFile(path)).digest('hex'));
      }
      expect(hashes.size, ext).toBe(1);
    }
  });

  it('a row that points at a null dictionary entry is written as a null row', async () => {
    const type = new Dictionary(new Utf8(), new Int32(), 0);
    const s = new Schema([new Field('k', type, true)]);
    const batch = (dict: (string | null)[], idx: (number | null)[]) =>
      new RecordBatch(s, makeData({ type: new Struct(s.fields), length: idx.length, nullCount: 0, children: [dictData(type, vectorFromArray(dict, new Utf8()), idx)] }));
    const a = join(dir, 'null-entry.arrow');
    const b = join(dir, 'null-row.arrow');
    await writeOutput(a, s, gen([batch(['甲', null, '乙'], [0, 1, 2, 1])]), {});
    await writeOutput(b, s, gen([batch(['甲', '乙'], [0, null]), batch(['乙'], [0, null])]), {});
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    const src = await readIpc(a);
    const got: unknown[] = [];
    for await (const x of src.batches()) for (const row of x.toArray()) got.push(row.toJSON().k);
    expect(got).toEqual(['甲', null, '乙', null]);
  });

  it('more distinct values than the index type can number is refused, naming the column', async () => {
    const type = new Dictionary(new Utf8(), new Int8(), 0);
    const s = new Schema([new Field('code', type, true)]);
    // Each batch's own dictionary fits Int8; together they hold 200 values.
    const batches = Array.from({ length: 2 }, (_, p) => new RecordBatch(s, makeData({ type: new Struct(s.fields), length: 100, nullCount: 0, children: [
      dictData(type, vectorFromArray(Array.from({ length: 100 }, (_, i) => `v${p * 100 + i}`), new Utf8()), Array.from({ length: 100 }, (_, i) => i))] })));
    await expect(writeOutput(join(dir, 'int8.arrow'), s, gen(batches), {})).rejects.toThrow(/int8\.arrow, column "code": the dictionary column holds more than 128 distinct values[^]*hint: cast the column/);
    // Parquet has a dictionary per row group: 200 rows in one group need the same 200 entries.
    await expect(writeOutput(join(dir, 'int8.parquet'), s, gen(batches), {})).rejects.toThrow(/int8\.parquet, column "code": the dictionary column holds more than 128/);
  });
});

describe('nested values survive the canonical rewrite', () => {
  it('List<Utf8> and Struct{Utf8, List<Int32>} with nulls, cut into two batches: every value read back (arrow, arrows, parquet)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-nested-'));
    const n = 60;
    const items = new List(new Field('item', new Utf8(), true));
    const child = vectorFromArray(Array.from({ length: n * 2 }, (_, k) => (k === 15 ? '13800138000' : `项${k}`)), new Utf8()).data[0]!;
    const list = makeData({ type: items, length: n, valueOffsets: Int32Array.from({ length: n + 1 }, (_, i) => i * 2), child } as never) as Data;
    const st = new Struct([new Field('a', new Utf8(), true), new Field('b', new List(new Field('i', new Int32(), true)), true)]);
    const struct = vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : { a: `甲${i}`, b: i % 5 === 0 ? null : [i, null, i + 1] })), st).data[0]!;
    const schema = new Schema([new Field('x', items, true), new Field('s', st, true)]);
    const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children: [list, struct] }));
    const rows = (b: RecordBatch): string[] => Array.from({ length: b.numRows }, (_, i) => JSON.stringify([b.getChild('x')!.get(i)?.toArray() ?? null, b.getChild('s')!.get(i)?.toJSON() ?? null]));
    const expected = rows(batch);
    expect(expected[7]).toContain('13800138000');
    for (const ext of ['arrow', 'arrows', 'parquet']) {
      const path = join(dir, `nested.${ext}`);
      await writeOutput(path, schema, (async function* () { yield batch.slice(0, 23); yield batch.slice(23, n); })(), {});
      const source = ext === 'parquet' ? await readParquet(path) : await readIpc(path);
      const got: string[] = [];
      for await (const b of source.batches()) got.push(...rows(b));
      expect(got, ext).toEqual(expected);
    }
    await rm(dir, { recursive: true, force: true });
  });
});
