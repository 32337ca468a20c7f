import { ScanState, isAlnum } from './scan-state.js';
import { CP_FLAGS, CP_PLATE_SUFFIX } from './tables.js';
import { T_CN_PLATE } from './types.js';

/**
 * Plate characters after the issuing letter: A-Z without I and O, and digits. Lower case is
 * accepted too (鲁m12345 is typed that way and still names the car).
 */
const PLATE_CH = new Uint8Array(128);
for (let c = 48; c <= 57; c++) PLATE_CH[c] = 1;
for (let c = 65; c <= 90; c++) if (c !== 73 && c !== 79) { PLATE_CH[c] = 1; PLATE_CH[c + 32] = 1; }

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/**
 * `src[i, i+3)` is a province abbreviation or 使. 7-character plates: letter + 5 plate chars (the
 * last may be 挂学警港澳领); 8-character new-energy plates: letter + [DF]x dddd or ddddd[DF].
 * Returns the end of the plate, or -1.
 */
export function tryPlate(st: ScanState, src: Uint8Array, ce: number, i: number): number {
  if (src[i] === 0xe4 && src[i + 1] === 0xbd && src[i + 2] === 0xbf) return embassyPlate(st, src, ce, i);
  // 粤 B12345: a form may set the province apart from the rest with one space (upper-case letter after it).
  const p = src[i + 3] === 32 && i + 4 < ce && src[i + 4]! >= 65 && src[i + 4]! <= 90 ? i + 4 : i + 3;
  const letter = src[p]!;
  if (letter >= 128 || PLATE_CH[letter] === 0 || letter < 65) return -1;
  // The registration shows 鲁A·12345: a middle dot, a bullet, a space or a hyphen may follow the
  // letter; the span keeps it.
  const sep = p + 2 >= ce ? 0 : src[p + 1] === 0xc2 && src[p + 2] === 0xb7 ? 2 : src[p + 1] === 0xe2 && src[p + 2] === 0x80 && src[p + 3] === 0xa2 ? 3 : src[p + 1] === 32 || src[p + 1] === 45 ? 1 : 0;
  const a = p + 1 + sep;
  let q = a;
  let digits = 0;
  while (q < ce && src[q]! < 128 && PLATE_CH[src[q]!] === 1) { if (isDigit(src[q]!)) digits++; q++; }
  const n = q - a;
  if (q < ce && isAlnum(src[q]!)) return -1;
  if (n === 5 && digits > 0) { st.emit(T_CN_PLATE, i, q, 0.9); return q; }
  if (n === 4 && q + 2 < ce && src[q]! >= 0xe0 && src[q]! < 0xf0) {
    const cp = ((src[q]! & 0x0f) << 12) | ((src[q + 1]! & 0x3f) << 6) | (src[q + 2]! & 0x3f);
    if ((CP_FLAGS[cp]! & CP_PLATE_SUFFIX) !== 0) { st.emit(T_CN_PLATE, i, q + 3, 0.85); return q + 3; }
    return -1;
  }
  if (n === 6) {
    const small = st.newEnergy[src[a]!] === 1 && isDigit(src[a + 2]!) && isDigit(src[a + 3]!) && isDigit(src[a + 4]!) && isDigit(src[a + 5]!);
    const large = digits >= 5 && isDigit(src[a]!) && isDigit(src[a + 4]!) && st.newEnergy[src[a + 5]!] === 1;
    if (small || large) { st.emit(T_CN_PLATE, i, q, 0.9); return q; }
  }
  return -1;
}

/**
 * An embassy's plate: 使 and six digits (the mission's three, then the car's), the two groups
 * sometimes apart by a middle dot or a space (使014·578). Nothing alphanumeric may follow.
 */
function embassyPlate(st: ScanState, src: Uint8Array, ce: number, i: number): number {
  let q = i + 3;
  let digits = 0;
  while (q < ce && digits < 6) {
    if (isDigit(src[q]!)) { digits++; q++; continue; }
    if (digits !== 3) break;
    if (src[q] === 0xc2 && src[q + 1] === 0xb7) q += 2;
    else if (src[q] === 32) q++;
    else break;
    if (q >= ce || !isDigit(src[q]!)) return -1;
  }
  if (digits !== 6 || (q < ce && isAlnum(src[q]!))) return -1;
  st.emit(T_CN_PLATE, i, q, 0.85);
  return q;
}
