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
  let first: AnyReader | null = await openReader(path);
  const schema = first.schema;
  return {
    schema,
    replayable: true,
    batches() {
      const reader = first;
      first = null;
      return sliceBatches(iterate(path, reader), options.batchSize);
    },
  };
}

async function* iterate(path: string, opened: AnyReader | null): AsyncIterable<RecordBatch> {
  const reader = opened ?? (await openReader(path));
  let rows = 0;
  try {
    for await (const b of reader) {
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
