import { renameSync, writeFileSync, rmSync } from 'node:fs';
import type { RecordBatch, Schema } from 'apache-arrow';
import { tempPathFor } from '../atomic.js';
import { type CsvInternalOptions, type CsvReadOptions, type CsvStats, resolveReadOptions } from './options.js';
import { CsvStreamParser } from './stream-parser.js';

export interface ParsedCsv {
  schema: Schema;
  batches: RecordBatch[];
  stats: CsvStats;
  warnings: string[];
  /** Raw bytes of skipped bad rows (onBadRow 'skip'), empty when there were none. */
  rejects: Uint8Array;
}

/**
 * Parse a whole CSV held in memory, with exactly the reader's rules. `name` is used in errors.
 * With onBadRow 'skip' and a rejectPath, rejected rows are also written there (atomically).
 */
export function parseCsv(bytes: Uint8Array, options: CsvReadOptions & CsvInternalOptions & { name?: string } = {}): ParsedCsv {
  const opts = resolveReadOptions(options);
  const parser = new CsvStreamParser(options.name ?? '<memory>', opts);
  const batches: RecordBatch[] = [];
  const rejectParts: Uint8Array[] = [];
  const step = opts.chunkSize;
  for (let i = 0; i < bytes.length; i += step) {
    parser.push(bytes.subarray(i, Math.min(bytes.length, i + step)));
    batches.push(...parser.takeBatches());
    const r = parser.takeRejects();
    if (r) rejectParts.push(r);
  }
  parser.end();
  batches.push(...parser.takeBatches());
  const r = parser.takeRejects();
  if (r) rejectParts.push(r);
  const rejects = Buffer.concat(rejectParts);
  if (rejects.length > 0 && options.rejectPath) {
    const tmp = tempPathFor(options.rejectPath);
    try {
      // Raw source rows: owner-only like every other copy of unreviewed data (docs/security.md, Leftovers).
      writeFileSync(tmp, rejects, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, options.rejectPath);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    parser.warnings.push(`${parser.stats.badRows} bad row(s) written to ${options.rejectPath}`);
  } else if (rejects.length > 0) {
    parser.warnings.push(`${parser.stats.badRows} bad row(s) skipped`);
  }
  return { schema: parser.schema!, batches, stats: parser.stats, warnings: parser.warnings, rejects: new Uint8Array(rejects) };
}
