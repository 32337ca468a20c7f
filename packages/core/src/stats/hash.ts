/**
 * 64-bit value hashes for distinct counting, as two 32-bit halves. `lo` decides a hash-table slot
 * and an HLL register, `hi` the spill partition and the HLL rank, so the four uses read
 * independent bits. Both halves get a final avalanche: per-byte FNV alone leaves the top bits of
 * short values (dates, codes) poorly mixed.
 */

/** murmur3's fmix32. */
export function mix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Hash src[s, e) into out[0] (lo) and out[1] (hi). Readable reference of the loop that the
 * profile kernels inline (they also count characters in the same pass).
 */
export function hashBytes64(src: Uint8Array, s: number, e: number, out: Int32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9 ^ (e - s);
  for (let k = s; k < e; k++) {
    const b = src[k]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
  }
  out[0] = mix32(h1 ^ (h2 >>> 7));
  out[1] = mix32(h2 ^ Math.imul(h1, 0x27d4eb2f));
}
