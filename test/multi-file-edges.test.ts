import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Int32, Int64, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray, type Vector } from 'apache-arrow';
import iconv from 'iconv-lite';
import { TuominError } from '@tuomin/core';
import { openSource, writeOutput } from '@tuomin/io';
import { openPartition, planPartitions } from '../packages/io/src/partition/index.js';
import { convertFile, loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { main } from '../packages/cli/src/main.js';
import { sourceFiles } from '../packages/publish/src/run/reader-options.js';
import { capture } from '../packages/cli/test/capture.js';

/**
 * A source of several files, broken with what agencies send (monthly 社保缴费 extracts): an empty
 * month, a month of its header alone, a last line without its newline, a BOM or CRLF in one month
 * only, headers that differ in spaces, width or case, one file named twice, a reject file in the
 * folder, a file changed during a parallel run, a one-row month among big ones, a hundred small
 * files, Parquet months differing in nullability or integer width, an NDJSON month with an extra
 * key, GB18030 months with characters outside GBK. Each: read as one source (and over partitions),
 * and the run's bytes the same on one worker and two.
 */
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-mfe-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const HEADER = '缴费编号,姓名,缴费金额(元)';
let n = 0;
/** Files written into a folder of their own; returns their paths. */
async function files(contents: Array<string | Buffer>, ext = 'csv'): Promise<string[]> {
  const d = join(dir, `s${++n}`);
  await mkdir(d);
  const out: string[] = [];
  for (const [k, c] of contents.entries()) {
    const p = join(d, `2024-${String(k + 1).padStart(2, '0')}.${ext}`);
    await writeFile(p, c);
    out.push(p);
  }
  return out;
}

async function rowsOf(path: string | string[]): Promise<unknown[]> {
  const s = await openSource(path);
  const out: unknown[] = [];
  for await (const b of s.batches()) for (const r of b) out.push(r!.toJSON());
  return out;
}

/** The rows of every partition of a plan cut small, in order, with each partition's schema. */
async function partitionRows(paths: string[]): Promise<{ rows: unknown[]; nullable: boolean[][] }> {
  const plan = await planPartitions(paths, {}, { bytes: 64, min: 2 });
  const rows: unknown[] = [];
  const nullable: boolean[][] = [];
  for (const ref of plan.partitions) {
    const p = await openPartition(plan, ref);
    nullable.push(p.schema.fields.map((f) => f.nullable));
    for await (const b of p.batches()) for (const r of b) rows.push(r!.toJSON());
  }
  return { rows, nullable };
}

async function refusal(p: Promise<unknown>): Promise<TuominError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  return err as TuominError;
}

const row = (id: string, name: string, fee: string): Record<string, string> => ({ 缴费编号: id, 姓名: name, '缴费金额(元)': fee });

