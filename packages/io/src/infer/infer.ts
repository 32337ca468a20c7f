import { Schema, Type } from 'apache-arrow';
import type { Data, DataType, RecordBatch, Vector } from 'apache-arrow';
import { FoldScratch, columnData, utf8View } from '@tuomin/core/internal';
import type { BatchSource } from '@tuomin/core';
import { arrowTypeOf, inferParsers as P } from './kinds.js';
import type { InferredKind } from './kinds.js';
import { castBatches, retypeSchema } from './cast.js';

export interface InferOptions {
  /** Only these columns (default: every text column). */
  columns?: string[];
  /** Rows to look at. Default 10,000. */
  sampleRows?: number;
  /** Count eight-digit values such as 20240813 as dates when every value in the column is one. Default true. */
  compactDates?: boolean;
}

// Candidate kinds, one bit each.
const INT = 1, DEC = 2, BOOL = 4, DATE = 8, DATE8 = 16, TS = 32;
/** Every value has the shape of an identifier written in digits: it stays text (see isDigitCode). */
const CODE = 64;
const ALL = INT | DEC | BOOL | DATE | DATE8 | TS | CODE;

/**
 * Decide a type per text column from sample batches. A column takes a type only if every
 * non-null, non-empty sampled value parses as it; otherwise it stays text. Empty strings give
 * no evidence (they become null when cast). Date columns may mix 2024-08-13, 2024/8/13,
 * 2024年8月13日 and 20240813. Order of preference: boolean, date (all eight-digit),
 * integer, decimal, date, timestamp.
 */
export function inferKinds(schema: Schema, sample: RecordBatch[], options: InferOptions = {}): Map<string, InferredKind> {
  const limit = options.sampleRows ?? 10000;
  const compact = options.compactDates ?? true;
  const result = new Map<string, InferredKind>();
  schema.fields.forEach((field, c) => {
    if (options.columns && !options.columns.includes(field.name)) return;
    if (!isText(field.type)) return;
    let flags = compact ? ALL : ALL & ~DATE8;
    let seen = 0;
    let rows = 0;
    for (const batch of sample) {
      if (rows >= limit || flags === 0) break;
      const data = columnData(batch, c);
      const take = Math.min(data.length, limit - rows);
      rows += take;
      const r = scanColumn(data, take, flags, compact);
      flags = r.flags;
      seen += r.seen;
    }
    result.set(field.name, seen === 0 ? 'string' : decide(flags));
  });
  return result;
}

export function inferSchema(schema: Schema, sample: RecordBatch[], options: InferOptions = {}): Schema {
  const kinds = inferKinds(schema, sample, options);
  const types = new Map<string, DataType>();
  for (const [name, kind] of kinds) if (kind !== 'string') types.set(name, arrowTypeOf(kind));
  return retypeSchema(schema, types);
}

/**
 * Wrap a source: read up to `sampleRows` rows, infer, and cast every batch (the sampled ones
 * are kept, not read twice).
 */
export async function inferSource(source: BatchSource, options: InferOptions & { file?: string } = {}): Promise<BatchSource & { kinds: Map<string, InferredKind> }> {
  const limit = options.sampleRows ?? 10000;
  const it = source.batches()[Symbol.asyncIterator]();
  const sample: RecordBatch[] = [];
  let rows = 0;
  let done = false;
  while (rows < limit) {
    const r = await it.next();
    if (r.done) { done = true; break; }
    sample.push(r.value);
    rows += r.value.numRows;
  }
  const kinds = inferKinds(source.schema, sample, options);
  const types = new Map<string, DataType>();
  for (const [name, kind] of kinds) if (kind !== 'string') types.set(name, arrowTypeOf(kind));
  const schema = retypeSchema(source.schema, types);
  async function* all(): AsyncIterable<RecordBatch> {
    yield* sample;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  let used = false;
  return {
    schema,
    kinds,
    replayable: source.replayable,
    batches() {
      const input = used ? source.batches() : all();
      used = true;
      // The rows inference looked at (the sample read whole batches, so it may hold more).
      return castBatches(input, schema, { sampledRows: Math.min(rows, limit), ...(options.file ? { file: options.file } : {}) });
    },
  };
}

function decide(flags: number): InferredKind {
  if (flags & CODE) return 'string';
  // 0 and 1 are boolean tokens and integers: a column of only those stays a column of integers.
  if (flags & BOOL && !(flags & INT)) return 'boolean';
  if (flags & DATE8) return 'date';
  if (flags & INT) return 'integer';
  if (flags & DEC) return 'decimal';
  if (flags & DATE) return 'date';
  if (flags & TS) return 'timestamp';
  return 'string';
}

function isText(type: DataType): boolean {
  if (type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8) return true;
  return type.typeId === Type.Dictionary && isText((type as unknown as { dictionary: DataType }).dictionary);
}

/** Narrow the candidate flags over the first `take` values of one chunk. */
function scanColumn(data: Data, take: number, flags: number, compact: boolean): { flags: number; seen: number } {
  if (data.typeId === Type.Dictionary) {
    // Dictionary entries stand for their rows: scanning the entries once is enough (entries no
    // row uses are scanned too, which can only make inference more cautious).
    let seen = 0;
    for (const chunk of (data.dictionary as Vector).data) {
      const r = scanColumn(chunk as Data, chunk.length, flags, compact);
      flags = r.flags;
      seen += r.seen;
    }
    return { flags, seen };
  }
  const v = utf8View(data);
  const src = v.values;
  const off = v.offsets;
  let seen = 0;
  for (let i = 0; i < take && flags !== 0; i++) {
    if (v.validity !== null && ((v.validity[(v.bitOffset + i) >> 3]! >> ((v.bitOffset + i) & 7)) & 1) === 0) continue;
    const s = off[i]!;
    const e = off[i + 1]!;
    if (s === e) continue;
    seen++;
    if (flags & INT && isNaN(P.integer(src, s, e))) flags &= ~INT;
    if (flags & DEC && isNaN(P.decimal(src, s, e))) flags &= ~DEC;
    if (flags & BOOL && isNaN(P.boolean(src, s, e))) flags &= ~BOOL;
    if (flags & DATE && isNaN(P.date(src, s, e)) && !(compact && !isNaN(P.compactDate(src, s, e)))) flags &= ~DATE;
    if (flags & DATE8 && isNaN(P.compactDate(src, s, e))) flags &= ~DATE8;
    if (flags & TS && isNaN(P.timestamp(src, s, e))) flags &= ~TS;
    if (flags & CODE && !isDigitCode(src, s, e)) flags &= ~CODE;
  }
  return { flags, seen };
}

const codeFold = new FoldScratch();

/**
 * Digit strings that are identifiers, not quantities: mainland mobile numbers (11 digits, 1 then
 * 3-9) and legacy 15-digit resident IDs. As numbers they would print in scientific notation in
 * spreadsheets, lose their meaning in sums, and be one step from losing digits; a column of them
 * stays text. (Leading-zero codes and 18-character IDs already fail the integer parse.)
 */
function isDigitCode(src: Uint8Array, s: number, e: number): boolean {
  // A mobile number typed in full-width digits is as much a code as one in ASCII digits.
  const f = codeFold.fold(src, s, e);
  if (f >= 0) { src = codeFold.buf; s = 0; e = f; }
  const n = e - s;
  if (n !== 11 && n !== 15) return false;
  for (let i = s; i < e; i++) if (src[i]! < 0x30 || src[i]! > 0x39) return false;
  return n === 15 || (src[s] === 0x31 && src[s + 1]! >= 0x33);
}
