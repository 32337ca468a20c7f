/**
 * Mask kernels on 2,000,000 values: ours (the mask() transform on buffers) vs the naive path
 * (Vector.get + JS string slicing + vectorFromArray) vs DuckDB on one thread (substr and ||),
 * after checking that all give the same output on a sample. Seeded data, repeatable.
 */
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Data, Field, type RecordBatch, Schema, Utf8, Vector, makeVector, vectorFromArray } from 'apache-arrow';
import { batchFromColumns, makeUtf8Data, mask, type MaskOptions } from '@tuomin/core/internal';
import { assertSame, benchRows, report, row, timeStats, type ResultRow } from './lib/harness.js';
import { duckdb } from './lib/duckdb.js';
import { mulberry32 } from './lib/random.js';

const N = benchRows(2_000_000);
const SAMPLE = 2000;
/** The readers' default batch size (CSV, Parquet, IPC): the kernels see columns in chunks of this size. */
const BATCH_ROWS = 65_536;


const REGIONS = ['371602', '370102', '110105', '440305', '310115', '510107', '330106', '420106', '320106', '610113'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红');
const PLACES = ['山东省滨州市滨城区', '北京市海淀区', '广东省深圳市南山区', '四川省成都市武侯区', '新疆维吾尔自治区乌鲁木齐市天山区', '浙江省杭州市西湖区'];
const ROADS = ['黄河五路', '中关村大街', '科技园路', '人民南路', '解放北路', '文三路'];

function makeValues(n: number) {
  const rnd = mulberry32(20240521);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const digits = (k: number): string => { let s = ''; for (let i = 0; i < k; i++) s += String(Math.floor(rnd() * 10)); return s; };
  const ids: string[] = new Array(n);
  const mobiles: string[] = new Array(n);
  const names: string[] = new Array(n);
  const addresses: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const body = pick(REGIONS) + String(1940 + Math.floor(rnd() * 70)) + String(101 + Math.floor(rnd() * 12) * 100 + Math.floor(rnd() * 28)).padStart(4, '0') + digits(3);
    let s = 0;
    for (let k = 0; k < 17; k++) s += (body.charCodeAt(k) - 48) * W[k]!;
    ids[i] = body + CHECK[s % 11]!;
    mobiles[i] = `1${3 + Math.floor(rnd() * 7)}${digits(9)}`;
    names[i] = pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
    addresses[i] = `${pick(PLACES)}${pick(ROADS)}${1 + Math.floor(rnd() * 300)}号`;
  }
  return { ids, mobiles, names, addresses };
}

/**
 * A mask transform bound once to a one-column schema; each call masks the whole column, one
 * record batch per chunk (BATCH_ROWS rows, each chunk with buffers of its own, as the readers
 * produce them), and returns the masked column as one multi-chunk vector.
 */
function ours(options: Omit<MaskOptions, 'columns'>, vec: Vector): () => Promise<Vector> {
  const schema = new Schema([new Field('c', new Utf8(), true)]);
  const bound = mask({ ...options, columns: ['c'] }).bind(schema);
  const batches = vec.data.map((d) => batchFromColumns(schema, [d], d.length));
  return async () => {
    const out: Data[] = [];
    for await (const b of bound.apply((async function* () { yield* batches; })())) out.push((b as RecordBatch).getChildAt(0)!.data[0]!);
    return new Vector(out);
  };
}

/** The naive path: decode every value with Vector.get, slice JS strings, rebuild with vectorFromArray. */
function naive(vec: Vector, f: (s: string) => string): () => Vector {
  return () => {
    const out: string[] = new Array(vec.length);
    for (let i = 0; i < vec.length; i++) out[i] = f(vec.get(i) as string);
    return vectorFromArray(out, new Utf8());
  };
}

/** Build a Utf8 vector of BATCH_ROWS-row chunks from JS strings (setup only, not timed). */
function utf8Vector(values: string[]): Vector {
  const chunks: Data[] = [];
  for (let s = 0; s < values.length; s += BATCH_ROWS) chunks.push(utf8Chunk(values.slice(s, s + BATCH_ROWS)).data[0]!);
  return new Vector(chunks);
}

function utf8Chunk(values: string[]): Vector {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i]! + parts[i]!.length;
  const bytes = new Uint8Array(offsets[values.length]!);
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i]!, offsets[i]!);
  return makeVector(makeUtf8Data(values.length, offsets, bytes, null, 0));
}

const progress = (msg: string): void => { process.stderr.write(`[mask bench] ${msg}\n`); };

const head = (v: Vector, n = SAMPLE): unknown[] => Array.from({ length: Math.min(n, v.length) }, (_, i) => v.get(i));

const maskName = (s: string): string => (s.length === 2 ? `${s[0]}*` : s.length === 3 ? `${s[0]}*${s[2]}` : s[0] + '*'.repeat(s.length - 1));

