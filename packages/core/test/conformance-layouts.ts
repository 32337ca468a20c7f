import { Data, DateDay, DateMillisecond, Dictionary, Field, TimestampMillisecond, Float64, Int8, Int32, Int64, LargeUtf8, RecordBatch, Schema, Type, Utf8, Vector, makeData, vectorFromArray, type DataType } from 'apache-arrow';
import { batchFromColumns } from '../src/index.js';

/**
 * The Arrow layouts one logical text column can arrive in, and checks that read the buffers
 * themselves (validity bits, offsets, dictionary indices), not Vector.get, for the conformance suite.
 */

export type Layout = 'plain' | 'sliced' | 'chunks' | 'dictionary' | 'dictionary-chunks' | 'large' | 'dictionary-large' | 'sliced-large' | 'sliced-dictionary' | 'sliced-chunks' | 'dictionary-shared' | 'dictionary-int8';
export const LAYOUTS: readonly Layout[] = ['plain', 'sliced', 'chunks', 'dictionary', 'dictionary-chunks', 'large', 'dictionary-large', 'sliced-large', 'sliced-dictionary', 'sliced-chunks', 'dictionary-shared', 'dictionary-int8'];
/** Layouts that only text columns have (a numeric column is Float64 in the others). */
export const TEXT_ONLY_LAYOUTS: readonly Layout[] = ['dictionary', 'dictionary-chunks', 'large', 'dictionary-large', 'sliced-large', 'sliced-dictionary', 'dictionary-shared', 'dictionary-int8'];
/** The Arrow type of a numeric column (numbers keep to integers for the integer types; milliseconds for the dates). */
export type NumberType = 'float64' | 'int32' | 'int64' | 'date32' | 'date64' | 'timestamp';

/**
 * An index no dictionary has, written under null rows and in the rows a slice hides: Arrow leaves
 * both undefined, so a kernel that bounds-checks or maps them refuses valid input.
 */
export const GARBAGE_INDEX = 0x3fffffff;

/**
 * Padding around a sliced column: `before` rows before (2: validity starts mid-byte; 8: on a
 * byte boundary, the other copy path) and three after, nulls on both sides (bits offset - 1 and
 * offset + length cleared). Plain columns' validity bytes are zero past the length (the builder's),
 * a kernel's are one (newBitmap): inputs meet both.
 */
function sliceAround(values: readonly Cell[], before = 2): Cell[] {
  const numeric = values.some((v) => typeof v === 'number');
  const pad = (k: number): Cell => (k & 1 ? null : numeric ? -1 - k : `垫${k}`);
  // A null right after the last row: its cleared bit is the first one past the slice's length.
  return [...Array.from({ length: before }, (_, k) => pad(k)), ...values, null, numeric ? -99 : '后缀', numeric ? -98 : 'x'];
}

/** A text value, a number, null, or raw bytes that need not be valid UTF-8 (as a damaged file may hold). */
export type Cell = string | number | null | Uint8Array;

/** A text column built from its bytes, so a cell may hold malformed UTF-8. */
function textFromBytes(values: readonly Cell[], large: boolean): Data {
  const enc = new TextEncoder();
  const parts = values.map((v) => (v === null ? new Uint8Array(0) : typeof v === 'string' ? enc.encode(v) : (v as Uint8Array)));
  const offsets = large ? new BigInt64Array(values.length + 1) : new Int32Array(values.length + 1);
  const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const validity = new Uint8Array(((values.length + 63) >> 6) << 3).fill(0xff);
  let at = 0;
  let nulls = 0;
  parts.forEach((p, i) => {
    bytes.set(p, at);
    at += p.length;
    offsets[i + 1] = (large ? BigInt(at) : at) as never;
    if (values[i] === null) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; }
  });
  return makeData({ type: large ? new LargeUtf8() : new Utf8(), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, valueOffsets: offsets, data: bytes } as never) as Data;
}

