import type { ReadOptions } from '@tuomin/io';
import type { Spec } from '../spec/schema.js';

/**
 * The one translation from a spec's `source:` to the reader's options, for the run, the dry run
 * and `tuomin bench`: the spec's CSV dialect as given (unset keys left to the reader's defaults,
 * which exactOptionalPropertyTypes would otherwise see as `undefined` values).
 *
 * `badRows` says where rows skipped under onBadRow: skip go: a path in the run's private folder,
 * or null for nowhere (a bench, which publishes nothing). Never the reader's default, which is
 * beside the source file, where a run must not leave raw rows.
 */
export function readerOptions(source: Spec['source'], badRows: { rejectPath: string | null }, batchSize?: number): ReadOptions {
  const size = batchSize ?? source.batchSize;
  const csv = source.csv;
  if (!csv) return size ? { batchSize: size } : {};
  const dialect = Object.fromEntries(Object.entries(csv).filter(([, v]) => v !== undefined)) as NonNullable<ReadOptions['csv']>;
  return {
    ...(size ? { batchSize: size } : {}),
    csv: { ...dialect, ...(csv.onBadRow === 'skip' ? { rejectPath: badRows.rejectPath } : {}) },
  };
}
