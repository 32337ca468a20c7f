import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, Dictionary, Field, Float64, Int8, Int32, LargeUtf8, RecordBatch, Schema, Struct, Utf8, makeData, makeTable, makeVector, tableFromArrays, vectorFromArray,
} from 'apache-arrow';
import type { Data, DataType, Vector } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { readIpc, writeIpc } from '../src/ipc/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-ipc-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const names = ['张三', null, '', '李四\n第二行', 'say "hi", ok', '王五'];

function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(names, new Utf8()),
    large: vectorFromArray(names, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', '甲', null, '乙', '甲'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, 2, null, 4, 5, 6], new Int32()),
  } as never);
}

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function collect(src: { batches(): AsyncIterable<RecordBatch> }): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

const rows = (t: Table) => t.toArray().map((r) => r.toJSON());

describe.each(['file', 'stream'] as const)('Arrow IPC %s', (format) => {
  it('round-trips nulls, empty strings, Chinese, multi-line, LargeUtf8 and dictionary columns with metadata', async () => {
    const t = table();
    const path = join(dir, `a.${format}`);
    const res = await writeIpc(path, t.schema, gen(...t.batches), { format, metadata: { licence: 'CC-BY-4.0', 来源: '某局' } });
    expect(res.rows).toBe(6);
    expect(res.bytes).toBeGreaterThan(0);
    const src = await readIpc(path);
    expect(src.schema.metadata.get('licence')).toBe('CC-BY-4.0');
    expect(src.schema.metadata.get('来源')).toBe('某局');
    expect(src.schema.fields.map((f) => String(f.type))).toEqual(t.schema.fields.map((f) => String(f.type)));
    expect(await collect(src)).toEqual(rows(t));
    // Replayable: a second pass reads the file again.
    expect(await collect(src)).toEqual(rows(t));
  });

  it('writes sliced, multi-chunk and empty batches, and re-slices to batchSize on read', async () => {
    const t = table();
    const b = t.batches[0]!;
    const path = join(dir, `sliced.${format}`);
    const empty = b.slice(0, 0);
    const res = await writeIpc(path, t.schema, gen(b.slice(1, 4), empty, b.slice(4, 6), b));
    expect(res.rows).toBe(11);
    const src = await readIpc(path, { batchSize: 2 });
    const sizes: number[] = [];
    const got: unknown[] = [];
    for await (const x of src.batches()) { sizes.push(x.numRows); for (const r of x.toArray()) got.push(r.toJSON()); }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    const all = rows(t);
    expect(got).toEqual([...all.slice(1, 4), ...all.slice(4, 6), ...all]);
  });

  it('writes a schema-only file for zero batches', async () => {
    const schema = new Schema([new Field('x', new Utf8(), true)]);
    const path = join(dir, `empty.${format}`);
    expect((await writeIpc(path, schema, gen())).rows).toBe(0);
    const src = await readIpc(path);
    expect(src.schema.fields[0]!.name).toBe('x');
    expect(await collect(src)).toEqual([]);
  });
});

describe('Arrow IPC errors and atomicity', () => {
  it('names the file when it is not Arrow', async () => {
    const path = join(dir, 'bad.arrow');
    await writeFile(path, 'name,id\n张三,1\n');
    await expect(readIpc(path)).rejects.toThrow(/bad\.arrow: not a valid Arrow IPC file/);
  });

  it('names the file when it is missing', async () => {
    await expect(readIpc(join(dir, 'missing.arrows'))).rejects.toThrow(/missing\.arrows: cannot read input: file not found/);
  });

  it('leaves no file behind when the batches fail midway', async () => {
    const t = tableFromArrays({ a: Int32Array.from([1, 2]) });
    const path = join(dir, 'sub', 'failed.arrow');
    async function* failing(): AsyncIterable<RecordBatch> { yield t.batches[0]!; throw new Error('upstream failed'); }
    await expect(writeIpc(path, t.schema, failing())).rejects.toThrow('upstream failed');
    expect(await readdir(join(dir, 'sub'))).toEqual([]);
  });
});

