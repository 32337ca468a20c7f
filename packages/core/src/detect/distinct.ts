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
