import { Type } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';

/*
 * Arrow DECIMAL(p, s) values (Decimal128 and Decimal256, as Parquet from Oracle, DM or Kingbase
 * through Spark carries amounts, ages and codes): the unscaled integer in two's complement,
 * little-endian 32-bit words, `stride` words a value (arrow-js slices `values` by row, so value i of
 * a chunk is at words[i * stride]; validity still starts at bit `offset`). The one reader and writer
 * of those words for the rules: values within ±2^53 are plain doubles (no BigInt on the common
 * path), wider ones BigInt. Nothing here rounds a stored value.
 */

export interface DecimalShape {
  precision: number;
  scale: number;
  /** 32-bit words per value: 4 (Decimal128) or 8 (Decimal256). */
  stride: number;
}

/** The shape of a Decimal type, or null for any other type. */
export function decimalShape(type: DataType): DecimalShape | null {
  if (type.typeId !== Type.Decimal) return null;
  const t = type as unknown as { precision: number; scale: number; bitWidth: number };
  return { precision: t.precision, scale: t.scale, stride: t.bitWidth / 32 };
}

const TWO32 = 4294967296;

/** Value i's unscaled integer when it is within ±2^53 (upper words sign-extend), else NaN. */
export function unscaledSafe(words: Uint32Array, i: number, stride: number): number {
  const base = i * stride;
  const w1 = words[base + 1]!;
  const ext = w1 & 0x80000000 ? 0xffffffff : 0;
  for (let k = 2; k < stride; k++) if (words[base + k] !== ext) return NaN;
  // A signed high word within ±2^21 keeps hi * 2^32 + lo inside ±2^53.
  const hi = w1 | 0;
  if (hi >= 0x200000 || hi < -0x200000) return NaN;
  return hi * TWO32 + words[base]!;
}

/** Value i's unscaled integer, exactly. */
export function unscaledBig(words: Uint32Array, i: number, stride: number): bigint {
  const base = i * stride;
  let v = 0n;
  for (let k = stride - 1; k >= 0; k--) v = (v << 32n) | BigInt(words[base + k]!);
  const bits = BigInt(stride * 32);
  return v >> (bits - 1n) ? v - (1n << bits) : v;
}

/** Write a safe integer (|v| ≤ 2^53) as value i. */
export function writeUnscaledSafe(words: Uint32Array, i: number, stride: number, v: number): void {
  const base = i * stride;
  const hi = Math.floor(v / TWO32);
  words[base] = v - hi * TWO32;
  words[base + 1] = hi;
  const ext = v < 0 ? 0xffffffff : 0;
  for (let k = 2; k < stride; k++) words[base + k] = ext;
}

/** Write any integer that fits the stride as value i. */
export function writeUnscaledBig(words: Uint32Array, i: number, stride: number, v: bigint): void {
  const base = i * stride;
  let x = BigInt.asUintN(stride * 32, v);
  for (let k = 0; k < stride; k++) {
    words[base + k] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The values as doubles (value / 10^scale), for the rules whose result is no stored value (a band
 * a value falls in): correctly rounded while the unscaled integer is within ±2^53 and the scale at
 * most 22 (one IEEE division of two exact doubles), by Number() of the exact quotient beyond.
 * Null slots hold 0.
 */
export function decimalToFloat64(data: Data): Float64Array {
  const shape = decimalShape(data.type)!;
  const words = data.values as Uint32Array;
  const n = data.length;
  const out = new Float64Array(n);
  const s = shape.scale;
  const p = s >= 0 && s < POW10.length ? POW10[s]! : NaN;
  for (let i = 0; i < n; i++) {
    const u = unscaledSafe(words, i, shape.stride);
    out[i] = u === u && p === p ? u / p : bigToDouble(unscaledBig(words, i, shape.stride), s);
  }
  return out;
}

function bigToDouble(u: bigint, scale: number): number {
  if (scale <= 0) return Number(u * 10n ** BigInt(-scale));
  const neg = u < 0n;
  const digits = (neg ? -u : u).toString().padStart(scale + 1, '0');
  // Number() of the exact decimal text is the correctly rounded double.
  return Number(`${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

/** 10^precision: the bound a DECIMAL(precision, s) value's unscaled integer stays below (in absolute value). */
export function precisionLimit(precision: number): bigint {
  return 10n ** BigInt(precision);
}

/** The exact text of an unscaled integer at `scale`: 500000 at 2 → 5000.00, -7 at 3 → -0.007, 12 at -2 → 1200. */
export function decimalText(u: number | bigint, scale: number): string {
  const neg = u < 0;
  let digits = (neg ? -u : u).toString();
  if (scale < 0) digits = digits === '0' ? digits : digits + '0'.repeat(-scale);
  else if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg ? `-${digits}` : digits;
}
