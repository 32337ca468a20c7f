import { Data, DataType, Dictionary, LargeUtf8, Type, Utf8, Vector, makeData, makeVector } from 'apache-arrow';
import { mapDictionaryData } from './dictionary.js';
import { GrowableBytes, GrowableInt32 } from './buffers.js';
import { isValid, newBitmap, rebaseBitmap } from './bitmap.js';

/**
 * A flat, read-only view of one Utf8 or LargeUtf8 chunk, for hot loops.
 * Value i (0-based within the chunk) spans bytes [offsets[i], offsets[i+1]) of `values`;
 * it is null when `nulls > 0` and bit `bitOffset + i` of `validity` is 0.
 * LargeUtf8 offsets are converted once to Int32 when they fit (chunks over 2 GiB are rejected).
 */
export interface Utf8View {
  length: number;
  values: Uint8Array;
  offsets: Int32Array;
  validity: Uint8Array | null;
  bitOffset: number;
  nulls: number;
}

export function utf8View(data: Data): Utf8View {
  const typeId = data.typeId;
  if (typeId !== Type.Utf8 && typeId !== Type.LargeUtf8 && typeId !== Type.Binary && typeId !== Type.LargeBinary) {
    throw new TypeError(`expected a Utf8 or LargeUtf8 column, got ${String(data.type)}`);
  }
  let offsets = data.valueOffsets as Int32Array | BigInt64Array;
  if (offsets instanceof BigInt64Array) {
    const n = data.length + 1;
    const o32 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(offsets[i]);
      if (v > 0x7fffffff) throw new RangeError('LargeUtf8 chunk over 2 GiB: split it into smaller batches');
      o32[i] = v;
    }
    offsets = o32;
  }
  const nulls = data.nullCount;
  return {
    length: data.length,
    values: (data.values as Uint8Array) ?? new Uint8Array(0),
    offsets: offsets as Int32Array,
    validity: nulls > 0 ? (data.nullBitmap ?? null) : null,
    bitOffset: data.offset,
    nulls,
  };
}

export function viewIsValid(v: Utf8View, i: number): boolean {
  return v.validity === null || isValid(v.validity, v.bitOffset + i);
}

