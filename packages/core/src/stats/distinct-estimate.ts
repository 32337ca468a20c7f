import { HashSet64 } from './hash-set.js';
import { HyperLogLog } from './hll.js';

/** Distinct values counted exactly up to this many; past it, by HyperLogLog (hll.ts). */
export const EXACT_DISTINCT_UP_TO = 16_384;

/**
 * The one distinct counter of the codebase (column statistics, the detectors' profile, the
 * published-risk review's near-unique check), fed with hash.ts hashBytes64: exact (by 64-bit
 * hash) while it stays at or below `exactUpTo` (default EXACT_DISTINCT_UP_TO), then a
 * HyperLogLog estimate (±0.81 % standard error). The sketch is filled from the exact set when it
 * overflows, so the state depends only on the set of values: merging partial counts gives what
 * one pass gives.
 */
export class DistinctEstimate {
  private set: HashSet64 | null = new HashSet64(256);
  private hll: HyperLogLog | null = null;

  constructor(private readonly exactUpTo = EXACT_DISTINCT_UP_TO) {}

  add(lo: number, hi: number): void {
    if (this.set !== null) {
      if (this.set.add(lo, hi) && this.set.size > this.exactUpTo) this.toSketch();
    } else this.hll!.add(lo, hi);
  }

  get exact(): boolean {
    return this.set !== null;
  }

  count(): number {
    return this.set !== null ? this.set.size : this.hll!.estimate();
  }

  merge(other: DistinctEstimate): void {
    if (other.set !== null) {
      const p = other.set.pairs();
      for (let k = 0; k < p.length; k += 2) this.add(p[k]!, p[k + 1]!);
      return;
    }
    if (this.set !== null) this.toSketch();
    this.hll!.merge(other.hll!);
  }

  private toSketch(): void {
    const hll = new HyperLogLog();
    const p = this.set!.pairs();
    for (let k = 0; k < p.length; k += 2) hll.add(p[k]!, p[k + 1]!);
    this.hll = hll;
    this.set = null;
  }
}
