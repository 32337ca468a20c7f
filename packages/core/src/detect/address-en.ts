import type { ScanState } from './scan-state.js';
import { T_ADDRESS } from './types.js';

/*
 * Door-level addresses spelled in English (Rm 1203, Bldg 5, 88 Zhongshan Rd; Room 1203, Building 5,
 * No. 88 Xinhua Road), as a foreigner's record or a bilingual form writes them. The Han detector
 * (cjk-bytes.ts addressAt) is anchored on 号 楼 栋 单元 室 and never sees these. Called from the byte
 * scanner only at a letters-only word that is a door word followed by a number, so ordinary
 * English costs one length-and-byte test per word. Bytes only, no decoding.
 */

const enc = (w: string): Uint8Array => new TextEncoder().encode(w.toLowerCase());
/** Words that open a door part when a number follows, and what part each opens (DOOR_KIND). */
const DOOR_WORDS = ['rm', 'room', 'flat', 'unit', 'apt', 'bldg', 'building', 'blk', 'block', 'tower', 'no', 'floor', 'fl'].map(enc);
const ROOM = 1;
const BUILDING = 2;
const FLOOR = 4;
const DOOR_KIND = [ROOM, ROOM, ROOM, ROOM, ROOM, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, 0, FLOOR, FLOOR];
/** Road words that end a street part (English and pinyin: 路 Lu, 街 Jie, 胡同 Hutong). */
const ROAD_WORDS = ['rd', 'road', 'st', 'street', 'ave', 'avenue', 'lu', 'jie', 'lane', 'ln', 'hutong', 'blvd', 'dadao'].map(enc);

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 48 && b <= 57;
}
function isUpper(b: number | undefined): boolean {
  return b !== undefined && b >= 65 && b <= 90;
}
function isLetter(b: number | undefined): boolean {
  return b !== undefined && ((b | 0x20) >= 97 && (b | 0x20) <= 122);
}

/** Index in `words` of the letters `src[s, e)` compared case-insensitively, or -1. */
function wordIn(words: Uint8Array[], src: Uint8Array, s: number, e: number): number {
  outer: for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (w.length !== e - s) continue;
    for (let x = 0; x < w.length; x++) if ((src[s + x]! | 0x20) !== w[x]) continue outer;
    return k;
  }
  return -1;
}

/** End of a letters-only word at `p`, or `p`. */
function wordEnd(src: Uint8Array, p: number, end: number): number {
  while (p < end && isLetter(src[p])) p++;
  return p;
}

/** Set by numberEnd: the number it read was a floor (12/F). */
let floorNumber = false;

/**
 * End of a door or house number at `p` (1203, 5B, 12-3, #502; a floor 12/F, as Hong Kong and
 * Guangdong addresses write it), or -1. At most 6 digits.
 */
function numberEnd(src: Uint8Array, p: number, end: number): number {
  floorNumber = false;
  if (p < end && src[p] === 35) p++; // #502
  const s = p;
  while (p < end && isDigit(src[p])) p++;
  if (p === s || p - s > 6) return -1;
  if (p - s <= 3 && p + 1 < end && src[p] === 47 && (src[p + 1]! | 0x20) === 102 && !isLetter(src[p + 2]) && !isDigit(src[p + 2])) {
    floorNumber = true;
    return p + 2;
  }
  // 5B, 12A: one letter glued to the number, not the start of a word.
  if (p < end && isUpper(src[p]) && !isLetter(src[p + 1])) p++;
  // 12-3: a building-room pair.
  else if (p + 1 < end && src[p] === 45 && isDigit(src[p + 1])) { p++; while (p < end && isDigit(src[p])) p++; }
  return p < end && (isLetter(src[p]) || isDigit(src[p])) ? -1 : p;
}

/**
 * A street after a house number: a space, 1-4 name words (Zhongshan, 5th, W) and a road word
 * (Rd, Road, Lu, …) with its optional dot. `p` is just past the number. Returns the end, or -1.
 */
function roadEnd(src: Uint8Array, p: number, end: number): number {
  let names = 0;
  while (names <= 4) {
    if (p >= end || src[p] !== 32) return -1;
    p++;
    const s = p;
    if (isUpper(src[p])) {
      const e = wordEnd(src, p, end);
      if (names > 0 && wordIn(ROAD_WORDS, src, s, e) >= 0 && !isDigit(src[e])) return src[e] === 46 ? e + 1 : e;
      if (e < end && isDigit(src[e])) return -1;
      p = e;
    } else if (isDigit(src[p])) {
      // An ordinal in the name: Huanghe 5th Rd.
      while (p < end && isDigit(src[p])) p++;
      const e = wordEnd(src, p, end);
      if (e - p !== 2 || wordIn(ORDINALS, src, p, e) < 0) return -1;
      p = e;
    } else return -1;
    names++;
  }
  return -1;
}
const ORDINALS = ['st', 'nd', 'rd', 'th'].map(enc);

