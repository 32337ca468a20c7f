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

// Calendar arithmetic is shared with the generalize kernels (one implementation in core).
export { daysFromCivil, civilFromDays, daysInMonth } from '../../../kernels/civil-date.js';

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
