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
import type { RecordBatch, Schema } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { openSource, readCsv, writeOutput } from '../packages/io/src/index.js';
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

export default async function (): Promise<void> {
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
    await report('write', results);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
