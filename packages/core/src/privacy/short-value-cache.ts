import type { ValueDict } from './value-dict.js';

const BITS = 12;
const ENTRIES = 1 << BITS;
const STRIDE = 8; // lo, mid, hi, len + 1, code, (pad): 32 bytes, one cache line holds two entries
const MAX_LEN = 12;
// Little-endian masks keeping the first `len` bytes of each 4-byte word.
const LO = new Int32Array(MAX_LEN + 1);
const MID = new Int32Array(MAX_LEN + 1);
const HI = new Int32Array(MAX_LEN + 1);
for (let len = 0; len <= MAX_LEN; len++) {
  const keep = (k: number): number => (k >= 4 ? -1 : k <= 0 ? 0 : (1 << (8 * k)) - 1);
  LO[len] = keep(len);
  MID[len] = keep(len - 4);
  HI[len] = keep(len - 8);
}

/**
 * A direct-mapped cache in front of a ValueDict for values of up to 12 bytes (codes, districts,
 * age bands, sexes: nearly every quasi-identifier). A value is read as three masked 32-bit words
 * and found by comparing those words, so the common lookup has no byte loop, no FNV hash and no
 * probe of the dictionary. A miss (a new value, a collision, a value near the end of the buffer
 * or longer than 12 bytes) asks the dictionary and refills the entry; the cache never decides a
 * code on its own, so it cannot change results.
 */
export class ShortValueCache {
  private readonly e = new Int32Array(ENTRIES * STRIDE);

  constructor(private readonly dict: ValueDict) {}

  /**
   * Codes of src[offsets[i], offsets[i+1]) for i in [0, n) into out; with `bits`, rows whose
   * validity bit (bitOffset + i) is clear get code 0 (null).
   */
  encodeAll(src: Uint8Array, offsets: Int32Array, n: number, out: Int32Array, bits: Uint8Array | null, bitOffset: number): void {
    const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const limit = src.byteLength - MAX_LEN;
    const t = this.e;
    for (let i = 0; i < n; i++) {
      if (bits !== null) {
        const j = bitOffset + i;
        if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) { out[i] = 0; continue; }
      }
      const s = offsets[i]!, len = offsets[i + 1]! - s;
      if (len > MAX_LEN || s > limit) { out[i] = this.dict.code(src, s, s + len); continue; }
      const lo = dv.getInt32(s, true) & LO[len]!;
      const mid = dv.getInt32(s + 4, true) & MID[len]!;
      const hi = dv.getInt32(s + 8, true) & HI[len]!;
      const h = (Math.imul(lo ^ Math.imul(mid, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b) ^ len, 0xc2b2ae35) >>> (32 - BITS)) * STRIDE;
      if (t[h] === lo && t[h + 1] === mid && t[h + 2] === hi && t[h + 3] === len + 1) {
        out[i] = t[h + 4]!;
        continue;
      }
      const code = this.dict.code(src, s, s + len);
      t[h] = lo; t[h + 1] = mid; t[h + 2] = hi; t[h + 3] = len + 1; t[h + 4] = code;
      out[i] = code;
    }
  }
}
