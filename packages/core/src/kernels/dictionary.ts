import { type Data, Dictionary, type Vector, makeData } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { newBitmap, rebaseBitmap } from './bitmap.js';

/**
 * The one place a rule meets a dictionary-encoded column (as DuckDB's executor handles a
 * dictionary vector once, so functions never see the case): the rule maps the dictionary's
 * entries, this kernel reuses the indices and settles what the rows became.
 *
 * Row semantics, the same for every rule: a row is null when its validity bit is 0 or its entry
 * is null, and that is carried into the row validity (so `nullCount` equals the validity bits,
 * and a `required` check that reads `nullCount` sees every null). A row whose entry the rule made
 * null becomes null the same way.
 */

/** A rule's mapping of a dictionary: the new entries and, per entry, a status code of the rule's. */
export interface MappedEntries {
  /** The mapped dictionary: same length as the input's, entry k replacing entry k. */
  dictionary: Vector;
  /** One code per entry, below STATUS_CODES; 0 means unchanged. Codes of null entries are ignored. */
  status: Uint8Array;
}

/** Status codes a rule may use (its own meanings), counted per row by `mapDictionaryData`. */
export const STATUS_CODES = 8;

/** A mapping plus what the kernel needs per entry, cached per input dictionary when the rule allows. */
export interface PreparedEntries extends MappedEntries {
  /** Per entry: 0 valid, ENTRY_WAS_NULL null in the input, ENTRY_BECAME_NULL nulled by the rule; null when all are 0. */
  entryNulls: Uint8Array | null;
}

/** Input dictionaries already mapped, for rules whose output depends on the entry alone (IPC batches share a dictionary). */
export type DictionaryCache = WeakMap<Vector, PreparedEntries>;

const ENTRY_WAS_NULL = 1;
const ENTRY_BECAME_NULL = 2;

/** What became of one dictionary chunk's rows. */
export interface MappedRows {
  data: Data;
  /** Rows null on input (validity bit 0, or a null entry). */
  nulls: number;
  /** Rows non-null on input, per status code of their entry. */
  rows: Int32Array;
  /** The first such row (0-based in the chunk) per status code, -1 when none: for errors naming a row. */
  first: Int32Array;
}

/**
 * Map a dictionary chunk: `mapEntries` runs once over the dictionary (or not at all when `cache`
 * has it), the indices are reused untouched, row validity takes the entries' nulls. `flag`, when
 * given, gets a 1 for each non-null row whose entry status is in the bit set `codes`.
 */
