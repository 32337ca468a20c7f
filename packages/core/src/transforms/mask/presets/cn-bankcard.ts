import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { countSeparatedDigits, maskDigitsInPlace, writeDigits } from './digits.js';

/** Bank card or account number: 9–30 digits, spaces or dashes allowed between digits; Luhn not required. */
export function cardDigits(src: Uint8Array, s: number, e: number): number {
  const n = countSeparatedDigits(src, s, e);
  return n >= 9 && n <= 30 ? n : -1;
}

/** cn.bankcard: 6222 **** **** 7890 (keepFirst 4, keepLast 4 digits, separators kept). */
export function cnBankcardMask(keepFirst: number, keepLast: number, mask: Uint8Array): MaskKernel {
  const keep = keepFirst + keepLast;
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const n = cardDigits(src, s, e);
      if (n < 0 || n <= keep) return M_INVALID;
      writeDigits(src, s, e, out, keepFirst, keepLast, n, mask);
      return M_CHANGED;
    },
    inPlace(buf, s, e, m) {
      if (s === e) return M_KEEP;
      const n = cardDigits(buf, s, e);
      if (n < 0 || n <= keep) return M_INVALID;
      maskDigitsInPlace(buf, s, e, keepFirst, keepLast, n, m);
      return M_CHANGED;
    },
  };
}
