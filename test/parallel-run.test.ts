import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { TuominError } from '@tuomin/core';

/**
 * Issue 15, "Done means": the published data files have the same SHA-256 whatever the number of
 * workers, the partitioning and the batch size, for the three bundled specs. The samples are
 * small, so the partitions are made small (a few kilobytes) to cut each file into several; the
 * result says how the pass ran, and the test checks the parallel path really ran.
 */
const KEY = '000102030405060708090a0b0c0d0e0f';
const SPECS = ['penalties', 'employment', 'enterprises'] as const;
const NOW = new Date('2026-12-01T00:00:00Z');

async function specCopy(name: string, edit: (s: string) => string = (s) => s): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), `tuomin-par-${name}-`));
  const text = (await readFile(resolve(`fixtures/specs/${name}.yaml`), 'utf8'))
    .replace(/path: \.\.\/samples\//, `path: ${resolve('fixtures/samples')}/`)
    .replace(/file: hierarchies\//g, `file: ${resolve('fixtures/specs/hierarchies')}/`);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, edit(text));
  return { file, dir };
}

interface Shape { workers: number; partitionBytes?: number; batchSize?: number }

async function publish(file: string, shape: Shape, env: NodeJS.ProcessEnv = {}): Promise<PublishResult> {
  const loaded = await loadSpec(file);
  const out = await mkdtemp(join(tmpdir(), 'tuomin-par-out-'));
  return publishRun(loaded, { env: { ...process.env, TUOMIN_KEY: KEY, ...env }, outputFolder: out, version: '1.0.0', now: NOW, ...shape });
}

/** The data files by format, with their digests; the reviews without timings. */
function fingerprint(r: PublishResult): { files: Record<string, string>; rows: number; sourceRows: number; reviews: unknown } {
  return {
    files: Object.fromEntries(r.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.format, f.sha256])),
    rows: r.rows,
    sourceRows: r.sourceRows,
    reviews: r.reviews,
  };
}

describe('a run on partitions publishes the same bytes as one pass', () => {
  for (const name of SPECS) {
    it(`${name}: workers 1, 2 and 4, partitions of several sizes, batch sizes 1,000, 65,536 and 37`, async () => {
      const { file } = await specCopy(name);
      const one = await publish(file, { workers: 1, batchSize: 65_536 });
      expect(one.parallel).toBeUndefined();
      const expected = fingerprint(one);
      expect(Object.keys(expected.files).length).toBeGreaterThanOrEqual(2);
      const shapes: Shape[] = [
        { workers: 1, batchSize: 1_000 },
        { workers: 2, partitionBytes: 40_000, batchSize: 1_000 },
        { workers: 4, partitionBytes: 16_000, batchSize: 65_536 },
        { workers: 2, partitionBytes: 9_000, batchSize: 37 },
      ];
      for (const shape of shapes) {
        const r = await publish(file, shape);
        if (shape.partitionBytes) {
          expect(r.parallel && 'partitions' in r.parallel ? r.parallel.partitions : 0, JSON.stringify(r.parallel)).toBeGreaterThan(1);
        }
        expect(fingerprint(r), JSON.stringify(shape)).toEqual(expected);
      }
    }, 240_000);
  }
});

describe('a rule seeded by row position, with no first pass to count the rows', () => {
  it('penalties with noise on the fine: jobs ask for their row offset once counted; the same bytes as one pass', async () => {
    const { file } = await specCopy('penalties', (s) => s.replace(
      '罚款金额: { name: fine_amount, description: 罚款金额（元）, type: number, scale: 2 }',
      '罚款金额: { name: fine_amount, description: 罚款金额（元，加噪）, type: number, scale: 2, rule: [{ type: cast, to: float64 }, { type: noise, distribution: laplace, scale: 5 }] }',
    ));
    const one = fingerprint(await publish(file, { workers: 1 }));
    for (const shape of [{ workers: 2, partitionBytes: 30_000, batchSize: 1_000 }, { workers: 3, partitionBytes: 12_000, batchSize: 41 }]) {
      const r = await publish(file, shape);
      expect(r.parallel && 'partitions' in r.parallel ? r.parallel.partitions : 0).toBeGreaterThan(1);
      expect(fingerprint(r), JSON.stringify(shape)).toEqual(one);
    }
    // Without the offsets the noise would differ: the same rows at another position get other noise.
    const shifted = fingerprint(await publish(file, { workers: 1, batchSize: 7 }));
    expect(shifted.files).toEqual(one.files);
  }, 180_000);
});

