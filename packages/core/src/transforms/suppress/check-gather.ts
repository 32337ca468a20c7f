import { type Data, Field, type RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { columnData, replaceColumns } from '../../kernels/batch.js';
import { nullRows } from '../../kernels/dictionary.js';
import { canGather, gather } from '../../kernels/take.js';
import { typeShape } from '../../kernels/type-shape.js';

/** Refuse at bind time a column whose type the row kernels do not handle (lists, structs, maps, unions). */
export function requireGatherable(schema: Schema, index: number, rule: string): void {
  const f = schema.fields[index]!;
  if (!canGather(f.type)) {
    throw new TuominError('UNSUPPORTED', `column "${f.name}" has type ${typeShape(f.type)}, which ${rule} cannot null or filter`, { column: f.name, rule },
      'drop the column first (rule drop), or flatten it to text or numbers in the normalize step', { id: 'rule.cannotGather', params: { rule, type: typeShape(f.type) } });
  }
}

/** 0, 1, …, n-1, reused across batches of the same or smaller size. */
export function identityRows(cache: { rows: Int32Array }, n: number): Int32Array {
  if (cache.rows.length < n) {
    const r = new Int32Array(n);
    for (let i = 0; i < n; i++) r[i] = i;
    cache.rows = r;
  }
  return cache.rows.subarray(0, n);
}

/** The schema with the `targets` fields made nullable (their values may now be null). */
export function nullableSchema(input: Schema, targets: readonly number[]): Schema {
  const fields = input.fields.slice();
  for (const i of targets) fields[i] = new Field(fields[i]!.name, fields[i]!.type, true, fields[i]!.metadata);
  return new Schema(fields, input.metadata);
}

/**
 * The `targets` columns of `b` made null where `nullOut` is 1, through the take kernel (no bytes
 * of a nulled value remain); also counts the nulls before and the values that became null.
 */
export function nullTargets(b: RecordBatch, schema: Schema, targets: readonly number[], cache: { rows: Int32Array }, nullOut: Uint8Array): { batch: RecordBatch; nullsBefore: number; changed: number } {
  const ids = identityRows(cache, b.numRows);
  const replaced = new Map<number, Data>();
  let nullsBefore = 0;
  let changed = 0;
  for (const i of targets) {
    const d = columnData(b, i);
    const before = nullRows(d);
    const out = gather(d, ids, nullOut, schema.fields[i]!.name);
    nullsBefore += before;
    changed += out.nullCount - before;
    replaced.set(i, out);
  }
  return { batch: replaceColumns(b, schema, replaced), nullsBefore, changed };
}
