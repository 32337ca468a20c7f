import { Type } from 'apache-arrow';
import type { Data, Field } from 'apache-arrow';
import type { MapCounts } from '../../kernels/utf8.js';
import { int32Halves, readInt64, writeInt64 } from '../../kernels/civil-date.js';
import { unsupportedType } from '../generalize/column-transform.js';
import { makeFixedData, rebasedValidity } from '../generalize/fixed-out.js';

type NumArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

/** The column is one round and noise take: integers, Float32, Float64, or DECIMAL (decimal-map.ts, exact). */
export function requireNumeric(rule: string, field: Field): void {
  // Float16 values are half-float bits in a Uint16Array, not numbers: refused (cast the column first).
  const half = field.type.typeId === Type.Float && (field.type as unknown as { precision: number }).precision === 0;
  if (field.type.typeId === Type.Decimal) return;
  if ((field.type.typeId !== Type.Int && field.type.typeId !== Type.Float) || half) throw unsupportedType(rule, field, 'an integer, Float32, Float64 or Decimal column');
}

function intRange(data: Data): [number, number] {
  const t = data.type as unknown as { bitWidth: number; isSigned: boolean };
  if (t.bitWidth === 64) return t.isSigned ? [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] : [0, Number.MAX_SAFE_INTEGER];
  return t.isSigned ? [-(2 ** (t.bitWidth - 1)), 2 ** (t.bitWidth - 1) - 1] : [0, 2 ** t.bitWidth - 1];
}

/**
 * Apply `f(value, row)` to every slot of a numeric chunk, same type out. Integer results are
 * rounded and clamped to the type's range (64-bit: to ±2^53). Nulls stay null.
 */
export function mapNumbers(data: Data, f: (v: number, row: number) => number, counts: MapCounts): Data {
  const n = data.length;
  const isInt = data.type.typeId === Type.Int;
  const [lo, hi] = isInt ? intRange(data) : [-Infinity, Infinity];
  let changed = 0;
  let values: ArrayBufferView;
  const validity = rebasedValidity(data);
  const valid = (i: number): boolean => validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
  if (isInt && (data.type as unknown as { bitWidth: number }).bitWidth === 64) {
    const a = int32Halves(data.values as BigInt64Array);
    const res = new BigInt64Array(n);
    const b = int32Halves(res);
    for (let i = 0; i < n; i++) {
      const v = readInt64(a, i);
      const t = Math.min(hi, Math.max(lo, Math.round(f(v, i))));
      writeInt64(b, i, t);
      if (t !== v && valid(i)) changed++;
    }
    values = res;
  } else {
    const src = data.values as NumArray;
    const res = new (src.constructor as new (n: number) => NumArray)(n);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      let t = f(v, i);
      if (isInt) t = Math.min(hi, Math.max(lo, Math.round(t)));
      res[i] = t;
      if (res[i] !== v && valid(i)) changed++;
    }
    values = res;
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed;
  return makeFixedData(data.type, n, values, validity, data.nullCount);
}
