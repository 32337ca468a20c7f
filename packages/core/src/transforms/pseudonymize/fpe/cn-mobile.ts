import { digit, readDigits, writeDigits, type FpeFormat } from './format.js';

/**
 * Mainland mobile numbers, 11 digits `1[3-9]x xxxxxxxx`: the 3-digit segment prefix is kept (so
 * the output has a valid prefix) and is the tweak; FF1 over radix 10 permutes the last 8 digits.
 */
export const cnMobileFormat: FpeFormat = {
  name: 'cn.mobile',
  tweakLength: 3,
  classes: [{ radix: 10, n: 8, limit: 100_000_000 }],
  parse(src, s, e, tweak, tOff, xs, k) {
    if (e - s !== 11 || src[s] !== 49 || src[s + 1]! < 51 || src[s + 1]! > 57 || digit(src[s + 2]!) < 0) return -1;
    const x = readDigits(src, s + 3, 8);
    if (x < 0) return -1;
    tweak[tOff] = src[s]!;
    tweak[tOff + 1] = src[s + 1]!;
    tweak[tOff + 2] = src[s + 2]!;
    xs[k] = x;
    return 0;
  },
  render(src, s, _e, _cls, x, out, at) {
    out[at] = src[s]!;
    out[at + 1] = src[s + 1]!;
    out[at + 2] = src[s + 2]!;
    writeDigits(x, 8, out, at + 3);
  },
};
