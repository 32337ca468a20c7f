import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { countSeparatedDigits, fillMask, maskDigitsInPlace, nonDigits4, writeDigits } from './digits.js';
import { recordPattern } from '../../../kernels/fixed-records.js';
import { appendBytes } from '../utf8-chars.js';

/**
 * Byte index where the 11-digit number starts, after an optional +86 / 0086 / 86 prefix and one
 * optional space or dash; -1 when the value is not a mainland mobile number (1[3-9] + 9 digits,
 * spaces or dashes allowed between digits).
 */
export function mobileBodyStart(src: Uint8Array, s: number, e: number): number {
  let i = s;
  if (e - s > 11) {
    if (src[i] === 43 && src[i + 1] === 56 && src[i + 2] === 54) i += 3; // +86
    else if (src[i] === 48 && src[i + 1] === 48 && src[i + 2] === 56 && src[i + 3] === 54) i += 4; // 0086
    else if (src[i] === 56 && src[i + 1] === 54) i += 2; // 86
    if (i > s && (src[i] === 32 || src[i] === 45)) i++;
  }
  if (src[i] !== 49) return -1;
  const second = src[i + 1];
  if (second === undefined || second < 51 || second > 57) return -1;
  return countSeparatedDigits(src, i, e) === 11 ? i : -1;
}

/** cn.mobile: 138****5678, +86 138****5678; separators kept (keepFirst 3, keepLast 4 of the 11 digits). */
export function cnMobileMask(keepFirst: number, keepLast: number, mask: Uint8Array): MaskKernel {
  const hideTo = 11 - keepLast;
  return {
    // Plain 11-digit numbers: 1, then 3-9, then nine digits; positions keepFirst..hideTo-1 masked.
    pattern: recordPattern(11, (p) => ({ lo: p === 0 ? 49 : p === 1 ? 51 : 48, hi: p === 0 ? 49 : 57, hide: p >= keepFirst && p < hideTo })),
    // Plain 11-digit numbers (1[3-9] and 9 digits), the common case, in one loop: eight digits
    // tested four at a time (nonDigits4), the mask written four bytes at a time. Anything else
    // (prefixes, separators, malformed) stops the run and takes the per-value path.
    inPlaceRun(buf, off, from, to, m) {
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      for (let i = from; i < to; i++) {
        const s = off[i]!;
        if (off[i + 1]! - s !== 11) return i;
        const second = buf[s + 1]!;
        const d8 = buf[s + 8]! - 48;
        const d9 = buf[s + 9]! - 48;
        const d10 = buf[s + 10]! - 48;
        if (buf[s]! !== 49 || second < 51 || second > 57 || (nonDigits4(dv.getUint32(s + 2, true)) | nonDigits4(dv.getUint32(s + 4, true))) !== 0
          || (d8 | d9 | d10 | (9 - d8) | (9 - d9) | (9 - d10)) < 0) return i;
        fillMask(dv, buf, s + keepFirst, s + hideTo, m);
      }
      return to;
    },
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const b = mobileBodyStart(src, s, e);
      if (b < 0) return M_INVALID;
      appendBytes(out, src, s, b);
      writeDigits(src, b, e, out, keepFirst, keepLast, 11, mask);
      return M_CHANGED;
    },
    inPlace(buf, s, e, m) {
      if (s === e) return M_KEEP;
      if (e - s === 11) {
        // Plain 11 digits, the common case: no separator bookkeeping.
        const b = mobileBodyStart(buf, s, e);
        if (b < 0) return M_INVALID;
        for (let i = s + keepFirst; i < e - keepLast; i++) buf[i] = m;
        return M_CHANGED;
      }
      const b = mobileBodyStart(buf, s, e);
      if (b < 0) return M_INVALID;
      maskDigitsInPlace(buf, b, e, keepFirst, keepLast, 11, m);
      return M_CHANGED;
    },
  };
}

