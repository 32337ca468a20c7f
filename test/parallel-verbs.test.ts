import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';
import { assessRisk, profileFile, scanFile } from '@tuomin/publish';
import { csvText, writeExtract } from './support/parallel-verbs-data.js';

/**
 * Issue 15, item 5: `scan`, `risk` and `profile` over partitions on the worker pool give the one
 * pass's result (timings and the `parallel` note aside), for CSV (quoted newlines, Chinese text),
 * NDJSON and Parquet, with partitions forced small; a bad row in a late partition fails as the one
 * pass fails.
 */
let files: Awaited<ReturnType<typeof writeExtract>>;
beforeAll(async () => {
  files = await writeExtract();
});

/** Two shapes per format: workers 2 and 3 over partitions of different sizes. */
const SHAPES = [{ workers: 2, partitionBytes: 60_000 }, { workers: 3, partitionBytes: 25_000 }];
const FORMATS = ['csv', 'ndjson', 'parquet'] as const;

function plain<T extends object>(r: T): Omit<T, 'ms' | 'parallel'> {
  const { ms: _ms, parallel: _parallel, ...rest } = r as T & { ms?: unknown; parallel?: unknown };
  return rest;
}

async function sameOverShapes<T extends object>(run: (shape: { workers: number; partitionBytes?: number }) => Promise<T & { parallel?: unknown }>): Promise<T> {
  const one = await run({ workers: 1 });
  expect(one.parallel).toBeUndefined();
  for (const shape of SHAPES) {
    const r = await run(shape);
    expect(r.parallel, JSON.stringify(shape)).toMatchObject({ workers: shape.workers });
    expect((r.parallel as { partitions: number }).partitions).toBeGreaterThan(1);
    expect(plain(r)).toEqual(plain(one));
  }
  return one;
}

describe('scan, risk and profile over partitions equal one pass', () => {
  for (const format of FORMATS) {
    it(`scan: ${format}`, async () => {
      const one = await sameOverShapes((s) => scanFile(files[format], s));
      expect(one.rows).toBe(4000);
      // Findings in the cells of several columns, with row numbers past the first partitions.
      expect(one.findings.map((f) => f.type)).toEqual(expect.arrayContaining(['cn_id', 'cn_mobile']));
      expect(Math.max(...one.findings.flatMap((f) => f.rows))).toBeGreaterThan(0);
    });

    it(`risk: ${format}`, async () => {
      const one = await sameOverShapes((s) => assessRisk(files[format], { quasiIdentifiers: ['城市', '姓名'], k: 2, sensitive: ['备注'], l: 2, t: 0.9, ...s }));
      expect(one.rows).toBe(4000);
      expect(one.classes).toBeGreaterThan(5);
    });

    it(`profile: ${format}`, async () => {
      const one = await sameOverShapes((s) => profileFile(files[format], s));
      expect(one.rows).toBe(4000);
      expect(one.columns.find((c) => c.name === '身份证号')!.detectors[0]!.type).toBe('cn_id');
    });
  }

  it('scan: allRows and a column filter join as one pass', async () => {
    await sameOverShapes((s) => scanFile(files.csv, { allRows: true, columns: ['备注', '手机'], ...s }));
  });

  it('profile with a sample, and a file of one partition, run one pass and say why', async () => {
    const sampled = await profileFile(files.csv, { sample: 100, workers: 2, partitionBytes: 25_000 });
    expect(sampled.parallel).toEqual({ workers: 1, sequential: expect.stringContaining('sample') });
    const small = await scanFile(files.csv, { workers: 2 });
    expect(small.parallel).toEqual({ workers: 1, sequential: expect.stringContaining('smaller than') });
    expect(plain(small)).toEqual(plain(await scanFile(files.csv)));
  });
});

