import { HashSet64 } from './hash-set.js';

/**
 * Where an exact distinct count parks hashes past its memory limit. Core knows no files: the
 * caller passes one (publish writes partition files in the run's private folder);
 * `memoryHashSpill` keeps them in memory for tests and embedders.
 */
export interface HashSpill {
  /** Append (lo, hi) hash pairs to partition `p`. */
  append(p: number, pairs: Int32Array): void;
  /** Every pair appended to partition `p`, in chunks. */
  read(p: number): Int32Array[];
  /** Remove what was parked. */
  dispose(): void;
}

export function memoryHashSpill(): HashSpill {
  const parts = new Map<number, Int32Array[]>();
  return {
    append(p, pairs) { const l = parts.get(p); if (l) l.push(pairs); else parts.set(p, [pairs]); },
    read(p) { return parts.get(p) ?? []; },
    dispose() { parts.clear(); },
  };
}

export interface ExactDistinctOptions {
  /** Hashes held in memory before they go to the spill, 16 to 32 bytes each in the table. Default 2,000,000 (at most 64 MB). */
  maxInMemory?: number;
  /** Partitions of the spill (each is counted alone). Default 16. */
  partitions?: number;
  /** Called the first time the count spills; default: in memory (memoryHashSpill). */
  spill?: () => HashSpill;
}

/**
 * An exact distinct count for a `unique` column, in bounded memory, as the class statistics
 * spill (io/spill-class-stats.ts): past `maxInMemory` hashes, the set is written out to
 * partitions by the top bits of `hi` and emptied; at the end each partition is counted alone, so
 * memory holds about 1/partitions of the values. Exact up to 64-bit hash collisions:
 * probability about n^2 / 2^65 (3 · 10^-6 at 10,000,000 values), and a collision can only make
 * two different values look like a duplicate, never hide one.
 */
export class ExactDistinct {
  private set = new HashSet64(1024);
  private spill: HashSpill | null = null;
  private readonly limit: number;
  private readonly parts: number;
  private readonly shift: number;

  constructor(private readonly options: ExactDistinctOptions = {}) {
    this.limit = options.maxInMemory ?? 2_000_000;
    let parts = 1;
    while (parts < (options.partitions ?? 16)) parts *= 2;
    this.parts = parts;
    // `>>> 32` is a no-op in JS, so one partition masks the shift away instead.
    this.shift = parts === 1 ? 0 : 32 - Math.log2(parts);
  }

  add(lo: number, hi: number): void {
    if (this.set.add(lo, hi) && this.set.size > this.limit) this.flush();
  }

  get spilled(): boolean {
    return this.spill !== null;
  }

  /** Add every hash of `other` (which is left empty and disposed). */
  merge(other: ExactDistinct): void {
    const p = other.set.pairs();
    for (let k = 0; k < p.length; k += 2) this.add(p[k]!, p[k + 1]!);
    if (other.spill !== null) {
      for (let q = 0; q < other.parts; q++) {
        for (const chunk of other.spill.read(q)) for (let k = 0; k < chunk.length; k += 2) this.add(chunk[k]!, chunk[k + 1]!);
      }
    }
    other.dispose();
  }

  /** The exact count; reads the spill back one partition at a time. */
  count(): number {
    if (this.spill === null) return this.set.size;
    this.flush();
    let total = 0;
    const one = new HashSet64(1024);
    for (let q = 0; q < this.parts; q++) {
      one.clear();
      for (const chunk of this.spill.read(q)) for (let k = 0; k < chunk.length; k += 2) one.add(chunk[k]!, chunk[k + 1]!);
      total += one.size;
    }
    return total;
  }

  dispose(): void {
    this.spill?.dispose();
    this.spill = null;
    this.set = new HashSet64(16);
  }

  private flush(): void {
    this.spill ??= (this.options.spill ?? memoryHashSpill)();
    const pairs = this.set.pairs();
    const counts = new Int32Array(this.parts);
    for (let k = 1; k < pairs.length; k += 2) counts[(pairs[k]! >>> this.shift) & (this.parts - 1)]!++;
    const out = Array.from(counts, (c) => new Int32Array(c * 2));
    const fill = new Int32Array(this.parts);
    for (let k = 0; k < pairs.length; k += 2) {
      const q = (pairs[k + 1]! >>> this.shift) & (this.parts - 1);
      const o = fill[q]!;
      out[q]![o] = pairs[k]!;
      out[q]![o + 1] = pairs[k + 1]!;
      fill[q] = o + 2;
    }
    for (let q = 0; q < this.parts; q++) if (out[q]!.length > 0) this.spill.append(q, out[q]!);
    this.set = new HashSet64(1024);
  }
}
