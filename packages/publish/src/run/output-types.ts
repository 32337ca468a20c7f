import { Schema } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { TuominError, columnData, isStringType, replaceColumns, retypeField, type BoundTransform, type DeclaredType, type Transform } from '@tuomin/core/internal';
import { Type } from 'apache-arrow';
import type { Spec } from '../spec/schema.js';
import { outputType, textToType, type TypedChunk } from './output-kernels.js';

/** A published column whose declared type (spec `type:`) is not text. */
export interface DeclaredColumn {
  /** The output name. */
  name: string;
  type: Exclude<DeclaredType, 'string'>;
  scale?: number;
}

/** Values that did not fit the declared type, for the check after the reviews. Counts and rows only, never values. */
export interface OutputTypeProblem {
  column: string;
  type: string;
  count: number;
  /** 1-based data row of the first one (the header excluded), as the review counts rows. */
  row: number;
}

export interface BoundOutputTypes extends BoundTransform {
  problems(): OutputTypeProblem[];
}

export interface OutputTypes extends Transform {
  bind(input: Schema): BoundOutputTypes;
}

/**
 * The declared types of the published columns, checked against the spec before any row is
 * read: `scale` belongs to numbers only.
 */
export function declaredColumns(spec: Spec, file: string): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  for (const [source, c] of Object.entries(spec.columns)) {
    if (c.scale !== undefined && c.type !== 'number') {
      throw new TuominError('BAD_SPEC', `scale is for columns of type number; this one is ${c.type}`, { file, path: `columns.${source}.scale` }, 'remove scale, or declare type: number', { id: 'output.scaleNotNumber', params: { type: c.type } });
    }
    if (c.drop || c.type === 'string') continue;
    out.push({ name: c.name ?? source, type: c.type, ...(c.scale !== undefined ? { scale: c.scale } : {}) });
  }
  return out;
}

/**
 * The run's last step before the writers: every published text column with a declared type
 * becomes that Arrow type (integer int64, number float64 or decimal(38, scale), boolean, date
 * date32, datetime timestamp[ms]), so Parquet, Arrow and XLSX carry the types the datapackage
 * declares and CSV and NDJSON write them back as the text it describes (io format/value-text.ts).
 * Columns that rules already typed pass through: the review judges them by their Arrow type.
 *
 * A value that does not fit is written as a null and counted, not thrown: the normative review,
 * which runs after the pass, holds the same values to the same definition (core stats/conform.ts)
 * and reports every one with its row; `problems()` is the check after it, for what the review let
 * through (an integer beyond int64, a datetime with a UTC offset, more digits than the scale).
 */
export function outputTypes(columns: DeclaredColumn[]): OutputTypes {
  return {
    name: 'output-types',
    bind(input: Schema): BoundOutputTypes {
      const kernels = new Map<number, { column: DeclaredColumn; type: (d: Data) => TypedChunk; seen: number; invalid: number; first: number }>();
      const fields = input.fields.slice();
      for (const column of columns) {
        const idx = input.fields.findIndex((f) => f.name === column.name);
        if (idx < 0) continue;
        const field = input.fields[idx]!;
        if (!isStringType(field.type) && field.typeId !== Type.Null) continue;
        kernels.set(idx, { column, type: textToType(column.type, column.scale), seen: 0, invalid: 0, first: -1 });
        fields[idx] = retypeField(field, outputType(column.type, column.scale), true);
      }
      const outputSchema = new Schema(fields, input.metadata);
      return {
        outputSchema,
        async *apply(batches: AsyncIterable<RecordBatch>) {
          for await (const batch of batches) {
            if (kernels.size === 0) { yield batch; continue; }
            const repl = new Map<number, Data>();
            for (const [idx, k] of kernels) {
              const r = k.type(columnData(batch, idx));
              if (r.invalid > 0 && k.invalid === 0) k.first = k.seen + r.firstInvalid + 1;
              k.invalid += r.invalid;
              k.seen += batch.numRows;
              repl.set(idx, r.data);
            }
            yield replaceColumns(batch, outputSchema, repl);
          }
        },
        report: () => [...kernels.values()].map((k) => ({ transform: 'output-types', columns: [k.column.name], rowsSeen: k.seen, valuesChanged: k.seen, invalid: k.invalid, nulls: 0 })),
        problems: () => [...kernels.values()].filter((k) => k.invalid > 0).map((k) => ({ column: k.column.name, type: describe(k.column), count: k.invalid, row: k.first })),
      };
    },
  };
}

function describe(c: DeclaredColumn): string {
  return c.scale !== undefined ? `number with ${c.scale} decimal${c.scale === 1 ? '' : 's'}` : c.type;
}

/** What to do about values the typed copies cannot hold (run's error and the preview's reason). */
export const OUTPUT_TYPE_HINT =
  'integers must fit in 64 bits, datetimes have no UTC offset and no digits below the millisecond, a number has at most `scale` decimals: fix the values with a rule, change scale, or declare the column type: string';

/** Fails closed on values the typed copies could not hold (see outputTypes); names column, row and count, never the value. */
export function checkOutputTypes(problems: OutputTypeProblem[], file: string): void {
  const p = problems[0];
  if (p === undefined) return;
  throw new TuominError(
    'BAD_VALUE',
    `${p.count} value${p.count === 1 ? '' : 's'} of column "${p.column}" cannot be published as ${p.type}${problems.length > 1 ? ` (and values of ${problems.length - 1} more column${problems.length > 2 ? 's' : ''}: ${problems.slice(1).map((q) => q.column).join(', ')})` : ''}; nothing was published`,
    { file, column: p.column, row: p.row },
    OUTPUT_TYPE_HINT,
    { id: 'output.cannotType', params: { count: p.count, column: p.column, type: p.type, more: problems.slice(1).map((q) => q.column) } },
  );
}
