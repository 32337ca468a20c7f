import { RecordBatchReader } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { BatchSource } from '@tuomin/core';
import { sliceBatches } from './slice.js';
import { openError, badFileError } from './file-errors.js';
import { verifyIpcStructure } from './verify-structure.js';
import { validateBatch } from '../check/validate-batch.js';
import { TuominError } from '@tuomin/core';
import { reopenToReplay } from '../rows/reopen.js';

export interface IpcReadOptions {
  /** Cut larger record batches into slices of at most this many rows (zero-copy). */
  batchSize?: number;
}

type AnyReader = AsyncIterable<RecordBatch> & { schema: Schema; open(): Promise<unknown>; cancel?(): Promise<void> };

/**
 * Read an Arrow IPC file (.arrow, random access through a file handle) or stream (.arrows, read
 * sequentially). The schema, with its metadata, is known on return; `batches()` can be called
 * again to replay the file.
 */
export async function readIpc(path: string, options: IpcReadOptions = {}): Promise<BatchSource> {
  const source = await reopenToReplay(async () => {
    const reader = await openReader(path);
    return { schema: reader.schema, replayable: false, batches: () => checkedBatches(path, reader, reader) };
  });
  return { ...source, batches: () => sliceBatches(source.batches(), options.batchSize) };
}

/**
 * The batches an open reader gives (all of them, or some by index), each checked before it is
 * used, rows counted from 0; an error names the file; the reader is closed when they end.
 */
async function* checkedBatches(path: string, reader: AnyReader, batches: AsyncIterable<RecordBatch>): AsyncIterable<RecordBatch> {
  let rows = 0;
  try {
    for await (const b of batches) {
      validateBatch(b, path, 'Arrow IPC', rows);
      rows += b.numRows;
      yield b;
    }
  } catch (err) {
    throw badFileError(path, 'Arrow IPC', err);
  } finally {
    await reader.cancel?.();
  }
}

async function openReader(path: string): Promise<AnyReader> {
  let head: Buffer;
  try {
    const h = await open(path, 'r');
    try {
      head = Buffer.alloc(6);
      await h.read(head, 0, 6, 0);
    } finally {
      await h.close();
    }
  } catch (err) {
    throw openError(path, err);
  }
  try {
    await verifyIpcStructure(path);
  } catch (err) {
    if (err instanceof TuominError) throw err;
    throw openError(path, err);
  }
  try {
    // An IPC file starts with the magic "ARROW1" and is read through a handle (footer, random
    // access); anything else is treated as a stream.
    const handle = head.toString('latin1') === 'ARROW1' ? await open(path, 'r') : null;
    const source = handle ?? createReadStream(path);
    try {
      const reader = (await RecordBatchReader.from(source as never)) as unknown as AnyReader;
      await reader.open();
      return reader;
    } catch (err) {
      // Close what apache-arrow did not take over (it leaves the handle open when it fails).
      if (handle) await handle.close();
      else (source as ReturnType<typeof createReadStream>).destroy();
      throw err;
    }
  } catch (err) {
    throw badFileError(path, 'Arrow IPC', err);
  }
}

/** The footer of an IPC file as apache-arrow exposes it (blocks of the record batches, in file order). */
type FileReader = AnyReader & {
  numRecordBatches: number;
  footer: { getRecordBatch(index: number): { metaDataLength: number; bodyLength: number | bigint } | null };
  readRecordBatch(index: number): Promise<RecordBatch | null>;
  isFile(): boolean;
};

/**
 * The record batches of an Arrow IPC file, in file order, with the bytes of each (metadata and
 * body): what a partition plan cuts by. `file` is false for a stream (.arrows, or a file without
 * the ARROW1 magic), which has no index: its batches are found only by reading it through.
 */
export async function ipcBatchBlocks(path: string): Promise<{ file: boolean; batches: number[] }> {
  const reader = (await openReader(path)) as FileReader;
  try {
    if (!reader.isFile()) return { file: false, batches: [] };
    const batches: number[] = [];
    for (let i = 0; i < reader.numRecordBatches; i++) {
      const block = reader.footer.getRecordBatch(i)!;
      batches.push(block.metaDataLength + Number(block.bodyLength));
    }
    return { file: true, batches };
  } finally {
    await reader.cancel?.();
  }
}

/**
 * The record batches [first, first + count) of an Arrow IPC file as a source (a partition), read
 * by index through the footer (random access: only these batches' bytes are read, after the
 * schema and the dictionaries, which every batch of a file shares). Same schema, checks and
 * slicing as readIpc.
 */
export async function readIpcBatches(path: string, first: number, count: number, options: IpcReadOptions = {}): Promise<BatchSource> {
  const probe = (await openReader(path)) as FileReader;
  const schema = probe.schema;
  const total = probe.isFile() ? probe.numRecordBatches : -1;
  await probe.cancel?.();
  if (total < 0) throw new TuominError('UNSUPPORTED', 'an Arrow IPC stream has no index of its record batches: it is read in one pass', { file: path }, 'read it with one partition, or convert it to an Arrow IPC file (.arrow)', { id: 'partition.ipcStream' });
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || first + count > total) {
    throw new TuominError('BAD_INPUT', `record batches ${first}–${first + count - 1} are not in the file, which has ${total}`, { file: path }, 'plan the partitions again: the file is not the one planned', { id: 'ipc.batchesMissing', params: { first, last: first + count - 1, batches: total } });
  }
  async function* range(): AsyncIterable<RecordBatch> {
    const reader = (await openReader(path)) as FileReader;
    async function* byIndex(): AsyncIterable<RecordBatch> {
      for (let i = first; i < first + count; i++) {
        const b = await reader.readRecordBatch(i);
        if (b === null) throw new Error(`record batch ${i} could not be read`);
        yield b;
      }
    }
    yield* checkedBatches(path, reader, byIndex());
  }
  return { schema, replayable: true, batches: () => sliceBatches(range(), options.batchSize) };
}
