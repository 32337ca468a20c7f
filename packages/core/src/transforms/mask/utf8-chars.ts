import type { GrowableBytes } from '../../kernels/buffers.js';

/**
 * Code-point arithmetic on UTF-8 bytes. Arrow guarantees valid UTF-8, so a code point starts at
 * every byte that is not a continuation byte (10xxxxxx); counting and cutting at those bytes
 * never splits a sequence.
 */

/** True when every byte of src[s, e) is below 0x80. */
export function isAscii(src: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (src[i]! >= 0x80) return false;
  return true;
}

export function countCodePoints(src: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if ((src[i]! & 0xc0) !== 0x80) n++;
  return n;
}

/** Byte index just after the first `n` code points of src[s, e) (e when there are fewer). */
export function advanceCodePoints(src: Uint8Array, s: number, e: number, n: number): number {
  let i = s;
  while (n > 0 && i < e) {
    i++;
    while (i < e && (src[i]! & 0xc0) === 0x80) i++;
    n--;
  }
  return i;
}

/** Byte index where the last `n` code points of src[s, e) start (s when there are fewer). */
export function retreatCodePoints(src: Uint8Array, s: number, e: number, n: number): number {
  let i = e;
  while (n > 0 && i > s) {
    i--;
    while (i > s && (src[i]! & 0xc0) === 0x80) i--;
    n--;
  }
  return i;
}

/** Length in bytes of the UTF-8 sequence starting with `lead`. */
export function seqLength(lead: number): number {
  return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** Decode the code point at byte i (a sequence start). */
export function codePointAt(src: Uint8Array, i: number): number {
  const b = src[i]!;
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (src[i + 1]! & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
  return ((b & 0x07) << 18) | ((src[i + 1]! & 0x3f) << 12) | ((src[i + 2]! & 0x3f) << 6) | (src[i + 3]! & 0x3f);
}

/** Append `count` copies of the mask character's bytes. */
export function writeMask(out: GrowableBytes, mask: Uint8Array, count: number): void {
  if (count <= 0) return;
  const m = mask.length;
  out.reserve(m * count);
  const b = out.buf;
  let o = out.length;
  if (m === 1) {
    const c = mask[0]!;
    for (let k = 0; k < count; k++) b[o++] = c;
  } else {
    for (let k = 0; k < count; k++) for (let j = 0; j < m; j++) b[o++] = mask[j]!;
  }
  out.length = o;
}

/** Replace every code point of src[s, e) by the mask character. */
export function writeMaskAll(src: Uint8Array, s: number, e: number, out: GrowableBytes, mask: Uint8Array): void {
  writeMask(out, mask, countCodePoints(src, s, e));
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function encodeUtf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Append src[s, e) to out. Values are short (IDs, names, addresses): a byte loop beats
 * subarray + set, which allocates a view per call, up to a few dozen bytes.
 */
export function appendBytes(out: GrowableBytes, src: Uint8Array, s: number, e: number): void {
  const n = e - s;
  out.reserve(n);
  if (n > 96) {
    out.buf.set(src.subarray(s, e), out.length);
    out.length += n;
    return;
  }
  const b = out.buf;
  let o = out.length;
  for (let i = s; i < e; i++) b[o++] = src[i]!;
  out.length = o;
}
