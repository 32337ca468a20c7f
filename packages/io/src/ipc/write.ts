import { RecordBatchStreamWriter } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { rechunkBatches } from '@tuomin/core/internal';
import { atomicWrite } from '../atomic.js';
import { dictionaryColumns } from './decode-batch.js';
import { DictionaryGate } from './dictionary-gate.js';
import { IpcOut } from './ipc-out.js';
import { schemaWithMetadata, withSchema } from './slice.js';
import { writeIpcFile } from './write-file.js';

export interface IpcWriteOptions {
  /** 'file' (.arrow, random access, footer) or 'stream' (.arrows). Default 'file'. */
  format?: 'file' | 'stream';
  /** Key-value pairs merged into the Arrow schema metadata. */
  metadata?: Record<string, string>;
  /**
   * Write record batches of exactly this many rows (the last one shorter), each dictionary column
   * with one dictionary in the order its rows first use the values (a stream grows it by delta
   * batches; a file keeps it only when the first batch holds every value, else writes values): the
   * bytes then depend on the rows alone, never on how the input was cut into batches or
   * partitions. `writeOutput` sets 65,536. Unset: one record batch per input batch, dictionaries
   * as they come (see below), which costs no copy (spill files).
   */
  rowsPerBatch?: number;
}

export interface IpcWriteResult {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Write batches as an Arrow IPC file or stream, atomically. One batch in memory at a time: the
 * writer's output is drained to disk after every batch. A dictionary whose entries are the same
 * as the one already written is not written again. When a batch brings a dictionary with other
 * entries, the stream writes it as a replacement; the file format, which holds one dictionary per
 * column, has its dictionary columns written as plain values instead (see write-file.ts).
 */
export async function writeIpc(
  path: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: IpcWriteOptions = {},
): Promise<IpcWriteResult> {
  const target = schemaWithMetadata(schema, options.metadata);
  return atomicWrite(path, async (handle, tmpPath) => {
    const counts = options.rowsPerBatch !== undefined
      ? await writeIpcCanonical(handle, tmpPath, target, batches, options.format ?? 'file', options.rowsPerBatch, path)
      : options.format === 'stream'
      ? await writeIpcStream(handle, target, batches)
      : await writeIpcFile(handle, tmpPath, path, target, batches);
    return { path, ...counts };
  });
}

async function writeIpcStream(handle: FileHandle, schema: Schema, batches: AsyncIterable<RecordBatch>): Promise<{ rows: number; bytes: number }> {
  const out = await new IpcOut(new RecordBatchStreamWriter(), handle, schema).start();
  const columns = dictionaryColumns(schema);
  const gate = columns.length > 0 ? new DictionaryGate(columns, false) : null;
  for await (const b of batches) {
    if (b.numRows === 0) continue;
    const batch = withSchema(b, schema);
    await out.write(gate === null ? batch : gate.pass(batch).batch);
  }
  await out.finish();
  return { rows: out.rows, bytes: out.bytes };
}

/**
 * Fixed-size record batches with unified dictionaries (core's Rechunker), so the bytes are the same
 * for any batch size and partitioning. The stream sends a dictionary's new entries as delta
 * batches. The file goes through writeIpcFile with its one-dictionary rule: a column keeps its
 * dictionary when every value shows up in the first record batch, and is written as plain values
 * otherwise (deltas are legal in the file format, but Arrow C++ read them only late, ARROW-13467),
 * a decision the rows alone make.
 */
async function writeIpcCanonical(
  handle: FileHandle,
  tmpPath: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  format: 'file' | 'stream',
  rows: number,
  target: string,
): Promise<{ rows: number; bytes: number }> {
  const canonical = rechunkBatches(batches, schema, { rows, dictionaries: 'file', file: target });
  if (format === 'file') return writeIpcFile(handle, tmpPath, target, schema, canonical);
  const out = await new IpcOut(new RecordBatchStreamWriter(), handle, schema).start();
  for await (const batch of canonical) await out.write(batch);
  await out.finish();
  return { rows: out.rows, bytes: out.bytes };
}
