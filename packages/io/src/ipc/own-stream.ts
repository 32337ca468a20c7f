import { readFile } from 'node:fs/promises';
import { RecordBatchReader, type RecordBatch } from 'apache-arrow';
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
