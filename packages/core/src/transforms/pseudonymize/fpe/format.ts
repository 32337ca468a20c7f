/**
 * A format-preserving pseudonym format. `parse` reads one value, writes its kept (not encrypted)
 * parts into the tweak, and gives the encrypted part as a number x in [0, class.limit). FF1 over
 * `radix`^`n` with cycle-walking maps x to another number of the same class; `render` writes the
 * value back with the new x. Outputs have the same byte length as inputs, and parse(render(x))
 * gives x back, so the same two functions serve decryption.
 */
export interface FpeClass {
  radix: number;
  n: number;
  /** x ranges over [0, limit), limit <= radix^n. */
  limit: number;
}

export interface FpeFormat {
  readonly name: string;
  readonly tweakLength: number;
  readonly classes: readonly FpeClass[];
  /** Class index, or -1 when the value does not fit the format. Sets xs[k] and the tweak at tOff. */
  parse(src: Uint8Array, s: number, e: number, tweak: Uint8Array, tOff: number, xs: Float64Array, k: number): number;
  /** Write the value with encrypted part x into out[at .. at + (e - s)), kept parts copied from src. */
  render(src: Uint8Array, s: number, e: number, cls: number, x: number, out: Uint8Array, at: number): void;
}

/** Value of an ASCII digit, or -1. */
export function digit(b: number): number {
  return b >= 48 && b <= 57 ? b - 48 : -1;
}

/** The number written by `len` ASCII digits at src[s..], or -1 if one is not a digit. */
export function readDigits(src: Uint8Array, s: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = digit(src[s + i]!);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Write x as `len` zero-padded ASCII digits at out[at..]. */
export function writeDigits(x: number, len: number, out: Uint8Array, at: number): void {
  for (let i = len - 1; i >= 0; i--) {
    const r = x % 10;
    out[at + i] = 48 + r;
    x = (x - r) / 10;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1;
  return era * 146097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy - 719468;
}

/** The date of a day number, packed as y * 10000 + m * 100 + d. */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * An FF1 domain radix^n just above `limit` (n = 2 or 4, radix <= 65536), so cycle-walking rarely
 * needs a second pass. FF1 needs radix^n >= 1,000,000: smaller limits get radix 1000, n = 2.
 */
export function compactDomain(limit: number): { radix: number; n: number } {
  if (limit <= 1_000_000) return { radix: 1000, n: 2 };
  for (const n of [2, 4]) {
    let r = Math.ceil(limit ** (1 / n));
    while (r ** n < limit) r++;
    while (r > 2 && (r - 1) ** n >= limit) r--;
    if (r <= 65536) return { radix: r, n };
  }
  throw new RangeError(`no compact FF1 domain for ${limit}`);
}
