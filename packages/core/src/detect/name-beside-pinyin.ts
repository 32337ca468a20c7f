import type { ScanState } from './scan-state.js';
import { COMPOUND_SURNAMES, STOP_SET, SURNAME_SET } from './tables.js';
import { T_PERSON_NAME } from './types.js';

/*
 * A name written twice, in Han characters and in pinyin (Complainant Xu Jian (徐健), 孙静怡 / Sun Jingyi
 * 反映…, Sun Jingyi（孙静怡）): once the pinyin is read as a name (pinyin-text.ts), the Han characters
 * in brackets right after it, or right before it across a slash or a bracket, are the same person.
 * No context word announces them, and their characters may be rare (袁语堂), so only this tells.
 * Read only beside a pinyin name already found: nothing here runs on text without one.
 */

const COMPOUND = new Set(COMPOUND_SURNAMES);
const OPEN = new Set([0x28, 0xff08]); // ( （
const CLOSE = new Set([0x29, 0xff09]); // ) ）
const SLASH = new Set([0x2f, 0xff0f, 0x7c]); // / ／ |

/** Code point of the UTF-8 character at `i` (ASCII or 3 bytes), with its width; -1 when neither. */
function at(src: Uint8Array, i: number, end: number): [number, number] {
  if (i >= end) return [-1, 0];
  const b = src[i]!;
  if (b < 0x80) return [b, 1];
  if (b >= 0xe0 && b < 0xf0 && i + 2 < end) return [((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f), 3];
  return [-1, 0];
}

/** Code point of the character ending right before `i` (ASCII or 3 bytes), with its width. */
function before(src: Uint8Array, start: number, i: number): [number, number] {
  if (i <= start) return [-1, 0];
  if (src[i - 1]! < 0x80) return [src[i - 1]!, 1];
  if (i - 3 >= start && src[i - 3]! >= 0xe0 && src[i - 3]! < 0xf0) return at(src, i - 3, i);
  return [-1, 0];
}

const isHan = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;

/** `src[s, e)` is 2-4 Han characters that read as a name: a surname (or a compound one) and 1-2 given characters, no stop character. */
function hanName(src: Uint8Array, s: number, e: number): boolean {
  const n = (e - s) / 3;
  if (n < 2 || n > 4 || !Number.isInteger(n)) return false;
  const chars: number[] = [];
  for (let q = s; q < e; q += 3) {
    const c = at(src, q, e)[0];
    if (!isHan(c)) return false;
    chars.push(c);
  }
  const sl = COMPOUND.has(String.fromCharCode(chars[0]!, chars[1]!)) ? 2 : SURNAME_SET[chars[0]!] === 1 ? 1 : 0;
  // A stop character among the given ones (于 is a surname, not a given character: 于娟, not 张于).
  for (let k = sl; k < n; k++) if (STOP_SET[chars[k]!] === 1) return false;
  return sl > 0 && n - sl >= 1 && n - sl <= 2;
}

/** Skips ASCII and ideographic spaces forwards from `p`. */
function skipSpaces(src: Uint8Array, p: number, end: number): number {
  for (;;) {
    if (p < end && src[p] === 32) { p++; continue; }
    if (at(src, p, end)[0] === 0x3000) { p += 3; continue; }
    return p;
  }
}

/** The same, backwards from `p`. */
function skipSpacesBack(src: Uint8Array, start: number, p: number): number {
  for (;;) {
    if (p > start && src[p - 1] === 32) { p--; continue; }
    if (before(src, start, p)[0] === 0x3000) { p -= 3; continue; }
    return p;
  }
}

/** A person_name hit already starts at `a` (曹子涵（Cao Zhi）: the name opening the cell was read at （). */
function foundAt(st: ScanState, a: number): boolean {
  const h = st.hits;
  for (let k = h.length - 1; k >= 0 && k >= h.length - 4; k--) if (h.type[k] === T_PERSON_NAME && h.start[k] === a) return true;
  return false;
}

/** After a pinyin name [i, e): its Han form in brackets after it, or before it across a slash or a bracket. */
export function hanNameBesidePinyin(st: ScanState, src: Uint8Array, cs: number, ce: number, i: number, e: number): void {
  // Xu Jian (徐健), Sun Jingyi（孙静怡）
  let p = skipSpaces(src, e, ce);
  const [o, ow] = at(src, p, ce);
  if (OPEN.has(o)) {
    const s = p + ow;
    let q = s;
    while (q - s < 12 && isHan(at(src, q, ce)[0])) q += 3;
    if (CLOSE.has(at(src, q, ce)[0]) && hanName(src, s, q)) st.emit(T_PERSON_NAME, s, q, 0.8);
  }
  // 孙静怡 / Sun Jingyi, 孙静怡（Sun Jingyi）: the Han characters right before, up to a non-Han character.
  p = skipSpacesBack(src, cs, i);
  const [sep, sw] = before(src, cs, p);
  if (!SLASH.has(sep) && !OPEN.has(sep)) return;
  const q = skipSpacesBack(src, cs, p - sw);
  let s = q;
  while (q - s < 12 && isHan(before(src, cs, s)[0])) s -= 3;
  // A longer run (投诉人徐健 / Xu Jian): the name is its last two or three characters.
  for (const n of [(q - s) / 3, 3, 2]) {
    const a = q - n * 3;
    if (a >= s && hanName(src, a, q)) { if (!foundAt(st, a)) st.emit(T_PERSON_NAME, a, q, 0.8); return; }
  }
}
