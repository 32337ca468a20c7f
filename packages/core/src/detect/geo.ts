import type { ScanState } from './scan-state.js';
import { T_GEO } from './types.js';

/*
 * Geographic coordinates (WGS84 / GCJ-02 decimal degrees, or degrees-minutes-seconds) in a value.
 *
 * Precision that counts as a person's location: 0.01° or finer (about 1.1 km of latitude; 0.95 km
 * of longitude at Shanghai), or minutes with seconds or a fraction (under 0.5 km). A delivery
 * address, a pickup point or a complaint's position to that precision, beside the time of the
 * event in the same record, says where a person was: whereabouts (行踪轨迹), sensitive personal
 * information under GB/T 35273-2020. 0.1° (about 11 km) is a district, a place the published-risk
 * review already handles; such values pass.
 *
 * That threshold applies where the value is known to be a coordinate: after a label (经度, 北纬,
 * lat, GPS, 坐标 …), with a degree sign or a hemisphere letter, or in a column whose header names
 * coordinates (ScanState.coordMode). A bare pair of numbers (31.2304,121.4737) counts only with 4
 * decimals or more on both (about 11 m): two numbers of 2 or 3 decimals side by side are amounts
 * and measurements far more often than places, and phones and map tools write 5 to 6 decimals.
 * A single bare decimal (a price of 31.2304) is never a coordinate.
 */

/** coordMode values: what a column's header says of its numbers. */
export const COORD_NONE = 0;
/** 经度, 纬度, lat, lng, longitude, latitude: every number with 2 decimals or more. */
export const COORD_SINGLE = 1;
/** 经纬度, 坐标, 位置, 定位, GPS, location: pairs with 2 decimals or more (a single number needs a label). */
export const COORD_PAIR = 2;
/** x, y: numbers and pairs in coordinate ranges with 4 decimals or more. */
export const COORD_XY = 3;

const enc = new TextEncoder();
/** Labels right before a coordinate (only separators between): Han ones and ASCII ones at a word start. */
const LABELS = ['经度', '纬度', '坐标', '东经', '西经', '北纬', '南纬', '定位', '位置', '经纬'].map((w) => enc.encode(w));
const ASCII_LABELS = ['lat', 'lng', 'lon', 'latitude', 'longitude', 'gps', 'coord', 'coords', 'coordinates', 'location', 'loc', 'pos', 'position'];
const ASCII_LABEL_SET = new Set(ASCII_LABELS);

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function isLetter(b: number): boolean {
  return (b | 0x20) >= 97 && (b | 0x20) <= 122;
}

/** End of the separators before `p` (walking back): spaces, quotes, : = ( （ ： 　 为 是; returns the offset where a label would end. */
function skipSeparatorsBack(src: Uint8Array, cs: number, p: number): number {
  for (let n = 0; n < 4 && p > cs; n++) {
    const b = src[p - 1]!;
    // Quotes too: a JSON key ({"lat":31.230416}) or a quoted attribute (lat='31.230416').
    if (b === 32 || b === 58 || b === 61 || b === 40 || b === 9 || b === 34 || b === 39) { p--; continue; }
    if (p - 3 >= cs) {
      const a = src[p - 3]!, m = src[p - 2]!;
      // ： （ 　 为 是
      if ((a === 0xef && m === 0xbc && (b === 0x9a || b === 0x88)) || (a === 0xe3 && m === 0x80 && b === 0x80)
        || (a === 0xe4 && m === 0xb8 && b === 0xba) || (a === 0xe6 && m === 0x98 && b === 0xaf)) { p -= 3; continue; }
    }
    break;
  }
  return p;
}

/** A coordinate label ends right before `s` (separators allowed between). */
export function coordLabelBefore(src: Uint8Array, cs: number, s: number): boolean {
  const p = skipSeparatorsBack(src, cs, s);
  if (p === cs) return false;
  const b = src[p - 1]!;
  if (b >= 0x80) {
    for (const w of LABELS) {
      const a = p - w.length;
      if (a < cs) continue;
      let k = 0;
      while (k < w.length && src[a + k] === w[k]) k++;
      if (k === w.length) return true;
    }
    return false;
  }
  if (!isLetter(b)) return false;
  // Cold: only decimals with a letter word right before them get here.
  let a = p - 1;
  while (a > cs && isLetter(src[a - 1]!) && p - a < 12) a--;
  if (a > cs && isLetter(src[a - 1]!)) return false;
  let w = '';
  for (let k = a; k < p; k++) w += String.fromCharCode(src[k]! | 0x20);
  return ASCII_LABEL_SET.has(w);
}

// The last number read by readNumber (module scratch: no allocation per candidate).
let numEnd = 0;
let numInt = 0;
let numDecimals = 0;
/** Degree sign, DMS or a hemisphere letter followed the number. */
let numMarked = false;
/** Minutes with seconds or a fraction followed the degree sign. */
let numFineDms = false;
/** The decimals end in 0 (85.5000: a number formatted to a width, not measured to it). */
let numPadded = false;

