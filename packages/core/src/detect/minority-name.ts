import { GIVEN_SET, MINORITY_NAME_PARTS } from './tables.js';

/*
 * Tibetan, Mongolian and Uyghur names transliterated without a surname or a dot (扎西多吉, 斯琴高娃,
 * 买买提艾力): no surname table starts them, so they are read as whole parts of MINORITY_NAME_PARTS,
 * backwards from where a shop word says a name ends (cjk-bytes.ts nameBeforeShop). Over UTF-8
 * bytes, as the other name detectors: nothing is decoded.
 */

const enc = new TextEncoder();
const dec = new TextDecoder();
/** Parts by the code point of their last character, longest first (其其格玛 before 格玛). */
const BY_LAST = new Map<number, Uint8Array[]>();
for (const p of [...MINORITY_NAME_PARTS].sort((a, b) => b.length - a.length)) {
  const k = p.charCodeAt(p.length - 1);
  const list = BY_LAST.get(k) ?? [];
  list.push(enc.encode(p));
  BY_LAST.set(k, list);
}

/** Code point of the 3-byte character ending just before `i`, or -1. */
function cpBefore(src: Uint8Array, start: number, i: number): number {
  if (i - 3 < start) return -1;
  const b = src[i - 3]!;
  if (b < 0xe0 || b >= 0xf0) return -1;
  return ((b & 0x0f) << 12) | ((src[i - 2]! & 0x3f) << 6) | (src[i - 1]! & 0x3f);
}

/** `src[s, s + w.length)` holds the bytes of `w`. */
function bytesAt(src: Uint8Array, s: number, w: Uint8Array): boolean {
  let k = 0;
  while (k < w.length && src[s + k] === w[k]) k++;
  return k === w.length;
}

/**
 * Where a name may start or end: a module-level test of `(src, start, end, q)` rather than a closure
 * over the caller's arguments. A closure that captures a caller's arguments makes V8 allocate that
 * caller's context on every call, taken or not: the name detectors' closures allocated 660 MB per
 * 500,000 rows, two thirds of a run's garbage.
 */
export type NameEdge = (src: Uint8Array, start: number, end: number, q: number) => boolean;

/**
 * Parts that are also ordinary words, brands or places (乌云 dark clouds, 乌兰 of 乌兰察布, 图门 a city,
 * 别克 a car, 格根, 努尔 …): never read as a whole name alone.
 */
const WORD_PARTS = new Set(['乌云', '乌兰', '图门', '别克', '格根', '努尔', '达来', '迪丽', '哈斯', '巴图', '依明', '格列', '米热', '古丽']);

/** A part of two characters read alone: not a word (WORD_PARTS), nor two common Han given-name characters (玉珍, 玉兰 are a Han woman's given name alone, as 国芳). */
function pairAlone(src: Uint8Array, s: number, h: number): boolean {
  if (h - s !== 6) return false;
  const part = dec.decode(src.subarray(s, h));
  return !WORD_PARTS.has(part) && !(GIVEN_SET[part.charCodeAt(0)] === 1 && GIVEN_SET[part.charCodeAt(1)] === 1);
}

/**
 * Start of a name ending at byte `h` made wholly of MINORITY_NAME_PARTS: two to four parts, or one
 * part alone (巴特尔, 买买提, and 旺堆, 卓玛: a Tibetan often goes by one two-character name, and
 * 旺堆便利店 was published) unless it is also a word (WORD_PARTS), that starts where `atBoundary`
 * says a name may (the cell's start, a county: 滨城区扎西多吉 gives 扎西多吉). The longest; -1 when none.
 */
export function minorityNameStart(src: Uint8Array, start: number, end: number, h: number, atBoundary: NameEdge): number {
  return startBefore(src, start, end, h, h, 0, atBoundary, -1);
}

/** minorityNameStart's walk over the parts ending at `e` (the `parts`-th back from `h`): the best start so far, improved. */
function startBefore(src: Uint8Array, start: number, end: number, h: number, e: number, parts: number, atBoundary: NameEdge, best: number): number {
  const list = BY_LAST.get(cpBefore(src, start, e));
  if (list === undefined) return best;
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    const s = e - w.length;
    if (s < start || !bytesAt(src, s, w)) continue;
    if ((parts >= 1 || h - s >= 9 || pairAlone(src, s, h)) && (best < 0 || s < best) && atBoundary(src, start, end, s)) best = s;
    if (parts < 3) best = startBefore(src, start, end, h, s, parts + 1, atBoundary, best);
  }
  return best;
}

/** Parts by the code point of their first character, longest first. */
const BY_FIRST = new Map<number, Uint8Array[]>();
for (const p of [...MINORITY_NAME_PARTS].sort((a, b) => b.length - a.length)) {
  const k = p.charCodeAt(0);
  const list = BY_FIRST.get(k) ?? [];
  list.push(enc.encode(p));
  BY_FIRST.set(k, list);
}

/**
 * End of a name starting at byte `p` made wholly of MINORITY_NAME_PARTS (联系人扎西多吉, 户主斯琴高娃):
 * as minorityNameStart, but forwards from where a context word says a name begins, and only where
 * `atEnd` says a name may end (the cell's end, punctuation, a following word). The longest; -1 when none.
 */
export function minorityNameEnd(src: Uint8Array, p: number, end: number, atEnd: NameEdge): number {
  return endAfter(src, p, end, p, 0, atEnd, -1);
}

/** minorityNameEnd's walk over the parts starting at `s` (the `parts`-th from `p`): the best end so far, improved. */
function endAfter(src: Uint8Array, p: number, end: number, s: number, parts: number, atEnd: NameEdge, best: number): number {
  if (s + 3 > end || src[s]! < 0xe0 || src[s]! >= 0xf0) return best;
  const list = BY_FIRST.get(((src[s]! & 0x0f) << 12) | ((src[s + 1]! & 0x3f) << 6) | (src[s + 2]! & 0x3f));
  if (list === undefined) return best;
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    if (s + w.length > end || !bytesAt(src, s, w)) continue;
    const e = s + w.length;
    if ((parts >= 1 || e - p >= 9) && e > best && atEnd(src, p, end, e)) best = e;
    if (parts < 3) best = endAfter(src, p, end, e, parts + 1, atEnd, best);
  }
  return best;
}
