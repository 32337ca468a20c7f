import { MappedBytes } from './mapped-bytes.js';

/**
 * A phone read out and typed in words (一三八一二三四五六七八, 幺三八…, 壹叁捌…, 138一二三四5678): Han
 * digits are no digit token to the byte scanner. A run of digits that is too long for an ordinary
 * numeral (11 Han digits, or 7 digits mixing Han and ASCII) is folded to ASCII digits here and the
 * value scanned once more, so the phone detectors (with their own prefix and area-code checks)
 * judge it; hits map back to the Han bytes. Shorter runs (二〇二三年, 一二三四季度, 第一二三条) are left
 * as they are, so a year never reaches the phone detectors.
 */

/** Digit + 1 of each Han digit code point (〇零一…九, 幺 and 两, the financial 壹…玖), else 0. */
export const HAN_DIGIT = new Uint8Array(0x10000);
const SPELLINGS = ['〇零', '一幺壹', '二两贰', '三叁', '四肆', '五伍', '六陆', '七柒', '八捌', '九玖'];
SPELLINGS.forEach((chars, d) => { for (const ch of chars) HAN_DIGIT[ch.codePointAt(0)!] = d + 1; });

/** The digit (0-9) of a Han digit at `p` (3 UTF-8 bytes), or -1. */
function hanDigitAt(src: Uint8Array, p: number, end: number): number {
  const c = src[p]!;
  if (c < 0xe0 || c >= 0xf0 || p + 2 >= end) return -1;
  return HAN_DIGIT[((c & 0x0f) << 12) | ((src[p + 1]! & 0x3f) << 6) | (src[p + 2]! & 0x3f)]! - 1;
}

/** Fewest digits of a run that mixes Han and ASCII digits, and of a Han-only run, to be folded. */
const MIXED_RUN = 7;
export const HAN_RUN = 11;

export class HanDigitFolder extends MappedBytes {
  /**
   * Fold the long digit runs of `src[start, end)` (digits with single spaces or dashes between);
   * every other byte as it is. False when no run qualifies (nothing to scan again).
   */
  fold(src: Uint8Array, start: number, end: number): boolean {
    this.length = 0;
    // Is there a run to fold at all? Most values with a Han numeral (第一, 一般, 三条) have none,
    // and copying each of them byte by byte cost 11 % of a run's CPU (500,000 penalties rows).
    let any = false;
    for (let i = start; i < end;) {
      const last = this.measure(src, i, end);
      if (this.han + this.ascii === 0) { i++; continue; }
      if (this.qualifies()) { any = true; break; }
      i = last;
    }
    if (!any) return false;
    let i = start;
    while (i < end) {
      const last = this.measure(src, i, end);
      if (this.han + this.ascii === 0) { this.put(src[i]!, i); i++; continue; }
      const fold = this.qualifies();
      let k = i;
      while (k < last) {
        const d = fold ? hanDigitAt(src, k, last) : -1;
        if (d >= 0) { this.put(48 + d, k); k += 3; } else { this.put(src[k]!, k); k++; }
      }
      i = last;
    }
    this.from[this.length] = end;
    return true;
  }

  private han = 0;
  private ascii = 0;

  /** The digit run starting at `i` (Han and ASCII digits, one space or dash between two): its end; counts in `han`, `ascii`. */
  private measure(src: Uint8Array, i: number, end: number): number {
    let j = i;
    let last = i;
    this.han = 0;
    this.ascii = 0;
    for (;;) {
      const b = src[j];
      if (j < end && b! >= 48 && b! <= 57) { this.ascii++; j++; last = j; continue; }
      if (j < end && hanDigitAt(src, j, end) >= 0) { this.han++; j += 3; last = j; continue; }
      // One separator between two digits.
      if ((this.han + this.ascii) > 0 && j + 1 < end && (b === 32 || b === 45) && (isAsciiDigit(src[j + 1]!) || hanDigitAt(src, j + 1, end) >= 0)) { j++; continue; }
      return last;
    }
  }

  /** Whether the measured run is long enough to be folded. */
  private qualifies(): boolean {
    return this.han >= HAN_RUN || (this.han > 0 && this.ascii > 0 && this.han + this.ascii >= MIXED_RUN);
  }
}

/**
 * Whether the 3-byte character at `i` has an ASCII digit beside it, directly or past one space or
 * dash: a run that mixes Han and ASCII digits has one such character (the scanner's precheck).
 */
export function besideAsciiDigit(src: Uint8Array, start: number, end: number, i: number): boolean {
  const before = i - 1 >= start ? src[i - 1]! : -1;
  if (isAsciiDigit(before) || ((before === 32 || before === 45) && i - 2 >= start && isAsciiDigit(src[i - 2]!))) return true;
  const after = i + 3 < end ? src[i + 3]! : -1;
  return isAsciiDigit(after) || ((after === 32 || after === 45) && i + 4 < end && isAsciiDigit(src[i + 4]!));
}

function isAsciiDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}
