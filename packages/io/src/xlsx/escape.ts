import type { GrowableBytes } from '@tuomin/core';

/**
 * XML 1.0 text from UTF-8 bytes. Byte classes: 0 copy, 1 escape, 2 not allowed in XML 1.0 at all
 * (C0 controls other than tab, LF, CR), 3 a lead byte 0xEF that may start U+FFFE or U+FFFF (also
 * not allowed). CR is written as `&#13;` because XML parsers turn a literal CR into LF.
 */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) CLASS[c] = c === 0x09 || c === 0x0a ? 0 : 2;
CLASS[0x0d] = 1;
CLASS[0x22] = 1;
CLASS[0x26] = 1;
CLASS[0x3c] = 1;
CLASS[0x3e] = 1;
CLASS[0xef] = 3;

const AMP = bytesOf('&amp;');
const LT = bytesOf('&lt;');
const GT = bytesOf('&gt;');
const QUOT = bytesOf('&quot;');
const CR = bytesOf('&#13;');

function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** True for EF BF BE / EF BF BF (U+FFFE, U+FFFF) at i. */
function nonCharacterAt(src: Uint8Array, i: number, end: number): boolean {
  return i + 2 < end && src[i + 1] === 0xbf && src[i + 2]! >= 0xbe;
}

/**
 * Append src[start, end) as XML character data. Returns -1, or the code point of the first
 * character XML 1.0 cannot hold (the caller names the cell; nothing is dropped or replaced).
 */
export function appendXmlText(src: Uint8Array, start: number, end: number, out: GrowableBytes): number {
  // Common case: nothing to escape (Chinese text included), one copy.
  let i = start;
  while (i < end) {
    const k = CLASS[src[i]!]!;
    if (k === 0 || (k === 3 && !nonCharacterAt(src, i, end))) i++;
    else break;
  }
  out.append(src, start, i);
  if (i === end) return -1;
  for (; i < end; i++) {
    const c = src[i]!;
    const k = CLASS[c]!;
    if (k === 0) out.push(c);
    else if (k === 1) {
      const e = c === 0x26 ? AMP : c === 0x3c ? LT : c === 0x3e ? GT : c === 0x22 ? QUOT : CR;
      out.append(e, 0, e.length);
    } else if (k === 3) {
      if (nonCharacterAt(src, i, end)) return 0xfffe + (src[i + 2]! - 0xbe);
      out.push(c);
    } else return c;
  }
  return -1;
}

/** Characters XML 1.0 cannot hold, and lone surrogates (which UTF-8 cannot encode). */
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

/** The first character of `s` that XML 1.0 cannot hold, or -1. */
export function illegalXmlChar(s: string): number {
  const m = ILLEGAL.exec(s);
  return m ? m[0].codePointAt(0)! : -1;
}

/** XML text or attribute value from a JS string (cold paths: metadata, sheet name); check `illegalXmlChar` first. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`));
}

/** "U+0001" */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
