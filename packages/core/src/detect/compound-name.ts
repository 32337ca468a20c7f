import { COMPOUND_SURNAMES, GIVEN_SET, NOT_LAST_SET } from './tables.js';

/*
 * A cell that is a name with a compound surname and nothing else (司马春燕, 欧阳娜娜), under any
 * header: a map's key, a pivot's row label, a dictionary's value. Names with a one-character surname
 * alone are read only under a name header (scanner.ts wholeCellName): 王府, 高中, 金华 are words.
 * A compound surname followed by one or two common given-name characters is almost never a word,
 * but for the compound surnames that are words or places themselves (东方明珠, 西门, 百里香, 长孙):
 * those are left to the header.
 */
const WORDS = ['东方', '西门', '南宫', '百里', '长孙', '公孙', '太史', '闻人'];
const hanPair = (a: number, b: number): number => (a - 0x4e00) * 0x5200 + (b - 0x4e00);
const SURNAMES = new Set(COMPOUND_SURNAMES.filter((s) => !WORDS.includes(s)).map((s) => hanPair(s.charCodeAt(0), s.charCodeAt(1))));

/** Code point of the 3-byte UTF-8 character at `i` in the CJK block, or -1. */
function han(src: Uint8Array, i: number, end: number): number {
  if (i + 3 > end) return -1;
  const b = src[i]!;
  if (b < 0xe4 || b > 0xe9) return -1;
  const c = ((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
  return c >= 0x4e00 && c <= 0x9fff ? c : -1;
}

/** `src[start, end)` is a compound surname and 1-2 common given-name characters, nothing else. */
export function compoundNameCell(src: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n !== 9 && n !== 12) return false;
  const a = han(src, start, end);
  const b = han(src, start + 3, end);
  if (a < 0 || b < 0 || !SURNAMES.has(hanPair(a, b))) return false;
  for (let q = start + 6; q < end; q += 3) {
    const c = han(src, q, end);
    if (c < 0 || GIVEN_SET[c] !== 1) return false;
  }
  return NOT_LAST_SET[han(src, end - 3, end)] !== 1;
}
