import { Type } from 'apache-arrow';
import type { Data, Field, Timestamp } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import type { GrowableBytes } from '../../kernels/buffers.js';
import { CHANGED, isStringType, KEEP, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { civilFromDays, daysFromCivil, daysInMonth, int32Halves, readInt64, writeInt64 } from '../../kernels/civil-date.js';
import { newParsedDate, parseDateBytes } from './date-bytes.js';
import { makeFixedData, rebasedValidity } from './fixed-out.js';
import { writeInvalid } from './on-invalid.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';
import { utf8Plan } from './utf8-plan.js';
import { withFixedWidthFastPath } from './fast-path.js';
import type { FixedWriter } from './fixed-width-strings.js';

export type DateUnit = 'year' | 'quarter' | 'month' | 'day';
const YEAR = 0, QUARTER = 1, MONTH = 2, DAY = 3;
const unitCode = (u: DateUnit): number => (u === 'year' ? YEAR : u === 'quarter' ? QUARTER : u === 'month' ? MONTH : DAY);

/** The first day (day number) of the unit containing day number `days`. */
export function truncateDay(days: number, unit: number): number {
  if (unit === DAY) return days;
  const ymd = civilFromDays(days);
  const y = (ymd / 10000) | 0;
  const m = ((ymd / 100) | 0) % 100;
  if (unit === YEAR) return daysFromCivil(y, 1, 1);
  if (unit === MONTH) return daysFromCivil(y, m, 1);
  return daysFromCivil(y, m - ((m - 1) % 3), 1);
}

/** Write a truncated date as 2024 / 2024-Q3 / 2024-08 / 2024-08-13. */
export function writeDateLabel(out: GrowableBytes, y: number, m: number, d: number, unit: number): void {
  out.reserve(10);
  const b = out.buf;
  let o = out.length;
  b[o++] = 48 + ((y / 1000) | 0);
  b[o++] = 48 + (((y / 100) | 0) % 10);
  b[o++] = 48 + (((y / 10) | 0) % 10);
  b[o++] = 48 + (y % 10);
  if (unit === QUARTER) {
    b[o++] = 45; b[o++] = 81; b[o++] = 48 + (((m - 1) / 3) | 0) + 1;
  } else if (unit !== YEAR) {
    b[o++] = 45; b[o++] = 48 + ((m / 10) | 0); b[o++] = 48 + (m % 10);
    if (unit === DAY) { b[o++] = 45; b[o++] = 48 + ((d / 10) | 0); b[o++] = 48 + (d % 10); }
  }
  out.length = o;
}

/** Kernel for date strings in the common Chinese formats (see parseDateBytes). */
export function dateStringTruncKernel(unit: DateUnit, badCode: number): Utf8Kernel {
  const u = unitCode(unit);
  const p = newParsedDate();
  return (src, s, e, out) => {
    if (!parseDateBytes(src, s, e, p)) return writeInvalid(badCode, src, s, e, out);
    const before = out.length;
    writeDateLabel(out, p.y, p.m, p.d, u);
    return sameBytes(src, s, e, out.buf, before, out.length) ? KEEP : CHANGED;
  };
}

/** Label widths by unit code: 2024, 2024-Q3, 2024-08, 2024-08-13. */
const labelWidth = [4, 7, 7, 10];

/** Date string → its label written at dst[o] (fixed width per unit), for the fast path. */
export function dateLabelWriter(unit: DateUnit): FixedWriter {
  const u = unitCode(unit);
  const p = newParsedDate();
  return (src, s, e, dst, o) => {
    if (e - s === 10 && src[s + 4] === 45 && src[s + 7] === 45 && u !== QUARTER) {
      // ISO YYYY-MM-DD, the common case: the label is a prefix of the value once the date is checked.
      const y0 = src[s]! - 48, y1 = src[s + 1]! - 48, y2 = src[s + 2]! - 48, y3 = src[s + 3]! - 48;
      const m0 = src[s + 5]! - 48, m1 = src[s + 6]! - 48, d0 = src[s + 8]! - 48, d1 = src[s + 9]! - 48;
      if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1)) < 0) return false;
      const m = m0 * 10 + m1, d = d0 * 10 + d1;
      if (m < 1 || m > 12 || d < 1 || (d > 28 && d > daysInMonth(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m))) return false;
      const w = labelWidth[u]!;
      for (let k = 0; k < w; k++) dst[o + k] = src[s + k]!;
      return true;
    }
    if (!parseDateBytes(src, s, e, p)) return false;
    const y = p.y, m = p.m;
    dst[o] = 48 + ((y / 1000) | 0);
    dst[o + 1] = 48 + (((y / 100) | 0) % 10);
    dst[o + 2] = 48 + (((y / 10) | 0) % 10);
    dst[o + 3] = 48 + (y % 10);
    if (u === QUARTER) {
      dst[o + 4] = 45; dst[o + 5] = 81; dst[o + 6] = 49 + (((m - 1) / 3) | 0);
    } else if (u !== YEAR) {
      dst[o + 4] = 45; dst[o + 5] = 48 + ((m / 10) | 0); dst[o + 6] = 48 + (m % 10);
      if (u === DAY) { dst[o + 7] = 45; dst[o + 8] = 48 + ((p.d / 10) | 0); dst[o + 9] = 48 + (p.d % 10); }
    }
    return true;
  };
}

function sameBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/**
 * Date32: day numbers in, day numbers out. Real columns span a few thousand days, so the
 * truncation of every day in [min, max] goes into a table once per batch and the loop is a lookup:
 *   out[i] = truncateDay(src[i], unit)
 */
export function truncDate32(data: Data, unit: number, counts: MapCounts): Data {
  const n = data.length;
  const src = data.values as Int32Array;
  const out = new Int32Array(n);
  let changed = 0;
  let min = 2147483647, max = -2147483648;
  for (let i = 0; i < n; i++) { const v = src[i]!; if (v < min) min = v; if (v > max) max = v; }
  // Nulls are truncated too (their slots hold arbitrary numbers); validity is carried over.
  if (n > 0 && max - min < Math.max(4 * n, 4096)) {
    const table = new Int32Array(max - min + 1);
    for (let d = min; d <= max; d++) table[d - min] = truncateDay(d, unit);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const t = table[v - min]!;
      out[i] = t;
      if (t !== v) changed++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const t = truncateDay(v, unit);
      out[i] = t;
      if (t !== v) changed++;
    }
  }
  const validity = rebasedValidity(data);
  if (validity) changed -= countChangedNulls(src, out, validity, n);
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed;
  return makeFixedData(data.type, n, out, validity, data.nullCount);
}

function countChangedNulls(a: Int32Array, b: Int32Array, validity: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (((validity[i >> 3]! >> (i & 7)) & 1) === 0 && a[i] !== b[i]) c++;
  return c;
}

const unitsPerDay = [86_400, 86_400_000, 86_400_000_000, 86_400_000_000_000];

/**
 * Date64 and Timestamp (64-bit): shift by the zone offset, floor to the unit, shift back.
 * Seconds and milliseconds run on Number arithmetic; micro- and nanoseconds need BigInt to stay exact.
 */
export function truncInt64Time(data: Data, unitsDay: number, offsetUnits: number, unit: number, counts: MapCounts): Data {
  const n = data.length;
  const src = data.values as BigInt64Array;
  const res = new BigInt64Array(n);
  let changed = 0;
  const validity = rebasedValidity(data);
  if (unitsDay <= 86_400_000) {
    const a = int32Halves(src);
    const b = int32Halves(res);
    for (let i = 0; i < n; i++) {
      const v = readInt64(a, i);
      const local = v + offsetUnits;
      const days = Math.floor(local / unitsDay);
      const t = truncateDay(days, unit) * unitsDay - offsetUnits;
      writeInt64(b, i, t);
      if (t !== v && (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1)) changed++;
    }
  } else {
    const ud = BigInt(unitsDay);
    const off = BigInt(offsetUnits);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const local = v + off;
      let days = local / ud;
      if (local < 0n && days * ud !== local) days -= 1n;
      const t = BigInt(truncateDay(Number(days), unit)) * ud - off;
      res[i] = t;
      if (t !== v && (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1)) changed++;
    }
  }
  counts.rowsSeen += n;
  counts.nulls += data.nullCount;
  counts.valuesChanged += changed;
  return makeFixedData(data.type, n, res, validity, data.nullCount);
}

const zoneOffsets: Record<string, number> = {
  UTC: 0, Z: 0, 'Etc/UTC': 0, 'Asia/Shanghai': 480, 'Asia/Chongqing': 480, 'Asia/Harbin': 480, PRC: 480,
  'Asia/Hong_Kong': 480, 'Asia/Macau': 480, 'Asia/Taipei': 480,
};

/** The offset (minutes east of UTC) used to find calendar days of a timestamp column. */
export function zoneOffsetMinutes(field: Field, rule: string, override: number | undefined): number {
  if (override !== undefined) return override;
  const tz = (field.type as Timestamp).timezone;
  if (!tz) return 0; // a timestamp without a zone is wall-clock time: its UTC fields are the local fields
  if (tz in zoneOffsets) return zoneOffsets[tz]!;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  throw new TuominError('UNSUPPORTED', `time zone "${tz}" is not known to rule ${rule}`, { column: field.name, rule },
    'set tzOffsetMinutes (for example 480 for China Standard Time)', { id: 'rule.unknownTimeZone', params: { tz, rule } });
}

/** Choose the truncation kernel for a column once, by type. */
export function dateTruncPlan(rule: string, field: Field, unit: DateUnit, badCode: number, tzOffsetMinutes?: number): ColumnPlan {
  const u = unitCode(unit);
  const t = field.type.typeId;
  if (t === Type.Date) {
    const ms = (field.type as { unit: number }).unit === 1; // DateUnit.MILLISECOND
    if (!ms) return { kernel: (d, c) => truncDate32(d, u, c) };
    return { kernel: (d, c) => truncInt64Time(d, 86_400_000, 0, u, c) };
  }
  if (t === Type.Timestamp) {
    const tu = (field.type as Timestamp).unit as number;
    const perDay = unitsPerDay[tu]!;
    const offset = zoneOffsetMinutes(field, rule, tzOffsetMinutes) * (perDay / 1440);
    return { kernel: (d, c) => truncInt64Time(d, perDay, offset, u, c) };
  }
  if (isStringType(field.type)) {
    const general = utf8Plan(rule, field, dateStringTruncKernel(unit, badCode), badCode, 'a date');
    return withFixedWidthFastPath(general, field, dateLabelWriter(unit), badCode, rule, 'a date', labelWidth[u]!);
  }
  throw unsupportedType(rule, field, 'a Date, Timestamp or date-string column');
}
