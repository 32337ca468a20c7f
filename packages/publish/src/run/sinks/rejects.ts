import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { writeOutput } from '@tuomin/io';
import { notMergeable, streamSink, type Sink } from './sink.js';

export interface RejectFile {
  path: string;
  rows: number;
  transform: string;
}

/**
 * Rows that validate/cast rules reject (onInvalid: reject-row), streamed as the pass runs to
 * <run folder>/rejects/<version>-<n>-<rule>.csv, one file per rule in the order of their first
 * rejected row: raw rows, private, for the publisher to fix, never published (a successful run
 * keeps them, staging.ts keepRejects). Nothing is held until the end of the pass.
 *
 * The rules call `onReject(rule)`'s callback synchronously; the pass calls `drain()` after each
 * batch, so a slow disk holds the pass back instead of letting rejected rows pile up in memory.
 */
export class RejectsWriter {
  private readonly files: Array<{ file: RejectFile; sink: Sink<number> }> = [];
  private pending: Array<Promise<void>> = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly dir: string, private readonly version: string) {}

  /** The reject callback of one rule instance (RuleContext.rejectSink). */
  onReject = (rule: string): ((batch: RecordBatch) => void) => {
    let at: { file: RejectFile; sink: Sink<number> } | null = null;
    return (batch) => {
      if (batch.numRows === 0) return;
      if (!at) {
        const path = join(this.dir, `${this.version}-${this.files.length + 1}-${rule}.csv`);
        const schema = batch.schema;
        at = { file: { path, rows: 0, transform: rule }, sink: streamSink(async (batches) => (await writeOutput(path, schema, batches, {})).rows, { refuse: () => notMergeable('a rejects file', 'parts are concatenated in partition order') }) };
        this.files.push(at);
      }
      at.file.rows += batch.numRows;
      this.pending.push(Promise.resolve(at.sink.add(batch)).catch((error: unknown) => { this.failure ??= { error }; }));
    };
  };

  /** Wait until the rows rejected so far are handed to their writers; throws a writer's failure. */
  async drain(): Promise<void> {
    const p = this.pending;
    this.pending = [];
    await Promise.all(p);
    if (this.failure) throw this.failure.error;
  }

  async finish(): Promise<RejectFile[]> {
    await this.drain();
    for (const f of this.files) await f.sink.finish();
    return this.files.map((f) => f.file);
  }

  async abort(reason: unknown): Promise<void> {
    await Promise.all(this.files.map((f) => f.sink.abort(reason)));
  }
}
