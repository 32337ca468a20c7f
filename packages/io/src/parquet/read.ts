import { RecordBatchReader, Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { TuominError, type BatchSource } from '@tuomin/core';
import { ParquetWorker, type WorkerMessage } from './worker-client.js';
import { withSchema } from '../ipc/slice.js';
import { badFileError, checkReadable } from '../ipc/file-errors.js';
import { validateBatch } from '../check/validate-batch.js';
import { refuseInt96 } from './int96.js';

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
 * Stream a Parquet file row group by row group. parquet-wasm runs in a worker thread
 * (worker-client.ts: a wasm trap on a damaged file cannot be caught in this thread); it opens the
 * file as a lazy Blob (`fs.openAsBlob`), so it fetches only the byte ranges of the column chunks
 * it reads, and hands each decoded batch over as Arrow IPC bytes (transferred, not copied).
 */
export async function readParquet(path: string, options: ParquetReadOptions = {}): Promise<ParquetSource> {
  await checkReadable(path);
  try {
    return await openParquet(path, options);
  } catch (err) {
    // parquet-wasm traps (RuntimeError: unreachable) or throws a raw message on damaged metadata.
    throw badFileError(path, 'Parquet', err);
  }
}

/** Rows and compressed bytes of each row group, from the file's metadata (what a partition plan cuts by). */
export async function parquetRowGroups(path: string): Promise<Array<{ rows: number; bytes: number }>> {
  await checkReadable(path);
  try {
    return (await readMeta(path, 65536)).groups;
  } catch (err) {
    throw badFileError(path, 'Parquet', err);
  }
}

/**
 * The row groups [first, first + count) of a Parquet file as a source (a partition): the schema is
 * readParquet's, parquet-wasm fetches only the byte ranges of these groups' column chunks, and the
 * rows read are checked against these groups' row counts in the metadata.
 */
export async function readParquetRowGroups(path: string, first: number, count: number, options: ParquetReadOptions = {}): Promise<ParquetSource & { bytes: number }> {
  await checkReadable(path);
  try {
    return await openParquet(path, options, { first, count });
  } catch (err) {
    throw badFileError(path, 'Parquet', err);
  }
}

async function readMeta(path: string, batchSize: number): Promise<Extract<WorkerMessage, { type: 'meta' }>> {
  const worker = new ParquetWorker({ path, batchSize, stream: false });
  let meta: WorkerMessage;
  try {
    meta = await worker.next(false);
  } finally {
    await worker.close();
  }
  if (meta.type !== 'meta') throw new Error('unexpected reply from the Parquet decoder');
  return meta;
}

async function openParquet(path: string, options: ParquetReadOptions, range?: { first: number; count: number }): Promise<ParquetSource & { bytes: number }> {
  const batchSize = options.batchSize ?? 65536;
  const meta = await readMeta(path, batchSize);
  const metadata: Record<string, string> = {};
  for (const [k, v] of meta.kv) metadata[k] = v;
  let rows = meta.rows;
  let rowGroups = meta.rowGroups;
  let bytes = meta.groups.reduce((a, g) => a + g.bytes, 0);
  if (range) {
    const { first, count } = range;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || first + count > meta.groups.length) {
      throw new TuominError('BAD_INPUT', `row groups ${first}–${first + count - 1} are not in the file, which has ${meta.groups.length}`, { file: path }, 'plan the partitions again: the file is not the one planned', { id: 'parquet.rowGroupsMissing', params: { first, last: first + count - 1, groups: meta.groups.length } });
    }
    const groups = meta.groups.slice(first, first + count);
    rows = groups.reduce((a, g) => a + g.rows, 0);
    bytes = groups.reduce((a, g) => a + g.bytes, 0);
    rowGroups = count;
  }
  const fileSchema = schemaFromIpc(meta.schema);
  await refuseInt96(path, fileSchema);
  const merged = new Map(fileSchema.metadata);
  for (const [k, v] of Object.entries(metadata)) if (!merged.has(k)) merged.set(k, v);
  let schema = new Schema(fileSchema.fields, merged, fileSchema.dictionaries);
  if (options.columns) {
    const missing = options.columns.filter((c) => !schema.fields.some((f) => f.name === c));
    if (missing.length) throw badFileError(path, 'Parquet', new Error(`no column named ${missing.map((m) => `"${m}"`).join(', ')}`));
    schema = schema.select(options.columns as never[]);
  }
  const streamOptions = {
    path, batchSize, stream: true,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(range ? { rowGroups: Array.from({ length: range.count }, (_, k) => range.first + k) } : {}),
  };
  return {
    schema,
    replayable: true,
    rowGroups,
    rows,
    bytes,
    metadata,
    batches: () => stream(path, streamOptions, schema, rows, streamGroups(meta.groups, range?.first ?? 0, rowGroups)),
  };
}

