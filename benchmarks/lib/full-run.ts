/**
 * The full `tuomin run` of the bundled penalties spec, every review included, as a user runs it
 * (issue #15): the built CLI (`pnpm build` first) in its own process (it relaunches itself with the malloc
 * tuning, as for a user, so the bench's own tuning is not passed down), the spec pointed at the
 * extract and nothing else changed, `--json` for the run's phase timings and its `parallel`
 * field. Timed once at `--workers 1` and once at `--workers 2`, wall clock, with the peak RSS of
 * the whole process tree (lib/process-tree.ts). Beside it, DuckDB on every core doing only that
 * spec's transforms: CREATE TABLE AS SELECT with the substr/regexp masks, two regexp redactions
 * of the free text and the declared casts, then COPY to Parquet and to CSV. Row counts of both
 * outputs are checked, and the published data files of the two worker counts must be the same
 * bytes, before a figure is reported. BENCH_4GB=1 adds one `--workers 2` run on an extract four
 * times larger, to show whether peak RSS grows with the input.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, hostname, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { MALLOC_TUNING } from '@tuomin/cli';
import { ensureFixture } from '../../fixtures/lib/ensure.js';
import { row, timeIt } from './harness.js';
import type { ResultRow } from './harness.js';
import { runMeasuringTree } from './process-tree.js';
import type { TreeRun } from './process-tree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What `tuomin run --json` prints (the fields read here). */
interface RunJson {
  ok: true;
  version: string;
  rows: number;
  sourceRows: number;
  files: Array<{ path: string; format: string; bytes: number; sha256: string }>;
  ms: { pass: number; review: number; package: number; total: number };
  parallel?: { workers: number; partitions: number; phases: number } | { workers: number; sequential: string };
}

interface MeasuredRun {
  workers: number;
  rows: number;
  bytes: number;
  tree: TreeRun;
  result: RunJson;
  loadBefore: number[];
  loadAfter: number[];
}

/** How the full-run rows of results/pipeline.json begin. */
export const FULL_RUN_CASE = 'full `tuomin run` penalties spec';

export interface FullRunReport {
  rows: ResultRow[];
  /** The published data files of --workers 1 and 2 are the same bytes; the caller fails the suite after reporting when not. */
  sameBytes: boolean;
  /** JSON-able record of every figure and its conditions (results/pipeline-run.json). */
  detail: Record<string, unknown>;
}

