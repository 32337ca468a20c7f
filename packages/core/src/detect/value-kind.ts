/** Shape of one string value, decided from its bytes. */
export const K_INTEGER = 0;
export const K_DECIMAL = 1;
export const K_DATE = 2;
export const K_DATETIME = 3;
export const K_BOOLEAN = 4;
export const K_TEXT = 5;
export const KIND_NAMES = ['integer', 'decimal', 'date', 'datetime', 'boolean', 'text'] as const;
export type ValueKind = (typeof KIND_NAMES)[number];

function digitsRun(src: Uint8Array, p: number, e: number): number {
  let q = p;
  while (q < e && src[q]! >= 48 && src[q]! <= 57) q++;
  return q - p;
}

const enc = new TextEncoder();
const BOOLS = ['true', 'false', 'TRUE', 'FALSE', 'True', 'False', '是', '否', 'Y', 'N', 'y', 'n'].map((w) => enc.encode(w));
const NIAN = enc.encode('年');
const RI = enc.encode('日');

const YUE = enc.encode('月');
const at3 = (src: Uint8Array, q: number, w: Uint8Array): boolean => src[q] === w[0] && src[q + 1] === w[1] && src[q + 2] === w[2];
/** M月D日 at `q` (after 年), one or two digits each. */
function fullHanDate(src: Uint8Array, q: number, e: number): boolean {
  const m = digitsRun(src, q, e);
  if (m < 1 || m > 2 || !at3(src, q + m, YUE)) return false;
  const r = q + m + 3;
  const d = digitsRun(src, r, e);
  return d >= 1 && d <= 2 && r + d + 3 <= e && at3(src, r + d, RI);
}

/** HH:mm at `q` (spaces before it skipped). */
function atTime(src: Uint8Array, q: number, e: number): boolean {
  while (q < e && src[q] === 32) q++;
  const h = digitsRun(src, q, e);
  return (h === 1 || h === 2) && src[q + h] === 58 && digitsRun(src, q + h + 1, e) === 2;
}

/** 8 digits at `s` that read as a date YYYYMMDD of 1900-2099. */
export function compactDateAt(src: Uint8Array, s: number): boolean {
  const d = (k: number): number => src[s + k]! - 48;
  const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const m = d(4) * 10 + d(5);
  const day = d(6) * 10 + d(7);
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/** integer, decimal, date (2024-01-31, 2024/1/31, 2024年1月31日), datetime (also 20240131 08:30, 2024年1月31日 08:30), boolean or text. */
export function valueKind(src: Uint8Array, s: number, e: number): number {
  if (s === e) return K_TEXT;
  let p = s;
  if (src[p] === 45 || src[p] === 43) p++;
  const d = digitsRun(src, p, e);
  if (d > 0 && p + d === e) return K_INTEGER;
  // 20240802 06:39:42: a compact date with a time, as some exports write timestamps.
  if (p === s && d === 8 && (src[s + 8] === 32 || src[s + 8] === 84) && atTime(src, s + 9, e) && compactDateAt(src, s)) return K_DATETIME;
  if (d > 0 && src[p + d] === 46) {
    const f = digitsRun(src, p + d + 1, e);
    if (f > 0 && p + d + 1 + f === e) return K_DECIMAL;
  }
  if (p === s && d === 4) {
    const sep = src[s + 4]!;
    let q = s + 5;
    if (sep === 45 || sep === 47 || sep === 46) {
      const m = digitsRun(src, q, e);
      if (m >= 1 && m <= 2 && src[q + m] === sep) {
        q += m + 1;
        const dd = digitsRun(src, q, e);
        if (dd >= 1 && dd <= 2) {
          q += dd;
          if (q === e) return K_DATE;
          if ((src[q] === 32 || src[q] === 84) && digitsRun(src, q + 1, e) === 2 && src[q + 3] === 58) return K_DATETIME;
        }
      }
    } else if (src[s + 4] === NIAN[0] && src[s + 5] === NIAN[1] && src[s + 6] === NIAN[2]) {
      // A date is 年 M 月 D 日: 2025年第1季度, 2025年度 or 2024年3月 is a period no date cast reads
      // (a tax-arrears notice's 公告期 was drafted as a date cast, all nulls: the draft was refused).
      if (!fullHanDate(src, s + 7, e)) return K_TEXT;
      // 2024年1月8日 06:36:46 is a time of day as much as 2024-01-08 06:36:46 is.
      const day = src.indexOf(RI[2]!, s + 7);
      const t = day >= 0 && day < e && src[day - 1] === RI[1] && src[day - 2] === RI[0] ? day + 1 : -1;
      return t > 0 && t < e && src[t] === 32 && atTime(src, t + 1, e) ? K_DATETIME : K_DATE;
    }
  }
  for (const w of BOOLS) {
    if (w.length === e - s) {
      let k = 0;
      while (k < w.length && src[s + k] === w[k]) k++;
      if (k === w.length) return K_BOOLEAN;
    }
  }
  return K_TEXT;
}