describe('files as agencies send them, read as one source', () => {
  it('an empty file (0 bytes, or a BOM alone), first or later, is refused by name; a month of its header alone is 0 rows', async () => {
    const ok = `${HEADER}\n1,张伟,120.50\n`;
    for (const [contents, bad] of [[[ok, '', ok], 1], [['', ok], 0], [[ok, '\ufeff'], 1]] as const) {
      const paths = await files([...contents]);
      for (const attempt of [() => openSource(paths), () => planPartitions(paths, {}, { bytes: 64, min: 2 })]) {
        const err = await refusal(attempt());
        expect(err.text?.id).toBe('source.emptyFile');
        expect(err.location.file).toBe(paths[bad]);
        expect(err.message).toMatch(/is empty: it has no header line/);
      }
    }
    const paths = await files([ok, `${HEADER}\n`, `${HEADER}\r\n`, `${HEADER}\n2,王芳,80.00\n`]);
    const expected = [row('1', '张伟', '120.50'), row('2', '王芳', '80.00')];
    expect(await rowsOf(paths)).toEqual(expected);
    expect((await partitionRows(paths)).rows).toEqual(expected);
  });

  it('a last line without its newline, then the next file: rows never merge; BOM and CRLF in one month only', async () => {
    const paths = await files([
      `${HEADER}\n1,张伟,120.50`, // no newline at the end
      `\ufeff${HEADER}\r\n2,王芳,"80.00"\r\n3,"李""娜",9`, // BOM, CRLF, no newline at the end either
      `${HEADER}\n4,刘洋,"1,000.00"\n`,
    ]);
    const expected = [row('1', '张伟', '120.50'), row('2', '王芳', '80.00'), row('3', '李"娜', '9'), row('4', '刘洋', '1,000.00')];
    expect(await rowsOf(paths)).toEqual(expected);
    expect((await partitionRows(paths)).rows).toEqual(expected);
  });

  it('headers differing only in spaces, full-width brackets or letter case are refused, saying so; a BOM is no difference', async () => {
    const cases: Array<[string, string, string]> = [
      [HEADER, '缴费编号 ,姓名,缴费金额(元)', 'spaces'],
      [HEADER, '缴费编号,姓名,缴费金额（元）', 'width'],
      ['ID,Name,Amount', 'id,name,amount', 'case'],
      ['ID,Name,Amount', 'ID,Name,Ａｍｏｕｎｔ', 'width'],
      [HEADER, '缴费\u200b编号,姓名,缴费金额(元)', 'invisible'],
    ];
    for (const [a, b, how] of cases) {
      const paths = await files([`${a}\n1,x,2\n`, `${b}\n3,y,4\n`]);
      const err = await refusal(openSource(paths));
      expect(err.text?.id, b).toBe('source.headerNearlySame');
      expect(err.text?.params?.how).toBe(how);
      expect(err.location.file).toBe(paths[1]);
      expect(err.message).toMatch(/differ only in/);
      await refusal(planPartitions(paths, {}, { bytes: 64, min: 2 }));
    }
    const bom = await files([`${HEADER}\n1,张伟,1\n`, `\ufeff${HEADER}\n2,王芳,2\n`]);
    expect(await rowsOf(bom)).toHaveLength(2);
  });

  it('one file named twice (./a.csv and a.csv, a/x/../a.csv, a symbolic or a hard link) is refused, never read twice', async () => {
    const [a] = await files([`${HEADER}\n1,张伟,1\n`]);
    const d = join(a!, '..');
    await symlink(a!, join(d, 'link.csv'));
    await link(a!, join(d, 'hard.csv'));
    await mkdir(join(d, 'x'));
    for (const other of [`${d}/./2024-01.csv`, `${d}/x/../2024-01.csv`, join(d, 'link.csv'), join(d, 'hard.csv')]) {
      const err = await refusal(openSource([a!, other]));
      expect(err.text?.id).toBe('source.sameFileTwice');
      expect(err.message).toMatch(/its rows would be read twice/);
      await refusal(planPartitions([a!, other], {}, { bytes: 64, min: 2 }));
    }
    // The CLI: exit 1, nothing written.
    const io = capture(d);
    expect(await main(['convert', '2024-01.csv', './2024-01.csv', 'out.csv'], io)).toBe(1);
    expect(io.err()).toMatch(/named twice/);
    expect(existsSync(join(d, 'out.csv'))).toBe(false);
  });

  it('a file deleted after it was opened or planned: the pass and the partition fail naming it', async () => {
    const big = (k: number): string => `${HEADER}\n${Array.from({ length: 200 }, (_, i) => `${k}-${i},张伟,${i}`).join('\n')}\n`;
    const paths = await files([big(1), big(2)]);
    const plan = await planPartitions(paths, {}, { bytes: 1_000 });
    const src = await openSource(paths);
    await rm(paths[1]!);
    const ref = plan.partitions.find((r) => r.file === 1)!;
    const inPartition = await refusal((async () => { for await (const _ of (await openPartition(plan, ref)).batches()); })());
    expect(inPartition.location.file).toBe(paths[1]);
    const inPass = await refusal((async () => { for await (const _ of src.batches()); })());
    expect(inPass.location.file).toBe(paths[1]);
    expect(inPass.message).toMatch(/was removed after it was opened/);
  });

  it('a copy of a month (the same export downloaded twice, "2024-03 (1).csv") is refused; two months of their header alone are not copies', async () => {
    const march = `${HEADER}\n3,张伟,120.50\n4,王芳,80.00\n`;
    const paths = await files([`${HEADER}\n1,李娜,9\n`, march]);
    const copy = join(paths[1]!, '..', '2024-03 (1).csv');
    await writeFile(copy, march);
    const err = await refusal(openSource([...paths, copy]));
    expect(err.text?.id).toBe('source.copyTwice');
    expect(err.location.file).toBe(copy);
    expect(err.message).toContain(paths[1]!);
    await refusal(planPartitions([...paths, copy], {}, { bytes: 64, min: 2 }));
    const empty = await files([march, `${HEADER}\n`, `${HEADER}\n`]);
    expect(await rowsOf(empty)).toHaveLength(2);
  });

  it('three hundred months of one size, all different, open as one source; a copy of one of them, last, is refused naming both (each file hashed once, not compared with every other)', async () => {
    // Same length on purpose: every file lands in one size group, where comparing every pair read
    // n² files (1,500 such files took 5 minutes to open).
    const months = Array.from({ length: 300 }, (_, k) => `${HEADER}\n${String(k).padStart(4, '0')},张伟,1.00\n`);
    const paths = await files(months);
    expect(await rowsOf(paths)).toHaveLength(300);
    const copy = join(paths[0]!, '..', 'copy.csv');
    await writeFile(copy, months[149]!);
    const err = await refusal(openSource([...paths, copy]));
    expect(err.text?.id).toBe('source.copyTwice');
    expect(err.location.file).toBe(copy);
    expect(err.message).toContain(paths[149]!);
  });

  it('GB18030 months with characters outside GBK (𠮷 in four bytes, 䶮) are read whole, one partition a file, the rows intact', async () => {
    const paths = await files([iconv.encode(`${HEADER}\n1,王𠮷,1\n2,刘䶮,2`, 'gb18030'), iconv.encode(`${HEADER}\r\n3,吉𠮷祥,3\r\n`, 'gb18030')]);
    const expected = [row('1', '王𠮷', '1'), row('2', '刘䶮', '2'), row('3', '吉𠮷祥', '3')];
    expect(await rowsOf(paths)).toEqual(expected);
    expect((await partitionRows(paths)).rows).toEqual(expected);
  });

  it('a month of ASCII alone (pinyin names, English header) goes with GB18030 months, first or later; a UTF-8 month among GB18030 ones is refused', async () => {
    const gb = (t: string): Buffer => iconv.encode(t, 'gb18030');
    const ascii = 'ID,NAME,AMOUNT\n2,ZHANG WEI,3\n';
    for (const contents of [[gb('ID,NAME,AMOUNT\n1,王𠮷,1\n'), ascii], [ascii, gb('ID,NAME,AMOUNT\n1,王𠮷,1\n')]]) {
      const paths = await files(contents);
      const src = await openSource(paths);
      expect(src.stats?.encoding).toBe('gb18030');
      const rows = (await rowsOf(paths)) as Array<{ NAME: string }>;
      expect(rows.map((r) => r.NAME).sort()).toEqual(['ZHANG WEI', '王𠮷']);
      expect((await partitionRows(paths)).rows).toEqual(rows);
    }
    // Before: refused, telling the user to convert the ASCII file, which changes nothing.
    const mixed = await files([ascii, gb('ID,NAME,AMOUNT\n1,王𠮷,1\n'), 'ID,NAME,AMOUNT\n3,李娜,2\n']);
    const err = await refusal(openSource(mixed));
    expect(err.text?.id).toBe('source.mixedEncodings');
    expect(err.location.file).toBe(mixed[2]);
    expect(err.message).toContain(mixed[1]!);
  });

  it('NDJSON: a later month with an extra key is refused naming the file, the line and the key; a last line without newline does not merge', async () => {
    const paths = await files(['{"a":"1","b":"x"}', '{"a":"2","b":"y"}\n{"a":"3","b":"z","身份证号":"110105198001011234"}\n'], 'ndjson');
    const err = await refusal(openSource(paths));
    expect(err.text?.id).toBe('source.extraKey');
    expect(err.location).toMatchObject({ file: paths[1], line: 2, column: '身份证号' });
    expect(err.message).not.toContain('110105198001011234');
    const fine = await files(['{"a":"1","b":"x"}', '{"a":"2","b":"y"}\n'], 'ndjson');
    expect(await rowsOf(fine)).toEqual([{ a: '1', b: 'x' }, { a: '2', b: 'y' }]);
  });

  it('Parquet months: nullability may differ (the source column is nullable, in every partition; a null published), int32 vs int64 is refused', async () => {
    const d = join(dir, `pq${++n}`);
    await mkdir(d);
    const pq = async (name: string, fields: Field[], cols: Vector[]): Promise<string> => {
      const p = join(d, name);
      const schema = new Schema(fields);
      const data = makeData({ type: new Struct(fields), length: cols[0]!.length, children: cols.map((c) => c.data[0]!) });
      await writeOutput(p, schema, (async function* () { yield new RecordBatch(schema, data); })());
      return p;
    };
    const s = (a: Array<string | null>): Vector => vectorFromArray(a, new Utf8());
    const a = await pq('a.parquet', [new Field('id', new Utf8(), false), new Field('n', new Int32(), true)], [s(['a', 'b']), vectorFromArray([1, 2], new Int32())]);
    const b = await pq('b.parquet', [new Field('id', new Utf8(), true), new Field('n', new Int32(), true)], [s([null, 'd']), vectorFromArray([3, 4], new Int32())]);
    const src = await openSource([a, b]);
    expect(src.schema.fields.map((f) => f.nullable)).toEqual([true, true]);
    expect((await partitionRows([a, b])).nullable).toEqual([[true, true], [true, true]]);
    for (const workers of [1, 2]) {
      // Failed before: "Column 'id' is declared as non-nullable but contains null values", no file named.
      const out = join(d, `w${workers}.parquet`);
      await convertFile([a, b], out, { workers });
      expect(await rowsOf(out)).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: null, n: 3 }, { id: 'd', n: 4 }]);
    }
    expect(await readFile(join(d, 'w2.parquet'))).toEqual(await readFile(join(d, 'w1.parquet')));
    const wide = await pq('c.parquet', [new Field('id', new Utf8(), true), new Field('n', new Int64(), true)], [s(['e']), vectorFromArray([5n], new Int64())]);
    const err = await refusal(openSource([a, wide]));
    expect(err.text?.id).toBe('source.columnsDiffer');
    expect(err.location).toMatchObject({ file: wide, column: 'n' });
    expect(err.message).toMatch(/"n" \(Int64\) there and "n" \(Int32\) in the first file/);
  });
});

