import { extname } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import type { BatchSource } from '@tuomin/core';
import { readParquet } from './parquet/read.js';
import { writeParquet } from './parquet/write.js';
import type { ParquetCompression, ParquetWriteOptions } from './parquet/write.js';
import { readIpc } from './ipc/read.js';
import { writeIpc } from './ipc/write.js';
import { readNdjson } from './ndjson/read.js';
import { writeNdjson } from './ndjson/write.js';
import { writeXlsx } from './xlsx/write.js';
import { readXlsx, type XlsxReadOptions } from './xlsx/read.js';
import type { XlsxWriteOptions } from './xlsx/write.js';
import { checkReadable } from './ipc/file-errors.js';
import { pinOf, pinSource } from './pin-source.js';
import { openFiles, type SourceFile } from './multi-source.js';
import { readCsv, writeCsv } from './csv/index.js';
import type { CsvReadOptions, CsvStats, CsvWriteOptions, WriteResult } from './csv/index.js';

export type Format = 'csv' | 'tsv' | 'parquet' | 'arrow' | 'arrows' | 'ndjson' | 'xlsx';

/** Extension → format. `.jsonl` is NDJSON; `.arrow` an IPC file, `.arrows` an IPC stream; `.xlsx` is read one sheet at a time (xlsx/read.ts). */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.arrows': 'arrows',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
};

export function formatFromPath(path: string): Format {
  const ext = extname(path).toLowerCase();
  const format = FORMAT_BY_EXTENSION[ext];
  if (!format) {
    const known = Object.keys(FORMAT_BY_EXTENSION).join(' ');
    throw new TuominError(
      'UNSUPPORTED',
      ext ? `unknown file extension "${ext}"` : 'file name has no extension',
      { file: path },
      `name the file with one of: ${known}`,
      ext ? { id: 'format.unknownExtension', params: { ext, known } } : { id: 'format.noExtension', params: { known } },
    );
  }
  return format;
}

export interface ReadOptions {
  /** Rows per batch, for every format. */
  batchSize?: number;
  csv?: CsvReadOptions;
  /** XLSX input: which sheet, which header row (xlsx/read.ts). */
  xlsx?: Omit<XlsxReadOptions, 'batchSize'>;
}

export interface WriteOptions {
  csv?: CsvWriteOptions;
  parquet?: { compression?: ParquetCompression; rowGroupSize?: number };
  /** Arrow IPC: rows per record batch, default 65,536 (fixed, so the bytes do not depend on the input's batches). */
  arrow?: { rowsPerBatch?: number };
  xlsx?: Omit<XlsxWriteOptions, 'metadata'>;
  /** Key-value metadata: Parquet file metadata, Arrow schema metadata, XLSX custom document properties. CSV and NDJSON ignore it (write a sidecar). */
  metadata?: Record<string, string>;
}

/** A source of any format; CSV sources also carry reader stats (rows, bad rows, encoding) and warnings; a source of several files, its `files`. */
export type OpenedSource = BatchSource & { format: Format; stats?: CsvStats; warnings?: string[]; files?: SourceFile[] };

/**
 * Open any supported file as a batch source; the format comes from the extension. The file is
 * pinned (size, mtime, inode): a pass over it fails if it changed since it was opened.
 * Several files (a list of two or more) are one source, read in order with one dialect and one
 * header (multi-source.ts); its `files` name each file with its size.
 */
export async function openSource(path: string | readonly string[], options: ReadOptions = {}): Promise<OpenedSource> {
  if (typeof path !== 'string') {
    return path.length === 1 ? openSource(path[0]!, options) : openFiles(path, options, openSource, formatFromPath);
  }
  const format = formatFromPath(path);
  await checkReadable(path);
  const pin = await pinOf(path);
  const batchSize = options.batchSize !== undefined ? { batchSize: options.batchSize } : {};
  switch (format) {
    case 'csv':
    case 'tsv': {
      const csvOptions: CsvReadOptions = { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...batchSize, ...options.csv };
      const source = await readCsv(path, csvOptions);
      return pinSource(path, pin, Object.assign(source, { format }));
    }
    case 'parquet':
      return pinSource(path, pin, Object.assign(await readParquet(path, batchSize), { format }));
    case 'arrow':
    case 'arrows':
      return pinSource(path, pin, Object.assign(await readIpc(path, batchSize), { format }));
    case 'ndjson':
      return pinSource(path, pin, Object.assign(await readNdjson(path, batchSize), { format }));
    case 'xlsx':
      return pinSource(path, pin, Object.assign(await readXlsx(path, { ...batchSize, ...options.xlsx }), { format }));
  }
}

/** Rows per Arrow IPC record batch written by writeOutput (the reader's default batch size). */
export const IPC_ROWS_PER_BATCH = 65_536;

/**
 * The Parquet writer's options of a `writeOutput` call: what a writer elsewhere (a partitioned
 * run's row groups, encoded on a pool) must be given for the same bytes.
 */
export function parquetOptionsOf(options: WriteOptions): ParquetWriteOptions {
  return { ...options.parquet, ...(options.metadata ? { metadata: options.metadata } : {}) };
}

/**
 * Write batches to any supported file, atomically; the format comes from the extension. The bytes
 * depend on the rows alone, not on how they were cut into batches: CSV, NDJSON and XLSX are
 * written row by row; Parquet row groups and Arrow IPC record batches have a fixed row count and
 * dictionaries rebuilt from the rows (core's Rechunker).
 */
export async function writeOutput(
  path: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const format = formatFromPath(path);
  switch (format) {
    case 'csv':
    case 'tsv': {
      const csv: CsvWriteOptions = { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...options.csv };
      return writeCsv(path, schema, batches, csv);
    }
    case 'parquet':
      return writeParquet(path, schema, batches, parquetOptionsOf(options));
    case 'arrow':
    case 'arrows':
      return writeIpc(path, schema, batches, {
        format: format === 'arrow' ? 'file' : 'stream',
        rowsPerBatch: options.arrow?.rowsPerBatch ?? IPC_ROWS_PER_BATCH,
        ...(options.metadata ? { metadata: options.metadata } : {}),
      });
    case 'ndjson':
      return writeNdjson(path, schema, batches);
    case 'xlsx':
      return writeXlsx(path, schema, batches, { ...options.xlsx, ...(options.metadata ? { metadata: options.metadata } : {}) });
  }
}