/** `°` (C2 B0) at `p`. */
function degreeAt(src: Uint8Array, p: number, ce: number): boolean {
  return p + 1 < ce && src[p] === 0xc2 && src[p + 1] === 0xb0;
}

/** Minute marks: ′ ' 分; second marks: ″ " 秒. Returns the mark's byte length or 0. */
function markAt(src: Uint8Array, p: number, ce: number, seconds: boolean): number {
  if (p >= ce) return 0;
  const b = src[p];
  if (b === (seconds ? 34 : 39)) return 1;
  if (p + 2 >= ce) return 0;
  if (b === 0xe2 && src[p + 1] === 0x80 && src[p + 2] === (seconds ? 0xb3 : 0xb2)) return 3;
  if (!seconds && b === 0xe5 && src[p + 1] === 0x88 && src[p + 2] === 0x86) return 3; // 分
  if (seconds && b === 0xe7 && src[p + 1] === 0xa7 && src[p + 2] === 0x92) return 3; // 秒
  return 0;
}

/**
 * Read `[-]ddd[.ddd][°[mm[.m]′[ss[.s]″]]][NSEW]` from the integer digits at [i, j). False when it is
 * no coordinate-shaped number: an integer part over 180, a dotted run (1.2.3, an IPv4), a number
 * glued to letters, or a temperature (37.25°C).
 */
function readNumber(src: Uint8Array, ce: number, i: number, j: number): boolean {
  if (j - i > 3) return false;
  let v = 0;
  for (let k = i; k < j; k++) v = v * 10 + src[k]! - 48;
  if (v > 180) return false;
  let p = j;
  let dec = 0;
  if (p < ce && src[p] === 46) {
    p++;
    while (p < ce && isDigit(src[p]!)) { p++; dec++; }
    if (dec === 0) return false;
    if (p + 1 < ce && src[p] === 46 && isDigit(src[p + 1]!)) return false;
  }
  let marked = false;
  let fine = false;
  const sign = degreeAt(src, p, ce);
  if (sign || (p + 2 < ce && src[p] === 0xe5 && src[p + 1] === 0xba && src[p + 2] === 0xa6)) {
    p += sign ? 2 : 3; // ° or 度
    marked = true;
    // 37.25°C, 98.6°F: a temperature.
    if (sign && p < ce && (src[p] === 67 || src[p] === 70)) return false;
    let q = p;
    while (q < ce && isDigit(src[q]!)) q++;
    if (q > p && q - p <= 2) {
      let frac = false;
      if (q + 1 < ce && src[q] === 46 && isDigit(src[q + 1]!)) { q++; while (q < ce && isDigit(src[q]!)) q++; frac = true; }
      const m = markAt(src, q, ce, false);
      if (m > 0) {
        p = q + m;
        fine = frac;
        let r = p;
        while (r < ce && isDigit(src[r]!)) r++;
        if (r > p && r - p <= 2) {
          if (r + 1 < ce && src[r] === 46 && isDigit(src[r + 1]!)) { r++; while (r < ce && isDigit(src[r]!)) r++; }
          const sm = markAt(src, r, ce, true);
          if (sm > 0) { p = r + sm; fine = true; }
        }
      }
    }
  }
  if (p < ce && isLetter(src[p]!)) {
    const h = src[p]! & 0xdf;
    // A hemisphere letter alone (31.23N, 121.47°E); any other letter is a unit (12.50kg) or a code.
    if ((h !== 78 && h !== 83 && h !== 69 && h !== 87) || (p + 1 < ce && isLetter(src[p + 1]!))) return false;
    p++;
    marked = true;
  } else if (p < ce && (isDigit(src[p]!) || src[p] === 37)) return false;
  numEnd = p;
  numInt = v;
  numDecimals = dec;
  numMarked = marked;
  numFineDms = fine;
  // Two zeros at the end: one is a measured digit as often as any other (40.897160).
  numPadded = dec > 1 && src[j + dec] === 48 && src[j + dec - 1] === 48;
  return true;
}

/** An upper-case N, S, E or W right before `i`, itself not after a letter or digit: a hemisphere written first. */
function hemisphereBefore(src: Uint8Array, cs: number, i: number): boolean {
  if (i - 1 < cs) return false;
  const h = src[i - 1]!;
  if (h !== 78 && h !== 83 && h !== 69 && h !== 87) return false;
  return !(i - 2 >= cs && (isLetter(src[i - 2]!) || isDigit(src[i - 2]!)));
}

/** A Han character other than 度 分 秒 right after a number: a unit (12.50米, 31.23万元), so no coordinate. */
function unitAfter(src: Uint8Array, p: number, ce: number): boolean {
  return p + 2 < ce && src[p]! >= 0xe4 && src[p]! <= 0xe9;
}

