import { open } from 'node:fs/promises';
import type { Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { atomicWrite } from '../atomic.js';
import { csvPreamble } from '../csv/write.js';
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
  const head = format === 'ndjson' ? new Uint8Array(0) : csvPreamble(schema, { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...options.csv });
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
