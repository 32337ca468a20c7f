import { MappedBytes } from './mapped-bytes.js';

/**
 * JSON text escapes every non-ASCII character by default (Python's json.dumps, many loggers):
 * {"name":"\u738b\u660e","car_plate":"\u9c81M12345"}. The detectors read UTF-8 bytes and see no
 * Han in it, so a hotel's JSON column published companions' names and plates redacted. The
 * scanner decodes such a value here and scans it once more; hits are mapped back to the escapes.
 */

const hex = (b: number): number => (b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1);

function hex4(src: Uint8Array, i: number, end: number): number {
  if (i + 6 > end || src[i] !== 92 || src[i + 1] !== 117) return -1;
  let v = 0;
  for (let k = 2; k < 6; k++) {
    const h = hex(src[i + k]!);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * A value decoded from its escapes: `bytes[0, length)`; `from[k]` the source offset of decoded
 * byte k (`from[length]` the value's end), so a decoded span [s, e) is the source span
 * [from[s], from[e]).
 */
export class EscapeDecoder extends MappedBytes {
  /**
   * Decode `src[start, end)`: \uXXXX of a character beyond ASCII (a surrogate pair as one
   * character) becomes its UTF-8 bytes; everything else is copied (\\ stays two bytes, so \\u is
   * no escape). Returns false when no such escape was found.
   */
  decode(src: Uint8Array, start: number, end: number): boolean {
    this.length = 0;
    let any = false;
    let i = start;
    while (i < end) {
      const b = src[i]!;
      if (b === 92 && src[i + 1] === 92) { this.put(92, i); this.put(92, i + 1); i += 2; continue; }
      let cp = b === 92 ? hex4(src, i, end) : -1;
      let w = 6;
      if (cp >= 0xd800 && cp < 0xdc00) {
        const lo = hex4(src, i + 6, end);
        if (lo >= 0xdc00 && lo < 0xe000) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); w = 12; } else cp = -1;
      }
      if (cp < 0x80 || (cp >= 0xd800 && cp < 0xe000)) { this.put(b, i); i++; continue; }
      any = true;
      if (cp < 0x800) { this.put(0xc0 | (cp >> 6), i); this.put(0x80 | (cp & 63), i); }
      else if (cp < 0x10000) { this.put(0xe0 | (cp >> 12), i); this.put(0x80 | ((cp >> 6) & 63), i); this.put(0x80 | (cp & 63), i); }
      else { this.put(0xf0 | (cp >> 18), i); this.put(0x80 | ((cp >> 12) & 63), i); this.put(0x80 | ((cp >> 6) & 63), i); this.put(0x80 | (cp & 63), i); }
      i += w;
    }
    this.from[this.length] = end;
    return any;
  }
}
