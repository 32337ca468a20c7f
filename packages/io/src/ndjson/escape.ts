import type { GrowableBytes } from '@tuomin/core';

const HEX = '0123456789abcdef';

/**
 * Append src[start, end) as a JSON string literal (with quotes). UTF-8 bytes, Chinese included,
 * are copied as they are; only `"`, `\` and control characters are escaped, as RFC 8259 requires.
 */
export function appendJsonString(src: Uint8Array, start: number, end: number, out: GrowableBytes): void {
  // Common case: nothing to escape. Find the first byte that needs it.
  let i = start;
  while (i < end) {
    const c = src[i]!;
    if (c < 0x20 || c === 0x22 || c === 0x5c) break;
    i++;
  }
  if (i === end) {
    const n = end - start;
    out.reserve(n + 2);
    const b = out.buf;
    let o = out.length;
    b[o++] = 0x22;
    if (n < 24) for (let k = start; k < end; k++) b[o++] = src[k]!;
    else {
      b.set(src.subarray(start, end), o);
      o += n;
    }
    b[o++] = 0x22;
    out.length = o;
    return;
  }
  appendEscaped(src, start, end, out);
}

function appendEscaped(src: Uint8Array, start: number, end: number, out: GrowableBytes): void {
  // Worst case every byte becomes \u00XX (6 bytes).
  out.reserve((end - start) * 6 + 2);
  const b = out.buf;
  let o = out.length;
  b[o++] = 0x22;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
      b[o++] = c;
    } else if (c === 0x22 || c === 0x5c) {
      b[o++] = 0x5c;
      b[o++] = c;
    } else if (c === 0x0a) {
      b[o++] = 0x5c;
      b[o++] = 0x6e;
    } else if (c === 0x0d) {
      b[o++] = 0x5c;
      b[o++] = 0x72;
    } else if (c === 0x09) {
      b[o++] = 0x5c;
      b[o++] = 0x74;
    } else {
      b[o++] = 0x5c;
      b[o++] = 0x75;
      b[o++] = 0x30;
      b[o++] = 0x30;
      b[o++] = HEX.charCodeAt(c >> 4);
      b[o++] = HEX.charCodeAt(c & 15);
    }
  }
  b[o++] = 0x22;
  out.length = o;
}

/** Append ASCII text (numbers, literals, ISO dates). */
export function appendAscii(text: string, out: GrowableBytes): void {
  const n = text.length;
  out.reserve(n);
  const b = out.buf;
  let o = out.length;
  for (let i = 0; i < n; i++) b[o++] = text.charCodeAt(i);
  out.length = o;
}

const encoder = new TextEncoder();
/** Append any JS string as a JSON string literal (cold paths: keys, fallback values). */
export function appendJsonText(text: string, out: GrowableBytes): void {
  const bytes = encoder.encode(text);
  appendJsonString(bytes, 0, bytes.length, out);
}
