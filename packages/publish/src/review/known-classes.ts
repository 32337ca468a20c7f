import type { RecordBatch } from 'apache-arrow';
import { ClassStats, combineRisk, decodeClassStats, mergeInto, packStates, riskFromCounts, riskSummary, unpackStates, type RiskSummary, type TransferState } from '@tuomin/core/internal';
import { SealedBuckets, type SpillIndex } from '@tuomin/io/internal';
import { classIds, ID_WORDS, processIdKey, sameKey, valueIds, type IdKey } from './class-ids.js';
import { rebucketIdRecords, sumIdRecords, writeIdRecords } from './id-records.js';

/**
 * Classes over the attacker-known columns held in memory before they spill: about 190 bytes each
 * with three 40-byte values (ClassStats.memoryBytes at 1,000,000 classes: 187 MB), so about 50 MB.
 * At 8,000,000 rows of the penalties extract, near one class per record, the table held whole
 * reached 1,245 MB of the run's 2,247 MB peak (docs/performance.md, seventh session). Kept small
 * because freed memory stays in the process (glibc keeps up to MALLOC_TRIM_THRESHOLD_ per arena).
 * A flush allocates about 60 bytes per class and per distinct value of each column (identities,
 * cipher state, records); it allocated about as much as the table when it wrote values. Not
 * raised now that spilling is cheap: each class is still written and read once, so a larger limit
 * saves only the runs that fit under it (docs/performance.md, ninth session).
 */
export const KNOWN_CLASSES_IN_MEMORY = 250_000;

/**
 * Bucket files per spill. Reducing holds one bucket's classes: at 64 buckets, 8,000,000 distinct
 * classes are 125,000 per bucket, half of KNOWN_CLASSES_IN_MEMORY.
 */
export const KNOWN_CLASS_BUCKETS = 64;

/**
 * A partition's classes leave its worker as identity records when there are more than this many
 * (encode). Near one class per record, the coordinator otherwise re-coded every worker's values
 * and classes into its own table and computed every identity itself, one thread doing again what
 * the workers had done in parallel: at 500,000 rows and 2 workers, 1.3 of the coordinator's 3.5
 * CPU-s (docs/performance.md, tenth session). Below it the table is small and merging it is cheap.
 */
export const KNOWN_CLASSES_FLUSHED_FOR_TRANSFER = 16_384;

/** Where and when the known columns' classes spill. */
export interface KnownSpill {
  /** Classes held in memory before they spill; Infinity never spills. Default KNOWN_CLASSES_IN_MEMORY. */
  maxInMemory?: number | undefined;
  /** Bucket files (each reduced alone). Default KNOWN_CLASS_BUCKETS. */
  buckets?: number | undefined;
  /** The run's private spill folder (staging.ts); default the OS temp folder. */
  dir?: string | undefined;
  /** Classes above which `encode` writes them as identity records first. Default KNOWN_CLASSES_FLUSHED_FOR_TRANSFER. */
  flushForTransfer?: number | undefined;
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
  /** The spill's folder and the index of its frames; its sealing key and identity key are the state's last part. */
  spill: { folder: string; index: SpillIndex; size: number } | null;
}

/**
 * The classes over the attacker-known columns of a release, in bounded memory: counted in memory
 * (core ClassStats) until they pass `maxInMemory`, then written as fixed-width records (a class's
 * 128-bit keyed identity and its count, class-ids.ts and id-records.ts: no value is written) to
 * bucket files partitioned by identity, sealed (io SealedBuckets: encrypted under a key held only
 * in memory), and counted afresh. Each column's values are spilled beside them the same way, by
 * the value's identity, since a value's records span classes of every bucket. `figures` sums one
 * bucket at a time by identity: the risk of disjoint classes joins exactly (core combineRisk), as
 * the counts of disjoint values do, so the figures are the same whether anything spilled, and for
 * any partitioning (exact unless two identities collide: below 2^-56 at 10^9 values, class-ids.ts).
 */
export class KnownClasses {
  private mem: ClassStats;
  private spill: SealedBuckets | null;
  /**
   * Spills of other partitions taken over as they are (same identity key and buckets): read beside
   * this one's, bucket by bucket, so their records are never opened and sealed again to move them.
   */
  private adopted: SealedBuckets[] = [];
  private readonly limit: number;
  /** Buckets of the spill: this collector's own, or those of a spill it took over. */
  private buckets: number;
  private readonly dir: string | undefined;
  private readonly flushForTransfer: number;
  /** The key of the spill's identities: the process's, or that of a spill taken over. */
  private idKey: IdKey;

