import { CHANGED, KEEP, NULL_OUT, type Utf8Kernel } from '../../kernels/utf8.js';
import { ByteMap } from '../generalize/byte-map.js';
import { halfWidthAt } from '../../kernels/full-width.js';

/** Length in bytes of the whitespace character at src[i] (ASCII space/tab/CR/LF/VT/FF, U+00A0, U+3000), or 0. */
function spaceAt(src: Uint8Array, i: number, end: number): number {
  const c = src[i]!;
  if (c === 32 || (c >= 9 && c <= 13)) return 1;
  if (c === 0xc2 && i + 1 < end && src[i + 1] === 0xa0) return 2;
  if (c === 0xe3 && i + 2 < end && src[i + 1] === 0x80 && src[i + 2] === 0x80) return 3;
  return 0;
}

/**
 * Trim leading and trailing whitespace (including the full-width space U+3000 and U+00A0) and,
 * with `collapse`, turn every inner run of whitespace into one ASCII space.
 */
export function trimKernel(collapse: boolean): Utf8Kernel {
  return (src, s, e, out) => {
    let a = s;
    let w: number;
    while (a < e && (w = spaceAt(src, a, e)) > 0) a += w;
    let b = e;
    // Walk back over trailing whitespace: ASCII, then the 2- and 3-byte forms.
    for (;;) {
      if (b > a && (src[b - 1] === 32 || (src[b - 1]! >= 9 && src[b - 1]! <= 13))) b--;
      else if (b - 2 >= a && src[b - 2] === 0xc2 && src[b - 1] === 0xa0) b -= 2;
      else if (b - 3 >= a && src[b - 3] === 0xe3 && src[b - 2] === 0x80 && src[b - 1] === 0x80) b -= 3;
      else break;
    }
    if (!collapse) {
      out.append(src, a, b);
      return a === s && b === e ? KEEP : CHANGED;
    }
    out.reserve(b - a);
    const buf = out.buf;
    let o = out.length;
    let changed = a !== s || b !== e;
    let i = a;
    while (i < b) {
      w = spaceAt(src, i, b);
      if (w === 0) { buf[o++] = src[i++]!; continue; }
      let j = i + w;
      let run = 1;
      while (j < b && (w = spaceAt(src, j, b)) > 0) { j += w; run++; }
      if (run > 1 || src[i] !== 32) changed = true;
      buf[o++] = 32;
      i = j;
    }
    out.length = o;
    return changed ? CHANGED : KEEP;
  };
}

/**
 * Full-width → half-width for the ASCII range: U+FF01..U+FF5E → 0x21..0x7E, U+3000 → space (the
 * table is kernels/full-width.ts halfWidthAt, which inference and casts read numbers through).
 */
export const fullwidthKernel: Utf8Kernel = (src, s, e, out) => {
  out.reserve(e - s);
  const buf = out.buf;
  let o = out.length;
  let changed = false;
  let i = s;
  while (i < e) {
    const c = src[i]!;
    if (c === 0xef || c === 0xe3) {
      const a = halfWidthAt(src, i, e);
      if (a >= 0) { buf[o++] = a; i += 3; changed = true; continue; }
    }
    buf[o++] = c;
    i++;
  }
  out.length = o;
  return changed ? CHANGED : KEEP;
};

/** ASCII a-z → A-Z (codes such as ID check characters and credit codes); other bytes untouched. */
export const upperKernel: Utf8Kernel = (src, s, e, out) => {
  out.reserve(e - s);
  const buf = out.buf;
  let o = out.length;
  let changed = false;
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c >= 97 && c <= 122) { buf[o++] = c - 32; changed = true; } else buf[o++] = c;
  }
  out.length = o;
  return changed ? CHANGED : KEEP;
};

export const DEFAULT_NULL_TOKENS = ['', 'NULL', 'null', 'Null', 'N/A', 'n/a', '无', '-', '--', '—', '/', '空'];

/** Values equal (byte for byte) to one of `tokens` become null. */
export function nullTokensKernel(tokens: readonly string[]): Utf8Kernel {
  const map = new ByteMap();
  const enc = new TextEncoder();
  for (const t of tokens) { const b = enc.encode(t); map.set(b, 0, b.length, 1); }
  return (src, s, e, out) => {
    if (map.get(src, s, e) >= 0) return NULL_OUT;
    out.append(src, s, e);
    return KEEP;
  };
}
