import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { planPartitions, type PartitionPlan } from '../packages/io/src/partition/index.js';
import { readerOptions, sourceFiles } from '../packages/publish/src/run/reader-options.js';
import { mulberry32 as random } from '../benchmarks/lib/random.js';
import { csvLine } from '../fixtures/lib/csv-out.js';

/**
 * A source of many small files (a file per 街道 and month, as some agencies export), run with
 * workers: consecutive small files are one partition (io partition/groups.ts), not one job each,
 * and big files among them are still cut into byte ranges. The published bytes are the one
 * pass's whatever the workers; a bad row or value in a grouped file names its file.
 */
const KEY = '000102030405060708090a0b0c0d0e0f';
const NOW = new Date('2026-12-01T00:00:00Z');
const HEADER = '救助编号,姓名,救助金额,街道,备注';
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静'];
const STREETS = ['黄河路街道', '市中街道', '北镇街道', '"滨北"街道'];

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-groups-e2e-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** `rows` data lines of file k (quoted newlines and quotes in some notes), seeded by k. */
function rowsOf(k: number, rows: number, eol: string): string[] {
  const rnd = random(900 + k);
  return Array.from({ length: rows }, (_, i) => csvLine([
    `JZ${String(k).padStart(4, '0')}${String(i).padStart(5, '0')}`,
    NAMES[Math.floor(rnd() * NAMES.length)]!,
    (100 + rnd() * 900).toFixed(2),
    STREETS[Math.floor(rnd() * STREETS.length)]!,
    rnd() < 0.15 ? `临时救助${eol}已复核` : rnd() < 0.3 ? '' : `第${i}笔`,
  ]));
}

let n = 0;
/** Files of the given row counts in a folder of their own (CRLF in every other, some without a last newline). */
async function folder(rows: readonly number[], edit?: (k: number, lines: string[]) => void): Promise<{ dir: string; paths: string[] }> {
  const d = join(dir, `s${++n}`);
  await mkdir(d);
  const paths: string[] = [];
  for (const [k, r] of rows.entries()) {
    const eol = k % 2 ? '\r\n' : '\n';
    const data = rowsOf(k, r, eol);
    edit?.(k, data);
    const p = join(d, `jz-${String(k).padStart(4, '0')}.csv`);
    await writeFile(p, `${HEADER}${eol}${data.join(eol)}${k % 7 === 3 ? '' : eol}`);
    paths.push(p);
  }
  return { dir: d, paths };
}

const spec = (onInvalid?: string): string => `dataset: { id: jz-relief, title: 临时救助, description: 临时救助发放明细, publisher: { name: 滨州市民政局, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 其他, keywords: [救助], updateFrequency: monthly }
openAttribute: unconditional
source: { path: "jz-*.csv", acquiredAt: 2026-11-01 }
columns:
  救助编号: { name: relief_no, description: 救助编号（假名化）, rule: { type: pseudonymize, method: aes-cmac, output: base32, length: 16, prefix: "J" } }
  姓名: { name: name, drop: true }
  救助金额: { name: amount, description: 救助金额（加噪）, type: number, rule: ${onInvalid === 'reject-row' ? '{ type: cast, to: float64, onInvalid: reject-row }' : `[{ type: cast, to: float64${onInvalid ? `, onInvalid: ${onInvalid}` : ''} }, { type: noise, distribution: laplace, scale: 5 }]`} }
  街道: { name: street, description: 街道 }
  备注: { name: note, description: 备注 }
output: { folder: out, formats: [csv, parquet, ndjson] }
`;

async function publish(d: string, shape: { workers: number; partitionBytes?: number }, onInvalid?: string): Promise<PublishResult> {
  await writeFile(join(d, 'spec.yaml'), spec(onInvalid));
  const out = await mkdtemp(join(tmpdir(), 'tuomin-groups-out-'));
  const work = await mkdtemp(join(tmpdir(), 'tuomin-groups-work-'));
  return publishRun(await loadSpec(join(d, 'spec.yaml')), { env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work }, outputFolder: out, version: '1.0.0', now: NOW, ...shape });
}

const digests = (r: PublishResult): Record<string, string> => Object.fromEntries(r.files.filter((f) => f.path.startsWith('data/') && !f.path.endsWith('.json')).map((f) => [f.format, f.sha256]));
const partitions = (r: PublishResult): number => (r.parallel && 'partitions' in r.parallel ? r.parallel.partitions : 0);

/** The plan the run makes at `bytes` (the coordinator's reader options, from the spec). */
async function planOf(d: string, bytes: number): Promise<PartitionPlan> {
  await writeFile(join(d, 'spec.yaml'), spec());
  const loaded = await loadSpec(join(d, 'spec.yaml'));
  return planPartitions(await sourceFiles(loaded.spec.source, loaded.dir), readerOptions(loaded.spec.source, { rejectPath: null }), { bytes });
}

const groupsOf = (plan: PartitionPlan): Array<{ first: number; count: number }> => plan.partitions.flatMap((r) => (r.kind === 'whole' && r.files ? [r.files] : []));

