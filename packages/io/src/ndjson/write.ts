import type { RecordBatch, Schema } from 'apache-arrow';
import { GrowableBytes, columnData } from '@tuomin/core/internal';
import { atomicWrite } from '../atomic.js';
import { WriteBehind } from '../write-behind.js';
import { appendJsonText } from './escape.js';
import { cellWriter } from './cells.js';
import type { CellWriter } from './cells.js';

export interface NdjsonWriteResult {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Write one JSON object per row, keys in schema order, SQL nulls as `null`, UTF-8 text kept
 * as UTF-8. Each batch is serialised from its buffers into one byte buffer and written, so
 * memory stays at one batch.
 */
export async function writeNdjson(path: string, schema: Schema, batches: AsyncIterable<RecordBatch>): Promise<NdjsonWriteResult> {
  const keys = encodeKeys(schema);
  return atomicWrite(path, async (handle) => {
    let rows = 0;
    let bytes = 0;
    // Two buffers in turn: one is written while the next batch is serialised into the other
    // (WriteBehind keeps one write in flight, so a buffer is free again when its turn comes).
    const bufs = [new GrowableBytes(1 << 16), new GrowableBytes(1 << 16)];
    const file = new WriteBehind(handle);
    let turn = 0;
    for await (const batch of batches) {
      const out = bufs[turn]!;
      turn ^= 1;
      out.length = 0;
      ndjsonBatch(batch, keys, out);
      await file.write(out.buf.subarray(0, out.length));
      rows += batch.numRows;
      bytes += out.length;
    }
    await file.flush();
    return { path, rows, bytes };
  });
}

/** The NDJSON lines of each batch as a fresh buffer (a part held in memory: format/parts.ts). */
export function ndjsonBatchEncoder(schema: Schema): (batch: RecordBatch) => Uint8Array {
  const keys = encodeKeys(schema);
  const out = new GrowableBytes(1 << 16);
  return (batch) => {
    out.length = 0;
    ndjsonBatch(batch, keys, out);
    return out.buf.slice(0, out.length);
  };
}

/** `{"a":` for the first key, `,"b":` for the rest, encoded once per file. */
export function encodeKeys(schema: Schema): Uint8Array[] {
  return schema.fields.map((f, c) => {
    const g = new GrowableBytes(f.name.length * 3 + 8);
    g.push(c === 0 ? 0x7b : 0x2c);
    appendJsonText(f.name, g);
    g.push(0x3a);
    return g.finish().slice();
  });
}

/** Append the NDJSON lines of one batch to `out`. */
export function ndjsonBatch(batch: RecordBatch, keys: Uint8Array[], out: GrowableBytes): void {
  const nCols = keys.length;
  const writers: CellWriter[] = [];
  for (let c = 0; c < nCols; c++) writers.push(cellWriter(columnData(batch, c), batch.schema.fields[c]?.name));
  const n = batch.numRows;
  for (let i = 0; i < n; i++) {
    if (nCols === 0) out.push(0x7b);
    for (let c = 0; c < nCols; c++) {
      const k = keys[c]!;
      out.append(k, 0, k.length);
      writers[c]!(i, out);
    }
    out.push(0x7d);
    out.push(0x0a);
  }
}
