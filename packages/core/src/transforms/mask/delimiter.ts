import type { GrowableBytes } from '../../kernels/buffers.js';
import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from './kernel-types.js';
import { appendBytes, advanceCodePoints, countCodePoints, retreatCodePoints, writeMask } from './utf8-chars.js';

/** Byte index of the first occurrence of `needle` in src[s, e), or -1. */
export function indexOfBytes(src: Uint8Array, s: number, e: number, needle: Uint8Array): number {
  const n = needle.length;
  const first = needle[0]!;
  for (let i = s; i + n <= e; i++) {
    if (src[i] !== first) continue;
    let j = 1;
    while (j < n && src[i + j] === needle[j]) j++;
    if (j === n) return i;
  }
  return -1;
}

/**
 * Mask the part of src[s, e) on one side of a delimiter, keeping `keepFirst`/`keepLast` characters
 * of that part. A part too short to keep anything is masked whole (`a@x.cn` → `*@x.cn`).
 * Returns false when the value has no delimiter or the part is empty.
 */
export function writeSide(
  src: Uint8Array, s: number, e: number, out: GrowableBytes, at: number, dlen: number,
  before: boolean, keepFirst: number, keepLast: number, mask: Uint8Array, fixedWidth: number,
): boolean {
  const ps = before ? s : at + dlen;
  const pe = before ? at : e;
  if (pe <= ps) return false;
  const n = countCodePoints(src, ps, pe);
  let kf = keepFirst;
  let kl = keepLast;
  if (kf + kl >= n) kf = kl = 0;
  const a = advanceCodePoints(src, ps, pe, kf);
  const b = retreatCodePoints(src, ps, pe, kl);
  appendBytes(out, src, s, a);
  writeMask(out, mask, fixedWidth < 0 ? n - kf - kl : fixedWidth);
  appendBytes(out, src, b, e);
  return true;
}

/** Generic delimiter mask: `side: 'before'` masks what precedes the first delimiter, `'after'` what follows it. */
export function maskAroundDelimiter(
  delimiter: Uint8Array, side: 'before' | 'after', keepFirst: number, keepLast: number, mask: Uint8Array, fixedWidth: number,
): MaskKernel {
  const before = side === 'before';
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const at = indexOfBytes(src, s, e, delimiter);
      if (at < 0) return M_INVALID;
      return writeSide(src, s, e, out, at, delimiter.length, before, keepFirst, keepLast, mask, fixedWidth) ? M_CHANGED : M_INVALID;
    },
    inPlace: null,
  };
}
