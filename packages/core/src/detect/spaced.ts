import { ScanState, contextBefore, isAlnum } from './scan-state.js';
import { foreignPrStructure18, id15Valid, idCheck18, idStructure18, imeiValid, luhnValid } from './checksums.js';
import { idLabelBefore } from './numeric.js';
import { BANK_CONTEXT } from './tables.js';
import { T_BANK_CARD, T_CN_ID, T_CN_ID15, T_CN_MOBILE, T_PERSONAL_NUMBER } from './types.js';

/*
 * Identifiers spelled with separators or mixed characters: `3713 0219 8001 0112 34`,
 * `110105-1949-1231-002X`, `138.1234.5678`, `+86 1381 234 5678`, `３７０１０２19871210５０７Ｘ`,
 * digits split by a line break, a no-break or ideographic space, or an invisible character, and
 * the check character written `Ｘ`, `×` or Cyrillic `Х`. The byte scanner calls `spacedRun` at a
 * digit token followed by one of these joiner bytes (or at a full-width digit); it reads the run
 * of digit groups once, then tests the prefixes that end on a group boundary: 18 characters
 * (an ID, structure and MOD 11-2 checked), 15 digits that end the run (a first-generation ID
 * grouped 6-6-3 or 6-9, province and birth date YYMMDD checked), 11 digits (a mobile in a
 * telephone grouping, or digit by digit: 1 3 8 1 2 3 4 5 6 7 8), and the same after `+86`/`0086`;
 * 16-19 digits of a bank card grouped 4-4-4-4-x or led by its 6-digit issuer number (Luhn and
 * issuer checked). Plain ASCII runs without any of these stay with the token classifier.
 *
 * The readable grammar:
 *   run   := group (sep group)*          group := (digit | invisible)+ ['X'-like as the 18th char]
 *   digit := [0-9] | [０-９]            sep   := 1-3 of space - . NBSP U+3000 U+2002-U+200A
 *                                                U+2010-U+2015 U+FF0D U+00B7 (a double space,
 *                                                ' - ') | a line break
 */

/** Unit kinds returned by `unitAt` (low byte); the unit's byte length is in bits 8+. */
const K_OTHER = 0;
const K_DIGIT = 1;
const K_CHECK = 2;
const K_SEP = 3;
const K_BREAK = 4;
const K_INVIS = 5;

/** First bytes after a digit token that may continue a spelled identifier. */
export const JOINER = new Uint8Array(256);
for (const b of [0x20, 0x2d, 0x2e, 0x0a, 0x0d, 0xc2, 0xc3, 0xd0, 0xd1, 0xe2, 0xe3, 0xef]) JOINER[b] = 1;
// C0 control characters other than tab and line breaks, and DEL: invisible in a viewer, so a NUL
// inside an ID (a damaged export, 110105198\0…) still shows the ID to whoever opens the file.
for (let b = 0; b < 0x20; b++) if (b !== 0x09 && b !== 0x0a && b !== 0x0d) JOINER[b] = 1;
JOINER[0x7f] = 1;

/**
 * True when the digit token `src[s, e)` may start a spelled identifier: followed by a unit one
 * continues with, not starting with 0 (IDs start with a province, mobiles with 1) unless it is
 * the 0086 prefix, and, after an ASCII separator, followed by a group of at least three digits.
 * Cheap tests, so that dates (2024-09-19), amounts (4100.00), landlines (0543-3807583) and
 * `13812345678，` never enter spacedRun: the residual scan meets them in every row.
 */
export function maySpell(src: Uint8Array, s: number, e: number, ce: number): boolean {
  const b = src[e]!;
  if (JOINER[b] !== 1) return false;
  // 0 starts no ID or mobile; it does start 0086 and an IMEI's 01 (01-234567-…).
  if (src[s] === 48 && !(e - s === 4 && src[s + 1] === 48 && src[s + 2] === 56 && src[s + 3] === 54) && !(e - s === 2 && src[s + 1] === 49 && b === 0x2d)) return false;
  if (b === 0x20 || b === 0x2d || b === 0x2e) {
    // A mobile digit by digit (1 3 8 1 2 …): a 1, then a digit after the same separator.
    if (e - s === 1 && src[s] === 49 && e + 3 < ce && src[e + 1]! >= 48 && src[e + 1]! <= 57 && src[e + 2] === b) return true;
    let q = e + 1;
    // Cards copied with a double space or a spaced dash (6222  0212, 6222 - 0212).
    if (q + 1 < ce && (src[q] === 0x20 || src[q] === 0x2d) && src[q] !== b) q++;
    else if (q < ce && b === 0x20 && src[q] === 0x20) q++;
    if (q + 1 < ce && b === 0x20 && src[q - 1] === 0x2d && src[q] === 0x20) q++;
    const q0 = q;
    while (q < ce && q - q0 < 3 && src[q]! >= 48 && src[q]! <= 57) q++;
    return q - q0 >= 3;
  }
  return (unitAt(src, e, ce) & 255) !== K_OTHER;
}

