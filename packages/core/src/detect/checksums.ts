import { PROVINCE, USCC_VALUE } from './tables.js';

/** Validators over ASCII bytes `src[s, s+len)`; callers have already checked lengths and charsets. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** MOD 11-2 check char by remainder (reference §1); 88 = 'X'. */
const ID_CHECK = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50];
const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function d(src: Uint8Array, i: number): number {
  return src[i]! - 48;
}

/** A real calendar date; years 1800..2099. */
export function validDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  if (day > DAYS[month]!) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

/** Province code plus birth date of an 18-digit ID (the structure, without the check char). */
export function idStructure18(src: Uint8Array, s: number): boolean {
  if (PROVINCE[d(src, s) * 10 + d(src, s + 1)] === 0) return false;
  const y = d(src, s + 6) * 1000 + d(src, s + 7) * 100 + d(src, s + 8) * 10 + d(src, s + 9);
  const m = d(src, s + 10) * 10 + d(src, s + 11);
  const day = d(src, s + 12) * 10 + d(src, s + 13);
  return validDate(y, m, day);
}

/** The MOD 11-2 check char of an 18-char ID; accepts lower-case x. */
export function idCheck18(src: Uint8Array, s: number): boolean {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += d(src, s + k) * ID_WEIGHTS[k]!;
  const last = src[s + 17]! === 120 ? 88 : src[s + 17]!;
  return ID_CHECK[sum % 11] === last;
}

/**
 * The 2023 foreign permanent residence ID (外国人永久居留身份证, 18 digits): 9, the 2-digit province
 * that issued it, a 3-digit nationality code, the birth date YYYYMMDD and 3 digits at the same
 * places as a resident ID's, then the same MOD 11-2 check. Its first two digits are 9 and a
 * province (93, 94 …), which the resident ID's province test refuses (only 91 is in that list).
 */
export function foreignPrStructure18(src: Uint8Array, s: number): boolean {
  if (src[s] !== 57 || PROVINCE[d(src, s + 1) * 10 + d(src, s + 2)] === 0) return false;
  const y = d(src, s + 6) * 1000 + d(src, s + 7) * 100 + d(src, s + 8) * 10 + d(src, s + 9);
  const m = d(src, s + 10) * 10 + d(src, s + 11);
  const day = d(src, s + 12) * 10 + d(src, s + 13);
  return y >= 1900 && validDate(y, m, day);
}

/**
 * The 2004 foreign permanent residence ID (15 characters, `src[s, s+15)`): three upper-case
 * letters of the nationality (ISO 3166 alpha-3), the 2-digit province of issue, the birth date
 * YYMMDD and 4 digits. No check character: the province and the date keep codes out.
 */
export function foreignPr15Valid(src: Uint8Array, s: number): boolean {
  for (let k = 0; k < 3; k++) { const c = src[s + k]!; if (c < 65 || c > 90) return false; }
  for (let k = 3; k < 15; k++) { const c = src[s + k]!; if (c < 48 || c > 57) return false; }
  if (PROVINCE[d(src, s + 3) * 10 + d(src, s + 4)] === 0) return false;
  return validDate(1900 + d(src, s + 5) * 10 + d(src, s + 6), d(src, s + 7) * 10 + d(src, s + 8), d(src, s + 9) * 10 + d(src, s + 10));
}

/** 15-digit legacy ID: province and a valid 19YYMMDD date. */
export function id15Valid(src: Uint8Array, s: number): boolean {
  if (PROVINCE[d(src, s) * 10 + d(src, s + 1)] === 0) return false;
  const y = 1900 + d(src, s + 6) * 10 + d(src, s + 7);
  const m = d(src, s + 8) * 10 + d(src, s + 9);
  const day = d(src, s + 10) * 10 + d(src, s + 11);
  return validDate(y, m, day);
}

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** USCC charset, digits at 3-8 and the mod-31 check char (reference §3). */
export function usccValid(src: Uint8Array, s: number): boolean {
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const c = src[s + k]!;
    const v = c < 128 ? USCC_VALUE[c]! : -1;
    if (v < 0) return false;
    if (k >= 2 && k < 8 && v > 9) return false;
    sum += v * USCC_WEIGHTS[k]!;
  }
  const last = src[s + 17]!;
  const lv = last < 128 ? USCC_VALUE[last]! : -1;
  if (lv < 0) return false;
  let r = 31 - (sum % 31);
  if (r === 31) r = 0;
  return r === lv;
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** GB/T 11714 organization code check over 9 chars at `s` (chars 9-17 of a USCC). */
export function orgCodeValid(src: Uint8Array, s: number): boolean {
  let sum = 0;
  for (let k = 0; k < 8; k++) {
    const c = src[s + k]!;
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (v < 0) return false;
    sum += v * ORG_WEIGHTS[k]!;
  }
  const r = 11 - (sum % 11);
  const expect = r === 10 ? 88 : r === 11 ? 48 : 48 + r;
  return src[s + 8] === expect;
}

