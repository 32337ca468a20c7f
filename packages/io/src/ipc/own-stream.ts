import { readFile } from 'node:fs/promises';
import { RecordBatchReader, Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import { writeIpc } from './write.js';

/**
 * Batches a run hands from one of its threads to another through its private folder (a partition
 * job's released rows, for the writers that take them in partition order). Written as a plain
 * Arrow IPC stream, batches as they come (no re-cutting: the writer that publishes them does
 * that), and read back whole with the batches as views of the file's bytes: no copy per batch and
 * no structure check, because the file never left the run's private folder and no one else wrote
 * it. Anything read from outside goes through readIpc.
 */
export async function writeOwnIpcStream(path: string, schema: Parameters<typeof writeIpc>[1], batches: AsyncIterable<RecordBatch>): Promise<number> {
  return (await writeIpc(path, schema, batches, { format: 'stream' })).rows;
}

export async function* readOwnIpcStream(path: string): AsyncIterable<RecordBatch> {
  const bytes = await readFile(path);
  if (bytes.length === 0) return;
  for (const b of RecordBatchReader.from(bytes)) yield b;
}

/**
 * Batches handed between a run's threads in memory (a partition's rows that belong to a Parquet
 * row group ending in a later partition): one Arrow IPC stream in a buffer of its own, so it
 * crosses to the other thread by transfer, not by copy.
 */
export function ownIpcStreamBytes(schema: Schema, batches: RecordBatch[]): ArrayBuffer {
  const bytes = tableToIPC(new Table(schema, batches), 'stream');
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

/** The batches of `ownIpcStreamBytes`, as views of its buffer. */
export function ownIpcStreamBatches(bytes: ArrayBuffer): RecordBatch[] {
  return bytes.byteLength === 0 ? [] : [...RecordBatchReader.from(new Uint8Array(bytes))];
}