// Batches with their own dictionaries, as suppress or a replacement-dictionary stream give them.
const dictSchema = new Schema([
  new Field('name', new Dictionary(new Utf8(), new Int32(), 0), true),
  new Field('big', new Dictionary(new LargeUtf8(), new Int32(), 1), true),
  new Field('amount', new Dictionary(new Float64(), new Int8(), 2), true),
  new Field('flag', new Dictionary(new Bool(), new Int32(), 3), true),
  new Field('n', new Int32(), true),
], new Map([['来源', '某局']]));

interface Part { names: (string | null)[]; amounts: (number | null)[]; rows: (number | null)[]; flags?: (boolean | null)[]; }
const FLAGS = [true, null, false];

/** A dictionary column: `entries` as the dictionary, `rows` as indices (null = null row). */
function dictData(type: Dictionary, dictionary: Vector, rows: (number | null)[]): Data {
  const n = rows.length;
  const bitmap = new Uint8Array(((n + 63) >> 6) << 3);
  let nulls = 0;
  rows.forEach((k, i) => { if (k === null) nulls++; else bitmap[i >> 3]! |= 1 << (i & 7); });
  const Indices = type.indices.ArrayType as new (xs: number[]) => ArrayLike<number>;
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data: new Indices(rows.map((k) => k ?? 0)), dictionary } as never) as Data;
}

function dictBatch(p: Part, dicts?: { name?: Vector; big?: Vector }): RecordBatch {
  const flags = p.flags ?? FLAGS;
  const f = dictSchema.fields.map((x) => x.type) as Dictionary[];
  const name = dicts?.name ?? vectorFromArray(p.names, new Utf8());
  const big = dicts?.big ?? vectorFromArray(p.names, new LargeUtf8());
  // amount and flag index the same rows into their own dictionaries (first entries of each).
  const amountRows = p.rows.map((k) => (k === null ? null : k % p.amounts.length));
  const flagRows = p.rows.map((k) => (k === null ? null : k % flags.length));
  const children = [
    dictData(f[0]!, name, p.rows),
    dictData(f[1]!, big, p.rows),
    dictData(f[2]!, vectorFromArray(p.amounts, new Float64()), amountRows),
    dictData(f[3]!, vectorFromArray(flags, new Bool()), flagRows),
    vectorFromArray(p.rows.map((_, i) => i), new Int32()).data[0]!,
  ];
  return new RecordBatch(dictSchema, makeData({ type: new Struct(dictSchema.fields), length: p.rows.length, nullCount: 0, children }));
}

/** What the rows of a batch must read back as. */
function expected(p: Part, from = 0, to = p.rows.length): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const k = p.rows[i]!;
    const name = k === null ? null : p.names[k]!;
    out.push({
      name,
      big: name,
      amount: k === null ? null : p.amounts[k % p.amounts.length]!,
      flag: k === null ? null : (p.flags ?? FLAGS)[k % (p.flags ?? FLAGS).length]!,
      n: i,
    });
  }
  return out;
}

const p1: Part = { names: ['张三', '李四', null, '王五'], amounts: [1.5, -2, null], rows: [0, 1, null, 2, 3, 0, 3] };
const p2: Part = { names: ['赵六', '张三', '欧阳娜娜', ''], amounts: [7, 8.25], rows: [2, null, 0, 1, 3, 2] };
const p3: Part = { names: ['孙七', '李四\n第二行'], amounts: [null, 9], rows: [1, 0, null, 1, 0, 0] };

async function readBack(path: string): Promise<{ types: string[]; rows: Record<string, unknown>[]; metadata: Map<string, string> }> {
  const src = await readIpc(path);
  return { types: src.schema.fields.map((f) => String(f.type)), rows: await collect(src) as Record<string, unknown>[], metadata: src.schema.metadata };
}

