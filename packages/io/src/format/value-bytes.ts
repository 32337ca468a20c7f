import { DataType, Precision, Type, DateUnit, TimeUnit } from 'apache-arrow';
import type { Data, Date_, Decimal, Float, Int, Timestamp } from 'apache-arrow';
import { civilFromDays, type GrowableBytes } from '@tuomin/core/internal';
import { valueText } from './value-text.js';
import { PAIRS } from './digit-pairs.js';
import { appendDecimal } from './decimal-bytes.js';

/**
 * Appends the UTF-8 bytes of value i (0-based in the chunk, valid values only) to `out`. Chosen
 * once per column chunk.
 */
export type ValueBytes = (i: number, out: GrowableBytes) => void;

/**
 * The bytes of valueText(data)(i), written straight into the output buffer: the CSV and NDJSON
 * writers call this once per value, and a string plus a TextEncoder call per value made a typed
 * CSV 3.5× slower to write than its text (issue #16 item 8; benchmarks/write.bench.ts).
 * Integers, decimals (from their 32-bit words, BigInt-free), dates and timestamps are formatted
 * digit by digit; floats keep String(x) (the shortest round-trip text) except for integral
 * values within 2^53, whose text is their digits. What this file does not format itself (times,
 * half floats, binary, dates past 9999 or before year 0, 64-bit values beyond 2^53) falls back
 * to valueText, so the two never disagree; test/value-bytes.test.ts compares them byte for byte.
 */
export function valueBytes(data: Data, column: string | undefined, format: string): ValueBytes {
  const type = data.type as DataType;
  switch (type.typeId) {
    case Type.Int:
      return intBytes(data, column, format);
    case Type.Float:
      if ((type as Float).precision === Precision.HALF) break;
      return floatBytes(data.values as Float32Array | Float64Array);
    case Type.Bool:
      return boolBytes(data);
    case Type.Decimal:
      return decimalBytes(data.values as Uint32Array, type as Decimal);
    case Type.Date:
      if ((type as Date_).unit !== DateUnit.DAY) break;
      return dateBytes(data.values as Int32Array, valueText(data, column, format));
    case Type.Timestamp:
      return timestampBytes(data, valueText(data, column, format));
    default:
      break;
  }
  return textBytes(valueText(data, column, format));
}

const encoder = new TextEncoder();

/** A 64-bit array's values as little-endian Int32 pairs (low, high), so no BigInt per value. */
function int32Halves(a: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** The fallback: the shared text, ASCII copied char by char, anything else through TextEncoder. */
function textBytes(text: (i: number) => string): ValueBytes {
  return (i, out) => appendText(text(i), out);
}

function appendText(t: string, out: GrowableBytes): void {
  const n = t.length;
  out.reserve(3 * n);
  const b = out.buf;
  let o = out.length;
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c >= 0x80) {
      out.length = o;
      const rest = encoder.encodeInto(t.slice(k), b.subarray(o));
      out.length = o + rest.written;
      return;
    }
    b[o++] = c;
  }
  out.length = o;
}

/**
 * Digits of an integer |v| ≤ 2^53 (a leading '-' when negative; -0 is "0", as String(-0)).
 * Exact: every quotient of an integer below 2^53 by 100 is computed exactly in doubles. Two
 * digits per division (PAIRS): the divisions are what a value costs.
 */
export function appendSafeInt(out: GrowableBytes, v: number): void {
  out.reserve(18);
  const b = out.buf;
  let o = out.length;
  if (v < 0) {
    b[o++] = 45;
    v = -v;
  }
  let n = 1;
  for (let p = 10; p <= v; p *= 10) n++;
  let k = o + n;
  out.length = k;
  while (v >= 100) {
    const q = Math.floor(v / 100);
    const r = 2 * (v - q * 100);
    b[--k] = PAIRS[r + 1]!;
    b[--k] = PAIRS[r]!;
    v = q;
  }
  if (v >= 10) {
    b[--k] = PAIRS[2 * v + 1]!;
    b[--k] = PAIRS[2 * v]!;
  } else b[--k] = 48 + v;
}

/** Two digits of 0 ≤ v < 100 at b[o]; returns the next offset. */
function put2(b: Uint8Array, o: number, v: number): number {
  b[o] = PAIRS[2 * v]!;
  b[o + 1] = PAIRS[2 * v + 1]!;
  return o + 2;
}

/** `w` digits of 0 ≤ v < 10^w, zero-padded, at out.buf[o]; returns the next offset. */
function putPadded(b: Uint8Array, o: number, v: number, w: number): number {
  for (let k = o + w - 1; k >= o; k--) {
    const q = Math.floor(v / 10);
    b[k] = 48 + (v - q * 10);
    v = q;
  }
  return o + w;
}