/** Kind | length << 8 of the unit at `p`; the digit's ASCII value (or 'X') goes to `unitValue`. */
let unitValue = 0;
function unitAt(src: Uint8Array, p: number, ce: number): number {
  const b = src[p]!;
  if (b < 0x80) {
    if (b >= 48 && b <= 57) { unitValue = b; return K_DIGIT | 256; }
    if (b === 88 || b === 120) { unitValue = 88; return K_CHECK | 256; }
    if (b === 0x20 || b === 0x2d || b === 0x2e) { unitValue = b; return K_SEP | 256; }
    if (b === 0x0a) return K_BREAK | 256;
    if (b === 0x0d) return K_BREAK | (p + 1 < ce && src[p + 1] === 0x0a ? 512 : 256);
    if (JOINER[b] === 1) return K_INVIS | 256; // the control characters above
    return K_OTHER;
  }
  if (p + 1 >= ce) return K_OTHER;
  const b1 = src[p + 1]!;
  if (b === 0xc2) {
    if (b1 === 0xa0 || b1 === 0xb7) { unitValue = 0xc200 | b1; return K_SEP | 512; }
    if (b1 === 0xad) return K_INVIS | 512; // soft hyphen
    return K_OTHER;
  }
  if ((b === 0xc3 && b1 === 0x97) || (b === 0xd0 && b1 === 0xa5) || (b === 0xd1 && b1 === 0x85)) { unitValue = 88; return K_CHECK | 512; } // × Х х
  if (p + 2 >= ce) return K_OTHER;
  const b2 = src[p + 2]!;
  if (b === 0xef) {
    if (b1 === 0xbc) {
      if (b2 >= 0x90 && b2 <= 0x99) { unitValue = b2 - 0x60; return K_DIGIT | 768; }
      if (b2 === 0xb8) { unitValue = 88; return K_CHECK | 768; } // Ｘ
      if (b2 === 0x8d) { unitValue = 0xff0d; return K_SEP | 768; } // －
      return K_OTHER;
    }
    if (b1 === 0xbd && b2 === 0x98) { unitValue = 88; return K_CHECK | 768; } // ｘ
    if (b1 === 0xbb && b2 === 0xbf) return K_INVIS | 768; // BOM / zero-width no-break space
    return K_OTHER;
  }
  if (b === 0xe2) {
    if (b1 === 0x80) {
      if (b2 >= 0x8b && b2 <= 0x8d) return K_INVIS | 768; // zero-width space, non-joiner, joiner
      if ((b2 >= 0x82 && b2 <= 0x8a) || (b2 >= 0x90 && b2 <= 0x95) || b2 === 0xaf) { unitValue = 0x2000 | b2; return K_SEP | 768; }
      return K_OTHER;
    }
    if (b1 === 0x81 && b2 === 0xa0) return K_INVIS | 768; // word joiner
    // Ⅹ (U+2169, the Roman numeral ten): an IME's candidate list offers it for X (37010219800502369Ⅹ).
    if (b1 === 0x85 && b2 === 0xa9) { unitValue = 88; return K_CHECK | 768; }
    return K_OTHER;
  }
  if (b === 0xe3 && b1 === 0x80 && b2 === 0x80) { unitValue = 0x3000; return K_SEP | 768; }
  return K_OTHER;
}

const MAX_DIGITS = 20;
const MAX_GROUPS = 20;
/** The run being read: digit values, the byte end of each digit, group ends and separators. */
const digits = new Uint8Array(MAX_DIGITS);
const digitEnd = new Int32Array(MAX_DIGITS);
/** Digits before the end of group g (cumulative). */
const groupEnd = new Int32Array(MAX_GROUPS);
/** Separator identity before group g+1 (0 = a line break). */
const sepId = new Int32Array(MAX_GROUPS);

function mobileSegment(st: ScanState, at: number): boolean {
  return digits[at] === 49 && st.mobile[(digits[at + 1]! - 48) * 10 + (digits[at + 2]! - 48)] === 1;
}

