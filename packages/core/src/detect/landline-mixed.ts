import type { ScanState } from './scan-state.js';
import { T_CN_LANDLINE } from './types.js';

/*
 * A landline typed with a mix of keyboards, or with its local number in two groups:
 * ０２１-6234５678, (0755)８６１２3456, 010－8888 6666, 0571 8765 4321, （０２０）3812‐3456. An IME
 * switches between full-width and ASCII digits mid-number, and offices print the local number as
 * 4+4. The ASCII scan (numeric.ts) and the full-width run (scanner.ts) each read one alphabet and
 * an unbroken local number; this reads both, and is tried only where they found nothing.
 *
 * Grammar, digits ASCII or full-width (０-９):
 *   [ ( or （ ]  area  [ ) or ） ] sep{0,2}  local
 *   area  = 010 | 02x | 0[3-9]xx      (the national plan: 2- and 3-digit codes after the 0)
 *   local = 7-8 digits, the first 2-9, in one group or two (3-4 then 4) split by one separator
 *   sep   = space, U+3000, - － ‐ ‑ – —
 * and no digit or letter right after. Area codes cannot start 00 or 01x other than 010, so an
 * amount (0.5), a date (2024-03-05) or a count never starts one.
 */

/** Value (0-9) and byte width of the digit at `p` (ASCII 1, full-width 3); width 0 when none. */
let digitWidth = 0;
function digitAt(src: Uint8Array, p: number, ce: number): number {
  const b = src[p]!;
  if (p < ce && b >= 48 && b <= 57) { digitWidth = 1; return b - 48; }
  if (p + 2 < ce && b === 0xef && src[p + 1] === 0xbc && src[p + 2]! >= 0x90 && src[p + 2]! <= 0x99) { digitWidth = 3; return src[p + 2]! - 0x90; }
  digitWidth = 0;
  return -1;
}

/** Byte width of a separator at `p` (space, U+3000, a hyphen or dash of any width), else 0. */
function sepAt(src: Uint8Array, p: number, ce: number): number {
  const b = src[p]!;
  if (p >= ce) return 0;
  if (b === 0x20 || b === 0x2d) return 1;
  if (p + 2 >= ce) return 0;
  if (b === 0xef && src[p + 1] === 0xbc && src[p + 2] === 0x8d) return 3; // －
  if (b === 0xe3 && src[p + 1] === 0x80 && src[p + 2] === 0x80) return 3; // U+3000
  if (b === 0xe2 && src[p + 1] === 0x80 && src[p + 2]! >= 0x90 && src[p + 2]! <= 0x94) return 3; // ‐ ‑ ‒ – —
  return 0;
}

/** Width of a closing bracket at `p`: ) 1, ） 3, else 0. */
function closeAt(src: Uint8Array, p: number, ce: number): number {
  if (src[p] === 0x29) return 1;
  return p + 2 < ce && src[p] === 0xef && src[p + 1] === 0xbc && src[p + 2] === 0x89 ? 3 : 0;
}

/** Width of an opening bracket ending at `p`: ( 1, （ 3, else 0. */
function openBefore(src: Uint8Array, cs: number, p: number): number {
  if (p > cs && src[p - 1] === 0x28) return 1;
  return p - 3 >= cs && src[p - 3] === 0xef && src[p - 2] === 0xbc && src[p - 1] === 0x88 ? 3 : 0;
}

/** Reads up to `max` + 1 digits from `p` (one more shows the run is too long): count in `runDigits`, the first in `runFirst`; returns the end. */
let runDigits = 0;
let runFirst = -1;
function digitRun(src: Uint8Array, p: number, ce: number, max: number): number {
  runDigits = 0;
  runFirst = -1;
  while (runDigits <= max) {
    const d = digitAt(src, p, ce);
    if (d < 0) break;
    if (runDigits === 0) runFirst = d;
    runDigits++;
    p += digitWidth;
  }
  return p;
}

/**
 * A landline whose area code starts at `s` (a digit, ASCII or full-width). Emits it and returns
 * its end, or -1 when the text there is no such number.
 */
