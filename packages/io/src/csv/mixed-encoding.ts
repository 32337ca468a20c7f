import { isUtf8 } from 'node:buffer';

/**
 * Finds a line of UTF-8 Chinese text in a piece that is being decoded as GB18030 (a GBK export
 * with UTF-8 rows appended, say). Such a line decodes without error — UTF-8 3-byte sequences pair
 * up into valid GB18030 characters when a run has an even number of them — into reversible
 * mojibake (当事人张三丰 → 褰撲簨浜哄紶涓変赴) that no detector or redact rule recognises, so the
 * reader refuses the file instead. Returns the offset of the first such line in `piece`, or -1.
 *
 * A line counts only on strong evidence, so that a GBK line that happens to be valid UTF-8 is not
 * taken for one: (1) the whole line is valid UTF-8; (2) read as UTF-8 it holds at least two CJK
 * ideographs and every character outside ASCII is CJK text or punctuation; (3) read as GB18030 it
 * holds a byte outside the GB2312 range (below 0xA1), as UTF-8 continuation bytes 0x80–0xA0 do
 * in most lines and GB2312 text never does. GBK text meets (1) and (2) together about once in
 * 10,000 words; (3) removes nearly all of those. One line in a mixed file is enough to refuse it.
 */
export function findUtf8Line(piece: Uint8Array): number {
  const n = piece.length;
  let start = 0;
  while (start < n) {
    let end = piece.indexOf(10, start);
    if (end < 0) end = n;
    if (hasHighByte(piece, start, end) && looksLikeUtf8Chinese(piece, start, end)) return start;
    start = end + 1;
  }
  return -1;
}

function hasHighByte(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i]! >= 0x80) return true;
  return false;
}

function looksLikeUtf8Chinese(b: Uint8Array, from: number, to: number): boolean {
  if (!isUtf8(b.subarray(from, to))) return false;
  let ideographs = 0;
  let belowGb2312 = false;
  for (let i = from; i < to;) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c < 0xe0 || c >= 0xf0) return false; // 2- and 4-byte sequences: not Chinese text
    const cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    if ((cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff)) ideographs++;
    else if (!((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x2000 && cp <= 0x206f))) return false;
    if (b[i + 1]! < 0xa1 || b[i + 2]! < 0xa1) belowGb2312 = true;
    i += 3;
  }
  return ideographs >= 2 && belowGb2312;
}
