import { type Data, Type } from 'apache-arrow';
import { isValid, newBitmap } from '../../kernels/bitmap.js';
import { makeUtf8Data, utf8View } from '../../kernels/utf8.js';
import { copyBytes } from './bytes.js';

/**
 * Rows `rows` of a text column (a take), into buffers of exactly the right size. Null rows keep
 * no bytes.
 */
export function takeUtf8(data: Data, rows: Int32Array): Data {
  const v = utf8View(data);
  const k = rows.length, o = v.offsets, src = v.values;
  let size = 0;
  for (let j = 0; j < k; j++) size += o[rows[j]! + 1]! - o[rows[j]!]!;
  const bytes = new Uint8Array(size);
  const offsets = new Int32Array(k + 1);
  let validity: Uint8Array | null = null, nulls = 0, at = 0;
  if (v.validity === null) {
    for (let j = 0; j < k; j++) {
      const r = rows[j]!;
      at = copyBytes(bytes, at, src, o[r]!, o[r + 1]!);
      offsets[j + 1] = at;
    }
  } else {
    validity = newBitmap(k, true);
    for (let j = 0; j < k; j++) {
      const r = rows[j]!;
      if (isValid(v.validity, v.bitOffset + r)) at = copyBytes(bytes, at, src, o[r]!, o[r + 1]!);
      else { validity[j >> 3]! &= ~(1 << (j & 7)); nulls++; }
      offsets[j + 1] = at;
    }
  }
  return makeUtf8Data(k, offsets, bytes.subarray(0, at), validity, nulls, data.typeId === Type.LargeUtf8);
}
