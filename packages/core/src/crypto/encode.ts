/** Output encodings of MAC bytes, written straight into an output byte buffer. */
export type TagEncoding = 'hex' | 'base32';

const HEX = new TextEncoder().encode('0123456789abcdef');
/** RFC 4648 base32 alphabet, lower-cased, no padding. */
const B32 = new TextEncoder().encode('abcdefghijklmnopqrstuvwxyz234567');

/** How many output characters `bytes` tag bytes give in an encoding (the most `length` may ask for). */
export function encodedChars(bytes: number, enc: TagEncoding): number {
  return enc === 'hex' ? bytes * 2 : Math.ceil((bytes * 8) / 5);
}

/** Write the first `chars` hex characters of `src[off..]` at `dst[at..]`. */
export function hexInto(src: Uint8Array, off: number, chars: number, dst: Uint8Array, at: number): void {
  const full = chars >> 1;
  for (let i = 0; i < full; i++) {
    const b = src[off + i]!;
    dst[at++] = HEX[b >> 4]!;
    dst[at++] = HEX[b & 15]!;
  }
  if (chars & 1) dst[at] = HEX[src[off + full]! >> 4]!;
}

/** Write the first `chars` base32 characters of the `len` bytes at `src[off..]` into `dst[at..]`. */
export function base32Into(src: Uint8Array, off: number, len: number, chars: number, dst: Uint8Array, at: number): void {
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (let c = 0; c < chars; c++) {
    if (bits < 5) {
      const next = i < len ? src[off + i]! : 0;
      i++;
      acc = ((acc << 8) | next) & 0xffff;
      bits += 8;
    }
    dst[at + c] = B32[(acc >> (bits - 5)) & 31]!;
    bits -= 5;
  }
}

/** Two hex characters per byte as one little-endian 16-bit word: "ab" = 0x6261. */
const HEX16 = new Uint16Array(256);
for (let b = 0; b < 256; b++) HEX16[b] = HEX[b >> 4]! | (HEX[b & 15]! << 8);

/** Hex of `bytes` bytes of `src[off..]` into the 16-bit words `dst[word..]` (even output offsets). */
export function hexInto16(src: Uint8Array, off: number, bytes: number, dst: Uint16Array, word: number): void {
  for (let i = 0; i < bytes; i++) dst[word + i] = HEX16[src[off + i]!]!;
}
