import { Schema, type RecordBatch } from 'apache-arrow';
import { ColumnQuality, columnData, packStates, unpackStates, type ColumnChecks, type DeclaredType, type ExactDistinctOptions, type TransferState } from '@tuomin/core/internal';
import type { ColumnSpec } from '../spec/schema.js';
import { fileHashSpill, openFileHashSpill } from './hash-spill.js';

/** A value problem found in a column: a code (publication-model.md (c)), a count and where. Never the value. */
export interface CellViolation {
  code: string;
  count: number;
  /** First row numbers (1-based, header excluded). */
  rows: number[];
}

export interface ColumnStats {
  name: string;
  rows: number;
  nulls: number;
  /** Non-null empty strings: missing information too (a CSV without null tokens keeps "" as a value). */
  empties: number;
  /**
   * Distinct non-null, non-empty values. Exact for a `unique` column and for any column with at
   * most 16,384 of them; otherwise a HyperLogLog estimate (±0.81 % standard error, docs/publication.md).
   */
  distinct: number;
  /** True when `distinct` is an estimate. */
  distinctEstimated: boolean;
  maxLength: number;
  violations: CellViolation[];
}

export interface ColumnStatsOptions {
  /** Folder for the partition files of exact distinct counts (the run's spill folder); default the OS temp folder. */
  spillDir?: string | undefined;
  /** Hashes a `unique` column keeps in memory before it spills (16 to 32 bytes each). Default 2,000,000. */
  maxInMemory?: number | undefined;
  /** Table row number (0-based) of the first row this collector sees: a partition's offset. Default 0. */
  firstRow?: number | undefined;
}

/**
 * The column statistics of the normative review and the quality report, over the released rows:
 * completeness, distinct values, lengths, and conformance to the declared type (core's
 * `conformanceTest`, the definition `cast` and inference share) and constraints. One core
 * `ColumnQuality` per column does the work (packages/core/src/stats): kernels chosen per chunk
 * type, dictionaries profiled per entry. Collectors of partitions of a table merge into the
 * statistics of the whole (`merge`), in any grouping, when each was given its `firstRow`.
 */
export class ColumnStatsCollector {
  private columns: ColumnQuality[];
  private names: string[];
  /** Table row number (0-based) of the first row counted here, and of the next row. */
  private first: number;
  private row: number;

  constructor(schema: Schema, specs: Array<ColumnSpec | undefined>, options: ColumnStatsOptions = {}) {
    this.names = schema.fields.map((f) => f.name);
    this.row = this.first = options.firstRow ?? 0;
    const exact = exactOptions(options);
    this.columns = schema.fields.map((_, c) => new ColumnQuality(checksOf(specs[c]), exact));
  }

  /**
   * A collector over a state from `encode` (a partition job's, in the coordinator): it merges and
   * finishes like the collector that was encoded. `options` are this side's: where a unique
   * column spills while merging (a spill the job handed over is reopened by its path).
   */
  static decode(state: TransferState, options: Omit<ColumnStatsOptions, 'firstRow'> = {}): ColumnStatsCollector {
    const { meta, parts } = unpackStates(state, 'column-stats');
    const m = meta as { names: string[]; first: number; row: number };
    if (!Array.isArray(m.names) || m.names.length !== parts.length || !Number.isInteger(m.first) || !Number.isInteger(m.row)) throw new TypeError('a column-stats state of another shape');
    const c = new ColumnStatsCollector(new Schema([]), []);
    const exact = exactOptions(options);
    c.names = [...m.names];
    c.columns = parts.map((p) => ColumnQuality.decode(p, exact));
    c.first = m.first;
    c.row = m.row;
    return c;
  }

  add(batch: RecordBatch): void {
    const n = batch.numRows;
    for (let c = 0; c < this.columns.length; c++) this.columns[c]!.add(columnData(batch, c), this.row);
    this.row += n;
  }

  /** Add the statistics of other rows of the same table (another partition); `other` is used up. */
  merge(other: ColumnStatsCollector): void {
    if (other.columns.length !== this.columns.length) throw new TypeError('merging column statistics of different schemas');
    for (let c = 0; c < this.columns.length; c++) this.columns[c]!.merge(other.columns[c]!);
  }

  /**
   * Merge the collector of the rows right after this one's, in table order. A partition job that
   * did not know how many rows the table had before its partition (rules may drop rows) counts
   * its rows from 0; its row numbers are moved past this collector's rows here, so the listed
   * rows are the table's either way (when `other` was given its true first row, nothing moves).
   */
  mergeNext(other: ColumnStatsCollector): void {
    const shift = this.row - other.first;
    if (shift !== 0) for (const q of other.columns) for (const l of q.listed) for (let i = 0; i < l.length; i++) l[i]! += shift;
    this.merge(other);
    this.row += other.row - other.first;
  }

  /**
   * The state for another thread or process: per column, ColumnQuality's (counts, first rows,
   * checks, distinct counter; a unique column's spilled hash files by path). This collector is
   * used up: finish the decoded one.
   */
  encode(): TransferState<'column-stats'> {
    return packStates('column-stats', { names: this.names, first: this.first, row: this.row }, this.columns.map((q) => q.encode()));
  }

  finish(): ColumnStats[] {
    return this.columns.map((q, c) => {
      const r = q.finish();
      return {
        name: this.names[c]!,
        rows: r.rows,
        nulls: r.nulls,
        empties: r.empties,
        distinct: r.distinct,
        distinctEstimated: !r.distinctExact,
        maxLength: r.maxLength,
        violations: r.violations,
      };
    });
  }
}

function exactOptions(options: Omit<ColumnStatsOptions, 'firstRow'>): ExactDistinctOptions {
  return {
    ...(options.maxInMemory !== undefined ? { maxInMemory: options.maxInMemory } : {}),
    spill: () => fileHashSpill(options.spillDir),
    reopen: openFileHashSpill,
  };
}

function checksOf(spec: ColumnSpec | undefined): ColumnChecks {
  const k = spec?.constraints;
  return {
    type: (spec?.type ?? 'string') as DeclaredType,
    required: k?.required ?? false,
    unique: k?.unique ?? false,
    maxLength: k?.maxLength,
    pattern: k?.pattern ? new RegExp(`^(?:${k.pattern})$`, 'u') : undefined,
    enum: k?.enum,
  };
}
