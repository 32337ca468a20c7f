/**
 * Full-width forms of the characters numbers, dates and times are written with, read as their
 * ASCII forms: ０-９ (U+FF10-FF19), ＋ － ． ／ ： (U+FF0B FF0D FF0E FF0F FF1A) and the ideographic
 * space (U+3000). Chinese input methods type these when the full-width mode is on, so an export
 * typed by hand holds 23 and ２３ in one age column. This is the one definition of that
 * normalization: the profiler (detect/value-kind.ts), io's inference and cast, and normalize's
 * cast all read a value through `foldingParser`/`foldFullWidth`, so a value one of them takes as
 * a number every other one takes as the same number. Nothing else is folded: letters (ｔｒｕｅ),
 * the full-width comma and Han numerals stay what they are (text), and so fail a numeric parse.
 */

/** Bytes a parser reads: src[s, e). NaN means "not of this kind". */
export type FoldableParser = (src: Uint8Array, s: number, e: number) => number;

/** True when src[s, e) may hold a full-width form (a 0xEF or 0xE3 lead byte). */
export function mayHoldFullWidth(src: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = src[i]!;
    if (c === 0xef || c === 0xe3) return true;
  }
  return false;
}

/**
 * The half-width byte of the full-width form at src[i, i + 3), or -1: U+FF01..U+FF5E → 0x21..0x7E
 * (EF BC 81..BF → byte - 0x60, EF BD 80..9E → byte - 0x20) and U+3000 → space (E3 80 80). The one
 * table of full-width forms: normalize's `fullwidth` rule maps all of them, the detectors' folder
 * (detect/full-width.ts) letters, digits, ＠ ． －, and numbers (below) their own few.
 */
export function halfWidthAt(src: Uint8Array, i: number, e: number): number {
  if (i + 2 >= e) return -1;
  const a = src[i]!, b = src[i + 1]!, c = src[i + 2]!;
  if (a === 0xe3) return b === 0x80 && c === 0x80 ? 0x20 : -1;
  if (a !== 0xef) return -1;
  if (b === 0xbc && c >= 0x81 && c <= 0xbf) return c - 0x60;
  if (b === 0xbd && c >= 0x80 && c <= 0x9e) return c - 0x20;
  return -1;
}

/** The ASCII byte of a full-width form numbers are written with (digits + - . / : and the space) at src[i, i + 3), or -1. */
function numberByteAt(src: Uint8Array, i: number, e: number): number {
  const a = halfWidthAt(src, i, e);
  return (a >= 0x2b && a <= 0x3a && a !== 0x2c) || a === 0x20 ? a : -1;
}

/**
 * Copy src[s, e) into `out` from 0 with every full-width form above replaced by its ASCII byte
 * (other bytes, 年 月 日 included, copied as they are). Returns the copy's length, or -1 when the
 * value holds none of those forms (then there is nothing to retry). `out` must hold e - s bytes.
 */
export function foldFullWidth(src: Uint8Array, s: number, e: number, out: Uint8Array): number {
  let n = 0;
  let folded = false;
  for (let i = s; i < e;) {
    const c = src[i]!;
    if (c === 0xef || c === 0xe3) {
      const a = numberByteAt(src, i, e);
      if (a >= 0) {
        out[n++] = a;
        i += 3;
        folded = true;
        continue;
      }
    }
    out[n++] = c;
    i++;
  }
  return folded ? n : -1;
}

/** A scratch buffer that grows to the longest value folded (values are short: one allocation). */
export class FoldScratch {
  buf = new Uint8Array(64);
  /** Fold src[s, e) into `buf`; the folded length or -1 (see foldFullWidth). */
  fold(src: Uint8Array, s: number, e: number): number {
    if (!mayHoldFullWidth(src, s, e)) return -1;
    if (this.buf.length < e - s) this.buf = new Uint8Array(Math.max(e - s, this.buf.length * 2));
    return foldFullWidth(src, s, e, this.buf);
  }
}

/**
 * `parse`, and when it refuses a value that holds full-width forms, `parse` of the folded copy.
 * The common ASCII value costs nothing more than `parse`; a value that is not a number either way
 * stays NaN (so a cast still reports it, with its row and column).
 */
export function foldingParser<P extends FoldableParser>(parse: P): P {
  const scratch = new FoldScratch();
  return ((src: Uint8Array, s: number, e: number): number => {
    const v = parse(src, s, e);
    if (v === v) return v;
    const n = scratch.fold(src, s, e);
    return n < 0 ? v : parse(scratch.buf, 0, n);
  }) as P;
}