/** The row groups a stream reads: the index of its first, the file's rows before it, the rows of each, how many the file has. */
interface StreamGroups { first: number; before: number; rows: number[]; total: number }

function streamGroups(all: ReadonlyArray<{ rows: number }>, first: number, count: number): StreamGroups {
  let before = 0;
  for (let g = 0; g < first; g++) before += all[g]!.rows;
  return { first, before, rows: all.slice(first, first + count).map((g) => g.rows), total: all.length };
}

async function* stream(path: string, options: ConstructorParameters<typeof ParquetWorker>[0], schema: Schema, expectedRows: number, groups: StreamGroups): AsyncIterable<RecordBatch> {
  const worker = new ParquetWorker(options);
  let rows = 0;
  try {
    const ready = await worker.next(false).catch((err: unknown) => { throw badFileError(path, 'Parquet', err); });
    if (ready.type !== 'ready') throw badFileError(path, 'Parquet', new Error('unexpected reply from the Parquet decoder'));
    for (;;) {
      let decoded: RecordBatch[];
      let r: WorkerMessage;
      try {
        r = await worker.next(true);
        if (r.type === 'done') break;
        if (r.type !== 'batch') throw new Error('unexpected reply from the Parquet decoder');
        decoded = RecordBatchReader.from(r.ipc).readAll();
      } catch (err) {
        throw damagedGroupError(path, err, groups, rows);
      }
      for (const b of decoded) {
        validateBatch(b, path, 'Parquet', rows);
        rows += b.numRows;
        yield withSchema(b, schema);
      }
    }
    // Damaged row-group metadata can make the reader stop early: never publish fewer rows quietly.
    if (rows !== expectedRows) throw badFileError(path, 'Parquet', new Error(`read ${rows} rows where the file metadata announces ${expectedRows}`));
  } finally {
    await worker.close();
  }
}

/**
 * A row group whose data does not decode although the footer read: name the group and its rows,
 * so that the message says the file is damaged there (not that it may be another format).
 */
function damagedGroupError(path: string, err: unknown, groups: StreamGroups, rowsRead: number): TuominError {
  const plain = badFileError(path, 'Parquet', err);
  if (err instanceof TuominError) return plain;
  let g = 0;
  let start = 0;
  while (g < groups.rows.length - 1 && start + groups.rows[g]! <= rowsRead) start += groups.rows[g++]!;
  const from = groups.before + start;
  const why = `row group ${groups.first + g + 1} of ${groups.total} (rows ${from + 1}–${from + (groups.rows[g] ?? 0)}) does not decode: ${plain.message.replace(/^not a valid Parquet file \((.*)\)$/s, '$1')}`;
  return new TuominError('BAD_INPUT', `not a valid Parquet file: ${why}`, { file: path },
    'the file is damaged or truncated: copy it again from its origin, or export it again', { id: 'input.damaged', params: { format: 'Parquet', why } });
}

function schemaFromIpc(bytes: Uint8Array): Schema {
  const reader = RecordBatchReader.from(bytes);
  reader.open();
  return reader.schema;
}
