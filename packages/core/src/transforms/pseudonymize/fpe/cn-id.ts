import { idCheckChar } from '../../../kernels/id-number.js';
import { civilFromDays, compactDomain, daysFromCivil, daysInMonth, digit, readDigits, writeDigits, type FpeClass, type FpeFormat } from './format.js';

/** Which part of the 6-digit region code is kept in the clear (and used as the FF1 tweak). */
export type KeepRegion = 'county' | 'province' | 'none';
/** How the birth date is mapped: over the whole 1800..2099 range, or within its year (the year kept). */
export type BirthDateMode = 'range' | 'keep-year';

/** Province codes accepted by GB 11643 validators (cn-identifiers.md section 1). */
export const ID_PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91];
const PROVINCE_INDEX = new Int8Array(100).fill(-1);
ID_PROVINCES.forEach((p, i) => (PROVINCE_INDEX[p] = i));

/** Birth dates map within 1800-01-01 .. 2099-12-31 (the centuries the ID regexes accept). */
export const ID_FIRST_YEAR = 1800;
export const ID_LAST_YEAR = 2099;
const DAY0 = daysFromCivil(ID_FIRST_YEAR, 1, 1);
export const ID_DAYS = daysFromCivil(ID_LAST_YEAR + 1, 1, 1) - DAY0;

export { idCheckChar };

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const domainOf = (limit: number): FpeClass => ({ ...compactDomain(limit), limit });

/**
 * Resident ID numbers (GB 11643-1999, 18 characters). Encrypted together as one number: the birth
 * date (a day number in 1800..2099, or the day of the year when the year is kept), the 3 sequence
 * digits, and the region digits that are not kept; kept region digits (and a kept year) are the
 * tweak. Output: a valid date, a recomputed check character. The sex digit (17th) is part of the
 * sequence and is not preserved.
 */
export function cnIdFormat(keepRegion: KeepRegion = 'county', birthDate: BirthDateMode = 'range'): FpeFormat {
  const kept = keepRegion === 'county' ? 6 : keepRegion === 'province' ? 2 : 0;
  const regions = keepRegion === 'county' ? 1 : keepRegion === 'province' ? 10_000 : ID_PROVINCES.length * 10_000;
  const keepYear = birthDate === 'keep-year';
  // Day-and-sequence span of each class: the whole range, or 365- and 366-day years.
  const spans = keepYear ? [365_000, 366_000] : [ID_DAYS * 1000];
  return {
    name: 'cn.id',
    tweakLength: kept + (keepYear ? 4 : 0),
    classes: spans.map((s) => domainOf(s * regions)),
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
      if (y < ID_FIRST_YEAR || y > ID_LAST_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
      const day = daysFromCivil(y, m, d) - (keepYear ? daysFromCivil(y, 1, 1) : DAY0);
      const cls = keepYear && isLeap(y) ? 1 : 0;
      const span = spans[cls]!;
      const daySeq = day * 1000 + readDigits(src, s + 14, 3);
      for (let i = 0; i < kept; i++) tweak[tOff + i] = src[s + i]!;
      if (keepYear) for (let i = 0; i < 4; i++) tweak[tOff + kept + i] = src[s + 6 + i]!;
      if (kept === 6) xs[k] = daySeq;
      else if (kept === 2) xs[k] = readDigits(src, s + 2, 4) * span + daySeq;
      else xs[k] = (prov * 10_000 + readDigits(src, s + 2, 4)) * span + daySeq;
      return cls;
    },
    render(src, s, _e, cls, x, out, at) {
      const span = spans[cls]!;
      for (let i = 0; i < kept; i++) out[at + i] = src[s + i]!;
      const daySeq = x % span;
      const region = (x - daySeq) / span;
      if (kept === 2) writeDigits(region, 4, out, at + 2);
      else if (kept === 0) {
        const rest = region % 10_000;
        writeDigits(ID_PROVINCES[(region - rest) / 10_000]!, 2, out, at);
        writeDigits(rest, 4, out, at + 2);
      }
      const seq = daySeq % 1000;
      const day = (daySeq - seq) / 1000;
      const first = keepYear ? daysFromCivil(readDigits(src, s + 6, 4), 1, 1) : DAY0;
      writeDigits(civilFromDays(first + day), 8, out, at + 6);
      writeDigits(seq, 3, out, at + 14);
      out[at + 17] = idCheckChar(out, at);
    },
  };
}
