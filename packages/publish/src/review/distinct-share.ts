import type { Data } from 'apache-arrow';
import { ColumnQuality, type TransferState } from '@tuomin/core/internal';

/**
 * Non-empty values and their distinct count for one column, for the near-unique check of the
 * published-risk review: core's ColumnQuality without checks, so the layouts (plain, sliced,
 * dictionary, Binary, LargeBinary, typed) are walked by the column statistics' kernels and the
 * count is their DistinctEstimate (exact up to 16,384 distinct values, then HyperLogLog, ±0.81 %).
 * A walk of its own here once read Binary as fixed-width and passed 400 distinct record numbers.
 */
export class DistinctShare {
  constructor(private readonly quality = new ColumnQuality()) {}

  /** Non-null, non-empty values (an empty string is missing, not a value). */
  get rows(): number {
    const q = this.quality;
    return q.rows - q.nulls - q.empties;
  }

  get distinct(): number {
    return this.quality.distinct.count();
  }

  add(data: Data): void {
    this.quality.add(data, 0);
  }

  /** Add the values of other rows of the same column (a partition); the count is what one pass over both gives. */
  merge(other: DistinctShare): void {
    this.quality.merge(other.quality);
  }

  /** The state for another thread or process (ColumnQuality's: counts and the distinct counter). */
  encode(): TransferState<'column-quality'> {
    return this.quality.encode();
  }

  static decode(state: TransferState): DistinctShare {
    return new DistinctShare(ColumnQuality.decode(state));
  }
}
