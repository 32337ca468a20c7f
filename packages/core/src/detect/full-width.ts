import { MappedBytes } from './mapped-bytes.js';
import { halfWidthAt } from '../kernels/full-width.js';

/**
 * Letters typed on a full-width keyboard (Ｈ１２３４５６７８, 黑Ｍ·６８４１７Ｆ, ＺＨＡＮＧ＠ＱＱ．ＣＯＭ): an
 * IME in full-width mode writes the whole identifier so. The byte scanner reads full-width digits
 * itself (scanner.ts fullWidthRun, spaced.ts) but its letter detectors (passports, permits,
 * plates, USCCs, HK IDs) read ASCII letters only. A value with a full-width letter is folded here
 * (full-width letters, digits, ＠, ． and － to ASCII; every other byte as it is, so labels such as
 * 护照号： are unchanged) and scanned once more; hits are mapped back to the full-width bytes.
 */

/**
 * Full-width form (EF BC xx or EF BD xx) at `p` → its ASCII byte, or 0 when it is not folded: of
 * the one table (kernels/full-width.ts halfWidthAt), the letters, digits, ＠ ． and － identifiers use.
 */
function foldAt(src: Uint8Array, p: number, end: number): number {
  if (src[p] !== 0xef) return 0;
  const a = halfWidthAt(src, p, end);
  return (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5a) || (a >= 0x61 && a <= 0x7a) || a === 64 || a === 46 || a === 45 ? a : 0;
}

/** A full-width letter (Ａ-Ｚ, ａ-ｚ) at `p`, whose first byte is EF. */
export function fullWidthLetterAt(src: Uint8Array, p: number, end: number): boolean {
  if (p + 2 >= end) return false;
  const b1 = src[p + 1]!;
  const b2 = src[p + 2]!;
  return (b1 === 0xbc && b2 >= 0xa1 && b2 <= 0xba) || (b1 === 0xbd && b2 >= 0x81 && b2 <= 0x9a);
}

/**
 * A value folded to ASCII: `bytes[0, length)`; `from[k]` the source offset of folded byte k
 * (`from[length]` the value's end), so a folded span [s, e) is the source span [from[s], from[e]).
 */
export class FullWidthFolder extends MappedBytes {
  /** Fold `src[start, end)`. */
  fold(src: Uint8Array, start: number, end: number): void {
    this.length = 0;
    let i = start;
    while (i < end) {
      const b = src[i]!;
      const a = b === 0xef && i + 2 < end ? foldAt(src, i, end) : 0;
      if (a !== 0) { this.put(a, i); i += 3; continue; }
      this.put(b, i);
      i++;
    }
    this.from[this.length] = end;
  }
}
