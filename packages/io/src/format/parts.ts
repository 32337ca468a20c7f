import { open } from 'node:fs/promises';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { atomicWrite } from '../atomic.js';
import { csvBatchEncoder, csvPartOptions, csvPreamble } from '../csv/write.js';
import { ndjsonBatchEncoder } from '../ndjson/write.js';
import type { WriteOptions } from '../formats.js';
import { writeFully } from '../write-behind.js';

/** The formats a partition writes as a part file, joined afterwards by `joinParts`. */
export type PartFormat = 'csv' | 'tsv' | 'ndjson';

export interface JoinResult {
  path: string;
  bytes: number;
}

const CHUNK = 4 << 20;

/**
 * The whole file from its parts, atomically: for CSV and TSV the BOM and the header line once
 * (from `schema` and `options.csv`, as `writeOutput` writes them), then each part's bytes in the
 * order given. The parts are what `writeOutput(…, { part: true })` wrote with the same options:
 * rows only, so the result is byte for byte the file one writer would have written from all the
 * rows (NDJSON has no header: its parts are simply joined). A missing or unreadable part fails
 * the join and leaves no file.
 */
export async function joinParts(format: PartFormat, schema: Schema, partPaths: readonly string[], outPath: string, options: WriteOptions = {}): Promise<JoinResult> {
  if (format !== 'csv' && format !== 'tsv' && format !== 'ndjson') {
    throw new TuominError('UNSUPPORTED', `${String(format)} is not written as parts`, { file: outPath },
      'Parquet, Arrow IPC and XLSX are written by one writer fed the partitions\' batches in order', { id: 'format.noParts', params: { format: String(format) } });
  }
  const head = partPreamble(format, schema, options);
  return atomicWrite(outPath, async (handle) => {
    await writeFully(handle, head);
    let bytes = head.length;
    const buf = new Uint8Array(CHUNK);
    for (const part of partPaths) {
      const src = await open(part, 'r');
      try {
        for (;;) {
          const { bytesRead } = await src.read(buf, 0, CHUNK, null);
          if (bytesRead === 0) break;
          await writeFully(handle, buf.subarray(0, bytesRead));
          bytes += bytesRead;
        }
      } finally {
        await src.close();
      }
    }
    return { path: outPath, bytes };
  });
}

/** What the whole file has before its first part: CSV's BOM and header line; nothing for NDJSON. */
export function partPreamble(format: PartFormat, schema: Schema, options: WriteOptions = {}): Uint8Array {
  return format === 'ndjson' ? new Uint8Array(0) : csvPreamble(schema, csvOptionsOf(format, options));
}

/** A part held in memory: its bytes batch by batch, until its place in the file is known. */
export interface HeldPart {
  chunks: Uint8Array[];
  bytes: number;
  rows: number;
}

/**
 * A partition's part, encoded into memory instead of a part file (the bytes `writeOutput(…,
 * { part: true })` writes): a run's job holds it until it learns where the part starts in the
 * published file, then writes it there itself (`writePartAt`), so no one copies it again.
 */
export async function holdPart(format: PartFormat, schema: Schema, batches: AsyncIterable<RecordBatch>, options: WriteOptions = {}): Promise<HeldPart> {
  const encode = format === 'ndjson' ? ndjsonBatchEncoder(schema) : csvBatchEncoder(csvPartOptions(csvOptionsOf(format, options)));
  const part: HeldPart = { chunks: [], bytes: 0, rows: 0 };
  for await (const b of batches) {
    const bytes = encode(b);
    if (bytes.length > 0) part.chunks.push(bytes);
    part.bytes += bytes.length;
    part.rows += b.numRows;
  }
  return part;
}

/**
 * Write a held part into the file at `path` (already created, its preamble written) from byte
 * `offset` on. Parts of different jobs go to disjoint ranges of the same file, in any order; the
 * caller checks the file's size once every part is in.
 */
export async function writePartAt(path: string, offset: number, part: HeldPart): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    let at = offset;
    for (const c of part.chunks) {
      let done = 0;
      while (done < c.length) done += (await fh.write(c, done, c.length - done, at + done)).bytesWritten;
      at += c.length;
    }
  } finally {
    await fh.close();
  }
}

function csvOptionsOf(format: PartFormat, options: WriteOptions): NonNullable<WriteOptions['csv']> {
  return { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...options.csv };
}
