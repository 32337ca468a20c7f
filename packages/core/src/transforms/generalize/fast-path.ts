import { Type } from 'apache-arrow';
import type { Field } from 'apache-arrow';
import type { ColumnPlan } from './column-transform.js';
import { mapFixedWidth, type FixedWriter } from './fixed-width-strings.js';
import { BAD_ERROR, BAD_NULL, invalidValueError } from './on-invalid.js';

/**
 * Use a fixed-width writer (6-byte codes, 4- to 10-byte date labels) for plain string chunks when invalid values become null or
 * stop the run; keep the general plan for dictionaries and for onInvalid keep / '*'.
 */
export function withFixedWidthFastPath(general: ColumnPlan, field: Field, writer: FixedWriter, badCode: number, rule: string, what: string, width = 6): ColumnPlan {
  if (badCode !== BAD_NULL && badCode !== BAD_ERROR) return general;
  if (field.type.typeId === Type.Dictionary) return general;
  return {
    kernel(data, counts, rowBase) {
      const r = mapFixedWidth(data, width, writer, counts);
      if (r.firstInvalid >= 0 && badCode === BAD_ERROR) throw invalidValueError(field.name, rule, rowBase + r.firstInvalid + 1, what);
      return r.out;
    },
  };
}
