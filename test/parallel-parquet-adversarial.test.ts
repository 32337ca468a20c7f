/**
 * Adversarial tests of the Parquet file a partitioned run encodes on the pool (run/parallel/
 * parquet-groups.ts, io parquet/groups.ts): typed columns the plain test does not cover (LargeUtf8,
 * decimals, zoned timestamps, dates, booleans, narrow dictionaries, 4-byte characters), every
 * codec, many partitions, a damaged or missing hand-over stream, a worker that dies under an
 * encode job. Real worker threads, real files; the reference is always io writeParquet over the
 * same rows in one go (the one pass), and DuckDB reads the files back.
 */
import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Decimal, Dictionary, Field, Int32, Int8, LargeUtf8, RecordBatch, Schema, Struct, TimestampMicrosecond, Utf8,
  makeData, vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeParquet, type ParquetWriteOptions } from '@tuomin/io';
import { writeOwnIpcStream } from '@tuomin/io/internal';
import { ParquetGroupsPlan } from '../packages/publish/src/run/parallel/parquet-groups.js';
import { openJobPool, type JobPool } from '../packages/publish/src/run/parallel/pool.js';

const schema = new Schema([
  new Field('id', new Int32(), false),
  new Field('text', new LargeUtf8(), true),
  new Field('fee', new Decimal(2, 38, 128), true),
  new Field('at', new TimestampMicrosecond('Asia/Shanghai'), true),
  new Field('day', new DateDay(), true),
  new Field('member', new Bool(), true),
  new Field('station', new Dictionary(new Utf8(), new Int8()), true),
], new Map([['tuomin.title', '公共自行车借还记录 𠮷']]));

const STATIONS = ['𠮷祥路站', '人民广场站', '黄河五路站', '渤海七路站', '𩸽鱼市场站'];
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1);

/** i mod n in [0, n) (the sliced batches' hidden first row is row -1). */
function mod(i: number, n: number): number {
  return ((i % n) + n) % n;
}

function text(i: number): string | null {
  return i % 9 === 0 ? null : i % 4 === 0 ? '' : `备注${i} 🚲${'𠀀'.repeat(mod(i, 5))}`;
}

