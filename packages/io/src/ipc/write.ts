import { RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import { atomicWrite } from '../atomic.js';
import { DrainSink } from './sink.js';
import { schemaWithMetadata, withSchema } from './slice.js';

export interface IpcWriteOptions {
  /** 'file' (.arrow, random access, footer) or 'stream' (.arrows). Default 'file'. */
  format?: 'file' | 'stream';
  /** Key-value pairs merged into the Arrow schema metadata. */
  metadata?: Record<string, string>;
}

export interface IpcWriteResult {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Write batches as an Arrow IPC file or stream, atomically. One batch in memory at a time: the
 * writer's output is drained to disk after every batch.
 */
export async function writeIpc(
  path: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: IpcWriteOptions = {},
): Promise<IpcWriteResult> {
  const target = schemaWithMetadata(schema, options.metadata);
  return atomicWrite(path, async (handle) => {
    const sink = new DrainSink();
    const writer = options.format === 'stream' ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
    writer.reset(sink, target);
    let rows = 0;
    let bytes = await sink.drainTo(handle);
    for await (const b of batches) {
      if (b.numRows === 0) continue;
      writer.write(withSchema(b, target));
      rows += b.numRows;
      bytes += await sink.drainTo(handle);
    }
    writer.finish();
    bytes += await sink.drainTo(handle);
    return { path, rows, bytes };
  });
}