/** Build a Utf8 (or LargeUtf8, when `large`) Data from filled buffers. `validity` starts at bit 0. */
export function makeUtf8Data(
  length: number,
  offsets: Int32Array,
  bytes: Uint8Array,
  validity: Uint8Array | null,
  nullCount: number,
  large = false,
): Data<Utf8 | LargeUtf8> {
  return makeData({
    type: large ? new LargeUtf8() : new Utf8(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    valueOffsets: large ? BigInt64Array.from(offsets.subarray(0, length + 1), (x) => BigInt(x)) : offsets,
    data: bytes,
  } as never) as unknown as Data<Utf8 | LargeUtf8>;
}

/**
 * Writes the replacement for one non-null value into `out` and returns a status.
 * `src[start, end)` is the value's UTF-8 bytes. The kernel must append exactly the output bytes.
 * Return KEEP if it copied the value unchanged, CHANGED if it wrote something else,
 * INVALID if the value did not fit the rule (the kernel still wrote its replacement),
 * NULL_OUT to make the output null (the kernel wrote nothing).
 */
export type Utf8Kernel = (src: Uint8Array, start: number, end: number, out: GrowableBytes) => number;
export const KEEP = 0;
export const CHANGED = 1;
export const INVALID = 2;
export const NULL_OUT = 3;
export const INVALID_NULL = 4;

export interface MapCounts {
  rowsSeen: number;
  nulls: number;
  valuesChanged: number;
  invalid: number;
}

export function newCounts(): MapCounts {
  return { rowsSeen: 0, nulls: 0, valuesChanged: 0, invalid: 0 };
}

/**
 * Apply a per-value kernel to one string chunk; nulls stay null.
 * Dictionary chunks: the kernel runs once per non-null dictionary entry, in order, chunk by chunk
 * (redact relies on that order), and the indices are reused untouched (kernels/dictionary.ts);
 * counts are still per row (a dictionary value used by 1,000 rows counts 1,000 times).
 */
export function mapUtf8Data(data: Data, kernel: Utf8Kernel, counts: MapCounts, invalidRows: Uint8Array | null = null): Data {
  if (data.typeId === Type.Dictionary) return mapUtf8Dictionary(data, kernel, counts, invalidRows);
  return mapUtf8Chunk(data, kernel, counts, null, invalidRows);
}

/**
 * One Utf8/LargeUtf8 chunk; `status`, when given, receives each value's kernel status (nulls:
 * KEEP), and `invalidRows` a 1 for each row the kernel found INVALID or INVALID_NULL.
 */
function mapUtf8Chunk(data: Data, kernel: Utf8Kernel, counts: MapCounts, status: Uint8Array | null, invalidRows: Uint8Array | null): Data {
  const v = utf8View(data);
  const n = v.length;
  const offsetsOut = new GrowableInt32(n + 1);
  offsetsOut.length = n + 1;
  const oo = offsetsOut.buf;
  const src = v.values;
  const so = v.offsets;
  const out = new GrowableBytes(Math.max(16, so[n]! - so[0]!));
  let validity: Uint8Array | null = v.nulls > 0 && v.validity ? rebaseBitmap(v.validity, v.bitOffset, n) : null;
  let nullCount = v.nulls;
  let changed = 0;
  let invalid = 0;
  oo[0] = 0;
  if (validity === null) {
    // Common case: no nulls, no validity checks in the loop.
    for (let i = 0; i < n; i++) {
      const s = kernel(src, so[i]!, so[i + 1]!, out);
      if (s !== KEEP) {
        if (status !== null) status[i] = s;
        if (invalidRows !== null && (s === INVALID || s === INVALID_NULL)) invalidRows[i] = 1;
        if (s === CHANGED) changed++;
        else if (s === INVALID) { invalid++; changed++; }
        else {
          if (s === INVALID_NULL) invalid++;
          if (validity === null) validity = newBitmap(n);
          validity[i >> 3]! &= ~(1 << (i & 7));
          nullCount++;
          changed++;
        }
      }
      oo[i + 1] = out.length;
    }
  } else {
    for (let i = 0; i < n; i++) {
      if ((validity[i >> 3]! >> (i & 7)) & 1) {
        const s = kernel(src, so[i]!, so[i + 1]!, out);
        if (s !== KEEP) {
          if (status !== null) status[i] = s;
          if (invalidRows !== null && (s === INVALID || s === INVALID_NULL)) invalidRows[i] = 1;
          if (s === CHANGED) changed++;
          else if (s === INVALID) { invalid++; changed++; }
          else {
            if (s === INVALID_NULL) invalid++;
            validity[i >> 3]! &= ~(1 << (i & 7));
            nullCount++;
            changed++;
          }
        }
      }
      oo[i + 1] = out.length;
    }
  }
  counts.rowsSeen += n;
  counts.nulls += v.nulls;
  counts.valuesChanged += changed;
  counts.invalid += invalid;
  return makeUtf8Data(n, offsetsOut.finish(), out.finish(), validity, nullCount, data.typeId === Type.LargeUtf8);
}

/** Dictionary chunk: entries mapped once (statuses are the kernel's own codes), rows counted by the kernel. */
function mapUtf8Dictionary(data: Data, kernel: Utf8Kernel, counts: MapCounts, invalidRows: Uint8Array | null): Data {
  const r = mapDictionaryData(data, (dict) => {
    const status = new Uint8Array(dict.length);
    const scratch = newCounts();
    let base = 0;
    const chunks = dict.data.map((d) => {
      const out = mapUtf8Chunk(d, kernel, scratch, status.subarray(base, base + d.length), null);
      base += d.length;
      return out;
    });
    return { dictionary: makeVector(chunks as Data<Utf8>[]), status };
  }, null, {}, invalidRows === null ? null : { rows: invalidRows, codes: (1 << INVALID) | (1 << INVALID_NULL) });
  const rows = r.rows;
  counts.rowsSeen += data.length;
  counts.nulls += r.nulls;
  counts.valuesChanged += rows[CHANGED]! + rows[INVALID]! + rows[NULL_OUT]! + rows[INVALID_NULL]!;
  counts.invalid += rows[INVALID]! + rows[INVALID_NULL]!;
  return r.data;
}

/** Map every chunk of a string Vector (multi-chunk columns keep their chunking). */
export function mapUtf8Vector(vector: Vector, kernel: Utf8Kernel, counts: MapCounts): Vector {
  return makeVector(vector.data.map((d) => mapUtf8Data(d, kernel, counts)) as Data<Utf8>[]);
}

/** True for Utf8, LargeUtf8 and dictionaries of those. */
export function isStringType(type: DataType): boolean {
  if (type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8) return true;
  if (type.typeId === Type.Dictionary) return isStringType((type as Dictionary).dictionary);
  return false;
}

const decoder = new TextDecoder();
/** Decode one value, for cold paths (errors, reports of counts, tests). Never use in a hot loop. */
export function utf8At(v: Utf8View, i: number): string | null {
  if (!viewIsValid(v, i)) return null;
  return decoder.decode(v.values.subarray(v.offsets[i]!, v.offsets[i + 1]!));
}

/**
 * A multi-chunk Utf8 vector as one chunk. Dictionaries arrive in pieces from IPC streams with
 * delta dictionaries; kernels that index into a dictionary need its values in one view.
 */
export function flattenUtf8(vec: Vector): Data {
  const out = new GrowableBytes(64);
  const offsets = new Int32Array(vec.length + 1);
  const validity = newBitmap(vec.length);
  let nulls = 0;
  let base = 0;
  for (const c of vec.data) {
    const v = utf8View(c);
    for (let i = 0; i < v.length; i++) {
      const j = base + i;
      if (v.validity !== null && !isValid(v.validity, v.bitOffset + i)) {
        validity[j >> 3]! &= ~(1 << (j & 7));
        nulls++;
      } else out.append(v.values, v.offsets[i]!, v.offsets[i + 1]!);
      offsets[j + 1] = out.length;
    }
    base += v.length;
  }
  return makeUtf8Data(vec.length, offsets, out.finish(), validity, nulls, vec.type.typeId === Type.LargeUtf8);
}

/** The values of a dictionary-encoded chunk as one view, whatever the number of dictionary chunks. */
export function dictionaryView(data: Data): Utf8View {
  const dict = data.dictionary as Vector;
  return utf8View(dict.data.length === 1 ? dict.data[0]! : flattenUtf8(dict));
}