/** Rows [from, to) as one batch; the station dictionary is this batch's own (its entries in this batch's order). */
function rows(from: number, to: number): RecordBatch {
  const n = to - from;
  const ids = Array.from({ length: n }, (_, k) => from + k);
  const valid = (f: (i: number) => boolean): Uint8Array => {
    const bm = new Uint8Array(Math.ceil(n / 8));
    ids.forEach((i, k) => {
      if (f(i)) bm[k >> 3]! |= 1 << (k & 7);
    });
    return bm;
  };
  const textVec = vectorFromArray(ids.map(text), new LargeUtf8());
  // decimal(38, 2): 128-bit little-endian words; fen = i * 7 - 500 (negative ones included).
  const fee = new Uint32Array(n * 4);
  ids.forEach((i, k) => {
    const v = BigInt(i * 7 - 500);
    const u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) fee[k * 4 + w] = Number((u >> BigInt(32 * w)) & 0xffffffffn);
  });
  const at = new BigInt64Array(ids.map((i) => BigInt(T0 + mod(i, 1000) * 60_000) * 1000n));
  const day = new Int32Array(ids.map((i) => Math.floor(T0 / DAY) + mod(i, 28)));
  const member = valid((i) => i % 3 === 0);
  // Each batch's dictionary lists the stations in the order this batch first uses them.
  const order: string[] = [];
  const idx = new Int8Array(n);
  ids.forEach((i, k) => {
    const s = STATIONS[mod(i * 7, STATIONS.length)]!;
    let at = order.indexOf(s);
    if (at < 0) at = order.push(s) - 1;
    idx[k] = at;
  });
  const dict = vectorFromArray(order, new Utf8());
  const t = schema.fields.map((f) => f.type);
  const children = [
    makeData({ type: t[0] as Int32, length: n, nullCount: 0, data: Int32Array.from(ids) }),
    textVec.data[0]!,
    makeData({ type: t[2] as Decimal, length: n, nullBitmap: valid((i) => i % 10 !== 0), data: fee }),
    makeData({ type: t[3] as TimestampMicrosecond, length: n, nullBitmap: valid((i) => i % 11 !== 0), data: at }),
    makeData({ type: t[4] as DateDay, length: n, nullBitmap: valid((i) => i % 12 !== 0), data: day }),
    makeData({ type: t[5] as Bool, length: n, nullBitmap: valid((i) => i % 5 !== 0), data: member }),
    makeData({ type: t[6] as Dictionary, length: n, nullBitmap: valid((i) => i % 13 !== 0), data: idx, dictionary: dict }),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

let dir: string;
let pool: JobPool;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuomin-pq-adv-'));
  pool = openJobPool(2, process.env);
});
afterAll(async () => {
  await pool.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** Partition streams of these sizes, each cut in batches of `cut` rows (sliced from larger batches: views with offsets). */
async function handOver(name: string, sizes: number[], cut: number): Promise<string[]> {
  const paths: string[] = [];
  let at = 0;
  for (const [i, s] of sizes.entries()) {
    const path = join(dir, name, `p${i}.arrows`);
    const from = at;
    await writeOwnIpcStream(path, schema, (async function* () {
      for (let k = 0; k < s; k += cut) {
        // A batch two rows wider, sliced: every column a view at offset 1.
        const wide = rows(from + k - 1, from + Math.min(s, k + cut) + 1);
        yield wide.slice(1, wide.numRows - 1);
      }
    })());
    paths.push(path);
    at += s;
  }
  return paths;
}

function planOf(name: string, R: number, options: ParquetWriteOptions, p: JobPool = pool): ParquetGroupsPlan {
  return new ParquetGroupsPlan(p, R, { ...options, rowGroupSize: R }, join(dir, name, 'groups'));
}

async function stitched(name: string, sizes: number[], R: number, options: ParquetWriteOptions, cut = 5): Promise<Buffer> {
  const paths = await handOver(name, sizes, cut);
  const plan = planOf(name, R, options);
  for (const [i, s] of sizes.entries()) plan.add({ kind: 'whole', index: i } as never, paths[i]!, s);
  plan.finish();
  const out = join(dir, name, 'out.parquet');
  expect(await plan.stitch(out, schema)).toBe(sizes.reduce((a, b) => a + b, 0));
  return readFile(out);
}

async function onePass(name: string, total: number, R: number, options: ParquetWriteOptions): Promise<Buffer> {
  const out = join(dir, `${name}-one.parquet`);
  await writeParquet(out, schema, (async function* () {
    for (let i = 0; i < total; i += 997) yield rows(i, Math.min(total, i + 997));
  })(), { ...options, rowGroupSize: R });
  return readFile(out);
}

async function duck<T>(f: (run: (sql: string) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create();
  const con = await db.connect();
  try {
    return await f(async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>);
  } finally {
    con.closeSync();
  }
}

describe('typed columns, every codec: the stitched file is the one pass\'s bytes', () => {
  const metadata = { 'tuomin.version': '2026-12-07', 'z.last': '末', 'a.first': '𠮷' };
  for (const compression of ['snappy', 'zstd', 'none'] as const) {
    it(`${compression}: LargeUtf8, decimal(38,2), zoned timestamps, dates, booleans, an Int8 dictionary; read back by DuckDB`, async () => {
      const sizes = [0, 13, 1, 0, 40, 2, 0, 9];
      const total = sizes.reduce((a, b) => a + b, 0);
      const R = 8;
      const file = await stitched(`typed-${compression}`, sizes, R, { compression, metadata });
      expect(file.equals(await onePass(`typed-${compression}`, total, R, { compression, metadata }))).toBe(true);
      const path = join(dir, `typed-${compression}`, 'out.parquet');
      await duck(async (q) => {
        const codecs = await q(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
        expect(codecs.map((r) => r.compression)).toEqual([compression === 'none' ? 'UNCOMPRESSED' : compression.toUpperCase()]);
        expect((await q(`SELECT count(DISTINCT row_group_id)::INT AS g FROM parquet_metadata('${path}')`))[0]!.g).toBe(Math.ceil(total / R));
        const got = await q(`SELECT id, "text", fee::VARCHAR AS fee, epoch_us("at")::BIGINT::VARCHAR AS "at", "day"::VARCHAR AS "day", member, station FROM read_parquet('${path}') ORDER BY id`);
        expect(got.length).toBe(total);
        for (const [i, r] of got.entries()) {
          expect(r.id).toBe(i);
          expect(r.text).toBe(text(i));
          expect(r.fee).toBe(i % 10 === 0 ? null : ((i * 7 - 500) / 100).toFixed(2));
          expect(r.at).toBe(i % 11 === 0 ? null : String((T0 + (i % 1000) * 60_000) * 1000));
          expect(r.day).toBe(i % 12 === 0 ? null : new Date(T0 + (i % 28) * DAY).toISOString().slice(0, 10));
          expect(r.member).toBe(i % 5 === 0 ? null : i % 3 === 0);
          expect(r.station).toBe(i % 13 === 0 ? null : STATIONS[(i * 7) % STATIONS.length]);
        }
      });
    });
  }
});

describe('a damaged or missing hand-over stream, a dead worker: an error naming the partition, no file', () => {
  const options: ParquetWriteOptions = { compression: 'snappy' };
  /** Three partitions of 30 rows, groups of 20: partition 1's job reads partition 0's tail, partition 2's reads partition 1's. */
  async function planWith(name: string, damage: (paths: string[]) => Promise<void>, p: JobPool = pool): Promise<{ err: Error | null; out: string }> {
    const sizes = [30, 30, 30];
    const paths = await handOver(name, sizes, 7);
    await damage(paths);
    const plan = planOf(name, 20, options, p);
    for (const [i, s] of sizes.entries()) plan.add({ kind: 'csv-bytes', index: i, start: i * 1000, end: (i + 1) * 1000 } as never, paths[i]!, s);
    plan.finish();
    const out = join(dir, name, 'out.parquet');
    const err = await plan.stitch(out, schema).then(() => null, (e: unknown) => e as Error);
    await plan.settle();
    return { err, out };
  }

  it('a stream cut inside a batch: the job says the hand-over stream is damaged, naming it and the partition', async () => {
    const { err, out } = await planWith('cut-inside', async (paths) => {
      const len = (await readFile(paths[1]!)).length;
      await truncate(paths[1]!, Math.floor(len * 0.6));
    });
    expect(err?.message).toMatch(/partition 1 \(bytes 1000–2000\): encoding the Parquet row groups that end in it: a partition's hand-over stream .* cannot be read/);
    expect(err?.message).toContain('p1.arrows');
    expect(existsSync(out)).toBe(false);
  });

  it('a stream cut on a batch boundary (fewer rows): named, with the rows it has and the rows expected', async () => {
    const { err, out } = await planWith('cut-boundary', async (paths) => {
      // 30 rows in batches of 7: the stream of the first batch alone (7 rows) has its schema and one batch.
      const one = join(dir, 'cut-boundary', 'one.arrows');
      await writeOwnIpcStream(one, schema, (async function* () { yield rows(30, 37); })());
      await writeFile(paths[1]!, (await readFile(one)).subarray(0, -8));
    });
    expect(err?.message).toMatch(/partition 1 \(bytes 1000–2000\)/);
    expect(err?.message).toMatch(/partition 1 \(bytes 1000–2000\): encoding the Parquet row groups .* hand-over stream has 7 rows, 30 expected/);
    expect(existsSync(out)).toBe(false);
  });

  it('a stream deleted: named, and the partition', async () => {
    const { err, out } = await planWith('deleted', async (paths) => unlink(paths[0]!));
    // Partition 0's own group [0, 20) is the first to need it.
    expect(err?.message).toMatch(/partition 0 \(bytes 0–1000\): encoding the Parquet row groups that end in it: .*hand-over stream .*\(it is gone\)/);
    expect(err?.message).toContain('p0.arrows');
    expect(existsSync(out)).toBe(false);
  });

  it('a worker that dies under an encode job (heap limit): the partition named, no file', async () => {
    const dead = openJobPool(1, { ...process.env, TUOMIN_WORKER_HEAP_MB: '4' });
    try {
      const { err, out } = await planWith('dead-worker', async () => {}, dead);
      expect(err?.message).toMatch(/partition 0 \(bytes 0–1000\) failed: encoding the Parquet row groups that end in it: .*memory/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await dead.destroy();
    }
  });
});
