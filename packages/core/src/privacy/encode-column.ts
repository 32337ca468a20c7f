import { Type } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { utf8View } from '../kernels/utf8.js';
import type { ValueDict } from './value-dict.js';
import { ShortValueCache } from './short-value-cache.js';
import { int32Halves, isoDate, isoInstant, readInt64 } from '../kernels/civil-date.js';
import { typeShape } from '../kernels/type-shape.js';
import { decimalShape, decimalText, unscaledBig, unscaledSafe } from '../kernels/decimal.js';

/**
 * Turns the values of one column chunk into dense codes of a ValueDict (0 = null).
 * Chosen once per column by type. Dictionary columns encode their dictionary once (cached by
 * dictionary identity) and then only translate indices. Numbers are coded by their decimal
 * text, so a column read as Int32 in one file and as Utf8 in another gets the same labels.
 */
export class ColumnEncoder {
  private readonly numberCodes = new Map<number | bigint, number>();
  // By unscaled integer: its own map, as 345 at scale 1 is 34.5, not the integer 345.
  private readonly decimalCodes = new Map<number | bigint, number>();
  private decimalScale = NaN;
  // Keyed by day number and by (type, raw value): Date32 day 19000 and Int 19000 are different labels.
  private readonly dayCodes = new Map<number, number>();
  private readonly instantCodes = new Map<number, number>();
  private lastDictionary: Vector | null = null;
  private lastDictCodes: Int32Array = new Int32Array(0);
  private readonly cache: ShortValueCache;

  constructor(readonly column: string, readonly dict: ValueDict) {
    this.cache = new ShortValueCache(dict);
  }

  /** Write codes of `data` (length n, offset respected) into out[0..n). */
  encode(data: Data, out: Int32Array): void {
    switch (data.typeId) {
      case Type.Utf8:
      case Type.LargeUtf8:
        return this.encodeUtf8(data, out);
      case Type.Dictionary:
        return this.encodeDictionary(data, out);
      case Type.Int:
        return this.encodeNumbers(data, out);
      case Type.Float:
        if ((data.type as unknown as { precision: number }).precision === 0) break; // Float16 holds raw bits
        return this.encodeNumbers(data, out);
      case Type.Decimal:
        return this.encodeDecimals(data, out);
      case Type.Bool:
        return this.encodeBool(data, out);
      case Type.Date:
      case Type.Timestamp:
        return this.encodeTemporal(data, out);
    }
    throw new TuominError('UNSUPPORTED', `quasi-identifier or sensitive column of type ${typeShape(data.type)} is not supported`, { column: this.column }, 'cast the column to text, a number or a date first', { id: 'privacy.columnType', params: { type: typeShape(data.type) } });
  }

  private encodeUtf8(data: Data, out: Int32Array): void {
    const v = utf8View(data);
    const n = v.length;
    const src = v.values;
    const so = v.offsets;
    this.cache.encodeAll(src, so, n, out, v.validity, v.bitOffset);
  }

  private encodeDictionary(data: Data, out: Int32Array): void {
    const dictionary = data.dictionary as Vector;
    if (dictionary !== this.lastDictionary) {
      const codes = new Int32Array(dictionary.length);
      let base = 0;
      for (const chunk of dictionary.data) {
        const tmp = new Int32Array(chunk.length);
        this.encode(chunk, tmp);
        codes.set(tmp, base);
        base += chunk.length;
      }
      this.lastDictionary = dictionary;
      this.lastDictCodes = codes;
    }
    const map = this.lastDictCodes;
    const idx = data.values as ArrayLike<number>;
    const n = data.length;
    if (data.nullCount === 0) {
      for (let i = 0; i < n; i++) out[i] = map[idx[i]!]!;
    } else {
      const bits = data.nullBitmap!;
      const off = data.offset;
      for (let i = 0; i < n; i++) {
        const j = off + i;
        out[i] = (bits[j >> 3]! >> (j & 7)) & 1 ? map[idx[i]!]! : 0;
      }
    }
  }

  private encodeNumbers(data: Data, out: Int32Array): void {
    const vals = data.values as ArrayLike<number | bigint>;
    const n = data.length;
    const cache = this.numberCodes;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const off = data.offset;
    for (let i = 0; i < n; i++) {
      if (bits) {
        const j = off + i;
        if (!((bits[j >> 3]! >> (j & 7)) & 1)) {
          out[i] = 0;
          continue;
        }
      }
      const x = vals[i]!;
      let c = cache.get(x);
      if (c === undefined) {
        c = this.dict.codeOfString(String(x));
        cache.set(x, c);
      }
      out[i] = c;
    }
  }

  /**
   * Decimals are coded by their exact text at the column's scale (34.5, 1200.00), as a text column
   * of the same values is: an interval hierarchy reads the label as the number, never a double's
   * digits. One label per distinct value, cached by the unscaled integer.
   */
  private encodeDecimals(data: Data, out: Int32Array): void {
    const { scale, stride } = decimalShape(data.type)!;
    const words = data.values as Uint32Array;
    const n = data.length;
    const cache = this.decimalCodes;
    // Files of one source may differ in scale: the cached codes hold for one scale only.
    if (scale !== this.decimalScale) { cache.clear(); this.decimalScale = scale; }
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const off = data.offset;
    for (let i = 0; i < n; i++) {
      if (bits) {
        const j = off + i;
        if (!((bits[j >> 3]! >> (j & 7)) & 1)) { out[i] = 0; continue; }
      }
      const safe = unscaledSafe(words, i, stride);
      const key = safe === safe ? safe : unscaledBig(words, i, stride);
      let c = cache.get(key);
      if (c === undefined) {
        c = this.dict.codeOfString(decimalText(key, scale));
        cache.set(key, c);
      }
      out[i] = c;
    }
  }

  /**
   * Dates and timestamps are coded by their ISO text (2024-08-13, 2024-08-13T09:30:00.000Z), the
   * same labels a date-string column gets, so built-in date hierarchies and reports read them
   * alike. One label per distinct value, cached by the value.
   */
  private encodeTemporal(data: Data, out: Int32Array): void {
    const n = data.length;
    const off = data.offset;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const t = data.type as unknown as { typeId: number; unit: number };
    const days = t.typeId === Type.Date && t.unit === 0 ? (data.values as Int32Array) : null;
    const halves = days ? null : int32Halves(data.values as BigInt64Array);
    // Date64 holds milliseconds; Timestamp units are s, ms, us, ns.
    const perMs = t.typeId === Type.Date ? 1 : [0.001, 1, 1000, 1_000_000][t.unit]!;
    const cache = days ? this.dayCodes : this.instantCodes;
    for (let i = 0; i < n; i++) {
      if (bits) {
        const j = off + i;
        if (!((bits[j >> 3]! >> (j & 7)) & 1)) { out[i] = 0; continue; }
      }
      const x = days ? days[i]! : readInt64(halves!, i);
      let c = cache.get(x);
      if (c === undefined) {
        c = this.dict.codeOfString(days ? isoDate(x) : isoInstant(x, perMs, t.typeId === Type.Date));
        cache.set(x, c);
      }
      out[i] = c;
    }
  }

  private encodeBool(data: Data, out: Int32Array): void {
    const vals = data.values as Uint8Array;
    const n = data.length;
    const off = data.offset;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const t = this.dict.codeOfString('true');
    const f = this.dict.codeOfString('false');
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (bits && !((bits[j >> 3]! >> (j & 7)) & 1)) out[i] = 0;
      else out[i] = (vals[j >> 3]! >> (j & 7)) & 1 ? t : f;
    }
  }
}