const KEY = '000102030405060708090a0b0c0d0e0f';
const NOW = new Date('2026-12-01T00:00:00Z');
const spec = (path: string, csv = '', formats = 'csv, parquet'): string => `dataset: { id: sb-fees, title: 社保缴费, description: 社保缴费明细, publisher: { name: 滨州市社会保险事业中心, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 其他, keywords: [社保], updateFrequency: monthly }
openAttribute: unconditional
source: { path: ${path}, acquiredAt: 2026-11-01${csv} }
columns:
  缴费编号: { name: fee_no, description: 缴费编号（假名化）, rule: { type: pseudonymize, method: aes-cmac, output: base32, length: 16, prefix: "F" } }
  姓名: { name: name, drop: true }
  缴费金额(元): { name: amount, description: 缴费金额（加噪）, type: number, rule: [{ type: cast, to: float64 }, { type: noise, distribution: laplace, scale: 5 }] }
  备注: { name: note, description: 备注 }
output: { folder: out, formats: [${formats}] }
`;
const NAMES = ['张伟', '王芳', '李娜', '刘洋'];
/** `rows` data lines of month `m`: quoted newlines in the notes. */
const month = (m: number, rows: number): string[] => Array.from({ length: rows }, (_, i) => `M${m}-${i},${NAMES[i % 4]},${(i * 37) % 1000}.5,"${i % 11 === 0 ? '补缴\n跨月' : `第${i}笔`}"`);
const H4 = `${HEADER},备注`;

