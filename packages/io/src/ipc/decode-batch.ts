import { DataType, Field, Schema } from 'apache-arrow';
import type { Data, Dictionary, RecordBatch } from 'apache-arrow';
import { TuominError, batchFromColumns, columnData } from '@tuomin/core/internal';
import { decodeDictionary } from './decode-dictionary.js';
import { valueLayout } from './dictionary-values.js';

/** Indices of the top-level dictionary columns. */
export function dictionaryColumns(schema: Schema): number[] {
  const out: number[] = [];
  schema.fields.forEach((f, c) => {
    if (DataType.isDictionary(f.type)) out.push(c);
  });
  return out;
}

/** Whether a dictionary sits inside another type (a list or struct child, a dictionary's values). */
export function hasNestedDictionaries(schema: Schema): boolean {
  const inside = (type: DataType): boolean =>
    (type.children ?? []).some((f: Field) => DataType.isDictionary(f.type) || inside(f.type))
    || (DataType.isDictionary(type) && (DataType.isDictionary((type as Dictionary).dictionary) || inside((type as Dictionary).dictionary)));
  return schema.fields.some((f) => inside(f.type));
}

/**
 * The schema with the dictionary fields at `columns` turned into fields of their value type (same
 * name, nullability and metadata). Value types without a decoding kernel are refused by name.
 */
export function plainSchema(schema: Schema, columns: number[], file: string): Schema {
  const fields = schema.fields.map((f, c) => {
    if (!columns.includes(c) || !DataType.isDictionary(f.type)) return f;
    const valueType = (f.type as Dictionary).dictionary;
    if (valueLayout(valueType) === null) {
      throw new TuominError(
        'UNSUPPORTED',
        `the dictionary of this ${String(valueType)} column changes between batches, which the Arrow IPC file format cannot hold`,
        { file, column: f.name },
        'write an Arrow IPC stream (.arrows) instead, which keeps one dictionary per batch',
        { id: 'ipc.dictionaryChanges', params: { type: String(valueType) } },
      );
    }
    return new Field(f.name, valueType, f.nullable, f.metadata);
  });
  return new Schema(fields, schema.metadata);
}

/** The batch under `schema` (from plainSchema), its dictionary columns at `columns` expanded to values. */
export function decodeBatch(batch: RecordBatch, schema: Schema, columns: number[]): RecordBatch {
  const cols: Data[] = [];
  for (let c = 0; c < schema.fields.length; c++) cols.push(columnData(batch, c));
  for (const c of columns) {
    const field = schema.fields[c]!;
    cols[c] = decodeDictionary(cols[c]!, field.type, field.name);
  }
  return batchFromColumns(schema, cols, batch.numRows);
}
