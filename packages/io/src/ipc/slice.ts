import { Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { batchFromStruct } from '@tuomin/core/internal';

/**
 * Cut batches longer than `batchSize` into zero-copy slices (`RecordBatch.slice`), so readers
 * whose upstream decides the batch size (row groups, IPC record batches) still honour the option.
 * Smaller batches pass through untouched: merging would copy.
 */
export async function* sliceBatches(batches: AsyncIterable<RecordBatch>, batchSize: number | undefined): AsyncIterable<RecordBatch> {
  for await (const b of batches) {
    if (!batchSize || b.numRows <= batchSize) {
      yield b;
      continue;
    }
    for (let start = 0; start < b.numRows; start += batchSize) {
      yield b.slice(start, Math.min(start + batchSize, b.numRows));
    }
  }
}

/** The same batch data under another schema object (for metadata changes; fields must match). */
export function withSchema(batch: RecordBatch, schema: Schema): RecordBatch {
  return batch.schema === schema ? batch : batchFromStruct(schema, batch.data);
}

/** A schema with extra key-value metadata merged over its own. */
export function schemaWithMetadata(schema: Schema, metadata: Record<string, string> | undefined): Schema {
  if (!metadata || Object.keys(metadata).length === 0) return schema;
  const merged = new Map(schema.metadata);
  for (const [k, v] of Object.entries(metadata)) merged.set(k, v);
  return new Schema(schema.fields, merged, schema.dictionaries);
}
