import type { RecordBatch } from 'apache-arrow';
import { ClassStats, combineRisk, decodeClassStats, mergeInto, packStates, readClassRecords, riskSummary, unpackStates, writeClassRecords, type RiskSummary, type TransferState } from '@tuomin/core/internal';
import { SealedBuckets } from '@tuomin/io/internal';

/**
 * Classes over the attacker-known columns held in memory before they spill: about 190 bytes each
 * with three 40-byte values (ClassStats.memoryBytes at 1,000,000 classes: 187 MB), so about 50 MB.
 * At 8,000,000 rows of the penalties extract, near one class per record, the table held whole
 * reached 1,245 MB of the run's 2,247 MB peak (docs/performance.md, seventh session). Kept small
 * because a flush allocates about as much again (the bucket records and each column's values),
 * and freed memory stays in the process (glibc keeps up to MALLOC_TRIM_THRESHOLD_ per arena).
 */
export const KNOWN_CLASSES_IN_MEMORY = 250_000;

/**
 * Bucket files per spill. Reducing holds one bucket's classes: at 64 buckets, 8,000,000 distinct
 * classes are 125,000 per bucket, half of KNOWN_CLASSES_IN_MEMORY.
 */
export const KNOWN_CLASS_BUCKETS = 64;

/** Where and when the known columns' classes spill. */
export interface KnownSpill {
  /** Classes held in memory before they spill; Infinity never spills. Default KNOWN_CLASSES_IN_MEMORY. */
  maxInMemory?: number | undefined;
  /** Bucket files (each reduced alone). Default KNOWN_CLASS_BUCKETS. */
  buckets?: number | undefined;
  /** The run's private spill folder (staging.ts); default the OS temp folder. */
  dir?: string | undefined;
}

export interface ColumnCount {
  column: string;
  /** Non-empty values. */
  rows: number;
  distinct: number;
  /** Smallest class of the column alone (its values, null and empty included). */
  minClass: number;
  recordsBelowK: number;
}

/** What the review reads of the known columns' classes: their risk and each column alone. */
export interface KnownFigures {
  risk: RiskSummary;
  counts: ColumnCount[];
}

/** No cap of its own: KnownClasses spills long before (core's default would throw at 50,000,000). */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

interface KnownMeta {
  qi: string[];
  /** Buckets the spill was written with. */
  buckets: number;
  /** The spill's folder and files; its key is the state's last part. */
  spill: { folder: string; names: string[] } | null;
}

/**
 * The classes over the attacker-known columns of a release, in bounded memory: counted in memory
 * (core ClassStats) until they pass `maxInMemory`, then written, hash-partitioned by the class's
 * values, to sealed bucket files (io SealedBuckets: encrypted under a key held only in memory),
 * and counted afresh. Each column's value counts are spilled beside them, partitioned by value,
 * since a value's records span classes of every bucket. `figures` reduces one bucket at a time:
 * the risk of disjoint classes joins exactly (core combineRisk), as the counts of disjoint values
 * do, so the figures are the same whether anything spilled, and for any partitioning.
 */
export class KnownClasses {
  private mem: ClassStats;
  private spill: SealedBuckets | null;
  private readonly limit: number;
  /** Buckets of the spill: this collector's own, or those of a spill it took over. */
  private buckets: number;
  private readonly dir: string | undefined;

  private constructor(readonly qi: string[], options: KnownSpill, mem: ClassStats | null = null, spill: SealedBuckets | null = null) {
    this.limit = options.maxInMemory ?? KNOWN_CLASSES_IN_MEMORY;
    this.buckets = options.buckets ?? KNOWN_CLASS_BUCKETS;
    this.dir = options.dir;
    if (!(this.limit >= 1) || !Number.isInteger(this.buckets) || this.buckets < 1) throw new TypeError('a known-classes spill needs a limit of at least one class and a whole number of buckets');
    this.mem = mem ?? fresh(qi);
    this.spill = spill;
  }

