/**
 * Distinct-count estimate: exact up to `cap` distinct 52-bit hashes, then adaptive sampling
 * (keep only hashes whose top `level` bits are zero, estimate = kept × 2^level), which stays
 * within a few percent at any cardinality with at most `cap` entries in memory.
 */
export class DistinctCounter {
  private set = new Set<number>();
  private level = 0;
  constructor(private readonly cap = 100_000) {}

  /** Add the value whose two 32-bit hashes are `h1`, `h2`. */
  add(h1: number, h2: number): void {
    if (this.level > 0 && h1 >>> (32 - this.level) !== 0) return;
    this.set.add((h1 >>> 0) * 1048576 + (h2 & 0xfffff));
    if (this.set.size > this.cap) this.raise();
  }

  get exact(): boolean {
    return this.level === 0;
  }

  estimate(): number {
    return this.set.size * 2 ** this.level;
  }

  private raise(): void {
    while (this.set.size > this.cap) {
      this.level++;
      const next = new Set<number>();
      const shift = 32 - this.level;
      for (const k of this.set) if (Math.floor(k / 1048576) >>> shift === 0) next.add(k);
      this.set = next;
    }
  }
}

/** Two independent 32-bit hashes (FNV-1a and a multiplicative hash) of `src[s, e)`. */
export function hashBytes(src: Uint8Array, s: number, e: number, out: Int32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9 ^ (e - s);
  for (let k = s; k < e; k++) {
    const b = src[k]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // Final avalanche so the top bits used for sampling are well mixed.
  h1 ^= h1 >>> 16; h1 = Math.imul(h1, 0x85ebca6b); h1 ^= h1 >>> 13; h1 = Math.imul(h1, 0xc2b2ae35); h1 ^= h1 >>> 16;
  out[0] = h1;
  out[1] = h2;
}
