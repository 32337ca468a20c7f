/**
 * Arrow → CSV and Arrow → Parquet (snappy, zstd) on the penalties fixture, 2,000,000 rows by
 * default (TUOMIN_BENCH_ROWS to scale), beside DuckDB `COPY ... TO` on one thread writing the
 * same table. Both sides start from data already in memory (our Arrow batches, DuckDB's table),
 * loaded from the same CSV with empty fields as nulls. Each output is read back with our reader
 * and row counts plus the first and last 100 rows must agree before any figure is reported.
 * MB/s is input (CSV-equivalent) bytes per second, the same yardstick for every format and for
 * the CSV reader's suite; output sizes are in the note.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateDay, Decimal, Field, Int64, Schema, Type, makeData } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { GrowableBytes, batchFromColumns, columnData } from '@tuomin/core/internal';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { openSource, readCsv, writeOutput } from '../packages/io/src/index.js';
import { appendCell, cellRules, encodeColumn } from '../packages/io/src/csv/encode-column.js';
import type { CellRules } from '../packages/io/src/csv/encode-column.js';
import { cellWriter } from '../packages/io/src/ndjson/cells.js';
import { appendAscii } from '../packages/io/src/ndjson/escape.js';
import { valueText } from '../packages/io/src/format/value-text.js';
import { duckdb } from './lib/duckdb.js';
import { assertSame, benchRows, report, row, timeIt } from './lib/harness.js';
import type { ResultRow } from './lib/harness.js';

const SAMPLE = 100;

interface Sample { rows: number; first: string[][]; last: string[][] }

/** Count and first/last rows of a written file, read with our reader (nulls as ''). */
async function sampleFile(path: string): Promise<Sample> {
  const src = await openSource(path, { csv: { nullTokens: [''] } });
  let rows = 0;
  const first: string[][] = [];
  let ring: string[][] = [];
  for await (const b of src.batches()) {
    const cols = b.schema.fields.map((_, i) => b.getChildAt(i)!);
    for (let r = 0; r < b.numRows; r++) {
      const needed = first.length < SAMPLE || r >= b.numRows - SAMPLE;
      if (needed) {
        const vals = cols.map((c) => String(c.get(r) ?? ''));
        if (first.length < SAMPLE) first.push(vals);
        ring.push(vals);
      }
      rows++;
    }
    ring = ring.slice(-SAMPLE);
  }
  return { rows, first, last: ring };
}

async function* replay(batches: RecordBatch[]): AsyncIterable<RecordBatch> {
  yield* batches;
}

const sqlPath = (p: string) => `'${p.replaceAll("'", "''")}'`;

/** xorshift32: the typed table is the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** 2 % nulls, seeded. */
function nullsOf(n: number, r: () => number): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.02) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

/**
 * The columns output-types.ts gives a published table (issue #16 item 8): a money amount as
 * decimal(38,2) (cents up to ±10^9 yuan, some negative), a date32 (1990–2035), an int64 id.
 */
function typedBatches(rows: number, batchSize = 65536): { schema: Schema; batches: RecordBatch[] } {
  const r = rng(16);
  const schema = new Schema([new Field('fine_amount', new Decimal(2, 38, 128), true), new Field('decision_date', new DateDay(), true), new Field('case_id', new Int64(), true)]);
  const batches: RecordBatch[] = [];
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const words = new Uint32Array(n * 4);
    const days = new Int32Array(n);
    const ids = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const cents = Math.floor(r() * 10 ** (2 + Math.floor(r() * 10))) * (r() < 0.05 ? -1 : 1);
      const hi = Math.floor(cents / 4294967296);
      words[4 * i] = cents - hi * 4294967296;
      words[4 * i + 1] = hi >>> 0;
      words[4 * i + 2] = words[4 * i + 3] = hi < 0 ? 0xffffffff : 0;
      days[i] = 7305 + Math.floor(r() * 16800);
      ids[i] = BigInt(start + i) * 7919n + 10_000_000_000n;
    }
    const cols: Data[] = [
      [schema.fields[0]!.type, words],
      [schema.fields[1]!.type, days],
      [schema.fields[2]!.type, ids],
    ].map(([type, data]) => {
      const { bitmap, nulls } = nullsOf(n, r);
      return makeData({ type, length: n, nullCount: nulls, nullBitmap: bitmap, data } as never) as Data;
    });
    batches.push(batchFromColumns(schema, cols, n));
  }
  return { schema, batches };
}

