/**
 * CSV → Arrow (ours) and CSV → rows (peers) on the penalties fixture, 2,000,000 rows by default
 * (TUOMIN_BENCH_ROWS to scale). Every parser reads the same file from its path; before timing,
 * row counts and the first and last 100 rows must agree (nulls compared as empty strings, since
 * DuckDB reads an empty field as NULL). Peers: papaparse (string input, arrays, no worker),
 * fast-csv (stream, arrays), DuckDB read_csv into a table (all VARCHAR; 1 thread and all cores).
 */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { parse as fastCsvParse } from 'fast-csv';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { duckdb } from './lib/duckdb.js';
import { assertSame, benchRows, report, row } from './lib/harness.js';

const SAMPLE = 100;
type Rows = string[][];

interface Parsed {
  rows: number;
  first: Rows;
  last: Rows;
}

/** Keeps the first and last SAMPLE data rows seen (header excluded by the caller). */
class Sampler {
  rows = 0;
  first: Rows = [];
  private ring: Rows = [];
  add(r: readonly (string | null)[]): void {
    const s = r.map((v) => v ?? '');
    if (this.first.length < SAMPLE) this.first.push(s);
    this.ring[this.rows % SAMPLE] = s;
    this.rows++;
  }
  done(): Parsed {
    const n = Math.min(SAMPLE, this.rows);
    const last: Rows = [];
    for (let i = this.rows - n; i < this.rows; i++) last.push(this.ring[i % SAMPLE]!);
    return { rows: this.rows, first: this.first, last };
  }
}

// ---- tuomin readCsv (lands in @tuomin/io; loaded lazily so the peers still run without it) ----
type ReadCsv = (path: string, o: { encoding?: string; delimiter?: string; batchSize?: number }) => Promise<{ batches(): AsyncIterable<RecordBatch> }>;

async function loadReadCsv(): Promise<ReadCsv | string> {
  try {
    const io = (await import('../packages/io/src/index.js')) as { readCsv?: ReadCsv };
    return io.readCsv ?? 'readCsv is not exported by @tuomin/io yet';
  } catch (e) {
    return `@tuomin/io failed to load: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function oursCount(readCsv: ReadCsv, path: string, encoding = 'utf-8'): Promise<number> {
  const src = await readCsv(path, { encoding, delimiter: ',' });
  let n = 0;
  for await (const b of src.batches()) n += b.numRows;
  return n;
}

async function oursSample(readCsv: ReadCsv, path: string, encoding = 'utf-8'): Promise<Parsed> {
  const src = await readCsv(path, { encoding, delimiter: ',' });
  const rowsOf = (b: RecordBatch, from: number, to: number): Rows => {
    const cols = b.schema.fields.map((_, i) => b.getChildAt(i)!);
    const out: Rows = [];
    for (let r = from; r < to; r++) out.push(cols.map((c) => (c.get(r) as string | null) ?? ''));
    return out;
  };
  let rows = 0;
  const first: Rows = [];
  let tail: RecordBatch[] = []; // the most recent batches, holding at least SAMPLE rows
  for await (const b of src.batches()) {
    rows += b.numRows;
    if (first.length < SAMPLE) first.push(...rowsOf(b, 0, Math.min(b.numRows, SAMPLE - first.length)));
    tail.push(b);
    while (tail.length > 1 && tail.slice(1).reduce((n, x) => n + x.numRows, 0) >= SAMPLE) tail = tail.slice(1);
  }
  const last = tail.flatMap((b) => rowsOf(b, 0, b.numRows)).slice(-SAMPLE);
  return { rows, first, last };
}

// ---- papaparse: string input in ~64 MB pieces cut at line ends (a V8 string tops out near 512 MB;
// the clean fixture has no line breaks inside fields, which the verification pass checks) ----
const PIECE = 64 << 20;

// GBK trail bytes are 0x40–0xFE, so cutting a GBK file at 0x0A is as safe as cutting UTF-8
const utf8 = (b: Buffer, from: number, to: number) => b.toString('utf8', from, to);
const gbk = (b: Buffer, from: number, to: number) => iconv.decode(b.subarray(from, to), 'gbk');

async function papa(path: string, each?: (r: string[]) => void, decode = utf8): Promise<number> {
  const buf = await readFile(path);
  let n = -1; // header
  for (let start = 0; start < buf.length; ) {
    let end = Math.min(start + PIECE, buf.length);
    if (end < buf.length) end = buf.indexOf(0x0a, end) + 1 || buf.length;
    const res = Papa.parse<string[]>(decode(buf, start, end), { header: false, worker: false, newline: '\n' });
    if (res.errors.length) throw new Error(`papaparse: ${res.errors[0]!.message} near row ${res.errors[0]!.row}`);
    const data = res.data;
    let len = data.length;
    if (len && data[len - 1]!.length === 1 && data[len - 1]![0] === '') len--;
    if (each) for (let i = start === 0 ? 1 : 0; i < len; i++) each(data[i]!);
    n += len;
    start = end;
  }
  return n;
}

// ---- fast-csv: parse stream to arrays ----
function fastCsv(path: string, each?: (r: string[]) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = -1;
    createReadStream(path, { highWaterMark: 1 << 20 })
      .pipe(fastCsvParse({ headers: false }))
      .on('error', reject)
      .on('data', (r: string[]) => {
        if (n >= 0 && each) each(r);
        n++;
      })
      .on('end', () => resolve(n));
  });
}

// ---- DuckDB read_csv materialized into a table ----
const sqlPath = (p: string) => `'${p.replaceAll("'", "''")}'`;
const readCsvSql = (p: string) => `read_csv(${sqlPath(p)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;

async function duckLoad(db: DuckDBConnection, path: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM ${readCsvSql(path)}`);
}