/**
 * Groups g0..g1 (inclusive) form 11 digits in a telephone grouping: 3-4-4, 4-3-4, 3-8 or 11, all
 * visible separators the same; a line break may split the number anywhere (a wrapped cell).
 */
function mobileGrouping(g0: number, g1: number): boolean {
  // Digit by digit, as a phone is read out and typed back (1 3 8 1 2 3 4 5 6 7 8): one separator throughout.
  if (g1 - g0 === 10) {
    for (let g = g0; g < g1; g++) if (sepId[g] !== sepId[g0] || sepId[g] === 0) return false;
    return true;
  }
  let sizes = 0;
  let n = 0;
  let sep = -1;
  let cur = 0;
  let prev = g0 === 0 ? 0 : groupEnd[g0 - 1]!;
  for (let g = g0; g <= g1; g++) {
    cur += groupEnd[g]! - prev;
    prev = groupEnd[g]!;
    if (g < g1 && sepId[g] === 0) continue; // a line break joins the groups it splits
    if (g < g1) {
      if (sep === -1) sep = sepId[g]!;
      else if (sep !== sepId[g]) return false;
    }
    sizes = sizes * 16 + cur;
    n++;
    cur = 0;
    if (n > 3) return false;
  }
  return sizes === 11 || sizes === 0x344 || sizes === 0x434 || sizes === 0x38;
}

/**
 * The whole run is 15 digits in the grouping of a first-generation ID: 6-6-3 (region, birth date
 * YYMMDD, sequence), 6-9 or 15, all visible separators the same; a line break joins what it splits.
 * Other groupings of 15 digits (4-4-4-3, an order number) are no ID.
 */
function id15Grouping(groups: number): boolean {
  let sizes = 0;
  let n = 0;
  let sep = -1;
  let cur = 0;
  let prev = 0;
  for (let g = 0; g < groups; g++) {
    cur += groupEnd[g]! - prev;
    prev = groupEnd[g]!;
    if (g < groups - 1 && sepId[g] === 0) continue;
    if (g < groups - 1) {
      if (sep === -1) sep = sepId[g]!;
      else if (sep !== sepId[g]) return false;
    }
    sizes = sizes * 16 + cur;
    n++;
    cur = 0;
    if (n > 3) return false;
  }
  return sizes === 15 || sizes === 0x663 || sizes === 0x69;
}

/**
 * A spelled identifier starting at the digit at `s` (`cs` is the cell start, for the `+` of `+86`
 * and the ID labels). Returns the end of the emitted identifier (> 0); or -1, nothing found; or
 * `-(p + 2)`, nothing found and the run, which ends at byte p, holds fewer than 11 digits, so no
 * later token of it can start an identifier either (2024-09-19 is read once, not three times).
 */
