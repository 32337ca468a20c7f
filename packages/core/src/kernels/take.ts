import { type Data, type DataType, Dictionary, type RecordBatch, Type, type Vector, makeData, makeVector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { batchFromColumns, columnData } from './batch.js';
import { isValid, newBitmap } from './bitmap.js';
import { GrowableBytes } from './buffers.js';
import { indexArray, nullEntries } from './dictionary.js';
import { flattenUtf8, utf8View } from './utf8.js';
import { typeShape } from './type-shape.js';

/**
 * The one row-selection kernel (a take): every rule that removes rows (reject-row, suppress-rows,
 * k-anonymity suppression) or nulls some (suppress, when) goes through it. Removed and nulled
 * values leave no bytes behind: text is rebuilt to exactly the bytes of the rows kept, fixed-width
 * slots of null rows are zeroed, and dictionaries are compacted to the entries a kept, non-null
 * row references, so a removed row's raw value cannot survive in a published dictionary.
 */

/** Whether `gather` handles this type (check at bind time, before data arrives). */
export function canGather(type: DataType): boolean {
  switch (type.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary: case Type.Bool: case Type.Null:
    case Type.Int: case Type.Float: case Type.Date: case Type.Time: case Type.Timestamp: case Type.Decimal:
    case Type.Duration: case Type.Interval: case Type.FixedSizeBinary:
      return true;
    case Type.Dictionary: return canGather((type as Dictionary).dictionary);
    default: return false;
  }
}

/**
 * Rows `rows` of `data`, in that order, with output row j made null where `nullOut[j]` is 1.
 * A row that points at a null dictionary entry comes out null in the row validity.
 */
export function gather(data: Data, rows: Int32Array, nullOut: Uint8Array | null = null, column = ''): Data {
  if (!canGather(data.type)) {
    throw new TuominError('UNSUPPORTED', `cannot take or null rows of a ${typeShape(data.type)} column`, column ? { column } : {},
      'drop the column first (rule drop), or flatten it to text or numbers in the normalize step', { id: 'rows.cannotTake', params: { type: typeShape(data.type) } });
  }
  const k = rows.length;
  if (data.typeId === Type.Null) return makeData({ type: data.type, length: k, nullCount: k } as never) as Data;
  const { validity, nulls } = takenValidity(data, rows, nullOut);
  switch (data.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary: return gatherBytes(data, rows, validity, nulls);
    case Type.Bool: return gatherBool(data, rows, validity, nulls);
    case Type.Dictionary: return gatherDictionary(data, rows, validity, nulls, column);
    default: return gatherFixed(data, rows, validity, nulls);
  }
}

/** The rows of `batch` whose `mask` byte is 1 (`count` of them), every column taken alike. */
export function takeRows(batch: RecordBatch, mask: Uint8Array, count: number): RecordBatch {
  const rows = new Int32Array(count);
  for (let i = 0, j = 0; i < mask.length && j < count; i++) if (mask[i] === 1) rows[j++] = i;
  return takeBatch(batch, rows);
}

/** Rows `rows` of `batch`, every column taken alike. */
export function takeBatch(batch: RecordBatch, rows: Int32Array): RecordBatch {
  const fields = batch.schema.fields;
  return batchFromColumns(batch.schema, fields.map((f, c) => gather(columnData(batch, c), rows, null, f.name)), rows.length);
}

/**
 * The batch with every dictionary column compacted to the entries its non-null rows use. Rules
 * that remove or null rows call it on the batches where they removed nothing too: batches of one
 * IPC stream share a dictionary, so a value removed from one batch still sits in the next one's.
 */
export function compactDictionaries(batch: RecordBatch): RecordBatch {
  const n = batch.numRows;
  const fields = batch.schema.fields;
  let columns: Data[] | null = null;
  let rows: Int32Array | null = null;
  for (let c = 0; c < fields.length; c++) {
    if (fields[c]!.type.typeId !== Type.Dictionary) continue;
    const d = columnData(batch, c);
    if (allEntriesUsed(d)) continue;
    if (rows === null) rows = Int32Array.from({ length: n }, (_, i) => i);
    columns ??= fields.map((_, k) => columnData(batch, k));
    columns[c] = gather(d, rows, null, fields[c]!.name);
  }
  return columns === null ? batch : batchFromColumns(batch.schema, columns, n);
}

/** Whether every entry of a dictionary chunk is a non-null entry some non-null row uses. */
function allEntriesUsed(d: Data): boolean {
  const dict = d.dictionary as Vector;
  if (dict.nullCount > 0 || dict.length > d.length) return false;
  const used = new Uint8Array(dict.length);
  const idx = indexArray(d);
  const bm = d.nullCount > 0 ? d.nullBitmap : null;
  let count = 0;
  for (let i = 0; i < d.length; i++) {
    if (bm && !isValid(bm, d.offset + i)) continue;
    const k = idx[i]!;
    if (used[k] === 0) { used[k] = 1; count++; }
  }
  return count === dict.length;
}

/** Output validity: each taken row's source bit, cleared where nullOut says so. */
function takenValidity(data: Data, rows: Int32Array, nullOut: Uint8Array | null): { validity: Uint8Array; nulls: number } {
  const k = rows.length;
  const validity = newBitmap(k);
  const src = data.nullCount > 0 ? data.nullBitmap : null;
  if (src == null && nullOut === null) return { validity, nulls: 0 };
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

/** Utf8, LargeUtf8, Binary, LargeBinary: sized once to exactly the kept bytes. */
function gatherBytes(data: Data, rows: Int32Array, validity: Uint8Array, nulls: number): Data {
  const v = utf8View(data);
  const k = rows.length, o = v.offsets;
  let size = 0;
  for (let j = 0; j < k; j++) if ((validity[j >> 3]! >> (j & 7)) & 1) size += o[rows[j]! + 1]! - o[rows[j]!]!;
  const out = new GrowableBytes(size);
  const offsets = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) {
    if ((validity[j >> 3]! >> (j & 7)) & 1) out.append(v.values, o[rows[j]!]!, o[rows[j]! + 1]!);
    offsets[j + 1] = out.length;
  }
  const large = data.typeId === Type.LargeUtf8 || data.typeId === Type.LargeBinary;
  const valueOffsets = large ? BigInt64Array.from(offsets, (x) => BigInt(x)) : offsets;
  return makeData({ type: data.type, length: k, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, valueOffsets, data: out.finish() } as never) as Data;
}

function gatherFixed(data: Data, rows: Int32Array, validity: Uint8Array, nulls: number): Data {
  const stride = data.stride;
  const values = data.values as Uint8Array; // any typed array; already sliced to the chunk
  const k = rows.length;
  const out = new (values.constructor as new (n: number) => Uint8Array)(k * stride);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue; // null slots stay zero
    const r = rows[j]! * stride;
    for (let s = 0; s < stride; s++) out[j * stride + s] = values[r + s]!;
  }
  return makeData({ type: data.type, length: k, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}

function gatherBool(data: Data, rows: Int32Array, validity: Uint8Array, nulls: number): Data {
  const bits = data.values as Uint8Array; // not sliced: bit offset + i
  const off = data.offset;
  const k = rows.length;
  const out = newBitmap(k, false);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    if (isValid(bits, off + rows[j]!)) out[j >> 3]! |= 1 << (j & 7);
  }
  return makeData({ type: data.type, length: k, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: out } as never) as Data;
}

/**
 * Dictionary: take the indices, then keep only the entries a non-null taken row references, in
 * dictionary order (an ordered dictionary stays ordered); rows that point at a null entry become
 * null rows.
 */
function gatherDictionary(data: Data, rows: Int32Array, validity: Uint8Array, nulls: number, column: string): Data {
  const dict = data.dictionary as Vector;
  const idx = indexArray(data);
  const size = dict.length;
  const entryNull = nullEntries(dict);
  const k = rows.length;
  const remap = new Int32Array(size);
  for (let j = 0; j < k; j++) {
    if (((validity[j >> 3]! >> (j & 7)) & 1) === 0) continue;
    const e = idx[rows[j]!]!;
    if (!(e >= 0 && e < size)) {
      throw new TuominError('BAD_INPUT', `dictionary index ${e} of row ${rows[j]! + 1} of the batch is outside the dictionary's ${size} entries`,
        column ? { column } : {}, 'the source file is damaged; export it again from the source system', { id: 'input.dictionaryIndex' });
    }
    if (entryNull !== null && entryNull[e] === 1) {
      validity[j >> 3]! &= ~(1 << (j & 7));
      nulls++;
    } else remap[e] = 1;
  }
  let used = 0;
  for (let e = 0; e < size; e++) remap[e] = remap[e] === 1 ? used++ : -1;
  const positions = new Int32Array(used);
  for (let e = 0; e < size; e++) if (remap[e]! >= 0) positions[remap[e]!] = e;
  const outIdx = new Int32Array(k);
  for (let j = 0; j < k; j++) if ((validity[j >> 3]! >> (j & 7)) & 1) outIdx[j] = remap[idx[rows[j]!]!]!;
  const newDict = gatherEntries(dict, positions);
  const t = data.type as Dictionary;
  return makeData({
    type: new Dictionary(newDict.type, t.indices, t.id, t.isOrdered),
    length: k,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity : null,
    data: castIndices(outIdx, data.values),
    dictionary: newDict,
  } as never) as Data;
}

/** Entries at ascending `positions` of a dictionary as one chunk (delta dictionaries arrive in several). */
function gatherEntries(dict: Vector, positions: Int32Array): Vector {
  if (dict.data.length === 1) return makeVector(gather(dict.data[0]!, positions) as Data<DataType>);
  const parts: Data[] = [];
  let base = 0, p = 0;
  for (const c of dict.data) {
    const from = p;
    while (p < positions.length && positions[p]! < base + c.length) p++;
    if (p > from) parts.push(gather(c, positions.subarray(from, p).map((x) => x - base)));
    base += c.length;
  }
  if (parts.length === 0) parts.push(gather(dict.data[0]!, positions));
  const taken = makeVector(parts as Data<DataType>[]);
  const t = dict.type.typeId;
  return parts.length > 1 && (t === Type.Utf8 || t === Type.LargeUtf8) ? makeVector(flattenUtf8(taken) as Data<DataType>) : taken;
}

/** New indices in the input's index type (the compacted dictionary is never larger). */
function castIndices(idx: Int32Array, like: unknown): ArrayLike<number> | BigInt64Array | BigUint64Array {
  if (like instanceof Int32Array) return idx;
  if (like instanceof BigInt64Array) return BigInt64Array.from(idx, (x) => BigInt(x));
  if (like instanceof BigUint64Array) return BigUint64Array.from(idx, (x) => BigInt(x));
  const Ctor = (like as { constructor: { from(a: ArrayLike<number>): ArrayLike<number> } }).constructor;
  return Ctor.from(idx);
}
