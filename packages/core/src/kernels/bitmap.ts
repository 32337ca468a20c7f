/** Validity bitmaps, Arrow layout: bit i of byte i>>3, least-significant bit first; 1 = valid. */

export function isValid(bitmap: Uint8Array | null | undefined, index: number): boolean {
  return !bitmap || ((bitmap[index >> 3]! >> (index & 7)) & 1) === 1;
}

export function newBitmap(length: number, allValid = true): Uint8Array {
  const bytes = new Uint8Array(((length + 63) >> 6) << 3);
  if (allValid) bytes.fill(0xff);
  return bytes;
}

export function setBit(bitmap: Uint8Array, index: number, valid: boolean): void {
  if (valid) bitmap[index >> 3]! |= 1 << (index & 7);
  else bitmap[index >> 3]! &= ~(1 << (index & 7));
}

/**
 * Copy `length` validity bits starting at bit `offset` into a new bitmap starting at bit 0.
 * Needed because a sliced column's validity starts at bit `data.offset`.
 */
export function rebaseBitmap(bitmap: Uint8Array, offset: number, length: number): Uint8Array {
  const out = newBitmap(length, false);
  if ((offset & 7) === 0) {
    out.set(bitmap.subarray(offset >> 3, (offset >> 3) + ((length + 7) >> 3)));
    return out;
  }
  for (let i = 0; i < length; i++) {
    const j = offset + i;
    if ((bitmap[j >> 3]! >> (j & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

export function countNulls(bitmap: Uint8Array | null | undefined, length: number): number {
  if (!bitmap) return 0;
  let valid = 0;
  for (let i = 0; i < length; i++) valid += (bitmap[i >> 3]! >> (i & 7)) & 1;
  return length - valid;
}
