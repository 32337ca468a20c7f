import type { Data } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { dictionaryView, makeUtf8Data } from '../../kernels/utf8.js';
import { rebasedValidity } from '../generalize/fixed-out.js';

/**
 * A dictionary-of-strings chunk as a plain Utf8 chunk (for per-row rewrites whose result depends
 * on another column, such as date shifting per entity).
 */
export function flattenDictionary(data: Data): Data {
  const dict = dictionaryView(data);
  const n = data.length;
  const idx = data.values as ArrayLike<number>;
  const validity = rebasedValidity(data);
  const out = new GrowableBytes(n * 8 + 16);
  const oo = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    if (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      const k = Number(idx[i]);
      out.append(dict.values, dict.offsets[k]!, dict.offsets[k + 1]!);
    }
    oo[i + 1] = out.length;
  }
  return makeUtf8Data(n, oo, out.finish(), validity, data.nullCount);
}
