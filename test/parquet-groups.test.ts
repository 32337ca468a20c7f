/**
 * A partitioned run's or conversion's Parquet file, placed (run/parallel/placement.ts): row groups
 * cut every R released rows whatever the partitions, each group encoded by the job of the partition
 * it ends in (the rows it began with handed over from the earlier jobs in memory), stitched in
 * order. The file must be the one pass's bytes (io writeParquet over the same rows), for
 * partitions smaller than a group, larger than several, empty, and ending exactly on a boundary;
 * real message ports, real files, read back by DuckDB. (Real worker threads: parallel-run and
 * parallel-verbs-convert.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Field, Float64, Int32, RecordBatch, Schema, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeParquet, type ParquetWriteOptions } from '@tuomin/io';
import { placedParquet } from './support/placed-parquet.js';

const schema = new Schema([
  new Field('id', new Int32(), false),
  new Field('name', new Utf8(), true),
  new Field('amount', new Float64(), true),
  new Field('district', new Dictionary(new Utf8(), new Int32()), true),
], new Map([['tuomin.test', 'schema metadata']]));

const DISTRICTS = ['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区'];

/** Rows [from, to) of the test table, as one batch. */
function rows(from: number, to: number): RecordBatch {
  const n = to - from;
  const ids = Array.from({ length: n }, (_, i) => from + i);
  const table = new Table({
    id: vectorFromArray(ids, new Int32()),
    name: vectorFromArray(ids.map((i) => (i % 11 === 0 ? null : `市民${i}号 𠮷`)), new Utf8()),
    amount: vectorFromArray(ids.map((i) => (i % 7 === 0 ? null : i * 1.25)), new Float64()),
    district: vectorFromArray(ids.map((i) => (i % 13 === 0 ? null : DISTRICTS[i % DISTRICTS.length]!)), new Dictionary(new Utf8(), new Int32())),
  });
  // One chunk per column (vectorFromArray): one batch, given the schema with its metadata.
  return new RecordBatch(schema, table.batches[0]!.data);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuomin-parquet-groups-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* batchesOf(sizes: number[], from: number, cut: number): AsyncIterable<RecordBatch> {
  let at = from;
  for (const s of sizes) {
    // Each partition's rows in batches of at most `cut` rows, as a job's pipeline releases them.
    for (let i = 0; i < s; i += cut) yield rows(at + i, at + Math.min(s, i + cut));
    at += s;
  }
}

async function partitioned(name: string, sizes: number[], R: number, options: ParquetWriteOptions): Promise<Buffer> {
  const parts: RecordBatch[][] = [];
  let at = 0;
  for (const s of sizes) {
    const own: RecordBatch[] = [];
    for await (const b of batchesOf([s], at, 5)) own.push(b);
    parts.push(own);
    at += s;
  }
  const out = join(dir, name, 'out.parquet');
  const n = (await placedParquet(join(dir, name), schema, parts, R, options, out)).rows;
  expect(n).toBe(at);
  return readFile(out);
}

async function onePass(name: string, total: number, R: number, options: ParquetWriteOptions): Promise<Buffer> {
  const out = join(dir, `${name}-one.parquet`);
  await writeParquet(out, schema, batchesOf([total], 0, 1000), { ...options, rowGroupSize: R });
  return readFile(out);
}

describe('parquet row groups placed by partition and stitched', () => {
  const options: ParquetWriteOptions = { compression: 'snappy', metadata: { 'tuomin.version': '2026-12-07', 'a.key': 'b' } };
  const cases: Array<[string, number[], number]> = [
    ['partitions smaller than a group', [3, 4, 2, 5, 1, 6], 7],
    ['a partition spanning several groups', [2, 40, 3], 7],
    ['empty partitions and exact boundaries', [7, 0, 14, 0, 0, 3], 7],
    ['one group in all', [4, 5], 100],
    ['a group of one row', [5, 5, 5], 1],
    ['the last group exactly full', [10, 11], 7],
  ];
  for (const [label, sizes, R] of cases) {
    it(`${label}: the one pass's bytes, read back by DuckDB`, async () => {
      const name = label.replace(/\W+/g, '-');
      const total = sizes.reduce((a, b) => a + b, 0);
      const stitched = await partitioned(name, sizes, R, { ...options, rowGroupSize: R });
      const single = await onePass(name, total, R, options);
      expect(stitched.equals(single)).toBe(true);
      const db = await DuckDBInstance.create();
      const con = await db.connect();
      const file = join(dir, name, 'out.parquet');
      const groups = await con.runAndReadAll(`SELECT count(DISTINCT row_group_id)::INT AS g FROM parquet_metadata('${file}')`);
      expect(groups.getRowObjects()[0]!.g).toBe(Math.ceil(total / R));
      const got = await con.runAndReadAll(`SELECT id, name, amount, district FROM read_parquet('${file}') ORDER BY id`);
      const objs = got.getRowObjects();
      expect(objs.length).toBe(total);
      for (const [i, r] of objs.entries()) {
        expect(r.id).toBe(i);
        expect(r.name).toBe(i % 11 === 0 ? null : `市民${i}号 𠮷`);
        expect(r.amount).toBe(i % 7 === 0 ? null : i * 1.25);
        expect(r.district).toBe(i % 13 === 0 ? null : DISTRICTS[i % DISTRICTS.length]);
      }
      con.closeSync();
    });
  }

  it('no rows at all: the empty file of the one pass', async () => {
    const stitched = await partitioned('empty', [0, 0], 7, { ...options, rowGroupSize: 7 });
    const single = await onePass('empty', 0, 7, options);
    expect(stitched.equals(single)).toBe(true);
  });
});