/**
 * `src[i, j)` is a letters-only word, or a number before a capitalised word (a street first) or
 * before /F (a floor first).
 * When it is a door word followed by a number, read the
 * address's parts, each a door part (Rm 1203, Bldg. 5, Block B, No. 88, 12/F, Floor 12) or a street
 * (88 Zhongshan Rd, the number maybe after No.), separated by a comma or a space. Emitted only with
 * a road word, or with two kinds of door part (a room, a floor, a building: Flat 3B, 12/F, Block 2;
 * 12/F, Tower A; Rm 1501, 23/F): "Room 3 is free", "No. 5 in the list", "Building 5 permits
 * issued", "12/F sale" are no address. The estate's name after the door parts is not read: the
 * door parts are what points at one household.
 * Returns the end of the address, or -1.
 */
export function englishAddressAt(st: ScanState, src: Uint8Array, start: number, end: number, i: number, j: number): number {
  // The value may sit in a column's buffer with the next value's bytes right after `end`: every
  // look-ahead below (a letter after 3B, a dot after Rd) must see the value's end as the end, so
  // it reads a view that ends there. Called only at a door word or a house number: rare.
  src = src.subarray(0, end);
  if (i > start && (isLetter(src[i - 1]) || isDigit(src[i - 1]) || src[i - 1] === 46 || src[i - 1] === 45)) return -1;
  // 88 Zhongshan Rd, Rm 1203: a street first needs a door part after it, since a number before a
  // street alone is as often a year or a count (In 2019 Nanjing Road reopened).
  const streetFirst = isDigit(src[i]);
  let p = i;
  let doors = 0;
  let road = false;
  let last = -1;
  for (;;) {
    const w = wordEnd(src, p, end);
    let q = -1;
    const d = w > p ? wordIn(DOOR_WORDS, src, p, w) : -1;
    if (d >= 0) {
      // The word, an optional dot, an optional space, the number. "No" needs its dot or a #.
      let k = w;
      const no = w - p === 2 && (src[p]! | 0x20) === 110;
      if (src[k] === 46) k++;
      else if (no && src[k] !== 32) break;
      if (no && k === w && src[k + 1] !== 35) break;
      if (src[k] === 32) k++;
      q = numberEnd(src, k, end);
      // Block B, Tower A: a building may be lettered.
      if (q < 0 && DOOR_KIND[d] === BUILDING && isUpper(src[k]) && !isLetter(src[k + 1]) && !isDigit(src[k + 1])) q = k + 1;
      if (q < 0) break;
      const r = floorNumber ? -1 : roadEnd(src, q, end);
      if (r > 0) { road = true; q = r; } else doors |= floorNumber ? FLOOR : DOOR_KIND[d]!;
    } else if (w === p && isDigit(src[p])) {
      // A house number must be followed by its street, a floor stands alone (12/F): a bare number ends the address.
      const n = numberEnd(src, p, end);
      if (n > 0 && floorNumber) { doors |= FLOOR; q = n; }
      else {
        const r = n > 0 ? roadEnd(src, n, end) : -1;
        if (r < 0) break;
        road = true;
        q = r;
      }
    } else break;
    last = q;
    p = q;
    if (src[p] === 44) p++;
    if (src[p] === 32) p++;
    if (p >= end || p === q) break;
  }
  // Without a street, two kinds of door part: "No. 12, Unit 3" is a textbook's exercise.
  if (last < 0 || (!road && doors !== (ROOM | BUILDING) && doors !== (ROOM | FLOOR) && doors !== (FLOOR | BUILDING) && doors !== 7) || (streetFirst && doors === 0)) return -1;
  st.emit(T_ADDRESS, i, last, 0.7);
  return last;
}

/** Cheap gate for the scanner: `src[i, j)` may be a door word (length and first letter only). */
export function mayBeDoorWord(src: Uint8Array, i: number, j: number): boolean {
  const L = j - i;
  if (L < 2 || L > 8) return false;
  const b = src[i]! | 0x20;
  return b === 114 || b === 98 || b === 102 || b === 117 || b === 97 || b === 110 || b === 116; // r b f u a n t
}

/** Cheap gate for the scanner: the digits `src[i, j)` are followed by /F (a floor, 12/F). */
export function mayBeFloor(src: Uint8Array, j: number, end: number): boolean {
  return j + 1 < end && src[j] === 47 && (src[j + 1]! | 0x20) === 102;
}
