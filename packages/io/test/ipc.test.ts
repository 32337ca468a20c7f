import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Field, Int32, LargeUtf8, RecordBatch, Schema, Utf8, makeTable, tableFromArrays, vectorFromArray } from 'apache-arrow';
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