describe('a bad row in a late partition', () => {
  it('fails each verb with the one pass\'s error (the file\'s line), naming the partition', async () => {
    const bad = join(files.dir, 'ragged.csv');
    await writeFile(bad, csvText(4000, { ragged: 3900 }));
    const verbs: Array<(s: { workers?: number; partitionBytes?: number }) => Promise<unknown>> = [
      (s) => scanFile(bad, s),
      (s) => assessRisk(bad, { quasiIdentifiers: ['城市'], ...s }),
      (s) => profileFile(bad, s),
    ];
    for (const verb of verbs) {
      const one = await verb({}).then(() => null, (e: unknown) => e);
      expect(one).toBeInstanceOf(TuominError);
      expect((one as TuominError).location.line).toBeGreaterThan(3900);
      const par = await verb({ workers: 2, partitionBytes: 25_000 }).then(() => null, (e: unknown) => e);
      expect(par).toBeInstanceOf(TuominError);
      const { detail, text, ...rest } = { ...(par as TuominError) };
      const { detail: oneDetail, text: oneText, ...oneRest } = { ...(one as TuominError) };
      expect(rest).toEqual(oneRest);
      expect(detail).toMatch(/^partition \d+ \(bytes \d+–\d+\): /);
      expect(detail.slice(detail.indexOf('): ') + 3)).toBe(oneDetail);
      // The one pass's message id and figures, with the partition's place beside them (a front end words the prefix too).
      expect(text).toEqual({ id: oneText!.id, params: { ...oneText!.params, partitionIndex: expect.any(Number), partitionKind: 'csv-bytes', partitionFrom: expect.any(Number), partitionTo: expect.any(Number) } });
    }
  });
});

describe('a late partition that is not UTF-8', () => {
  it('fails as the one pass fails (the plan checks the whole file\'s bytes before any job)', async () => {
    const path = join(files.dir, 'late-gbk.csv');
    const text = Buffer.from(csvText(4000));
    // A lone GBK byte pair deep in the file: its first 64 KiB read as UTF-8.
    const at = text.indexOf(Buffer.from('现场检查第3901次'));
    expect(at).toBeGreaterThan(400_000);
    text.set([0xb2, 0xe2], at);
    await writeFile(path, text);
    const one = await scanFile(path).then(() => null, (e: unknown) => e);
    expect(one).toBeInstanceOf(TuominError);
    expect((one as TuominError).location.line).toBeGreaterThan(3900);
    const par = await scanFile(path, { workers: 2, partitionBytes: 25_000 }).then(() => null, (e: unknown) => e);
    expect({ ...(par as TuominError) }).toEqual({ ...(one as TuominError) });
  });
});

describe('the CLI\'s --workers', () => {
  it('notes in the JSON why one thread ran when --workers asked for more, and nothing by default on a small file', async () => {
    const { main } = await import('../packages/cli/src/main.js');
    const { capture } = await import('../packages/cli/test/capture.js');
    for (const verb of [['scan'], ['profile'], ['risk', '--qi', '城市']]) {
      const asked = capture(files.dir);
      await main([...verb, files.csv, '--json', '--workers', '2'], asked);
      expect(JSON.parse(asked.out()).parallel, verb[0]).toEqual({ workers: 1, sequential: expect.stringContaining('smaller than') });
      const byDefault = capture(files.dir);
      await main([...verb, files.csv, '--json'], byDefault);
      const { parallel: _p, ...rest } = JSON.parse(asked.out()) as Record<string, unknown>;
      const plainDefault = JSON.parse(byDefault.out()) as Record<string, unknown>;
      expect(plainDefault.parallel).toBeUndefined();
      delete rest.ms;
      delete plainDefault.ms;
      expect(rest).toEqual(plainDefault);
    }
    const out = join(files.dir, 'cli.parquet');
    const converted = capture(files.dir);
    await main(['convert', files.csv, out, '--json', '--workers', '3'], converted);
    expect(JSON.parse(converted.out())).toMatchObject({ ok: true, rows: 4000, parallel: { workers: 1 } });
  });
});