function intBytes(data: Data, column: string | undefined, format: string): ValueBytes {
  const t = data.type as Int;
  if (t.bitWidth < 64) {
    const values = data.values as Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
    return (i, out) => appendSafeInt(out, values[i]!);
  }
  // 64-bit: read through the Int32 halves, no BigInt per value; beyond 2^53 the shared text.
  const halves = int32Halves(data.values as BigInt64Array | BigUint64Array);
  const text = valueText(data, column, format);
  const signed = t.isSigned;
  return (i, out) => {
    const lo = halves[2 * i]! >>> 0;
    const hi = signed ? halves[2 * i + 1]! : halves[2 * i + 1]! >>> 0;
    if (hi < 0x200000 && hi >= -0x200000) appendSafeInt(out, hi * 4294967296 + lo);
    else appendText(text(i), out);
  };
}

const TWO_53 = 9007199254740992;

function floatBytes(values: Float32Array | Float64Array): ValueBytes {
  return (i, out) => {
    const x = values[i]!;
    // An integral value below 2^53 is exact, so its shortest round-trip text is its digits.
    if (Number.isInteger(x) && x < TWO_53 && x > -TWO_53) appendSafeInt(out, x);
    else appendText(String(x), out);
  };
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];

function boolBytes(data: Data): ValueBytes {
  const bits = data.values as Uint8Array;
  const off = data.offset;
  return (i, out) => {
    const j = off + i;
    const w = (bits[j >> 3]! >> (j & 7)) & 1 ? TRUE : FALSE;
    out.reserve(5);
    const b = out.buf;
    let o = out.length;
    for (let k = 0; k < w.length; k++) b[o++] = w[k]!;
    out.length = o;
  };
}

/** YYYY-MM-DD of a day number for years 0..9999 at b[o]; -1 outside them (the caller falls back). */
function putDate(b: Uint8Array, o: number, days: number): number {
  const ymd = civilFromDays(days);
  const y = Math.floor(ymd / 10000);
  if (y < 0 || y > 9999) return -1;
  const md = ymd - y * 10000;
  const m = Math.floor(md / 100);
  const c = Math.floor(y / 100);
  o = put2(b, o, c);
  o = put2(b, o, y - c * 100);
  b[o++] = 45;
  o = put2(b, o, m);
  b[o++] = 45;
  return put2(b, o, md - m * 100);
}

function dateBytes(days: Int32Array, text: (i: number) => string): ValueBytes {
  return (i, out) => {
    out.reserve(10);
    const o = putDate(out.buf, out.length, days[i]!);
    if (o < 0) appendText(text(i), out);
    else out.length = o;
  };
}

function timestampBytes(data: Data, text: (i: number) => string): ValueBytes {
  const t = data.type as Timestamp;
  const digits = t.unit === TimeUnit.SECOND ? 0 : t.unit === TimeUnit.MILLISECOND ? 3 : t.unit === TimeUnit.MICROSECOND ? 6 : 9;
  const perSecond = 10 ** digits;
  const zone = t.timezone ? 1 : 0;
  const halves = int32Halves(data.values as BigInt64Array);
  return (i, out) => {
    const hi = halves[2 * i + 1]!;
    if (hi >= 0x200000 || hi <= -0x200000) {
      appendText(text(i), out);
      return;
    }
    // The same arithmetic as temporalText's splitSeconds for values within 2^53.
    const v = hi * 4294967296 + (halves[2 * i]! >>> 0);
    const s = Math.floor(v / perSecond);
    const frac = v - s * perSecond;
    const day = Math.floor(s / 86400);
    const sod = s - day * 86400;
    out.reserve(31);
    const b = out.buf;
    let o = putDate(b, out.length, day);
    if (o < 0) {
      appendText(text(i), out);
      return;
    }
    const h = Math.floor(sod / 3600);
    const mi = Math.floor((sod - h * 3600) / 60);
    b[o++] = 0x54; // T
    o = put2(b, o, h);
    b[o++] = 58;
    o = put2(b, o, mi);
    b[o++] = 58;
    o = put2(b, o, sod - h * 3600 - mi * 60);
    if (digits > 0) {
      b[o++] = 46;
      o = putPadded(b, o, frac, digits);
    }
    if (zone) b[o++] = 0x5a; // Z
    out.length = o;
  };
}

function decimalBytes(words: Uint32Array, t: Decimal): ValueBytes {
  const stride = Math.max(1, t.bitWidth / 32);
  const scale = t.scale;
  return (i, out) => appendDecimal(words, i, stride, scale, out);
}
