import type { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Schema } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { DrainSink } from './sink.js';

/**
 * One arrow-js IPC writer drained into a file handle after every batch (one batch in memory),
 * counting rows and bytes.
 */
export class IpcOut {
  rows = 0;
  bytes = 0;
  private readonly sink = new DrainSink();

  constructor(
    private readonly writer: RecordBatchFileWriter | RecordBatchStreamWriter,
    private readonly handle: FileHandle,
    schema: Schema,
  ) {
    writer.reset(this.sink, schema);
  }

  /** Write what reset() produced (the stream schema message, or the file magic). */
  async start(): Promise<this> {
    this.bytes += await this.sink.drainTo(this.handle);
    return this;
  }

  async write(batch: RecordBatch): Promise<void> {
    this.writer.write(batch);
    this.rows += batch.numRows;
    this.bytes += await this.sink.drainTo(this.handle);
  }

  async finish(): Promise<void> {
    this.writer.finish();
    this.bytes += await this.sink.drainTo(this.handle);
  }
}
