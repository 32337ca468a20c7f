import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { readParquet } from '@tuomin/io';
import { mulberry32 as random } from '../benchmarks/lib/random.js';
import { csvLine } from '../fixtures/lib/csv-out.js';

/**
 * A source of several files (issue 15, item 3), end to end: monthly 不动产登记 (real estate
 * registration) extracts, one file per month, published by `tuomin run` with a list in
 * `source.path`. The published data must be the bytes a run over the same rows in one file
 * publishes, with one worker and with partitions on two.
 */
const KEY = '000102030405060708090a0b0c0d0e0f';
const NOW = new Date('2026-12-01T00:00:00Z');

const HEADER = ['登记编号', '权利人', '证件号码', '登记日期', '坐落', '登记类型', '建筑面积', '备注'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏'];
const STREETS = ['黄河二路', '渤海七路', '长江五路', '"新立河"东路', '梧桐五路, 东段'];

/** One month's data lines: quoted newlines in the notes, NULL for a missing value. */
function month(m: number, rows: number, eol: string): string[] {
  const rnd = random(77 + m);
  return Array.from({ length: rows }, (_, i) => csvLine([
    `BDC2024${String(m).padStart(2, '0')}${String(i).padStart(5, '0')}`,
    NAMES[Math.floor(rnd() * NAMES.length)]!,
    `3716021980${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + (i % 900))}${i % 10}`,
    `2024-${String(m).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    `滨城区${STREETS[Math.floor(rnd() * STREETS.length)]}${1 + Math.floor(rnd() * 300)}号`,
    rnd() < 0.6 ? '转移登记' : rnd() < 0.5 ? '首次登记' : '抵押登记',
    rnd() < 0.05 ? 'NULL' : (40 + rnd() * 160).toFixed(2),
    rnd() < 0.1 ? `共有${eol}按份共有` : rnd() < 0.3 ? 'NULL' : '',
  ]));
}

/** Months 1..n as files (month 2 with CRLF line ends), and the same rows in one file. */
async function months(dir: string, rows: number[]): Promise<{ files: string[]; joined: string }> {
  const files: string[] = [];
  const all: string[] = [];
  for (const [k, n] of rows.entries()) {
    const eol = k === 1 ? '\r\n' : '\n';
    const data = month(k + 1, n, eol);
    all.push(...data);
    const file = join(dir, `2024-${String(k + 1).padStart(2, '0')}.csv`);
    await writeFile(file, `${HEADER.join(',')}${eol}${data.join(eol)}${eol}`);
    files.push(file);
  }
  const joined = join(dir, 'all.csv');
  await writeFile(joined, `${HEADER.join(',')}\n${all.join('\n')}\n`);
  return { files, joined };
}

const spec = (path: string): string => `dataset: { id: bdc-register, title: 不动产登记, description: 不动产登记信息, publisher: { name: 滨州市自然资源和规划局, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 自然资源, keywords: [不动产], updateFrequency: monthly }
openAttribute: unconditional
source: { path: ${path}, acquiredAt: 2026-11-01, csv: { nullTokens: ["NULL"] } }
columns:
  登记编号: { name: reg_no, description: 登记编号（假名化）, constraints: { unique: true }, rule: { type: pseudonymize, method: aes-cmac, output: base32, length: 16, prefix: "R" } }
  权利人: { name: owner, drop: true }
  证件号码: { name: id_number, drop: true }
  登记日期: { name: reg_month, description: 登记月份, rule: { type: generalize, method: date, unit: month } }
  坐落: { name: location, description: 坐落（保留到区县）, sensitivity: L3, rule: { type: mask, preset: cn.address } }
  登记类型: { name: reg_type, description: 登记类型 }
  建筑面积: { name: area, description: 建筑面积（平方米，加噪）, type: number, scale: 2, rule: [{ type: cast, to: float64 }, { type: noise, distribution: laplace, scale: 5 }] }
  备注: { name: note, description: 备注 }
output: { folder: out, formats: [csv, parquet, ndjson] }
`;

async function publish(file: string, shape: { workers: number; partitionBytes?: number; batchSize?: number }): Promise<PublishResult> {
  const out = await mkdtemp(join(tmpdir(), 'tuomin-multi-out-'));
  return publishRun(await loadSpec(file), { env: { ...process.env, TUOMIN_KEY: KEY }, outputFolder: out, version: '1.0.0', now: NOW, ...shape });
}

const digests = (r: PublishResult): Record<string, string> => Object.fromEntries(r.files.filter((f) => f.path.startsWith('data/') && !f.path.endsWith('.json')).map((f) => [f.format, f.sha256]));

describe('tuomin run over a source of several files', () => {
  it('publishes the bytes of the run over the concatenated file, with --workers 1 and 2; the provenance names every file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-'));
    const { files, joined } = await months(dir, [700, 900, 500, 800]);
    await writeFile(join(dir, 'many.yaml'), spec(`[${files.map((f) => f.slice(dir.length + 1)).join(', ')}]`));
    await writeFile(join(dir, 'one.yaml'), spec('all.csv'));
    const one = await publish(join(dir, 'one.yaml'), { workers: 1 });
    const seq = await publish(join(dir, 'many.yaml'), { workers: 1 });
    const par = await publish(join(dir, 'many.yaml'), { workers: 2, partitionBytes: 20_000, batchSize: 1_000 });
    expect(par.parallel && 'partitions' in par.parallel ? par.parallel.partitions : 0, JSON.stringify(par.parallel)).toBeGreaterThan(4);
    expect(seq.sourceRows).toBe(2900);
    expect(par.sourceRows).toBe(2900);
    // The noise on the area is seeded by the global row number: rows continue across the files.
    // CSV and NDJSON carry no provenance (a sidecar does): the same bytes as the one file's run.
    const d1 = digests(one);
    const ds = digests(seq);
    const dp = digests(par);
    expect(Object.keys(d1).sort()).toEqual(['csv', 'ndjson', 'parquet']);
    for (const d of Object.values(d1)) expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(ds.csv).toBe(d1.csv);
    expect(ds.ndjson).toBe(d1.ndjson);
    expect(dp).toEqual(ds);
    // Parquet carries the provenance: the same rows as the one file's, and the source named by its files.
    const read = async (r: PublishResult): Promise<{ rows: unknown[]; meta: Map<string, string> }> => {
      const path = join(r.packageDir, r.files.find((f) => f.format === 'parquet')!.path);
      const src = await readParquet(path);
      const rows: unknown[] = [];
      for await (const b of src.batches()) for (const row of b) rows.push(row?.toJSON());
      return { rows, meta: new Map(Object.entries(src.metadata)) };
    };
    const p1 = await read(one);
    const ps = await read(seq);
    expect(ps.rows).toEqual(p1.rows);
    expect(JSON.parse(ps.meta.get('tuomin.source')!)).toEqual(files.map((f) => f.slice(dir.length + 1)));
    expect(p1.meta.get('tuomin.source')).toBe('all.csv');
    const pkg = JSON.parse(await readFile(join(seq.packageDir, 'datapackage.json'), 'utf8')) as { sources: Array<{ title: string }> };
    expect(pkg.sources.map((s) => s.title)).toEqual(files.map((f) => f.slice(dir.length + 1)));
  }, 240_000);

  it('a * pattern in the last segment reads the matching files in name order; none matching is an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-glob-'));
    await months(dir, [60, 60, 60]);
    // Neither a hidden file (an editor's lock file) nor a folder is matched.
    await writeFile(join(dir, '.2024-04.csv'), 'not,the,header\n');
    await mkdir(join(dir, '2024-05.csv'));
    await writeFile(join(dir, 'many.yaml'), spec('2024-*.csv'));
    const r = await publish(join(dir, 'many.yaml'), { workers: 1 });
    expect(r.sourceRows).toBe(180);
    const pkg = JSON.parse(await readFile(join(r.packageDir, 'datapackage.json'), 'utf8')) as { sources: Array<{ title: string }> };
    // The provenance names the files the pattern matched, as read.
    expect(pkg.sources.map((x) => x.title)).toEqual(['2024-01.csv', '2024-02.csv', '2024-03.csv']);
    const { sourceFiles } = await import('../packages/publish/src/run/reader-options.js');
    expect(await sourceFiles({ path: ['2024-0*.csv'] }, dir)).toEqual(['2024-01.csv', '2024-02.csv', '2024-03.csv'].map((f) => join(dir, f)));
    // A file named twice would be read twice.
    await writeFile(join(dir, 'twice.yaml'), spec('[2024-02.csv, 2024-*.csv]'));
    await expect(publish(join(dir, 'twice.yaml'), { workers: 1 })).rejects.toThrow(/2024-02\.csv twice/);
    await writeFile(join(dir, 'none.yaml'), spec('2023-*.csv'));
    await expect(publish(join(dir, 'none.yaml'), { workers: 1 })).rejects.toThrow(/2023-\*\.csv" matches no file/);
  }, 120_000);

  it('a header that differs in the third file stops the run before any row, naming the file and the column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-hdr-'));
    const { files } = await months(dir, [50, 50, 50]);
    const text = await readFile(files[2]!, 'utf8');
    await writeFile(files[2]!, text.replace('登记类型,建筑面积', '建筑面积,登记类型'));
    await writeFile(join(dir, 'many.yaml'), spec('[2024-01.csv, 2024-02.csv, 2024-03.csv]'));
    for (const workers of [1, 2]) {
      const err = await publish(join(dir, 'many.yaml'), { workers, partitionBytes: 2_000 }).then(() => null, (e: unknown) => e as Error);
      expect(err?.message).toContain('2024-03.csv');
      expect(err?.message).toContain('column 6 is "建筑面积" there and "登记类型" in the first file');
    }
  }, 120_000);

  it('a bad row in the third file names that file and its own line, in one pass and over partitions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-bad-'));
    const { files } = await months(dir, [400, 400, 400]);
    const lines = (await readFile(files[2]!, 'utf8')).split('\n');
    // The 300th line of the third month (a record without a quoted newline), one field too many.
    let k = 299;
    while (lines[k]!.includes('"') || lines[k - 1]!.includes('"')) k++;
    lines[k] = `${lines[k]},多出的一列`;
    await writeFile(files[2]!, lines.join('\n'));
    await writeFile(join(dir, 'many.yaml'), spec('[2024-01.csv, 2024-02.csv, 2024-03.csv]'));
    for (const shape of [{ workers: 1 }, { workers: 2, partitionBytes: 8_000 }]) {
      const err = await publish(join(dir, 'many.yaml'), shape).then(() => null, (e: unknown) => e as Error);
      expect(err?.message, JSON.stringify(shape)).toMatch(new RegExp(`2024-03\\.csv, line ${k + 1}\\b`));
      expect(err?.message).not.toContain('多出的一列');
    }
  }, 120_000);

  it('a bad value in the third file names that file and the source row (rows continue across files), in one pass and over partitions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-value-'));
    // Past the first 10,000 source rows, which the coordinator reads itself: the error comes from a job.
    const { files } = await months(dir, [4000, 4000, 4000]);
    const lines = (await readFile(files[2]!, 'utf8')).split('\n');
    // The 3,000th data record of the third month: its area is not a number (the cast refuses it).
    const k = lines.findIndex((l) => l.startsWith('BDC202403' + '02999,'));
    lines[k] = lines[k]!.replace(/,(\d+\.\d{2}|NULL),/, ',约八十平方,');
    expect(lines[k]).toContain('约八十平方');
    await writeFile(files[2]!, lines.join('\n'));
    await writeFile(join(dir, 'many.yaml'), spec('[2024-01.csv, 2024-02.csv, 2024-03.csv]').replace('{ type: cast, to: float64 }', '{ type: cast, to: float64, onInvalid: error }'));
    for (const shape of [{ workers: 1 }, { workers: 2, partitionBytes: 100_000 }]) {
      const err = await publish(join(dir, 'many.yaml'), shape).then(() => null, (e: unknown) => e as Error);
      expect(err?.message, JSON.stringify(shape)).toMatch(/2024-03\.csv, row 11000\b/);
      if (shape.workers === 2) expect(err?.message).toMatch(/partition \d+ \(bytes \d+–\d+\)/);
      expect(err?.message).not.toContain('约八十');
    }
  }, 120_000);

  it('onBadRow: skip: the bad rows of every file in one private reject file, in file order (one pass, also when workers are asked for)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-skip-'));
    const { files } = await months(dir, [100, 100, 100]);
    for (const k of [0, 2]) await writeFile(files[k]!, `${await readFile(files[k]!, 'utf8')}坏行${k + 1},只有两列\n`);
    await writeFile(join(dir, 'many.yaml'), spec('[2024-01.csv, 2024-02.csv, 2024-03.csv]').replace('csv: { nullTokens: ["NULL"] }', 'csv: { nullTokens: ["NULL"], onBadRow: skip }'));
    const work = await mkdtemp(join(tmpdir(), 'tuomin-multi-skip-work-'));
    const out = await mkdtemp(join(tmpdir(), 'tuomin-multi-skip-out-'));
    const r = await publishRun(await loadSpec(join(dir, 'many.yaml')), { env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work }, outputFolder: out, version: '1.0.0', now: NOW, workers: 2, partitionBytes: 4_000 });
    expect(r.parallel).toMatchObject({ workers: 1, sequential: expect.stringContaining('onBadRow') });
    expect(r.sourceRows).toBe(300);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects![0]!.rows).toBe(2);
    expect(await readFile(r.rejects![0]!.path, 'utf8')).toBe('坏行1,只有两列\n坏行3,只有两列\n');
  }, 120_000);
});

describe('the verbs over several files', () => {
  it('tuomin profile a.csv b.csv: one source, the rows of both; a drafted spec lists both files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-cli-'));
    const { files } = await months(dir, [300, 250]);
    const { main } = await import('../packages/cli/src/main.js');
    const { capture } = await import('../packages/cli/test/capture.js');
    const many = capture(dir);
    expect(await main(['profile', '2024-01.csv', '2024-02.csv', '--null-token', 'NULL', '--json', '--write-spec', 'draft.yaml'], many)).toBe(0);
    const one = capture(dir);
    expect(await main(['profile', 'all.csv', '--null-token', 'NULL', '--json'], one)).toBe(0);
    const a = JSON.parse(many.out()) as { rows: number; file: string; files: string[]; columns: unknown[] };
    const b = JSON.parse(one.out()) as { rows: number; columns: unknown[] };
    expect(a.rows).toBe(550);
    expect(a.files).toEqual(files);
    expect(a.columns).toEqual(b.columns);
    const draft = await readFile(join(dir, 'draft.yaml'), 'utf8');
    expect(draft).toMatch(/path:\s*\n\s*- 2024-01\.csv\n\s*- 2024-02\.csv/);
    // The draft reads back as a spec of the same two files.
    const loaded = await loadSpec(join(dir, 'draft.yaml'));
    expect(loaded.spec.source.path).toEqual(['2024-01.csv', '2024-02.csv']);
  }, 120_000);

  it('tuomin convert a.csv b.csv c.csv out.csv: the last name is the output; the bytes of converting the one file, with --workers 1 and 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-conv-'));
    await months(dir, [400, 400, 400]);
    const { main } = await import('../packages/cli/src/main.js');
    const { capture } = await import('../packages/cli/test/capture.js');
    const run = async (args: string[]): Promise<Record<string, unknown>> => {
      const io = capture(dir);
      expect(await main(['convert', ...args, '--json'], io), io.err()).toBe(0);
      return JSON.parse(io.out()) as Record<string, unknown>;
    };
    const one = await run(['all.csv', 'one.csv']);
    const many = await run(['2024-01.csv', '2024-02.csv', '2024-03.csv', 'many.csv']);
    expect(many).toMatchObject({ ok: true, rows: 1200, input: ['2024-01.csv', '2024-02.csv', '2024-03.csv'], output: 'many.csv' });
    expect(one.rows).toBe(1200);
    expect(await readFile(join(dir, 'many.csv'))).toEqual(await readFile(join(dir, 'one.csv')));
    // Over partitions (4 MiB is the floor the CLI keeps; the library takes smaller ones).
    const { convertFile } = await import('@tuomin/publish');
    const par = await convertFile(['2024-01.csv', '2024-02.csv', '2024-03.csv'].map((f) => join(dir, f)), join(dir, 'par.parquet'), { workers: 2, partitionBytes: 20_000 });
    expect(par.parallel).toMatchObject({ workers: 2 });
    await convertFile(join(dir, 'all.csv'), join(dir, 'seq.parquet'));
    expect(await readFile(join(dir, 'par.parquet'))).toEqual(await readFile(join(dir, 'seq.parquet')));
    // Mixed formats are refused before anything is read.
    const bad = capture(dir);
    expect(await main(['convert', '2024-01.csv', 'one.csv', 'x.parquet', 'y.csv'], bad)).toBe(1);
    expect(bad.err()).toMatch(/one format.*2024-01\.csv.*csv.*x\.parquet.*parquet/s);
  }, 120_000);
});