describe.each(['file', 'stream'] as const)('Arrow IPC %s with per-batch dictionaries', (format) => {
  // flag gets a new dictionary per batch, but always with the same entries: it stays a dictionary.
  const decodedTypes = ['Utf8', 'LargeUtf8', 'Float64', 'Dictionary<Int32, Bool>', 'Int32'];

  it.each([
    ['two batches', () => [dictBatch(p1), dictBatch(p2)], () => [...expected(p1), ...expected(p2)]],
    ['three batches, the first and last sliced', () => [dictBatch(p1).slice(2, 7), dictBatch(p2), dictBatch(p3).slice(1, 5)],
      () => [...expected(p1, 2, 7), ...expected(p2), ...expected(p3, 1, 5)]],
    ['an empty batch and a repeat of the first dictionary after another', () => [dictBatch(p1).slice(0, 0), dictBatch(p1), dictBatch(p2).slice(3, 6), dictBatch(p1).slice(1, 3)],
      () => [...expected(p1), ...expected(p2, 3, 6), ...expected(p1, 1, 3)]],
  ])('round-trips %s whose dictionaries differ (nulls, Chinese, every value kind)', async (label, batches, want) => {
    const path = join(dir, `perbatch-${label.replace(/\W+/g, '-')}.${format === 'file' ? 'arrow' : 'arrows'}`);
    const res = await writeIpc(path, dictSchema, gen(...batches()), { format, metadata: { licence: 'CC-BY-4.0' } });
    const got = await readBack(path);
    expect(got.rows).toEqual(want());
    expect(res.rows).toBe(want().length);
    expect(got.metadata.get('licence')).toBe('CC-BY-4.0');
    expect(got.metadata.get('来源')).toBe('某局');
    // The file format holds one dictionary per column, so differing ones are written as values;
    // the stream keeps them, as replacement dictionaries.
    expect(got.types).toEqual(format === 'file' ? decodedTypes : dictSchema.fields.map((f) => String(f.type)));
    // Nothing left behind: only finished targets in the folder.
    expect((await readdir(dir)).filter((f) => f.startsWith('.tuomin-tmp'))).toEqual([]);
  });

  it('keeps the dictionary, written once, when later batches bring new dictionaries with the same entries', async () => {
    const first = dictBatch(p1);
    const same = () => dictBatch(p1, { name: vectorFromArray([...p1.names], new Utf8()), big: vectorFromArray([...p1.names], new LargeUtf8()) });
    const ext = format === 'file' ? 'arrow' : 'arrows';
    const shared = join(dir, `shared.${ext}`);
    const copies = join(dir, `copies.${ext}`);
    await writeIpc(shared, dictSchema, gen(first, first.slice(1, 5), first), { format });
    const res = await writeIpc(copies, dictSchema, gen(first, same().slice(1, 5), same()), { format });
    const got = await readBack(copies);
    expect(got.types).toEqual(dictSchema.fields.map((f) => String(f.type)));
    expect(got.rows).toEqual([...expected(p1), ...expected(p1, 1, 5), ...expected(p1)]);
    // Same bytes as when every batch shares one dictionary object: no dictionary written twice.
    expect(res.bytes).toBe((await readFile(shared)).length);
    expect(await readFile(copies)).toEqual(await readFile(shared));
  });

  it('writes a dictionary that grows by a delta (a multi-chunk dictionary)', async () => {
    const d0 = vectorFromArray(['张三', null], new Utf8());
    const grown = makeVector([d0.data[0]!, vectorFromArray(['李四', '王五'], new Utf8()).data[0]!] as Data<DataType>[]);
    const bigGrown = makeVector([vectorFromArray(['张三', null], new LargeUtf8()).data[0]!, vectorFromArray(['李四', '王五'], new LargeUtf8()).data[0]!] as Data<DataType>[]);
    const a: Part = { names: ['张三', null], amounts: [1], rows: [0, 1, null, 0] };
    const b: Part = { names: ['张三', null, '李四', '王五'], amounts: [2, 3], rows: [3, 2, 1, null, 0] };
    const path = join(dir, `delta.${format === 'file' ? 'arrow' : 'arrows'}`);
    await writeIpc(path, dictSchema, gen(dictBatch(a, { name: d0 }), dictBatch(b, { name: grown, big: bigGrown }).slice(1, 5)), { format });
    const got = await readBack(path);
    expect(got.rows).toEqual([...expected(a), ...expected(b, 1, 5)]);
  });
});

