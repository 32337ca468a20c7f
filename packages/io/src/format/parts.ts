import { open } from 'node:fs/promises';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { atomicWrite } from '../atomic.js';
import { csvBatchEncoder, csvPartOptions, csvPreamble } from '../csv/write.js';
import { ndjsonBatchEncoder } from '../ndjson/write.js';
import type { WriteOptions } from '../formats.js';
import { writeFully } from '../write-behind.js';

/** The formats whose partitions are written as parts of one file, each at its own byte offset. */
export type PartFormat = 'csv' | 'tsv' | 'ndjson';

/**
 * A whole CSV, TSV or NDJSON file whose parts its partitions' writers put in place themselves
 * (`writePartAt`), atomically: a temporary file in the target's folder is created holding the
 * preamble (`partPreamble`), `place` is given its path and where the first part starts and says
 * where the last part ends, and the file is renamed over `outPath` only if it is exactly that
 * long (a last part not written, a write past its range, a full disk). On any error, the
 * temporary file is removed and `outPath` is untouched.
 */
export async function writePlacedParts<T>(format: PartFormat, schema: Schema, outPath: string, options: WriteOptions,
  place: (tmpPath: string, start: number) => Promise<{ end: number; value: T }>): Promise<{ bytes: number; value: T }> {
  const head = partPreamble(format, schema, options);
  return atomicWrite(outPath, async (handle, tmpPath) => {
    await writeFully(handle, head);
    const placed = await place(tmpPath, head.length);
    const size = (await handle.stat()).size;
    if (size !== placed.end) {
      throw new TuominError('IO', `the ${format} file has ${size} bytes, ${placed.end} expected from its parts`, { file: outPath },
        'nothing was written; the temporary file was changed or the disk is full (or this is a bug in tuomin): run again', { id: 'internal.bug' });
    }
    return { bytes: size, value: placed.value };
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
 * A partition's part, encoded into memory: its rows as `writeOutput` with the same options writes
 * them (CSV and TSV: no header line, no BOM; the same escaping and typed encoding), so the
 * preamble and the parts in order are that file byte for byte. A partition's job holds it until it
 * learns where the part starts in the file, then writes it there itself (`writePartAt`), so no one
 * copies it again.
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
