import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Float64, Int32, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { batchFromColumns } from '@tuomin/core/internal';
import { CSV_WRITE_BUFFER, csvBatchEncoder, csvBytes, csvPartOptions, csvPreamble, writeCsv, writeCsvRows } from '../src/csv/write.js';
import type { CsvWriteOptions } from '../src/csv/options.js';
import { WriteBehind } from '../src/write-behind.js';
import { mulberry32 as random } from '../../../benchmarks/lib/random.js';

// writeCsv reuses two output buffers and each column's encoding buffers from batch to batch.
// These tests check the bytes that reach the file against csvBytes (fresh buffers per batch),
// through a handle that reads each buffer only when its write completes, as the thread pool may.

const schema = new Schema([
  new Field('id', new Int32(), true),
  new Field('name', new Utf8(), true),
  new Field('note', new Utf8(), true),
  new Field('amount', new Float64(), true),
  new Field('kind', new Dictionary(new Utf8(), new Int32()), true),
]);
const KINDS = ['法人', '自然人', 'a,b', '"q"', ''];

/** Seeded batches of varying sizes: quoted cells, empty values, nulls, Chinese text, a dictionary column. */
function batchesOf(seed: number, sizes: number[], longCellAt = -1): RecordBatch[] {
  const rnd = random(seed);
  let id = 0;
  return sizes.map((n, bi) => {
    const ids: (number | null)[] = [];
    const names: (string | null)[] = [];
    const notes: (string | null)[] = [];
    const amounts: (number | null)[] = [];
    const kinds: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(rnd() < 0.02 ? null : id++);
      names.push(rnd() < 0.05 ? null : rnd() < 0.05 ? '' : `名${Math.floor(rnd() * 1e6)}${'字'.repeat(Math.floor(rnd() * 6))}`);
      const r = rnd();
      notes.push(r < 0.1 ? `说明, "引号" ${Math.floor(rnd() * 1e4)}\n第二行` : r < 0.15 ? null : 'x'.repeat(Math.floor(rnd() * 40)));
      amounts.push(rnd() < 0.03 ? null : Math.round(rnd() * 1e7) / 100);
      kinds.push(rnd() < 0.04 ? null : KINDS[Math.floor(rnd() * KINDS.length)]!);
    }
    if (bi === longCellAt) notes[Math.floor(n / 2)] = 'L'.repeat(CSV_WRITE_BUFFER + CSV_WRITE_BUFFER / 2) + ',';
    const cols: Data[] = [
      vectorFromArray(ids, new Int32()).data[0]!,
      vectorFromArray(names, new Utf8()).data[0]!,
      vectorFromArray(notes, new Utf8()).data[0]!,
      vectorFromArray(amounts, new Float64()).data[0]!,
      vectorFromArray(kinds, new Dictionary(new Utf8(), new Int32())).data[0]!,
    ];
    return batchFromColumns(schema, cols.map((d) => d as Data<DataType>), n);
  });
}

async function* each(batches: RecordBatch[]): AsyncIterable<RecordBatch> {
  for (const b of batches) yield b;
}

interface SlowWrites {
  handle: FileHandle;
  /** The bytes as read when each write completed. */
  bytes(): Uint8Array;
  /** Distinct ArrayBuffers handed to write. */
  buffers: Set<ArrayBufferLike>;
}

/** A stand-in for a file handle whose writes complete later (a timer), reading the buffer only then; short writes now and then. */
function slowHandle(seed: number): SlowWrites {
  const rnd = random(seed);
  const parts: Uint8Array[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const write = (b: Uint8Array, off: number, len: number) => {
    buffers.add(b.buffer);
    const n = rnd() < 0.2 ? Math.max(1, Math.floor(len / 3)) : len;
    return new Promise<{ bytesWritten: number }>((resolve) => {
      setTimeout(() => {
        parts.push(b.slice(off, off + n));
        resolve({ bytesWritten: n });
      }, 1 + Math.floor(rnd() * 3));
    });
  };
  return {
    handle: { write } as unknown as FileHandle,
    buffers,
    bytes: () => Buffer.concat(parts),
  };
}

async function writeSlowly(batches: RecordBatch[], options: CsvWriteOptions, seed: number): Promise<{ bytes: Uint8Array; buffers: number; rows: number; counted: number }> {
  const slow = slowHandle(seed);
  const out = new WriteBehind(slow.handle);
  const head = csvPreamble(schema, options);
  await out.write(head);
  const r = await writeCsvRows(out, each(batches), options);
  await out.flush();
  return { bytes: slow.bytes(), buffers: slow.buffers.size, rows: r.rows, counted: head.length + r.bytes };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('writeCsv output buffers', () => {
  it('writes what csvBytes gives through a slow handle, in two buffers, batch sizes 1 to 9,000', async () => {
    const sizes = [1, 9000, 3, 7000, 4096, 2, 8500, 6000, 1, 5000, 9000, 7777];
    const batches = batchesOf(15, sizes);
    for (const options of [{}, { delimiter: '||', nullToken: 'NULL', bom: true }, { escapeFormulas: true, newline: '\r\n' }] as CsvWriteOptions[]) {
      const expected = csvBytes(schema, batches, options);
      // More than two buffers' worth, so each buffer is reused while the other is being written.
      expect(expected.length).toBeGreaterThan(3 * CSV_WRITE_BUFFER);
      const got = await writeSlowly(batches, options, 7);
      expect(got.rows).toBe(sizes.reduce((a, b) => a + b, 0));
      expect(got.counted).toBe(expected.length);
      expect(got.bytes.length).toBe(expected.length);
      expect(sameBytes(got.bytes, expected)).toBe(true);
      // The preamble's buffer and the two of the ring: no buffer per batch.
      expect(got.buffers).toBeLessThanOrEqual(3);
    }
  });

  it('writes a row longer than a buffer from a buffer of its own, between rows of the ring', async () => {
    const batches = batchesOf(16, [3000, 2500, 4000], 1);
    const expected = csvBytes(schema, batches);
    const got = await writeSlowly(batches, {}, 8);
    expect(sameBytes(got.bytes, expected)).toBe(true);
    expect(got.buffers).toBe(4);
  });

  it('csvBatchEncoder: each batch\'s text stays as it was while later batches reuse the column buffers (a part held in memory)', () => {
    const batches = batchesOf(18, [4000, 10, 6000, 4000, 1, 5000], 3);
    const options = csvPartOptions({ nullToken: 'NA' });
    const encode = csvBatchEncoder(options);
    const held = batches.map((b) => encode(b));
    expect(sameBytes(Buffer.concat(held), csvBytes(schema, batches, options))).toBe(true);
  });

  it('writes the same bytes to a real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-csvbuf-'));
    try {
      const batches = batchesOf(17, [5000, 1, 6000, 6000, 300], 2);
      const r = await writeCsv(join(dir, 'out.csv'), schema, each(batches));
      const expected = csvBytes(schema, batches);
      const file = await readFile(join(dir, 'out.csv'));
      expect(r.bytes).toBe(expected.length);
      expect(sameBytes(file, expected)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
