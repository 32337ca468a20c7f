import { parseBooleanToken } from '@tuomin/core';
import { daysFromCivil, daysInMonth } from './days.js';

/*
 * Byte-level parsers for type inference and casting. Each reads src[s, e) (UTF-8) and returns the
 * parsed number, or NaN when the text is not of that kind. No string is created on the hot path.
 */

const D0 = 0x30;
const D9 = 0x39;

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9;
}

/**
 * Integer: optional sign, 1 to 15 digits, no leading zero ("007" is a code, not a number; more
 * than 15 digits is an identifier such as a resident ID, and would also lose precision).
 */
export function parseInteger(src: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (src[i] === 0x2d || src[i] === 0x2b)) { neg = src[i] === 0x2d; i++; }
  const n = e - i;
  if (n < 1 || n > 15) return NaN;
  if (n > 1 && src[i] === D0) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const c = src[i]!;
    if (!isDigit(c)) return NaN;
    v = v * 10 + (c - D0);
  }
  return neg ? -v : v;
}

const latin1 = new TextDecoder('latin1');

/** Decimal: optional sign, integer part (no leading zeros), optional fraction, at most 17 digits. */
export function parseDecimal(src: Uint8Array, s: number, e: number): number {
  let i = s;
  if (i < e && (src[i] === 0x2d || src[i] === 0x2b)) i++;
  const intStart = i;
  while (i < e && isDigit(src[i]!)) i++;
  const intLen = i - intStart;
  if (intLen === 0 || (intLen > 1 && src[intStart] === D0)) return NaN;
  let fracLen = 0;
  if (i < e && src[i] === 0x2e) {
    i++;
    const f = i;
    while (i < e && isDigit(src[i]!)) i++;
    fracLen = i - f;
    if (fracLen === 0) return NaN;
  }
  if (i !== e || intLen + fracLen > 17) return NaN;
  // Digits only from here: Number() of the ASCII text gives the correctly rounded double.
  return Number(latin1.decode(src.subarray(s, e)));
}

/**
 * A boolean token (true/false, y/n, 1/0 in any letter case, 是/否): 1, 0 or NaN. The one
 * definition in core (stats/conform.ts) that the review and `cast` use too.
 */
export const parseBoolean: (src: Uint8Array, s: number, e: number) => number = parseBooleanToken;

// 年 月 日 in UTF-8.
const NIAN = [0xe5, 0xb9, 0xb4];
const YUE = [0xe6, 0x9c, 0x88];
const RI = [0xe6, 0x97, 0xa5];

function matchBytes(src: Uint8Array, i: number, e: number, m: number[]): boolean {
  return i + 3 <= e && src[i] === m[0] && src[i + 1] === m[1] && src[i + 2] === m[2];
}

/**
 * Where a date ends, with its day count: 2024-08-13, 2024/8/13, 2024年8月13日. Month and day take
 * one or two digits; the date must exist. Returns the end index, or -1; the days go to `out[0]`.
 */
export function scanDate(src: Uint8Array, s: number, e: number, out: Float64Array): number {
  let i = s;
  if (e - s < 8) return -1;
  for (let k = 0; k < 4; k++) if (!isDigit(src[s + k]!)) return -1;
  const y = (src[s]! - D0) * 1000 + (src[s + 1]! - D0) * 100 + (src[s + 2]! - D0) * 10 + (src[s + 3]! - D0);
  i = s + 4;
  let style: number; // 0 '-', 1 '/', 2 年月日
  if (src[i] === 0x2d) { style = 0; i++; }
  else if (src[i] === 0x2f) { style = 1; i++; }
  else if (matchBytes(src, i, e, NIAN)) { style = 2; i += 3; }
  else return -1;
  let m = 0;
  const ms = i;
  while (i < e && isDigit(src[i]!) && i - ms < 2) m = m * 10 + (src[i++]! - D0);
  if (i === ms) return -1;
  if (style === 0 ? src[i] !== 0x2d : style === 1 ? src[i] !== 0x2f : !matchBytes(src, i, e, YUE)) return -1;
  i += style === 2 ? 3 : 1;
  let d = 0;
  const ds = i;
  while (i < e && isDigit(src[i]!) && i - ds < 2) d = d * 10 + (src[i++]! - D0);
  if (i === ds) return -1;
  if (style === 2) {
    if (!matchBytes(src, i, e, RI)) return -1;
    i += 3;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  out[0] = daysFromCivil(y, m, d);
  return i;
}

const scratch = new Float64Array(1);

/** A whole value that is a date in one of the separated forms; days since the epoch or NaN. */
export function parseDate(src: Uint8Array, s: number, e: number): number {
  return scanDate(src, s, e, scratch) === e ? scratch[0]! : NaN;
}

/** 20240813: eight digits forming an existing date between 1900 and 2099. */
export function parseCompactDate(src: Uint8Array, s: number, e: number): number {
  if (e - s !== 8) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (!isDigit(c)) return NaN;
    v = v * 10 + (c - D0);
  }
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/**
 * A date, then 'T' or spaces, then H:MM[:SS[.fraction]], then optionally 'Z'. Milliseconds since
 * the epoch, read as UTC (no time zone conversion), or NaN.
 */
export function parseTimestamp(src: Uint8Array, s: number, e: number): number {
  let i = scanDate(src, s, e, scratch);
  if (i < 0 || i >= e) return NaN;
  const days = scratch[0]!;
  if (src[i] === 0x54) i++;
  else {
    if (src[i] !== 0x20) return NaN;
    while (i < e && src[i] === 0x20) i++;
  }
  let h = 0;
  const hs = i;
  while (i < e && isDigit(src[i]!) && i - hs < 2) h = h * 10 + (src[i++]! - D0);
  if (i === hs || h > 23 || src[i] !== 0x3a) return NaN;
  i++;
  if (i + 2 > e || !isDigit(src[i]!) || !isDigit(src[i + 1]!)) return NaN;
  const mi = (src[i]! - D0) * 10 + (src[i + 1]! - D0);
  i += 2;
  let sec = 0;
  let ms = 0;
  if (i < e && src[i] === 0x3a) {
    i++;
    if (i + 2 > e || !isDigit(src[i]!) || !isDigit(src[i + 1]!)) return NaN;
    sec = (src[i]! - D0) * 10 + (src[i + 1]! - D0);
    i += 2;
    if (i < e && src[i] === 0x2e) {
      i++;
      const fs = i;
      let scale = 100;
      while (i < e && isDigit(src[i]!)) {
        ms += (src[i]! - D0) * scale;
        scale /= 10;
        i++;
      }
      if (i === fs || i - fs > 9) return NaN;
      ms = Math.floor(ms);
    }
  }
  if (i < e && src[i] === 0x5a) i++;
  if (i !== e || mi > 59 || sec > 60) return NaN;
  return days * 86400000 + h * 3600000 + mi * 60000 + sec * 1000 + ms;
}