  private constructor(readonly qi: string[], options: KnownSpill, mem: ClassStats | null = null, spill: SealedBuckets | null = null, idKey: IdKey = processIdKey()) {
    this.limit = options.maxInMemory ?? KNOWN_CLASSES_IN_MEMORY;
    this.buckets = options.buckets ?? KNOWN_CLASS_BUCKETS;
    this.dir = options.dir;
    this.flushForTransfer = options.flushForTransfer ?? KNOWN_CLASSES_FLUSHED_FOR_TRANSFER;
    if (!(this.limit >= 1) || !Number.isInteger(this.buckets) || this.buckets < 1) throw new TypeError('a known-classes spill needs a limit of at least one class and a whole number of buckets');
    this.mem = mem ?? fresh(qi);
    this.spill = spill;
    this.idKey = idKey;
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
        // Nothing spilled here yet: the other's spill becomes this one, buckets, key and all.
        this.spill = other.spill;
        this.buckets = other.buckets;
        this.idKey = other.idKey;
      } else if (!sameKey(this.idKey, other.idKey)) {
        // Identities under two keys cannot be matched: counting them apart would split classes.
        other.dispose();
        throw new TypeError('merging published-risk spills written under different identity keys (a worker thread started before the process drew its key)');
      } else if (other.buckets === this.buckets) {
        this.adopted.push(other.spill);
      } else {
        this.rebucket(other.spill);
      }
      other.spill = null;
    }
    // Spills the other took over share its key and buckets (checked above when it had one).
    for (const from of other.adopted.splice(0)) {
      if (other.buckets === this.buckets) this.adopted.push(from);
      else this.rebucket(from);
    }
    if (this.mem.classes > this.limit) this.flush();
  }

  /**
   * The state for the coordinator (same process): the classes in memory (core's encode) and, if
   * any spilled, the spill by reference with its sealing key and identity key as buffers (never
   * written anywhere).
   */
  encode(): TransferState<'known-classes'> {
    // Identities are computed where the classes are (a worker), not by the one coordinator.
    if (this.mem.classes > this.flushForTransfer) this.flush();
    // One spill goes by reference: spills taken over are joined into it first (a merged state sent on: rare).
    for (const from of this.adopted.splice(0)) from.moveInto(this.spill!);
    const ref = this.spill?.ref() ?? null;
    const meta: KnownMeta = { qi: this.qi, buckets: this.buckets, spill: ref ? { folder: ref.folder, index: ref.index, size: ref.size } : null };
    const idKey = new ArrayBuffer(this.idKey.bytes.byteLength);
    new Uint8Array(idKey).set(this.idKey.bytes);
    return packStates('known-classes', meta, [this.mem.encode(), ...(ref ? [{ kind: 'key', version: 1 as const, meta: null, buffers: [ref.key, idKey] }] : [])]);
  }

  /** The classes of `encode()`'s state, spilling past `options` from now on; the state's spill is owned by the result. */
  static decode(state: TransferState, options: KnownSpill = {}): KnownClasses {
    const { meta, parts } = unpackStates(state, 'known-classes');
    const m = meta as KnownMeta;
    if (!Array.isArray(m.qi) || !Number.isInteger(m.buckets) || parts.length !== (m.spill ? 2 : 1) || (m.spill && (parts[1]!.buffers.length !== 2 || parts[1]!.buffers[1]!.byteLength !== 64))) throw new TypeError('a known-classes state of another shape');
    const spill = m.spill ? SealedBuckets.adopt({ ...m.spill, key: parts[1]!.buffers[0]! }) : null;
    // A spill is read with the buckets and identity key it was written with, whatever this side would choose.
    const idKey = m.spill ? { bytes: Buffer.from(parts[1]!.buffers[1]!.slice(0)) } : undefined;
    return new KnownClasses(m.qi, spill ? { ...options, buckets: m.buckets } : options, decodeClassStats(parts[0]!), spill, idKey);
  }

  /**
   * The risk over the known columns together and each column alone. Reads the spill one bucket
   * at a time and removes it, whatever happens: call once.
   */
  figures(k: number): KnownFigures {
    if (this.spill === null) return { risk: riskSummary(this.mem, { k }), counts: knownColumnCounts(this.mem, k) };
    try {
      this.flush();
      const spills = [this.spill, ...this.adopted];
      const has = (name: string): boolean => spills.some((s) => s.has(name));
      // One bucket's records of every spill: about 1/buckets of them in memory.
      const read = (name: string): Uint8Array => joinBytes(spills.map((s) => s.read(name)));
      const parts: RiskSummary[] = [];
      for (let b = 0; b < this.buckets; b++) {
        if (!has(classFile(b))) continue;
        const summed = sumIdRecords(read(classFile(b)));
        parts.push(riskFromCounts(summed.counts, summed.size, { k }));
      }
      // Null and the empty string are classes of a column but not values that single anyone out.
      const blank = valueIds(this.idKey, new Uint8Array(0), new Int32Array([0, 0, 0]), 2);
      const counts = this.qi.map((column, j) => {
        const buckets: ColumnCount[] = [];
        for (let b = 0; b < this.buckets; b++) {
          if (has(valueFile(j, b))) buckets.push(spilledValueCounts(column, sumIdRecords(read(valueFile(j, b))), blank, k));
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
    for (const s of this.adopted.splice(0)) s.dispose();
    this.mem = fresh(this.qi);
  }

  /** Another spill's files (same identity key), written with other buckets, partitioned again into this one's (one file in memory at a time); `from` is disposed. */
  private rebucket(from: SealedBuckets): void {
    const to = this.spill!;
    for (const name of from.names()) {
      rebucketIdRecords(from.read(name), this.buckets).forEach((bytes, b) => to.append(name.replace(/-\d+\.bin$/, `-${b}.bin`), bytes));
    }
    from.dispose();
  }

  private open(): SealedBuckets {
    return SealedBuckets.open(this.dir, 'tuomin-risk-');
  }

  /**
   * The classes in memory to the bucket files, and each column's values with their record
   * counts beside them; memory starts afresh. Records carry identities, not values (each
   * distinct value's identity is computed once, a class's from its values'), sealed before they
   * reach the disk.
   */
  private flush(): void {
    const mem = this.mem;
    if (mem.classes === 0) return;
    this.spill ??= this.open();
    const spill = this.spill;
    const ids = mem.qiDicts.map((dict) => {
      const { bytes, starts } = dict.parts();
      return valueIds(this.idKey, bytes, starts, dict.size);
    });
    const table = mem.table;
    writeIdRecords(classIds(this.idKey, table.codes.buf, table.size, ids), table.counts, table.size, this.buckets).forEach((bytes, b) => spill.append(classFile(b), bytes));
    ids.forEach((valueId, j) => {
      writeIdRecords(valueId, valueTotals(mem, j), mem.qiDicts[j]!.size, this.buckets).forEach((bytes, b) => spill.append(valueFile(j, b), bytes));
    });
    this.mem = fresh(this.qi);
  }
}

/** Byte arrays end to end (one array alone is returned as it is). */
function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  const written = parts.filter((p) => p.length > 0);
  if (written.length === 1) return written[0]!;
  const out = new Uint8Array(written.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of written) { out.set(p, at); at += p.length; }
  return out;
}

const classFile = (b: number): string => `classes-${b}.bin`;
const valueFile = (j: number, b: number): string => `column-${j}-${b}.bin`;

function fresh(qi: readonly string[]): ClassStats {
  return new ClassStats({ quasiIdentifiers: [...qi], maxClasses: UNCAPPED });
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

/**
 * One column's counts over one bucket of its spilled values, as knownColumnCounts counts them in
 * memory: `blank` holds the identities of null (code 0) and the empty string (code 1).
 */
function spilledValueCounts(column: string, summed: { ids: Int32Array; counts: Float64Array; size: number }, blank: Int32Array, k: number): ColumnCount {
  let rows = 0, distinct = 0, minClass = Infinity, below = 0;
  const { ids, counts } = summed;
  for (let u = 0; u < summed.size; u++) {
    const n = counts[u]!;
    if (n < minClass) minClass = n;
    if (n < k) below += n;
    const o = u * ID_WORDS;
    if (sameId(ids, o, blank, 0) || sameId(ids, o, blank, ID_WORDS)) continue;
    rows += n;
    distinct++;
  }
  return { column, rows, distinct, minClass: minClass === Infinity ? 0 : minClass, recordsBelowK: below };
}

function sameId(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  return a[i] === b[j] && a[i + 1] === b[j + 1] && a[i + 2] === b[j + 2] && a[i + 3] === b[j + 3];
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
