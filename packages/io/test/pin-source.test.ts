import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { appendFile, mkdtemp, rm, truncate, writeFile, rename, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';
import { openSource } from '../src/formats.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-pin-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const lines = (n: number): string => 'id,name\n' + Array.from({ length: n }, (_, i) => `${i},n${i}`).join('\n') + '\n';

async function drain(src: { batches(): AsyncIterable<{ numRows: number }> }, during?: () => Promise<void>): Promise<number> {
  let rows = 0;
  let first = true;
  for await (const b of src.batches()) {
    rows += b.numRows;
    if (first && during) await during();
    first = false;
  }
  return rows;
}

describe('a source changed while it is read', () => {
  it('truncated during the read: an error, not fewer rows', async () => {
    const file = join(dir, 'cut.csv');
    await writeFile(file, lines(50_000));
    const src = await openSource(file, { batchSize: 1000, csv: { chunkSize: 4096 } as never });
    const err = await drain(src, () => truncate(file, 20_000)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).message).toMatch(/changed size .* while it was read/);
    expect((err as TuominError).location.file).toBe(file);
  });
  it('appended to between open and the pass: an error', async () => {
    const file = join(dir, 'grow.csv');
    await writeFile(file, lines(10));
    const src = await openSource(file);
    await appendFile(file, '11,n11\n');
    await expect(drain(src)).rejects.toThrow(/changed size .* after it was opened/);
  });
  it('rewritten with the same size: an error (mtime)', async () => {
    const file = join(dir, 'same.ndjson');
    await writeFile(file, '{"a":"1"}\n');
    const src = await openSource(file);
    await writeFile(file, '{"a":"2"}\n');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    await expect(drain(src)).rejects.toThrow(/was modified/);
  });
  it('replaced by another file: an error', async () => {
    const file = join(dir, 'swap.csv');
    await writeFile(file, lines(10));
    await writeFile(join(dir, 'other.csv'), lines(10));
    const src = await openSource(file);
    await rename(join(dir, 'other.csv'), file);
    await expect(drain(src)).rejects.toThrow(/replaced by another file/);
  });
  it('an unchanged file reads fully, twice', async () => {
    const file = join(dir, 'ok.csv');
    await writeFile(file, lines(100));
    const src = await openSource(file);
    expect(await drain(src)).toBe(100);
    expect(await drain(src)).toBe(100);
  });
});
