import { Field, Schema } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { batchFromColumns, columnData } from '../kernels/batch.js';
import type { Transform, TransformReport } from '../pipeline/transform.js';

export interface ProjectColumn {
  /** Column name in the input. */
  from: string;
  /** Column name in the output (default: `from`). */
  to?: string;
  /** Field metadata to set, e.g. { title: '身份证号', description: ... }. */
  metadata?: Record<string, string>;
}

/**
 * Select, order and rename columns; zero-copy (the column Data is reused). Unknown input columns
 * fail at bind time with the list of available names.
 */
export function project(columns: ProjectColumn[]): Transform {
  return {
    name: 'project',
    bind(input) {
      const indices: number[] = [];
      const fields: Field[] = [];
      for (const c of columns) {
        const i = input.fields.findIndex((f) => f.name === c.from);
        if (i < 0) {
          throw new TuominError('BAD_SPEC', `unknown column "${c.from}"`, { column: c.from }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        }
        const f = input.fields[i]!;
        const meta = new Map(f.metadata);
        for (const [k, v] of Object.entries(c.metadata ?? {})) meta.set(k, v);
        indices.push(i);
        fields.push(new Field(c.to ?? c.from, f.type, f.nullable, meta));
      }
      const outputSchema = new Schema(fields, input.metadata);
      let rows = 0;
      const report = (): TransformReport[] => [
        { transform: 'project', columns: columns.map((c) => c.to ?? c.from), rowsSeen: rows, valuesChanged: 0, invalid: 0, nulls: 0, extra: { dropped: input.fields.length - new Set(indices).size } },
      ];
      return {
        outputSchema,
        async *apply(batches) {
          for await (const b of batches) {
            rows += b.numRows;
            yield batchFromColumns(outputSchema, indices.map((i) => columnData(b, i)), b.numRows);
          }
        },
        report,
      };
    },
  };
}

/**
 * Append copies of columns under new names (zero-copy: the copy shares the column's Data), so a
 * derived column (age band from an ID number) can be generalized while the original goes its
 * own way. Copies are appended after the input columns.
 */
export function copyColumns(copies: Array<{ from: string; to: string }>): Transform {
  return {
    name: 'copy',
    bind(input) {
      const idx = copies.map((c) => {
        const i = input.fields.findIndex((f) => f.name === c.from);
        if (i < 0) throw new TuominError('BAD_SPEC', `cannot derive "${c.to}": unknown column "${c.from}"`, { column: c.from }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'derive.unknownSource', params: { to: c.to, columns: input.fields.map((f) => f.name) } });
        if (input.fields.some((f) => f.name === c.to)) throw new TuominError('BAD_SPEC', `cannot derive "${c.to}": a column of that name exists`, { column: c.to }, undefined, { id: 'derive.nameTaken', params: { to: c.to } });
        return i;
      });
      const outputSchema = new Schema([...input.fields, ...copies.map((c, k) => new Field(c.to, input.fields[idx[k]!]!.type, true))], input.metadata);
      let rows = 0;
      return {
        outputSchema,
        async *apply(batches) {
          for await (const b of batches) {
            rows += b.numRows;
            const cols = input.fields.map((_, i) => columnData(b, i));
            yield batchFromColumns(outputSchema, [...cols, ...idx.map((i) => cols[i]!)], b.numRows);
          }
        },
        report: () => [{ transform: 'copy', columns: copies.map((c) => c.to), rowsSeen: rows, valuesChanged: 0, invalid: 0, nulls: 0 }],
      };
    },
  };
}