async function duckSample(db: DuckDBConnection, path: string): Promise<Parsed> {
  await duckLoad(db, path);
  const count = Number((await db.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0]![0]);
  const rowsOf = async (sql: string) => (await db.runAndReadAll(sql)).getRowsJS().map((r) => r.map((v) => (v === null ? '' : String(v))));
  return {
    rows: count,
    first: await rowsOf(`SELECT * FROM t LIMIT ${SAMPLE}`),
    last: await rowsOf(`SELECT * FROM t OFFSET ${Math.max(0, count - SAMPLE)}`),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function sampleOf(fn: (each: (r: string[]) => void) => Promise<number>): Promise<Parsed> {
  const s = new Sampler();
  const n = await fn((r) => {
    if (r.length !== 14) throw new Error(`a parsed row has ${r.length} fields, expected 14`);
    s.add(r);
  });
  const p = s.done();
  if (p.rows !== n) throw new Error(`row count ${n} but ${p.rows} rows seen`);
  return p;
}

export default async function (): Promise<void> {
  const N = benchRows(2_000_000);
  const rounds = N <= 200_000 ? 5 : 2;
  const path = await ensureFixture('penalties', N);
  const bytes = statSync(path).size;
  console.log(`penalties fixture: ${path}, ${N} rows, ${(bytes / 1e6).toFixed(1)} MB; ${rounds} timed rounds after a verification pass`);

  const db1 = await duckdb(1);
  const dbAll = await duckdb(0);
  const cores = availableParallelism();

  // 1. every parser must read the same rows before anything is timed
  console.log('verifying that all parsers read the same rows …');
  const ref = await sampleOf((each) => papa(path, each));
  if (ref.rows !== N) throw new Error(`papaparse read ${ref.rows} rows, the fixture has ${N}`);
  assertSame('fast-csv vs papaparse', await sampleOf((each) => fastCsv(path, each)), ref);
  assertSame('duckdb vs papaparse', await duckSample(db1, path), ref);

  const readCsv = await loadReadCsv();
  let oursNote: string | undefined;
  if (typeof readCsv === 'string') oursNote = readCsv;
  else {
    try {
      assertSame('tuomin readCsv vs papaparse', await oursSample(readCsv, path), ref);
    } catch (e) {
      oursNote = `not timed: ${(e as Error).message.split('\n')[0]}`;
      console.error((e as Error).message);
    }
  }

  // 2. time: rounds interleave the implementations (the verification pass was their warm-up), so
  // load from other processes on a shared machine hits all of them alike; the median is kept.
  const cases: [string, () => Promise<unknown>][] = [
    ['papaparse (string, arrays)', () => papa(path)],
    ['fast-csv (stream, arrays)', () => fastCsv(path)],
    ['duckdb read_csv 1 thread', () => duckLoad(db1, path)],
    [`duckdb read_csv ${cores} threads`, () => duckLoad(dbAll, path)],
  ];
  const oursOk = oursNote === undefined && typeof readCsv !== 'string';
  if (oursOk) cases.unshift(['tuomin readCsv → Arrow', () => oursCount(readCsv, path)]);
  else console.log(`tuomin readCsv: ${oursNote}`);

  // optional: the same rows encoded GBK (TUOMIN_BENCH_GBK=1); the peer decodes with iconv-lite first
  const gbkCases: [string, () => Promise<unknown>][] = [];
  let gbkBytes = 0;
  if (process.env.TUOMIN_BENCH_GBK && oursOk) {
    const gbkPath = await ensureFixture('penalties', N, { encoding: 'gbk' });
    gbkBytes = statSync(gbkPath).size;
    assertSame('iconv-lite + papaparse on GBK vs papaparse on UTF-8', await sampleOf((each) => papa(gbkPath, each, gbk)), ref);
    assertSame('tuomin readCsv GBK vs papaparse on UTF-8', await oursSample(readCsv, gbkPath, 'gbk'), ref);
    gbkCases.push(['tuomin readCsv GBK → Arrow', () => oursCount(readCsv, gbkPath, 'gbk')]);
    gbkCases.push(['iconv-lite gbk + papaparse', () => papa(gbkPath, undefined, gbk)]);
    cases.push(...gbkCases);
  }
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  // CPU time of this process (all its threads) is less sensitive to other people's load than wall time
  const cpu = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const load: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of cases) {
      const c = process.cpuUsage();
      const t = performance.now();
      await fn();
      times.get(name)!.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.get(name)!.push((d.user + d.system) / 1000);
      console.log(`  round ${r + 1}: ${name} ${times.get(name)!.at(-1)!.toFixed(0)} ms (cpu ${cpu.get(name)!.at(-1)!.toFixed(0)} ms)`);
    }
    load.push(loadavg()[0]!);
  }
  const ms = (name: string) => median(times.get(name)!);
  const note = `median of ${rounds}; load avg ${load.map((l) => l.toFixed(1)).join('/')} on ${cores} cores`;
  const cpuNote = (name: string) => `cpu ${median(cpu.get(name)!).toFixed(0)} ms; ${note}`;
  const OURS = 'tuomin readCsv → Arrow';
  const peerCases = cases.slice(oursOk ? 1 : 0, cases.length - gbkCases.length);
  const results = peerCases.map(([name]) => row({ case: name, rows: N, bytes, ms: ms(name), note: cpuNote(name) }));
  const ours = oursOk ? results.map((p) => row({ case: OURS, rows: N, bytes, ms: ms(OURS), peer: p.case, peerMs: p.ms, note: cpuNote(OURS) })) : [];
  if (gbkCases.length) {
    const [[g], [peer]] = gbkCases as [[string, unknown], [string, unknown]];
    results.push(row({ case: peer, rows: N, bytes: gbkBytes, ms: ms(peer), note: cpuNote(peer) }));
    ours.push(row({ case: g, rows: N, bytes: gbkBytes, ms: ms(g), peer, peerMs: ms(peer), note: cpuNote(g) }));
  }
  await report('csv', [...ours, ...results]);
}
