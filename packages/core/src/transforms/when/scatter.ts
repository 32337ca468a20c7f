import { type Data, type Dictionary, Type, makeData, makeVector, type Vector } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { isValid, newBitmap, rebaseBitmap } from '../../kernels/bitmap.js';
import { gather } from '../../kernels/take.js';
import { makeUtf8Data, type Utf8View, utf8View } from '../../kernels/utf8.js';
import { copyBytes } from './bytes.js';

/**
 * Column `a` (every row of the batch) with row `rows[j]` replaced by row j of `b`, the inner rule's
 * output for the matching rows. `rows` is ascending. Types must agree (checked at bind for the
 * field types; dictionary vs plain text and fixed-width units are checked here).
 */
export function scatterColumn(a: Data, b: Data, rows: Int32Array): Data {
  const ta = a.typeId, tb = b.typeId;
  if (ta === Type.Dictionary || tb === Type.Dictionary) {
    if (ta !== tb) throw new TuominError('UNSUPPORTED', 'a rule with when: changed a column between dictionary and plain text', { rule: 'when' }, undefined, { id: 'when.changedDictionary' });
    return scatterDictionary(a, b, rows);
  }
  if (ta === Type.Utf8 || ta === Type.LargeUtf8) {
    if (ta !== tb) throw mismatch(a, b);
    return scatterUtf8(a, b, rows);
  }
  if (String(a.type) !== String(b.type)) throw mismatch(a, b);
  if (ta === Type.Null) return a;
  if (ta === Type.Bool) return scatterBool(a, b, rows);
  if (b.values === undefined || a.stride !== b.stride) throw mismatch(a, b);
  return scatterFixed(a, b, rows);
}

function mismatch(a: Data, b: Data): TuominError {
  return new TuominError('UNSUPPORTED', `a rule with when: changed a column from ${String(a.type)} to ${String(b.type)}`, { rule: 'when' }, 'apply it without a when: condition', { id: 'when.changedType', params: { from: String(a.type), to: String(b.type) } });
}

/** a's validity with rows[j] taking b's bit j; null when no row is null. */
function scatterValidity(a: Data, b: Data, rows: Int32Array): { validity: Uint8Array | null; nulls: number } {
  if (a.nullCount === 0 && b.nullCount === 0) return { validity: null, nulls: 0 };
  const n = a.length;
  const validity = a.nullCount > 0 && a.nullBitmap ? rebaseBitmap(a.nullBitmap, a.offset, n) : newBitmap(n, true);
  const bm = b.nullCount > 0 ? b.nullBitmap : null;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    if (bm === null || isValid(bm, b.offset + j)) validity[r >> 3]! |= 1 << (r & 7);
    else validity[r >> 3]! &= ~(1 << (r & 7));
  }
  let valid = 0;
  for (let i = 0; i < n; i++) valid += (validity[i >> 3]! >> (i & 7)) & 1;
  return { validity: n - valid > 0 ? validity : null, nulls: n - valid };
}

/**
 * Text: the runs of a's rows between two matching rows are copied as one byte range each (their
 * offsets shifted), and each matching row takes b's bytes, none when b made it null.
 */
function scatterUtf8(a: Data, b: Data, rows: Int32Array): Data {
  const n = a.length, m = rows.length;
  const va = utf8View(a), vb = utf8View(b);
  const ao = va.offsets, bo = vb.offsets, as = va.values, bs = vb.values;
  const { validity, nulls } = scatterValidity(a, b, rows);
  if (sameLengths(ao, bo, rows, vb.validity === null)) return overwriteUtf8(a, va, vb, rows, validity, nulls);
  // An upper bound: the replaced rows' bytes of a are not copied.
  const bytes = new Uint8Array(ao[n]! - ao[0]! + bo[m]! - bo[0]!);
  const offsets = new Int32Array(n + 1);
  const bValid = vb.validity;
  let used = 0, i = 0;
  for (let j = 0; j <= m; j++) {
    const r = j < m ? rows[j]! : n;
    if (r > i) {
      const shift = used - ao[i]!;
      used = copyBytes(bytes, used, as, ao[i]!, ao[r]!);
      for (; i < r; i++) offsets[i + 1] = ao[i + 1]! + shift;
    }
    if (j === m) break;
    if (bValid === null || isValid(bValid, vb.bitOffset + j)) used = copyBytes(bytes, used, bs, bo[j]!, bo[j + 1]!);
    offsets[r + 1] = used;
    i = r + 1;
  }
  return makeUtf8Data(n, offsets, bytes.subarray(0, used), validity, nulls, a.typeId === Type.LargeUtf8);
}

