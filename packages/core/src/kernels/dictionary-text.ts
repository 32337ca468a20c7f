import type { Data } from 'apache-arrow';
import { newBitmap, rebaseBitmap } from './bitmap.js';
import { GrowableBytes } from './buffers.js';
import { indexArray } from './dictionary.js';
import { dictionaryView, makeUtf8Data } from './utf8.js';

/**
 * A dictionary-of-text chunk decoded to a plain Utf8 chunk, for per-row rewrites whose result
 * depends on another column (date shifting per entity, k-anonymity's row masking). A row that
 * points at a null entry comes out null, as it reads.
 */
export function dictionaryToUtf8(data: Data): Data {
  const dict = dictionaryView(data);
  const n = data.length;
  const idx = indexArray(data);
  let validity = data.nullCount > 0 && data.nullBitmap ? rebaseBitmap(data.nullBitmap, data.offset, n) : null;
  let nulls = validity === null ? 0 : data.nullCount;
  const out = new GrowableBytes(n * 8 + 16);
  const oo = new Int32Array(n + 1);
  const entryNulls = dict.validity;
  for (let i = 0; i < n; i++) {
    if (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const k = idx[i]!;
      if (!(k >= 0 && k < dict.length)) throw new RangeError(`dictionary index ${k} of row ${i + 1} is outside the dictionary's ${dict.length} entries`);
      if (entryNulls !== null && ((entryNulls[(dict.bitOffset + k) >> 3]! >> ((dict.bitOffset + k) & 7)) & 1) === 0) {
        if (validity === null) validity = newBitmap(n);
        validity[i >> 3]! &= ~(1 << (i & 7));
        nulls++;
      } else out.append(dict.values, dict.offsets[k]!, dict.offsets[k + 1]!);
    }
    oo[i + 1] = out.length;
  }
  return makeUtf8Data(n, oo, out.finish(), validity, nulls);
}
