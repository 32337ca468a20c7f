import type { GrowableBytes } from '../../kernels/buffers.js';
import { M_BAIL, M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from './kernel-types.js';
import { appendBytes, advanceCodePoints, countCodePoints, isAscii, retreatCodePoints, writeMask } from './utf8-chars.js';

/**
 * Keep the first `keepFirst` and last `keepLast` characters, mask the rest.
 * `fixedWidth` < 0 keeps the length (one mask char per hidden char); otherwise exactly that many.
 * A value with nothing left to mask is invalid (so a short value is never shown whole).
 *
 *   readable form: out = chars[0..kf) + mask × (n - kf - kl) + chars[n - kl..n)
 */
export function keepEnds(keepFirst: number, keepLast: number, mask: Uint8Array, fixedWidth: number): MaskKernel {
  const keep = keepFirst + keepLast;
  const write = (src: Uint8Array, s: number, e: number, out: GrowableBytes): number => {
    if (s === e) return M_KEEP;
    let a: number;
    let b: number;
    let hidden: number;
    if (isAscii(src, s, e)) {
      hidden = e - s - keep;
      if (hidden <= 0) return M_INVALID;
      a = s + keepFirst;
      b = e - keepLast;
    } else {
      hidden = countCodePoints(src, s, e) - keep;
      if (hidden <= 0) return M_INVALID;
      a = advanceCodePoints(src, s, e, keepFirst);
      b = retreatCodePoints(src, s, e, keepLast);
    }
    appendBytes(out, src, s, a);
    writeMask(out, mask, fixedWidth < 0 ? hidden : fixedWidth);
    appendBytes(out, src, b, e);
    return M_CHANGED;
  };
  const inPlace =
    fixedWidth >= 0
      ? null
      : (buf: Uint8Array, s: number, e: number, m: number): number => {
          if (s === e) return M_KEEP;
          const to = e - keepLast;
          if (to - s - keepFirst <= 0) return isAscii(buf, s, e) ? M_INVALID : M_BAIL;
          for (let i = s; i < e; i++) if (buf[i]! >= 0x80) return M_BAIL;
          for (let i = s + keepFirst; i < to; i++) buf[i] = m;
          return M_CHANGED;
        };
  return { write, inPlace, asciiOnly: true };
}

/** Mask characters [from, to) (code point indices; negative counts from the end; `to` omitted = end). */
export function maskRange(from: number, to: number | undefined, mask: Uint8Array, fixedWidth: number): MaskKernel {
  const write = (src: Uint8Array, s: number, e: number, out: GrowableBytes): number => {
    if (s === e) return M_KEEP;
    const ascii = isAscii(src, s, e);
    const n = ascii ? e - s : countCodePoints(src, s, e);
    const f = clampIndex(from, n);
    const t = to === undefined ? n : clampIndex(to, n);
    if (t <= f) return M_INVALID;
    const a = ascii ? s + f : advanceCodePoints(src, s, e, f);
    const b = ascii ? s + t : advanceCodePoints(src, a, e, t - f);
    appendBytes(out, src, s, a);
    writeMask(out, mask, fixedWidth < 0 ? t - f : fixedWidth);
    appendBytes(out, src, b, e);
    return M_CHANGED;
  };
  const inPlace =
    fixedWidth >= 0
      ? null
      : (buf: Uint8Array, s: number, e: number, m: number): number => {
          if (s === e) return M_KEEP;
          if (!isAscii(buf, s, e)) return M_BAIL;
          const n = e - s;
          const f = clampIndex(from, n);
          const t = to === undefined ? n : clampIndex(to, n);
          if (t <= f) return M_INVALID;
          for (let i = s + f; i < s + t; i++) buf[i] = m;
          return M_CHANGED;
        };
  return { write, inPlace, asciiOnly: true };
}

function clampIndex(i: number, n: number): number {
  const j = i < 0 ? n + i : i;
  return j < 0 ? 0 : j > n ? n : j;
}