describe('Arrow IPC file with per-batch dictionaries: one column at a time', () => {
  it('writes as values only the columns whose dictionary changed, and switches another one later', async () => {
    const path = join(dir, 'two-switches.arrow');
    const shared = vectorFromArray(p1.names, new Utf8());
    const sharedBig = vectorFromArray(p1.names, new LargeUtf8());
    const flipped: Part = { ...p1, flags: [false, true] };
    // Batch 2 changes amount only; batch 4 changes flag; name and big keep one dictionary object.
    const batches = [
      dictBatch(p1, { name: shared, big: sharedBig }),
      dictBatch({ ...p1, amounts: [4, 5, 6] }, { name: shared, big: sharedBig }).slice(1, 6),
      dictBatch(p1, { name: shared, big: sharedBig }),
      dictBatch(flipped, { name: shared, big: sharedBig }).slice(2, 7),
      dictBatch(p1, { name: shared, big: sharedBig }),
    ];
    const res = await writeIpc(path, dictSchema, gen(...batches));
    const got = await readBack(path);
    expect(got.types).toEqual(['Dictionary<Int32, Utf8>', 'Dictionary<Int32, LargeUtf8>', 'Float64', 'Bool', 'Int32']);
    const want = [...expected(p1), ...expected({ ...p1, amounts: [4, 5, 6] }, 1, 6), ...expected(p1), ...expected(flipped, 2, 7), ...expected(p1)];
    expect(got.rows).toEqual(want);
    expect(res.rows).toBe(want.length);
    expect((await readdir(dir)).filter((f) => f.startsWith('.tuomin-tmp'))).toEqual([]);
  });
});

describe('Arrow IPC file with per-batch dictionaries: failures', () => {
  it('leaves no file behind when the batches fail after dictionary columns were switched to values', async () => {
    const sub = join(dir, 'fail-after-switch');
    async function* failing(): AsyncIterable<RecordBatch> {
      yield dictBatch(p1);
      yield dictBatch(p2);
      throw new Error('upstream failed');
    }
    await expect(writeIpc(join(sub, 'out.arrow'), dictSchema, failing())).rejects.toThrow('upstream failed');
    expect(await readdir(sub)).toEqual([]);
  });

  it('refuses, naming the stream format, a dictionary inside a struct that changes; the stream writes it', async () => {
    const inner = new Dictionary(new Utf8(), new Int32(), 7);
    const place = new Field('place', new Struct([new Field('city', inner, true)]), true);
    const schema = new Schema([place]);
    const batch = (cities: string[]) => {
      const city = dictData(inner, vectorFromArray(cities, new Utf8()), [0, 1]);
      const struct = makeData({ type: place.type, length: 2, nullCount: 0, children: [city] } as never) as Data;
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 2, nullCount: 0, children: [struct] }));
    };
    const path = join(dir, 'nested', 'out.arrow');
    await expect(writeIpc(path, schema, gen(batch(['滨州', '济南']), batch(['青岛', '烟台'])))).rejects.toThrow(/out\.arrow: dictionaries change between batches[^]*hint: write an Arrow IPC stream/);
    expect(await readdir(join(dir, 'nested'))).toEqual([]);
    const stream = join(dir, 'nested.arrows');
    await writeIpc(stream, schema, gen(batch(['滨州', '济南']), batch(['青岛', '烟台'])), { format: 'stream' });
    expect((await readBack(stream)).rows.map((r) => (r.place as { toJSON(): unknown }).toJSON())).toEqual([{ city: '滨州' }, { city: '济南' }, { city: '青岛' }, { city: '烟台' }]);
  });

  it('replaces an existing target only when the write succeeds', async () => {
    const path = join(dir, 'replace.arrow');
    await writeFile(path, 'old');
    await writeIpc(path, dictSchema, gen(dictBatch(p1), dictBatch(p3)));
    expect((await readBack(path)).rows).toEqual([...expected(p1), ...expected(p3)]);
  });
});
