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

/** integer, decimal, date (2024-01-31, 2024/1/31, 2024年1月31日), datetime, boolean or text. */
export function valueKind(src: Uint8Array, s: number, e: number): number {
  if (s === e) return K_TEXT;
  let p = s;
  if (src[p] === 45 || src[p] === 43) p++;
  const d = digitsRun(src, p, e);
  if (d > 0 && p + d === e) return K_INTEGER;
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
      return K_DATE;
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
