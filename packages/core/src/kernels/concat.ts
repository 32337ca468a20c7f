import { type Data, type DataType, Type, Vector, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { newBitmap } from './bitmap.js';
import { utf8View } from './utf8.js';

/** Rows [start, end) of one column chunk. */
export interface Run {
  data: Data;
  start: number;
  end: number;
}

/**
 * Rows of several chunks as one chunk, in a canonical layout: the bytes depend on the values
 * alone, never on where the runs came from. Null rows leave no bytes behind (no text bytes,
 * zeroed fixed-width slots, a 0 bit), and a column without nulls has no validity bitmap, so the
 * same rows cut differently give the same buffers. Dictionary columns are not handled here
 * (rechunk.ts unifies their dictionaries first).
 */
export function concatRuns(type: DataType, runs: Run[], length: number): Data {
  switch (type.typeId) {
    case Type.Null: return makeData({ type, length, nullCount: length } as never) as Data;
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary: return concatBytes(type, runs, length);
    case Type.Bool: return concatBool(type, runs, length);
    case Type.Int: case Type.Float: case Type.Date: case Type.Time: case Type.Timestamp: case Type.Decimal:
    case Type.Duration: case Type.Interval: case Type.FixedSizeBinary:
      return concatFixed(type, runs, length);
    default: return concatAny(type, runs, length);
  }
}

/** Validity of `length` rows from the runs; null when no row is null. */
function runsValidity(runs: Run[], length: number): { validity: Uint8Array | null; nulls: number } {
  let validity: Uint8Array | null = null;
  let nulls = 0;
  let o = 0;
  for (const r of runs) {
    const d = r.data;
    const bm = d.nullCount > 0 ? d.nullBitmap : null;
    if (bm) {
      for (let i = r.start, off = d.offset; i < r.end; i++) {
        const j = off + i;
        if (((bm[j >> 3]! >> (j & 7)) & 1) === 0) {
          validity ??= newBitmap(length);
          const k = o + i - r.start;
          validity[k >> 3]! &= ~(1 << (k & 7));
          nulls++;
        }
      }
    }
    o += r.end - r.start;
  }
  return { validity, nulls };
}

function isSet(bits: Uint8Array, k: number): boolean {
  return ((bits[k >> 3]! >> (k & 7)) & 1) === 1;
}

function concatFixed(type: DataType, runs: Run[], length: number): Data {
  const { validity, nulls } = runsValidity(runs, length);
  const first = runs[0]?.data;
  const stride = first ? first.stride : 1;
  const Ctor = (first ? first.values.constructor : (type as unknown as { ArrayType: unknown }).ArrayType) as new (n: number) => Uint8Array;
  const out = new Ctor(length * stride);
  let o = 0;
  for (const r of runs) {
    // data.values starts at the chunk's first row (arrow-js slices fixed-width buffers).
    const values = r.data.values as Uint8Array;
    out.set(values.subarray(r.start * stride, r.end * stride), o * stride);
    o += r.end - r.start;
  }
  if (validity !== null) {
    // Zeroed through a byte view: 64-bit columns are BigInt64Arrays, which fill(0) refuses.
    const raw = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    const w = stride * out.BYTES_PER_ELEMENT;
    for (let k = 0; k < length; k++) if (!isSet(validity, k)) raw.fill(0, k * w, (k + 1) * w);
  }
  return makeData({ type, length, nullCount: nulls, nullBitmap: validity, data: out } as never) as Data;
}

function concatBool(type: DataType, runs: Run[], length: number): Data {
  const { validity, nulls } = runsValidity(runs, length);
  const out = newBitmap(length, false);
  let o = 0;
  for (const r of runs) {
    // Bool values are not sliced: bit offset + i.
    const bits = r.data.values as Uint8Array;
    const off = r.data.offset;
    for (let i = r.start; i < r.end; i++, o++) {
      if ((validity === null || isSet(validity, o)) && isSet(bits, off + i)) out[o >> 3]! |= 1 << (o & 7);
    }
  }
  return makeData({ type, length, nullCount: nulls, nullBitmap: validity, data: out } as never) as Data;
}

function concatBytes(type: DataType, runs: Run[], length: number): Data {
  const { validity, nulls } = runsValidity(runs, length);
  const views = runs.map((r) => utf8View(r.data));
  // A run whose null rows hold no bytes (the usual case) is copied in one block; one whose null
  // rows hold some goes row by row, leaving them out.
  const block = new Uint8Array(runs.length);
  let size = 0;
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k]!, v = views[k]!, off = v.offsets;
    block[k] = v.validity === null || nullRowsEmpty(v.validity, v.bitOffset, off, r.start, r.end) ? 1 : 0;
    if (block[k] === 1) size += off[r.end]! - off[r.start]!;
    else for (let i = r.start; i < r.end; i++) if (isSet(v.validity!, v.bitOffset + i)) size += off[i + 1]! - off[i]!;
  }
  const bytes = new Uint8Array(size);
  const offsets = new Int32Array(length + 1);
  let b = 0;
  let o = 0;
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k]!, v = views[k]!, off = v.offsets;
    if (block[k] === 1) {
      const s = off[r.start]!;
      bytes.set(v.values.subarray(s, off[r.end]!), b);
      const shift = b - s;
      for (let i = r.start; i < r.end; i++) offsets[++o] = off[i + 1]! + shift;
      b += off[r.end]! - s;
      continue;
    }
    for (let i = r.start; i < r.end; i++) {
      if (isSet(v.validity!, v.bitOffset + i)) {
        const s = off[i]!, e = off[i + 1]!;
        if (e - s < 16) for (let j = s; j < e; j++) bytes[b++] = v.values[j]!;
        else { bytes.set(v.values.subarray(s, e), b); b += e - s; }
      }
      offsets[++o] = b;
    }
  }
  const large = type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeBinary;
  const valueOffsets = large ? BigInt64Array.from(offsets, (x) => BigInt(x)) : offsets;
  return makeData({ type, length, nullCount: nulls, nullBitmap: validity, valueOffsets, data: bytes } as never) as Data;
}

