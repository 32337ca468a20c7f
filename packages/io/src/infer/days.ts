/**
 * Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's civil-date
 * algorithms): integer arithmetic only, no Date object per value.
 */
// Calendar arithmetic lives in core (one implementation); only the ISO text formatting is here.
export { daysFromCivil, daysInMonth, isoDate } from '@tuomin/core/internal';

import { Type, TimeUnit } from 'apache-arrow';
import type { Data, Date_, Time, Timestamp } from 'apache-arrow';
import { isoDate } from '@tuomin/core/internal';

/** Sub-second digits and units per second of an Arrow time unit. */
function unitScale(unit: TimeUnit): { digits: number; perSecond: number } {
  switch (unit) {
    case TimeUnit.SECOND:
      return { digits: 0, perSecond: 1 };
    case TimeUnit.MILLISECOND:
      return { digits: 3, perSecond: 1e3 };
    case TimeUnit.MICROSECOND:
      return { digits: 6, perSecond: 1e6 };
    default:
      return { digits: 9, perSecond: 1e9 };
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS` of a second of the day (0 ≤ s < 86400), then `.fff…` of `digits` digits when digits > 0. */
function clock(secondOfDay: number, fraction: number, digits: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  const base = `${two(h)}:${two(m)}:${two(s)}`;
  return digits === 0 ? base : `${base}.${String(fraction).padStart(digits, '0')}`;
}

/**
 * Splits a count of units since an epoch into whole seconds (floored) and the non-negative
 * remainder in units. Exact for every 64-bit value (BigInt beyond 2^53).
 */
function splitSeconds(v: number | bigint, perSecond: number): [number, number] {
  if (typeof v === 'number' || (v <= 9007199254740991n && v >= -9007199254740991n)) {
    const n = Number(v);
    const s = Math.floor(n / perSecond);
    return [s, n - s * perSecond];
  }
  const p = BigInt(perSecond);
  let s = v / p;
  let r = v - s * p;
  if (r < 0n) {
    s -= 1n;
    r += p;
  }
  return [Number(s), Number(r)];
}

/**
 * The text every writer (CSV, NDJSON, XLSX) gives a Date, Timestamp or Time value:
 * - Date: `YYYY-MM-DD`;
 * - Timestamp: ISO 8601 `YYYY-MM-DDTHH:MM:SS` plus every sub-second digit of the unit (none for
 *   seconds, 3 for ms, 6 for µs, 9 for ns). A type with a time zone holds UTC instants, so the
 *   text is UTC and ends in `Z`; a zone-less type holds wall-clock time, written as stored,
 *   without `Z` (it is not labelled UTC);
 * - Time: `HH:MM:SS` plus the sub-second digits of the unit.
 * Null for other types.
 */
export function temporalText(data: Data): ((i: number) => string) | null {
  const values = data.values as ArrayLike<number | bigint>;
  if (data.typeId === Type.Date) {
    const perDay = (data.type as Date_).unit === 0 ? 1 : 86400000;
    return (i) => isoDate(Math.floor(Number(values[i]) / perDay));
  }
  if (data.typeId === Type.Timestamp) {
    const t = data.type as Timestamp;
    const { digits, perSecond } = unitScale(t.unit);
    const zone = t.timezone ? 'Z' : '';
    return (i) => {
      const [s, frac] = splitSeconds(values[i]!, perSecond);
      const day = Math.floor(s / 86400);
      return `${isoDate(day)}T${clock(s - day * 86400, frac, digits)}${zone}`;
    };
  }
  if (data.typeId === Type.Time) {
    const { digits, perSecond } = unitScale((data.type as Time).unit);
    return (i) => {
      const [s, frac] = splitSeconds(values[i]!, perSecond);
      // A time of day is 0 ≤ t < 24 h; anything else is still written, wrapped to the day.
      const sod = ((s % 86400) + 86400) % 86400;
      return clock(sod, frac, digits);
    };
  }
  return null;
}
