import { makeVector, type Data, type Vector } from 'apache-arrow';
import { TuominError } from '../../../errors.js';
import { mapDictionaryData, type DictionaryCache } from '../../../kernels/dictionary.js';
import { fpeUtf8Status, type FpeCounts, type FpeJob } from './fpe-chunk.js';

/** Entry outcomes: a value of a format class (encrypted), or one that fits no class. */
const ENCRYPTED = 1;
const INVALID = 2;

/**
 * Dictionary chunks: the dictionary is mapped once (cached per dictionary vector) and the indices
 * reused; rows of an entry made null become null rows; counts, and `onInvalid: error`, are per row.
 */
export function fpeDictionary(data: Data, job: FpeJob, counts: FpeCounts, cache: DictionaryCache): Data {
  const r = mapDictionaryData(data, (dict) => {
    const scratch: FpeCounts = { rowsSeen: 0, nulls: 0, changed: 0, invalid: 0 };
    // An invalid entry may be unused: 'error' is decided per row below, the entry is nulled meanwhile.
    const entryJob: FpeJob = { ...job, onInvalid: job.onInvalid === 'error' ? 'null' : job.onInvalid };
    const parts = dict.data.map((d) => fpeUtf8Status(d, entryJob, scratch));
    const status = new Uint8Array(dict.length);
    let base = 0;
    for (const p of parts) {
      for (let i = 0; i < p.cls.length; i++) status[base + i] = p.cls[i]! >= 0 ? ENCRYPTED : p.cls[i] === -1 ? INVALID : 0;
      base += p.cls.length;
    }
    return { dictionary: makeVector(parts.map((p) => p.data)) as Vector, status };
  }, cache, { column: job.column, rule: job.rule });
  if (job.onInvalid === 'error' && r.rows[INVALID]! > 0) {
    throw new TuominError('BAD_VALUE', `value does not fit format ${job.format.name}`, { column: job.column, row: job.rowBase + r.first[INVALID]! + 1, rule: job.rule },
      'fix the source value, or set onInvalid: null or mask-all on the rule', { id: 'fpe.notFormat', params: { format: job.format.name } });
  }
  counts.rowsSeen += data.length;
  counts.nulls += r.nulls;
  counts.changed += r.rows[ENCRYPTED]! + r.rows[INVALID]!;
  counts.invalid += r.rows[INVALID]!;
  return r.data;
}
