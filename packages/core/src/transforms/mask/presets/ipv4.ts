import { M_CHANGED, M_INVALID, M_KEEP, type MaskKernel } from '../kernel-types.js';
import { appendBytes, writeMask } from '../utf8-chars.js';

/** Byte index of the first '.' of a dotted-quad IPv4 address (octets 0–255, 1–3 digits), or -1. */
export function ipv4FirstDot(src: Uint8Array, s: number, e: number): number {
  let octets = 0;
  let digits = 0;
  let value = 0;
  let firstDot = -1;
  for (let i = s; i <= e; i++) {
    const c = i < e ? src[i]! : 46;
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      value = value * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || value > 255) return -1;
      if (firstDot < 0) firstDot = i;
      octets++;
      digits = 0;
      value = 0;
    } else return -1;
  }
  return octets === 4 ? firstDot : -1;
}

/** ipv4: keep the first octet, one mask char per other octet: 192.*.*.* */
export function ipv4Mask(mask: Uint8Array): MaskKernel {
  return {
    write(src, s, e, out) {
      if (s === e) return M_KEEP;
      const d = ipv4FirstDot(src, s, e);
      if (d < 0) return M_INVALID;
      appendBytes(out, src, s, d);
      for (let k = 0; k < 3; k++) {
        out.push(46);
        writeMask(out, mask, 1);
      }
      return M_CHANGED;
    },
    inPlace: null,
  };
}