export async function fullRunCases(csv: string, rows: number, bytes: number, dir: string, con: DuckDBConnection): Promise<FullRunReport> {
  const machine = describeMachine();
  const code = describeCode();
  const loadStart = loadavg();
  buildCli();
  const w1 = await measuredRun(csv, rows, bytes, dir, 1, con);
  const w2 = await measuredRun(csv, rows, bytes, dir, 2, con);
  const duck = await duckTransforms(csv, rows, dir, con);
  const loadEnd = loadavg();

  // The same published bytes for any number of workers (issue #15): a speedup that changed the
  // data would not be a speedup.
  const sums = (r: RunJson) => r.files.filter((f) => f.path.startsWith('data/')).map((f) => `${f.path} ${f.sha256}`).sort().join('\n');
  const sameBytes = sums(w1.result) === sums(w2.result);

  // BENCH_DETERMINISM=1: the same bytes at 4 workers and at 1,000-row batches too (issue #15's
  // "Done means" on the 2,000,000-row extract; four more full runs, so not by default).
  const shapes: Array<{ label: string; same: boolean }> = [];
  if (process.env.BENCH_DETERMINISM === '1') {
    for (const [workers, extra, label] of [[1, ['--batch-size', '1000'], '--workers 1 --batch-size 1000'], [2, ['--batch-size', '1000'], '--workers 2 --batch-size 1000'], [4, [], '--workers 4'], [4, ['--batch-size', '65536'], '--workers 4 --batch-size 65536']] as const) {
      const r = await measuredRun(csv, rows, bytes, dir, workers, con, [...extra]);
      shapes.push({ label: `${label} (${parallelText(r.result)})`, same: sums(r.result) === sums(w1.result) });
    }
  }

  let big: MeasuredRun | undefined;
  if (process.env.BENCH_4GB === '1') {
    const bigCsv = await ensureFixture('penalties', rows * 4);
    big = await measuredRun(bigCsv, rows * 4, (await stat(bigCsv)).size, dir, 2, con);
  }

  const ratio = w2.tree.wallMs / duck.ms;
  const speedup = w1.tree.wallMs / w2.tree.wallMs;
  const rss2 = w2.tree.treePeakKb / 1024;
  const lines = [
    '',
    `## full \`tuomin run\` of the penalties spec, every review (issue #15): ${fmtInt(rows)} rows, ${(bytes / 1e6).toFixed(1)} MB, one timed run each`,
    `machine: ${machine}`,
    `code: ${code}`,
    `load average (1/5/15 min) before: ${fmtLoad(loadStart)}; after: ${fmtLoad(loadEnd)}`,
    runLine(w1),
    runLine(w2),
    `duckdb ${availableParallelism()} threads, the spec's transforms only (CTAS + COPY parquet + COPY csv): ${(duck.ms / 1000).toFixed(2)} s`,
    `ratio tuomin --workers 2 / duckdb wall: ${ratio.toFixed(2)} (target ≤ 1: ${ratio <= 1 ? 'met' : 'NOT met'})`,
    `speedup --workers 2 over --workers 1: ${speedup.toFixed(2)}× (target ≥ 1.7 on 2 cores: ${speedup >= 1.7 ? 'met' : 'NOT met'})${isParallel(w2.result) ? '' : ' — the --workers 2 run did NOT run in parallel (see its parallel field)'}`,
    `peak RSS at --workers 2: ${rss2.toFixed(0)} MB (target ≤ 1 GB for the 1 GB extract: ${rss2 <= 1024 ? 'met' : 'NOT met'})`,
    `published data files identical for --workers 1 and 2: ${sameBytes ? 'yes' : 'NO'}`,
    ...(shapes.length ? shapes.map((x) => `published data files identical to --workers 1 for ${x.label}: ${x.same ? 'yes' : 'NO'}`) : ['other worker counts and batch sizes: not run (BENCH_DETERMINISM=1 adds 4 runs)']),
    big
      ? `${runLine(big)}\npeak RSS ${fmtInt(rows)} → ${fmtInt(big.rows)} rows at --workers 2: ${rss2.toFixed(0)} → ${(big.tree.treePeakKb / 1024).toFixed(0)} MB (×${(big.tree.treePeakKb / w2.tree.treePeakKb).toFixed(2)}; target: no growth)`
      : `peak RSS on the 4× extract: not measured (BENCH_4GB=1 adds one --workers 2 run on ${fmtInt(rows * 4)} rows)`,
  ];
  console.log(lines.join('\n'));

  const caseRow = (r: MeasuredRun, peer: boolean) => row({
    case: `${FULL_RUN_CASE}, every review, --workers ${r.workers} (whole process tree)`,
    rows: r.rows, bytes: r.bytes, ms: r.tree.wallMs,
    ...(peer ? { peer: `duckdb ${availableParallelism()} threads, the spec's transforms only (CTAS + COPY parquet + csv)`, peerMs: duck.ms } : {}),
    note: `${phases(r.result)}; peak RSS ${rssText(r.tree)}; parallel: ${parallelText(r.result)}; load ${fmtLoad(r.loadBefore)} → ${fmtLoad(r.loadAfter)}; one timed run; target ratio ≥ 1 (issue #15)`,
  });
  if (!sameBytes) console.error(`published data files differ between --workers 1 and 2:\n${sums(w1.result)}\n---\n${sums(w2.result)}`);
  const detail = {
    machine, code, rows, bytes, loadStart, loadEnd, duckdbMs: round(duck.ms), duckdbThreads: availableParallelism(),
    ratioWorkers2OverDuckdb: round(ratio), speedupWorkers2OverWorkers1: round(speedup), sameBytes, determinism: shapes,
    runs: [w1, w2, ...(big ? [big] : [])].map((r) => ({
      workers: r.workers, rows: r.rows, bytes: r.bytes, wallMs: round(r.tree.wallMs), ms: r.result.ms,
      parallel: r.result.parallel ?? null, treePeakRssKb: r.tree.treePeakKb, hwmSumKb: r.tree.hwmSumKb,
      cpuMs: r.tree.cpuMs, rssTimelineMb: r.tree.timeline, processes: r.tree.processes, perProcess: r.tree.perProcess, samples: r.tree.samples, loadBefore: r.loadBefore, loadAfter: r.loadAfter,
    })),
  };
  return { sameBytes: sameBytes && shapes.every((x) => x.same), rows: [caseRow(w1, true), caseRow(w2, true), ...(big ? [caseRow(big, false)] : [])], detail };
}

