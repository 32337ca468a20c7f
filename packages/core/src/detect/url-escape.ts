import { MappedBytes } from './mapped-bytes.js';

/**
 * Percent-encoded text (RFC 3986), as a URL's query string or a web log carries it:
 * `?email=zhangwei%40163.com`, `?tel=%2B8613812345678`, `?addr=%E6%BB%A8%E5%B7%9E…`. The detectors
 * read bytes, and `%40` is no at-sign to them, nor `%2B86…` a mobile (the B glues the digits into
 * a code): such a value published its email, phone and address. The scanner decodes it here and
 * scans it once more, as it does JSON escapes (json-escape.ts); hits map back to the %XX bytes.
 */

const hex = (b: number): number => (b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1);

/** A %XX escape at `i` (the scanner's precheck): its byte value, or -1. */
export function percentAt(src: Uint8Array, i: number, end: number): number {
  if (i + 2 >= end || src[i] !== 37) return -1;
  const a = hex(src[i + 1]!);
  const b = hex(src[i + 2]!);
  return a < 0 || b < 0 ? -1 : a * 16 + b;
}

export class PercentDecoder extends MappedBytes {
  /**
   * Decode `src[start, end)`: each %XX becomes its byte (so %E5%BC%A0 becomes the three bytes of
   * 张), `+` stays as it is (a space only in form encoding, and a phone's + elsewhere); every other
   * byte is copied. Returns false when there was no escape.
   */
  decode(src: Uint8Array, start: number, end: number): boolean {
    this.length = 0;
    let any = false;
    let i = start;
    while (i < end) {
      const v = src[i] === 37 ? percentAt(src, i, end) : -1;
      if (v < 0) { this.put(src[i]!, i); i++; continue; }
      any = true;
      this.put(v, i);
      i += 3;
    }
    this.from[this.length] = end;
    return any;
  }
}
