import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { openSource, writeOutput } from '../src/formats.js';

// Damaged copies of one small table, each reproduced from a bit flip that crashed or misled the
// readers before: they must give our BAD_INPUT error, never a crash, a raw error or fewer rows.
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-damaged-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const table = tableFromArrays({ name: ['张三', '李四', 'abc', 'x'.repeat(40)], n: Int32Array.from([1, 2, 3, 4]) });

async function readAll(file: string): Promise<number> {
  const src = await openSource(file);
  let rows = 0;
  for await (const b of src.batches()) rows += b.numRows;
  return rows;
}

async function damagedError(name: string, bytes: Uint8Array): Promise<TuominError> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  const err = await readAll(file).then((rows) => new Error(`read ${rows} rows`), (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  expect((err as TuominError).code).toBe('BAD_INPUT');
  expect((err as TuominError).location.file).toBe(file);
  return err as TuominError;
}

function flip(bytes: Uint8Array, at: number, bit: number): Uint8Array {
  const b = bytes.slice();
  b[at]! ^= bit;
  return b;
}

describe('a damaged Arrow IPC stream', () => {
  const stream = tableToIPC(table, 'stream');
  it('a flipped field count in the schema is refused before apache-arrow runs out of memory', async () => {
    await damagedError('fields.arrows', flip(stream, 44, 1));
  });
  it('a row count that reads as 0 is refused instead of publishing no rows', async () => {
    const err = await damagedError('rows.arrows', flip(stream, 542, 1));
    expect(err.message).toContain('record batch says 0');
  });
  it('a Utf8 value that is not UTF-8 names the column and the row', async () => {
    const at = Buffer.from(stream).indexOf(Buffer.from('李四'));
    const err = await damagedError('utf8.arrows', flip(stream, at, 0x40));
    expect(err.message).toContain('not valid UTF-8');
    expect(err.location).toMatchObject({ column: 'name', row: 2 });
  });
  it('bytes after the end-of-stream marker are refused (a damaged length read as end)', async () => {
    const cut = stream.slice();
    // The record batch's metadata length becomes 0: the stream would seem to end after the schema.
    const batchAt = 8 + new DataView(stream.buffer, stream.byteOffset).getInt32(4, true);
    cut.fill(0, batchAt + 4, batchAt + 8);
    await damagedError('eos.arrows', cut);
  });
  it('the undamaged stream reads fully', async () => {
    const file = join(dir, 'ok.arrows');
    await writeFile(file, stream);
    expect(await readAll(file)).toBe(4);
  });
});

describe('a damaged Arrow IPC file', () => {
  const file = tableToIPC(table, 'file');
  it('a footer that lists no record batch is refused', async () => {
    await damagedError('footer.arrow', flip(file, 572, 1));
  });
  it('every single-bit flip gives our error or all 4 rows', async () => {
    // A sample of positions across the file (the fuzz target covers the rest).
    for (let at = 0; at < file.length; at += 7) {
      const path = join(dir, 'sample.arrow');
      await writeFile(path, flip(file, at, 0x10));
      const r = await readAll(path).then((rows) => rows, (e: unknown) => e);
      if (typeof r === 'number') expect(r).toBe(4);
      else expect(r).toBeInstanceOf(TuominError);
    }
  });
});

describe('a damaged Parquet file', () => {
  it('a wasm trap (RuntimeError: unreachable) becomes our error and the process lives on', async () => {
    const path = join(dir, 'base.parquet');
    await writeOutput(path, table.schema, (async function* () { yield* table.batches; })());
    const bytes = await readFile(path);
    const err = await damagedError('trap.parquet', flip(bytes, 4, 128));
    expect(err.message).toContain('not a valid Parquet file');
    // The reader still works afterwards (the trap ended a worker, not this process).
    expect(await readAll(path)).toBe(4);
  });
});
