import { isAlnum, type ScanState } from './scan-state.js';
import { T_PERSONAL_NUMBER } from './types.js';

/*
 * A phone number in the international form with a country code other than China's own:
 * +852 9123 4567 (Hong Kong), +853 6612 3456 (Macau), +886 912 345 678 (Taiwan), +1 415 555 0123,
 * +44 (0)20 7946 0958: the residents of Hong Kong, Macau and Taiwan and foreigners in an agency's
 * records give their phones so. +86 is read elsewhere (spaced.ts, numeric.ts, landline-mixed.ts).
 * Reported as personal_number (a person's number; no type of its own yet, as IMEI and MAC).
 *
 * Grammar, read at a '+' that no letter or digit precedes:
 *   [(] + cc [)] [sep] [(0) [sep]] group (sep group)*      sep := one space, '-' or '.'
 * 9 to 15 digits in all (E.164 allows 15), the first not 0, no letter or digit after. A number
 * with no separator at all is read only after +852 / +853 (8 digits) or +886 (9): a signed
 * integer (+12345678901 in a spreadsheet cell) has no other shape to tell it from a phone.
 */

const MIN_DIGITS = 9;
const MAX_DIGITS = 15;

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 48 && b <= 57;
}
function isSep(b: number | undefined): boolean {
  return b === 32 || b === 45 || b === 46;
}

/** The phone starting at the '+' at `p`; emits it and returns its end, or -1. */
export function intlPhone(st: ScanState, src: Uint8Array, cs: number, ce: number, p: number): number {
  if (p > cs && isAlnum(src[p - 1]!)) return -1;
  // +86 is China's: its mobiles and landlines have readers of their own.
  if (src[p + 1] === 56 && src[p + 2] === 54) return -1;
  let q = p + 1;
  if (!isDigit(src[q]) || src[q] === 48 || q >= ce) return -1;
  let digits = 0;
  let seps = 0;
  let dots = 0;
  let bracket = false;
  const head = q;
  while (q < ce) {
    const b = src[q]!;
    if (isDigit(b)) { digits++; q++; continue; }
    // (0): the trunk 0 a caller inside the country dials, shown in brackets (+44 (0)20 …).
    // (+852) 9123 4567: the country code in brackets.
    if (b === 41 && p > cs && src[p - 1] === 40 && seps === 0 && digits <= 3) { q++; if (q < ce && src[q] === 32) q++; seps++; bracket = true; continue; }
    if (b === 32 && q + 3 < ce && src[q + 1] === 40 && src[q + 2] === 48 && src[q + 3] === 41 && digits <= 3) { q++; continue; }
    if (b === 40 && q + 2 < ce && src[q + 1] === 48 && src[q + 2] === 41 && seps <= 1 && digits <= 3) { q += 3; if (q < ce && src[q] === 32) q++; seps++; continue; }
    if (isSep(b) && q + 1 < ce && isDigit(src[q + 1]) && digits > 0) { seps++; if (b === 46) dots++; q++; continue; }
    break;
  }
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return -1;
  if (q < ce && isAlnum(src[q]!)) return -1;
  // Dots only as the one separator of 3+ groups (+1.415.555.0123): +3.14159265358 is a decimal.
  if (dots > 0 && (dots !== seps || seps < 2)) return -1;
  if (seps === 0 && !unbrokenKnown(src, head, digits)) return -1;
  st.emit(T_PERSONAL_NUMBER, bracket ? p - 1 : p, q, 0.8);
  return q;
}

/** An unbroken number after +852 / +853 (8 digits) or +886 (9 digits). */
function unbrokenKnown(src: Uint8Array, h: number, digits: number): boolean {
  const cc = (src[h]! - 48) * 100 + (src[h + 1]! - 48) * 10 + (src[h + 2]! - 48);
  return ((cc === 852 || cc === 853) && digits === 11) || (cc === 886 && digits === 12);
}
