import type { Schema } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { canGather } from '../../kernels/take.js';

/** Refuse at bind time a column whose type the row kernels do not handle (lists, structs, maps, unions). */
export function requireGatherable(schema: Schema, index: number, rule: string): void {
  const f = schema.fields[index]!;
  if (!canGather(f.type)) {
    throw new TuominError('UNSUPPORTED', `column "${f.name}" has type ${String(f.type)}, which ${rule} cannot null or filter`, { column: f.name, rule },
      'drop the column first (rule drop), or flatten it to text or numbers in the normalize step');
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
