import { civilFromDays, daysFromCivil, daysInMonth, digit, readDigits, writeDigits, type FpeFormat } from './format.js';

/** Which part of the 6-digit region code is kept in the clear (and used as the FF1 tweak). */
export type KeepRegion = 'county' | 'province' | 'none';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** S mod 11 → check character (ISO 7064 MOD 11-2), as ASCII codes. */
const CHECK = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50];
/** Province codes accepted by GB 11643 validators (cn-identifiers.md section 1). */
export const ID_PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91];
const PROVINCE_INDEX = new Int8Array(100).fill(-1);
ID_PROVINCES.forEach((p, i) => (PROVINCE_INDEX[p] = i));

/** Birth dates are mapped within 1900-01-01 .. 2099-12-31: 73,049 days. */
const DAY0 = daysFromCivil(1900, 1, 1);
export const ID_DAYS = daysFromCivil(2100, 1, 1) - DAY0;
/** Day and sequence (3 digits) as one number: day * 1000 + seq. */
const DAY_SEQ = ID_DAYS * 1000;

export function idCheckChar(src: Uint8Array, s: number): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (src[s + i]! - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Resident ID numbers (GB 11643-1999, 18 characters). The encrypted part is the birth date as a day
 * number within 1900..2099 together with the 3 sequence digits, plus the region digits that are not
 * kept; the output has a valid date in that range and a recomputed check character. The sex digit
 * (17th) is part of the sequence and is not preserved.
 */
export function cnIdFormat(keepRegion: KeepRegion = 'county'): FpeFormat {
  const kept = keepRegion === 'county' ? 6 : keepRegion === 'province' ? 2 : 0;
  const limit = keepRegion === 'county' ? DAY_SEQ : keepRegion === 'province' ? 10_000 * DAY_SEQ : ID_PROVINCES.length * 10_000 * DAY_SEQ;
  const n = keepRegion === 'county' ? 8 : keepRegion === 'province' ? 12 : 14;
  return {
    name: 'cn.id',
    tweakLength: kept,
    classes: [{ radix: 10, n, limit }],
    parse(src, s, e, tweak, tOff, xs, k) {
      if (e - s !== 18) return -1;
      for (let i = 0; i < 17; i++) if (digit(src[s + i]!) < 0) return -1;
      const last = src[s + 17]!;
      const check = idCheckChar(src, s);
      if (last !== check && !(check === 88 && last === 120)) return -1;
      const prov = PROVINCE_INDEX[(src[s]! - 48) * 10 + src[s + 1]! - 48]!;
      if (prov < 0) return -1;
      const y = readDigits(src, s + 6, 4);
      const m = readDigits(src, s + 10, 2);
      const d = readDigits(src, s + 12, 2);
      if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
      const daySeq = (daysFromCivil(y, m, d) - DAY0) * 1000 + readDigits(src, s + 14, 3);
      for (let i = 0; i < kept; i++) tweak[tOff + i] = src[s + i]!;
      if (kept === 6) xs[k] = daySeq;
      else if (kept === 2) xs[k] = readDigits(src, s + 2, 4) * DAY_SEQ + daySeq;
      else xs[k] = (prov * 10_000 + readDigits(src, s + 2, 4)) * DAY_SEQ + daySeq;
      return 0;
    },
    render(src, s, _e, _cls, x, out, at) {
      for (let i = 0; i < kept; i++) out[at + i] = src[s + i]!;
      const daySeq = x % DAY_SEQ;
      const region = (x - daySeq) / DAY_SEQ;
      if (kept === 2) writeDigits(region, 4, out, at + 2);
      else if (kept === 0) {
        const rest = region % 10_000;
        writeDigits(ID_PROVINCES[(region - rest) / 10_000]!, 2, out, at);
        writeDigits(rest, 4, out, at + 2);
      }
      const seq = daySeq % 1000;
      writeDigits(civilFromDays(DAY0 + (daySeq - seq) / 1000), 8, out, at + 6);
      writeDigits(seq, 3, out, at + 14);
      out[at + 17] = idCheckChar(out, at);
    },
  };
}
