import { daysInMonth } from '../../kernels/civil-date.js';

/** The fields of the last parsed date; one reused object so the parser allocates nothing. */
export interface ParsedDate {
  y: number;
  m: number;
  d: number;
  /** Seconds since midnight, or -1 when the value had no time part. */
  secs: number;
  /** Milliseconds within the second (fractional seconds, truncated to ms). */
  ms: number;
  /** Seconds east of UTC of a `+08:00` (or `+0800`, `+08`, `-05:00`) after the time; 0 without one. */
  offset: number;
  /** The time carried a zone: an offset or a trailing Z. */
  zoned: boolean;
}

export function newParsedDate(): ParsedDate {
  return { y: 0, m: 0, d: 0, secs: -1, ms: 0, offset: 0, zoned: false };
}

// UTF-8 of 年 月 日: E5 B9 B4, E6 9C 88, E6 97 A5.
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Parse a date, optionally followed by a time, from UTF-8 bytes. Accepted (surrounding spaces ignored):
 *   2024-08-13, 2024-8-13, 2024/8/13, 2024.8.13, 2024年8月13日 (日 optional), 20240813,
 *   each optionally followed by ' ' or 'T' and HH:mm, HH:mm:ss or HH:mm:ss.fff, then optionally a
 *   zone: Z, or an offset +08:00, +0800, +08, -05:00 (in `offset` and `zoned`; y-m-d and the time
 *   stay the wall clock as written: a caller that wants the instant subtracts the offset).
 * Returns false for anything else, including impossible dates (2023-02-29) and times (24:00).
 */
export function parseDateBytes(src: Uint8Array, start: number, end: number, out: ParsedDate): boolean {
  let i = start;
  while (i < end && src[i] === 32) i++;
  while (end > i && src[end - 1] === 32) end--;
  if (end - i < 8) return false;
  const c0 = src[i]!, c1 = src[i + 1]!, c2 = src[i + 2]!, c3 = src[i + 3]!;
  if (!isDigit(c0) || !isDigit(c1) || !isDigit(c2) || !isDigit(c3)) return false;
  const y = (c0 - 48) * 1000 + (c1 - 48) * 100 + (c2 - 48) * 10 + (c3 - 48);
  i += 4;
  let m = 0;
  let d = 0;
  const s = src[i]!;
  if (isDigit(s)) {
    // Compact YYYYMMDD: exactly two digits each.
    if (end - i < 4 || !isDigit(src[i + 1]!) || !isDigit(src[i + 2]!) || !isDigit(src[i + 3]!)) return false;
    m = (s - 48) * 10 + (src[i + 1]! - 48);
    d = (src[i + 2]! - 48) * 10 + (src[i + 3]! - 48);
    i += 4;
  } else {
    let cjk = false;
    if (s === 45 || s === 47 || s === 46) i++;
    else if (s === 0xe5 && src[i + 1] === 0xb9 && src[i + 2] === 0xb4) { cjk = true; i += 3; }
    else return false;
    if (i >= end || !isDigit(src[i]!)) return false;
    m = src[i++]! - 48;
    if (i < end && isDigit(src[i]!)) m = m * 10 + src[i++]! - 48;
    if (cjk) {
      if (src[i] !== 0xe6 || src[i + 1] !== 0x9c || src[i + 2] !== 0x88) return false;
      i += 3;
    } else {
      if (src[i] !== s) return false;
      i++;
    }
    if (i >= end || !isDigit(src[i]!)) return false;
    d = src[i++]! - 48;
    if (i < end && isDigit(src[i]!)) d = d * 10 + src[i++]! - 48;
    if (cjk && src[i] === 0xe6 && src[i + 1] === 0x97 && src[i + 2] === 0xa5) i += 3;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  out.y = y;
  out.m = m;
  out.d = d;
  out.secs = -1;
  out.ms = 0;
  out.offset = 0;
  out.zoned = false;
  if (i === end) return true;
  return parseTime(src, i, end, out);
}

function parseTime(src: Uint8Array, i: number, end: number, out: ParsedDate): boolean {
  const sep = src[i]!;
  if (sep !== 32 && sep !== 84) return false;
  i++;
  while (i < end && src[i] === 32) i++;
  if (end > i && src[end - 1] === 90) { end--; out.zoned = true; } // trailing Z
  else {
    // An offset after the time (exports of ISO-8601 with a zone, 2025-03-04T22:13:05+08:00): the
    // time itself has no sign, so the first + or - after the separator starts it.
    let k = i;
    while (k < end && src[k] !== 43 && src[k] !== 45) k++;
    if (k < end) {
      const off = parseOffset(src, k, end);
      if (Number.isNaN(off)) return false;
      out.offset = off;
      out.zoned = true;
      end = k;
    }
  }
  if (i >= end || !isDigit(src[i]!)) return false;
  let h = src[i++]! - 48;
  if (i < end && isDigit(src[i]!)) h = h * 10 + src[i++]! - 48;
  if (src[i] !== 58 || i + 2 >= end || !isDigit(src[i + 1]!) || !isDigit(src[i + 2]!)) return false;
  const mi = (src[i + 1]! - 48) * 10 + (src[i + 2]! - 48);
  i += 3;
  let sec = 0;
  let ms = 0;
  if (i < end) {
    if (src[i] !== 58 || i + 2 >= end || !isDigit(src[i + 1]!) || !isDigit(src[i + 2]!)) return false;
    sec = (src[i + 1]! - 48) * 10 + (src[i + 2]! - 48);
    i += 3;
    if (i < end) {
      if (src[i] !== 46 || i + 1 >= end) return false;
      i++;
      let scale = 100;
      while (i < end && isDigit(src[i]!)) {
        ms += (src[i++]! - 48) * scale;
        scale = (scale / 10) | 0;
      }
      if (i !== end) return false;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return false;
  out.secs = h * 3600 + mi * 60 + sec;
  out.ms = ms;
  return true;
}

/** Seconds east of UTC of ±HH, ±HHMM or ±HH:MM (at most ±18:00), or NaN. */
function parseOffset(src: Uint8Array, k: number, end: number): number {
  const sign = src[k] === 45 ? -1 : 1;
  const n = end - k - 1;
  const two = (at: number): number => (isDigit(src[at]!) && isDigit(src[at + 1]!) ? (src[at]! - 48) * 10 + (src[at + 1]! - 48) : NaN);
  const h = n >= 2 ? two(k + 1) : NaN;
  const m = n === 2 ? 0 : n === 4 ? two(k + 3) : n === 5 && src[k + 3] === 58 ? two(k + 4) : NaN;
  if (!(h <= 18 && m <= 59) || h * 60 + m > 18 * 60) return NaN;
  return sign * (h * 3600 + m * 60);
}