export function mixedLandline(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number): number {
  if (digitAt(src, s, ce) !== 0) return -1;
  // The digit before must not be one (the area code starts a number).
  if (s > cs && (isAsciiAlnum(src[s - 1]!) || (s - 3 >= cs && digitAt(src, s - 3, ce) >= 0 && digitWidth === 3))) return -1;
  let p = digitRun(src, s, ce, 4);
  const area = runDigits;
  if (area !== 3 && area !== 4) return -1;
  const w0 = widthOf(src, s, ce);
  const d1 = digitAt(src, s + w0, ce);
  const d2 = digitAt(src, s + w0 + digitWidth, ce);
  if (area === 3 ? !(d1 === 1 && d2 === 0) && d1 !== 2 : d1 < 3) return -1;
  const open = openBefore(src, cs, s);
  let seps = 0;
  const close = closeAt(src, p, ce);
  if (close > 0) { if (open === 0) return -1; p += close; }
  else if (open > 0) return -1;
  for (let w = sepAt(src, p, ce); w > 0 && seps < 2; w = sepAt(src, p, ce)) { p += w; seps++; }
  if (close === 0 && seps === 0) return -1;
  const q = localEnd(src, p, ce);
  if (q < 0) return -1;
  st.emit(T_CN_LANDLINE, s - open, q, localSplit || close === 0 ? 0.7 : 0.85);
  return q;
}

/** Set by localEnd: the local number was in two groups. */
let localSplit = false;

/**
 * End of a local number at `p`: one group of 7-8 digits, or 3-4 then 4, the first digit 2-9, no
 * digit or letter after it; -1 when none.
 */
function localEnd(src: Uint8Array, p: number, ce: number): number {
  let q = digitRun(src, p, ce, 8);
  if (runFirst < 2) return -1;
  let local = runDigits;
  const first = runDigits;
  localSplit = false;
  if (local === 3 || local === 4) {
    const w = sepAt(src, q, ce);
    if (w === 0) return -1;
    const r = digitRun(src, q + w, ce, 4);
    if (runDigits !== 4) return -1;
    q = r;
    local = first + 4;
    localSplit = true;
  }
  if (local < 7 || local > 8) return -1;
  if (q < ce && (isAsciiAlnum(src[q]!) || digitAt(src, q, ce) >= 0)) return -1;
  // After a split local number a separator and a digit go on a longer run (an account, a card).
  if (localSplit && sepAt(src, q, ce) > 0 && digitAt(src, q + sepAt(src, q, ce), ce) >= 0) return -1;
  return q;
}

/**
 * A landline in the international form, as an English or bilingual record writes it:
 * +86 10 6234 5678, +86-543-3162345, (+86) 21 6234-5678, 0086 755 86123456, +86 (0)543 3162345.
 * `src[s, e)` is the ASCII token 86 right after a + (or 0086). Grammar:
 *   [(] +86 | 0086 [)] sep{0,2} [(0) sep{0,2}] [(] area [)] sep{0,2} local
 *   area  = 10 | 2x | [3-9]xx, or the same with its 0 (010, 02x, 0[3-9]xx)
 * A mobile after +86 has a 1x area here other than 10 and is left to spaced.ts. Emits the
 * landline from the + (or its bracket) and returns its end, or -1.
 */
export function internationalLandline(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number): number {
  let from = e - s === 2 ? s - 1 : s;
  if (from > cs && src[from - 1] === 0x28) from--;
  if (from > cs && isAsciiAlnum(src[from - 1]!)) return -1;
  let p = e;
  if (src[p] === 0x29 && src[from] === 0x28) p++;
  let seps = 0;
  for (let w = sepAt(src, p, ce); w > 0 && seps < 2; w = sepAt(src, p, ce)) { p += w; seps++; }
  // (0): the trunk 0 a caller inside China dials, shown in brackets.
  if (p + 2 < ce && src[p] === 0x28 && src[p + 1] === 48 && src[p + 2] === 0x29) {
    p += 3;
    for (let w = sepAt(src, p, ce), k = 0; w > 0 && k < 2; w = sepAt(src, p, ce), k++) p += w;
  }
  const open = p < ce && src[p] === 0x28 ? 1 : 0;
  p += open;
  const a = p;
  const end = digitRun(src, p, ce, 4);
  if (end - a !== runDigits) return -1; // ASCII digits only (one byte each)
  const zero = runFirst === 0 ? 1 : 0;
  const area = runDigits - zero;
  const d1 = src[a + zero]! - 48;
  const d2 = src[a + zero + 1]! - 48;
  if (!(area === 2 && ((d1 === 1 && d2 === 0) || d1 === 2)) && !(area === 3 && d1 >= 3)) return -1;
  p = end;
  if (open === 1) { if (src[p] !== 0x29) return -1; p++; }
  seps = 0;
  for (let w = sepAt(src, p, ce); w > 0 && seps < 2; w = sepAt(src, p, ce)) { p += w; seps++; }
  if (seps === 0 && open === 0) return -1;
  const q = localEnd(src, p, ce);
  if (q < 0) return -1;
  st.emit(T_CN_LANDLINE, from, q, 0.85);
  return q;
}

function widthOf(src: Uint8Array, p: number, ce: number): number {
  digitAt(src, p, ce);
  return digitWidth;
}

function isAsciiAlnum(b: number): boolean {
  return (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122);
}
