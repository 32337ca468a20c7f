/**
 * The one definition of "a text value conforms to its declared type", read from UTF-8 bytes
 * src[s, e) without creating a string. The review's statistics (packages/publish), normalize's
 * `cast` and io's type inference all call these, so a value the review accepts as a boolean is
 * one `cast` turns into a boolean and inference counts as one (they used to disagree: the review
 * took `1`/`0` but not `是`, cast took `是` but not `tRuE`, inference took neither digits nor `是`).
 * Full-width digits (２３) are read as digits by inference and every cast (kernels/full-width.ts,
 * one fold), but a text value kept as it is conforms only in ASCII: a published `２３` under
 * `type: integer` is no integer to the reader of the file, so the review refuses it (cell/type)
 * and its hint's cast rule is what turns it into 23.
 */

import { daysInMonth } from '../kernels/civil-date.js';

/** The declared types of a published column (spec `columns.<name>.type`). */
export type DeclaredType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

/** A test of one value's bytes. */
export type ValueTest = (src: Uint8Array, s: number, e: number) => boolean;

const D0 = 0x30;
const D9 = 0x39;
// 是 and 否 in UTF-8.
const SHI = [0xe6, 0x98, 0xaf];
const FOU = [0xe5, 0x90, 0xa6];

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/**
 * A boolean token: 1 for true, 0 for false, NaN otherwise. Accepted, ASCII letters in any case:
 * `true` `false`, `y` `n`, `1` `0`, and `是` `否`. No surrounding spaces (trim first).
 */
export function parseBooleanToken(src: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 1) {
    const c = lower(src[s]!);
    if (c === 0x31 || c === 0x79) return 1; // 1 y
    if (c === 0x30 || c === 0x6e) return 0; // 0 n
    return NaN;
  }
  if (n === 3) {
    if (src[s] === SHI[0] && src[s + 1] === SHI[1] && src[s + 2] === SHI[2]) return 1;
    if (src[s] === FOU[0] && src[s + 1] === FOU[1] && src[s + 2] === FOU[2]) return 0;
    return NaN;
  }
  if (n === 4 && lower(src[s]!) === 0x74 && lower(src[s + 1]!) === 0x72 && lower(src[s + 2]!) === 0x75 && lower(src[s + 3]!) === 0x65) return 1;
  if (n === 5 && lower(src[s]!) === 0x66 && lower(src[s + 1]!) === 0x61 && lower(src[s + 2]!) === 0x6c && lower(src[s + 3]!) === 0x73 && lower(src[s + 4]!) === 0x65) return 0;
  return NaN;
}

/** The tokens `parseBooleanToken` accepts, in one spelling each (docs and tests list them from here). */
export const BOOLEAN_TOKEN_SPELLINGS: Readonly<Record<string, boolean>> = { true: true, false: false, y: true, n: false, '1': true, '0': false, 是: true, 否: false };

function digits(src: Uint8Array, i: number, e: number): number {
  const s = i;
  while (i < e && src[i]! >= D0 && src[i]! <= D9) i++;
  return i - s;
}

/** /^[+-]?\d+$/ */
export function isIntegerText(src: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (i < e && (src[i] === 0x2b || src[i] === 0x2d)) i++;
  const d = digits(src, i, e);
  return d > 0 && i + d === e;
}

/** /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/ */
export function isNumberText(src: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (i < e && (src[i] === 0x2b || src[i] === 0x2d)) i++;
  const whole = digits(src, i, e);
  i += whole;
  let frac = 0;
  if (i < e && src[i] === 0x2e) {
    i++;
    frac = digits(src, i, e);
    i += frac;
  }
  if (whole === 0 && frac === 0) return false;
  if (i < e && (src[i] === 0x65 || src[i] === 0x45)) {
    i++;
    if (i < e && (src[i] === 0x2b || src[i] === 0x2d)) i++;
    const x = digits(src, i, e);
    if (x === 0) return false;
    i += x;
  }
  return i === e;
}

function two(src: Uint8Array, i: number): number {
  const a = src[i]! - D0, b = src[i + 1]! - D0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** YYYY-MM-DD at src[s..s+10), a day that exists in the calendar. */
function isoDateAt(src: Uint8Array, s: number): boolean {
  const y1 = two(src, s), y2 = two(src, s + 2);
  if (y1 < 0 || y2 < 0 || src[s + 4] !== 0x2d || src[s + 7] !== 0x2d) return false;
  const m = two(src, s + 5), d = two(src, s + 8);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y1 * 100 + y2, m);
}

/** An ISO 8601 calendar date, YYYY-MM-DD, that exists (2024-02-30 does not). */
export function isDateText(src: Uint8Array, s: number, e: number): boolean {
  return e - s === 10 && isoDateAt(src, s);
}

/** YYYY-MM-DD, `T` or a space, HH:MM, optional :SS and fraction, optional Z or ±HH[:]MM. */
export function isDateTimeText(src: Uint8Array, s: number, e: number): boolean {
  if (e - s < 16 || !isoDateAt(src, s) || (src[s + 10] !== 0x54 && src[s + 10] !== 0x20)) return false;
  const h = two(src, s + 11), mi = two(src, s + 14);
  if (h < 0 || h > 23 || src[s + 13] !== 0x3a || mi < 0 || mi > 59) return false;
  let i = s + 16;
  if (i < e && src[i] === 0x3a) {
    if (i + 3 > e) return false;
    const sec = two(src, i + 1);
    if (sec < 0 || sec > 59) return false;
    i += 3;
    if (i < e && src[i] === 0x2e) {
      const f = digits(src, i + 1, e);
      if (f === 0) return false;
      i += 1 + f;
    }
  }
  if (i === e) return true;
  if (src[i] === 0x5a) return i + 1 === e;
  if (src[i] !== 0x2b && src[i] !== 0x2d) return false;
  i++;
  if (i + 2 > e || two(src, i) < 0) return false;
  i += 2;
  if (i < e && src[i] === 0x3a) i++;
  return i + 2 === e && two(src, i) >= 0;
}

function isBooleanText(src: Uint8Array, s: number, e: number): boolean {
  return parseBooleanToken(src, s, e) === parseBooleanToken(src, s, e); // not NaN
}

/** The conformance test of a declared type; null for `string` (every text conforms). */
export function conformanceTest(type: DeclaredType): ValueTest | null {
  switch (type) {
    case 'string': return null;
    case 'integer': return isIntegerText;
    case 'number': return isNumberText;
    case 'boolean': return isBooleanText;
    case 'date': return isDateText;
    case 'datetime': return isDateTimeText;
  }
}
