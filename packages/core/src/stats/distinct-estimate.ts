import { HashSet64 } from './hash-set.js';
import { HyperLogLog } from './hll.js';
import { checkState, ownBuffer, type TransferState } from './transfer.js';

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

  /**
   * The state for another thread or process: the exact set's hashes, or the sketch's registers.
   * `DistinctEstimate.decode(encode(x))` merges like `x` (the state is a function of the values seen).
   */
  encode(): TransferState<'distinct-estimate'> {
    if (this.set !== null) return { kind: 'distinct-estimate', version: 1, meta: { exactUpTo: this.exactUpTo, sketch: false }, buffers: [this.set.pairs().buffer as ArrayBuffer] };
    return { kind: 'distinct-estimate', version: 1, meta: { exactUpTo: this.exactUpTo, sketch: true }, buffers: [ownBuffer(this.hll!.registers)] };
  }

  static decode(s: TransferState): DistinctEstimate {
    checkState(s, 'distinct-estimate');
    const m = s.meta as { exactUpTo: number; sketch: boolean };
    const buf = s.buffers[0];
    if (s.buffers.length !== 1 || buf === undefined || typeof m.exactUpTo !== 'number') throw new TypeError('a distinct-estimate state needs its bound and one buffer');
    const d = new DistinctEstimate(m.exactUpTo);
    if (m.sketch) {
      d.set = null;
      d.hll = new HyperLogLog(new Uint8Array(buf));
      return d;
    }
    if (buf.byteLength % 8 !== 0) throw new TypeError('a distinct-estimate state whose hashes are not (lo, hi) pairs');
    const p = new Int32Array(buf);
    d.set = new HashSet64(p.length / 2);
    for (let k = 0; k < p.length; k += 2) d.set.add(p[k]!, p[k + 1]!);
    return d;
  }

  private toSketch(): void {
    const hll = new HyperLogLog();
    const p = this.set!.pairs();
    for (let k = 0; k < p.length; k += 2) hll.add(p[k]!, p[k + 1]!);
    this.hll = hll;
    this.set = null;
  }
}
