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
