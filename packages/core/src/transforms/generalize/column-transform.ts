import { Field, Schema, Type } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { columnData, fieldIndex, replaceColumns, retypeField } from '../../kernels/batch.js';
import { compactDictionaries, takeRows } from '../../kernels/take.js';
import { newCounts, type MapCounts } from '../../kernels/utf8.js';
import type { BindOptions, BoundTransform, Transform, TransformReport } from '../../pipeline/transform.js';

/** What a column transform does to one column, chosen once at bind time from the field's type. */
export interface ColumnPlan {
  /** Output type; omitted when the type does not change. */
  type?: DataType;
  /**
   * Maps one batch's column. `rowBase` is the number of input rows before this batch: earlier
   * batches' rows plus the partition's row offset (BindOptions), so it is global over partitions.
   * `reject` is set (one byte per row) when the plan has `rejects`: the kernel sets 1 for rows to remove.
   */
  kernel(data: Data, counts: MapCounts, rowBase: number, reject: Uint8Array | null): Data;
  /** The plan may reject rows (onInvalid: reject-row). */
  rejects?: boolean;
  /** Output values depend on `rowBase` (noise), not only on the value: see BoundTransform.rowSeeded. */
  rowSeeded?: boolean;
  /** Transform-specific counts for the report (never values). */
  extra?(): Record<string, unknown>;
}

/**
 * A stateless per-column transform: `plan` is called once per named column at bind time and
 * may throw a TuominError when the column's type does not fit. Each column gets its own report.
 */
export function columnTransform(
  name: string,
  columns: readonly string[],
  plan: (field: Field, batchSchema: Schema) => ColumnPlan,
  rejectOptions: RejectOptions = {},
): RejectingTransform {
  const held: RecordBatch[] = [];
  return {
    name,
    rejected: () => held,
    bind(input: Schema, bindOptions?: BindOptions): BoundTransform {
      const rowOffset = bindOptions?.rowOffset ?? 0;
      const indices: number[] = [];
      const plans: ColumnPlan[] = [];
      const fields = input.fields.slice();
      for (const col of columns) {
        const idx = fieldIndex(input, col);
        if (idx < 0) {
          throw new TuominError('BAD_SPEC', `column "${col}" not found in the input`, { column: col, rule: name },
            `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        }
        const p = plan(input.fields[idx]!, input);
        indices.push(idx);
        plans.push(p);
        if (p.type) fields[idx] = retypeField(input.fields[idx]!, p.type);
      }
      const outputSchema = new Schema(fields, input.metadata);
      const counts = plans.map(() => newCounts());
      const rejectedBy = plans.map(() => 0);
      const anyRejects = plans.some((p) => p.rejects);
      return {
        outputSchema,
        ...(anyRejects ? { dropsRows: true } : {}),
        ...(plans.some((p) => p.rowSeeded) ? { rowSeeded: true } : {}),
        async *apply(batches: AsyncIterable<RecordBatch>) {
          for await (const batch of batches) {
            const repl = new Map<number, Data>();
            const reject = anyRejects ? new Uint8Array(batch.numRows) : null;
            for (let c = 0; c < indices.length; c++) {
              const cnt = counts[c]!;
              const p = plans[c]!;
              const before = reject && p.rejects ? countOnes(reject) : 0;
              repl.set(indices[c]!, p.kernel(columnData(batch, indices[c]!), cnt, rowOffset + cnt.rowsSeen, p.rejects ? reject : null));
              if (reject && p.rejects) rejectedBy[c]! += countOnes(reject) - before;
            }
            const out = replaceColumns(batch, outputSchema, repl);
            const nRejected = reject ? countOnes(reject) : 0;
            // A reject-row rule compacts dictionaries in every batch (kernels/take.ts says why).
            if (nRejected === 0) { yield reject ? compactDictionaries(out) : out; continue; }
            const keep = new Uint8Array(batch.numRows);
            for (let i = 0; i < keep.length; i++) keep[i] = reject![i]! ^ 1;
            const gone = takeRows(batch, reject!, nRejected);
            if (rejectOptions.onReject) rejectOptions.onReject(gone);
            else held.push(gone);
            yield takeRows(out, keep, batch.numRows - nRejected);
          }
        },
        report(): TransformReport[] {
          return indices.map((_, c) => {
            const extra = { ...plans[c]!.extra?.(), ...(plans[c]!.rejects ? { rejectedRows: rejectedBy[c]! } : {}) };
            return { transform: name, columns: [columns[c]!], ...counts[c]!, ...(Object.keys(extra).length ? { extra } : {}) };
          });
        },
      };
    },
  };
}

/** Where rows removed by onInvalid: reject-row go. Without `onReject` they are held for `rejected()`. */
export interface RejectOptions {
  /** Receives each batch of rejected rows, whole and as they entered the transform (input schema). */
  onReject?: ((batch: RecordBatch) => void) | undefined;
}

/** A transform that may remove rows; `rejected()` returns the removed rows held so far (when no onReject). */
export interface RejectingTransform extends Transform {
  rejected(): RecordBatch[];
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]!;
  return n;
}

/** The error for a column whose type a rule cannot handle. */
export function unsupportedType(rule: string, field: Field, expected: string): TuominError {
  if (field.type.typeId === Type.Decimal) {
    // No cast makes a DECIMAL text: say which rules take it as it is.
    return new TuominError('BAD_SPEC', `rule ${rule} cannot be applied to a ${String(field.type)} column`,
      { column: field.name, rule }, `expected ${expected}; a DECIMAL column is taken as it is by keep, round, noise, generalize (bins, interval hierarchies) and suppress: use one of those, drop it, or export it as text upstream`,
      { id: 'rule.unsupportedDecimal', params: { rule, type: String(field.type), expected } });
  }
  return new TuominError('BAD_SPEC', `rule ${rule} cannot be applied to a ${String(field.type)} column`,
    { column: field.name, rule }, `expected ${expected}; cast the column first (rule cast)`,
    // `expected` is the rule's English phrase for the types it takes; `type` is Arrow's name of the column's type.
    { id: 'rule.unsupportedType', params: { rule, type: String(field.type), expected } });
}