/**
 * The scanner met digits [i, j) of 1 to 3 characters followed by `.`, `°` or 度. Emits a
 * geo_coordinate hit and returns where scanning continues, or -1.
 */
export function tryCoordinate(st: ScanState, src: Uint8Array, cs: number, ce: number, i: number, j: number): number {
  // Part of a longer dotted number (1.121.4737) or glued to a letter, except a hemisphere letter
  // written first (N31°13′45.6″ E121°28′12.3″, as GPS receivers and surveys print it).
  const lead = hemisphereBefore(src, cs, i);
  if (i > cs && (src[i - 1] === 46 || (isLetter(src[i - 1]!) && !lead))) return -1;
  if (!readNumber(src, ce, i, j)) return -1;
  // A letter before a decimal is a code's as often (ICD-10 E11.900, S72.001): a hemisphere only
  // before degrees, or before 5 decimals or more (N31.230416, a receiver's fix).
  if (lead && src[j] === 46 && numDecimals < 5) return -1;
  if (lead) numMarked = true;
  if (numDecimals < 2 && !numMarked) return -1;
  const s = lead || (i > cs && (src[i - 1] === 45 || src[i - 1] === 43)) ? i - 1 : i;
  const e1 = numEnd, v1 = numInt, d1 = numDecimals, fine1 = numFineDms || numDecimals >= 2, padded1 = numPadded;
  const mode = st.coordMode;
  const labelled = numMarked || mode === COORD_SINGLE || mode === COORD_PAIR || coordLabelBefore(src, cs, s);
  // A second number after a separator (, ， ; / or spaces): a pair.
  let p = e1;
  let seps = 0;
  while (p < ce && seps < 4) {
    const b = src[p]!;
    if (b === 32 || b === 44 || b === 59 || b === 47 || b === 9) { p++; seps++; continue; }
    if (b === 0xef && src[p + 1] === 0xbc && (src[p + 2] === 0x8c || src[p + 2] === 0x9b)) { p += 3; seps++; continue; } // ， ；
    break;
  }
  if (seps > 0 && p < ce && (src[p] === 45 || src[p] === 43 || (p + 1 < ce && isDigit(src[p + 1]!) && hemisphereBefore(src, cs, p + 1)))) p++;
  let q = p;
  while (q < ce && isDigit(src[q]!) && q - p < 4) q++;
  if (seps > 0 && q > p && q - p <= 3 && readNumber(src, ce, p, q) && !unitAfter(src, numEnd, ce)) {
    const v2 = numInt, d2 = numDecimals, fine2 = numFineDms || numDecimals >= 2;
    const ranged = Math.min(v1, v2) <= 90;
    let pair = false;
    if (labelled || numMarked) pair = ranged && fine1 && fine2 && mode !== COORD_XY;
    // Bare, or under an x/y header: 4 decimals on both, not two small ratios (0.1234,0.5678), and
    // not both padded with zeros (得分 85.5000, 90.2500: a table's format, not a GPS fix).
    if (!pair) pair = ranged && d1 >= 4 && d2 >= 4 && Math.max(v1, v2) >= 10 && !(padded1 && numPadded);
    if (pair) {
      st.emit(T_GEO, s, numEnd, labelled ? 0.85 : 0.75);
      return numEnd;
    }
  }
  if (unitAfter(src, e1, ce)) return -1;
  const single = mode === COORD_XY ? d1 >= 4 : (labelled && mode !== COORD_PAIR) || numMarked || (mode === COORD_PAIR && coordLabelBefore(src, cs, s));
  if (single && fine1 && (mode !== COORD_XY || v1 <= 180)) {
    st.emit(T_GEO, s, e1, 0.8);
    return e1;
  }
  // A cell that is one bare decimal of 6 places or more, 10 to 180 degrees: what GPS devices and
  // phones export (a column of them under a name that tells nothing, 备用字段, col_7). Not a
  // binary float's artifact (36.900000000000006, 12.299999999999999).
  if (mode === COORD_NONE && s === cs && e1 === ce && d1 >= 6 && v1 >= 10 && !floatArtifact(src, j + 1, j + 1 + d1)) {
    st.emit(T_GEO, s, e1, 0.6);
    return e1;
  }
  return -1;
}

/** Decimals [a, b) holding a run of five 0s or five 9s: a float printed in full, not a measured position. */
function floatArtifact(src: Uint8Array, a: number, b: number): boolean {
  let run = 0;
  let last = -1;
  for (let k = a; k < b; k++) {
    const c = src[k]!;
    run = c === last && (c === 48 || c === 57) ? run + 1 : 1;
    last = c;
    if (run >= 5 && (c === 48 || c === 57)) return true;
  }
  return false;
}
