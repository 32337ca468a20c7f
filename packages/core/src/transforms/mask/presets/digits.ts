import type { GrowableBytes } from '../../../kernels/buffers.js';
import { maskSeparatedInPlace, separatorTable, writeSeparated } from '../separators.js';

/** Space and dash: the separators kept inside phone and card numbers. */
export const DIGIT_SEPARATORS = separatorTable(' -');

/**
 * Count the digits of src[s, e) allowing single spaces/dashes between them (not leading or
 * trailing); -1 when another byte appears.
 */
export function countSeparatedDigits(src: Uint8Array, s: number, e: number): number {
  let n = 0;
  let prevSep = true;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c >= 48 && c <= 57) {
      n++;
      prevSep = false;
    } else if ((c === 32 || c === 45) && !prevSep) prevSep = true;
    else return -1;
  }
  return prevSep ? -1 : n;
}

/** Keep `keepFirst` and `keepLast` digits of a digit body with separators, mask the other digits. */
export function writeDigits(src: Uint8Array, s: number, e: number, out: GrowableBytes, keepFirst: number, keepLast: number, total: number, mask: Uint8Array): void {
  writeSeparated(src, s, e, out, keepFirst, keepLast, total, DIGIT_SEPARATORS, mask);
}

export function maskDigitsInPlace(buf: Uint8Array, s: number, e: number, keepFirst: number, keepLast: number, total: number, m: number): void {
  maskSeparatedInPlace(buf, s, e, keepFirst, keepLast, total, DIGIT_SEPARATORS, m);
}

/**
 * 0 when the four bytes of the little-endian word `w` are all ASCII digits, non-zero otherwise.
 * SWAR: after XOR with '0000' a digit byte is 0x00..0x09, so its high nibble is clear and adding
 * 6 does not carry into bit 4; any other byte sets a high-nibble bit in one of the two terms.
 */
export function nonDigits4(w: number): number {
  const a = w ^ 0x30303030;
  return (a | (a + 0x06060606)) & 0xf0f0f0f0;
}

/** Overwrite buf[from, to) with the mask byte; four bytes at a time through `dv` where it can. */
export function fillMask(dv: DataView, buf: Uint8Array, from: number, to: number, m: number): void {
  const word = m * 0x01010101;
  let k = from;
  for (; k + 4 <= to; k += 4) dv.setUint32(k, word, true);
  for (; k < to; k++) buf[k] = m;
}

