import { ACLASS, ScanState } from './scan-state.js';
import { alphaToken, digitToken } from './numeric.js';
import { tryEmail, tryObfuscatedEmail } from './email.js';
import { tryIpv6, tryMac } from './ip.js';
import { tryPlate } from './plate.js';
import { maySpell, spacedRun } from './spaced.js';
import { engineNumberCell, labelledNumber } from './labelled-number.js';
import { addressAt, nameAfterContext, wholeCellName } from './cjk-bytes.js';
import { englishAddressAt, mayBeDoorWord, mayBeFloor } from './address-en.js';
import { compoundNameCell } from './compound-name.js';
import { isPersonLabel, isTitle, nameAfterLabel, nameAfterTitle } from './honorific-name.js';
import { CP_ADDR, CP_FLAGS, CP_IM, CP_NAME, CP_NAME_ONE, CP_NAME_PREV, CP_PLATE } from './tables.js';
import { T_ADDRESS, T_GEO, T_PERSONAL_NUMBER, T_PERSON_NAME, T_QQ, T_WECHAT } from './types.js';
import { tryCoordinate } from './geo.js';
import { IM_NONE, accountAfterLabel, asciiImLabel, gluedQq, hanImLabel, wholeCellAccount, wxidEnd } from './im.js';
import { tryPinyinName, wholeCellPinyin } from './pinyin-text.js';
import { detectOptionsSchema, type DetectOptionsInput } from './options.js';
import { EscapeDecoder } from './json-escape.js';
import type { MappedBytes } from './mapped-bytes.js';
import { internationalLandline, mixedLandline } from './landline-mixed.js';
import { intlPhone } from './intl-phone.js';
import { PercentDecoder, percentAt } from './url-escape.js';
import { jsonHanKeyValue } from './json-key.js';
import { FullWidthFolder, fullWidthLetterAt } from './full-width.js';
import { HAN_DIGIT, HAN_RUN, HanDigitFolder, besideAsciiDigit } from './han-digits.js';

/**
 * Scans one value's UTF-8 bytes in a single pass: ASCII alphanumeric tokens are classified by
 * shape (digit-run length, letters) and validated only then; 3-byte characters are looked up in a
 * flag table that spots plate provinces and the trigger characters of the name and address
 * detectors (the last character of a context word, a house-number 号), which then look around
 * the trigger in the bytes. Nothing is decoded to JS strings.
 * Hits land in `state.hits` as byte spans of `src`.
 */
export class ValueScanner {
  readonly state: ScanState;

  constructor(private readonly options: DetectOptionsInput = {}) {
    this.state = new ScanState(detectOptionsSchema.parse(options));
  }

  set nameColumn(v: boolean) {
    this.state.nameColumn = v;
  }

