import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { writeSide } from '../delimiter.js';

/** Byte index of the '@' of a plausible address (one '@', non-empty local part, dotted domain, no spaces); -1 otherwise. */
export function emailAt(src: Uint8Array, s: number, e: number): number {
  let at = -1;
  let dot = false;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c === 64) {
      if (at >= 0) return -1;
      at = i;
    } else if (c <= 32) return -1;
    else if (c === 46 && at >= 0 && i > at + 1 && i < e - 1) dot = true;
  }
  return at > s && dot ? at : -1;
}

/** email: first character of the local part, then one mask char per hidden character: d*****@example.cn. */
export function emailMask(keepFirst: number, keepLast: number, mask: Uint8Array, fixedWidth: number): MaskKernel {
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const at = emailAt(src, s, e);
      if (at < 0) return M_INVALID;
      writeSide(src, s, e, out, at, 1, true, keepFirst, keepLast, mask, fixedWidth);
      return M_CHANGED;
    },
    inPlace: null,
  };
}