describe('a failing partition fails the run cleanly', () => {
  it('a bad value in the last partition: the error names the partition and the global row; nothing published, no run folder left', async () => {
    // 5,000 rows (the sample ten times over), every phone valid but the last: the bad value is
    // far past the first rows the coordinator reads itself, in the last partition's job.
    const lines = (await readFile(resolve('fixtures/samples/penalties.csv'), 'utf8')).split('\n').filter((l) => l !== '');
    const header = lines[0]!.split(',');
    const phone = header.indexOf('联系电话');
    expect(phone).toBeGreaterThan(0);
    const rows = lines.slice(1).filter((l) => !l.includes('"'));
    const data: string[] = [];
    for (let i = 0; data.length < 5_000; i++) {
      const cells = rows[i % rows.length]!.split(',');
      cells[phone] = '13800138000';
      data.push(cells.join(','));
    }
    const last = data[data.length - 1]!.split(',');
    last[phone] = '电话不详';
    data[data.length - 1] = last.join(',');
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-par-bad-'));
    const source = join(dir, 'penalties.csv');
    await writeFile(source, [lines[0], ...data, ''].join('\n'));
    const { file } = await specCopy('penalties', (s) => s.replace(resolve('fixtures/samples/penalties.csv'), source).replace('onInvalid: mask-all', 'onInvalid: error'));
    const work = await mkdtemp(join(tmpdir(), 'tuomin-par-work-'));
    const out = await mkdtemp(join(tmpdir(), 'tuomin-par-out-'));
    const loaded = await loadSpec(file);
    const err = await publishRun(loaded, { env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work }, outputFolder: out, workers: 2, partitionBytes: 200_000, now: NOW }).then(() => null, (e: unknown) => e as Error);
    expect(err).not.toBeNull();
    expect(err!.message).toMatch(/partition \d+ \(bytes \d+–\d+\)/);
    expect(err!.message).toContain('row 5000');
    expect(err!.message).not.toContain('电话不详');
    expect(await versions(out)).toEqual([]);
    expect(await leftIn(work)).toEqual([]);
  }, 120_000);

  it('a worker killed by its heap limit: a RESOURCE error naming the partition and what to do; nothing published, no run folder left', async () => {
    const { file } = await specCopy('penalties');
    const work = await mkdtemp(join(tmpdir(), 'tuomin-par-work-'));
    const out = await mkdtemp(join(tmpdir(), 'tuomin-par-out-'));
    const loaded = await loadSpec(file);
    const env = { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work, TUOMIN_WORKER_HEAP_MB: '4' };
    const err = await publishRun(loaded, { env, outputFolder: out, workers: 2, partitionBytes: 30_000, now: NOW }).then(() => null, (e: unknown) => e as Error);
    expect(err).not.toBeNull();
    // Before: a plain Error ("partition N (…) failed: Error: Worker terminated due to reaching
    // memory limit"), which the CLI reported as tuomin's bug (exit 70).
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).code).toBe('RESOURCE');
    expect(err!.message).toMatch(/partition \d+ \(bytes \d+–\d+\): a worker ran out of memory \(each worker's heap is capped at 4 MB\)/);
    expect((err as TuominError).hint).toMatch(/--workers 1.*--batch-size.*TUOMIN_WORKER_HEAP_MB/);
    expect((err as TuominError).text).toMatchObject({ id: 'worker.outOfMemory', params: { heapMb: 4, partitionIndex: expect.any(Number) } });
    expect(await versions(out)).toEqual([]);
    expect(await leftIn(work)).toEqual([]);
  }, 120_000);
});

