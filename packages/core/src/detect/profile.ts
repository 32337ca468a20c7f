import { Type, makeVector, type Data, type DataType, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import { columnData } from '../kernels/batch.js';
import { utf8View } from '../kernels/utf8.js';
import { ValueScanner } from './scanner.js';
import { isNameHeader } from './detect-value.js';
import { DistinctCounter, hashBytes } from './distinct.js';
import { KIND_NAMES, K_TEXT, valueKind, type ValueKind } from './value-kind.js';
import { DETECTOR_TYPES, TYPE_COUNT, type DetectorType } from './types.js';
import { COMPOUND_SET, SURNAME_SET } from './tables.js';
import type { DetectOptionsInput } from './options.js';

export interface ProfileOptions extends DetectOptionsInput {
  /** Profile only the first `sample` rows (default: all). */
  sample?: number;
  /** Distinct values counted exactly up to this many (default 100,000), estimated beyond. */
  distinctCap?: number;
}

export interface DetectorShare {
  type: DetectorType;
  /** Non-null values holding at least one identifier of this type. */
  count: number;
  /** count / non-null values. */
  share: number;
  /** Values that are exactly one identifier of this type (a column of IDs, not free text). */
  whole: number;
}

export interface ColumnProfile {
  name: string;
  arrowType: string;
  /** integer, decimal, date, datetime, boolean, text, or empty (all null). */
  inferredType: ValueKind | 'empty';
  rows: number;
  nulls: number;
  nullRate: number;
  distinct: number;
  distinctExact: boolean;
  /** Length range of non-null values, in characters (code points). */
  minLength: number;
  maxLength: number;
  detectors: DetectorShare[];
  /**
   * Value shapes, counted over non-null values, that let a draft judge a column whatever its
   * header says: `nameLike` whole cells shaped like a person name (2–4 CJK characters after a
   * common or compound surname, or a name with a middle dot); `codeLike` one ASCII token of
   * letters and digits with at least one digit and five characters (record, case, vehicle
   * numbers); `masked` digits around a run of mask characters (an identifier masked upstream).
   */
  shapes: { nameLike: number; codeLike: number; masked: number };
}

export interface ProfileResult {
  rows: number;
  sampled: boolean;
  columns: ColumnProfile[];
}

/** Running statistics of one column. No values are kept, only hashes and counts. */
class ColumnStats {
  nulls = 0;
  rows = 0;
  minLength = Number.MAX_SAFE_INTEGER;
  maxLength = 0;
  readonly kinds = new Int32Array(KIND_NAMES.length);
  readonly hitRows = new Int32Array(TYPE_COUNT);
  readonly wholeRows = new Int32Array(TYPE_COUNT);
  readonly seen = new Int32Array(TYPE_COUNT);
  nameLike = 0;
  codeLike = 0;
  masked = 0;
  readonly distinct: DistinctCounter;
  private readonly h = new Int32Array(2);
  constructor(cap: number, readonly scanner: ValueScanner) {
    this.distinct = new DistinctCounter(cap);
  }

  /** One non-null value `src[s, e)`; `row` only tells repeated hits of one row apart. */
  value(src: Uint8Array, s: number, e: number, row: number): void {
    let len = 0;
    for (let k = s; k < e; k++) if ((src[k]! & 0xc0) !== 0x80) len++;
    if (len < this.minLength) this.minLength = len;
    if (len > this.maxLength) this.maxLength = len;
    this.kinds[valueKind(src, s, e)]!++;
    const shape = valueShape(src, s, e, len);
    if (shape === SHAPE_NAME) this.nameLike++;
    else if (shape === SHAPE_CODE) this.codeLike++;
    else if (shape === SHAPE_MASKED) this.masked++;
    hashBytes(src, s, e, this.h);
    this.distinct.add(this.h[0]!, this.h[1]!);
    const n = this.scanner.scan(src, s, e);
    const hits = this.scanner.state.hits;
    for (let k = 0; k < n; k++) {
      const t = hits.type[k]!;
      if (this.seen[t] === row + 1) continue;
      this.seen[t] = row + 1;
      this.hitRows[t]!++;
      if (hits.start[k] === s && hits.end[k] === e) this.wholeRows[t]!++;
    }
  }
}

/**
 * Profile a table: per column the inferred type, null rate, distinct estimate, length range and
 * the share of values each detector matches. Counts only; values never leave this function.
 */
export async function profileBatches(schema: Schema, batches: AsyncIterable<RecordBatch>, options: ProfileOptions = {}): Promise<ProfileResult> {
  const { sample, distinctCap = 100_000, ...detect } = options;
  const plain = new ValueScanner(detect);
  const named = new ValueScanner(detect);
  named.nameColumn = true;
  const stats = schema.fields.map((f) => new ColumnStats(distinctCap, isNameHeader(f.name) ? named : plain));
  let rows = 0;
  let sampled = false;
  for await (const full of batches) {
    let batch = full;
    if (sample !== undefined && rows + batch.numRows > sample) {
      batch = full.slice(0, Math.max(0, sample - rows));
      sampled = true;
    }
    for (let c = 0; c < schema.fields.length; c++) profileColumn(columnData(batch, c), stats[c]!, rows);
    rows += batch.numRows;
    if (sample !== undefined && rows >= sample) { sampled = true; break; }
  }
  return {
    rows,
    sampled,
    columns: schema.fields.map((f, c) => summarize(f.name, f.type, stats[c]!)),
  };
}

const SHAPE_OTHER = 0, SHAPE_NAME = 1, SHAPE_CODE = 2, SHAPE_MASKED = 3;
const MIDDLE_DOT = 0xb7;

/** Decode the code point at byte `i` (valid UTF-8 assumed, as Arrow Utf8 guarantees). */
function codePoint(src: Uint8Array, i: number): number {
  const b = src[i]!;
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (src[i + 1]! & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
  return ((b & 0x07) << 18) | ((src[i + 1]! & 0x3f) << 12) | ((src[i + 2]! & 0x3f) << 6) | (src[i + 3]! & 0x3f);
}

/**
 * The shape of one value (see ColumnProfile.shapes). A profile runs on samples, so this is a
 * plain per-value loop; it never looks at more than a short value's characters.
 */
function valueShape(src: Uint8Array, s: number, e: number, len: number): number {
  if (len >= 2 && len <= 12 && src[s]! >= 0xe0) {
    // Person name: CJK only (a middle dot allowed inside), surname first.
    const cps: number[] = [];
    for (let k = s; k < e; k += src[k]! < 0x80 ? 1 : src[k]! < 0xe0 ? 2 : src[k]! < 0xf0 ? 3 : 4) cps.push(codePoint(src, k));
    const dot = cps.indexOf(MIDDLE_DOT);
    const cjk = cps.every((c, i) => (c >= 0x4e00 && c <= 0x9fff) || (c === MIDDLE_DOT && i > 0 && i < cps.length - 1));
    if (cjk && dot > 1) return SHAPE_NAME;
    if (cjk && dot < 0 && len <= 4) {
      const compound = len >= 3 && COMPOUND_SET.has(String.fromCharCode(cps[0]!, cps[1]!));
      if (compound || SURNAME_SET[cps[0]!] === 1) return SHAPE_NAME;
    }
    return SHAPE_OTHER;
  }
  let digits = 0, letters = 0, stars = 0, run = 0, maxRun = 0;
  for (let k = s; k < e; k++) {
    const b = src[k]!;
    if (b >= 0x30 && b <= 0x39) { digits++; run = 0; } else if ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) { letters++; run = 0; } else if (b === 0x2a) { stars++; run++; if (run > maxRun) maxRun = run; } else if (b === 0x2d || b === 0x5f) { run = 0; } else return SHAPE_OTHER;
  }
  if (maxRun >= 2 && digits >= 2) return SHAPE_MASKED;
  if (stars === 0 && digits > 0 && len >= 5 && (letters > 0 || len >= 6)) return SHAPE_CODE;
  return SHAPE_OTHER;
}

function profileColumn(data: Data, st: ColumnStats, rowBase: number): void {
  st.rows += data.length;
  const t = data.typeId;
  if (t === Type.Utf8 || t === Type.LargeUtf8) {
    const v = utf8View(data);
    for (let i = 0; i < v.length; i++) {
      if (v.validity !== null) { const j = v.bitOffset + i; if (((v.validity[j >> 3]! >> (j & 7)) & 1) === 0) { st.nulls++; continue; } }
      st.value(v.values, v.offsets[i]!, v.offsets[i + 1]!, rowBase + i);
    }
    return;
  }
  if (t === Type.Dictionary) {
    // Profile through the indices; the dictionary's bytes are read in place.
    const dict = data.dictionary as Vector;
    const views = dict.data.map((d) => utf8View(d));
    const starts: number[] = [];
    let base = 0;
    for (const v of views) { starts.push(base); base += v.length; }
    const idx = data.values as ArrayLike<number>;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    for (let i = 0; i < data.length; i++) {
      if (bits) { const j = data.offset + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) { st.nulls++; continue; } }
      let e = Number(idx[i]);
      let c = 0;
      while (c + 1 < views.length && e >= starts[c + 1]!) c++;
      e -= starts[c]!;
      const v = views[c]!;
      st.value(v.values, v.offsets[e]!, v.offsets[e + 1]!, rowBase + i);
    }
    return;
  }
  // Numbers, dates, booleans: profiled through their text form (a cold path; profiles run on samples).
  const vec = makeVector(data);
  const enc = new TextEncoder();
  for (let i = 0; i < data.length; i++) {
    const x = vec.get(i);
    if (x === null || x === undefined) { st.nulls++; continue; }
    const bytes = enc.encode(x instanceof Date ? x.toISOString() : String(x));
    st.value(bytes, 0, bytes.length, rowBase + i);
  }
}

