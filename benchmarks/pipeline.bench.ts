/**
 * The whole data path on the penalties fixture (2,000,000 rows by default): read CSV, mask three
 * columns (联系电话 cn.mobile, 地址 cn.address, 当事人名称 cn.name), pseudonymize one (证件号码,
 * AES-CMAC), write Parquet and CSV. Ours: one pass, the two writers fed by a bounded tee.
 * Peer: DuckDB with every core, the same work in SQL (substr/||, regexp_replace, sha256),
 * written with COPY … TO for each format. The reviews (residual scan + column statistics) are
 * timed separately, as they would run inside `tuomin run`. Then the full `tuomin run` of the
 * penalties spec at --workers 1 and 2 beside DuckDB doing only the spec's transforms
 * (lib/full-run.ts; BENCH_4GB=1 adds the 4× extract; BENCH_PIPELINE=run runs only the full run).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { mask, pipeline, pseudonymize, scanBatches, tee } from '@tuomin/core';
import { openSource, writeOutput } from '@tuomin/io';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { ColumnStatsCollector } from '../packages/publish/src/review/column-stats.js';
import { benchRows, report, resultsDir, row, timeIt } from './lib/harness.js';
import { duckdb } from './lib/duckdb.js';
import { FULL_RUN_CASE, fullRunCases } from './lib/full-run.js';
import type { ResultRow } from './lib/harness.js';

const KEY = { id: 'bench', bytes: new Uint8Array(16).map((_, i) => i) };

export default async function () {
  const rows = benchRows(2_000_000);
  const csv = await ensureFixture('penalties', rows);
  const bytes = (await stat(csv)).size;
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-pipeline-'));
  try {
    const con = await duckdb(0);
    const full = await fullRunCases(csv, rows, bytes, dir, con);
    await writeFile(join(resultsDir, 'pipeline-run.json'), `${JSON.stringify(full.detail, null, 2)}\n`);
    if (process.env.BENCH_PIPELINE === 'run') {
      // Only the full run (a re-measure that loads the shared machine for less time): the other
      // cases keep their figures from the last whole run of the suite.
      const kept = (JSON.parse(await readFile(join(resultsDir, 'pipeline.json'), 'utf8').catch(() => '[]')) as ResultRow[]).filter((r) => !r.case.startsWith(FULL_RUN_CASE));
      await report('pipeline', [...kept, ...full.rows]);
    } else {
      await componentCases(csv, rows, bytes, dir, con, full.rows);
    }
    if (!full.sameBytes) throw new Error('the published data files differ between --workers 1 and 2: the run is not deterministic, so its timings compare unequal work');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The data path and the reviews' collectors, each timed alone, beside DuckDB COPY. */
async function componentCases(csv: string, rows: number, bytes: number, dir: string, con: DuckDBConnection, fullRows: ResultRow[]): Promise<void> {
  const transforms = () => [
    mask({ columns: ['联系电话'], preset: 'cn.mobile' }),
    mask({ columns: ['地址'], preset: 'cn.address' }),
    mask({ columns: ['当事人名称'], preset: 'cn.name', onInvalid: 'keep' }),
    pseudonymize({ columns: ['证件号码'], method: 'aes-cmac', key: KEY, scope: { dataset: 'bench' }, length: 32 }),
  ];
  let outRows = 0;
  const ours = async () => {
    const src = await openSource(csv, { batchSize: 65536 });
    const p = pipeline(src, ...transforms());
    const [a, b] = tee(p, 2);
    const [r1] = await Promise.all([
      writeOutput(join(dir, 'ours.parquet'), p.schema, a!, { parquet: { compression: 'snappy' } }),
      writeOutput(join(dir, 'ours.csv'), p.schema, b!, {}),
    ]);
    outRows = r1.rows;
  };
  const oursMs = await timeIt('tuomin read+mask+pseudonymize+write parquet,csv', ours, 2);
  if (outRows !== rows) throw new Error(`ours wrote ${outRows} rows, expected ${rows}`);

  // The reviews, over the written output (what tuomin run does in the same pass).
  const reviewMs = await timeIt('residual scan of the output', async () => {
    const src = await openSource(join(dir, 'ours.parquet'), {});
    const r = await scanBatches(src.schema, src.batches() as AsyncIterable<RecordBatch>, {});
    if (r.rows !== rows) throw new Error('scan row count mismatch');
  }, 1);

  // The normative review's column statistics over the same output (core stats kernels; the
  // penalties spec declares 案件编号 unique and required, so it is counted exactly).
  const statsMs = await timeIt('review column statistics of the output', async () => {
    const src = await openSource(join(dir, 'ours.parquet'), {});
    const stats = new ColumnStatsCollector(src.schema, src.schema.fields.map((f) => (f.name === '案件编号' ? ({ constraints: { unique: true, required: true } } as never) : undefined)), { spillDir: dir });
    for await (const b of src.batches() as AsyncIterable<RecordBatch>) stats.add(b);
    if (stats.finish()[0]!.rows !== rows) throw new Error('column statistics row count mismatch');
  }, 1);

  const threads = availableParallelism();
  const sql = (to: string, fmt: string) => `COPY (SELECT 案件编号, CASE WHEN length(当事人名称) BETWEEN 2 AND 4 THEN substr(当事人名称,1,1) || repeat('*', length(当事人名称)-1) ELSE 当事人名称 END AS 当事人名称,
      当事人类型, sha256('tuomin-bench-key' || 证件号码) AS 证件号码, 法定代表人,
      CASE WHEN regexp_matches(联系电话, '^1[3-9][0-9]{9}$') THEN substr(联系电话,1,3) || '****' || substr(联系电话,8,4) ELSE repeat('*', length(联系电话)) END AS 联系电话,
      regexp_replace(地址, '^(.*?(省|自治区|市))(.*?(市|州|盟))?(.*?(区|县|旗|市))(.*)$', '\\1\\3\\5****') AS 地址,
      违法行为类型, 处罚依据, 处罚内容, 罚款金额, 决定日期, 决定机关, 处罚事由
    FROM read_csv('${csv}', all_varchar=true, header=true)) TO '${to}' (FORMAT ${fmt})`;
  const duckMs = await timeIt('duckdb COPY parquet + COPY csv', async () => {
    await con.run(sql(join(dir, 'duck.parquet'), "PARQUET, COMPRESSION 'snappy'"));
    await con.run(sql(join(dir, 'duck.csv'), 'CSV, HEADER true'));
  }, 2);
  const check = await con.runAndReadAll(`SELECT count(*) FROM '${join(dir, 'duck.parquet')}'`);
  if (Number(check.getRows()[0]![0]) !== rows) throw new Error('duckdb row count mismatch');

  await report('pipeline', [
    row({ case: `csv → 3 masks + aes-cmac → parquet + csv (tuomin, 1 JS thread + wasm)`, rows, bytes, ms: oursMs, peer: `duckdb ${threads} threads (sha256, regexp)`, peerMs: duckMs, note: 'target: ours ≤ 2.5× DuckDB time, i.e. ratio ≥ 0.4' }),
    row({ case: 'review: residual scan of the output (all columns)', rows, bytes, ms: reviewMs }),
    row({ case: 'review: column statistics of the output (all columns, stats kernels)', rows, bytes, ms: statsMs }),
    ...fullRows,
  ]);
}
