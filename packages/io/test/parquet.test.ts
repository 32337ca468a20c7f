import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, DateDay, Dictionary, Field, Float64, Int32, LargeUtf8, Schema, TimestampMillisecond, Utf8, makeTable, vectorFromArray } from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { readParquet, writeParquet } from '../src/parquet/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-pq-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const names = ['张三', null, '', '李四\r\n第二行', 'a,"b"', '王五'];

function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(names, new Utf8()),
    large: vectorFromArray(names, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', '甲', null, '乙', '甲'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, 2, null, 4, 5, -6], new Int32()),
    fine: vectorFromArray([0.5, 1e6, null, 3, 2.25, 0], new Float64()),
    ok: vectorFromArray([true, false, null, true, true, false], new Bool()),
    day: vectorFromArray([new Date(Date.UTC(2024, 7, 13)), null, new Date(Date.UTC(1999, 0, 1)), null, null, null], new DateDay()),
    at: vectorFromArray([new Date(Date.UTC(2024, 7, 13, 9, 30)), null, null, null, null, new Date(0)], new TimestampMillisecond()),
  } as never);
}

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function collect(src: { batches(): AsyncIterable<RecordBatch> }): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

const rows = (t: Table) => t.toArray().map((r) => r.toJSON());

describe('Parquet', () => {
  it.each(['snappy', 'zstd', 'none'] as const)('round-trips every common type with %s compression and key-value metadata', async (compression) => {
    const t = table();
    const path = join(dir, `t-${compression}.parquet`);
    const res = await writeParquet(path, t.schema, gen(...t.batches), { compression, metadata: { licence: 'CC-BY-4.0', 数据集: '行政处罚' } });
    expect(res.rows).toBe(6);
    const src = await readParquet(path);
    expect(src.rows).toBe(6);
    expect(src.metadata).toEqual({ licence: 'CC-BY-4.0', 数据集: '行政处罚' });
    expect(src.schema.metadata.get('数据集')).toBe('行政处罚');
    expect(src.schema.fields.map((f) => f.name)).toEqual(t.schema.fields.map((f) => f.name));
    expect(await collect(src)).toEqual(rows(t));
  });

  it('writes sliced and multi-chunk input as several row groups and reads them back in batches', async () => {
    const t = table();
    const b = t.batches[0]!;
    const path = join(dir, 'groups.parquet');
    const res = await writeParquet(path, t.schema, gen(b.slice(1, 5), b.slice(0, 0), b, b.slice(3, 6)), { rowGroupSize: 4 });
    expect(res.rows).toBe(13);
    const src = await readParquet(path, { batchSize: 3 });
    expect(src.rowGroups).toBe(4);
    const sizes: number[] = [];
    for await (const x of src.batches()) sizes.push(x.numRows);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    const all = rows(t);
    expect(await collect(src)).toEqual([...all.slice(1, 5), ...all, ...all.slice(3, 6)]);
  });

  it('reads selected columns only', async () => {
    const t = table();
    const path = join(dir, 'cols.parquet');
    await writeParquet(path, t.schema, gen(...t.batches));
    const src = await readParquet(path, { columns: ['name', 'n'] });
    expect(src.schema.fields.map((f) => f.name)).toEqual(['name', 'n']);
    expect(await collect(src)).toEqual(rows(t).map((r) => ({ name: (r as { name: unknown }).name, n: (r as { n: unknown }).n })));
  });

  it('writes a valid empty file for zero rows', async () => {
    const schema = new Schema([new Field('x', new Utf8(), true)]);
    const path = join(dir, 'empty.parquet');
    expect((await writeParquet(path, schema, gen())).rows).toBe(0);
    const src = await readParquet(path);
    expect(src.rows).toBe(0);
    expect(src.schema.fields[0]!.name).toBe('x');
    expect(await collect(src)).toEqual([]);
  });

  it('rejects an unknown compression before writing anything', async () => {
    const t = table();
    await expect(writeParquet(join(dir, 'x.parquet'), t.schema, gen(), { compression: 'lzma' as never })).rejects.toThrow(/unknown Parquet compression "lzma"/);
  });

  it('names the file when it is not Parquet or is missing', async () => {
    const path = join(dir, 'bad.parquet');
    await writeFile(path, '姓名,证件号\n张三,1\n');
    await expect(readParquet(path)).rejects.toThrow(/bad\.parquet: not a valid Parquet file/);
    await expect(readParquet(join(dir, 'nope.parquet'))).rejects.toThrow(/nope\.parquet: cannot read input: file not found/);
  });

  it('leaves no partial file when the input fails', async () => {
    const t = table();
    const sub = join(dir, 'fail');
    async function* failing(): AsyncIterable<RecordBatch> { yield t.batches[0]!; throw new Error('source broke'); }
    await expect(writeParquet(join(sub, 'out.parquet'), t.schema, failing())).rejects.toThrow('source broke');
    expect(await readdir(sub)).toEqual([]);
  });
});
