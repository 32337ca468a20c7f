import { ID_WORDS } from './class-ids.js';

/**
 * The bucket of an identity whose first word is `w0` (as a signed 32-bit integer): its low 31
 * bits mod `buckets`, so the arithmetic stays on small integers (a word read as an unsigned
 * 32-bit number past 2^31 is a heap number in V8).
 */
export function bucketOf(w0: number, buckets: number): number {
  return (w0 & 0x7fffffff) % buckets;
}

/**
 * Spill records of the published-risk review: a 128-bit identity (class-ids.ts) and a record
 * count, fixed width: words 0–3 the identity, bytes 16–23 the count (f64), in the machine's byte
 * order (the files live only as long as the run, on the machine that wrote them). Fixed width, so
 * writing is a copy of words and reading is a view: the variable-length records of core's
 * writeClassRecords cost 0.45 s per 500,000 rows to write and as much again to read back
 * (docs/performance.md, ninth session).
 */
export const ID_RECORD_BYTES = 24;

/**
 * The identities `ids` (ID_WORDS words each) with their counts, one byte array per bucket: the
 * identity's bucket (bucketOf), so the same identity lands in the same bucket whoever
 * wrote it. Entries with a count of 0 are left out. The arrays are views of one buffer.
 */
export function writeIdRecords(ids: Int32Array, counts: ArrayLike<number>, n: number, buckets: number): Uint8Array[] {
  const per = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) if (counts[i]! > 0) per[bucketOf(ids[i * ID_WORDS]!, buckets) + 1]!++;
  for (let b = 0; b < buckets; b++) per[b + 1]! += per[b]!;
  const total = per[buckets]!;
  const buf = new ArrayBuffer(total * ID_RECORD_BYTES);
  const words = new Int32Array(buf);
  const nums = new Float64Array(buf);
  const fill = per.slice(0, buckets);
  for (let i = 0; i < n; i++) {
    const count = counts[i]!;
    if (!(count > 0)) continue;
    const r = fill[bucketOf(ids[i * ID_WORDS]!, buckets)]!++;
    const o = r * 6;
    const s = i * ID_WORDS;
    words[o] = ids[s]!; words[o + 1] = ids[s + 1]!; words[o + 2] = ids[s + 2]!; words[o + 3] = ids[s + 3]!;
    nums[r * 3 + 2] = count;
  }
  return Array.from({ length: buckets }, (_, b) => new Uint8Array(buf, per[b]! * ID_RECORD_BYTES, (per[b + 1]! - per[b]!) * ID_RECORD_BYTES));
}

/** The records of a byte array (whole records, at offset 0 of its buffer) split again into `buckets`. */
export function rebucketIdRecords(bytes: Uint8Array, buckets: number): Uint8Array[] {
  const { words, nums, n } = viewRecords(bytes);
  const ids = new Int32Array(n * ID_WORDS);
  const counts = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    ids.set(words.subarray(r * 6, r * 6 + 4), r * ID_WORDS);
    counts[r] = nums[r * 3 + 2]!;
  }
  return writeIdRecords(ids, counts, n, buckets);
}

/** Distinct identities of some records with their summed counts. */
export interface SummedIds {
  /** ID_WORDS words per distinct identity. */
  ids: Int32Array;
  counts: Float64Array;
  size: number;
}

/**
 * The records' counts summed by identity (an open-addressing table keyed by the identity's
 * second word: the first is the same modulo the bucket count for every record of a bucket).
 */
export function sumIdRecords(bytes: Uint8Array): SummedIds {
  const { words, nums, n } = viewRecords(bytes);
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  const mask = cap - 1;
  const slots = new Int32Array(cap);
  const ids = new Int32Array(n * ID_WORDS);
  const counts = new Float64Array(n);
  let size = 0;
  for (let r = 0; r < n; r++) {
    const o = r * 6;
    const w0 = words[o]!, w1 = words[o + 1]!, w2 = words[o + 2]!, w3 = words[o + 3]!;
    let i = w1 & mask;
    for (;;) {
      const u = slots[i]! - 1;
      if (u < 0) {
        const s = size * ID_WORDS;
        ids[s] = w0; ids[s + 1] = w1; ids[s + 2] = w2; ids[s + 3] = w3;
        counts[size] = nums[r * 3 + 2]!;
        slots[i] = ++size;
        break;
      }
      const s = u * ID_WORDS;
      if (ids[s] === w0 && ids[s + 1] === w1 && ids[s + 2] === w2 && ids[s + 3] === w3) {
        counts[u]! += nums[r * 3 + 2]!;
        break;
      }
      i = (i + 1) & mask;
    }
  }
  return { ids, counts, size };
}

function viewRecords(bytes: Uint8Array): { words: Int32Array; nums: Float64Array; n: number } {
  if (bytes.byteLength % ID_RECORD_BYTES !== 0 || bytes.byteOffset % 8 !== 0) throw new TypeError('spill records of another width');
  const n = bytes.byteLength / ID_RECORD_BYTES;
  return { words: new Int32Array(bytes.buffer, bytes.byteOffset, n * 6), nums: new Float64Array(bytes.buffer, bytes.byteOffset, n * 3), n };
}
