import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, scanBatches } from '@tuomin/core';
import { batchFromColumns, columnData, gather } from '@tuomin/core/internal';
import type { ScanSummary } from '../../review/security.js';
import type { Sink } from './sink.js';

export const SOURCE_SAMPLE_ROWS = 10_000;

/**
 * The first rows of the source as read by the pass (a tap before the rules), scanned at the end to
 * find personal columns the spec forgot to give a rule. It replaces a second read of the source:
 * the same rows (malformed ones already skipped or stopped on), never more than `limit` held.
 * Merged in partition order, it keeps the first `limit` rows of the whole source.
 */
export function sourceSampleSink(schema: Schema, limit = SOURCE_SAMPLE_ROWS): Sink<ScanSummary> & { held(): RecordBatch[] } {
  const held: RecordBatch[] = [];
  let rows = 0;
  const take = (b: RecordBatch): void => {
    if (rows >= limit || b.numRows === 0) return;
    const n = Math.min(b.numRows, limit - rows);
    held.push(n === b.numRows ? b : firstRows(b, n));
    rows += n;
  };
  return {
    held: () => held,
    add: take,
    merge(other) {
      for (const b of other.held()) take(b);
    },
    async finish() {
      const batches = (async function* () { yield* held; })();
      // Source headers are not published as such (the output's are scanned): keep the names here.
      return scanBatches(schema, batches, { maxRowsPerFinding: 10, headers: false });
    },
    async abort() {
      held.length = 0;
    },
  };
}

/**
 * The first `n` rows as a batch of their own: a slice would keep the whole source batch (up to
 * 64 MiB of records) alive until the end of the pass. Columns the take kernel cannot copy
 * (nested ones) keep the slice.
 */
function firstRows(b: RecordBatch, n: number): RecordBatch {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  try {
    return batchFromColumns(b.schema, b.schema.fields.map((f, c) => gather(columnData(b, c), rows, null, f.name)), n);
  } catch (err) {
    if (err instanceof TuominError && err.code === 'UNSUPPORTED') return b.slice(0, n);
    throw err;
  }
}
