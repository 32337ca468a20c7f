import type { RecordBatch, Schema } from 'apache-arrow';

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
  bind(input: Schema): BoundTransform;
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
