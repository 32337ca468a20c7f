import type { RecordBatch, Schema } from 'apache-arrow';
import type { TransferState } from '../stats/transfer.js';

/**
 * What a transform did, for the run report. Counts and rule names only, never values.
 * `extra` carries transform-specific counts (for example `keyId`, `notPseudonymization`).
 */
export interface TransformReport {
  transform: string;
  columns: string[];
  rowsSeen: number;
  valuesChanged: number;
  invalid: number;
  nulls: number;
  extra?: Record<string, unknown>;
}

/**
 * A transform is configured once (its options validated), then bound to an input schema.
 * Binding derives the output schema before any data arrives, so a spec that names an
 * unknown column or applies a string rule to a number fails before a byte is read.
 */
export interface Transform {
  readonly name: string;
  bind(input: Schema, options?: BindOptions): BoundTransform;
}

/** Where the bound transform's rows sit in the whole input, when it runs over one partition. */
export interface BindOptions {
  /**
   * Rows of the input before the first row this binding will see (a partition's prefix sum).
   * Row numbers in errors and row-seeded values (noise) count from here, so a partition numbers
   * its rows as the sequential pass would. Default 0.
   */
  rowOffset?: number | undefined;
}

/**
 * A first pass that can run over partitions (docs/performance.md, "Partition jobs"): each
 * partition's job `collect`s its rows into a state, the coordinator `decide`s once from all the
 * states in partition order (as a bound copy of its own), and every partition's job `adopt`s the
 * decision before `apply`, without observing. collect → decide → adopt + apply over partitions
 * must give the rows the sequential observe + apply gives, in the same order.
 */
export interface FirstPass {
  collect(batches: AsyncIterable<RecordBatch>): Promise<TransferState>;
  decide(parts: TransferState[]): Promise<TransferState>;
  adopt(decision: TransferState): void;
}

export interface BoundTransform {
  readonly outputSchema: Schema;
  /**
   * Set when the transform must see all its input before emitting anything
   * (k-anonymity suppression, frequency rules). The pipeline then calls `observe` over a
   * full pass of the input and afterwards `apply` over a second pass of the same batches.
   */
  readonly needsFirstPass?: boolean;
  observe?(batches: AsyncIterable<RecordBatch>): Promise<void>;
  /** The first pass in mergeable form, when the transform can run over partitions. */
  readonly firstPass?: FirstPass;
  /**
   * May emit fewer rows than it receives (onInvalid: reject-row, row suppression, anonymize in
   * drop mode). After such a stage a partition no longer knows its rows' global positions.
   */
  readonly dropsRows?: boolean;
  /**
   * Output values depend on the row's position in the stream (noise is seeded by it), so the
   * stage needs its global row numbers: no row-dropping stage may come before it in a partition.
   */
  readonly rowSeeded?: boolean;
  /** Set (a reason) when the stage cannot run over partitions at all, whatever precedes it. */
  readonly notPartitionable?: string;
  apply(batches: AsyncIterable<RecordBatch>): AsyncIterable<RecordBatch>;
  report(): TransformReport[];
}

/**
 * Helper for the common case: a stateless per-batch map.
 * `map` receives each batch (already conforming to the input schema) and returns a batch of
 * `outputSchema`. Empty batches pass through `map` too, so kernels must accept 0 rows.
 */
export function mapBatches(
  outputSchema: Schema,
  map: (batch: RecordBatch) => RecordBatch,
  report: () => TransformReport[],
): BoundTransform {
  return {
    outputSchema,
    async *apply(batches) {
      for await (const b of batches) yield map(b);
    },
    report,
  };
}
