import { Bool, DateDay, DateUnit, Float64, Int32, Int64, Precision, TimestampMillisecond, Type } from 'apache-arrow';
import type { Data, DataType, Field } from 'apache-arrow';
import { isStringType, type MapCounts } from '../../kernels/utf8.js';
import { BOOLEAN_TOKEN_SPELLINGS, parseBooleanToken } from '../../stats/conform.js';
import { daysFromCivil, int32Halves, MS_PER_DAY, writeInt64 } from '../../kernels/civil-date.js';
import { foldingParser } from '../../kernels/full-width.js';
import { columnTransform, unsupportedType, type ColumnPlan, type RejectingTransform, type RejectOptions } from '../generalize/column-transform.js';
import { newParsedDate, parseDateBytes } from '../generalize/date-bytes.js';
import { makeFixedData } from '../generalize/fixed-out.js';
import { parseNumberBytes } from '../generalize/number-bytes.js';
import { invalidValueError } from '../generalize/on-invalid.js';
import { parseStrings, type ByteParser } from '../generalize/parse-strings.js';

export type CastTarget = 'int32' | 'int64' | 'float64' | 'decimal' | 'boolean' | 'date' | 'timestamp';
export type CastOnInvalid = 'null' | 'reject-row' | 'error';

/** Integers: optional spaces and sign, then digits only; NaN beyond ±2^53 (exactness limit). */
export function parseIntBytes(src: Uint8Array, s: number, e: number): number {
  while (s < e && src[s] === 32) s++;
  while (e > s && src[e - 1] === 32) e--;
  if (s >= e) return NaN;
  let neg = false;
  if (src[s] === 45) { neg = true; s++; } else if (src[s] === 43) s++;
  if (s >= e) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (v > Number.MAX_SAFE_INTEGER) return NaN;
  return neg ? -v : v;
}

const int32Parser: ByteParser = (src, s, e) => {
  const v = parseIntBytes(src, s, e);
  return v >= -2147483648 && v <= 2147483647 ? v : NaN;
};

/**
 * The boolean tokens, one spelling each (ASCII letters match in any case): the shared definition
 * of stats/conform.ts, which the review and io's inference use too.
 */
export const BOOLEAN_TOKENS: Readonly<Record<string, boolean>> = BOOLEAN_TOKEN_SPELLINGS;

function boolParser(): ByteParser {
  return parseBooleanToken;
}

function dateParser(withTime: boolean): ByteParser {
  const p = newParsedDate();
  return (src, s, e) => {
    if (!parseDateBytes(src, s, e, p)) return NaN;
    const days = daysFromCivil(p.y, p.m, p.d);
    if (!withTime) return days;
    // A time with an offset is an instant: stored in UTC, as a Parquet timestamp with a zone is
    // (2025-03-04T22:13:05+08:00 and 2025-03-04T14:13:05Z are one value).
    return days * MS_PER_DAY + (p.secs < 0 ? 0 : p.secs * 1000 + p.ms - p.offset * 1000);
  };
}

/** The cast's type and parser; the parser reads full-width digits as digits (kernels/full-width.ts, as inference does). */
function target(to: CastTarget): { type: DataType; parse: ByteParser } {
  const t = asciiTarget(to);
  return { type: t.type, parse: foldingParser(t.parse) };
}

function asciiTarget(to: CastTarget): { type: DataType; parse: ByteParser } {
  switch (to) {
    case 'int32': return { type: new Int32(), parse: int32Parser };
    case 'int64': return { type: new Int64(), parse: parseIntBytes };
    case 'float64': case 'decimal': return { type: new Float64(), parse: parseNumberBytes };
    case 'boolean': return { type: new Bool(), parse: boolParser() };
    case 'date': return { type: new DateDay(), parse: dateParser(false) };
    case 'timestamp': return { type: new TimestampMillisecond(), parse: dateParser(true) };
  }
}

/** Lay parsed numbers out as the target type's buffer. */
function toValues(to: CastTarget, v: Float64Array): ArrayBufferView {
  const n = v.length;
  if (to === 'float64' || to === 'decimal') return v;
  if (to === 'int32' || to === 'date') return Int32Array.from(v);
  if (to === 'boolean') {
    const bits = new Uint8Array(((n + 63) >> 6) << 3);
    for (let i = 0; i < n; i++) if (v[i] === 1) bits[i >> 3]! |= 1 << (i & 7);
    return bits;
  }
  const out = new BigInt64Array(n);
  const h = int32Halves(out);
  for (let i = 0; i < n; i++) writeInt64(h, i, v[i]!);
  return out;
}

/**
 * The column already holds the cast's type, as a typed source (Parquet, Arrow) does where a CSV
 * export of the same extract holds text: a spec written for the CSV (cast: date) refused the
 * Parquet with "cast the column first (rule cast)".
 */
function alreadyCast(type: DataType, to: CastTarget): boolean {
  const t = type as DataType & { unit?: number; bitWidth?: number; isSigned?: boolean; precision?: number };
  switch (to) {
    case 'date': return t.typeId === Type.Date && t.unit === DateUnit.DAY;
    case 'timestamp': return t.typeId === Type.Timestamp;
    case 'int32': return t.typeId === Type.Int && t.bitWidth === 32 && t.isSigned === true;
    case 'int64': return t.typeId === Type.Int && t.bitWidth === 64 && t.isSigned === true;
    case 'float64': return t.typeId === Type.Float && t.precision === Precision.DOUBLE;
    // A Parquet DECIMAL(p, s) is kept exact under a spec written for the CSV (cast: decimal), never
    // made a double; cast: float64 of it is refused (a rounding the spec should not do unasked).
    case 'decimal': return (t.typeId === Type.Float && t.precision === Precision.DOUBLE) || t.typeId === Type.Decimal;
    case 'boolean': return t.typeId === Type.Bool;
  }
}

export function castPlan(field: Field, to: CastTarget, mode: CastOnInvalid): ColumnPlan {
  if (!isStringType(field.type) && alreadyCast(field.type, to)) {
    return { kernel(data: Data, counts: MapCounts): Data { counts.rowsSeen += data.length; counts.nulls += data.nullCount; return data; } };
  }
  if (!isStringType(field.type)) throw unsupportedType('cast', field, 'a string column');
  const { type, parse } = target(to);
  return {
    type,
    rejects: mode === 'reject-row',
    kernel(data: Data, counts: MapCounts, rowBase: number, reject: Uint8Array | null): Data {
      const p = parseStrings(data, parse, reject);
      if (p.invalid > 0 && mode === 'error') throw invalidValueError(field.name, 'cast', rowBase + p.firstInvalid + 1, `${/^[aeiou]/.test(to) ? 'an' : 'a'} ${to}`);
      const n = data.length;
      counts.rowsSeen += n;
      counts.nulls += p.nulls;
      counts.valuesChanged += n - p.nulls;
      counts.invalid += p.invalid;
      return makeFixedData(type, n, toValues(to, p.values), p.validity, p.nulls + p.invalid);
    },
  };
}

export interface CastOptions extends RejectOptions {
  columns: string[];
  to: CastTarget;
  onInvalid?: CastOnInvalid | undefined;
}

/**
 * Cast string columns to int32, int64, float64 (also `decimal`, stored as Float64), boolean,
 * date (Date32) or timestamp (ms, no zone; a time with an offset is converted to UTC). Accepted formats are
 * listed in docs/transforms-generalize.md.
 */
export function cast(options: CastOptions): RejectingTransform {
  const mode = options.onInvalid ?? 'null';
  return columnTransform('cast', options.columns, (field) => castPlan(field, options.to, mode), options);
}
