import { Field, Schema } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { columnData, fieldIndex, replaceColumns, retypeField } from '../../kernels/batch.js';
import { newCounts, type MapCounts } from '../../kernels/utf8.js';
import type { BoundTransform, Transform, TransformReport } from '../../pipeline/transform.js';

/** What a column transform does to one column, chosen once at bind time from the field's type. */
export interface ColumnPlan {
  /** Output type; omitted when the type does not change. */
  type?: DataType;
  /** Maps one batch's column. `rowBase` is the number of rows of this column seen in earlier batches. */
  kernel(data: Data, counts: MapCounts, rowBase: number): Data;
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
): Transform {
  return {
    name,
    bind(input: Schema): BoundTransform {
      const indices: number[] = [];
      const plans: ColumnPlan[] = [];
      const fields = input.fields.slice();
      for (const col of columns) {
        const idx = fieldIndex(input, col);
        if (idx < 0) {
          throw new TuominError('BAD_SPEC', `column "${col}" not found in the input`, { column: col, rule: name },
            `available columns: ${input.fields.map((f) => f.name).join(', ')}`);
        }
        const p = plan(input.fields[idx]!, input);
        indices.push(idx);
        plans.push(p);
        if (p.type) fields[idx] = retypeField(input.fields[idx]!, p.type);
      }
      const outputSchema = new Schema(fields, input.metadata);
      const counts = plans.map(() => newCounts());
      return {
        outputSchema,
        async *apply(batches: AsyncIterable<RecordBatch>) {
          for await (const batch of batches) {
            const repl = new Map<number, Data>();
            for (let c = 0; c < indices.length; c++) {
              const cnt = counts[c]!;
              repl.set(indices[c]!, plans[c]!.kernel(columnData(batch, indices[c]!), cnt, cnt.rowsSeen));
            }
            yield replaceColumns(batch, outputSchema, repl);
          }
        },
        report(): TransformReport[] {
          return indices.map((_, c) => {
            const extra = plans[c]!.extra?.();
            return { transform: name, columns: [columns[c]!], ...counts[c]!, ...(extra ? { extra } : {}) };
          });
        },
      };
    },
  };
}

/** The error for a column whose type a rule cannot handle. */
export function unsupportedType(rule: string, field: Field, expected: string): TuominError {
  return new TuominError('BAD_SPEC', `rule ${rule} cannot be applied to a ${String(field.type)} column`,
    { column: field.name, rule }, `expected ${expected}; cast the column first (rule cast)`);
}
