import { Type } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { evaluateEntries, indexArray, nullEntries } from '../../kernels/dictionary.js';
import { utf8View } from '../../kernels/utf8.js';

/** Parses one string value's bytes to a number; NaN means invalid. */
export type ByteParser = (src: Uint8Array, start: number, end: number) => number;

export interface ParsedColumn {
  values: Float64Array;
  /** Rebased to bit 0; 1 = a non-null value that parsed. */
  validity: Uint8Array;
  /** Nulls in the input. */
  nulls: number;
  /** Non-null values that did not parse. */
  invalid: number;
  /** Index of the first invalid value, or -1. */
  firstInvalid: number;
}

/**
 * Parse every non-null string of a chunk (Utf8, LargeUtf8, or a dictionary of those: then once
 * per dictionary entry, gathered through the indices).
 */
export function parseStrings(data: Data, parse: ByteParser, invalidRows: Uint8Array | null = null): ParsedColumn {
  const n = data.length;
  const values = new Float64Array(n);
  const validity = new Uint8Array(((n + 63) >> 6) << 3);
  let nulls = 0;
  let invalid = 0;
  let firstInvalid = -1;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  if (data.typeId === Type.Dictionary) {
    const dict = data.dictionary as Vector;
    const entries = evaluateEntries(dict, parse, NaN, new Float64Array(dict.length));
    const entryNulls = nullEntries(data.dictionary as Vector);
    const idx = indexArray(data);
    for (let i = 0; i < n; i++) {
      if (bitmap && ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0) { nulls++; continue; }
      // A row on a null entry is a null, not an invalid value.
      if (entryNulls !== null && entryNulls[idx[i]!] === 1) { nulls++; continue; }
      const v = entries[idx[i]!]!;
      if (v !== v) { invalid++; if (firstInvalid < 0) firstInvalid = i; if (invalidRows) invalidRows[i] = 1; continue; }
      values[i] = v;
      validity[i >> 3]! |= 1 << (i & 7);
    }
  } else {
    const view = utf8View(data);
    const src = view.values, so = view.offsets;
    for (let i = 0; i < n; i++) {
      if (bitmap && ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0) { nulls++; continue; }
      const v = parse(src, so[i]!, so[i + 1]!);
      if (v !== v) { invalid++; if (firstInvalid < 0) firstInvalid = i; if (invalidRows) invalidRows[i] = 1; continue; }
      values[i] = v;
      validity[i >> 3]! |= 1 << (i & 7);
    }
  }
  return { values, validity, nulls, invalid, firstInvalid };
}