/** Version folders published under the output folder (the dataset folder itself holds the ledger). */
async function versions(out: string): Promise<string[]> {
  const dataset = join(out, 'binzhou-admin-penalties');
  return existsSync(dataset) ? (await readdir(dataset)).filter((n) => /^\d/.test(n)) : [];
}

/** Run folders left in a work root (staging.ts names them run-*). */
async function leftIn(work: string): Promise<string[]> {
  return (await readdir(work)).filter((n) => n.startsWith('run-'));
}

describe('rows a run withholds, over partitions', () => {
  const tiny = (csv: string) => `dataset: { id: tiny, title: t, description: d, publisher: { name: p, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 其他, keywords: [k], updateFrequency: annual }
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-01, csv: { onBadRow: ${csv} } }
columns: { 编号: { description: A }, 数量: { description: B, type: integer, rule: { type: cast, to: int64, onInvalid: reject-row } } }
output: { folder: out, formats: [csv, parquet] }
`;
  /** `n` rows; every 333rd quantity is not a number (rejected by the cast). */
  async function source(extra: (lines: string[]) => void = () => {}, n = 4_000): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-par-rej-'));
    const lines = ['编号,数量'];
    for (let i = 1; i <= n; i++) lines.push(`编号${String(i).padStart(5, '0')},${i % 333 === 0 ? '约十件' : String(i % 97)}`);
    extra(lines);
    await writeFile(join(dir, 'in.csv'), `${lines.join('\n')}\n`);
    return dir;
  }

  it('rows rejected by a cast: the same private file (bytes, mode 0600) and the same counts as one pass', async () => {
    const dir = await source();
    await writeFile(join(dir, 'spec.yaml'), tiny('error'));
    const work = await mkdtemp(join(tmpdir(), 'tuomin-par-work-'));
    const env = { TUOMIN_WORK_DIR: work };
    const one = await publish(join(dir, 'spec.yaml'), { workers: 1 }, env);
    const two = await publish(join(dir, 'spec.yaml'), { workers: 2, partitionBytes: 9_000, batchSize: 100 }, env);
    expect(two.parallel && 'partitions' in two.parallel ? two.parallel.partitions : 0).toBeGreaterThan(3);
    expect(fingerprint(two)).toEqual(fingerprint(one));
    expect(one.rejects).toHaveLength(1);
    expect(two.rejects!.map((r) => r.rows)).toEqual(one.rejects!.map((r) => r.rows));
    expect(one.rejects![0]!.rows).toBe(12);
    expect(await readFile(two.rejects![0]!.path)).toEqual(await readFile(one.rejects![0]!.path));
    expect((await stat(two.rejects![0]!.path)).mode & 0o077).toBe(0);
  }, 120_000);

  it('a ragged row in a late partition stops the run naming the file and its line, as one pass does', async () => {
    // Past the first 10,000 rows the coordinator reads itself: the error comes from a job.
    const dir = await source((lines) => { lines[13_500] = `${lines[13_500]},多出的一列`; }, 14_000);
    await writeFile(join(dir, 'spec.yaml'), tiny('error'));
    const one = await publish(join(dir, 'spec.yaml'), { workers: 1 }).then(() => null, (e: unknown) => e as Error);
    const two = await publish(join(dir, 'spec.yaml'), { workers: 2, partitionBytes: 30_000 }).then(() => null, (e: unknown) => e as Error);
    expect(one!.message).toMatch(/in\.csv.*line 13501/);
    expect(two!.message).toMatch(/partition \d+ \(bytes \d+–\d+\)/);
    expect(two!.message).toMatch(/in\.csv.*line 13501/);
    expect(two!.message).not.toContain('多出的一列');
  }, 120_000);
});

