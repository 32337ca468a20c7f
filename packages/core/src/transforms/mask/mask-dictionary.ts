import { type Data, type DataType, Type, makeVector } from 'apache-arrow';
import { mapDictionaryData } from '../../kernels/dictionary.js';
import { newCounts, utf8View } from '../../kernels/utf8.js';
import {
  E_CHANGED, E_INVALID_CHANGED, E_INVALID_ERROR, E_INVALID_KEPT, E_INVALID_NULL, type MaskChunkContext, maskWriteChunk,
} from './mask-chunk.js';

/**
 * Dictionary chunk: mask the dictionary once (each entry gets an E_* outcome), then the dictionary
 * kernel weights each outcome by the rows that use it, so counts are per row; an entry that became
 * null makes its rows null, and 'error' names the first row that uses an invalid entry.
 */
export function maskDictionaryData(data: Data, cx: MaskChunkContext): Data {
  const r = mapDictionaryData(data, (dict) => {
    const status = new Uint8Array(dict.length);
    const entryCx: MaskChunkContext = { ...cx, counts: newCounts() };
    let base = 0;
    const chunks = dict.data.map((d) => {
      const out = maskWriteChunk(utf8View(d), entryCx, d.typeId === Type.LargeUtf8, status.subarray(base, base + d.length));
      base += d.length;
      return out;
    });
    return { dictionary: makeVector(chunks as Data<DataType>[]), status };
  });
  const rows = r.rows;
  if (rows[E_INVALID_ERROR]! > 0) cx.raise(r.first[E_INVALID_ERROR]!);
  cx.counts.rowsSeen += data.length;
  cx.counts.nulls += r.nulls;
  cx.counts.valuesChanged += rows[E_CHANGED]! + rows[E_INVALID_CHANGED]! + rows[E_INVALID_NULL]!;
  cx.counts.invalid += rows[E_INVALID_KEPT]! + rows[E_INVALID_CHANGED]! + rows[E_INVALID_NULL]!;
  return r.data;
}