/** Text, or a numeric type when the values are numbers (numeric rules). */
const utf8 = (values: readonly Cell[], large = false, numbers: NumberType = 'float64'): Data => {
  if (values.some((v) => v instanceof Uint8Array)) return textFromBytes(values, large);
  if (values.some((v) => typeof v === 'number')) {
    const nums = values as (number | null)[];
    if (numbers === 'date32' || numbers === 'date64' || numbers === 'timestamp') {
      // Milliseconds since the epoch, as the Arrow date and time types a Parquet or IPC file brings.
      const type = numbers === 'date32' ? new DateDay() : numbers === 'date64' ? new DateMillisecond() : new TimestampMillisecond();
      return vectorFromArray(nums.map((v) => (v === null ? null : new Date(v))) as never, type as never).data[0]!;
    }
    if (numbers === 'int64') return vectorFromArray(nums.map((v) => (v === null ? null : BigInt(v))), new Int64()).data[0]!;
    return vectorFromArray(nums, numbers === 'int32' ? new Int32() : new Float64()).data[0]!;
  }
  return vectorFromArray(values as (string | null)[], large ? new LargeUtf8() : new Utf8()).data[0]!;
};

/**
 * A dictionary chunk: entries in first-use order, plus one unused entry and one null entry (so
 * kernels meet both), split over two dictionary chunks when `chunked` (delta dictionaries).
 * `slicedEntries`: the dictionary's own text is a slice (its offsets do not start at 0).
 */
function dictionaryOf(values: readonly Cell[], chunked: boolean, rowNullsOnly: boolean, large = false, slicedEntries = false, narrow = false): Data {
  const entries: Cell[] = ['未用的条目'];
  const at = new Map<Cell, number>();
  const indices = narrow ? new Int8Array(values.length) : new Int32Array(values.length);
  const garbage = narrow ? 127 : GARBAGE_INDEX;
  const validity = new Uint8Array(((values.length + 63) >> 6) << 3).fill(0xff);
  let nulls = 0;
  let seen = 0;
  values.forEach((v, i) => {
    // Every other null as row validity, the others as rows that point at a null entry.
    if (v === null && (rowNullsOnly || (seen++ & 1) === 0)) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; indices[i] = garbage; return; }
    let k = at.get(v);
    if (k === undefined) { k = entries.length; entries.push(v); at.set(v, k); }
    indices[i] = k;
  });
  const cut = chunked ? Math.max(1, entries.length >> 1) : entries.length;
  const dict = chunked && entries.length > 1
    ? new Vector([utf8(entries.slice(0, cut), large), utf8(entries.slice(cut), large)])
    : new Vector([slicedEntries ? utf8(sliceAround(entries, 3), large).slice(3, entries.length) : utf8(entries, large)]);
  return makeData({ type: new Dictionary(large ? new LargeUtf8() : new Utf8(), narrow ? new Int8() : new Int32(), 0), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, data: indices, dictionary: dict } as never) as Data;
}