const isValid = (d: Data, i: number): boolean => d.nullCount === 0 || ((d.nullBitmap![(d.offset + i) >> 3]! >> ((d.offset + i) & 7)) & 1) === 1;

/** The CSV cells as encode-column.ts wrote typed values before value-bytes.ts: a string and a TextEncoder call per value. */
function perValueCsvColumn(d: Data, rules: CellRules, out: GrowableBytes): void {
  const text = valueText(d, undefined, 'CSV');
  const enc = new TextEncoder();
  for (let i = 0; i < d.length; i++) {
    if (!isValid(d, i)) out.append(rules.nullToken, 0, rules.nullToken.length);
    else {
      const t = enc.encode(text(i));
      appendCell(out, t, 0, t.length, rules);
    }
  }
}

/** The NDJSON values as ndjson/cells.ts wrote them before: the value's string, copied char by char. */
function perValueNdjsonColumn(d: Data, out: GrowableBytes): void {
  const text = valueText(d, undefined, 'NDJSON');
  const quoted = d.typeId === Type.Date; // dates quoted; decimals and ints bare
  for (let i = 0; i < d.length; i++) {
    if (!isValid(d, i)) appendAscii('null', out);
    else if (quoted) {
      out.push(0x22);
      appendAscii(text(i), out);
      out.push(0x22);
    } else appendAscii(text(i), out);
  }
}

/**
 * Typed columns, old per-value encoding vs valueBytes, for CSV cells and NDJSON values: the same
 * bytes first (a mismatch throws before any figure), then timed; the whole-file writes of the new
 * path are timed beside them.
 */
async function typedCase(dir: string): Promise<ResultRow[]> {
  const rows = benchRows(2_000_000);
  const { schema, batches } = typedBatches(rows);
  const rules = cellRules(',', '');
  const out = new GrowableBytes(64 << 20);
  const csvOld = (): void => { out.length = 0; for (const b of batches) for (let c = 0; c < 3; c++) perValueCsvColumn(columnData(b, c), rules, out); };
  const csvNew = (): void => {
    out.length = 0;
    for (const b of batches) for (let c = 0; c < 3; c++) { const e = encodeColumn(columnData(b, c), rules); out.append(e.bytes, e.offsets[0]!, e.offsets[e.offsets.length - 1]!); }
  };
  const ndOld = (): void => { out.length = 0; for (const b of batches) for (let c = 0; c < 3; c++) perValueNdjsonColumn(columnData(b, c), out); };
  const ndNew = (): void => {
    out.length = 0;
    for (const b of batches) for (let c = 0; c < 3; c++) { const w = cellWriter(columnData(b, c)); for (let i = 0; i < b.numRows; i++) w(i, out); }
  };
  const same = (label: string, a: () => void, b: () => void): number => {
    a();
    const x = out.finish().slice();
    b();
    if (!Buffer.from(x).equals(Buffer.from(out.finish()))) throw new Error(`${label}: the per-value path and valueBytes write different bytes; refusing to time`);
    return x.length;
  };
  const csvBytesOut = same('typed CSV', csvOld, csvNew);
  const ndBytesOut = same('typed NDJSON', ndOld, ndNew);
  const results: ResultRow[] = [];
  for (const [name, oldFn, newFn, bytes] of [['CSV', csvOld, csvNew, csvBytesOut], ['NDJSON', ndOld, ndNew, ndBytesOut]] as const) {
    const oldMs = await timeIt(`per-value typed ${name}`, oldFn, 3);
    const newMs = await timeIt(`valueBytes typed ${name}`, newFn, 3);
    results.push(row({ case: `typed cells → ${name} (decimal(38,2) + date32 + int64)`, rows, bytes, ms: newMs, peer: 'per-value path (string + TextEncoder / char copy per value)', peerMs: oldMs, note: `same ${(bytes / 1e6).toFixed(1)} MB of cells both ways` }));
  }
  for (const [name, ext] of [['CSV', 'csv'], ['NDJSON', 'ndjson']] as const) {
    const p = join(dir, `typed.${ext}`);
    const ms = await timeIt(`typed file ${name}`, async () => { await writeOutput(p, schema, replay(batches)); }, 2);
    results.push(row({ case: `typed table → ${name} file (writeOutput, new path)`, rows, bytes: (await stat(p)).size, ms, note: 'MB/s of output bytes' }));
  }
  return results;
}

