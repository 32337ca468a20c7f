import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { maskDigitsInPlace, writeDigits } from './digits.js';
import { appendBytes } from '../utf8-chars.js';

/**
 * Byte index where the local number starts, or -1. Accepted: an area code (010, 02x: 3 digits;
 * 0[3-9]xx: 4 digits), optionally in parentheses, then an optional space or dash, then a local
 * number of 6–8 digits. `localDigits` receives the local number's digit count.
 */
export function landlineLocalStart(src: Uint8Array, s: number, e: number): number {
  let i = s;
  const paren = src[i] === 40;
  if (paren) i++;
  if (src[i] !== 48) return -1;
  const d2 = src[i + 1];
  if (d2 === undefined || d2 < 49 || d2 > 57) return -1;
  const areaLen = d2 <= 50 ? 3 : 4;
  for (let k = i + 1; k < i + areaLen; k++) {
    const c = src[k];
    if (c === undefined || c < 48 || c > 57) return -1;
  }
  i += areaLen;
  if (paren) {
    if (src[i] !== 41) return -1;
    i++;
  }
  if (src[i] === 32 || src[i] === 45) i++;
  const n = e - i;
  if (n < 6 || n > 8) return -1;
  for (let k = i; k < e; k++) {
    const c = src[k]!;
    if (c < 48 || c > 57) return -1;
  }
  return i;
}

/** cn.landline: keep the area code and the last 2 digits: 0543-*****79, 0543*****79. */
export function cnLandlineMask(keepLast: number, mask: Uint8Array): MaskKernel {
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const b = landlineLocalStart(src, s, e);
      if (b < 0) return M_INVALID;
      appendBytes(out, src, s, b);
      writeDigits(src, b, e, out, 0, keepLast, e - b, mask);
      return M_CHANGED;
    },
    inPlace(buf, s, e, m) {
      if (s === e) return M_KEEP;
      const b = landlineLocalStart(buf, s, e);
      if (b < 0) return M_INVALID;
      maskDigitsInPlace(buf, b, e, 0, keepLast, e - b, m);
      return M_CHANGED;
    },
  };
}
