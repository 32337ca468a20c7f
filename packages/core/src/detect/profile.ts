import { Type, makeVector, type Data, type DataType, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import { columnData } from '../kernels/batch.js';
import { dictionaryView, isStringType, utf8View } from '../kernels/utf8.js';
import { indexArray } from '../kernels/dictionary.js';
import { typeShape } from '../kernels/type-shape.js';
import { isoInstant } from '../kernels/civil-date.js';
import { FoldScratch } from '../kernels/full-width.js';
import { decimalShape, decimalText, unscaledBig, unscaledSafe } from '../kernels/decimal.js';
import { DEFAULT_NULL_TOKENS } from '../transforms/normalize/text-kernels.js';
import { TuominError } from '../errors.js';
import type { ValueScanner } from './scanner.js';
import { HeaderScanners } from './header-modes.js';
import { DistinctEstimate } from '../stats/distinct-estimate.js';
import { checkState, ownBuffer, type TransferState } from '../stats/transfer.js';
import { hashBytes64 } from '../stats/hash.js';
import { KIND_NAMES, K_DATE, K_DATETIME, K_DECIMAL, K_INTEGER, K_TEXT, compactDateAt, valueKind, type ValueKind } from './value-kind.js';
import { DETECTOR_TYPES, TYPE_COUNT, T_ADDRESS, type DetectorType } from './types.js';
import { nameColumnScore } from './name-column.js';
import { recordNumberScore } from './record-number.js';
import { ASCII_TOKEN, codeColumnFigures, type CodeColumnFigures } from './code-column.js';
import { rowCounter } from './record-number.js';
import { isEventDateText } from './date-text.js';
import { quasiByValues, type QuasiByValues } from './quasi-values.js';
import { sensitiveCategory, type SensitiveCategory } from './sensitive.js';
import type { DetectOptionsInput } from './options.js';

export interface ProfileOptions extends DetectOptionsInput {
  /** Profile only the first `sample` rows (default: all). */
  sample?: number;
  /** Distinct values counted exactly up to this many (default 100,000), then a HyperLogLog estimate (stats/distinct-estimate.ts). */
  distinctCap?: number;
}

export interface DetectorShare {
  type: DetectorType;
  /** Non-null values holding at least one identifier of this type. */
  count: number;
  /** count / non-null values. */
  share: number;
  /** Values that are exactly one identifier of this type (a column of IDs, not free text); for addresses, one that opens the value and makes up most of it. */
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
  /** The most digits before the decimal point among the integer and decimal values (0 when none): what a rounding base is chosen from. */
  integerDigits: number;
  /**
   * Non-null values that say nothing: blank cells (a CSV's empty remark) and the tokens exports
   * write for nothing (NULL, 无). A share of a free-text column's cells is judged over the others:
   * a remark column blank in two records of three names a person in three times the cells its
   * share over all records says.
   */
  empties: number;
  detectors: DetectorShare[];
  /**
   * What the column's values are, whatever its header says, from the detectors' column scores
   * over the first values (nameColumnScore, recordNumberScore, sensitiveCategory): scores and
   * shares only, never a value. Absent for a column with no non-null value.
   */
  kinds?: ColumnKinds;
}

export interface ColumnKinds {
  /** Values sampled for the scores (the first non-null values). */
  sampled: number;
  /** Person names: share of name-shaped values and the detector's confidence (0..1). */
  names: { share: number; confidence: number };
  /** Record or case numbers (also identifiers masked upstream): code share, distinct ratio, confidence. */
  records: { share: number; distinctRatio: number; confidence: number; lengthSpread: number };
  /**
   * Share of values that are one ASCII token (letters, digits, - _ . / * #) of at most 40
   * characters: codes with too few digits for a record number (an engine number's tail, a
   * licence code) still single records out when they are distinct.
   */
  asciiTokens: number;
  /**
   * Share of values that state an age or an age band (80-89周岁高龄津贴, 百岁老人补贴, 60岁以上): a
   * category that tells the age an attacker knows, whatever the search does to the age column.
   */
  ageBands: number;
  /**
   * What an attacker knows of a person that the values state (an age band, a birth year, a sex, an
   * ethnicity, an origin, a village, a school class or an admission batch), whatever the header:
   * quasiByValues, the publication review's own test, so the draft counts what the review counts.
   */
  stated?: QuasiByValues;
  /** The figures of codeKeyShaped over the sample (framed Han codes and short numbers included): the review's person-key test reads the same. */
  codes: CodeColumnFigures;
  /** The sampled values count 1, 2, 3 … in row order (record-number.ts rowCounter): the row's position, no one's number. */
  rowCounter: boolean;
  /**
   * Share of the sampled non-empty cells that are a date or a month as text (2025-07, 2025年7月:
   * date-text.ts isEventDateText), the review's own test of an event's date by its values, so the
   * draft counts what the review counts.
   */
  dateText: number;
  /** Sensitive personal information (PIPL Art. 28), when the header or the values show it. */
  sensitive?: { category: SensitiveCategory; by: 'header' | 'values' | 'header+values'; share: number; confidence: number };
}

/** Values per column kept, inside the profile only, for the column scores. */
const KIND_SAMPLE = 5000;

export interface ProfileResult {
  rows: number;
  sampled: boolean;
  columns: ColumnProfile[];
}

/** Running statistics of one column. No values are kept, only hashes and counts. */
/**
 * What exports write for "no value" (the null-tokens rule's defaults, and MySQL's \N): like a blank
 * cell, no evidence of a column's kind, so a date column with NULL in 8 % of its cells is dates
 * (a drafted cast turns the tokens into nulls).
 */
const MISSING = [...DEFAULT_NULL_TOKENS, '\\N'].filter((t) => t !== '').map((t) => new TextEncoder().encode(t));
const MISSING_MAX = Math.max(...MISSING.map((t) => t.length));
function missingToken(src: Uint8Array, s: number, e: number): boolean {
  for (const t of MISSING) {
    if (t.length !== e - s) continue;
    let k = 0;
    while (k < t.length && src[s + k] === t[k]) k++;
    if (k === t.length) return true;
  }
  return false;
}

class ColumnStats {
  nulls = 0;
  rows = 0;
  minLength = Number.MAX_SAFE_INTEGER;
  maxLength = 0;
  readonly kinds = new Int32Array(KIND_NAMES.length);
  /** Integers that are a compact date (20240131): dates when the rest of the column is dates. */
  compactDates = 0;
  integerDigits = 0;
  /** Empty strings (a CSV's blank cells) and the tokens exports write for nothing (NULL, \N, 无): a missing value, so no evidence of the column's kind. */
  empties = 0;
  readonly hitRows = new Int32Array(TYPE_COUNT);
  readonly wholeRows = new Int32Array(TYPE_COUNT);
  readonly seen = new Int32Array(TYPE_COUNT);
  /** The first KIND_SAMPLE values, for the column scores; never leaves this module. */
  readonly sample: string[] = [];
  distinct: DistinctEstimate;
  private readonly h = new Int32Array(2);
  private readonly fold = new FoldScratch();
  constructor(cap: number, readonly scanner: ValueScanner) {
    this.distinct = new DistinctEstimate(cap);
  }

  /** One non-null value `src[s, e)`; `row` only tells repeated hits of one row apart. */
  value(src: Uint8Array, s: number, e: number, row: number): void {
    let len = 0;
    for (let k = s; k < e; k++) if ((src[k]! & 0xc0) !== 0x80) len++;
    if (len < this.minLength) this.minLength = len;
    if (len > this.maxLength) this.maxLength = len;
    let kind = valueKind(src, s, e);
    // ２３ is 23 to every reader of the column (kernels/full-width.ts): its kind is read from the
    // folded copy, so an age column typed partly in full-width digits is integers, not text.
    let ks = src, kb = s, ke = e;
    // A number starts with a digit or a sign, ASCII (2０) or full-width (EF …): a name or an
    // address (a Han lead byte) is never folded, so text columns pay one comparison a value.
    const c0 = s < e ? src[s]! : 0;
    if (kind === K_TEXT && (c0 === 0xef || (c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2b || c0 === 0x2d)) {
      const n = this.fold.fold(src, s, e);
      if (n >= 0) {
        const folded = valueKind(this.fold.buf, 0, n);
        if (folded !== K_TEXT) { kind = folded; ks = this.fold.buf; kb = 0; ke = n; }
      }
    }
    this.kinds[kind]!++;
    if (s === e || (kind === K_TEXT && e - s <= MISSING_MAX && missingToken(src, s, e))) this.empties++;
    if (kind === K_INTEGER && ke - kb === 8 && compactDateAt(ks, kb)) this.compactDates++;
    if (kind === K_INTEGER || kind === K_DECIMAL) {
      let q = ks[kb] === 45 || ks[kb] === 43 ? kb + 1 : kb;
      const from = q;
      while (q < ke && ks[q]! >= 48 && ks[q]! <= 57) q++;
      if (q - from > this.integerDigits) this.integerDigits = q - from;
    }
    if (this.sample.length < KIND_SAMPLE) this.sample.push(DECODER.decode(src.subarray(s, e)));
    hashBytes64(src, s, e, this.h);
    this.distinct.add(this.h[0]!, this.h[1]!);
    const n = this.scanner.scan(src, s, e);
    const hits = this.scanner.state.hits;
    for (let k = 0; k < n; k++) {
      const t = hits.type[k]!;
      if (this.seen[t] === row + 1) continue;
      this.seen[t] = row + 1;
      this.hitRows[t]!++;
      if (hits.start[k] === s && (hits.end[k] === e || (t === T_ADDRESS && leadingAddress(hits.end[k]! - s, e - s)))) this.wholeRows[t]!++;
    }
  }
}

/**
 * An address that opens the value and makes up most of it is the value, whatever trails it (a
 * room number the detector does not read, 门面房, 院内): a column of such values is an address
 * column, masked to the county, not free text whose redaction would keep the tail.
 */
function leadingAddress(spanBytes: number, valueBytes: number): boolean {
  return spanBytes * 10 >= valueBytes * 6;
}

/**
 * Profile a table: per column the inferred type, null rate, distinct estimate, length range and
 * the share of values each detector matches. Counts only; values never leave this function.
 */
export async function profileBatches(schema: Schema, batches: AsyncIterable<RecordBatch>, options: ProfileOptions = {}): Promise<ProfileResult> {
  const collector = new ProfileCollector(schema, options);
  for await (const batch of batches) if (!collector.add(batch)) break;
  return collector.result();
}

/**
 * profileBatches' running state, fed batch by batch. A partition of a file profiled apart gives its
 * `encode()`d state; `mergeNext` of the partitions' decoded states in partition order equals one
 * pass exactly (counts add, the distinct counter is a function of the set of values, the kind
 * sample keeps the first values in row order). Not with `sample`: which rows a partition's sample
 * holds depends on the rows before it.
 */
export class ProfileCollector {
  rows = 0;
  sampled = false;
  private readonly stats: ColumnStats[];
  private readonly sampleRows: number | undefined;
  private readonly distinctCap: number;

  constructor(private readonly schema: Schema, options: ProfileOptions = {}) {
    const { sample, distinctCap = 100_000, ...detect } = options;
    this.sampleRows = sample;
    this.distinctCap = distinctCap;
    const scanners = new HeaderScanners(detect);
    this.stats = schema.fields.map((f) => new ColumnStats(distinctCap, scanners.forField(f)));
  }

  /** Profile one batch; false once the sample is complete (read no further). */
  add(full: RecordBatch): boolean {
    const sample = this.sampleRows;
    let batch = full;
    if (sample !== undefined && this.rows + batch.numRows > sample) {
      batch = full.slice(0, Math.max(0, sample - this.rows));
      this.sampled = true;
    }
    for (let c = 0; c < this.schema.fields.length; c++) profileColumn(columnData(batch, c), this.stats[c]!, this.rows);
    this.rows += batch.numRows;
    if (sample !== undefined && this.rows >= sample) {
      this.sampled = true;
      return false;
    }
    return true;
  }

  result(): ProfileResult {
    return { rows: this.rows, sampled: this.sampled, columns: this.schema.fields.map((f, c) => summarize(f.name, f.type, this.stats[c]!)) };
  }

  /**
   * The state for the coordinator: counts in `meta`, counters as buffers. It holds the kind
   * sample (the first values of each column, raw): it crosses threads of this process only and
   * is never written out.
   */
  encode(): TransferState<'column-profile'> {
    if (this.sampleRows !== undefined) throw new TypeError('a sampled profile cannot be merged: which rows it holds depends on the rows before it');
    const buffers: ArrayBuffer[] = [];
    const columns = this.stats.map((st) => {
      buffers.push(ownBuffer(st.kinds), ownBuffer(st.hitRows), ownBuffer(st.wholeRows));
      const d = st.distinct.encode();
      buffers.push(d.buffers[0]!);
      return { nulls: st.nulls, rows: st.rows, minLength: st.minLength, maxLength: st.maxLength, compactDates: st.compactDates, integerDigits: st.integerDigits, empties: st.empties, sample: st.sample, distinct: d.meta };
    });
    return { kind: 'column-profile', version: 1, meta: { names: this.schema.fields.map((f) => f.name), rows: this.rows, distinctCap: this.distinctCap, columns }, buffers };
  }

  /** A collector over `schema` (the one the state was made over) holding `state`'s counts; merge the next partitions into it. */
  static decode(schema: Schema, state: TransferState, options: ProfileOptions = {}): ProfileCollector {
    checkState(state, 'column-profile');
    const m = state.meta as { names: string[]; rows: number; distinctCap: number; columns: Array<{ nulls: number; rows: number; minLength: number; maxLength: number; compactDates: number; integerDigits: number; empties: number; sample: string[]; distinct: unknown }> };
    if (m.names.join('\u0000') !== schema.fields.map((f) => f.name).join('\u0000') || m.columns.length * 4 !== state.buffers.length) throw new TypeError('a column-profile state of other columns');
    const out = new ProfileCollector(schema, { ...options, distinctCap: m.distinctCap });
    if (options.sample !== undefined) throw new TypeError('a sampled profile cannot be merged');
    out.rows = m.rows;
    m.columns.forEach((c, i) => {
      const st = out.stats[i]!;
      Object.assign(st, { nulls: c.nulls, rows: c.rows, minLength: c.minLength, maxLength: c.maxLength, compactDates: c.compactDates, integerDigits: c.integerDigits, empties: c.empties });
      st.sample.push(...c.sample);
      st.kinds.set(new Int32Array(state.buffers[4 * i]!));
      st.hitRows.set(new Int32Array(state.buffers[4 * i + 1]!));
      st.wholeRows.set(new Int32Array(state.buffers[4 * i + 2]!));
      st.distinct = DistinctEstimate.decode({ kind: 'distinct-estimate', version: 1, meta: c.distinct, buffers: [state.buffers[4 * i + 3]!] });
    });
    return out;
  }

  /** Add the counts of the rows that follow this collector's (the next partition's). */
  mergeNext(next: ProfileCollector): void {
    this.rows += next.rows;
    this.stats.forEach((st, i) => {
      const o = next.stats[i]!;
      st.nulls += o.nulls;
      st.rows += o.rows;
      st.minLength = Math.min(st.minLength, o.minLength);
      st.maxLength = Math.max(st.maxLength, o.maxLength);
      st.compactDates += o.compactDates;
      st.integerDigits = Math.max(st.integerDigits, o.integerDigits);
      st.empties += o.empties;
      for (let k = 0; k < st.kinds.length; k++) st.kinds[k]! += o.kinds[k]!;
      for (let t = 0; t < TYPE_COUNT; t++) {
        st.hitRows[t]! += o.hitRows[t]!;
        st.wholeRows[t]! += o.wholeRows[t]!;
      }
      for (let k = 0; k < o.sample.length && st.sample.length < KIND_SAMPLE; k++) st.sample.push(o.sample[k]!);
      st.distinct.merge(o.distinct);
    });
  }
}

const DECODER = new TextDecoder();

function profileColumn(data: Data, st: ColumnStats, rowBase: number): void {
  st.rows += data.length;
  const t = data.typeId;
  // Binary has the Utf8 layout: its bytes are scanned as text (read as numbers, a Binary column of
  // ID numbers was profiled as "49,49,48,…" and no detector saw them).
  if (t === Type.Utf8 || t === Type.LargeUtf8 || t === Type.Binary || t === Type.LargeBinary) {
    const v = utf8View(data);
    for (let i = 0; i < v.length; i++) {
      if (v.validity !== null) { const j = v.bitOffset + i; if (((v.validity[j >> 3]! >> (j & 7)) & 1) === 0) { st.nulls++; continue; } }
      st.value(v.values, v.offsets[i]!, v.offsets[i + 1]!, rowBase + i);
    }
    return;
  }
  if (t === Type.Dictionary && isStringType((data.dictionary as Vector).type)) {
    // Profile through the indices; the dictionary's bytes are read in place (kernels/utf8.ts dictionaryView).
    const v = dictionaryView(data);
    const idx = indexArray(data);
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    for (let i = 0; i < data.length; i++) {
      if (bits) { const j = data.offset + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) { st.nulls++; continue; } }
      const k = idx[i]!;
      if (!(k >= 0 && k < v.length)) {
        throw new TuominError('BAD_INPUT', `dictionary index ${k} of row ${rowBase + i + 1} is outside the dictionary's ${v.length} entries`, {},
          'the source file is damaged; export it again from the source system', { id: 'input.dictionaryIndex' });
      }
      st.value(v.values, v.offsets[k]!, v.offsets[k + 1]!, rowBase + i);
    }
    return;
  }
  if (t === Type.Decimal) {
    // By the exact text (kernels/decimal.ts): Arrow's get() of a decimal is its unscaled integer, so
    // DECIMAL(18,2) amounts read as code-shaped digit strings and were drafted as record numbers.
    const { scale, stride } = decimalShape(data.type)!;
    const words = data.values as Uint32Array;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const enc = new TextEncoder();
    for (let i = 0; i < data.length; i++) {
      if (bits) { const j = data.offset + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) { st.nulls++; continue; } }
      const u = unscaledSafe(words, i, stride);
      const bytes = enc.encode(decimalText(u === u ? u : unscaledBig(words, i, stride), scale));
      st.value(bytes, 0, bytes.length, rowBase + i);
    }
    return;
  }
  // Numbers, dates, booleans, dictionaries of numbers: profiled through their text form (a cold path; profiles run on samples).
  const vec = makeVector(data);
  const enc = new TextEncoder();
  // Arrow's get() gives a date or a timestamp as epoch milliseconds: as that number, a Parquet
  // column of birth dates read as 13-digit "mobiles" and was drafted as redact (refused on a Date).
  const temporal = t === Type.Date || t === Type.Timestamp;
  for (let i = 0; i < data.length; i++) {
    const x = vec.get(i);
    if (x === null || x === undefined) { st.nulls++; continue; }
    const bytes = enc.encode(x instanceof Date ? x.toISOString() : temporal && typeof x === 'number' ? isoInstant(x, 1, t === Type.Date) : String(x));
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

/** An age or an age band inside a value: 80-89周岁, 90周岁以上, 60岁, 百岁, an infant's 6-12月龄 (digits full-width too). */
const AGE_BAND = /[0-9０-９]{1,3}\s*(?:周岁|岁)|百岁|[0-9０-９]{1,2}\s*月龄/;

/** A value states an age or an age band (AGE_BAND): one test for the profile's drafts and the publication review's attacker-known columns. */
export function statesAge(value: string): boolean {
  return AGE_BAND.test(value);
}

/** Scores to four decimals: enough to judge, and no 17-digit float in a printed profile. */
function r4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The code figures' shares to four decimals, as the scores (counts and lengths as they are). */
function r4Figures(f: CodeColumnFigures): CodeColumnFigures {
  return {
    ...f, asciiTokens: r4(f.asciiTokens), codeShare: r4(f.codeShare),
    ...(f.framedCodes !== undefined ? { framedCodes: r4(f.framedCodes) } : {}),
    ...(f.numberedTokens !== undefined ? { numberedTokens: r4(f.numberedTokens) } : {}),
  };
}

function columnKinds(header: string, sample: string[]): ColumnKinds {
  const names = nameColumnScore(sample);
  const records = recordNumberScore(sample, header);
  const sensitive = sensitiveCategory(sample, header);
  // Over the cells that say something, as the review reads them (its sample's non-empty cells).
  const stated = quasiByValues(sample.filter((v) => v.trim() !== ''));
  // As the review's sample holds them: every cell but the empty ones.
  const filled = sample.filter((v) => v !== '');
  return {
    sampled: sample.length,
    names: { share: r4(names.share), confidence: r4(names.confidence) },
    records: { share: r4(records.share), distinctRatio: r4(records.distinctRatio), confidence: r4(records.confidence), lengthSpread: records.lengthSpread },
    asciiTokens: r4(sample.filter((v) => ASCII_TOKEN.test(v)).length / sample.length),
    ageBands: r4(sample.filter((v) => AGE_BAND.test(v)).length / sample.length),
    ...(stated ? { stated: { ...stated, share: r4(stated.share) } } : {}),
    codes: r4Figures(codeColumnFigures(sample)),
    rowCounter: rowCounter(sample),
    dateText: r4(filled.length ? filled.filter(isEventDateText).length / filled.length : 0),
    ...(sensitive ? { sensitive: { category: sensitive.category, by: sensitive.by, share: r4(sensitive.share), confidence: r4(sensitive.confidence) } } : {}),
  };
}

function summarize(name: string, type: DataType, st: ColumnStats): ColumnProfile {
  const nonNull = st.rows - st.nulls;
  let inferred: ValueKind | 'empty' = nonNull === 0 ? 'empty' : arrowKind(type) ?? 'text';
  if (nonNull > 0 && inferred === 'text') {
    // A kind that covers 95 % of values wins; integers and decimals together count as decimal.
    // Blank cells say nothing of the kind: a date column with 40 % of cases still open (结案日期) is
    // dates, and an age column with a few blanks is integers (the draft casts them, blanks to null).
    const valued = nonNull - st.empties;
    const count = (k: number): number => (k === K_TEXT ? st.kinds[k]! - st.empties : st.kinds[k]!);
    let best = K_TEXT;
    if (valued > 0) {
      for (let k = 0; k < KIND_NAMES.length; k++) if (count(k) >= 0.95 * valued) { best = k; break; }
      if (best === K_TEXT && count(0) + count(1) >= 0.95 * valued) best = 1;
      // Dates in mixed spellings (2024-01-31, 2024年1月31日, 20240131) are a date column: a cast reads them all.
      if (best === K_TEXT && count(K_DATE) > 0 && count(K_DATE) + st.compactDates >= 0.95 * valued) best = K_DATE;
      // Dates with and without a time (来访时间: 2024-03-05, 2024-03-05 14:23:00): a timestamp cast reads both.
      if (best === K_TEXT && count(K_DATETIME) > 0 && count(K_DATE) + count(K_DATETIME) + st.compactDates >= 0.95 * valued) best = K_DATETIME;
    }
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
    // The shape, not String(type): a nested field's name is a source header and may be personal data.
    arrowType: typeShape(type),
    inferredType: inferred,
    rows: st.rows,
    nulls: st.nulls,
    nullRate: st.rows ? st.nulls / st.rows : 0,
    distinct: st.distinct.count(),
    distinctExact: st.distinct.exact,
    minLength: nonNull ? st.minLength : 0,
    maxLength: st.maxLength,
    integerDigits: st.integerDigits,
    empties: st.empties,
    detectors,
    ...(st.sample.length ? { kinds: columnKinds(name, st.sample) } : {}),
  };
}
