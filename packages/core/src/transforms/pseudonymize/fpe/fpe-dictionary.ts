import { makeData, makeVector, type Data, type Vector } from 'apache-arrow';
import { TuominError } from '../../../errors.js';
import { isValid } from '../../../kernels/bitmap.js';
import { fpeUtf8Status, type FpeCounts, type FpeJob } from './fpe-chunk.js';

interface MappedDictionary {
  vector: Vector;
  /** Per dictionary entry: class >= 0 changed, -1 invalid, -2 null. */
  status: Int8Array;
}

/**
 * Dictionary chunks: the dictionary is mapped once (cached per dictionary vector) and the indices
 * reused; counts, and `onInvalid: error`, are per row.
 */
export function fpeDictionary(data: Data, job: FpeJob, counts: FpeCounts, cache: WeakMap<Vector, MappedDictionary>): Data {
  const dict = data.dictionary as Vector;
  let mapped = cache.get(dict);
  if (!mapped) {
    const scratch: FpeCounts = { rowsSeen: 0, nulls: 0, changed: 0, invalid: 0 };
    const entryJob: FpeJob = { ...job, onInvalid: job.onInvalid === 'error' ? 'null' : job.onInvalid };
    const parts = dict.data.map((d) => fpeUtf8Status(d, entryJob, scratch));
    const status = new Int8Array(dict.length);
    let base = 0;
    for (const p of parts) { status.set(p.cls, base); base += p.cls.length; }
    mapped = { vector: makeVector(parts.map((p) => p.data)) as Vector, status };
    cache.set(dict, mapped);
  }
  const indices = data.values as ArrayLike<number>;
  const n = data.length;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const status = mapped.status;
  for (let i = 0; i < n; i++) {
    if (bitmap && !isValid(bitmap, data.offset + i)) { counts.nulls++; continue; }
    const s = status[Number(indices[i])]!;
    if (s === -2) counts.nulls++;
    else {
      counts.changed++;
      if (s === -1) {
        if (job.onInvalid === 'error') {
          throw new TuominError('BAD_VALUE', `value does not fit format ${job.format.name}`, { column: job.column, row: job.rowBase + i + 1, rule: job.rule },
            'fix the source value, or set onInvalid: null or mask-all on the rule');
        }
        counts.invalid++;
      }
    }
  }
  counts.rowsSeen += n;
  return makeData({
    type: data.type,
    offset: data.offset,
    length: n,
    nullCount: data.nullCount,
    nullBitmap: data.nullBitmap,
    data: data.values,
    dictionary: mapped.vector,
  } as never) as Data;
}

export type { MappedDictionary };
