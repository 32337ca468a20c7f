/**
 * Resident ID numbers (GB 11643-1999) on bytes: shape, birth date and check character; one copy
 * for generalize (age, region, sex), normalize's validators and fpe's ID format.
 */

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** S mod 11 → check character, as bytes ('1','0','X','9',...,'2'). */
const CHECK = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50];

/** 18 for a well-formed 18-character ID (17 digits + digit/X/x), 15 for a legacy all-digit ID, 0 otherwise. */
export function idShape(src: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 18) {
    for (let i = s; i < s + 17; i++) { const c = src[i]! - 48; if (c < 0 || c > 9) return 0; }
    const last = src[s + 17]!;
    return (last >= 48 && last <= 57) || last === 88 || last === 120 ? 18 : 0;
  }
  if (n === 15) {
    for (let i = s; i < e; i++) { const c = src[i]! - 48; if (c < 0 || c > 9) return 0; }
    return 15;
  }
  return 0;
}

/** The ISO 7064 MOD 11-2 check character (as an ASCII code) of the 17 digits at src[s, s+17). */
export function idCheckChar(src: Uint8Array, s: number): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (src[s + i]! - 48) * W[i]!;
  return CHECK[sum % 11]!;
}

/** ISO 7064 MOD 11-2 check of an 18-character ID whose shape was already checked. */
export function idChecksumOk(src: Uint8Array, s: number): boolean {
  const want = idCheckChar(src, s);
  const got = src[s + 17]!;
  return got === want || (want === 88 && got === 120);
}

/** Birth date packed as y*10000+m*100+d from an ID of the given shape (15 → 19YYMMDD); not validated. */
export function idBirth(src: Uint8Array, s: number, shape: number): number {
  let v = 0;
  if (shape === 18) {
    for (let i = s + 6; i < s + 14; i++) v = v * 10 + src[i]! - 48;
    return v;
  }
  for (let i = s + 6; i < s + 12; i++) v = v * 10 + src[i]! - 48;
  return 19000000 + v;
}

/** The sex digit: 17th character of an 18-char ID, 15th of a legacy one; odd = male. */
export function idSexDigit(src: Uint8Array, s: number, shape: number): number {
  return src[s + (shape === 18 ? 16 : 14)]! - 48;
}