  static start(qi: readonly string[], options: KnownSpill = {}): KnownClasses {
    return new KnownClasses([...qi], options);
  }

  add(batch: RecordBatch): void {
    this.mem.add(batch);
    if (this.mem.classes > this.limit) this.flush();
  }

  /** Take in the classes of other rows (`other` is used up: its spill moves into this one). */
  merge(other: KnownClasses): void {
    if (other.qi.join('\u0000') !== this.qi.join('\u0000')) throw new TypeError('merging the classes of different known columns');
    mergeInto(this.mem, other.mem);
    if (other.spill) {
      if (this.spill === null) {
        // Nothing spilled here yet: the other's spill becomes this one, buckets and all.
        this.spill = other.spill;
        this.buckets = other.buckets;
      } else if (other.buckets === this.buckets) {
        other.spill.moveInto(this.spill);
      } else {
        this.rebucket(other.spill);
      }
      other.spill = null;
    }
    if (this.mem.classes > this.limit) this.flush();
  }

  /**
   * The state for the coordinator (same process): the classes in memory (core's encode) and, if
   * any spilled, the spill by reference with its key as a buffer (never written anywhere).
   */
  encode(): TransferState<'known-classes'> {
    const ref = this.spill?.ref() ?? null;
    const meta: KnownMeta = { qi: this.qi, buckets: this.buckets, spill: ref ? { folder: ref.folder, names: ref.names } : null };
    return packStates('known-classes', meta, [this.mem.encode(), ...(ref ? [{ kind: 'key', version: 1 as const, meta: null, buffers: [ref.key] }] : [])]);
  }

  /** The classes of `encode()`'s state, spilling past `options` from now on; the state's spill is owned by the result. */
  static decode(state: TransferState, options: KnownSpill = {}): KnownClasses {
    const { meta, parts } = unpackStates(state, 'known-classes');
    const m = meta as KnownMeta;
    if (!Array.isArray(m.qi) || !Number.isInteger(m.buckets) || parts.length !== (m.spill ? 2 : 1)) throw new TypeError('a known-classes state of another shape');
    const spill = m.spill ? SealedBuckets.adopt({ ...m.spill, key: parts[1]!.buffers[0]! }) : null;
    // A spill is read with the buckets it was written with, whatever this side would choose.
    return new KnownClasses(m.qi, spill ? { ...options, buckets: m.buckets } : options, decodeClassStats(parts[0]!), spill);
  }

  /**
   * The risk over the known columns together and each column alone. Reads the spill one bucket
   * at a time and removes it, whatever happens: call once.
   */
  figures(k: number): KnownFigures {
    if (this.spill === null) return { risk: riskSummary(this.mem, { k }), counts: knownColumnCounts(this.mem, k) };
    try {
      this.flush();
      const spill = this.spill;
      const parts: RiskSummary[] = [];
      for (let b = 0; b < this.buckets; b++) {
        if (!spill.has(classFile(b))) continue;
        // Memory holds this bucket's classes only: about 1/buckets of them.
        parts.push(riskSummary(readClassRecords(fresh(this.qi), spill.read(classFile(b))), { k }));
      }
      const counts = this.qi.map((column, j) => {
        const buckets: ColumnCount[] = [];
        for (let b = 0; b < this.buckets; b++) {
          if (spill.has(valueFile(j, b))) buckets.push(knownColumnCounts(readClassRecords(fresh([column]), spill.read(valueFile(j, b))), k)[0]!);
        }
        return joinDisjointValues(column, buckets);
      });
      return { risk: combineRisk(parts, { k }), counts };
    } finally {
      this.dispose();
    }
  }

  /** Remove the spill (after `figures`, or when the run fails). */
  dispose(): void {
    this.spill?.dispose();
    this.spill = null;
    this.mem = fresh(this.qi);
  }