export function mapDictionaryData(
  data: Data,
  mapEntries: (dictionary: Vector) => MappedEntries,
  cache: DictionaryCache | null = null,
  where: { column?: string; rule?: string } = {},
  flag: { rows: Uint8Array; codes: number } | null = null,
): MappedRows {
  const source = data.dictionary as Vector;
  let prepared = cache?.get(source);
  if (prepared === undefined) {
    const m = mapEntries(source);
    if (m.dictionary.length !== source.length || m.status.length !== source.length) {
      throw new RangeError(`a dictionary mapping gave ${m.dictionary.length} entries for ${source.length}`);
    }
    prepared = { ...m, entryNulls: entryNulls(source, m.dictionary) };
    cache?.set(source, prepared);
  }
  const n = data.length;
  const idx = indexArray(data);
  const size = source.length;
  const status = prepared.status;
  const flags = prepared.entryNulls;
  const rows = new Int32Array(STATUS_CODES);
  const first = new Int32Array(STATUS_CODES).fill(-1);
  let validity: Uint8Array | null = data.nullCount > 0 && data.nullBitmap ? rebaseBitmap(data.nullBitmap, data.offset, n) : null;
  let nullCount = validity === null ? 0 : data.nullCount;
  let nulls = nullCount;
  const hasRowNulls = validity !== null;
  for (let i = 0; i < n; i++) {
    if (hasRowNulls && ((validity![i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const k = idx[i]!;
    if (!(k >= 0 && k < size)) throw badIndex(i, k, size, where);
    if (flags !== null) {
      const f = flags[k]!;
      if (f !== 0) {
        if (validity === null) validity = newBitmap(n);
        validity[i >> 3]! &= ~(1 << (i & 7));
        nullCount++;
        if (f === ENTRY_WAS_NULL) { nulls++; continue; }
      }
    }
    const s = status[k]!;
    if (rows[s]!++ === 0) first[s] = i;
    if (flag !== null && ((flag.codes >> s) & 1) === 1) flag.rows[i] = 1;
  }
  const t = data.type as Dictionary;
  const out = makeData({
    type: new Dictionary(prepared.dictionary.type, t.indices, t.id, t.isOrdered),
    length: n,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    data: data.values,
    dictionary: prepared.dictionary,
  } as never) as Data;
  return { data: out, nulls, rows, first };
}

/** Per entry: null in the input, nulled by the mapping, or neither; null when no entry is null. */
function entryNulls(before: Vector, after: Vector): Uint8Array | null {
  if (before.nullCount === 0 && after.nullCount === 0) return null;
  const flags = new Uint8Array(before.length);
  markNulls(before, flags, ENTRY_WAS_NULL);
  markNulls(after, flags, ENTRY_BECAME_NULL);
  return flags;
}

/** 1 for each null entry of a (possibly multi-chunk) dictionary; null when it has none. */
export function nullEntries(dict: Vector): Uint8Array | null {
  if (dict.nullCount === 0) return null;
  const flags = new Uint8Array(dict.length);
  markNulls(dict, flags, 1);
  return flags;
}

/**
 * Rows of a chunk that read as null: validity bit 0, or (dictionaries) a null entry. A dictionary
 * chunk's `nullCount` counts only the first kind until it passed through one of the kernels here.
 */
export function nullRows(data: Data): number {
  const dict = data.dictionary as Vector | undefined;
  const flags = dict === undefined ? null : nullEntries(dict);
  if (flags === null) return data.nullCount;
  const idx = indexArray(data);
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  let nulls = 0;
  for (let i = 0; i < data.length; i++) {
    const j = data.offset + i;
    if ((bm && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) || flags[idx[i]!] === 1) nulls++;
  }
  return nulls;
}

function markNulls(vec: Vector, flags: Uint8Array, code: number): void {
  let base = 0;
  for (const c of vec.data) {
    const bm = c.nullCount > 0 ? c.nullBitmap : null;
    if (bm) {
      for (let i = 0; i < c.length; i++) {
        const j = c.offset + i;
        if (((bm[j >> 3]! >> (j & 7)) & 1) === 0 && flags[base + i] === 0) flags[base + i] = code;
      }
    }
    base += c.length;
  }
}

/** The chunk's indices as numbers (64-bit indices converted once; a dictionary never has 2^31 entries). */
export function indexArray(data: Data): ArrayLike<number> {
  const v = data.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(v[i]);
    return out;
  }
  return v;
}

function badIndex(row: number, k: number, size: number, where: { column?: string; rule?: string }): TuominError {
  return new TuominError('BAD_INPUT', `dictionary index ${k} of row ${row + 1} of the batch is outside the dictionary's ${size} entries`, where,
    'the source file is damaged; export it again from the source system', { id: 'input.dictionaryIndex' });
}

/** A function of one text value's bytes, src[s, e): a test's 0 or 1, a parsed number, an offset. */
export type ValueFunction = (src: Uint8Array, s: number, e: number) => number;

/**
 * `f` evaluated once per dictionary entry, for readers (conditions, predicates, parsers, entity
 * keys): out[k] is f of entry k, or `nullValue` for a null entry. Keep it while batches share the
 * dictionary; spread it to the rows with `spreadEntries`.
 */
export function evaluateEntries<T extends Uint8Array | Int32Array | Float64Array>(dict: Vector, f: ValueFunction, nullValue: number, out: T): T {
  let base = 0;
  for (const c of dict.data) {
    const o = c.valueOffsets as Int32Array | BigInt64Array;
    const values = c.values as Uint8Array;
    const bm = c.nullCount > 0 ? c.nullBitmap : null;
    for (let k = 0; k < c.length; k++) {
      const j = c.offset + k;
      out[base + k] = bm && ((bm[j >> 3]! >> (j & 7)) & 1) === 0 ? nullValue : f(values, Number(o[k]), Number(o[k + 1]));
    }
    base += c.length;
  }
  return out;
}

/**
 * Entry results spread to the rows of a dictionary chunk: out[i] is the result of row i's entry,
 * or `nullValue` when the row's validity bit is 0 (null entries already hold it).
 */
export function spreadEntries<T extends Uint8Array | Int32Array | Float64Array>(data: Data, entries: ArrayLike<number>, nullValue: number, out: T): T {
  const n = data.length;
  const idx = indexArray(data);
  const size = entries.length;
  const bm = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    if (bm && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) { out[i] = nullValue; continue; }
    const k = idx[i]!;
    if (!(k >= 0 && k < size)) throw badIndex(i, k, size, {});
    out[i] = entries[k]!;
  }
  return out;
}
