import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, codePointAt, writeMask } from '../utf8-chars.js';

const PROVINCES = new Set(Array.from('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领', (c) => c.codePointAt(0)!));
const LAST = new Set(Array.from('挂学警港澳', (c) => c.codePointAt(0)!));

function isUpperAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * An ordinary (7-char) or new-energy (8-char) plate: province abbreviation, a letter, then
 * upper-case letters or digits; the last may be 挂 学 警 港 澳. The new-energy letter set is not
 * checked (sources disagree, see cn-identifiers.md §9).
 */
export function isPlate(src: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  // Province char is 3 bytes; the rest ASCII (7 or 8 chars), or a 3-byte special last char.
  if (len < 9 || len > 12) return false;
  if (!PROVINCES.has(codePointAt(src, s))) return false;
  const l = src[s + 3]!;
  if (l < 65 || l > 90) return false;
  let i = s + 4;
  let chars = 2;
  while (i < e) {
    const c = src[i]!;
    if (isUpperAlnum(c)) i++;
    else if (c >= 0xe0 && c < 0xf0 && i + 3 === e && LAST.has(codePointAt(src, i))) i += 3;
    else return false;
    chars++;
  }
  return chars === 7 || chars === 8;
}

/** cn.plate: keep the first 3 and the last character: 苏D4***0, 陕A1****D. */
export function cnPlateMask(mask: Uint8Array): MaskKernel {
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      if (!isPlate(src, s, e)) return M_INVALID;
      const a = s + 5; // province (3 bytes) + 2 ASCII
      let b = e - 1;
      while ((src[b]! & 0xc0) === 0x80) b--;
      appendBytes(out, src, s, a);
      writeMask(out, mask, b - a); // the middle is ASCII: one byte per character
      appendBytes(out, src, b, e);
      return M_CHANGED;
    },
    inPlace: null,
  };
}
