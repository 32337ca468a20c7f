import { Schema } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { optionPath, optionsIssue } from '../options-issue.js';
import { batchFromColumns, columnData } from '../../kernels/batch.js';
import { mapBatches, type Transform } from '../../pipeline/transform.js';
import { requireColumn } from '../mask/columns.js';
import { type ColumnsOptions, columnsOnly } from './options.js';

/** dropColumns({ columns }): the columns are removed from the output schema and every batch. */
export function dropColumns(options: ColumnsOptions): Transform {
  const { columns } = parseColumns(options, 'drop');
  return {
    name: 'drop',
    bind(input) {
      const drop = new Set(columns.map((c) => requireColumn(input, c, 'drop')));
      const keep = input.fields.map((_, i) => i).filter((i) => !drop.has(i));
      const outputSchema = new Schema(keep.map((i) => input.fields[i]!), input.metadata);
      let rows = 0;
      return mapBatches(
        outputSchema,
        (b) => {
          rows += b.numRows;
          return batchFromColumns(outputSchema, keep.map((i) => columnData(b, i)), b.numRows);
        },
        () => [{ transform: 'drop', columns, rowsSeen: rows, valuesChanged: rows * columns.length, invalid: 0, nulls: 0 }],
      );
    },
  };
}

export function parseColumns(options: ColumnsOptions, rule: string): { columns: string[] } {
  const r = columnsOnly.safeParse(options);
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new TuominError('BAD_SPEC', `${rule} options: ${first.message}`, { rule, ...optionPath(first) }, 'pass { columns: [names] }',
      { id: 'rule.badOptions', params: { rule, ...optionsIssue(first) } });
  }
  return r.data;
}