  /** Scan `src[start, end)`; returns the number of hits (see `state.hits`). */
  scan(src: Uint8Array, start: number, end: number): number {
    const st = this.state;
    st.hits.length = 0;
    if (st.nameColumn && st.wanted[T_PERSON_NAME] === 1 && (wholeCellName(src, start, end) || (src[start]! < 0x80 && wholeCellPinyin(src, start, end)))) {
      st.emit(T_PERSON_NAME, start, end, 0.9);
      return st.hits.length;
    }
    // 司马春燕 alone under any header (a map key, a dictionary value): compound-name.ts.
    if (st.wanted[T_PERSON_NAME] === 1 && (end - start === 9 || end - start === 12) && compoundNameCell(src, start, end)) {
      st.emit(T_PERSON_NAME, start, end, 0.8);
      return st.hits.length;
    }
    if (st.imMode !== IM_NONE && wholeCellAccount(st, src, start, end)) return st.hits.length;
    // A column headed 发动机号 (header-modes.ts): a whole cell that is an engine number (labelled-number.ts).
    if (st.engineMode && st.wanted[T_PERSONAL_NUMBER] === 1 && engineNumberCell(src, start, end)) {
      st.emit(T_PERSONAL_NUMBER, start, end, 0.8);
      return st.hits.length;
    }
    const wantName = st.wanted[T_PERSON_NAME] === 1;
    const wantAddr = st.wanted[T_ADDRESS] === 1;
    const wantGeo = st.wanted[T_GEO] === 1;
    const wantIm = st.wanted[T_QQ] === 1 || st.wanted[T_WECHAT] === 1;
    const wantPersonal = st.wanted[T_PERSONAL_NUMBER] === 1;
    // End of a separated digit run already found too short for any identifier (spaced.ts).
    let shortRunEnd = start;
    // A backslash: the value may hold JSON escapes (\u738b) the detectors cannot read as they are.
    let backslash = false;
    // A %XX escape: the value may be percent-encoded (a URL's query string, url-escape.ts).
    let percent = false;
    // A full-width letter: the value is folded to ASCII and scanned once more (full-width.ts).
    let wideLetter = false;
    // Han digits (一, 幺, 叁…): the value may hold a phone typed in words (han-digits.ts), which
    // needs 11 of them, or one beside an ASCII digit; a legal basis's 第九十九条 needs no second look.
    let hanDigits = 0;
    let mixedDigit = false;
    let i = start;
    while (i < end) {
      const c = src[i]!;
      if (c < 0x80) {
        const k = ACLASS[c]!;
        if (k === 0) {
          if (c === 92) backslash = true;
          // zhangwei(at)qq.com, zhangwei#163.com: an at-sign spelled out (email.ts).
          else if ((c === 40 || c === 91 || c === 35) && i > start) { const m = tryObfuscatedEmail(st, src, start, end, i); if (m > 0) { i = m; continue; } }
          else if (c === 37) { if (!percent && this.decodePercent && percentAt(src, i, end) >= 0) percent = true; }
          // +852 9123 4567, +1 415 555 0123: a phone with a country code other than 86 (intl-phone.ts).
          else if (c === 43 && wantPersonal && i + 9 < end && src[i + 1]! >= 49 && src[i + 1]! <= 57) { const m = intlPhone(st, src, start, end, i); if (m > 0) { i = m; continue; } }
          // The closing quote of a Chinese JSON key ("名称":"王秀英"): json-key.ts.
          else if (c === 34 && wantName && i > start && src[i - 1]! >= 0x80) { const m = jsonHanKeyValue(st, src, start, end, i); if (m > 0) { i = m; continue; } }
          i++;
          continue;
        }
        if (k === 4) { i = tryEmail(st, src, start, end, i, 1, i > start && src[i - 1] === 32); continue; }
        if (k === 5) {
          if (i + 1 < end && src[i + 1] === 58) { const m = tryIpv6(st, src, start, end, i); if (m > 0) { i = m; continue; } }
          i++;
          continue;
        }
        let j = i + 1;
        let letters = k === 1 ? 0 : 1;
        while (j < end) {
          const b = src[j]!;
          if (b >= 0x80) break;
          const kb = ACLASS[b]!;
          if (kb === 0 || kb > 3) break;
          if (kb !== 1) letters++;
          j++;
        }
        if (j < end && src[j] === 58) {
          const m = tryIpv6(st, src, start, end, i);
          if (m > 0) { i = m; continue; }
        }
        // Two or four hex characters before : - or .: a MAC address (ip.ts).
        if ((j - i === 2 || (j - i === 4 && src[j] === 46)) && j + 1 < end && (src[j] === 58 || src[j] === 45 || src[j] === 46) && wantPersonal) {
          const m = tryMac(st, src, start, end, i);
          if (m > 0) { i = m; continue; }
        }
        // 1-3 digits before `.`, `°` or 度: a coordinate's degrees (geo.ts); cheap bytes first.
        if (letters === 0 && wantGeo && j - i <= 3 && j + 1 < end && (src[j] === 46 || src[j] === 0xc2 || (src[j] === 0xe5 && src[j + 1] === 0xba && src[j + 2] === 0xa6))) {
          const m = tryCoordinate(st, src, start, end, i, j);
          if (m > 0) { i = m; continue; }
        }
        // N31°13′45.6″: a hemisphere letter before the degrees (geo.ts reads it with the number).
        if (letters === 1 && wantGeo && j - i >= 2 && j - i <= 4 && (src[i] === 78 || src[i] === 83 || src[i] === 69 || src[i] === 87) && j + 1 < end && (src[j] === 46 || src[j] === 0xc2)) {
          const m = tryCoordinate(st, src, start, end, i + 1, j);
          if (m > 0) { i = m; continue; }
        }
        // A letters-only word: an account label (QQ, VX, wechat, wxid_) or a capitalised pinyin name.
        if (letters === j - i && j - i <= 9) {
          const b0 = src[i]! | 0x20;
          // Rm 1203, Bldg 5, 88 Zhongshan Rd: a door word before a number (address-en.ts).
          if (wantAddr && j < end && (src[j] === 32 || src[j] === 46) && mayBeDoorWord(src, i, j)) {
            const m = englishAddressAt(st, src, start, end, i, j);
            if (m > 0) { i = m; continue; }
          }
          if (wantIm && (b0 === 113 || b0 === 118 || b0 === 119)) {
            if (b0 === 119 && j - i === 4) { const m = wxidEnd(src, end, i); if (m > 0) { st.emit(T_WECHAT, i, m, 0.95); i = m; continue; } }
            const kind = j - i <= 6 ? asciiImLabel(src, i, j) : IM_NONE;
            if (kind !== IM_NONE) { const m = accountAfterLabel(st, src, end, j, kind); if (m > 0) { i = m; continue; } }
          }
          // Mr. James Miller, Ms Olena Kovalenko: a name after an English title (honorific-name.ts).
          if (wantName && j - i <= 4 && j - i >= 2 && (src[j] === 46 || src[j] === 32) && isTitle(src, i, j)) {
            const m = nameAfterTitle(st, src, end, i, j);
            if (m > 0) { i = m; continue; }
          }
          // Applicant: Yuki Tanaka (honorific-name.ts).
          if (wantName && j - i >= 4 && src[j] === 58 && isPersonLabel(src, i, j)) {
            const m = nameAfterLabel(st, src, end, j);
            if (m > 0) { i = m; continue; }
          }
          if (wantName && j - i >= 2 && ACLASS[src[i]!] === 2) {
            const m = tryPinyinName(st, src, start, end, i, j);
            if (m > 0) { i = m; continue; }
          }
        }
        // 88 Zhongshan Rd, Rm 1203: a house number before a capitalised word; 12/F, Block B: a floor (address-en.ts).
        if (letters === 0 && wantAddr && j - i <= 4 && j + 1 < end && ((src[j] === 32 && src[j + 1]! >= 65 && src[j + 1]! <= 90) || mayBeFloor(src, j, end))) {
          const m = englishAddressAt(st, src, start, end, i, j);
          if (m > 0) { i = m; continue; }
        }
        // +86 10 6234 5678, 0086-543-3162345: a landline in the international form (landline-mixed.ts).
        if (letters === 0 && j < end && ((j - i === 2 && src[i] === 56 && src[i + 1] === 54 && i > start && src[i - 1] === 43) || (j - i === 4 && src[i] === 48 && src[i + 1] === 48 && src[i + 2] === 56 && src[i + 3] === 54))) {
          const m = internationalLandline(st, src, start, end, i, j);
          if (m > 0) { i = m; continue; }
        }
        // A digit token followed by a separator, a line break or a non-ASCII digit or check
        // character may be part of a spelled identifier (spaced.ts); a full 18-digit token is not.
        if (letters === 0 && j < end && j - i < 18 && i >= shortRunEnd && maySpell(src, i, j, end)) {
          const m = spacedRun(st, src, start, end, i);
          if (m > 0) { i = m; continue; }
          if (m < -1) shortRunEnd = -m - 2;
        }
        // QQ196876765: the label glued to the number (im.ts gluedQq).
        if (letters === 2 && wantIm && j - i >= 7 && j - i <= 13) { const m = gluedQq(st, src, end, i, j); if (m > 0) { i = m; continue; } }
        const found = st.hits.length;
        const next = letters === 0 ? digitToken(st, src, start, end, i, j) : alphaToken(st, src, start, end, i, j, letters);
        // A token no detector claimed may still be a person's number the text labels (labelled-number.ts).
        i = st.hits.length === found && next === j ? labelledNumber(st, src, start, end, i, j, letters) : next;
      } else if (c >= 0xe0 && c < 0xf0) {
        // Full-width digits (０-９ = EF BC 90-99): classify the run as if it were ASCII.
        if (c === 0xef && src[i + 1] === 0xbc && i + 2 < end) {
          const b2 = src[i + 2]!;
          if (b2 >= 0x90 && b2 <= 0x99) {
            const m = spacedRun(st, src, start, end, i);
            // A landline that goes on in ASCII digits or past a dash (０２１-6234５678, landline-mixed.ts).
            const x = m > 0 || b2 !== 0x90 ? -1 : mixedLandline(st, src, start, end, i);
            const found = st.hits.length;
            const from = i;
            i = m > 0 ? m : x > 0 ? x : this.fullWidthRun(src, end, i);
            // 6+ full-width digits no shape claimed may be a number only its wording marks
            // (军字第２４６８４１７６号, 台胞证号：１２４６８４１７): the run alone lost the label, so the
            // value is read once more folded to ASCII (scanFolded), as for a full-width letter.
            if (m <= 0 && x <= 0 && st.hits.length === found && i - from >= 18) wideLetter = true;
            continue;
          }
          if (b2 === 0xa0) { i = tryEmail(st, src, start, end, i, 3); continue; } // ＠
        }
        if (c === 0xef && !wideLetter && fullWidthLetterAt(src, i, end)) wideLetter = true;
        if (i + 2 < end) {
          const cp = ((c & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
          if (HAN_DIGIT[cp] !== 0) {
            hanDigits++;
            if (!mixedDigit && besideAsciiDigit(src, start, end, i)) mixedDigit = true;
          }
          const f = CP_FLAGS[cp]!;
          if (f !== 0) {
            if ((f & CP_PLATE) !== 0 && i + 3 < end) {
              const m = tryPlate(st, src, end, i);
              if (m > 0) { i = m; continue; }
            }
            if ((f & CP_NAME) !== 0 && wantName && ((f & CP_NAME_ONE) !== 0 || prevMayStartContext(src, start, i))) {
              nameAfterContext(st, src, start, end, i, cp);
            }
            if ((f & CP_IM) !== 0 && wantIm) {
              const kind = hanImLabel(src, start, i, cp);
              if (kind !== IM_NONE) { const m = accountAfterLabel(st, src, end, i + 3, kind); if (m > 0) { i = m; continue; } }
            }
            if ((f & CP_ADDR) !== 0 && wantAddr) {
              const m = addressAt(st, src, start, end, i);
              if (m > 0) { i = m; continue; }
            }
          }
        }
        i += 3;
      } else i++;
    }
    if (backslash) this.scanEscaped(src, start, end);
    if (percent) this.scanPercent(src, start, end);
    if (wideLetter) this.scanFolded(src, start, end);
    if (hanDigits >= HAN_RUN || mixedDigit) this.scanHanDigits(src, start, end);
    return st.hits.length;
  }

  private escapes: EscapeDecoder | null = null;
  private inner: ValueScanner | null = null;
  /**
   * The value decoded from its \uXXXX escapes, scanned once more (json-escape.ts). Not only hits
   * over escaped characters count: 电话 escaped before plain digits is the context that makes them
   * a mobile (\u7535\u8bdd14793285747); a hit the first pass found over the same bytes is not repeated.
   */
  private scanEscaped(src: Uint8Array, start: number, end: number): void {
    const dec = (this.escapes ??= new EscapeDecoder());
    if (!dec.decode(src, start, end)) return;
    this.rescan(dec, (this.inner ??= new ValueScanner(this.options)), false);
  }

  /** False in the scanner that reads a decoded value: %2540 is decoded once, not once per layer. */
  private decodePercent = true;
  private percents: PercentDecoder | null = null;
  private unescaped: ValueScanner | null = null;
  /**
   * The value decoded from its %XX escapes, scanned once more (url-escape.ts): ?email=zhangwei%40163.com,
   * ?tel=%2B8613812345678. A hit is added unless the first pass found one of its type over any of its bytes.
   */
  private scanPercent(src: Uint8Array, start: number, end: number): void {
    const dec = (this.percents ??= new PercentDecoder());
    if (!dec.decode(src, start, end)) return;
    if (this.unescaped === null) { this.unescaped = new ValueScanner(this.options); this.unescaped.decodePercent = false; }
    this.rescan(dec, this.unescaped, true);
  }

  private folder: FullWidthFolder | null = null;
  private folded: ValueScanner | null = null;
  /**
   * The value with its full-width letters and digits folded to ASCII, scanned once more
   * (full-width.ts): a hit is added unless the first pass found one of its type over any of its bytes.
   */
  private scanFolded(src: Uint8Array, start: number, end: number): void {
    const f = (this.folder ??= new FullWidthFolder());
    f.fold(src, start, end);
    this.rescan(f, (this.folded ??= new ValueScanner(this.options)), true);
  }

  private hanFolder: HanDigitFolder | null = null;
  private hanFolded: ValueScanner | null = null;
  /**
   * The value with its long runs of Han digits folded to ASCII, scanned once more (han-digits.ts);
   * only when a run qualifies, so ordinary numerals (二〇二三年, 第一二三条) cost one pass over the bytes.
   */
  private scanHanDigits(src: Uint8Array, start: number, end: number): void {
    const f = (this.hanFolder ??= new HanDigitFolder());
    if (!f.fold(src, start, end)) return;
    this.rescan(f, (this.hanFolded ??= new ValueScanner(this.options)), true);
  }

  /**
   * Scan a rewritten value with `inner` (in this column's modes) and add its hits mapped back to
   * the source bytes, skipping a hit of a type the first pass found over the same span
   * (`overlapping`: over any of its bytes).
   */
  private rescan(mapped: MappedBytes, inner: ValueScanner, overlapping: boolean): void {
    inner.state.nameColumn = this.state.nameColumn;
    inner.state.coordMode = this.state.coordMode;
    inner.state.imMode = this.state.imMode;
    inner.state.engineMode = this.state.engineMode;
    inner.state.idMode = this.state.idMode;
    const n = inner.scan(mapped.bytes, 0, mapped.length);
    const h = inner.state.hits;
    const own = this.state.hits;
    const first = own.length;
    outer: for (let k = 0; k < n; k++) {
      const s = mapped.from[h.start[k]!]!;
      const e = mapped.from[h.end[k]!]!;
      for (let j = 0; j < first; j++) {
        if (own.type[j] !== h.type[k]) continue;
        if (overlapping ? own.start[j]! < e && own.end[j]! > s : own.start[j] === s && own.end[j] === e) continue outer;
      }
      this.state.emit(h.type[k]!, s, e, h.conf[k]!);
    }
  }

  private readonly fw = new Uint8Array(64);
  /** Source byte offset of each translated character of `fw`, and of the run's end. */
  private readonly fwAt = new Int32Array(65);
  /**
   * A run of full-width digits (and Ｘ) at `i`: translate to ASCII, classify, map spans back. The
   * run goes on over one separator (- － space U+3000 ） )) when a full-width digit follows, so a
   * landline typed on a full-width keyboard (０５４３-６７３８１４４, （０５４３）６７３８１４４) is read as
   * its ASCII spelling is; spaced.ts reads such runs only for IDs and mobiles.
   */
  private fullWidthRun(src: Uint8Array, end: number, i: number): number {
    const fw = this.fw;
    const at = this.fwAt;
    let n = 0;
    let p = i;
    while (p + 2 < end && n < fw.length) {
      if (src[p] !== 0xef) {
        // One ASCII separator between full-width digits.
        const b = src[p]!;
        if (n > 0 && (b === 0x2d || b === 0x20 || b === 0x29) && fullWidthDigitAt(src, p + 1, end)) { at[n] = p; fw[n++] = b; p += 1; continue; }
        if (n > 0 && b === 0xe3 && src[p + 1] === 0x80 && src[p + 2] === 0x80 && fullWidthDigitAt(src, p + 3, end)) { at[n] = p; fw[n++] = 0x20; p += 3; continue; }
        break;
      }
      const b1 = src[p + 1]!;
      const b2 = src[p + 2]!;
      at[n] = p;
      if (b1 === 0xbc && b2 >= 0x90 && b2 <= 0x99) fw[n++] = b2 - 0x60;
      else if (b1 === 0xbc && b2 === 0xb8) fw[n++] = 88; // Ｘ
      else if (b1 === 0xbd && b2 === 0x98) fw[n++] = 120; // ｘ
      else if (n > 0 && b1 === 0xbc && (b2 === 0x8d || b2 === 0x89) && fullWidthDigitAt(src, p + 3, end)) fw[n++] = b2 === 0x8d ? 0x2d : 0x29; // － ）
      else break;
      p += 3;
    }
    if (n === fw.length) {
      // Longer than any identifier: skip the whole run so its tail is not read as a number.
      while (p + 2 < end && src[p] === 0xef && src[p + 1] === 0xbc && src[p + 2]! >= 0x90 && src[p + 2]! <= 0x99) p += 3;
      return p;
    }
    at[n] = p;
    const st = this.state;
    const h = st.hits;
    const before = h.length;
    // Each token between separators is classified as the ASCII scan would; a landline's area code
    // reads on over its separator (numeric.ts landlineSeparated) and returns past the number.
    let k = 0;
    while (k < n) {
      let e = k;
      let letters = 0;
      while (e < n && fw[e]! >= 48) { if (fw[e]! > 57) letters++; e++; }
      if (e === k) { k++; continue; }
      const m = letters === 0 ? digitToken(st, fw, 0, n, k, e) : alphaToken(st, fw, 0, n, k, e, letters);
      k = Math.max(m, e);
    }
    for (let x = before; x < h.length; x++) {
      h.start[x] = at[h.start[x]!]!;
      h.end[x] = at[h.end[x]!]!;
    }
    return p;
  }
}

/** A full-width digit (EF BC 90-99) at `p`. */
function fullWidthDigitAt(src: Uint8Array, p: number, end: number): boolean {
  return p + 2 < end && src[p] === 0xef && src[p + 1] === 0xbc && src[p + 2]! >= 0x90 && src[p + 2]! <= 0x99;
}

/** The 3-byte character before `i` is the second-to-last character of some context word. */
function prevMayStartContext(src: Uint8Array, start: number, i: number): boolean {
  if (i - 3 < start) return false;
  const b = src[i - 3]!;
  if (b < 0xe0 || b >= 0xf0) return false;
  const cp = ((b & 0x0f) << 12) | ((src[i - 2]! & 0x3f) << 6) | (src[i - 1]! & 0x3f);
  return (CP_FLAGS[cp]! & CP_NAME_PREV) !== 0;
}

/** Code-point index of byte `offset` within `src[start, ...)`. */
export function codePointIndex(src: Uint8Array, start: number, offset: number): number {
  let n = 0;
  for (let k = start; k < offset; k++) if ((src[k]! & 0xc0) !== 0x80) n++;
  return n;
}
