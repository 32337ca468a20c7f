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

/** Starts of the parts that end at byte `h` (a part is whole bytes of one of MINORITY_NAME_PARTS). */
function partsEndingAt(src: Uint8Array, start: number, h: number): number[] {
  const list = BY_LAST.get(cpBefore(src, start, h));
  if (list === undefined) return [];
  const out: number[] = [];
  for (const w of list) {
    const s = h - w.length;
    if (s < start) continue;
    let k = 0;
    while (k < w.length && src[s + k] === w[k]) k++;
    if (k === w.length) out.push(s);
  }
  return out;
}

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
export function minorityNameStart(src: Uint8Array, start: number, h: number, atBoundary: (s: number) => boolean): number {
  let best = -1;
  const walk = (e: number, parts: number): void => {
    for (const s of partsEndingAt(src, start, e)) {
      if ((parts >= 1 || h - s >= 9 || pairAlone(src, s, h)) && (best < 0 || s < best) && atBoundary(s)) best = s;
      if (parts < 3) walk(s, parts + 1);
    }
  };
  walk(h, 0);
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
export function minorityNameEnd(src: Uint8Array, p: number, end: number, atEnd: (q: number) => boolean): number {
  let best = -1;
  const walk = (s: number, parts: number): void => {
    if (s + 3 > end || src[s]! < 0xe0 || src[s]! >= 0xf0) return;
    const c = ((src[s]! & 0x0f) << 12) | ((src[s + 1]! & 0x3f) << 6) | (src[s + 2]! & 0x3f);
    for (const w of BY_FIRST.get(c) ?? []) {
      if (s + w.length > end) continue;
      let k = 0;
      while (k < w.length && src[s + k] === w[k]) k++;
      if (k !== w.length) continue;
      const e = s + w.length;
      if ((parts >= 1 || e - p >= 9) && e > best && atEnd(e)) best = e;
      if (parts < 3) walk(e, parts + 1);
    }
  };
  walk(p, 0);
  return best;
}
