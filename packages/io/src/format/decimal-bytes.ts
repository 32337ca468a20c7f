import type { GrowableBytes } from '@tuomin/core/internal';
import { PAIRS } from './digit-pairs.js';

// Scratch for one value at a time (JS is single-threaded; nothing here awaits): 16-bit limbs and
// the digits, right-aligned, for up to 256-bit decimals (77 digits, written 9 per round).
const limbs = new Float64Array(16);
const digits = new Uint8Array(96);
const D = digits.length;

/**
 * Appends the exact decimal text of value `index` of a Decimal column: the unscaled integer (two's
 * complement, little-endian 32-bit words, `stride` words per value) with the point placed by
 * `scale`. 500000 at scale 2 → `5000.00`; -140050 → `-1400.50`; 7 at scale 3 → `0.007`; scale 0 →
 * no point; a negative scale appends zeros. The one decimal formatter: valueText's decimalText
 * decodes these bytes, the CSV and NDJSON writers append them in place.
 *
 * Values within ±2^53 go through doubles; wider ones by long division of 16-bit limbs by 10^9
 * (every partial remainder × 2^16 stays below 2^46, so the double arithmetic is exact): no BigInt.
 */
export function appendDecimal(words: Uint32Array, index: number, stride: number, scale: number, out: GrowableBytes): void {
  const base = index * stride;
  const negative = words[base + stride - 1]! >>> 31 === 1;
  let start = D;
  const safe = stride === 1 ? words[base]! | 0 : safeValue(words, base, stride);
  if (safe === safe) {
    // Not NaN: fits in 53 bits.
    let v = safe < 0 ? -safe : safe;
    while (v >= 100) {
      const q = Math.floor(v / 100);
      const r = 2 * (v - q * 100);
      digits[--start] = PAIRS[r + 1]!;
      digits[--start] = PAIRS[r]!;
      v = q;
    }
    if (v >= 10) {
      digits[--start] = PAIRS[2 * v + 1]!;
      digits[--start] = PAIRS[2 * v]!;
    } else digits[--start] = 48 + v;
  } else {
    const nLimbs = 2 * stride;
    let carry = negative ? 1 : 0;
    for (let k = 0; k < stride; k++) {
      let w = words[base + k]!;
      if (negative) w = ~w >>> 0;
      let lo = (w & 0xffff) + carry;
      carry = lo >>> 16;
      lo &= 0xffff;
      let hi = (w >>> 16) + carry;
      carry = hi >>> 16;
      hi &= 0xffff;
      limbs[2 * k] = lo;
      limbs[2 * k + 1] = hi;
    }
    let top = nLimbs - 1;
    while (top >= 0 && limbs[top] === 0) top--;
    while (top >= 0) {
      let rem = 0;
      for (let j = top; j >= 0; j--) {
        const cur = rem * 65536 + limbs[j]!;
        const q = Math.floor(cur / 1e9);
        limbs[j] = q;
        rem = cur - q * 1e9;
      }
      while (top >= 0 && limbs[top] === 0) top--;
      // Nine digits per round; the last round's leading zeros are trimmed below.
      for (let k = 0; k < 9; k++) {
        const q = Math.floor(rem / 10);
        digits[--start] = 48 + (rem - q * 10);
        rem = q;
      }
    }
    while (start < D - 1 && digits[start] === 48) start++;
    if (start === D) digits[--start] = 48;
  }
  const len = D - start;
  out.reserve(len + (scale > 0 ? scale + 3 : scale < 0 ? -scale + 1 : 1));
  const b = out.buf;
  let o = out.length;
  if (negative) b[o++] = 45;
  if (scale > 0) {
    if (len <= scale) {
      b[o++] = 48;
      b[o++] = 46;
      for (let k = len; k < scale; k++) b[o++] = 48;
      for (let k = start; k < D; k++) b[o++] = digits[k]!;
    } else {
      const point = D - scale;
      for (let k = start; k < point; k++) b[o++] = digits[k]!;
      b[o++] = 46;
      for (let k = point; k < D; k++) b[o++] = digits[k]!;
    }
  } else {
    for (let k = start; k < D; k++) b[o++] = digits[k]!;
    if (scale < 0 && !(len === 1 && digits[start] === 48)) for (let k = 0; k < -scale; k++) b[o++] = 48;
  }
  out.length = o;
}

/** The value of a decimal's words (stride ≥ 2) when words 2.. sign-extend word 1 and it is within ±2^53, else NaN. */
function safeValue(words: Uint32Array, base: number, stride: number): number {
  const w1 = words[base + 1]!;
  const ext = w1 & 0x80000000 ? 0xffffffff : 0;
  for (let k = 2; k < stride; k++) if (words[base + k] !== ext) return NaN;
  // A signed high word within ±2^21 keeps hi * 2^32 + lo inside ±2^53.
  const hi = w1 | 0;
  if (hi >= 0x200000 || hi < -0x200000) return NaN;
  return hi * 4294967296 + words[base]!;
}