/** One column's values as batches in the given layout (each batch's column holds its rows). */
export function columnChunks(values: readonly Cell[], layout: Layout, numbers: NumberType = 'float64'): Data[] {
  switch (layout) {
    case 'plain': return [utf8(values, false, numbers)];
    case 'large': return [utf8(values, true)];
    case 'sliced': {
      // Offsets start past 0 and validity at bit 2; the bit after the last row is cleared.
      return [utf8(sliceAround(values), false, numbers).slice(2, values.length)];
    }
    case 'sliced-large': return [utf8(sliceAround(values, 8), true).slice(8, values.length)];
    case 'sliced-dictionary': {
      // Indices start at element 2; the hidden rows before and after point past the dictionary,
      // whose own text is sliced too.
      const d = dictionaryOf(sliceAround(values), false, false, false, true);
      const idx = d.values as Int32Array;
      idx[0] = GARBAGE_INDEX;
      idx[idx.length - 1] = GARBAGE_INDEX;
      return [d.slice(2, values.length)];
    }
    case 'dictionary-int8': return [dictionaryOf(values, false, false, false, false, true)];
    case 'dictionary-shared': {
      // Two batches over one dictionary, as an Arrow IPC stream without delta dictionaries sends
      // them: a kernel that caches by dictionary must not carry the first batch's rows over.
      const whole = dictionaryOf(values, false, false);
      const h = values.length >> 1;
      return [whole.slice(0, h), whole.slice(h, values.length - h)].map((d) => makeData({ type: d.type, length: d.length, nullCount: countValidityNulls(d), nullBitmap: d.nullCount > 0 ? rebase(d) : null, data: (d.values as Int32Array).slice(), dictionary: whole.dictionary } as never) as Data);
    }
    case 'sliced-chunks': {
      // Two batches cut from one column, as a reader that slices a large batch hands them on:
      // both share the buffers, the second starts mid-byte in the validity.
      const h = values.length >> 1;
      const whole = utf8(sliceAround(values, 3), false, numbers);
      return [whole.slice(3, h), whole.slice(3 + h, values.length - h)];
    }
    case 'chunks': {
      const h = values.length >> 1;
      return [utf8(values.slice(0, h), false, numbers), utf8(values.slice(h), false, numbers)];
    }
    case 'dictionary': return [dictionaryOf(values, false, false)];
    case 'dictionary-large': return [dictionaryOf(values, false, false, true)];
    case 'dictionary-chunks': {
      const h = values.length >> 1;
      return [dictionaryOf(values.slice(0, h), true, false), dictionaryOf(values.slice(h), true, true)];
    }
  }
}

/** Batches of a table whose `target` column takes the layout; other columns stay plain, chunked alike. */
export function tableBatches(columns: Record<string, readonly Cell[]>, target: string, layout: Layout, numbers: NumberType = 'float64'): { schema: Schema; batches: RecordBatch[] } {
  const names = Object.keys(columns);
  const chunked = columnChunks(columns[target]!, layout, numbers);
  const lengths = chunked.map((d) => d.length);
  const cols = names.map((name) => {
    if (name === target) return chunked;
    const all = columns[name]!;
    let at = 0;
    return lengths.map((n) => { const d = utf8(all.slice(at, at + n), false, numbers); at += n; return d; });
  });
  const schema = new Schema(names.map((name, c) => new Field(name, cols[c]![0]!.type as DataType, true)));
  const batches = lengths.map((n, b) => batchFromColumns(schema, cols.map((c) => c[b]!), n));
  return { schema, batches };
}

