import { openAsBlob } from 'node:fs';
import { Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import type { BatchSource } from '@tuomin/core';
import { pq, fromWasmBatch, fromWasmSchema } from './wasm.js';
import { withSchema } from '../ipc/slice.js';
import { badFileError, checkReadable } from '../ipc/file-errors.js';

export interface ParquetReadOptions {
  /** Rows per batch (parquet-wasm reads row groups in batches of this size). Default 65,536. */
  batchSize?: number;
  /** Read only these columns. */
  columns?: string[];
}

export interface ParquetSource extends BatchSource {
  readonly rowGroups: number;
  readonly rows: number;
  /** File key-value metadata (without the embedded ARROW:schema). */
  readonly metadata: Record<string, string>;
}

/**
 * Stream a Parquet file row group by row group. The file is opened as a lazy Blob
 * (`fs.openAsBlob`), so parquet-wasm fetches only the byte ranges of the column chunks it reads,
 * and batches are handed over as they are decoded.
 */
export async function readParquet(path: string, options: ParquetReadOptions = {}): Promise<ParquetSource> {
  await checkReadable(path);
  let file: pq.ParquetFile;
  try {
    file = await pq.ParquetFile.fromFile(await openAsBlob(path));
  } catch (err) {
    throw badFileError(path, 'Parquet', err);
  }
  const meta = file.metadata();
  const fileMeta = meta.fileMetadata();
  const metadata: Record<string, string> = {};
  for (const [k, v] of fileMeta.keyValueMetadata() as Map<string, string>) if (k !== 'ARROW:schema') metadata[k] = v;
  const rows = fileMeta.numRows();
  const rowGroups = meta.numRowGroups();
  const fileSchema = fromWasmSchema(file.schema());
  const merged = new Map(fileSchema.metadata);
  for (const [k, v] of Object.entries(metadata)) if (!merged.has(k)) merged.set(k, v);
  let schema = new Schema(fileSchema.fields, merged, fileSchema.dictionaries);
  if (options.columns) {
    const missing = options.columns.filter((c) => !schema.fields.some((f) => f.name === c));
    if (missing.length) throw badFileError(path, 'Parquet', new Error(`no column named ${missing.map((m) => `"${m}"`).join(', ')}`));
    schema = schema.select(options.columns as never[]);
  }
  const readerOptions: pq.ReaderOptions = { batchSize: options.batchSize ?? 65536 };
  if (options.columns) readerOptions.columns = options.columns;
  return {
    schema,
    replayable: true,
    rowGroups,
    rows,
    metadata,
    batches: () => stream(path, file, schema, readerOptions),
  };
}

async function* stream(path: string, file: pq.ParquetFile, schema: Schema, options: pq.ReaderOptions): AsyncIterable<RecordBatch> {
  let reader: ReadableStreamDefaultReader<pq.RecordBatch>;
  try {
    reader = (await file.stream(options)).getReader() as ReadableStreamDefaultReader<pq.RecordBatch>;
  } catch (err) {
    throw badFileError(path, 'Parquet', err);
  }
  try {
    for (;;) {
      let r: ReadableStreamReadResult<pq.RecordBatch>;
      try {
        r = await reader.read();
      } catch (err) {
        throw badFileError(path, 'Parquet', err);
      }
      if (r.done) return;
      for (const b of fromWasmBatch(r.value)) yield withSchema(b, schema);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
