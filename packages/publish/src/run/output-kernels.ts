import { Bool, DateDay, Decimal, Float64, Int64, TimestampMillisecond, Type, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import {
  conformanceTest, daysFromCivil, dictionaryToUtf8, newParsedDate, parseBooleanToken, parseDateBytes,
  parseIntBytes, utf8View, type DeclaredType,
} from '@tuomin/core/internal';

/** Decimal precision of every published decimal: the widest decimal128, so no scale overflows it. */
export const DECIMAL_PRECISION = 38;
const MS_PER_DAY = 86_400_000;

/** The Arrow type a declared type is published as (scale: the spec's `scale` of a number). */
export function outputType(declared: Exclude<DeclaredType, 'string'>, scale: number | undefined): DataType {
  switch (declared) {
    case 'integer': return new Int64();
    case 'number': return scale === undefined ? new Float64() : new Decimal(scale, DECIMAL_PRECISION, 128);
    case 'boolean': return new Bool();
    case 'date': return new DateDay();
    case 'datetime': return new TimestampMillisecond();
  }
}

/** The result of typing one chunk: the typed column, and the first value that did not fit. */
export interface TypedChunk {
  data: Data;
  invalid: number;
  /** Index in the chunk of the first invalid value, or -1. */
  firstInvalid: number;
}

/**
 * Writes value i (bytes src[s, e)) into the output at row i; false when the value does not fit
 * the type (it is then a null in the output and counted: the caller fails the run).
 */
type Put = (src: Uint8Array, s: number, e: number, i: number) => boolean;

interface Target {
  type: DataType;
  alloc(n: number): void;
  put: Put;
  data(n: number, validity: Uint8Array, nulls: number): Data;
}

/**
 * The kernel that types text chunks of one column, chosen once per column. A value is first held
 * to core's conformance test, the one definition the normative review applies (stats/conform.ts),
 * then parsed exactly: so a value the review accepted is typed, and anything else (beyond int64, a
 * datetime with a UTC offset, more digits than the scale) is counted, never rounded or guessed.
 */
export function textToType(declared: Exclude<DeclaredType, 'string'>, scale: number | undefined): (data: Data) => TypedChunk {
  const test = conformanceTest(declared)!;
  const target = targetOf(declared, scale);
  return (input) => {
    const data = input.typeId === Type.Dictionary ? dictionaryToUtf8(input) : input;
    const n = data.length;
    const validity = new Uint8Array(((n + 63) >> 6) << 3);
    target.alloc(n);
    if (data.typeId === Type.Null) return { data: target.data(n, validity, n), invalid: 0, firstInvalid: -1 };
    const v = utf8View(data);
    const src = v.values, off = v.offsets, bits = v.validity, bit0 = v.bitOffset;
    let nulls = 0, invalid = 0, firstInvalid = -1;
    for (let i = 0; i < n; i++) {
      if (bits !== null && ((bits[(bit0 + i) >> 3]! >> ((bit0 + i) & 7)) & 1) === 0) { nulls++; continue; }
      const s = off[i]!, e = off[i + 1]!;
      if (test(src, s, e) && target.put(src, s, e, i)) validity[i >> 3]! |= 1 << (i & 7);
      else {
        nulls++;
        if (invalid++ === 0) firstInvalid = i;
      }
    }
    return { data: target.data(n, validity, nulls), invalid, firstInvalid };
  };
}

function fixed(type: DataType, make: (n: number) => ArrayBufferView & ArrayLike<unknown>, put: (out: never, src: Uint8Array, s: number, e: number, i: number) => boolean): Target {
  let out = make(0);
  return {
    type,
    alloc(n) { out = make(n); },
    put: (src, s, e, i) => put(out as never, src, s, e, i),
    data: (n, validity, nulls) => makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never),
  };
}

