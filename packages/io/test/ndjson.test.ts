import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Dictionary, Float64, Int32, Int64, LargeUtf8, TimestampMillisecond, Utf8, makeTable, vectorFromArray,
} from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { readNdjson, writeNdjson } from '../src/ndjson/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-ndjson-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const text = ['张三', null, '', 'line1\nline2\r\t"q" \\ \u0001', '王五'];

function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(text, new Utf8()),
    large: vectorFromArray(text, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', null, '甲', '乙'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, null, -3, 0, 2147483647], new Int32()),
    big: vectorFromArray([1n, null, -9007199254740993n, 0n, 5n], new Int64()),
    x: vectorFromArray([0.5, NaN, null, 1e21, -2.25], new Float64()),
    ok: vectorFromArray([true, false, null, true, false], new Bool()),
    day: vectorFromArray([new Date(Date.UTC(2024, 7, 13)), null, new Date(Date.UTC(1969, 11, 31)), null, null], new DateDay()),
    at: vectorFromArray([new Date(Date.UTC(2024, 7, 13, 9, 30, 5, 120)), null, null, null, null], new TimestampMillisecond()),
  } as never);
}

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function collect(src: { batches(): AsyncIterable<RecordBatch> }): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

describe('NDJSON writer', () => {
  it('writes one JSON object per row from Arrow buffers, escaping only what JSON requires', async () => {
    const t = table();
    const path = join(dir, 'all.ndjson');
    const res = await writeNdjson(path, t.schema, gen(...t.batches));
    const out = await readFile(path, 'utf8');
    expect(res.rows).toBe(5);
    expect(res.bytes).toBe(Buffer.byteLength(out));
    const lines = out.split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(parsed.map((r) => r.name)).toEqual(text);
    expect(parsed.map((r) => r.large)).toEqual(text);
    expect(parsed.map((r) => r.kind)).toEqual(['甲', '乙', null, '甲', '乙']);
    expect(parsed.map((r) => r.n)).toEqual([1, null, -3, 0, 2147483647]);
    expect(lines[2]).toContain('"big":-9007199254740993');
    expect(parsed.map((r) => r.x)).toEqual([0.5, null, null, 1e21, -2.25]);
    expect(parsed.map((r) => r.ok)).toEqual([true, false, null, true, false]);
    expect(parsed.map((r) => r.day)).toEqual(['2024-08-13', null, '1969-12-31', null, null]);
    expect(parsed[0].at).toBe('2024-08-13T09:30:05.120');
    // Chinese stays UTF-8, not \u escapes; keys keep schema order.
    expect(lines[0]!.startsWith('{"name":"张三","large":"张三","kind":"甲","n":1,')).toBe(true);
    expect(lines[3]).toContain('"line1\\nline2\\r\\t\\"q\\" \\\\ \\u0001"');
  });

  it('writes sliced, multi-chunk and empty batches', async () => {
    const t = table();
    const b = t.batches[0]!;
    const path = join(dir, 'sliced.jsonl');
    const res = await writeNdjson(path, t.schema, gen(b.slice(2, 5), b.slice(0, 0), b.slice(0, 2)));
    expect(res.rows).toBe(5);
    const got = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).name);
    expect(got).toEqual([...text.slice(2, 5), ...text.slice(0, 2)]);
  });
});

describe('NDJSON reader', () => {
  it('round-trips text columns: nulls, empty strings, Chinese, multi-line values', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ name: vectorFromArray(text, new Utf8()), kind: vectorFromArray(['a', null, '', 'b', '丙'], new Utf8()) });
    const path = join(dir, 'rt.ndjson');
    await writeNdjson(path, t.schema, gen(...t.batches));
    const src = await readNdjson(path, { batchSize: 2 });
    expect(src.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['name:Utf8', 'kind:Utf8']);
    const sizes: number[] = [];
    for await (const b of src.batches()) sizes.push(b.numRows);
    expect(sizes).toEqual([2, 2, 1]);
    expect(await collect(src)).toEqual(t.toArray().map((r) => r.toJSON()));
  });

  it('keeps numbers and booleans as their JSON text unless inference is on; missing keys are null', async () => {
    const path = join(dir, 'types.ndjson');
    await writeFile(path, '\ufeff{"id":1,"ok":true,"d":"2024年8月13日"}\r\n\n{"id":22,"d":"2024/8/1","extra":{"a":[1]}}\n{"id":-3,"ok":false,"d":null}');
    const text = await readNdjson(path);
    expect(text.schema.fields.map((f) => f.name)).toEqual(['id', 'ok', 'd', 'extra']);
    expect(await collect(text)).toEqual([
      { id: '1', ok: 'true', d: '2024年8月13日', extra: null },
      { id: '22', ok: null, d: '2024/8/1', extra: '{"a":[1]}' },
      { id: '-3', ok: 'false', d: null, extra: null },
    ]);
    const typed = await readNdjson(path, { infer: true });
    expect(typed.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Bool', 'Date32<DAY>', 'Utf8']);
    const rows = await collect(typed);
    expect((rows[1] as { id: bigint }).id).toBe(22n);
  });

  it('names file and line of a malformed line', async () => {
    const path = join(dir, 'bad.ndjson');
    await writeFile(path, '{"a":"张三"}\n{"a":"李四"}\n{"a": oops}\n');
    await expect(collect(await readNdjson(path, { inferFrom: 1 }))).rejects.toThrow(/bad\.ndjson, line 3: not valid JSON/);
    await expect(readNdjson(path)).rejects.toThrow(/line 3/);
    const arr = join(dir, 'array.ndjson');
    await writeFile(arr, '{"a":1}\n[1,2]\n');
    await expect(readNdjson(arr)).rejects.toThrow(/array\.ndjson, line 2: line is JSON but not an object/);
  });

  it('rejects a key that the first rows did not have instead of dropping it', async () => {
    const path = join(dir, 'newkey.ndjson');
    await writeFile(path, '{"a":"1"}\n{"a":"2","b":"x"}\n');
    await expect(collect(await readNdjson(path, { inferFrom: 1 }))).rejects.toThrow(/row 2: unexpected key "b"/);
  });

  it('rejects bytes that are not UTF-8 and names missing files', async () => {
    const path = join(dir, 'gbk.ndjson');
    await writeFile(path, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xd5, 0xc5, 0x22, 0x7d, 0x0a]));
    await expect(readNdjson(path)).rejects.toThrow(/gbk\.ndjson, line 1: bytes are not valid UTF-8/);
    await expect(readNdjson(join(dir, 'none.jsonl'))).rejects.toThrow(/none\.jsonl: cannot read input: file not found/);
  });
});
