import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, codePointAt, seqLength, writeMask } from '../utf8-chars.js';
import { COMPOUND_SURNAME_KEYS } from './compound-surnames.js';

const MAX_CHARS = 32;

export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x323af) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3007;
}

/** Middle dots used in transliterated names: · (U+00B7), ・ (U+30FB), • (U+2022), ． (U+FF0E). */
export function isNameDot(c: number): boolean {
  return c === 0xb7 || c === 0x30fb || c === 0x2022 || c === 0xff0e;
}

/**
 * cn.name, one mask char per hidden character:
 *   2 chars 张* · 3 chars 张*丰 · 4+ chars 张*** · compound surname 欧阳* / 欧阳** ·
 *   names with a middle dot: first character kept, dots kept, everything else masked (阿**·***).
 * Valid: 2–32 Han characters and middle dots, a dot never first, last or doubled.
 */
export function cnNameMask(mask: Uint8Array): MaskKernel {
  const cps = new Int32Array(MAX_CHARS);
  const starts = new Int32Array(MAX_CHARS + 1);
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      let n = 0;
      let dots = 0;
      let prevDot = true;
      for (let i = s; i < e; ) {
        if (n === MAX_CHARS) return M_INVALID;
        const c = codePointAt(src, i);
        if (isNameDot(c)) {
          if (prevDot) return M_INVALID;
          prevDot = true;
          dots++;
        } else if (isHan(c)) prevDot = false;
        else return M_INVALID;
        cps[n] = c;
        starts[n++] = i;
        i += seqLength(src[i]!);
      }
      if (n < 2 || prevDot) return M_INVALID;
      starts[n] = e;
      if (dots > 0) {
        appendBytes(out, src, s, starts[1]!);
        for (let k = 1; k < n; k++) {
          if (isNameDot(cps[k]!)) appendBytes(out, src, starts[k]!, starts[k + 1]!);
          else writeMask(out, mask, 1);
        }
        return M_CHANGED;
      }
      if (n >= 3 && COMPOUND_SURNAME_KEYS.has(cps[0]! * 0x110000 + cps[1]!)) {
        appendBytes(out, src, s, starts[2]!);
        writeMask(out, mask, n - 2);
      } else if (n === 3) {
        appendBytes(out, src, s, starts[1]!);
        writeMask(out, mask, 1);
        appendBytes(out, src, starts[2]!, e);
      } else {
        appendBytes(out, src, s, starts[1]!);
        writeMask(out, mask, n - 1);
      }
      return M_CHANGED;
    },
    inPlace: null,
  };
}