export function spacedRun(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number): number {
  let n = 0;
  let groups = 0;
  let plain = true;
  let glued = false;
  let p = s;
  while (p < ce) {
    const u = unitAt(src, p, ce);
    const kind = u & 255;
    const len = u >> 8;
    if (kind === K_DIGIT) {
      if (n === MAX_DIGITS) return -1; // longer than any identifier here
      if (len !== 1) plain = false;
      digits[n] = unitValue;
      digitEnd[n++] = p + len;
      p += len;
      continue;
    }
    if (kind === K_CHECK) {
      if (n === 17) {
        if (len !== 1) plain = false;
        digits[n] = 88;
        digitEnd[n++] = p + len;
        p += len;
      }
      if (p < ce && isAlnum(src[p]!)) glued = true;
      break;
    }
    if (kind === K_INVIS) { plain = false; p += len; continue; }
    if (kind === K_SEP || kind === K_BREAK) {
      let sep = kind === K_BREAK ? 0 : unitValue;
      let q = p + len;
      let next = unitAt(src, q, ce);
      // Up to three separators in a row (a double space, ' - '), one separator of their own.
      if (kind === K_SEP && (next & 255) === K_SEP) {
        sep = sep * 65537 + unitValue;
        q += next >> 8;
        next = unitAt(src, q, ce);
        if ((next & 255) === K_SEP) { sep = sep * 65537 + unitValue; q += next >> 8; next = unitAt(src, q, ce); }
      }
      if ((next & 255) !== K_DIGIT || groups === MAX_GROUPS - 1) break;
      groupEnd[groups] = n;
      sepId[groups++] = sep;
      plain = false;
      p = q;
      continue;
    }
    if (src[p]! < 0x80 && isAlnum(src[p]!)) glued = true;
    break;
  }
  if (plain) return -1;
  if (n < 11) return -(p + 2);
  groupEnd[groups++] = n;

  // 18 characters ending on a group boundary: an ID (letters glued after it are allowed, the
  // check digit guards against chance matches).
  for (let g = 0; g < groups; g++) {
    if (groupEnd[g] !== 18) continue;
    if (idStructure18(digits, 0)) {
      if (idCheck18(digits, 0)) { st.emit(T_CN_ID, s, digitEnd[17]!, 0.95); return digitEnd[17]!; }
      if (idLabelBefore(src, cs, s)) { st.emit(T_CN_ID, s, digitEnd[17]!, 0.8); return digitEnd[17]!; }
    } else if (foreignPrStructure18(digits, 0) && idCheck18(digits, 0)) {
      // A 2023 foreign permanent residence ID (checksums.ts), spelled as an ID is.
      st.emit(T_CN_ID, s, digitEnd[17]!, 0.95);
      return digitEnd[17]!;
    }
    break;
  }
  if (digits[n - 1] === 88) return -1;
  // 15 digits ending the run, not glued to letters: a first-generation ID (province and birth date checked).
  if (n === 15 && !glued && id15Grouping(groups) && id15Valid(digits, 0)) {
    st.emit(T_CN_ID15, s, digitEnd[14]!, 0.85);
    return digitEnd[14]!;
  }
  // An IMEI as its label prints it (86-246841-767320-5: 2-6-6-1) or in any grouping, ending the run (checksums.ts).
  if (n === 15 && !glued && imeiValid(digits, 0)) {
    st.emit(T_PERSONAL_NUMBER, s, digitEnd[14]!, 0.8);
    return digitEnd[14]!;
  }
  // A mobile, after +86 / 0086 or alone, not glued to letters at its end.
  let g0 = 0;
  let base = 0;
  let from = s;
  if (groups > 1 && groupEnd[0] === 2 && digits[0] === 56 && digits[1] === 54 && s > cs && src[s - 1] === 43) { g0 = 1; base = 2; from = s - 1; }
  else if (groups > 1 && groupEnd[0] === 4 && digits[0] === 48 && digits[1] === 48 && digits[2] === 56 && digits[3] === 54) { g0 = 1; base = 4; }
  for (let g = g0; g < groups; g++) {
    const c = groupEnd[g]! - base;
    if (c < 11) continue;
    if (c > 11 || (g === groups - 1 && glued)) break;
    if (!mobileSegment(st, base) || !mobileGrouping(g0, g)) break;
    const end = digitEnd[base + 10]!;
    st.emit(T_CN_MOBILE, from, end, 0.9);
    return end;
  }
  return bankCardRun(st, src, cs, s, n, groups, glued);
}

/**
 * The whole run is a bank card: 16-19 digits, a UnionPay (62, 60, 65), Visa, Mastercard or old
 * domestic (95) issuer, Luhn right, grouped as cards are printed: 4-4-4-4 with a last group of 1-4
 * (6222  0212  3456  7890, 6222．0212．3456．7890, U+3000 between), or the 6-digit issuer number
 * first (622202 1234567890123, 622848 0012 3456 78901); one separator throughout. The single
 * ASCII space or dash in groups of four is numeric.ts groupedCard's as well, with the same result.
 * An 18-digit run shaped like an ID (province, birth date) is left to the ID readers and groupedCard.
 */
function bankCardRun(st: ScanState, src: Uint8Array, cs: number, s: number, n: number, groups: number, glued: boolean): number {
  if (n < 16 || n > 19 || glued || groups < 2) return -1;
  const a = digits[0]!, b = digits[1]!;
  if (!(a === 54 && (b === 50 || b === 48 || b === 53)) && !(a === 57 && b === 53) && !(n === 16 && (a === 52 || a === 53))) return -1;
  let prev = 0;
  for (let g = 0; g < groups; g++) {
    const size = groupEnd[g]! - prev;
    prev = groupEnd[g]!;
    if (g > 0 && sepId[g - 1] !== sepId[0]) return -1;
    if (g === 0 ? size !== 4 && size !== 6 : g < groups - 1 ? size !== 4 : size < 1 || (size > 4 && !(groups === 2 && groupEnd[0] === 6))) return -1;
  }
  if (n === 18 && idStructure18(digits, 0)) return -1;
  if (!luhnValid(digits, 0, n)) return -1;
  const end = digitEnd[n - 1]!;
  st.emit(T_BANK_CARD, s, end, contextBefore(src, cs, s, BANK_CONTEXT) ? 0.95 : 0.85);
  return end;
}