describe('many small files run in groups', () => {
  it('100 small files: one partition per group, not per file; the same bytes on 1, 2 and 4 workers and in one pass', async () => {
    const { dir: d } = await folder(Array.from({ length: 100 }, (_, k) => 1 + (k % 6) * 3));
    const plan = await planOf(d, 3_000);
    expect(plan.files!.length).toBe(100);
    // Before: 100 partitions (a file each). Now groups of whole files, none past the bytes.
    expect(plan.partitions.length).toBeLessThan(30);
    expect(plan.partitions.every((r) => r.kind === 'whole' && (r.files !== undefined || r.file !== undefined))).toBe(true);
    expect(groupsOf(plan).reduce((a, g) => a + g.count, 0) + plan.partitions.filter((r) => r.file !== undefined).length).toBe(100);
    // Under one partition, the run's own size: read whole, no pool.
    expect((await planOf(d, 4 << 20)).partitions).toEqual([{ index: 0, kind: 'whole' }]);

    const one = await publish(d, { workers: 1 });
    const small = await publish(d, { workers: 2 });
    expect(small.parallel).toMatchObject({ workers: 1, sequential: expect.stringContaining('one partition') });
    const want = digests(one);
    expect(Object.keys(want).sort()).toEqual(['csv', 'ndjson', 'parquet']);
    expect(digests(small)).toEqual(want);
    for (const workers of [2, 4]) {
      const r = await publish(d, { workers, partitionBytes: 3_000 });
      expect(partitions(r), `workers ${workers}`).toBe(plan.partitions.length);
      expect(r.sourceRows).toBe(one.sourceRows);
      expect(digests(r), `workers ${workers}`).toEqual(want);
    }
  }, 180_000);

  it('3 big files cut into ranges among 40 small ones: the same bytes and rejected rows on 1, 2 and 4 workers and in one pass', async () => {
    const rows = [...Array(12).fill(4), 600, ...Array(14).fill(2), 500, ...Array(14).fill(6), 700];
    // Amounts that are not numbers, rejected by the cast (no noise after it: a rule seeded by row
    // position after one that removes rows runs in one pass): in grouped files and in a big one.
    const { dir: d } = await folder(rows, (k, lines) => {
      if ([3, 15, 16, 30, 41].includes(k)) lines[1] = lines[1]!.replace(/^(JZ\d+,[^,]+,)[^,]+,/, '$1约五百,');
      if (k === 27) lines[321] = lines[321]!.replace(/^(JZ\d+,[^,]+,)[^,]+,/, '$1约五百,');
    });
    const bytes = 8_000;
    const plan = await planOf(d, bytes);
    const cut = plan.files!.map((f, k) => (f.partitions.length > 1 ? k : -1)).filter((k) => k >= 0);
    expect(cut).toEqual([12, 27, 42]);
    const before = plan.files!.reduce((a, f) => a + f.partitions.length, 0);
    expect(groupsOf(plan).length).toBeGreaterThanOrEqual(3);
    expect(plan.partitions.length).toBeLessThan(before - 30);
    const one = await publish(d, { workers: 1 }, 'reject-row');
    const want = digests(one);
    expect(one.rejects!.map((r) => r.rows)).toEqual([6]);
    const rejected = await readFile(one.rejects![0]!.path);
    for (const workers of [2, 4]) {
      const r = await publish(d, { workers, partitionBytes: bytes }, 'reject-row');
      expect(partitions(r), `workers ${workers}: ${JSON.stringify(r.parallel)}`).toBe(plan.partitions.length);
      expect(r.sourceRows).toBe(rows.reduce((a, b) => a + b, 0));
      expect(digests(r), `workers ${workers}`).toEqual(want);
      expect(r.rejects!.map((x) => x.rows)).toEqual([6]);
      expect(await readFile(r.rejects![0]!.path)).toEqual(rejected);
    }
  }, 180_000);

  it('a bad row in the third file of a group: the run on 2 workers names that file and its own line, as the one pass does', async () => {
    let badLine = 0;
    const { dir: d, paths } = await folder(Array(40).fill(8), (k, lines) => {
      if (k !== 22) return;
      lines[5] = `${lines[5]!.replace(/"[^"]*"$/, '无')},多出的一列`;
    });
    badLine = (await readFile(paths[22]!, 'utf8')).split(/\r?\n/).findIndex((l) => l.endsWith(',多出的一列')) + 1;
    const plan = await planOf(d, 3_000);
    const group = groupsOf(plan).find((g) => g.first <= 22 && 22 < g.first + g.count);
    expect(group && 22 - group.first, JSON.stringify(plan.partitions)).toBeGreaterThanOrEqual(1);
    for (const shape of [{ workers: 1 }, { workers: 2, partitionBytes: 3_000 }]) {
      const err = await publish(d, shape).then(() => null, (e: unknown) => e as Error);
      expect(err?.message, JSON.stringify(shape)).toMatch(new RegExp(`jz-0022\\.csv, line ${badLine}\\b`));
      expect(err?.message).not.toContain('多出的一列');
    }
  }, 120_000);

  // Expected to fail until the job side names the file (issue 15 report: job-worker.ts and head.ts
  // pass a rule's error through io's inPartitionFile); today the message names the source row and
  // the partition, not the file. Once they do, make this `it`.
  it('a bad value in a later file of a group, among the first rows (read by the run itself) and past them (a job): names that file and the source row, as the one pass does', async () => {
    const rows = 200;
    const bytes = 30_000;
    for (const k of [5, 55]) {
      const { dir: d } = await folder(Array(60).fill(rows), (f, lines) => {
        if (f === k) lines[149] = lines[149]!.replace(/^(JZ\d+,[^,]+,)[^,]+,/, '$1约五百,');
      });
      const plan = await planOf(d, bytes);
      const group = groupsOf(plan).find((g) => g.first <= k && k < g.first + g.count);
      expect(group && k - group.first, `file ${k}: ${JSON.stringify(plan.partitions)}`).toBeGreaterThanOrEqual(1);
      for (const shape of [{ workers: 1 }, { workers: 2, partitionBytes: bytes }]) {
        const err = await publish(d, shape, 'error').then(() => null, (e: unknown) => e as Error);
        expect(err?.message, JSON.stringify(shape)).toMatch(new RegExp(`jz-${String(k).padStart(4, '0')}\\.csv, row ${k * rows + 150}\\b`));
        expect(err?.message).not.toContain('约五百');
      }
    }
  }, 180_000);
});