  /** Another spill's files, written with other buckets, partitioned again into this one's (one file in memory at a time); `from` is disposed. */
  private rebucket(from: SealedBuckets): void {
    const to = this.spill!;
    for (const name of from.names()) {
      const column = /^column-(\d+)-\d+\.bin$/.exec(name);
      const j = column ? Number(column[1]) : -1;
      const records = readClassRecords(fresh(j < 0 ? this.qi : [this.qi[j]!]), from.read(name));
      writeClassRecords(records, this.buckets).forEach((bytes, b) => to.append(j < 0 ? classFile(b) : valueFile(j, b), bytes));
    }
    from.dispose();
  }

  private open(): SealedBuckets {
    return SealedBuckets.open(this.dir, 'tuomin-risk-');
  }

  /**
   * The classes in memory to the bucket files, and each column's values with their record
   * counts beside them; memory starts afresh. Records carry values as bytes (core
   * writeClassRecords), sealed before they reach the disk.
   */
  private flush(): void {
    const mem = this.mem;
    if (mem.classes === 0) return;
    this.spill ??= this.open();
    const spill = this.spill;
    writeClassRecords(mem, this.buckets).forEach((bytes, b) => spill.append(classFile(b), bytes));
    this.qi.forEach((column, j) => {
      writeClassRecords(valuesOf(mem, j, column), this.buckets).forEach((bytes, b) => spill.append(valueFile(j, b), bytes));
    });
    this.mem = fresh(this.qi);
  }
}

const classFile = (b: number): string => `classes-${b}.bin`;
const valueFile = (j: number, b: number): string => `column-${j}-${b}.bin`;

function fresh(qi: readonly string[]): ClassStats {
  return new ClassStats({ quasiIdentifiers: [...qi], maxClasses: UNCAPPED });
}

/** Column j alone as class statistics of one column: each value with the records of the classes that hold it. */
function valuesOf(st: ClassStats, j: number, column: string): ClassStats {
  const one = fresh([column]);
  const perValue = valueTotals(st, j);
  const codes = st.qiDicts[j]!.codesIn(one.qiDicts[0]!);
  const tuple = new Int32Array(1);
  for (let code = 0; code < perValue.length; code++) {
    if (perValue[code] === 0) continue;
    tuple[0] = codes[code]!;
    one.table.add(tuple, 0, perValue[code]!);
  }
  one.rows = st.rows;
  return one;
}

/** Records per value code of column j: the sums of the class counts (no second table). */
function valueTotals(st: ClassStats, j: number): Float64Array {
  const w = st.qi.length;
  const codes = st.table.codes.buf;
  const counts = st.table.counts;
  const perValue = new Float64Array(st.qiDicts[j]!.size);
  for (let c = 0; c < st.table.size; c++) perValue[codes[c * w + j]!]! += counts[c]!;
  return perValue;
}

/**
 * Each attacker-known column alone, from the classes over all of them. Null and empty values
 * form classes but are not values that single anyone out.
 */
export function knownColumnCounts(st: ClassStats, k: number): ColumnCount[] {
  return st.qi.map((column, j) => {
    const dict = st.qiDicts[j]!;
    const perValue = valueTotals(st, j);
    let rows = 0, distinct = 0, minClass = Infinity, below = 0;
    for (let code = 0; code < dict.size; code++) {
      const n = perValue[code]!;
      if (n === 0) continue;
      if (n < minClass) minClass = n;
      if (n < k) below += n;
      if (code === 0 || dict.bytesOf(code).length === 0) continue;
      rows += n;
      distinct++;
    }
    return { column, rows, distinct, minClass: minClass === Infinity ? 0 : minClass, recordsBelowK: below };
  });
}

/** One column's counts over disjoint sets of its values (the buckets): exact, as over all of them. */
function joinDisjointValues(column: string, parts: readonly ColumnCount[]): ColumnCount {
  let rows = 0, distinct = 0, minClass = Infinity, below = 0;
  for (const p of parts) {
    rows += p.rows;
    distinct += p.distinct;
    below += p.recordsBelowK;
    if (p.minClass > 0 && p.minClass < minClass) minClass = p.minClass;
  }
  return { column, rows, distinct, minClass: minClass === Infinity ? 0 : minClass, recordsBelowK: below };
}
