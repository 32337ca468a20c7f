/**
 * Adversarial tests of the Parquet file a partitioned run or conversion places (run/parallel/
 * placement.ts, encoded-groups.ts, io parquet/groups.ts): typed columns the plain test does not
 * cover (LargeUtf8, decimals, zoned timestamps, dates, booleans, narrow dictionaries, 4-byte
 * characters), sliced batches, every codec, many partitions, a worker that dies while the jobs
 * place their groups. Real files; the reference is always io writeParquet over the same rows in
 * one go (the one pass), and DuckDB reads the files back. Then whole runs of a generated domain of
 * our own (bike rentals) where rows go in every way a spec can drop them: the same bytes for any
 * workers, batch size and partitioning, every row dropped, and a privacy run's phase 1 leaving no
 * rejects writer open.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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
import { convertFile, loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { discardStaging, stageRun } from '../packages/publish/src/run/run.js';
import { reviewSinks } from '../packages/publish/src/run/review-pass.js';
import { stageParallel } from '../packages/publish/src/run/parallel/coordinator.js';
import { placedParquet } from './support/placed-parquet.js';

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
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuomin-pq-adv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Partitions of these sizes, each in batches of `cut` rows sliced from larger batches (views with offsets). */
function partitionsOf(sizes: number[], cut: number): RecordBatch[][] {
  let at = 0;
  return sizes.map((s) => {
    const from = at;
    at += s;
    const own: RecordBatch[] = [];
    for (let k = 0; k < s; k += cut) {
      // A batch two rows wider, sliced: every column a view at offset 1.
      const wide = rows(from + k - 1, from + Math.min(s, k + cut) + 1);
      own.push(wide.slice(1, wide.numRows - 1));
    }
    return own;
  });
}

