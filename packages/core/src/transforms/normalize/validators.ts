import { idChecksumOk, idShape, idBirth } from '../../kernels/id-number.js';
import { daysInMonth } from '../../kernels/civil-date.js';

/** An 18-character resident ID (GB 11643-1999): shape, calendar birth date, MOD 11-2 check character. */
export function validCnId(src: Uint8Array, s: number, e: number): boolean {
  if (idShape(src, s, e) !== 18 || !idChecksumOk(src, s)) return false;
  const b = idBirth(src, s, 18);
  const y = (b / 10000) | 0, m = ((b / 100) | 0) % 100, d = b % 100;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && y >= 1800;
}

// Value of each byte in the USCC alphabet 0-9 A-H J-N P-R T U W-Y (no I O S V Z), or -1.
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC.length; i++) USCC_VALUE[USCC.charCodeAt(i)] = i;
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (GB 32100-2015): 18 characters, digits in 3-8, mod-31 check character. */
export function validUscc(src: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = src[s + i]!;
    const v = c < 128 ? USCC_VALUE[c]! : -1;
    if (v < 0 || (i >= 2 && i < 8 && v > 9)) return false;
    sum += v * USCC_W[i]!;
  }
  let r = 31 - (sum % 31);
  if (r === 31) r = 0;
  return src[s + 17] === USCC.charCodeAt(r);
}
