import { type Data, type DataType, Dictionary, Type, type Vector, makeData, makeVector } from 'apache-arrow';
import { GrowableBytes } from '../../kernels/buffers.js';
import { isValid, newBitmap } from '../../kernels/bitmap.js';
import { flattenUtf8, makeUtf8Data, utf8View } from '../../kernels/utf8.js';

/**
 * Build a column from rows `rows` of `data` (a take), making output row j null when
 * `nullOut[j]` is 1. Nulled and dropped values leave no bytes behind: text is rebuilt, fixed-width
 * slots are zeroed and dictionaries are compacted to the entries still used.
 */
export function gather(data: Data, rows: Int32Array, nullOut: Uint8Array | null): Data {
  switch (data.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8: return gatherUtf8(data, rows, nullOut);
    case Type.Bool: return gatherBool(data, rows, nullOut);
    case Type.Dictionary: return gatherDictionary(data, rows, nullOut);
    case Type.Null: return makeData({ type: data.type, length: rows.length, nullCount: rows.length } as never) as Data;
    default: return gatherFixed(data, rows, nullOut);
  }
}

/** Whether gather() handles this type (checked at bind time). */
export function canGather(type: DataType): boolean {
  switch (type.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Bool: case Type.Null: case Type.Int: case Type.Float:
    case Type.Date: case Type.Time: case Type.Timestamp: case Type.Decimal: case Type.Duration: case Type.Interval:
    case Type.FixedSizeBinary:
      return true;
    case Type.Dictionary: return (type as Dictionary).dictionary.typeId === Type.Utf8 || (type as Dictionary).dictionary.typeId === Type.LargeUtf8;
    default: return false;
  }
}

/** Output validity: source validity of each taken row, cleared where nullOut says so. */
function outValidity(data: Data, rows: Int32Array, nullOut: Uint8Array | null): { validity: Uint8Array; nulls: number } {
  const k = rows.length;
  const validity = newBitmap(k);
  const src = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  let nulls = 0;
  for (let j = 0; j < k; j++) {
    if ((src && !isValid(src, off + rows[j]!)) || (nullOut !== null && nullOut[j] === 1)) {
      validity[j >> 3]! &= ~(1 << (j & 7));
      nulls++;
    }
  }
  return { validity, nulls };
}

function gatherUtf8(data: Data, rows: Int32Array, nullOut: Uint8Array | null): Data {
  const v = utf8View(data);
  const { validity, nulls } = outValidity(data, rows, nullOut);
  const k = rows.length;
  const offsets = new Int32Array(k + 1);
  const out = new GrowableBytes(Math.max(16, v.offsets[v.length]! - v.offsets[0]!));
  for (let j = 0; j < k; j++) {
    if ((validity[j >> 3]! >> (j & 7)) & 1) {
      const r = rows[j]!;
      out.append(v.values, v.offsets[r]!, v.offsets[r + 1]!);
    }
    offsets[j + 1] = out.length;
  }
  return makeUtf8Data(k, offsets, out.finish(), validity, nulls, data.typeId === Type.LargeUtf8);
}

function gatherFixed(data: Data, rows: Int32Array, nullOut: Uint8Array | null): Data {
  const stride = data.stride;
  const values = data.values as Uint8Array; // any typed array; already sliced to the chunk
  const k = rows.length;
  const Ctor = values.constructor as new (n: number) => Uint8Array;
  const out = new Ctor(k * stride);
  const { validity, nulls } = outValidity(data, rows, nullOut);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue; // nulled slots stay zero
    const r = rows[j]! * stride;
    for (let s = 0; s < stride; s++) out[j * stride + s] = values[r + s]!;
  }
  return makeData({ type: data.type, length: k, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}

function gatherBool(data: Data, rows: Int32Array, nullOut: Uint8Array | null): Data {
  const bits = data.values as Uint8Array; // not sliced: bit offset + i
  const off = data.offset;
  const k = rows.length;
  const out = new Uint8Array(((k + 63) >> 6) << 3);
  const { validity, nulls } = outValidity(data, rows, nullOut);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    if (isValid(bits, off + rows[j]!)) out[j >> 3]! |= 1 << (j & 7);
  }
  return makeData({ type: data.type, length: k, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}

/** Dictionary: take the indices, then keep only the dictionary entries still referenced. */
function gatherDictionary(data: Data, rows: Int32Array, nullOut: Uint8Array | null): Data {
  const dict = data.dictionary as Vector;
  const indices = data.values as Int32Array;
  const k = rows.length;
  const { validity, nulls } = outValidity(data, rows, nullOut);
  const remap = new Int32Array(dict.length).fill(-1);
  const used: number[] = [];
  const outIdx = new (indices.constructor as new (n: number) => Int32Array)(k);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    const e = indices[rows[j]!]!;
    let m = remap[e]!;
    if (m < 0) {
      m = used.length;
      remap[e] = m;
      used.push(e);
    }
    outIdx[j] = m;
  }
  const newDict = takeFromVector(dict, Int32Array.from(used));
  const t = data.type as Dictionary;
  return makeData({
    type: new Dictionary(newDict.type, t.indices, t.id, t.isOrdered),
    length: k,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity : null,
    data: outIdx,
    dictionary: newDict,
  } as never) as Data;
}

/** Take global positions from a dictionary vector (multi-chunk dictionaries are flattened first; rare). */
function takeFromVector(vec: Vector, positions: Int32Array): Vector {
  const flat = vec.data.length === 1 ? vec.data[0]! : flattenUtf8(vec);
  return makeVector(gather(flat, positions, null) as Data<DataType>);
}