async function setup() {
  const { ids, mobiles, names, addresses } = makeValues(N);
  const vecs = { id: utf8Vector(ids), mobile: utf8Vector(mobiles), name: utf8Vector(names), address: utf8Vector(addresses) };
  progress(`generated ${N} values per column`);

  const db = await duckdb(1);
  // Load through a temporary CSV (much faster than a per-row appender); loading is not timed.
  const csv = join(tmpdir(), `tuomin-mask-bench-${process.pid}.csv`);
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`${i},${ids[i]},${mobiles[i]},${names[i]},${addresses[i]}`);
  await writeFile(csv, `${lines.join('\n')}\n`);
  await db.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}', header = false, columns = {'i': 'INTEGER', 'id': 'VARCHAR', 'mobile': 'VARCHAR', 'name': 'VARCHAR', 'address': 'VARCHAR'})`);
  await rm(csv);
  return { vecs, db };
}

export default async function (): Promise<void> {
  // The JS strings exist only while the vectors and DuckDB's table are built: kept alive, 8 M
  // strings make every major GC (which external buffer allocations trigger) cost 100+ ms, a cost
  // a real pipeline, holding no JS strings, never pays.
  const { vecs, db } = await setup();
  const bytes = (v: Vector): number => v.data.reduce((a, d) => a + (d.values as Uint8Array).length, 0);
  progress('loaded DuckDB');
  const duckSample = async (expr: string): Promise<unknown[]> =>
    (await db.runAndReadAll(`SELECT ${expr} AS r FROM t ORDER BY i LIMIT ${SAMPLE}`)).getRows().map((r) => r[0]);
  const duckTime = (expr: string) => timeStats(`duckdb ${expr}`, () => db.run(`CREATE OR REPLACE TEMP TABLE r AS SELECT ${expr} AS r FROM t`), 10, 5);

  const cases: Array<{ case: string; options: Omit<MaskOptions, 'columns'>; vec: Vector; js: (s: string) => string; sql?: string }> = [
    { case: 'mask cn.id (keep 6 + 4)', options: { preset: 'cn.id' }, vec: vecs.id, js: (s) => `${s.slice(0, 6)}********${s.slice(14)}`,
      sql: `substr(id, 1, 6) || '********' || substr(id, 15, 4)` },
    { case: 'mask cn.mobile (138****5678)', options: { preset: 'cn.mobile' }, vec: vecs.mobile, js: (s) => `${s.slice(0, 3)}****${s.slice(7)}`,
      sql: `substr(mobile, 1, 3) || '****' || substr(mobile, 8, 4)` },
    { case: 'mask cn.name (张*, 张*丰)', options: { preset: 'cn.name' }, vec: vecs.name, js: maskName,
      sql: `CASE length(name) WHEN 2 THEN substr(name, 1, 1) || '*' WHEN 3 THEN substr(name, 1, 1) || '*' || substr(name, 3, 1) ELSE substr(name, 1, 1) || repeat('*', length(name) - 1) END` },
    { case: 'mask cn.address (to county)', options: { preset: 'cn.address' }, vec: vecs.address,
      js: (s) => { const p = PLACES.find((x) => s.startsWith(x))!; return `${p}****`; } },
    { case: 'mask keepFirst 3 keepLast 2, maskChar ＊ (addresses)', options: { keepFirst: 3, keepLast: 2, maskChar: '＊' }, vec: vecs.address,
      js: (s) => s.slice(0, 3) + '＊'.repeat(s.length - 5) + s.slice(-2),
      sql: `substr(address, 1, 3) || repeat('＊', length(address) - 5) || substr(address, length(address) - 1, 2)` },
  ];

  const rows: ResultRow[] = [];
  for (const c of cases) {
    const run = ours(c.options, c.vec);
    const naiveRun = naive(c.vec, c.js);
    const mine = head(await run());
    assertSame(`${c.case} vs naive`, mine, head(naiveRun()));
    if (c.sql) assertSame(`${c.case} vs duckdb`, mine, await duckSample(c.sql));
    // 20 warm-ups: the first runs grow the malloc heap to its working set (new pages cost
    // 15 us each here; the heap grew for about 20 runs of this kernel before it settled).
    const st = await timeStats(`ours ${c.case}`, run, 20, 20);
    const ms = st.mean;
    // The naive path takes seconds per run: one timed run after the sample check warmed it up.
    const t0 = performance.now();
    naiveRun();
    const naiveMs = performance.now() - t0;
    progress(`${c.case}: ours ${ms.toFixed(1)} ms (median ${st.median.toFixed(1)}), naive ${naiveMs.toFixed(0)} ms`);
    const b = bytes(c.vec);
    rows.push(row({ case: c.case, rows: N, bytes: b, ms, peer: 'naive (Vector.get + slice + vectorFromArray)', peerMs: naiveMs, note: 'naive: 1 run' }));
    if (c.sql) {
      const duck = await duckTime(c.sql);
      rows.push(row({ case: c.case, rows: N, bytes: b, ms, peer: 'duckdb 1 thread (substr, ||)', peerMs: duck.mean,
        note: `means of 20 runs (ours) and 10 (duckdb); medians: ours ${st.median.toFixed(1)} ms, duckdb ${duck.median.toFixed(1)} ms (${(N / st.median / 1000).toFixed(1)} M values/s, ${(duck.median / st.median).toFixed(2)}×)` }));
    }
  }
  await report('mask', rows);
}
