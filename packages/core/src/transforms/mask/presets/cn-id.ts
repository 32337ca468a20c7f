import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, writeMask } from '../utf8-chars.js';

/** 18 characters: 17 digits and a digit or X/x. Format only; the check digit is not verified here. */
export function isIdFormat(src: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  for (let i = s; i < s + 17; i++) {
    const c = src[i]!;
    if (c < 48 || c > 57) return false;
  }
  const x = src[s + 17]!;
  return (x >= 48 && x <= 57) || x === 88 || x === 120;
}

/** Legacy 15-digit ID (GB 11643-1989): 6 region digits, YYMMDD, 3 sequence digits; no check digit. */
export function isLegacyIdFormat(src: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 15) return false;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * cn.id: 370000********1234 by default (keepFirst 6, keepLast 4). Legacy 15-digit IDs are masked
 * too, keeping at most the 6 region digits and the last 3 (the sequence), so the birth date never
 * shows: 370102******123.
 */
export function cnIdMask(keepFirst: number, keepLast: number, mask: Uint8Array, fixedWidth: number): MaskKernel {
  const hidden = 18 - keepFirst - keepLast;
  const width = fixedWidth < 0 ? hidden : fixedWidth;
  const legacyFirst = Math.min(keepFirst, 6);
  const legacyLast = Math.min(keepLast, 3);
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      if (!isIdFormat(src, s, e)) {
        if (!isLegacyIdFormat(src, s, e)) return M_INVALID;
        appendBytes(out, src, s, s + legacyFirst);
        writeMask(out, mask, fixedWidth < 0 ? 15 - legacyFirst - legacyLast : fixedWidth);
        appendBytes(out, src, e - legacyLast, e);
        return M_CHANGED;
      }
      appendBytes(out, src, s, s + keepFirst);
      writeMask(out, mask, width);
      appendBytes(out, src, e - keepLast, e);
      return M_CHANGED;
    },
    inPlace:
      fixedWidth >= 0
        ? null
        : (buf, s, e, m) => {
            if (s === e) return M_KEEP;
            const legacy = !isIdFormat(buf, s, e);
            if (legacy && !isLegacyIdFormat(buf, s, e)) return M_INVALID;
            const to = e - (legacy ? legacyLast : keepLast);
            for (let i = s + (legacy ? legacyFirst : keepFirst); i < to; i++) buf[i] = m;
            return M_CHANGED;
          },
  };
}