interface Ran { result: PublishResult | null; error: Error | null; work: string; out: string }
async function run(specDir: string, path: string, shape: { workers: number; partitionBytes?: number; version?: string }, onProgress?: () => void, csv = '', outFolder?: string, formats?: string): Promise<Ran> {
  await writeFile(join(specDir, 'spec.yaml'), spec(path, csv, formats));
  const work = await mkdtemp(join(tmpdir(), 'tuomin-mfe-work-'));
  const out = outFolder ?? await mkdtemp(join(tmpdir(), 'tuomin-mfe-out-'));
  try {
    const result = await publishRun(await loadSpec(join(specDir, 'spec.yaml')), { env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work }, outputFolder: out, version: '1.0.0', now: NOW, ...shape, ...(onProgress ? { onProgress } : {}) });
    return { result, error: null, work, out };
  } catch (e) {
    return { result: null, error: e as Error, work, out };
  }
}
const digests = (r: Ran): Record<string, string> => Object.fromEntries(r.result!.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.format, f.sha256]));
/** Nothing raw left: no run folder in the work root, no version published. */
function nothingLeft(r: Ran): void {
  expect(readdirSync(r.work).filter((f) => f.startsWith('run-'))).toEqual([]);
  const dataset = join(r.out, 'sb-fees');
  expect(existsSync(dataset) ? readdirSync(dataset).filter((f) => /^\d/.test(f)) : []).toEqual([]);
}

