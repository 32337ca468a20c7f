/**
 * The whole data path on the penalties fixture (2,000,000 rows by default): read CSV, mask three
 * columns (联系电话 cn.mobile, 地址 cn.address, 当事人名称 cn.name), pseudonymize one (证件号码,
 * AES-CMAC), write Parquet and CSV. Ours: one pass, the two writers fed by a bounded tee.
 * Peer: DuckDB with every core, the same work in SQL (substr/||, regexp_replace, sha256),
 * written with COPY … TO for each format. The reviews (residual scan + column statistics) are
 * timed separately, as they would run inside `tuomin run`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { mask, pipeline, pseudonymize, scanBatches, tee } from '@tuomin/core';
import { openSource, writeOutput } from '@tuomin/io';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { ColumnStatsCollector } from '../packages/publish/src/review/column-stats.js';
import { benchRows, report, row, timeIt } from './lib/harness.js';
import { duckdb } from './lib/duckdb.js';
import type { ResultRow } from './lib/harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The full `tuomin run` of the bundled penalties spec, every review included, as a user runs it:
 * one process (the CLI from source, as `pnpm tuomin:src` runs it), the spec pointed at the
 * extract, `unique` dropped (the generator repeats case numbers at this size). Timed once, wall
 * clock, with peak RSS from /usr/bin/time. Beside it, DuckDB on every core doing only that spec's
 * transforms (issue #15): CREATE TABLE AS SELECT with the substr/regexp masks, two regexp
 * redactions of the free text and the declared casts, then COPY to Parquet and to CSV. Both
 * outputs are counted before a figure is reported.
 */
async function fullRun(csv: string, rows: number, bytes: number, dir: string, con: DuckDBConnection): Promise<ResultRow> {
  const spec = (await readFile(join(root, 'fixtures/specs/penalties.yaml'), 'utf8'))
    .replace('path: ../samples/penalties.csv', `path: ${JSON.stringify(csv)}`)
    .replace('constraints: { required: true, unique: true }', 'constraints: { required: true }')
    .replace('folder: ../out', `folder: ${JSON.stringify(join(dir, 'run-out'))}`);
  if (!spec.includes(csv) || spec.includes('unique: true')) throw new Error('the penalties spec changed shape; update the full-run case');
  const specPath = join(dir, 'penalties.yaml');
  await writeFile(specPath, spec);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, '--conditions=@tuomin/source', '--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'run', specPath], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const runMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`tuomin run failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rssKb = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const dataDir = join(dir, 'run-out', 'binzhou-admin-penalties', '1.0.0', 'data');
  const parquet = (await readdir(dataDir)).find((f) => f.endsWith('.parquet'));
  const published = Number((await con.runAndReadAll(`SELECT count(*) FROM '${join(dataDir, parquet!)}'`)).getRows()[0]![0]);
  if (published !== rows) throw new Error(`tuomin run published ${published} rows, expected ${rows}`);

  const person = `当事人类型 = '自然人'`;
  const idRe = `[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])([0-2][0-9]|3[01])[0-9]{3}[0-9Xx]|[1-9][0-9]{14}`;
  const create = `CREATE OR REPLACE TABLE spec_out AS SELECT 案件编号 AS case_number,
      CASE WHEN ${person} AND length(当事人名称) > 1 THEN substr(当事人名称, 1, 1) || repeat('*', length(当事人名称) - 1) ELSE 当事人名称 END AS party_name,
      当事人类型 AS party_type,
      CASE WHEN ${person} THEN regexp_replace(CASE WHEN regexp_full_match(证件号码, '[0-9]{17}[0-9Xx]|[0-9]{15}') THEN substr(证件号码, 1, 6) || repeat('*', length(证件号码) - 6) ELSE 证件号码 END, '${idRe}', '[ID]', 'g') ELSE 证件号码 END AS id_number,
      法定代表人 AS legal_representative,
      CASE WHEN regexp_full_match(联系电话, '1[3-9][0-9]{9}') THEN substr(联系电话, 1, 3) || '****' || substr(联系电话, 8, 4) ELSE repeat('*', length(联系电话)) END AS phone,
      regexp_replace(地址, '^(.*?(省|自治区|市))(.*?(市|州|盟))?(.*?(区|县|旗|市))(.*)$', '\\1\\3\\5****') AS address,
      违法行为类型 AS violation_type, 处罚依据 AS legal_basis, 处罚内容 AS penalty,
      TRY_CAST(罚款金额 AS DECIMAL(38, 2)) AS fine_amount, TRY_CAST(决定日期 AS DATE) AS decision_date, 决定机关 AS authority,
      regexp_replace(regexp_replace(处罚事由, '${idRe}', '[ID]', 'g'), '1[3-9][0-9]{9}', '[PHONE]', 'g') AS reason
    FROM read_csv('${csv}', all_varchar = true, header = true)`;
  const duckMs = await timeIt('duckdb: the spec\'s transforms, CTAS + COPY parquet + COPY csv', async () => {
    await con.run(create);
    await con.run(`COPY spec_out TO '${join(dir, 'spec-duck.parquet')}' (FORMAT PARQUET, COMPRESSION 'snappy')`);
    await con.run(`COPY spec_out TO '${join(dir, 'spec-duck.csv')}' (FORMAT CSV, HEADER true)`);
  }, 1, 0);
  const duckRows = Number((await con.runAndReadAll(`SELECT count(*) FROM '${join(dir, 'spec-duck.parquet')}'`)).getRows()[0]![0]);
  if (duckRows !== rows) throw new Error(`duckdb wrote ${duckRows} rows, expected ${rows}`);
  return row({
    case: 'full `tuomin run` penalties spec, every review (whole process, 1 JS thread)',
    rows, bytes, ms: runMs,
    peer: `duckdb ${availableParallelism()} threads, the spec's transforms only (CTAS + COPY parquet + csv)`, peerMs: duckMs,
    note: `peak RSS ${(rssKb / 1024).toFixed(0)} MB; one timed run each; target ratio ≥ 1 (issue #15)`,
  });
}

const KEY = { id: 'bench', bytes: new Uint8Array(16).map((_, i) => i) };

export default async function () {
  const rows = benchRows(2_000_000);
  const csv = await ensureFixture('penalties', rows);
  const bytes = (await stat(csv)).size;
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-pipeline-'));
  try {
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
    const con = await duckdb(0);
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

    const full = await fullRun(csv, rows, bytes, dir, con);

    await report('pipeline', [
      row({ case: `csv → 3 masks + aes-cmac → parquet + csv (tuomin, 1 JS thread + wasm)`, rows, bytes, ms: oursMs, peer: `duckdb ${threads} threads (sha256, regexp)`, peerMs: duckMs, note: 'target: ours ≤ 2.5× DuckDB time, i.e. ratio ≥ 0.4' }),
      row({ case: 'review: residual scan of the output (all columns)', rows, bytes, ms: reviewMs }),
      row({ case: 'review: column statistics of the output (all columns, stats kernels)', rows, bytes, ms: statsMs }),
      full,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