async function stitched(name: string, sizes: number[], R: number, options: ParquetWriteOptions, cut = 5): Promise<Buffer> {
  const out = join(dir, name, 'out.parquet');
  expect((await placedParquet(join(dir, name), schema, partitionsOf(sizes, cut), R, options, out)).rows).toBe(sizes.reduce((a, b) => a + b, 0));
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

describe('a worker that dies while the jobs place their output: an error naming the partition, nothing written, nothing left', () => {
  it('convert to Parquet and to CSV with a 4 MB worker heap: no output, no temporary file, no private folder', async () => {
    // A damaged groups file is refused at the stitch (placement.test.ts); here the job itself dies.
    const d = join(dir, 'dead-worker');
    const priv = join(d, 'tmp');
    await mkdir(priv, { recursive: true });
    const src = join(d, 'rentals.csv');
    await writeFile(src, rentalsCsv(20_000));
    const saved = { heap: process.env.TUOMIN_WORKER_HEAP_MB, tmp: process.env.TMPDIR };
    process.env.TUOMIN_WORKER_HEAP_MB = '4';
    // convert's private folder goes under os.tmpdir(): here, where it can be seen to go.
    process.env.TMPDIR = priv;
    try {
      for (const ext of ['.parquet', '.csv']) {
        const out = join(d, `out${ext}`);
        const err = await convertFile(src, out, { workers: 2, partitionBytes: 300_000 }).then(() => null, (e: unknown) => e as Error);
        expect(err?.message, ext).toMatch(/partition \d+ \(bytes \d+–\d+\): a worker ran out of memory/);
        expect((err as { code?: string }).code, ext).toBe('RESOURCE');
        expect(existsSync(out)).toBe(false);
      }
      expect((await readdir(d)).sort()).toEqual(['rentals.csv', 'tmp']);
      expect(await readdir(priv)).toEqual([]);
    } finally {
      for (const [k, v] of [['TUOMIN_WORKER_HEAP_MB', saved.heap], ['TMPDIR', saved.tmp]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 120_000);
});

/**
 * A domain of our own: public bike rentals (公共自行车借还记录), seeded. Rows that go: every 997th
 * has a duration that is not a number (a reject-row cast), rows [70,000, 75,000) are in a test
 * district (suppress-rows: partitions there release nothing), and the privacy search suppresses
 * rare classes (a two-phase run). Free text with quoted newlines-free commas, doubled quotes,
 * emoji and CJK Extension B characters.
 */
function rentalsCsv(n: number): string {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const DISTRICTS = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县', '邹平市'];
  const SUR = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
  const GIV = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军'];
  const lines = ['订单编号,姓名,手机号,借车站点,借车时间,借车日期,时长分钟,费用,是否会员,区县,备注'];
  for (let i = 0; i < n; i++) {
    const date = `2024-03-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const time = `${date} ${pick(['08', '12', '18'])}:00:00`;
    const mins = i % 997 === 0 ? '未知' : String(1 + Math.floor(rnd() * 120));
    const fee = (Math.floor(rnd() * 1000) / 100).toFixed(2);
    const member = rnd() < 0.4 ? 'true' : 'false';
    const mobile = `1${pick(['38', '39', '50', '86'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    const note = i % 13 === 0 ? `"用户来电${mobile}反映车辆故障,""车锁""损坏 😀"` : i % 5 === 0 ? '' : pick(['正常还车', '超区还车', '车辆故障 🚲', '𠀀备注']);
    const district = i >= 70_000 && i < 75_000 ? '测试区' : pick(DISTRICTS);
    lines.push([`BK2024${String(i).padStart(8, '0')}`, pick(SUR) + pick(GIV), mobile, pick(STATIONS), time, date, mins, fee, member, district, note].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const RENTALS_SPEC = `dataset:
  id: binzhou-bike-rentals
  title: 滨州市公共自行车借还记录
  description: 公共自行车借还记录（用户信息已脱敏）。
  publisher: { name: 滨州市交通运输局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@binzhou.gov.cn }
  domain: 交通
  keywords: [公共自行车]
  updateFrequency: monthly
openAttribute: unconditional
source:
  path: rentals.csv
  acquiredAt: 2026-11-20
columns:
  订单编号: { name: order_id, description: 订单编号（假名）, rule: [ORDER_RULES] }
  姓名: { name: user_name, description: 姓氏, sensitivity: L3, rule: { type: mask, preset: cn.name } }
  手机号: { name: mobile, description: 手机号（脱敏）, sensitivity: L3, rule: { type: mask, preset: cn.mobile, keepFirst: 0, keepLast: 0, onInvalid: mask-all } }
  借车站点: { name: station, description: 借车站点 }
  借车时间: { name: rented_at, description: 借车时间, type: datetime }
  借车日期: { name: rented_on, description: 借车日期, type: date }
  时长分钟: { name: minutes, description: 骑行时长, type: integer, rule: { type: cast, to: int64, onInvalid: reject-row } }
  费用: { name: fee, description: 费用（元）, type: number, scale: 2 }
  是否会员: { name: member, description: 是否会员, type: boolean }
  区县: { name: district, description: 区县, rule: { type: suppress-rows, where: { column: 区县, equals: 测试区 } } }
  备注: { name: note, description: 备注, rule: { type: redact } }
output:
  folder: out
  formats: [FORMATS]
  parquetCompression: COMPRESSION
privacy:
  # 借车站点: where a person was seen renting is known to whoever saw them (core quasi-header: stations).
  quasiIdentifiers: [姓名, 借车日期, 区县, 借车时间, 借车站点]
  # The station's first character (𠮷祥路站 → 𠮷***: a character outside the BMP survives the search).
  hierarchies: { 借车站点: { builtin: prefix, keep: [1] }, 借车日期: { builtin: date } }
  k: 5
  suppressionLimit: 0.02
`;
const PSEUDONYM = '{ type: pseudonymize, key: { env: TUOMIN_KEY }, length: 16, prefix: R, output: base32 }';
const KEY = '000102030405060708090a0b0c0d0e0f';
const NOW = new Date('2026-12-01T00:00:00Z');

async function rentals(name: string, n: number, edit: { formats?: string; compression?: string; orderRules?: string } = {}): Promise<string> {
  const d = join(dir, name);
  await rm(d, { recursive: true, force: true });
  await mkdir(d, { recursive: true });
  await writeFile(join(d, 'rentals.csv'), rentalsCsv(n));
  const spec = RENTALS_SPEC.replace('ORDER_RULES', edit.orderRules ?? PSEUDONYM).replace('FORMATS', edit.formats ?? 'csv, parquet, arrow, ndjson')
    .replace('COMPRESSION', edit.compression ?? 'snappy');
  await writeFile(join(d, 'rentals.yaml'), spec);
  return join(d, 'rentals.yaml');
}

interface Shape { workers: number; batchSize?: number; partitionBytes?: number }

async function publishShape(file: string, shape: Shape): Promise<PublishResult & { out: string }> {
  const out = await mkdtemp(join(dir, 'out-'));
  const r = await publishRun(await loadSpec(file), { env: { ...process.env, TUOMIN_KEY: KEY }, outputFolder: out, version: '1.0.0', now: NOW, ...shape });
  return { ...r, out };
}

const dataFiles = (r: PublishResult): Record<string, string> => Object.fromEntries(r.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.format, f.sha256]));

describe('a generated 140,000-row extract: row groups straddle partitions, rows go in every way', () => {
  it('the same SHA-256 of every data file for workers 1–3, batch sizes 1,000 and 65,536, a few partitions or hundreds; DuckDB reads the Parquet file as the CSV', async () => {
    const file = await rentals('rentals-140k', 140_000, { compression: 'zstd' });
    const one = await publishShape(file, { workers: 1, batchSize: 65_536 });
    expect(one.parallel).toBeUndefined();
    // 140,000 rows less 141 rejected casts, 5,000 in the test district and the search's suppressed rows.
    expect(one.sourceRows).toBe(140_000);
    expect(one.rows).toBeLessThan(140_000 - 141 - 5_000 + 1);
    expect(one.rows).toBeGreaterThan(131_072);
    const expected = dataFiles(one);
    expect(Object.keys(expected).sort()).toEqual(['arrow', 'csv', 'ndjson', 'parquet']);
    const shapes: Shape[] = [
      { workers: 1, batchSize: 1_000 },
      { workers: 2, batchSize: 1_000, partitionBytes: 2_000_000 },
      { workers: 3, batchSize: 65_536, partitionBytes: 3_000_000 },
      // About 210 partitions of ~80 KB: many release nothing (the test district), groups span dozens.
      { workers: 2, batchSize: 65_536, partitionBytes: 80_000 },
    ];
    for (const shape of shapes) {
      const r = await publishShape(file, shape);
      if (shape.partitionBytes) expect(r.parallel && 'partitions' in r.parallel ? r.parallel.partitions : 0, JSON.stringify(r.parallel)).toBeGreaterThan(1);
      expect(r.rows).toBe(one.rows);
      expect(dataFiles(r), JSON.stringify(shape)).toEqual(expected);
      await rm(r.out, { recursive: true, force: true });
    }
    const data = join(one.out, 'binzhou-bike-rentals', '1.0.0', 'data');
    const pq = join(data, 'binzhou-bike-rentals.parquet');
    const csv = join(data, 'binzhou-bike-rentals.csv');
    await duck(async (q) => {
      await q('SET threads = 1');
      const groups = await q(`SELECT row_group_id, any_value(row_group_num_rows)::INT AS n, any_value(compression) AS c FROM parquet_metadata('${pq}') GROUP BY 1 ORDER BY 1`);
      expect(groups).toEqual([
        { row_group_id: '0', n: 65_536, c: 'ZSTD' },
        { row_group_id: '1', n: 65_536, c: 'ZSTD' },
        { row_group_id: '2', n: one.rows - 131_072, c: 'ZSTD' },
      ]);
      // Every value, in order: the Parquet typed columns as the CSV writes them.
      const typed = `SELECT row_number() OVER () AS rn, order_id, user_name, mobile, station, strftime(rented_at, '%Y-%m-%dT%H:%M:%S.%g') AS rented_at,
        rented_on::VARCHAR AS rented_on, minutes::VARCHAR AS minutes, fee::VARCHAR AS fee, member::VARCHAR AS member, district, coalesce(note, '') AS note FROM read_parquet('${pq}')`;
      const text = `SELECT row_number() OVER () AS rn, order_id, user_name, mobile, station, rented_at, rented_on, minutes, fee, member, district, coalesce(note, '') AS note
        FROM read_csv('${csv}', all_varchar = true, header = true)`;
      expect((await q(`SELECT count(*)::INT AS n FROM (${typed})`))[0]!.n).toBe(one.rows);
      expect((await q(`SELECT count(*)::INT AS n FROM (${text})`))[0]!.n).toBe(one.rows);
      expect(await q(`SELECT count(*)::INT AS n FROM ((${typed}) EXCEPT ALL (${text}))`)).toEqual([{ n: 0 }]);
      expect(await q(`SELECT count(*)::INT AS n FROM ((${text}) EXCEPT ALL (${typed}))`)).toEqual([{ n: 0 }]);
      // The 4-byte characters survived (not replaced or cut).
      expect((await q(`SELECT count(*)::INT AS n FROM read_parquet('${pq}') WHERE note = '𠀀备注' OR station LIKE '%𠮷%'`))[0]!.n).toBeGreaterThan(1000);
    });
  }, 900_000);
});

describe('every row dropped: the staged files of partitions equal the one pass\'s', () => {
  it('suppress-rows on every row, five formats (the normative review refuses to publish no rows, so the staged files are compared)', async () => {
    const file = await rentals('rentals-none', 6_000, { formats: 'csv, parquet, arrow, ndjson, xlsx', orderRules: `{ type: suppress-rows, where: { column: 订单编号, isNull: false } }, ${PSEUDONYM}` });
    const loaded = await loadSpec(file);
    const opts = { env: { ...process.env, TUOMIN_KEY: KEY }, version: '1.0.0', metadata: { 'tuomin.version': '1.0.0' } };
    const one = await stageRun(loaded, { ...opts, sinks: reviewSinks(loaded.spec) });
    try {
      const par = await stageParallel(loaded, opts, { workers: 2, partitionBytes: 60_000, batchSize: 1_000 });
      if ('sequential' in par) throw new Error(`ran in one pass: ${par.sequential}`);
      try {
        expect(par.parallel && 'partitions' in par.parallel ? par.parallel.partitions : 0).toBeGreaterThan(5);
        expect(par.rows).toBe(0);
        expect(one.rows).toBe(0);
        const byFormat = async (files: typeof one.files): Promise<Record<string, string>> =>
          Object.fromEntries(await Promise.all(files.map(async (f) => [f.format, (await readFile(f.path)).toString('base64')] as const)));
        const expected = await byFormat(one.files);
        expect(Object.keys(expected).sort()).toEqual(['arrow', 'csv', 'ndjson', 'parquet', 'xlsx']);
        expect(await byFormat(par.files)).toEqual(expected);
        const pq = one.files.find((f) => f.format === 'parquet')!.path;
        await duck(async (q) => {
          expect(await q(`SELECT count(*)::INT AS n FROM read_parquet('${pq}')`)).toEqual([{ n: 0 }]);
          expect(await q(`SELECT count(*)::INT AS n FROM parquet_metadata('${pq}')`)).toEqual([{ n: 0 }]);
          expect((await q(`DESCRIBE SELECT * FROM read_parquet('${pq}')`)).map((r) => `${String(r.column_name)} ${String(r.column_type)}`)).toEqual([
            'order_id VARCHAR', 'user_name VARCHAR', 'mobile VARCHAR', 'station VARCHAR', 'rented_at TIMESTAMP', 'rented_on DATE',
            'minutes BIGINT', 'fee DECIMAL(38,2)', 'member BOOLEAN', 'district VARCHAR', 'note VARCHAR',
          ]);
        });
      } finally {
        await discardStaging(par);
      }
    } finally {
      await discardStaging(one);
    }
  }, 300_000);
});

describe('rows a cast rejects before the privacy search, over partitions', () => {
  it('phase 1 writes no rejects file (its rows are rejected again, and written, in phase 2): no rejects writer left open', async () => {
    // Phase 1 ran the cast with the run's rejects writer and never finished it: a FileHandle per
    // partition closed only by the garbage collector (DEP0137), a temporary rejects file left in
    // the job's folder, and the rejected rows held in memory until the end of the run.
    const file = await rentals('rentals-rejects', 20_000, { formats: 'csv, parquet' });
    await writeFile(file, (await readFile(file, 'utf8')).replace('suppressionLimit: 0.02', 'suppressionLimit: 0.45'));
    const work = await mkdtemp(join(dir, 'work-'));
    const out = await mkdtemp(join(dir, 'out-'));
    // Job folders (p<index>-<id>, one per partition and phase) seen with something in rejects/.
    const withRejects = new Set<string>();
    let polling = false;
    const watch = setInterval(() => {
      if (polling) return;
      polling = true;
      void (async () => {
        for (const run of await readdir(work).catch(() => [] as string[])) {
          const jobs = join(work, run, 'jobs');
          for (const j of await readdir(jobs).catch(() => [] as string[])) {
            if ((await readdir(join(jobs, j, 'rejects')).catch(() => [] as string[])).length > 0) withRejects.add(j);
          }
        }
      })().finally(() => {
        polling = false;
      });
    }, 5);
    let r: PublishResult;
    try {
      r = await publishRun(await loadSpec(file), { env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work }, outputFolder: out, version: '1.0.0', now: NOW, workers: 2, partitionBytes: 400_000, batchSize: 1_000 });
    } finally {
      clearInterval(watch);
    }
    expect(r.parallel && 'phases' in r.parallel ? r.parallel.phases : 0).toBe(2);
    // 21 of the 20,000 durations are not numbers: every one in the kept rejects file, once.
    expect(r.rejects?.map((x) => x.rows)).toEqual([21]);
    const byPartition = new Map<string, number>();
    for (const j of withRejects) byPartition.set(j.slice(0, 6), (byPartition.get(j.slice(0, 6)) ?? 0) + 1);
    expect(byPartition.size).toBeGreaterThan(1);
    for (const [p, n] of byPartition) expect(n, `${p}: job folders with rejects ${[...withRejects].filter((j) => j.startsWith(p)).join(', ')}`).toBe(1);
  }, 300_000);
});
