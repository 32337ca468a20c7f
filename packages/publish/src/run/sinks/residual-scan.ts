import type { Schema } from 'apache-arrow';
import { scanBatches } from '@tuomin/core';
import type { ScanSummary } from '../../review/security.js';
import { notMergeable, streamSink, type Sink } from './sink.js';

/** The residual scan of every released cell (the security review's main input). */
export function residualScanSink(schema: Schema): Sink<ScanSummary> {
  return streamSink(
    (batches) => scanBatches(schema, batches, { maxRowsPerFinding: 100 }),
    // Findings keep the first rows per (column, type); joining them needs each part's row offset (a prefix sum).
    () => notMergeable('the residual scan', 'findings carry row numbers that need the partition row offsets'),
  );
}
