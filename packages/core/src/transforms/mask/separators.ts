import type { GrowableBytes } from '../../kernels/buffers.js';
import { M_BAIL, M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from './kernel-types.js';
import { appendBytes, seqLength, writeMask } from './utf8-chars.js';

/** A 128-entry table: 1 for the ASCII separator characters that are kept and not counted. */
export function separatorTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if (c < 128) t[c] = 1;
  }
  return t;
}

/** Characters of src[s, e) that are not separators. */
export function countNonSeparators(src: Uint8Array, s: number, e: number, sep: Uint8Array): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c < 128 ? sep[c] === 0 : (c & 0xc0) !== 0x80) n++;
  }
  return n;
}

/**
 * Keep-ends that skips separators: they are copied, never masked, and not counted, so
 * `6222 0212 3456 7890` with keep 4/4 gives `6222 **** **** 7890`. Always preserves length.
 * `total` is the number of non-separator characters of src[s, e).
 */
export function writeSeparated(
  src: Uint8Array, s: number, e: number, out: GrowableBytes,
  keepFirst: number, keepLast: number, total: number, sep: Uint8Array, mask: Uint8Array,
): void {
  const maskTo = total - keepLast;
  let k = 0;
  let i = s;
  while (i < e) {
    const c = src[i]!;
    if (c < 128 && sep[c] === 1) {
      out.push(c);
      i++;
      continue;
    }
    const len = seqLength(c);
    if (k < keepFirst || k >= maskTo) appendBytes(out, src, i, i + len);
    else writeMask(out, mask, 1);
    k++;
    i += len;
  }
}

/** Same as writeSeparated on an all-ASCII value, in place. */
export function maskSeparatedInPlace(
  buf: Uint8Array, s: number, e: number, keepFirst: number, keepLast: number, total: number, sep: Uint8Array, m: number,
): void {
  const maskTo = total - keepLast;
  let k = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (sep[c] === 1) continue;
    if (k >= keepFirst && k < maskTo) buf[i] = m;
    k++;
  }
}

/** Generic keep-ends that keeps separators (option keepSeparators). */
export function keepEndsSeparated(keepFirst: number, keepLast: number, sepChars: string, mask: Uint8Array): MaskKernel {
  const sep = separatorTable(sepChars);
  const keep = keepFirst + keepLast;
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const total = countNonSeparators(src, s, e, sep);
      if (total - keep <= 0) return M_INVALID;
      writeSeparated(src, s, e, out, keepFirst, keepLast, total, sep, mask);
      return M_CHANGED;
    },
    inPlace(buf, s, e, m) {
      if (s === e) return M_KEEP;
      for (let i = s; i < e; i++) if (buf[i]! >= 0x80) return M_BAIL;
      const total = countNonSeparators(buf, s, e, sep);
      if (total - keep <= 0) return M_INVALID;
      maskSeparatedInPlace(buf, s, e, keepFirst, keepLast, total, sep, m);
      return M_CHANGED;
    },
    asciiOnly: true,
  };
}