/**
 * `pnpm build` before the runs: the built CLI is what users run (`pnpm exec tuomin`, the npm
 * packages). From the sources every worker thread compiled TypeScript through tsx as well, which
 * cost about 6 CPU-seconds and 120 MB more at --workers 2 on 500,000 rows (17.1 against 23.0
 * CPU-seconds, 1.26 against 1.39 GB). The build is incremental: seconds when nothing changed.
 */
function buildCli(): void {
  const r = spawnSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pnpm build failed before the full run: ${r.stderr.slice(-2000)}`);
}

async function measuredRun(csv: string, rows: number, bytes: number, dir: string, workers: number, con: DuckDBConnection, extra: string[] = []): Promise<MeasuredRun> {
  // One folder for every worker count, removed after each run: the spec's text (and so the
  // spec digest written into the Parquet metadata) must be the same for the bytes to compare.
  const runDir = join(dir, `run-${rows}`);
  await mkdir(runDir, { recursive: true });
  const spec = (await readFile(join(root, 'fixtures/specs/penalties.yaml'), 'utf8'))
    .replace('path: ../samples/penalties.csv', `path: ${JSON.stringify(csv)}`)
    .replace('folder: ../out', `folder: ${JSON.stringify(join(runDir, 'out'))}`);
  if (!spec.includes(csv) || !spec.includes(runDir)) throw new Error('the penalties spec changed shape (source.path or output.folder); update benchmarks/lib/full-run.ts');
  const specPath = join(runDir, 'penalties.yaml');
  await writeFile(specPath, spec);
  // The user's environment: without the bench's malloc variables, so the CLI relaunches itself
  // with them (one more process in the tree, as in real use).
  const env = { ...process.env };
  for (const [k, v] of Object.entries(MALLOC_TUNING)) if (env[k] === v) delete env[k];
  const loadBefore = loadavg();
  const tree = await runMeasuringTree(process.execPath, [
    join(root, 'packages/cli/bin/tuomin.js'),
    'run', specPath, '--workers', String(workers), ...extra, '--json',
  ], { cwd: root, env });
  const loadAfter = loadavg();
  try {
    if (tree.status !== 0) throw new Error(`tuomin run --workers ${workers} failed (exit ${tree.status ?? tree.signal}): ${tree.stderr.slice(-2000)}`);
    const result = JSON.parse(tree.stdout) as RunJson;
    if (result.rows !== rows) throw new Error(`tuomin run --workers ${workers} published ${result.rows} rows, expected ${rows}`);
    const parquet = result.files.find((f) => f.format === 'parquet');
    if (!parquet) throw new Error('tuomin run published no Parquet file; the penalties spec changed');
    const pkg = join(runDir, 'out', 'binzhou-admin-penalties');
    const counted = Number((await con.runAndReadAll(`SELECT count(*) FROM '${join(pkg, result.version, parquet.path)}'`)).getRows()[0]![0]);
    if (counted !== rows) throw new Error(`the Parquet file of tuomin run --workers ${workers} holds ${counted} rows, expected ${rows}`);
    return { workers, rows, bytes, tree, result, loadBefore, loadAfter };
  } finally {
    // A gigabyte or four of output per run: gone before the next run writes its own.
    await rm(runDir, { recursive: true, force: true });
  }
}

async function duckTransforms(csv: string, rows: number, dir: string, con: DuckDBConnection): Promise<{ ms: number }> {
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
  const ms = await timeIt('duckdb: the spec\'s transforms, CTAS + COPY parquet + COPY csv', async () => {
    await con.run(create);
    await con.run(`COPY spec_out TO '${join(dir, 'spec-duck.parquet')}' (FORMAT PARQUET, COMPRESSION 'snappy')`);
    await con.run(`COPY spec_out TO '${join(dir, 'spec-duck.csv')}' (FORMAT CSV, HEADER true)`);
  }, 1, 0);
  const duckRows = Number((await con.runAndReadAll(`SELECT count(*) FROM '${join(dir, 'spec-duck.parquet')}'`)).getRows()[0]![0]);
  if (duckRows !== rows) throw new Error(`duckdb wrote ${duckRows} rows, expected ${rows}`);
  await con.run('DROP TABLE spec_out');
  await rm(join(dir, 'spec-duck.parquet'), { force: true });
  await rm(join(dir, 'spec-duck.csv'), { force: true });
  return { ms };
}

function runLine(r: MeasuredRun): string {
  return `tuomin run --workers ${r.workers} (${fmtInt(r.rows)} rows): wall ${(r.tree.wallMs / 1000).toFixed(2)} s, CPU ${(r.tree.cpuMs / 1000).toFixed(1)} s; ${phases(r.result)}; peak RSS ${rssText(r.tree)}; parallel: ${parallelText(r.result)}; load ${fmtLoad(r.loadBefore)} → ${fmtLoad(r.loadAfter)}`;
}

function phases(r: RunJson): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `phases: pass ${s(r.ms.pass)}, review ${s(r.ms.review)}, package ${s(r.ms.package)}, total ${s(r.ms.total)} (the rest of the wall time is start-up and the relaunch)`;
}

function rssText(t: TreeRun): string {
  if (Number.isNaN(t.treePeakKb)) return 'not measured (no /proc on this platform)';
  const each = t.perProcess.map((p) => `${p.name} ${(p.hwmKb / 1024).toFixed(0)}`).join(' + ');
  return `${(t.treePeakKb / 1024).toFixed(0)} MB (largest sampled sum over ${t.processes} processes, ${t.samples} samples; their own peaks: ${each} = ${(t.hwmSumKb / 1024).toFixed(0)} MB)`;
}

/** The run's own account of how its pass ran. */
function parallelText(r: RunJson): string {
  const p = r.parallel;
  // A run at --workers 1, or a build without the parallel pass, reports no such field.
  if (!p) return 'absent from the result: one thread, no partitions';
  if ('sequential' in p) return `SEQUENTIAL (${p.sequential})`;
  return `${p.workers} workers, ${p.partitions} partitions, ${p.phases} phase${p.phases === 1 ? '' : 's'}`;
}

function isParallel(r: RunJson): boolean {
  return r.parallel !== undefined && 'partitions' in r.parallel && r.parallel.partitions > 1;
}

function describeMachine(): string {
  const c = cpus();
  return `${hostname()}, ${c[0]?.model ?? 'unknown CPU'} × ${c.length} (availableParallelism ${availableParallelism()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

/** The commit measured, and whether the packages had uncommitted edits (the CLI runs from the sources). */
function describeCode(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('log', '-1', '--format=%h %cI');
  const dirty = git('status', '--porcelain', '--', 'packages').split('\n').filter(Boolean).length;
  return `${head || 'unknown commit'}${dirty ? `, with ${dirty} uncommitted files under packages/` : ''}`;
}

function fmtLoad(l: number[]): string {
  return l.map((x) => x.toFixed(2)).join(' / ');
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