/** Whether every matching row keeps its byte length (mask cn.id, cn.mobile: the common case). */
function sameLengths(ao: Int32Array, bo: Int32Array, rows: Int32Array, noNulls: boolean): boolean {
  if (!noNulls) return false;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    if (ao[r + 1]! - ao[r]! !== bo[j + 1]! - bo[j]!) return false;
  }
  return true;
}

/** Same lengths: a's bytes in one copy, a's offsets rebased, then b's bytes over the matching rows. */
function overwriteUtf8(a: Data, va: Utf8View, vb: Utf8View, rows: Int32Array, validity: Uint8Array | null, nulls: number): Data {
  const n = a.length, ao = va.offsets, bo = vb.offsets, bs = vb.values;
  const base = ao[0]!;
  const bytes = va.values.slice(base, ao[n]!);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = ao[i]! - base;
  for (let j = 0; j < rows.length; j++) copyBytes(bytes, offsets[rows[j]!]!, bs, bo[j]!, bo[j + 1]!);
  return makeUtf8Data(n, offsets, bytes, validity, nulls, a.typeId === Type.LargeUtf8);
}

/**
 * Dictionary: one dictionary, a's entries then b's; the matching rows point into b's half.
 * The indices keep a's index type, so the two dictionaries together must fit it.
 */
function scatterDictionary(a: Data, b: Data, rows: Int32Array): Data {
  const n = a.length;
  const da = a.dictionary as Vector, db = b.dictionary as Vector;
  const ia = a.values as Int32Array, ib = b.values as Int32Array; // any integer array, sliced to the chunk
  if (ia instanceof BigInt64Array || ia instanceof BigUint64Array) throw new TuominError('UNSUPPORTED', 'a rule with when: on a dictionary column with 64-bit indices', { rule: 'when' }, 'cast the column to text first', { id: 'when.dictionary64' });
  const Ctor = ia.constructor as Int32ArrayConstructor;
  const bits = 8 * Ctor.BYTES_PER_ELEMENT - (ia instanceof Int8Array || ia instanceof Int16Array || ia instanceof Int32Array ? 1 : 0);
  if (da.length + db.length > 2 ** bits) {
    throw new TuominError('UNSUPPORTED', `a rule with when: made a dictionary of ${da.length + db.length} entries, more than its ${bits}-bit indices address`, { rule: 'when' }, 'use 32-bit dictionary indices, or cast the column to text first', { id: 'when.dictionaryOverflow', params: { entries: da.length + db.length, bits } });
  }
  const idx = new Ctor(n);
  idx.set(ia.subarray(0, n));
  const shift = da.length;
  for (let j = 0; j < rows.length; j++) idx[rows[j]!] = ib[j]! + shift;
  const { validity, nulls } = scatterValidity(a, b, rows);
  const t = a.type as Dictionary;
  const merged = makeData({ type: t, length: n, nullCount: nulls, nullBitmap: validity, data: idx, dictionary: makeVector([...da.data, ...db.data]) } as never) as Data;
  // a's entries for the replaced rows hold their raw values: the take kernel keeps only the
  // entries rows still use (and makes rows on a null entry null rows), in one chunk.
  return gather(merged, Int32Array.from({ length: n }, (_, i) => i), null, '');
}

/** Fixed-width values (numbers, dates, decimals): a's slots, then b's slot j over slot rows[j]. */
function scatterFixed(a: Data, b: Data, rows: Int32Array): Data {
  const n = a.length, s = a.stride;
  const av = a.values as Uint8Array, bv = b.values as Uint8Array; // any typed array, sliced to the chunk
  const out = new (av.constructor as Uint8ArrayConstructor)(n * s);
  out.set(av.subarray(0, n * s));
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]! * s;
    for (let k = 0; k < s; k++) out[r + k] = bv[j * s + k]!;
  }
  const { validity, nulls } = scatterValidity(a, b, rows);
  return makeData({ type: a.type, length: n, nullCount: nulls, nullBitmap: validity, data: out } as never) as Data;
}

/** Bits are not sliced: bit `offset + i` of the values. */
function scatterBool(a: Data, b: Data, rows: Int32Array): Data {
  const n = a.length;
  const out = rebaseBitmap(a.values as Uint8Array, a.offset, n);
  const bv = b.values as Uint8Array;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    if (isValid(bv, b.offset + j)) out[r >> 3]! |= 1 << (r & 7);
    else out[r >> 3]! &= ~(1 << (r & 7));
  }
  const { validity, nulls } = scatterValidity(a, b, rows);
  return makeData({ type: a.type, length: n, nullCount: nulls, nullBitmap: validity, data: out } as never) as Data;
}
