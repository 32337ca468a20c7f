import { Data, Field, RecordBatch, Schema, Struct, makeData } from 'apache-arrow';
import type { DataType } from 'apache-arrow';

const NO_FIELDS = new Schema([]);

/** Wrap column Data into a RecordBatch without copying. All columns must have `length` rows. */
export function batchFromColumns(schema: Schema, columns: Data[], length: number): RecordBatch {
  const struct = makeData({
    type: new Struct(schema.fields),
    length,
    nullCount: 0,
    children: columns,
  });
  return batchFromStruct(schema, struct);
}

/**
 * `new RecordBatch(schema, struct)`, without its cost on wide tables. Why: RecordBatch's
 * [schema, data] constructor always rebuilds the schema through Schema.assign, which matches
 * every field by name against every other field: quadratic in the columns (a 100,000-column CSV
 * spent minutes there, 9.6 s of 13.5 s at 50,000). It only has work to do when a column is
 * shorter than the batch, so when none is, the batch is built around an empty struct and then
 * given this schema and struct, unchanged.
 */
export function batchFromStruct(schema: Schema, struct: Data<Struct>): RecordBatch {
  const children = struct.children;
  if (children.length !== schema.fields.length || children.some((c) => c.length !== struct.length)) return new RecordBatch(schema, struct);
  const batch = new RecordBatch(NO_FIELDS, makeData({ type: new Struct([]), length: struct.length, nullCount: 0, children: [] }));
  (batch as { schema: Schema }).schema = schema;
  (batch as { data: Data }).data = struct;
  return batch;
}

/** The column Data of a batch, one per field, in schema order. */
export function batchColumns(batch: RecordBatch): Data[] {
  return batch.data.children as Data[];
}

/**
 * A batch column with the struct's offset applied: a sliced RecordBatch keeps its children
 * unsliced in some arrow-js paths, so normalise here once rather than in every kernel.
 */
export function columnData(batch: RecordBatch, index: number): Data {
  const child = batch.data.children[index] as Data;
  if (child.length === batch.numRows && batch.data.offset === 0) return child;
  return child.slice(batch.data.offset, batch.numRows);
}

/** Replace some columns (by index) and optionally their fields; returns a new batch and schema. */
export function replaceColumns(
  batch: RecordBatch,
  schema: Schema,
  replacements: Map<number, Data>,
): RecordBatch {
  const cols: Data[] = [];
  for (let i = 0; i < schema.fields.length; i++) cols.push(replacements.get(i) ?? columnData(batch, i));
  return batchFromColumns(schema, cols, batch.numRows);
}

/** A field with a new type, keeping name, nullability and metadata. */
export function retypeField(field: Field, type: DataType, nullable = field.nullable): Field {
  return new Field(field.name, type, nullable, field.metadata);
}

export function fieldIndex(schema: Schema, name: string): number {
  return schema.fields.findIndex((f) => f.name === name);
}
