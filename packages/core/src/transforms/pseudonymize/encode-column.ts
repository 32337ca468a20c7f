import { Type, makeVector, type Data, type Vector } from 'apache-arrow';
import { rebaseBitmap } from '../../kernels/bitmap.js';
import { mapDictionaryData, type DictionaryCache } from '../../kernels/dictionary.js';
import { makeUtf8Data, utf8View } from '../../kernels/utf8.js';
import { base32Into, hexInto, hexInto16, type TagEncoding } from '../../crypto/encode.js';
import type { Tagger } from './tagger.js';

/** The 16-bit hex table holds "ab" as 0x6261, which only lands in order on little-endian hosts. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Values per tag computation; 32K CMAC lanes are 512 KiB. */
const TILE = 32 * 1024;

/** How tags become text: encoding, characters kept, and a fixed prefix. */
export interface TagText {
  encoding: TagEncoding;
  chars: number;
  prefix: Uint8Array;
}

export interface ColumnCounts {
  rowsSeen: number;
  nulls: number;
  changed: number;
}

/**
 * Replace every non-null value of a Utf8/LargeUtf8 chunk by its encoded tag, written straight
 * into the output buffer (every output has the same width, so offsets are a running sum).
 */
export function pseudonymizeUtf8(data: Data, tagger: Tagger, text: TagText, counts: ColumnCounts): Data {
  const v = utf8View(data);
  const n = v.length;
  const validity = v.nulls > 0 && v.validity ? rebaseBitmap(v.validity, v.bitOffset, n) : null;
  const rows = new Int32Array(n - (validity ? v.nulls : 0));
  let count = 0;
  if (validity === null) for (let i = 0; i < n; i++) rows[count++] = i;
  else for (let i = 0; i < n; i++) if ((validity[i >> 3]! >> (i & 7)) & 1) rows[count++] = i;
  const tb = tagger.tagBytes;
  const width = text.prefix.length + text.chars;
  const bytes = new Uint8Array(count * width);
  const offsets = new Int32Array(n + 1);
  const prefix = text.prefix;
  const chars = text.chars;
  const hex = text.encoding === 'hex';
  // Even widths (the default 32 hex characters, no prefix): two characters per 16-bit store.
  const words = hex && LITTLE_ENDIAN && (chars & 1) === 0 && (prefix.length & 1) === 0 ? new Uint16Array(bytes.buffer, 0, bytes.length >> 1) : null;
  const half = chars >> 1;
  // Tags are computed a tile of values at a time: the CBC lanes of a tile stay in cache through
  // every block position (one 2M-value lane buffer is 32 MB and ran 3x slower).
  for (let k0 = 0; k0 < count; k0 += TILE) {
    const k1 = Math.min(count, k0 + TILE);
    const tags = tagger.tags(v.values, v.offsets, rows.subarray(k0, k1), k1 - k0);
    for (let k = k0; k < k1; k++) {
      const at = k * width;
      if (prefix.length > 0) bytes.set(prefix, at);
      const p = at + prefix.length;
      const t = (k - k0) * tb;
      if (words !== null) hexInto16(tags, t, half, words, p >> 1);
      else if (hex) hexInto(tags, t, chars, bytes, p);
      else base32Into(tags, t, tb, chars, bytes, p);
    }
  }
  let at = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (k < count && rows[k] === i) {
      at += width;
      k++;
    }
    offsets[i + 1] = at;
  }
  counts.rowsSeen += n;
  counts.nulls += n - count;
  counts.changed += count;
  return makeUtf8Data(n, offsets, bytes, validity, n - count, data.typeId === Type.LargeUtf8);
}

/**
 * Dictionary chunks: pseudonymize the dictionary once (cached per dictionary vector, since batches
 * of one IPC stream share it) and reuse the indices untouched; counts stay per row.
 */
export function pseudonymizeDictionary(data: Data, tagger: Tagger, text: TagText, counts: ColumnCounts, cache: DictionaryCache): Data {
  const r = mapDictionaryData(data, (dict) => {
    const scratch: ColumnCounts = { rowsSeen: 0, nulls: 0, changed: 0 };
    // Every non-null entry becomes a tag: status 1 (changed) for all; null entries are ignored.
    return { dictionary: makeVector(dict.data.map((d) => pseudonymizeUtf8(d, tagger, text, scratch)) as Data[]) as Vector, status: new Uint8Array(dict.length).fill(1) };
  }, cache);
  counts.rowsSeen += data.length;
  counts.nulls += r.nulls;
  counts.changed += data.length - r.nulls;
  return r.data;
}

export function pseudonymizeData(data: Data, tagger: Tagger, text: TagText, counts: ColumnCounts, cache: DictionaryCache): Data {
  return data.typeId === Type.Dictionary
    ? pseudonymizeDictionary(data, tagger, text, counts, cache)
    : pseudonymizeUtf8(data, tagger, text, counts);
}
