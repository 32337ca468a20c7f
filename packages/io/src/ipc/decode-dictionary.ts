import { Type, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { GrowableBytes, TuominError, newBitmap } from '@tuomin/core/internal';
import { bitsView, bytesView, fixedView } from './dictionary-values.js';

/**
 * A dictionary column chunk as a plain column of `valueType`: each row gets a copy of its entry.
 * A row is null when its index is null or its entry is. Respects `data.offset` (sliced columns).
 * The kernel is chosen once by value layout; each has a loop without null checks.
 */
export function decodeDictionary(data: Data, valueType: DataType, column: string): Data {
  switch (valueType.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary:
      return decodeBytes(data, valueType, column);
    case Type.Bool:
      return decodeBits(data, valueType, column);
    default:
      return decodeFixed(data, valueType, column);
  }
}

/** Row validity of the indices, or null when no row is null (read once per chunk). */
function rowValidity(data: Data): Uint8Array | null {
  return data.nullCount > 0 && data.nullBitmap ? data.nullBitmap : null;
}

/** Indices as numbers (64-bit index types are rare; converted once). Already sliced to the chunk. */
function indicesOf(data: Data): ArrayLike<number> {
  const v = data.values as ArrayLike<number | bigint>;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, Number);
  return v as ArrayLike<number>;
}

function badIndex(column: string): TuominError {
  return new TuominError(
    'BAD_INPUT',
    'a dictionary index points past the end of its dictionary',
    { column },
    'the input batches are corrupt; re-create them from the source data',
    { id: 'input.dictionaryIndex' },
  );
}

function decodeBytes(data: Data, type: DataType, column: string): Data {
  const dict = bytesView(data.dictionary!);
  const dv = dict.values;
  const doff = dict.offsets;
  const m = dict.length;
  const idx = indicesOf(data);
  const n = data.length;
  const rows = rowValidity(data);
  const rowOff = data.offset;
  const entries = dict.validity;
  const entryOff = dict.bitOffset;
  const offsets = new Int32Array(n + 1);
  const average = m > 0 ? (doff[m]! - doff[0]!) / m : 0;
  const out = new GrowableBytes(Math.ceil(n * average) + 16);
  let validity: Uint8Array | null = null;
  let nulls = 0;
  if (rows === null && entries === null) {
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      if (k >>> 0 >= m) throw badIndex(column);
      out.append(dv, doff[k]!, doff[k + 1]!);
      offsets[i + 1] = out.length;
    }
  } else {
    validity = newBitmap(n);
    for (let i = 0; i < n; i++) {
      let valid = rows === null || ((rows[(rowOff + i) >> 3]! >> ((rowOff + i) & 7)) & 1) === 1;
      if (valid) {
        const k = idx[i]!;
        if (k >>> 0 >= m) throw badIndex(column);
        valid = entries === null || ((entries[(entryOff + k) >> 3]! >> ((entryOff + k) & 7)) & 1) === 1;
        if (valid) out.append(dv, doff[k]!, doff[k + 1]!);
      }
      if (!valid) {
        validity[i >> 3]! &= ~(1 << (i & 7));
        nulls++;
      }
      offsets[i + 1] = out.length;
    }
  }
  if (out.length > 0x7fffffff) {
    throw new TuominError('UNSUPPORTED', 'a batch holds over 2 GiB of text once its dictionary is expanded', { column }, 'write smaller batches (batch size), or write an Arrow IPC stream (.arrows), which keeps dictionaries', { id: 'ipc.textOver2GiB' });
  }
  const large = type.typeId === Type.LargeUtf8 || type.typeId === Type.LargeBinary;
  return makeData({
    type,
    length: n,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity : null,
    valueOffsets: large ? BigInt64Array.from(offsets, BigInt) : offsets,
    data: out.finish(),
  } as never) as Data;
}

type Typed = ArrayLike<number | bigint> & { [i: number]: number | bigint };

function decodeFixed(data: Data, type: DataType, column: string): Data {
  const dict = fixedView(data.dictionary!);
  const src = dict.values as Typed;
  const s = dict.stride;
  const m = dict.length;
  const idx = indicesOf(data);
  const n = data.length;
  const rows = rowValidity(data);
  const rowOff = data.offset;
  const entries = dict.validity;
  const entryOff = dict.bitOffset;
  const out = new ((dict.values as object).constructor as new (n: number) => Typed)(n * s);
  let validity: Uint8Array | null = null;
  let nulls = 0;
  if (rows === null && entries === null) {
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      if (k >>> 0 >= m) throw badIndex(column);
      for (let j = 0; j < s; j++) out[i * s + j] = src[k * s + j]!;
    }
  } else {
    validity = newBitmap(n);
    for (let i = 0; i < n; i++) {
      let valid = rows === null || ((rows[(rowOff + i) >> 3]! >> ((rowOff + i) & 7)) & 1) === 1;
      if (valid) {
        const k = idx[i]!;
        if (k >>> 0 >= m) throw badIndex(column);
        valid = entries === null || ((entries[(entryOff + k) >> 3]! >> ((entryOff + k) & 7)) & 1) === 1;
        if (valid) for (let j = 0; j < s; j++) out[i * s + j] = src[k * s + j]!;
      }
      if (!valid) {
        validity[i >> 3]! &= ~(1 << (i & 7));
        nulls++;
      }
    }
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}

function decodeBits(data: Data, type: DataType, column: string): Data {
  const dict = bitsView(data.dictionary!);
  const bits = dict.bits;
  const m = dict.length;
  const idx = indicesOf(data);
  const n = data.length;
  const rows = rowValidity(data);
  const rowOff = data.offset;
  const entries = dict.validity;
  const entryOff = dict.bitOffset;
  const out = newBitmap(n, false);
  const validity = newBitmap(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    let valid = rows === null || ((rows[(rowOff + i) >> 3]! >> ((rowOff + i) & 7)) & 1) === 1;
    if (valid) {
      const k = idx[i]!;
      if (k >>> 0 >= m) throw badIndex(column);
      const e = entryOff + k;
      valid = entries === null || ((entries[e >> 3]! >> (e & 7)) & 1) === 1;
      if (valid && ((bits[e >> 3]! >> (e & 7)) & 1) === 1) out[i >> 3]! |= 1 << (i & 7);
    }
    if (!valid) {
      validity[i >> 3]! &= ~(1 << (i & 7));
      nulls++;
    }
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}