describe('runs over files as agencies send them', () => {
  it('a month of its header alone, then a one-row month, then big ones: the same bytes with --workers 1 and 2', async () => {
    const d = join(dir, `run${++n}`);
    await mkdir(d);
    // The first partitions hold no row, then one: the run's head (published roles, source sample) reads on.
    await writeFile(join(d, '2024-01.csv'), `${H4}\r\n`);
    await writeFile(join(d, '2024-02.csv'), `${H4}\n${month(2, 1).join('\n')}`);
    await writeFile(join(d, '2024-03.csv'), `${H4}\n${month(3, 400).join('\n')}\n`);
    await writeFile(join(d, '2024-04.csv'), `\ufeff${H4}\r\n${month(4, 400).join('\r\n')}\r\n`);
    const one = await run(d, '"2024-*.csv"', { workers: 1 });
    const two = await run(d, '"2024-*.csv"', { workers: 2, partitionBytes: 6_000 });
    expect(two.result!.parallel && 'partitions' in two.result!.parallel ? two.result!.parallel.partitions : 0).toBeGreaterThan(4);
    expect(one.result!.sourceRows).toBe(801);
    expect(two.result!.sourceRows).toBe(801);
    expect(digests(two)).toEqual(digests(one));
  }, 60_000);

  it('a hundred small files (CRLF, LF, some without a last newline): the same bytes with --workers 1 and 2', async () => {
    const d = join(dir, `run${++n}`);
    await mkdir(d);
    let rows = 0;
    for (let k = 0; k < 100; k++) {
      const eol = k % 2 ? '\r\n' : '\n';
      const r = 1 + (k % 5) * 3;
      rows += r;
      await writeFile(join(d, `m${String(k).padStart(3, '0')}.csv`), `${H4}${eol}${month(k, r).join(eol)}${k % 3 ? eol : ''}`);
    }
    // CSV only. The files together are under one partition: one pass, no pool (a hundred jobs of a
    // few rows each cost seconds: docs/performance.md); with small partitions, groups of files.
    const one = await run(d, '"m*.csv"', { workers: 1 }, undefined, '', undefined, 'csv');
    const two = await run(d, '"m*.csv"', { workers: 2 }, undefined, '', undefined, 'csv');
    const grouped = await run(d, '"m*.csv"', { workers: 2, partitionBytes: 2_000 }, undefined, '', undefined, 'csv');
    expect(two.result!.parallel).toMatchObject({ workers: 1, sequential: expect.stringContaining('one partition') });
    const groups = grouped.result!.parallel && 'partitions' in grouped.result!.parallel ? grouped.result!.parallel.partitions : 0;
    expect(groups).toBeGreaterThan(1);
    expect(groups).toBeLessThan(100);
    expect(one.result!.sourceRows).toBe(rows);
    expect(two.result!.sourceRows).toBe(rows);
    expect(grouped.result!.sourceRows).toBe(rows);
    expect(digests(two)).toEqual(digests(one));
    expect(digests(grouped)).toEqual(digests(one));
  }, 60_000);

  it('a file changed after the partitions were planned (during a --workers 2 run): the pin refuses it, naming the file; nothing published or left', async () => {
    const d = join(dir, `run${++n}`);
    await mkdir(d);
    for (let k = 1; k <= 6; k++) await writeFile(join(d, `2024-${String(k).padStart(2, '0')}.csv`), `${H4}\n${month(k, 250).join('\n')}\n`);
    const last = join(d, '2024-06.csv');
    let once = false;
    // The first progress comes once partition 0 is merged, long before the last file's jobs run.
    const r = await run(d, '"2024-*.csv"', { workers: 2, partitionBytes: 4_000 }, () => {
      if (once) return;
      once = true;
      void writeFile(last, `${H4}\n${month(99, 250).join('\n')}\n`);
    });
    expect(r.error).not.toBeNull();
    expect(r.error!.message).toContain(last);
    expect(r.error!.message).toMatch(/was modified|changed size|was replaced/);
    nothingLeft(r);
  }, 60_000);

  it('a bad row in the last of three files, --workers 2: the run fails naming the file and its line; nothing published or left', async () => {
    const d = join(dir, `run${++n}`);
    await mkdir(d);
    for (let k = 1; k <= 3; k++) await writeFile(join(d, `2024-${String(k).padStart(2, '0')}.csv`), `${H4}\n${month(k, 600).join('\n')}${k === 3 ? '\n1,张伟,2,多,一列' : ''}\n`);
    const r = await run(d, '"2024-*.csv"', { workers: 2, partitionBytes: 8_000 });
    expect(r.error!.message).toMatch(/2024-03\.csv.*line \d+/);
    nothingLeft(r);
  }, 60_000);

  it('a privacy search (two phases) over a month of its header alone, a one-row month and two halves (one CRLF, no last newline): the same bytes with --workers 1 and 2', async () => {
    const d = join(dir, `priv${++n}`);
    await mkdir(d);
    const [header, ...lines] = (await readFile('fixtures/samples/employment.csv', 'utf8')).split('\n').filter((l) => l !== '');
    await writeFile(join(d, 'e1.csv'), `${header}\n`);
    await writeFile(join(d, 'e2.csv'), `${header}\n${lines[0]}\n`);
    await writeFile(join(d, 'e3.csv'), `${header}\r\n${lines.slice(1, 500).join('\r\n')}`);
    await writeFile(join(d, 'e4.csv'), `${header}\n${lines.slice(500).join('\n')}\n`);
    const text = (await readFile('fixtures/specs/employment.yaml', 'utf8'))
      .replace(/path: \.\.\/samples\/employment\.csv/, 'path: [e1.csv, e2.csv, e3.csv, e4.csv]')
      .replace(/file: hierarchies\//g, `file: ${join(process.cwd(), 'fixtures/specs/hierarchies')}/`)
      .replace('formats: [csv, parquet]', 'formats: [csv]');
    await writeFile(join(d, 'spec.yaml'), text);
    const go = async (shape: { workers: number; partitionBytes?: number }): Promise<PublishResult> =>
      publishRun(await loadSpec(join(d, 'spec.yaml')), { env: { ...process.env, TUOMIN_KEY: KEY }, outputFolder: await mkdtemp(join(tmpdir(), 'tuomin-mfe-out-')), version: '1.0.0', now: NOW, ...shape });
    const one = await go({ workers: 1 });
    const two = await go({ workers: 2, partitionBytes: 30_000 });
    expect(two.parallel && 'phases' in two.parallel ? two.parallel.phases : 0).toBe(2);
    expect(two.sourceRows).toBe(lines.length);
    const files = (r: PublishResult): Record<string, string> => Object.fromEntries(r.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.format, f.sha256]));
    expect(files(two)).toEqual(files(one));
  }, 60_000);

  it('convert of three files, a bad row in the last, --workers 2: exit 1 naming the file and line; no output, no temporary file', async () => {
    const d = join(dir, `cv${++n}`);
    await mkdir(d);
    for (let k = 1; k <= 3; k++) await writeFile(join(d, `2024-${String(k).padStart(2, '0')}.csv`), `${H4}\n${month(k, 600).join('\n')}${k === 3 ? '\n1,张伟,2,多,一列' : ''}\n`);
    for (const out of ['all.parquet', 'all.csv']) {
      const io = capture(d);
      expect(await main(['convert', '2024-01.csv', '2024-02.csv', '2024-03.csv', out, '--workers', '2'], io)).toBe(1);
      expect(io.err()).toMatch(/2024-03\.csv, line \d+/);
      expect(readdirSync(d).sort()).toEqual(['2024-01.csv', '2024-02.csv', '2024-03.csv']);
    }
  }, 60_000);

  it('a pattern that would miss a month only for its case (2024-03.CSV), is refused by name; an Office lock file (~$2024-02.csv) is refused when read (by a pattern or a shell glob)', async () => {
    const d = join(dir, `glob${++n}`);
    await mkdir(d);
    for (const f of ['2024-01.csv', '2024-02.csv']) await writeFile(join(d, f), `${H4}\n${month(1, 2).join('\n')}\n`);
    expect(await sourceFiles({ path: '2024-*.csv' }, d)).toEqual([join(d, '2024-01.csv'), join(d, '2024-02.csv')]);
    await writeFile(join(d, '2024-03.CSV'), `${H4}\n${month(3, 2).join('\n')}\n`);
    const missed = await refusal(sourceFiles({ path: '2024-*.csv' }, d));
    expect(missed.text?.id).toBe('source.globCase');
    expect(missed.location.file).toBe(join(d, '2024-03.CSV'));
    await rm(join(d, '2024-03.CSV'));
    // The lock file is refused when read, so the shell's *.csv (tuomin profile *.csv) meets it too.
    await writeFile(join(d, '~$2024-02.csv'), Buffer.from([0x05, 0x41, 0x64, 0x6d, 0x69, 0x6e, 0, 0]));
    const matched = await sourceFiles({ path: '*.csv' }, d);
    expect(matched).toContain(join(d, '~$2024-02.csv'));
    const lock = await refusal(openSource(matched));
    expect(lock.text?.id).toBe('source.lockFile');
    expect(lock.message).toMatch(/2024-02\.csv is open/);
    const io = capture(d);
    expect(await main(['profile', '2024-01.csv', '2024-02.csv', '~$2024-02.csv'], io)).toBe(1);
    expect(io.err()).toMatch(/lock file Excel or WPS keeps while 2024-02\.csv is open/);
  });

  it('a pattern that matches a reject file of an earlier convert is refused by name; the published package is never matched', async () => {
    const d = join(dir, `run${++n}`);
    await mkdir(d);
    await writeFile(join(d, '2024-01.csv'), `${H4}\n${month(1, 20).join('\n')}\n2,王芳,3,多一列,x\n`);
    await writeFile(join(d, '2024-02.csv'), `${H4}\n${month(2, 20).join('\n')}\n`);
    // An earlier convert, its output and rejects beside the extracts.
    expect(await main(['convert', '2024-01.csv', '2024-02.csv', join(d, 'all', '..', 'all.csv'), '--on-bad-row', 'skip'], capture(d))).toBe(0);
    expect(existsSync(join(d, 'all.rejects.csv'))).toBe(true);
    const r = await run(d, '"*.csv"', { workers: 1 });
    expect((r.error as TuominError).text?.id).toBe('source.globRejects');
    expect(r.error!.message).toContain('all.rejects.csv');
    nothingLeft(r);
    // Output in the spec's own folder: a second run's pattern never reads the first run's package.
    await rm(join(d, 'all.rejects.csv'));
    await rm(join(d, 'all.csv'));
    const first = await run(d, '"*"', { workers: 1 }, undefined, ', csv: { onBadRow: skip }', d);
    expect((first.error as TuominError).text?.id).toBe('format.unknownExtension'); // spec.yaml itself: refused, not read
    const once = await run(d, '"*.csv"', { workers: 1 }, undefined, ', csv: { onBadRow: skip }', d);
    const again = await run(d, '"*.csv"', { workers: 1, version: '1.0.1' }, undefined, ', csv: { onBadRow: skip }', d);
    expect(once.result!.packageDir.startsWith(d)).toBe(true);
    expect(once.result!.sourceRows).toBe(40);
    expect(again.result!.sourceRows).toBe(40);
    expect(readdirSync(d).filter((f) => f.endsWith('.csv')).sort()).toEqual(['2024-01.csv', '2024-02.csv']);
  }, 60_000);
});
