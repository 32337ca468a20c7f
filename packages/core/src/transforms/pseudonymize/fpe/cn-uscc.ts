import { digit, type FpeFormat } from './format.js';

/** The 31 USCC symbols (digits and letters without I, O, Z, S, V); a symbol's value is its index. */
const ALPHABET = new TextEncoder().encode('0123456789ABCDEFGHJKLMNPQRTUWXY');
const VALUE = new Int8Array(256).fill(-1);
ALPHABET.forEach((c, i) => (VALUE[c] = i));
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const POW31_9 = 31 ** 9;

export function usccCheckChar(src: Uint8Array, s: number): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VALUE[src[s + i]!]! * WEIGHTS[i]!;
  const r = 31 - (sum % 31);
  return ALPHABET[r === 31 ? 0 : r]!;
}

/**
 * Unified social credit codes (GB 32100-2015): the first 8 characters (registration department,
 * category, division code) are kept and are the tweak; FF1 over radix 31 permutes the 9-character
 * entity identifier; the check character is recomputed. The embedded GB/T 11714 organization-code
 * check inside the entity identifier is not preserved.
 */
export const cnUsccFormat: FpeFormat = {
  name: 'cn.uscc',
  tweakLength: 8,
  classes: [{ radix: 31, n: 9, limit: POW31_9 }],
  parse(src, s, e, tweak, tOff, xs, k) {
    if (e - s !== 18) return -1;
    if (VALUE[src[s]!]! < 0 || VALUE[src[s + 1]!]! < 0) return -1;
    for (let i = 2; i < 8; i++) if (digit(src[s + i]!) < 0) return -1;
    let x = 0;
    for (let i = 8; i < 17; i++) {
      const v = VALUE[src[s + i]!]!;
      if (v < 0) return -1;
      x = x * 31 + v;
    }
    if (usccCheckChar(src, s) !== src[s + 17]) return -1;
    for (let i = 0; i < 8; i++) tweak[tOff + i] = src[s + i]!;
    xs[k] = x;
    return 0;
  },
  render(src, s, _e, _cls, x, out, at) {
    for (let i = 0; i < 8; i++) out[at + i] = src[s + i]!;
    for (let i = 16; i >= 8; i--) {
      const r = x % 31;
      out[at + i] = ALPHABET[r]!;
      x = (x - r) / 31;
    }
    out[at + 17] = usccCheckChar(out, at);
  },
};