/** Whether every null row of [start, end) spans no bytes. */
function nullRowsEmpty(bits: Uint8Array, bitOffset: number, off: Int32Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSet(bits, bitOffset + i) && off[i + 1] !== off[i]) return false;
  return true;
}

/**
 * Nested and rare types (list, struct, map, union): rebuilt value by value through arrow-js
 * builders, even from one run, so their layout too is the builders' whatever the input's (a
 * source's list may keep child values under null slots). A slow path only such columns take.
 */
function concatAny(type: DataType, runs: Run[], length: number): Data {
  const joined = makeVector(runs.map((r) => r.data.slice(r.start, r.end - r.start)) as Data<DataType>[]);
  // The builders take plain values: a list row read from a vector is itself a Vector, which a
  // list builder would read as an empty object (every item lost), so rows become plain first.
  const built = vectorFromArray(Array.from(joined, plainValue) as never[], type);
  const chunks = built.data as Data[];
  if (chunks.length !== 1 || chunks[0]!.length !== length) throw new RangeError(`could not join ${String(type)} chunks into one of ${length} rows`);
  return chunks[0]!;
}

/** A value read from an Arrow vector as the builders take it: lists as arrays, structs and maps as objects, all the way down. */
function plainValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof Date || ArrayBuffer.isView(v)) return v;
  if (v instanceof Vector) return Array.from(v as Vector, plainValue);
  if (v instanceof Map) return new Map(Array.from(v, ([k, x]) => [k, plainValue(x)]));
  const json = (v as { toJSON?: () => Record<string, unknown> }).toJSON;
  if (typeof json === 'function') return Object.fromEntries(Object.entries(json.call(v)).map(([k, x]) => [k, plainValue(x)]));
  return v;
}