/** Luhn over `len` digits at `s`. */
export function luhnValid(src: Uint8Array, s: number, len: number): boolean {
  let sum = 0;
  let dbl = false;
  for (let k = s + len - 1; k >= s; k--) {
    let v = src[k]! - 48;
    if (dbl) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/**
 * An IMEI (15 digits at `s`): a type allocation code from the bodies that issue most (01, 35, 86 China,
 * 99) and the Luhn check digit. Other 15-digit numbers pass Luhn 1 time in 10: the prefix keeps
 * order numbers (2024…) and the like out.
 */
export function imeiValid(src: Uint8Array, s: number): boolean {
  const a = src[s]!, b = src[s + 1]!;
  const prefix = (a === 48 && b === 49) || (a === 51 && b === 53) || (a === 56 && b === 54) || (a === 57 && b === 57);
  return prefix && luhnValid(src, s, 15);
}

/** Luhn over the digits of `src[s, e)`, skipping separators (grouped card numbers). */
export function luhnDigits(digits: number[]): boolean {
  let sum = 0;
  let dbl = false;
  for (let k = digits.length - 1; k >= 0; k--) {
    let v = digits[k]!;
    if (dbl) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/**
 * Hong Kong ID: 1-2 letters, 6 digits, check [0-9A] (reference §8, hutool isValidCard10).
 * `letters` is 1 or 2; `check` is the byte of the check char.
 */
export function hkIdValid(src: Uint8Array, s: number, letters: number, check: number): boolean {
  let sum: number;
  let p = s;
  if (letters === 2) {
    sum = (src[p]! - 55) * 9 + (src[p + 1]! - 55) * 8;
    p += 2;
  } else {
    sum = 522 + (src[p]! - 55) * 8;
    p += 1;
  }
  for (let k = 0; k < 6; k++) sum += (src[p + k]! - 48) * (7 - k);
  const cv = check === 65 ? 10 : check - 48;
  sum += cv;
  return sum % 11 === 0;
}

/** Taiwan ID letter values (reference §8). */
const TW_LETTER = new Int8Array(128).fill(-1);
'ABCDEFGHJKLMNPQRSTUVXYWZIO'.split('').forEach((c, i) => { TW_LETTER[c.charCodeAt(0)] = 10 + i; });

/** Taiwan ID: letter, 1|2, 8 digits, weighted check. */
export function twIdValid(src: Uint8Array, s: number): boolean {
  const lv = TW_LETTER[src[s]! & 0xdf]!;
  if (lv < 0) return false;
  let sum = Math.floor(lv / 10) + (lv % 10) * 9;
  for (let k = 1; k <= 8; k++) sum += (src[s + k]! - 48) * (9 - k);
  const check = (10 - (sum % 10)) % 10;
  return check === src[s + 9]! - 48;
}

// ISO 3779 transliteration of VIN letters (I, O and Q are never used) and the position weights.
const VIN_VALUE = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) VIN_VALUE[c] = c - 48;
'ABCDEFGH'.split('').forEach((c, i) => { VIN_VALUE[c.charCodeAt(0)] = i + 1; });
'JKLMN'.split('').forEach((c, i) => { VIN_VALUE[c.charCodeAt(0)] = i + 1; });
VIN_VALUE[80] = 7; // P
VIN_VALUE[82] = 9; // R
'STUVWXYZ'.split('').forEach((c, i) => { VIN_VALUE[c.charCodeAt(0)] = i + 2; });
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

// A VIN typed in lower case (lfv3a23c7d3123456) is the same car's: its letters read as their capitals.
for (let c = 65; c <= 90; c++) if (VIN_VALUE[c]! >= 0) VIN_VALUE[c + 32] = VIN_VALUE[c]!;

/**
 * A 17-character vehicle identification number (GB 16735 / ISO 3779) at `s`: no I, O or Q, and the
 * check character in position 9 (0-9 or X) that China requires, and a letter past the second place. In lower case (a clerk's typing)
 * the last four characters must also be digits, as a maker's serial is, and no capital may stand beside them: a lower-case token of 17
 * (a user name, a base-36 key) has no other shape to tell it from a VIN, and 1 in 11 passes the check.
 */
export function vinValid(src: Uint8Array, s: number): boolean {
  let sum = 0;
  let lower = false;
  let upper = false;
  let laterLetter = false;
  for (let k = 0; k < 17; k++) {
    const b = src[s + k]!;
    const v = b < 128 ? VIN_VALUE[b]! : -1;
    if (v < 0) return false;
    if (b >= 97) lower = true;
    else if (b >= 65) upper = true;
    if (k >= 2 && b >= 65) laterLetter = true;
    sum += v * VIN_WEIGHTS[k]!;
  }
  // Letters in the first two places only (DD202403179930789) is an order number's prefix: a VIN's
  // maker code or its descriptor part (LSV, 1G1ZT…, 5YJ) has a letter past them.
  if (!laterLetter) return false;
  // Typed by a clerk, a VIN is in one case: capitals beside small letters (Topaealw5ybcmfvdp, this
  // tool's own pseudonyms, or a mixed-case key) are not a car's number.
  if (lower && upper) return false;
  if (lower) for (let k = 13; k < 17; k++) { const b = src[s + k]!; if (b < 48 || b > 57) return false; }
  const r = sum % 11;
  const check = src[s + 8]!;
  return r === 10 ? (check === 88 || check === 120) : check === 48 + r;
}