/** A slice's validity bits copied to start at bit 0. */
function rebase(d: Data): Uint8Array {
  const out = new Uint8Array(((d.length + 63) >> 6) << 3);
  for (let i = 0; i < d.length; i++) if (bit(d.nullBitmap!, d.offset + i)) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

function bit(bitmap: Uint8Array, i: number): number {
  return (bitmap[i >> 3]! >> (i & 7)) & 1;
}

/** Nulls counted from the validity buffer (bit offset + i), or 0 when there is none. */
export function countValidityNulls(d: Data): number {
  if (!d.nullBitmap || d.nullBitmap.length === 0) return 0;
  let nulls = 0;
  for (let i = 0; i < d.length; i++) nulls += 1 - bit(d.nullBitmap, d.offset + i);
  return nulls;
}

/** Whether row i is valid by the row's own validity bit. */
function rowValid(d: Data, i: number): boolean {
  return !d.nullBitmap || d.nullBitmap.length === 0 || bit(d.nullBitmap, d.offset + i) === 1;
}

/** Entries of a dictionary chunk that no valid row references. */
export function unreferencedEntries(d: Data): number {
  const dict = d.dictionary as Vector;
  const used = new Uint8Array(dict.length);
  const idx = d.values as ArrayLike<number>;
  for (let i = 0; i < d.length; i++) if (rowValid(d, i)) used[Number(idx[i])] = 1;
  let n = 0;
  for (const u of used) n += 1 - u;
  return n;
}

/**
 * Problems found in a column's buffers: nullCount against the bits, offsets, dictionary indices.
 * `written`: the column came out of a kernel, so no valid row may point at a null entry and no
 * null row keeps one of the `raw` input values in its bytes (a column passed through untouched
 * keeps its source's layout, which Arrow allows).
 */
export function bufferProblems(d: Data, where: string, written = true, raw: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const bits = countValidityNulls(d);
  if (d.nullCount !== bits) out.push(`${where}: nullCount ${d.nullCount} but ${bits} cleared validity bits`);
  if (d.nullBitmap && d.nullBitmap.length > 0 && d.nullBitmap.length * 8 < d.offset + d.length) out.push(`${where}: validity of ${d.nullBitmap.length} bytes for bits ${d.offset}..${d.offset + d.length}`);
  if (d.typeId === Type.Utf8 || d.typeId === Type.LargeUtf8) {
    const o = d.valueOffsets as Int32Array | BigInt64Array;
    const size = (d.values as Uint8Array).length;
    if (o.length < d.length + 1) out.push(`${where}: ${o.length} offsets for ${d.length} rows`);
    for (let i = 0; i < d.length; i++) {
      const s = Number(o[i]), e = Number(o[i + 1]);
      if (s < 0 || e < s || e > size) { out.push(`${where}: offsets ${s}..${e} of row ${i} outside 0..${size} or decreasing`); break; }
      // Bytes under a null go into an Arrow IPC file: a kernel may leave masked bytes there, never a raw value.
      if (written && e > s && !rowValid(d, i) && raw.has(decoder.decode((d.values as Uint8Array).subarray(s, e)))) { out.push(`${where}: null row ${i} keeps a raw input value in its data bytes`); break; }
    }
  }
  if (d.typeId === Type.Dictionary) {
    const dict = d.dictionary as Vector;
    const idx = d.values as ArrayLike<number>;
    for (let i = 0; i < d.length; i++) {
      if (!rowValid(d, i)) continue;
      const k = Number(idx[i]);
      if (k < 0 || k >= dict.length) { out.push(`${where}: row ${i} points at entry ${k} of ${dict.length}`); break; }
      if (written && dict.get(k) === null) { out.push(`${where}: valid row ${i} points at a null entry`); break; }
    }
    dict.data.forEach((c, j) => out.push(...bufferProblems(c, `${where} dictionary chunk ${j}`, true, raw)));
  }
  return out;
}

const decoder = new TextDecoder();
const strict = new TextDecoder('utf-8', { fatal: true });
/** The text of a value, or its bytes in hex when they are not UTF-8 (two damaged values differ). */
function decodeExact(b: Uint8Array): string {
  try {
    return strict.decode(b);
  } catch {
    return `bytes:${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
  }
}
/** Row i of a text or dictionary-of-text chunk, read from the buffers. */
export function textAt(d: Data, i: number): string | null {
  if (!rowValid(d, i)) return null;
  if (d.typeId === Type.Dictionary) {
    const k = Number((d.values as ArrayLike<number>)[i]);
    let base = 0;
    for (const c of (d.dictionary as Vector).data) {
      if (k < base + c.length) return textAt(c, k - base);
      base += c.length;
    }
    throw new RangeError(`index ${k} past the dictionary`);
  }
  if (d.typeId === Type.Utf8 || d.typeId === Type.LargeUtf8) {
    const o = d.valueOffsets as Int32Array | BigInt64Array;
    return decodeExact((d.values as Uint8Array).subarray(Number(o[i]), Number(o[i + 1])));
  }
  const v = new Vector([d]).get(i);
  return v === null ? null : String(v);
}

/** Every row of column `c` across batches, read from the buffers. */
export function columnValues(batches: readonly RecordBatch[], c: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (const b of batches) {
    const d = b.data.children[c]!;
    for (let i = 0; i < b.numRows; i++) out.push(textAt(d, i));
  }
  return out;
}
