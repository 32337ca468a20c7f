import type { Field } from 'apache-arrow';
import { isStringType, mapUtf8Data, type Utf8Kernel } from '../../kernels/utf8.js';
import { BAD_ERROR, throwIfFlagged } from './on-invalid.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';

/**
 * A string → string plan around a Utf8Kernel (Utf8, LargeUtf8 and dictionaries keep their type).
 * `badCode` is the onInvalid code; with `error` the first invalid row is reported after the batch.
 */
export function utf8Plan(rule: string, field: Field, kernel: Utf8Kernel, badCode: number, what: string): ColumnPlan {
  if (!isStringType(field.type)) throw unsupportedType(rule, field, 'a string column (Utf8, LargeUtf8 or a dictionary of those)');
  return {
    kernel(data, counts, rowBase) {
      const invalidRows = badCode === BAD_ERROR ? new Uint8Array(data.length) : null;
      const out = mapUtf8Data(data, kernel, counts, invalidRows);
      if (invalidRows !== null) throwIfFlagged(invalidRows, rowBase, field.name, rule, what);
      return out;
    },
  };
}
