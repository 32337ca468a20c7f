import { digit, type FpeFormat } from './format.js';

const enc = new TextEncoder();
/** Radix-34 plate symbols: digits, then A-Z without I and O. */
const ALPHABET = enc.encode('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ');
const VALUE = new Int8Array(256).fill(-1);
ALPHABET.forEach((c, i) => (VALUE[c] = i));

/** 3-byte UTF-8 codes packed as 24-bit numbers. */
function codes(chars: string): Set<number> {
  const set = new Set<number>();
  for (const ch of chars) {
    const b = enc.encode(ch);
    set.add((b[0]! << 16) | (b[1]! << 8) | b[2]!);
  }
  return set;
}
const PROVINCES = codes('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼');
const SUFFIXES = codes('挂学警港澳');
const utf8At3 = (src: Uint8Array, i: number) => (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
const isLetter = (b: number) => b >= 65 && b <= 90 && b !== 73 && b !== 79;
const isDF = (b: number) => b === 68 || b === 70;

/** Plate forms, the FF1 class of each: what is encrypted and in which domain. */
const ORDINARY = 0; // 京A12345: 5 symbols, radix 34
const SUFFIXED = 1; // 京A1234挂: 4 symbols, radix 34, the suffix kept
const NEV_SMALL = 2; // 京AD12345 / 京AF1A345: D/F kept, one symbol and 4 digits, 340,000 values
const NEV_LARGE = 3; // 京A12345D: 5 digits, D/F kept, 100,000 values

/**
 * Licence plates: the province character and the issuing-authority letter are kept (and are the
 * tweak, with the form); ordinary plates get FF1 over radix 34 on the remaining symbols; the
 * trailer/learner/police/HK/Macau suffix is kept; new-energy plates (8 characters) keep their D/F
 * letter and position, the rest is mapped with FF1 over 6 decimal digits and cycle-walking.
 */
export const cnPlateFormat: FpeFormat = {
  name: 'cn.plate',
  tweakLength: 5,
  classes: [
    { radix: 34, n: 5, limit: 34 ** 5 },
    { radix: 34, n: 4, limit: 34 ** 4 },
    { radix: 10, n: 6, limit: 340_000 },
    { radix: 10, n: 6, limit: 100_000 },
  ],
  parse(src, s, e, tweak, tOff, xs, k) {
    const len = e - s;
    if (len < 9 || len > 11 || (src[s]! & 0xf0) !== 0xe0 || !PROVINCES.has(utf8At3(src, s)) || !isLetter(src[s + 3]!)) return -1;
    const r = s + 4;
    let cls = -1;
    let x = 0;
    let form = 0;
    if (len === 9) {
      cls = ORDINARY;
      for (let i = 0; i < 5; i++) {
        const v = VALUE[src[r + i]!]!;
        if (v < 0) return -1;
        x = x * 34 + v;
      }
    } else if (len === 11) {
      if (!SUFFIXES.has(utf8At3(src, r + 4))) return -1;
      cls = SUFFIXED;
      form = src[r + 6]!;
      for (let i = 0; i < 4; i++) {
        const v = VALUE[src[r + i]!]!;
        if (v < 0) return -1;
        x = x * 34 + v;
      }
    } else if (isDF(src[r]!)) {
      const v = VALUE[src[r + 1]!]!;
      if (v < 0) return -1;
      x = v;
      for (let i = 2; i < 6; i++) {
        const d = digit(src[r + i]!);
        if (d < 0) return -1;
        x = x * 10 + d;
      }
      cls = NEV_SMALL;
      form = src[r]!;
    } else if (isDF(src[r + 5]!)) {
      for (let i = 0; i < 5; i++) {
        const d = digit(src[r + i]!);
        if (d < 0) return -1;
        x = x * 10 + d;
      }
      cls = NEV_LARGE;
      form = src[r + 5]! + 32;
    } else return -1;
    for (let i = 0; i < 4; i++) tweak[tOff + i] = src[s + i]!;
    tweak[tOff + 4] = form;
    xs[k] = x;
    return cls;
  },
  render(src, s, e, cls, x, out, at) {
    for (let i = 0; i < e - s; i++) out[at + i] = src[s + i]!;
    const r = at + 4;
    if (cls === ORDINARY || cls === SUFFIXED) {
      for (let i = cls === ORDINARY ? 4 : 3; i >= 0; i--) {
        const v = x % 34;
        out[r + i] = ALPHABET[v]!;
        x = (x - v) / 34;
      }
    } else if (cls === NEV_SMALL) {
      for (let i = 5; i >= 2; i--) {
        const d = x % 10;
        out[r + i] = 48 + d;
        x = (x - d) / 10;
      }
      out[r + 1] = ALPHABET[x]!;
    } else {
      for (let i = 4; i >= 0; i--) {
        const d = x % 10;
        out[r + i] = 48 + d;
        x = (x - d) / 10;
      }
    }
  },
};
