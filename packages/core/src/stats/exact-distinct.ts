import { HashSet64 } from './hash-set.js';
import { checkState, type TransferState } from './transfer.js';

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
  /**
   * A JSON-able reference another thread or process can reopen (`ExactDistinctOptions.reopen`)
   * instead of receiving the pairs: a spill's files on a disk both can read. Absent for a spill
   * that lives in this process's memory: its pairs travel in the state's buffers.
   */
  ref?(): unknown;
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
  /** Reopens a spill a decoded state refers to (`HashSpill.ref`); a state with a reference and no `reopen` is refused. */
  reopen?: (ref: unknown) => HashSpill;
}

interface ExactDistinctMeta {
  parts: number;
  /** The set's pairs are buffer 0; then either a spill reference or, per spill partition, how many buffers hold its chunks. */
  spillRef: unknown;
  spillChunks: number[] | null;
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

  /**
   * The state for another thread or process, and the spill with it: this object is emptied (its
   * spill is not disposed, the decoded one owns it). A file spill travels as its reference
   * (`HashSpill.ref`: the same machine, or storage every worker shares); an in-memory one as its
   * chunks. Merging the decoded state counts exactly what merging this object would.
   */
  encode(): TransferState<'exact-distinct'> {
    const buffers: ArrayBuffer[] = [this.set.pairs().buffer as ArrayBuffer];
    const meta: ExactDistinctMeta = { parts: this.parts, spillRef: null, spillChunks: null };
    const spill = this.spill;
    if (spill !== null) {
      const ref = spill.ref?.();
      if (ref !== undefined) meta.spillRef = ref;
      else {
        meta.spillChunks = [];
        for (let q = 0; q < this.parts; q++) {
          const chunks = spill.read(q);
          meta.spillChunks.push(chunks.length);
          for (const c of chunks) buffers.push(c.slice().buffer);
        }
      }
    }
    this.spill = null;
    this.set = new HashSet64(16);
    return { kind: 'exact-distinct', version: 1, meta, buffers };
  }

  /** An ExactDistinct over a state from `encode`; `options` are this side's (memory limit, where it spills, how to reopen a referenced spill). */
  static decode(s: TransferState, options: ExactDistinctOptions = {}): ExactDistinct {
    checkState(s, 'exact-distinct');
    const m = s.meta as ExactDistinctMeta;
    const first = s.buffers[0];
    if (first === undefined || first.byteLength % 8 !== 0 || !Number.isInteger(m.parts) || m.parts < 1) throw new TypeError('an exact-distinct state without its hashes');
    // The spill's partitions were cut by this many top bits: the decoded count keeps them.
    const d = new ExactDistinct({ ...options, partitions: m.parts });
    const pairs = new Int32Array(first);
    d.set = new HashSet64(Math.max(16, pairs.length / 2));
    for (let k = 0; k < pairs.length; k += 2) d.set.add(pairs[k]!, pairs[k + 1]!);
    if (m.spillRef !== null && m.spillRef !== undefined) {
      if (options.reopen === undefined) throw new TypeError('an exact-distinct state refers to a spill, and no reopen was given');
      d.spill = options.reopen(m.spillRef);
    } else if (m.spillChunks !== null) {
      const mem = memoryHashSpill();
      let b = 1;
      m.spillChunks.forEach((n, q) => {
        for (let k = 0; k < n; k++) {
          const buf = s.buffers[b++];
          if (buf === undefined || buf.byteLength % 8 !== 0) throw new TypeError('an exact-distinct state whose spill chunks do not match its buffers');
          mem.append(q, new Int32Array(buf));
        }
      });
      d.spill = mem;
    }
    return d;
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
