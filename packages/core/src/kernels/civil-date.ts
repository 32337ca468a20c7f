/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), after
 * H. Hinnant's `days_from_civil` / `civil_from_days`: integer operations only, no Date objects.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

/** Packs the civil date of a day number as y * 10000 + m * 100 + d (years 0..9999). */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export const MS_PER_DAY = 86_400_000;

/** Read element i of a BigInt64Array through its Int32 halves (exact up to 2^53; no BigInt in loops). */
export function readInt64(halves: Int32Array, i: number): number {
  return halves[2 * i + 1]! * 4294967296 + (halves[2 * i]! >>> 0);
}

export function writeInt64(halves: Int32Array, i: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  halves[2 * i] = (v - hi * 4294967296) | 0;
  halves[2 * i + 1] = hi;
}

export function int32Halves(a: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Parse a YYYY-MM-DD option value (asOf, reference dates) into a day number, or throw. */
export function parseIsoDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`expected a date as YYYY-MM-DD, got "${s}"`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`"${s}" is not a calendar date`);
  return daysFromCivil(y, mo, d);
}

/** ISO date text (YYYY-MM-DD) of a day count. */
export function isoDate(days: number): string {
  const ymd = civilFromDays(days);
  const y = Math.floor(ymd / 10000); // floor: years before 0 keep a positive month-day remainder
  const md = ymd - y * 10000;
  return `${pad(y, 4)}-${pad(Math.floor(md / 100), 2)}-${pad(md % 100, 2)}`;
}

/**
 * ISO text of an instant in units of `perMs` per millisecond (1: milliseconds), in UTC; a Date
 * column's whole day as YYYY-MM-DD; sub-millisecond digits kept. The text a date or timestamp
 * cast reads back: the profile counts a temporal column's values by it (detect/profile.ts) and the
 * privacy search labels them by it (privacy/encode-column.ts), so the two see the same values.
 */
export function isoInstant(v: number, perMs: number, dateOnly: boolean): string {
  const ms = Math.floor(v / perMs);
  const iso = new Date(ms).toISOString();
  if (dateOnly) return ms % 86_400_000 === 0 ? iso.slice(0, 10) : iso;
  if (perMs <= 1) return iso;
  const sub = v - ms * perMs; // 0 .. perMs-1: microseconds or nanoseconds past the millisecond
  return `${iso.slice(0, -1)}${String(sub).padStart(perMs === 1000 ? 3 : 6, '0')}Z`;
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= w ? s : '0'.repeat(w - s.length) + s);
}
