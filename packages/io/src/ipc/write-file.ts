import { RecordBatchFileWriter, RecordBatchReader } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import { decodeBatch, dictionaryColumns, hasNestedDictionaries, plainSchema } from './decode-batch.js';
import { DictionaryGate } from './dictionary-gate.js';
import { IpcOut } from './ipc-out.js';
import { withSchema } from './slice.js';

/**
 * Arrow IPC file format, into `handle` (the atomic temporary file at `tmpPath`). The format holds
 * one dictionary per column and no replacements, so a column keeps its dictionary only while each
 * batch brings one with the same entries as the first. At the first batch whose dictionary for a
 * column differs (per-batch dictionaries, as suppress or a replacement-dictionary stream give),
 * that column switches to plain values of the dictionary's value type: the batches written so far
 * are read back from the finished partial file and rewritten with the column decoded, under the
 * same temporary path (see Part.rewrite). Memory stays at one batch; each switch costs one re-read
 * of what came before it, and there is at most one switch per dictionary column.
 */
export async function writeIpcFile(
  handle: FileHandle,
  tmpPath: string,
  target: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
): Promise<{ rows: number; bytes: number }> {
  const dictionaries = dictionaryColumns(schema);
  const nested = hasNestedDictionaries(schema);
  const gate = dictionaries.length > 0 || nested ? new DictionaryGate(dictionaries, nested) : null;
  let plain: number[] = [];
  let part = await Part.start(handle, false, schema);
  try {
    for await (const b of batches) {
      if (b.numRows === 0) continue;
      let batch = withSchema(b, schema);
      if (gate !== null) {
        const gated = gate.pass(batch);
        if (gated.nestedChanged || (gated.changed.length > 0 && nested)) throw nestedDictionaryError(target);
        batch = gated.batch;
        if (gated.changed.length > 0) {
          gate.release(gated.changed);
          plain = [...plain, ...gated.changed].sort((x, y) => x - y);
          // Copied batches come back with the dictionary objects the reader made; the gate swaps
          // them for the ones it tracks (same entries), which the next live batches will carry.
          part = await part.rewrite(tmpPath, plainSchema(schema, plain, target), gated.changed, (copied) => gate.pass(copied).batch);
        }
      }
      await part.write(plain.length > 0 ? decodeBatch(batch, part.schema, plain) : batch);
    }
    return await part.finish();
  } finally {
    await part.close();
  }
}

function nestedDictionaryError(file: string): TuominError {
  return new TuominError(
    'UNSUPPORTED',
    'dictionaries change between batches in a table with dictionaries inside list or struct columns, which the Arrow IPC file format cannot hold',
    { file },
    'write an Arrow IPC stream (.arrows) instead, which keeps one dictionary per batch',
    { id: 'ipc.nestedDictionaryChanges' },
  );
}

/** One IPC file being written under the temporary path, with the schema its batches have. */
class Part {
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    /** Whether this code opened the handle (atomicWrite owns the first one). */
    private readonly owned: boolean,
    private readonly out: IpcOut,
    readonly schema: Schema,
  ) {}

  static async start(handle: FileHandle, owned: boolean, schema: Schema): Promise<Part> {
    const part = new Part(handle, owned, new IpcOut(new RecordBatchFileWriter(), handle, schema), schema);
    await part.out.start();
    return part;
  }

  write(batch: RecordBatch): Promise<void> {
    return this.out.write(batch);
  }

  /**
   * Finish this part and rewrite its batches under `schema`, the dictionary columns at `columns`
   * decoded, into a new file at `tmpPath`. The finished part is kept open for reading and
   * unlinked first, so the only file on disk is still the one atomicWrite tracks, syncs and
   * renames; the unlinked data goes away when its handles close, also if the process is killed.
   */
  async rewrite(tmpPath: string, schema: Schema, columns: number[], adopt: (copied: RecordBatch) => RecordBatch): Promise<Part> {
    await this.out.finish();
    const partial = await open(tmpPath, 'r');
    let next: Part | null = null;
    try {
      await rm(tmpPath);
      const handle = await open(tmpPath, 'wx');
      try {
        next = await Part.start(handle, true, schema);
      } catch (err) {
        await handle.close().catch(() => {});
        throw err;
      }
      // Random access by the footer: one record batch read at a time.
      const reader = (await RecordBatchReader.from(partial as never)) as unknown as AsyncIterable<RecordBatch> & { open(): Promise<unknown> };
      await reader.open();
      for await (const b of reader) await next.write(decodeBatch(adopt(b), schema, columns));
    } catch (err) {
      await next?.close();
      throw err;
    } finally {
      await partial.close().catch(() => {});
    }
    await this.close();
    return next;
  }

  /** Finish; a handle this code opened is flushed to disk and closed (atomicWrite does its own). */
  async finish(): Promise<{ rows: number; bytes: number }> {
    await this.out.finish();
    if (this.owned) {
      await this.handle.sync();
      await this.close();
    }
    return { rows: this.out.rows, bytes: this.out.bytes };
  }

  async close(): Promise<void> {
    if (!this.owned || this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => {});
  }
}
