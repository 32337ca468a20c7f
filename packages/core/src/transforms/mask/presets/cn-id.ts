import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, writeMask } from '../utf8-chars.js';
import { fillMask, nonDigits4 } from './digits.js';
import { recordPattern } from '../../../kernels/fixed-records.js';

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
  const hideFrom = keepFirst;
  const hideTo = 18 - keepLast;
  const hide8 = hideTo - hideFrom === 8;
  return {
    // 17 digits, then a digit or X/x; positions hideFrom..hideTo-1 masked.
    pattern: fixedWidth < 0
      ? recordPattern(18, (p) => ({ lo: 48, hi: 57, altX: p === 17, hide: p >= hideFrom && p < hideTo }))
      : undefined,
    // Readable form: for each value, if isIdFormat then buf.fill(m, s + keepFirst, e - keepLast).
    // Inlined because this loop is the whole cost of the preset: the 16 leading digits are tested
    // four bytes at a time (nonDigits4), the mask written four bytes at a time.
    inPlaceRun:
      fixedWidth >= 0
        ? undefined
        : (buf, off, from, to, m) => {
            const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
            const mw = m * 0x01010101;
            for (let i = from; i < to; i++) {
              const s = off[i]!;
              if (off[i + 1]! - s !== 18) return i;
              const bad = nonDigits4(dv.getUint32(s, true)) | nonDigits4(dv.getUint32(s + 4, true))
                | nonDigits4(dv.getUint32(s + 8, true)) | nonDigits4(dv.getUint32(s + 12, true));
              const d16 = buf[s + 16]! - 48;
              const x = buf[s + 17]!;
              if (bad !== 0 || d16 < 0 || d16 > 9 || !((x >= 48 && x <= 57) || x === 88 || x === 120)) return i;
              if (hide8) {
                // The default 370000********1234: eight bytes, two word writes.
                dv.setInt32(s + hideFrom, mw, true);
                dv.setInt32(s + hideFrom + 4, mw, true);
              } else fillMask(dv, buf, s + hideFrom, s + hideTo, m);
            }
            return to;
          },
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

