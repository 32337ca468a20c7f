import { makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { rebaseBitmap } from '../../kernels/bitmap.js';

/** The validity of a (possibly sliced) chunk rebased to bit 0, or null when it has no nulls. */
export function rebasedValidity(data: Data): Uint8Array | null {
  if (data.nullCount === 0 || !data.nullBitmap) return null;
  return rebaseBitmap(data.nullBitmap, data.offset, data.length);
}

/** Wrap a filled fixed-width values buffer (starting at row 0) as Data of `type`. */
export function makeFixedData(type: DataType, length: number, values: ArrayBufferView, validity: Uint8Array | null, nullCount: number): Data {
  return makeData({ type, length, nullCount, nullBitmap: nullCount > 0 ? validity : null, data: values } as never) as Data;
}

export function allValidBitmap(n: number): Uint8Array {
  const b = new Uint8Array(((n + 63) >> 6) << 3);
  b.fill(0xff);
  return b;
}

export function countZeroBits(bitmap: Uint8Array, n: number): number {
  let valid = 0;
  for (let i = 0; i < n; i++) valid += (bitmap[i >> 3]! >> (i & 7)) & 1;
  return n - valid;
}
