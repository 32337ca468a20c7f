import { countRows, scanBatches, type ScanOptions, type ScanResult } from '@tuomin/core';
import { openSource } from '@tuomin/io';

export interface ScanFileOptions extends ScanOptions {
  /** Rows per batch when reading. */
  batchSize?: number;
  /** CSV reader options (encoding, delimiter), passed to openSource. */
  csv?: Record<string, unknown>;
  /** Called after each batch with rows read so far (progress display). */
  onProgress?: (rows: number) => void;
}

/**
 * Residual scan of one file (any format openSource reads): every cell of every column.
 * The result holds counts and row numbers only, never values.
 */
export async function scanFile(path: string, options: ScanFileOptions = {}): Promise<ScanResult & { file: string }> {
  const { batchSize, csv, onProgress, ...scan } = options;
  const source = await openSource(path, { ...(batchSize ? { batchSize } : {}), ...(csv ? { csv } : {}) });
  const result = await scanBatches(source.schema, countRows(source.batches(), onProgress), scan);
  return { file: path, ...result };
}