export default async function (): Promise<void> {
  // TUOMIN_BENCH_WRITE=typed runs only the typed-columns case (no fixture, no DuckDB).
  if (process.env.TUOMIN_BENCH_WRITE === 'typed') {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-write-bench-'));
    try {
      await report('write-typed', await typedCase(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  const rows = benchRows(2_000_000);
  const csvPath = await ensureFixture('penalties', rows);
  const inputBytes = (await stat(csvPath)).size;
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-write-bench-'));
  try {
    // Our side: every batch in memory, as a pipeline would hand them to the writer.
    const src = await readCsv(csvPath, { encoding: 'utf-8', delimiter: ',', nullTokens: [''] });
    const batches: RecordBatch[] = [];
    for await (const b of src.batches()) batches.push(b);
    const schema: Schema = src.schema;
    const n = batches.reduce((s, b) => s + b.numRows, 0);

    // DuckDB's side: the same CSV in a table (empty fields are NULL there too).
    const db: DuckDBConnection = await duckdb(1);
    await db.run(
      `CREATE TABLE t AS SELECT * FROM read_csv(${sqlPath(csvPath)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`,
    );

    const cases: Array<{ name: string; ext: string; ours: (p: string) => Promise<unknown>; duck: (p: string) => string }> = [
      {
        name: 'Arrow → CSV',
        ext: 'csv',
        ours: (p) => writeOutput(p, schema, replay(batches)),
        duck: (p) => `COPY t TO ${sqlPath(p)} (FORMAT csv, HEADER true, DELIMITER ',')`,
      },
      {
        name: 'Arrow → Parquet snappy',
        ext: 'parquet',
        ours: (p) => writeOutput(p, schema, replay(batches), { parquet: { compression: 'snappy' } }),
        duck: (p) => `COPY t TO ${sqlPath(p)} (FORMAT parquet, COMPRESSION snappy)`,
      },
      {
        name: 'Arrow → Parquet zstd',
        ext: 'parquet',
        ours: (p) => writeOutput(p, schema, replay(batches), { parquet: { compression: 'zstd' } }),
        duck: (p) => `COPY t TO ${sqlPath(p)} (FORMAT parquet, COMPRESSION zstd)`,
      },
    ];

    const results: ResultRow[] = [];
    for (const c of cases) {
      const ourPath = join(dir, `ours.${c.ext}`);
      const duckPath = join(dir, `duck.${c.ext}`);
      // Timed first (warm-up plus one run each); the files of the last runs are then verified,
      // and a mismatch throws before any figure is reported.
      // async functions: tinybench calls a plain function once, un-awaited, to detect whether it
      // is async, which would run a stray write concurrently with the timed ones.
      const ms = await timeIt(`ours ${c.name}`, async () => { await c.ours(ourPath); }, 1);
      const peerMs = await timeIt(`duckdb ${c.name}`, async () => { await db.run(c.duck(duckPath)); }, 1);
      assertSame(`${c.name}: ours vs duckdb`, await sampleFile(ourPath), await sampleFile(duckPath));
      const bytes = (await stat(ourPath)).size;
      const peerBytes = (await stat(duckPath)).size;
      results.push(row({ case: c.name, rows: n, bytes: inputBytes, ms, peer: 'duckdb COPY 1 thread', peerMs, note: `out ${(bytes / 1e6).toFixed(0)} MB vs duckdb ${(peerBytes / 1e6).toFixed(0)} MB; input CSV ${(inputBytes / 1e6).toFixed(0)} MB` }));
    }
    results.push(...(await typedCase(dir)));
    await report('write', results);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