function arrowKind(type: DataType): ValueKind | null {
  switch (type.typeId) {
    case Type.Int: return 'integer';
    case Type.Float: case Type.Decimal: return 'decimal';
    case Type.Date: return 'date';
    case Type.Timestamp: return 'datetime';
    case Type.Bool: return 'boolean';
    default: return null;
  }
}

function summarize(name: string, type: DataType, st: ColumnStats): ColumnProfile {
  const nonNull = st.rows - st.nulls;
  let inferred: ValueKind | 'empty' = nonNull === 0 ? 'empty' : arrowKind(type) ?? 'text';
  if (nonNull > 0 && inferred === 'text') {
    // A kind that covers 95 % of values wins; integers and decimals together count as decimal.
    let best = K_TEXT;
    for (let k = 0; k < KIND_NAMES.length; k++) if (st.kinds[k]! >= 0.95 * nonNull) { best = k; break; }
    if (best === K_TEXT && st.kinds[0]! + st.kinds[1]! >= 0.95 * nonNull) best = 1;
    inferred = KIND_NAMES[best]!;
  }
  const detectors: DetectorShare[] = [];
  for (let t = 0; t < TYPE_COUNT; t++) {
    if (st.hitRows[t] === 0) continue;
    detectors.push({ type: DETECTOR_TYPES[t]!, count: st.hitRows[t]!, share: st.hitRows[t]! / nonNull, whole: st.wholeRows[t]! });
  }
  detectors.sort((a, b) => b.count - a.count);
  return {
    name,
    arrowType: String(type),
    inferredType: inferred,
    rows: st.rows,
    nulls: st.nulls,
    nullRate: st.rows ? st.nulls / st.rows : 0,
    distinct: st.distinct.estimate(),
    distinctExact: st.distinct.exact,
    minLength: nonNull ? st.minLength : 0,
    maxLength: st.maxLength,
    detectors,
    shapes: { nameLike: st.nameLike, codeLike: st.codeLike, masked: st.masked },
  };
}
