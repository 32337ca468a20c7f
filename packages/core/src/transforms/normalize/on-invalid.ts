import type { Field } from 'apache-arrow';
import { INVALID, INVALID_NULL, isStringType, KEEP, mapUtf8Data, type Utf8Kernel } from '../../kernels/utf8.js';
import { unsupportedType, type ColumnPlan } from '../generalize/column-transform.js';
import { throwIfFlagged } from '../generalize/on-invalid.js';

/** What normalization does with a value that fails a cast or a validation. Default `null`. */
export type RowOnInvalid = 'keep' | 'null' | 'reject-row' | 'error';

/**
 * A validation plan over a byte test: valid values pass untouched; invalid ones are kept, nulled,
 * reject their row, or stop the run (naming the row, never the value).
 */
export function checkPlan(rule: string, field: Field, test: (src: Uint8Array, s: number, e: number) => boolean, mode: RowOnInvalid, what: string): ColumnPlan {
  if (!isStringType(field.type)) throw unsupportedType(rule, field, 'a string column');
  const nullIt = mode === 'null' || mode === 'error';
  const kernel: Utf8Kernel = (src, s, e, out) => {
    if (test(src, s, e)) { out.append(src, s, e); return KEEP; }
    if (nullIt) return INVALID_NULL;
    out.append(src, s, e);
    return INVALID;
  };
  return {
    rejects: mode === 'reject-row',
    kernel(data, counts, rowBase, reject) {
      // reject-row: the kernels mark the invalid rows straight into the shared reject array.
      const invalidRows = mode === 'error' ? new Uint8Array(data.length) : reject;
      const out = mapUtf8Data(data, kernel, counts, invalidRows);
      if (mode === 'error') throwIfFlagged(invalidRows!, rowBase, field.name, rule, what);
      return out;
    },
  };
}
