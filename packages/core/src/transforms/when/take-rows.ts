import type { RecordBatch, Schema } from 'apache-arrow';
import { batchFromColumns, columnData } from '../../kernels/batch.js';
import { TakenColumn } from './taken-column.js';

/**
 * The matching rows `rows` of `batch` as a batch of their own, for the inner rule. Each column is
 * a TakenColumn: gathered only if the rule reads it (a rule may read columns it does not write:
 * date-shift reads its entity column).
 */
export function takeRows(batch: RecordBatch, schema: Schema, rows: Int32Array, rule: string): { batch: RecordBatch; columns: TakenColumn[] } {
  const columns = schema.fields.map((f, c) => new TakenColumn(columnData(batch, c), rows, { column: f.name, rule }));
  return { batch: batchFromColumns(schema, columns, rows.length), columns };
}
