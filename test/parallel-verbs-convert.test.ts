import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';
import { convertFile } from '@tuomin/publish';
import { csvText, writeExtract } from './support/parallel-verbs-data.js';

/**
 * Issue 15, item 5: `convert` over partitions writes the one pass's bytes, for text outputs (parts
 * joined in order) and typed outputs (one writer fed the partitions in order), from CSV, NDJSON
 * and Parquet sources cut small; a value that does not cast in a late partition fails with the
 * one pass's row, and leaves no output.
 */
let files: Awaited<ReturnType<typeof writeExtract>>;
beforeAll(async () => {
  files = await writeExtract();
});

const SHAPES = [{ workers: 2, partitionBytes: 60_000 }, { workers: 3, partitionBytes: 25_000 }];
const CASES = [
  ['csv', '.parquet'], ['csv', '.ndjson'], ['csv', '.arrow'], ['csv', '.tsv'], ['csv', '.xlsx'],
  ['ndjson', '.csv'], ['ndjson', '.arrows'],
  ['parquet', '.csv'], ['parquet', '.parquet'],
] as const;

describe('convert over partitions writes the one pass\'s bytes', () => {
  for (const [from, ext] of CASES) {
    it(`${from} → ${ext}${ext === '.parquet' ? ' (inferred types)' : ext === '.csv' ? ' (with a BOM)' : ''}`, async () => {
      const extra = ext === '.csv' ? { write: { csv: { bom: true } } } : ext === '.parquet' ? { inferTypes: true } : {};
      const oneOut = join(files.dir, `one-${from}${ext}`);
      const one = await convertFile(files[from], oneOut, { ...extra, read: { batchSize: 700 } });
      expect(one.rows).toBe(4000);
      expect(one.parallel).toBeUndefined();
      const expected = await readFile(oneOut);
      for (const [i, shape] of SHAPES.entries()) {
        const out = join(files.dir, `par${i}-${from}${ext}`);
        const r = await convertFile(files[from], out, { ...extra, read: { batchSize: 700 }, ...shape });
        expect(r.parallel).toMatchObject({ workers: shape.workers });
        expect((r.parallel as { partitions: number }).partitions).toBeGreaterThan(1);
        expect({ ...r, parallel: undefined }).toEqual({ ...one, parallel: undefined });
        expect(Buffer.compare(await readFile(out), expected), `${out} differs from ${oneOut}`).toBe(0);
      }
    });
  }
});

describe('convert: a bad value in a late partition', () => {
  it('fails with the one pass\'s row and column, naming the partition, and writes nothing', async () => {
    // More rows than inference samples (10,000), so the bad amount is seen only by the cast.
    const bad = join(files.dir, 'late-bad.csv');
    await writeFile(bad, csvText(12_000, { notANumber: 11_500 }));
    const options = { inferTypes: true, read: { batchSize: 1000 } };
    const one = await convertFile(bad, join(files.dir, 'late-one.parquet'), options).then(() => null, (e: unknown) => e);
    expect(one).toBeInstanceOf(TuominError);
    expect((one as TuominError).location).toMatchObject({ column: '金额', row: 11_500 });
    for (const ext of ['.parquet', '.csv']) {
      const out = join(files.dir, `late-par${ext}`);
      const par = await convertFile(bad, out, { ...options, workers: 2, partitionBytes: 100_000 }).then(() => null, (e: unknown) => e);
      expect(par).toBeInstanceOf(TuominError);
      expect((par as TuominError).code).toBe((one as TuominError).code);
      expect((par as TuominError).location).toEqual((one as TuominError).location);
      expect((par as TuominError).detail).toMatch(/^partition \d+ \(bytes \d+–\d+\): /);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a ragged row fails as the one pass fails (the file\'s line), naming the partition', async () => {
    const bad = join(files.dir, 'ragged-convert.csv');
    await writeFile(bad, csvText(4000, { ragged: 3900 }));
    // The same output name: the error names the file being written.
    const out = join(files.dir, 'ragged.ndjson');
    const one = await convertFile(bad, out).then(() => null, (e: unknown) => e);
    const par = await convertFile(bad, out, { workers: 2, partitionBytes: 25_000 }).then(() => null, (e: unknown) => e);
    expect(one).toBeInstanceOf(TuominError);
    // `path`: io's atomic write names its target on any error with a code that passes through it
    // (the one pass reads inside the writer); a partition's reader fails outside it.
    const { detail, text, ...rest } = { ...(par as TuominError), path: undefined };
    const { detail: oneDetail, text: oneText, ...oneRest } = { ...(one as TuominError), path: undefined };
    expect(rest).toEqual(oneRest);
    expect(detail).toBe(`${/^partition \d+ \(bytes \d+–\d+\): /.exec(detail)?.[0]}${oneDetail}`);
    // The one pass's message id and figures, with the partition's place beside them (a front end words the prefix too).
    expect(text).toEqual({ id: oneText!.id, params: { ...oneText!.params, partitionIndex: expect.any(Number), partitionKind: 'csv-bytes', partitionFrom: expect.any(Number), partitionTo: expect.any(Number) } });
    expect(existsSync(out)).toBe(false);
  });
});