function targetOf(declared: Exclude<DeclaredType, 'string'>, scale: number | undefined): Target {
  const type = outputType(declared, scale);
  switch (declared) {
    case 'integer': return fixed(type, (n) => new BigInt64Array(n), putInt64);
    case 'number': return scale === undefined ? fixed(type, (n) => new Float64Array(n), putFloat64) : fixed(type, (n) => new Uint32Array(4 * n), decimalPut(scale));
    case 'boolean': return fixed(type, (n) => new Uint8Array(((n + 63) >> 6) << 3), putBool);
    case 'date': return fixed(type, (n) => new Int32Array(n), datePut(false));
    case 'datetime': return fixed(type, (n) => new BigInt64Array(n), datePut(true));
  }
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Conforming integer text (/^[+-]?\d+$/): a double while exact, BigInt beyond, int64 range only. */
function putInt64(out: BigInt64Array, src: Uint8Array, s: number, e: number, i: number): boolean {
  const v = parseIntBytes(src, s, e);
  if (v === v) {
    out[i] = BigInt(v);
    return true;
  }
  const big = BigInt(ascii(src, s, e));
  if (big < INT64_MIN || big > INT64_MAX) return false;
  out[i] = big;
  return true;
}

/** Conforming number text (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/): JavaScript's Number, correctly rounded. */
function putFloat64(out: Float64Array, src: Uint8Array, s: number, e: number, i: number): boolean {
  if (shortDecimal(src, s, e)) {
    // Clinger's fast path: an integer of at most 15 digits and a power of ten up to 10^15 are
    // exact doubles, and one IEEE division of them is correctly rounded, as Number() would be.
    out[i] = short.sign * short.digits / POW10[short.fraction]!;
    return true;
  }
  const x = Number(ascii(src, s, e));
  if (!Number.isFinite(x)) return false;
  out[i] = x;
  return true;
}

function putBool(out: Uint8Array, src: Uint8Array, s: number, e: number, i: number): boolean {
  const b = parseBooleanToken(src, s, e);
  if (b === 1) out[i >> 3]! |= 1 << (i & 7);
  return b === b;
}

/**
 * Dates as days, datetimes as milliseconds since the epoch, without a zone (the text's wall
 * clock). A datetime with a UTC offset, or with digits below the millisecond, is refused: the
 * published value would not be the one the text says.
 */
function datePut(withTime: boolean): (out: Int32Array | BigInt64Array, src: Uint8Array, s: number, e: number, i: number) => boolean {
  const p = newParsedDate();
  return (out, src, s, e, i) => {
    if (!parseDateBytes(src, s, e, p)) return false;
    const days = daysFromCivil(p.y, p.m, p.d);
    if (!withTime) {
      (out as Int32Array)[i] = days;
      return true;
    }
    if (p.zoned || finerThanMs(src, s, e)) return false;
    (out as BigInt64Array)[i] = BigInt(days * MS_PER_DAY + (p.secs < 0 ? 0 : p.secs * 1000 + p.ms));
    return true;
  };
}

/** A fraction of a second with a non-zero digit after the third. */
function finerThanMs(src: Uint8Array, s: number, e: number): boolean {
  let k = s;
  while (k < e && src[k] !== 0x2e) k++;
  for (k += 4; k < e; k++) if (src[k] !== 0x30) return true;
  return false;
}

/**
 * Conforming number text to the unscaled integer of decimal(38, scale), as four little-endian
 * 32-bit words (two's complement). More fraction digits than the scale, unless they are zeros,
 * and values of 38 digits or more are refused: a published decimal is never rounded.
 * 1400.5 at scale 2 → 140050; -0.05 → -5; 1.5e3 → 150000.
 */
function decimalPut(scale: number): (out: Uint32Array, src: Uint8Array, s: number, e: number, i: number) => boolean {
  const limit = 10n ** BigInt(DECIMAL_PRECISION);
  return (out, src, s, e, i) => {
    // Common case, no BigInt and no string: at most 15 digits and no exponent.
    if (shortDecimal(src, s, e)) {
      const shift = scale - short.fraction;
      if (shift >= 0) {
        if (short.count + shift <= 15) return writeSafe(out, i, short.sign * short.digits * POW10[shift]!);
      } else {
        const p = POW10[-shift]!;
        if (short.digits % p !== 0) return false;
        return writeSafe(out, i, short.sign * (short.digits / p));
      }
    }
    let k = s;
    let negative = false;
    if (src[k] === 0x2d) { negative = true; k++; } else if (src[k] === 0x2b) k++;
    let digits = '';
    let point = -1;
    let exponent = 0;
    for (; k < e; k++) {
      const c = src[k]!;
      if (c === 0x2e) point = digits.length;
      else if (c === 0x65 || c === 0x45) { exponent = Number(ascii(src, k + 1, e)); break; }
      else digits += String.fromCharCode(c);
    }
    // value = digits × 10^(exponent − fraction digits); unscaled = value × 10^scale.
    const shift = exponent - (point < 0 ? 0 : digits.length - point) + scale;
    if (shift < 0) {
      const cut = Math.max(0, digits.length + shift);
      if (/[1-9]/.test(digits.slice(cut))) return false;
      digits = digits.slice(0, cut);
    } else if (shift > 0) {
      if (shift > DECIMAL_PRECISION + 1) return /^0*$/.test(digits) && writeWords(out, i, 0n);
      digits += '0'.repeat(shift);
    }
    // Common case: an exact double (15 digits or fewer), no BigInt.
    if (digits.length <= 15) return writeSafe(out, i, negative ? -Number(digits) : Number(digits));
    let unscaled = BigInt(digits);
    if (unscaled >= limit) return false;
    if (negative) unscaled = -unscaled;
    return writeWords(out, i, unscaled);
  };
}

function writeSafe(out: Uint32Array, i: number, v: number): boolean {
  const hi = Math.floor(v / 4294967296);
  out[4 * i] = v - hi * 4294967296;
  out[4 * i + 1] = hi >>> 0;
  const ext = hi < 0 ? 0xffffffff : 0;
  out[4 * i + 2] = ext;
  out[4 * i + 3] = ext;
  return true;
}

function writeWords(out: Uint32Array, i: number, v: bigint): boolean {
  const u = BigInt.asUintN(128, v);
  out[4 * i] = Number(u & 0xffffffffn);
  out[4 * i + 1] = Number((u >> 32n) & 0xffffffffn);
  out[4 * i + 2] = Number((u >> 64n) & 0xffffffffn);
  out[4 * i + 3] = Number(u >> 96n);
  return true;
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The last short decimal read by shortDecimal: sign, the digits as an integer, how many, and how many after the point. */
const short = { sign: 1, digits: 0, count: 0, fraction: 0 };

/**
 * Reads conforming number text of at most 15 digits and no exponent into `short` (exact in a
 * double); false for anything else, which then takes the exact slow path.
 */
function shortDecimal(src: Uint8Array, s: number, e: number): boolean {
  let k = s;
  let sign = 1;
  if (src[k] === 0x2d) { sign = -1; k++; } else if (src[k] === 0x2b) k++;
  let v = 0, count = 0, fraction = 0, point = false;
  for (; k < e; k++) {
    const c = src[k]!;
    if (c === 0x2e) { point = true; continue; }
    if (c < 0x30 || c > 0x39 || ++count > 15) return false;
    v = v * 10 + (c - 0x30);
    if (point) fraction++;
  }
  short.sign = sign;
  short.digits = v;
  short.count = count;
  short.fraction = fraction;
  return true;
}

/** ASCII bytes as a string (conforming numbers are ASCII). */
function ascii(src: Uint8Array, s: number, e: number): string {
  let t = '';
  for (let k = s; k < e; k++) t += String.fromCharCode(src[k]!);
  return t;
}
