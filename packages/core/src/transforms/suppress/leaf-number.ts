import { type Data, Type } from 'apache-arrow';
import { isValid } from '../../kernels/bitmap.js';
import { decimalToFloat64 } from '../../kernels/decimal.js';

export type NumberTest = (x: number) => boolean;

/**
 * Evaluate a numeric test on an Int / Float / Date / Timestamp / Time chunk (values as stored), or
 * a Decimal chunk (its values as correctly rounded doubles: kernels/decimal.ts; `equals: 1234.56`
 * is the double of 1234.56, so it matches the decimal 1234.56).
 */
export function evalNumber(data: Data, test: NumberTest): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(n);
  const values = (data.typeId === Type.Decimal ? decimalToFloat64(data) : data.values) as ArrayLike<number | bigint>;
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) {
      if (bm && !isValid(bm, off + i)) continue;
      if (test(Number(values[i]!))) out[i] = 1;
    }
    return out;
  }
  const nums = values as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    if (bm && !isValid(bm, off + i)) continue;
    if (test(nums[i]!)) out[i] = 1;
  }
  return out;
}

/** equals on a Bool chunk (bits are not sliced: bit offset + i). */
export function evalBool(data: Data, want: boolean): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(n);
  const bits = data.values as Uint8Array;
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    if (bm && !isValid(bm, off + i)) continue;
    if (isValid(bits, off + i) === want) out[i] = 1;
  }
  return out;
}

/** isNull: 1 where the value is null (or not null when `want` is false). */
export function evalIsNull(data: Data, want: boolean): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(n);
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    const isNull = bm !== null && bm !== undefined && !isValid(bm, off + i);
    if (isNull === want) out[i] = 1;
  }
  return out;
}

export function isNumericType(typeId: Type): boolean {
  return typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal || typeId === Type.Date || typeId === Type.Timestamp || typeId === Type.Time;
}
