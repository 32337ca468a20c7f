import { Type, type Data, type Vector } from 'apache-arrow';
import { utf8View } from '../kernels/utf8.js';
import type { ValueScanner } from './scanner.js';

/** Receives hits of a column scan: `row` is `rowBase` + the index within the chunk. */
export interface HitSink {
  hit(row: number, type: number, confidence: number): void;
}

/** Per dictionary Data: the hits of each entry, flattened (entry k: hits [at[k], at[k+1])). */
interface DictHits {
  at: Int32Array;
  type: Int32Array;
  conf: Float64Array;
}
const dictCache = new WeakMap<ValueScanner, WeakMap<object, DictHits>>();

/**
 * Scan every value of one column chunk. Strings are scanned from their bytes; dictionary
 * columns scan each dictionary entry once and map hits through the indices; integer and float
 * columns are formatted to decimal (an ID or phone stored as a number is still personal data).
 * Other types (dates, booleans) are skipped.
 */
export function scanColumn(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const t = data.typeId;
  if (t === Type.Utf8 || t === Type.LargeUtf8) scanUtf8(data, scanner, rowBase, sink);
  else if (t === Type.Dictionary) scanDictionary(data, scanner, rowBase, sink);
  else if (t === Type.Int || t === Type.Float) scanNumbers(data, scanner, rowBase, sink);
}

function scanUtf8(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const v = utf8View(data);
  const src = v.values;
  const so = v.offsets;
  const hits = scanner.state.hits;
  const n = v.length;
  if (v.validity === null) {
    for (let i = 0; i < n; i++) {
      if (scanner.scan(src, so[i]!, so[i + 1]!) !== 0) {
        for (let k = 0; k < hits.length; k++) sink.hit(rowBase + i, hits.type[k]!, hits.conf[k]!);
      }
    }
    return;
  }
  const bits = v.validity;
  const off = v.bitOffset;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    if (scanner.scan(src, so[i]!, so[i + 1]!) !== 0) {
      for (let k = 0; k < hits.length; k++) sink.hit(rowBase + i, hits.type[k]!, hits.conf[k]!);
    }
  }
}

function dictionaryHits(dict: Vector, scanner: ValueScanner): DictHits {
  let perScanner = dictCache.get(scanner);
  if (!perScanner) { perScanner = new WeakMap(); dictCache.set(scanner, perScanner); }
  const cached = perScanner.get(dict);
  if (cached) return cached;
  const at = new Int32Array(dict.length + 1);
  const types: number[] = [];
  const confs: number[] = [];
  let base = 0;
  for (const chunk of dict.data) {
    const sink: HitSink = { hit(_row, type, conf) { types.push(type); confs.push(conf); } };
    const len = chunk.length;
    for (let i = 0; i < len; i++) {
      at[base + i] = types.length;
      scanColumn(chunk.slice(i, 1), scanner, base + i, sink);
    }
    base += len;
  }
  at[base] = types.length;
  const out = { at, type: Int32Array.from(types), conf: Float64Array.from(confs) };
  perScanner.set(dict, out);
  return out;
}

function scanDictionary(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const dict = data.dictionary as Vector;
  const dh = dictionaryHits(dict, scanner);
  const idx = data.values as ArrayLike<number>;
  const bits = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < data.length; i++) {
    if (bits) { const j = off + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) continue; }
    const e = Number(idx[i]);
    for (let k = dh.at[e]!; k < dh.at[e + 1]!; k++) sink.hit(rowBase + i, dh.type[k]!, dh.conf[k]!);
  }
}

const encoder = new TextEncoder();
function scanNumbers(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const vals = data.values as ArrayLike<number | bigint>;
  const bits = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  const buf = new Uint8Array(64);
  const hits = scanner.state.hits;
  for (let i = 0; i < data.length; i++) {
    if (bits) { const j = off + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) continue; }
    const x = vals[i]!;
    // Short numbers cannot hold an identifier: skip the formatting.
    if (typeof x === 'number' ? Math.abs(x) < 1e8 : x < 100_000_000n && x > -100_000_000n) continue;
    const { written } = encoder.encodeInto(String(x), buf);
    if (scanner.scan(buf, 0, written) !== 0) {
      for (let k = 0; k < hits.length; k++) sink.hit(rowBase + i, hits.type[k]!, hits.conf[k]!);
    }
  }
}
