import { type Data, type DataType, Dictionary, Type, type Vector, makeData, makeVector } from 'apache-arrow';
import { rebaseBitmap } from '../../kernels/bitmap.js';
import { newCounts, utf8View } from '../../kernels/utf8.js';
import {
  E_CHANGED, E_INVALID_CHANGED, E_INVALID_ERROR, E_INVALID_KEPT, E_INVALID_NULL, type MaskChunkContext, maskWriteChunk,
} from './mask-chunk.js';

/**
 * Dictionary chunk: mask the dictionary once, keep the indices, then weight each entry's outcome
 * by the rows that use it, so counts are per row. An entry that became null makes its rows null
 * (row validity), and 'error' names the first row that uses an invalid entry.
 */
export function maskDictionaryData(data: Data, cx: MaskChunkContext): Data {
  const dict = data.dictionary as Vector;
  const status = new Uint8Array(dict.length);
  const entryCx: MaskChunkContext = { ...cx, counts: newCounts() };
  let base = 0;
  const mapped = dict.data.map((d) => {
    const large = d.typeId === Type.LargeUtf8;
    const out = maskWriteChunk(utf8View(d), entryCx, large, status.subarray(base, base + d.length));
    base += d.length;
    return out;
  });
  const indices = data.values as ArrayLike<number>;
  const n = data.length;
  let validity: Uint8Array | null = data.nullCount > 0 && data.nullBitmap ? rebaseBitmap(data.nullBitmap, data.offset, n) : null;
  const hasNulls = validity !== null;
  let nullCount = data.nullCount;
  let changed = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    if (hasNulls && ((validity![i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const st = status[indices[i]!]!;
    if (st === 0) continue;
    if (st === E_CHANGED) changed++;
    else if (st === E_INVALID_KEPT) invalid++;
    else if (st === E_INVALID_CHANGED) { invalid++; changed++; }
    else if (st === E_INVALID_ERROR) cx.raise(i);
    else if (st === E_INVALID_NULL) {
      invalid++;
      changed++;
      if (validity === null) {
        validity = new Uint8Array(((n + 63) >> 6) << 3);
        validity.fill(0xff);
      }
      validity[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
    }
  }
  cx.counts.rowsSeen += n;
  cx.counts.nulls += data.nullCount;
  cx.counts.valuesChanged += changed;
  cx.counts.invalid += invalid;
  const newDict = makeVector(mapped as Data<DataType>[]);
  const t = data.type as Dictionary;
  return makeData({
    type: new Dictionary(newDict.type, t.indices, t.id, t.isOrdered),
    length: n,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    data: indices,
    dictionary: newDict,
  } as never) as Data;
}
