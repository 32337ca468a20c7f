import type { ScanState } from './scan-state.js';
import { T_PERSONAL_NUMBER } from './types.js';

/*
 * A number the text itself names as a person's own: 个人编号371632052786, 原社保卡N50336841已挂失,
 * 考生号：26370101000123. Each agency numbers its people its own way, so such numbers have no
 * shape or check digit to find them by; the label right before them says whose they are. Only
 * tokens no other detector claimed are tried (the scanner checks), and only ones that look like
 * a number: 7-20 letters and digits, at least 6 of them digits (医保卡号A123456, 社保卡号1234567:
 * 8 let a card's seven characters through, and after such a label they are nothing else).
 */

const enc = new TextEncoder();

/**
 * Labels indexed by their last character, so that finding one before a number costs one table
 * lookup per byte of the window, not one comparison per label and position: the label lists
 * grew to 50 and the engine labels to 9, and every unclaimed token of 7-20 characters (6 for an
 * engine number: English words too) looks for them.
 */
class LabelSet {
  /** Code point (a Han character, or an ASCII byte) → 1 when some label ends with it. */
  private readonly last = new Uint8Array(0x10000);
  private readonly byLast = new Map<number, Uint8Array[]>();

  constructor(words: readonly string[]) {
    for (const w of words) {
      const cp = w.codePointAt(w.length - 1)!;
      this.last[cp] = 1;
      const list = this.byLast.get(cp) ?? [];
      list.push(enc.encode(w));
      this.byLast.set(cp, list);
    }
  }

  /** True when a label ends exactly at byte `t` (and starts at or after `cs`). */
  endsAt(src: Uint8Array, cs: number, t: number): boolean {
    const b = src[t - 1]!;
    let cp: number;
    if (b < 0x80) cp = b;
    else if (t - 3 >= cs && src[t - 3]! >= 0xe0 && src[t - 3]! < 0xf0) cp = ((src[t - 3]! & 0x0f) << 12) | ((src[t - 2]! & 0x3f) << 6) | (b & 0x3f);
    else return false;
    if (this.last[cp] === 0) return false;
    outer: for (const w of this.byLast.get(cp)!) {
      const p = t - w.length;
      if (p < cs) continue;
      for (let k = 0; k < w.length - 1; k++) if (src[p + k] !== w[k]) continue outer;
      return true;
    }
    return false;
  }
}

/** Labels of a person's own number (an agency's, a card's, an examinee's, a patient's). */
const LABELS = new LabelSet([
  '个人编号', '人员编号', '参保编号', '参保号', '社保卡', '社会保障卡', '社会保障号', '社保号', '医保卡', '医保号', '医疗保险号',
  '考生号', '考号', '准考证', '学籍号', '学号', '病案号', '病历号', '门诊号', '住院号', '就诊卡', '档案号', '职工编号', '工号',
  // A reader's, a member's or a contributor's card (读者证号JY2023123456逾期, 会员卡HY0102345).
  '借阅证', '读者证', '借书证', '会员卡', '会员号', '会员编号', '公积金账号', '公积金号', '就诊号', '患者编号',
  // The same cards under the other names forms give them (医保编号：34684176732, 医疗保险卡号, 社保电脑号).
  '医保编号', '医疗保险卡', '医保账号', '社保编号', '社保电脑号',
  // An officer's, a soldier's or a policeman's card number, written bare (军官证号：2468417); the
  // 字第…号 form is serial-label.ts's.
  '军官证', '士兵证', '文职干部证', '警官证',
]);
/**
 * A property certificate's serial (鲁(2023)滨州市不动产权第0012345号, the national form since 2015):
 * the owner's key in the land register. Right after 不动产权第 a number of 5 digits or more is
 * nothing else, so it needs no 8 characters; the prefix (province, year, city) stays, as a place.
 */
const CERTIFICATE = enc.encode('不动产权第');
// 不动产权证第…号: forms and clerks add 证; the same certificate's serial.
const CERTIFICATE_ZHENG = enc.encode('不动产权证第');
const MIN_CERTIFICATE = 5;
/**
 * Labels that name one person's own number and nothing else (会员号10234, 借阅证号：20417, 工号 0815):
 * after them even 4-6 digits are that person's, since a small library, gym or school numbers its
 * people from 1. Not 考号 (参考号), 档案号 or a bare card word (医保卡余额1023元 names an amount):
 * each ends in 号 so the number follows directly, and only ShortGap may stand between.
 */
const SHORT_LABELS = [
  '会员号', '会员卡号', '会员编号', '学号', '工号', '员工编号', '职工编号', '借阅证号', '读者证号', '借书证号',
  '考生号', '准考证号', '病案号', '病历号', '门诊号', '住院号', '就诊号', '就诊卡号', '患者编号',
  '个人编号', '人员编号', '参保编号', '参保号', '社保卡号', '医保卡号',
].map((w) => enc.encode(w));
const MIN_SHORT = 4;
/** After a short number, a unit or 第 makes it a count, an amount or a date (学号2023年入学 is no number of his). */
const UNITS = new Set([...'元人名个次分年月日位件张条天岁万千百号届级班期'].map((c) => c.codePointAt(0)!));
/** At most this many bytes between the label and the number: 号码, a colon, 为, a space (号码： is 9). */
const GAP = 12;
const MIN_LABEL = 6;

/**
 * True when `src[s, e)` (an ASCII alphanumeric token with `letters` letters) follows a
 * person-number label: one ending at most GAP bytes before it, the nearest first.
 */
function labelBefore(src: Uint8Array, cs: number, s: number, labels: LabelSet): boolean {
  if (s - cs < MIN_LABEL) return false;
  for (let t = s; t >= s - GAP && t > cs; t--) {
    if (!labels.endsAt(src, cs, t)) continue;
    // Between the label and the number: only non-ASCII text (号码, ：, 为) or spaces and colons,
    // so 个人编号有误，请核对2025… does not reach a date or amount past a clause.
    for (let q = t; q < s; q++) {
      const b = src[q]!;
      if (b < 0x80 && b !== 32 && b !== 58 && b !== 35) return false;
      if (b === 0xef && src[q + 1] === 0xbc && src[q + 2] === 0x8c) return false; // ，
      if (b === 0xe3 && src[q + 1] === 0x80 && src[q + 2] === 0x82) return false; // 。
    }
    return true;
  }
  return false;
}

/**
 * An engine number (发动机号：4G15S1234567, 发动机号码 LFB479Q-12345678): stamped on the block and
 * printed on the registration beside the owner's name and ID, it finds the owner as a VIN does.
 * Makers write a type code, then a serial, sometimes joined by a dash; so after this label the
 * number may be two tokens joined by one dash, 6-24 characters in all, at least 5 of them digits.
 */
// Not 发动机型号: a model (4G15S) is shared by every car of the make.
// A bilingual registration or a foreigner's record writes it in English (Engine No.: 1NZ-X123456).
const ENGINE_LABELS = new LabelSet(['发动机号', '发动机编号', 'Engine No.', 'Engine No', 'ENGINE NO.', 'ENGINE NO', 'engine no.', 'Engine Number', 'Engine number']);
const MIN_ENGINE = 6;
const MAX_ENGINE = 24;

/**
 * Emits a labelled person's number starting at `src[s, e)` (an ASCII token) when it is one; returns
 * where the number ends (past `e` for an engine number joined by a dash), or `e`.
 */
export function labelledNumber(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number, letters: number): number {
  const L = e - s;
  if (letters === 0 && L >= MIN_CERTIFICATE && L <= 12) {
    let b = s; // 不动产权证第 0012345 号: a form's blank leaves spaces
    while (b > cs && src[b - 1] === 32) b--;
    if (endsWith(src, cs, b, CERTIFICATE) || endsWith(src, cs, b, CERTIFICATE_ZHENG)) {
      st.emit(T_PERSONAL_NUMBER, s, e, 0.8);
      return e;
    }
  }
  // Most tokens are short (a year, a count): the label is looked for only where a number could start.
  if (L <= MAX_ENGINE && (L >= MIN_ENGINE || src[e] === 45) && labelBefore(src, cs, s, ENGINE_LABELS)) {
    const m = engineEnd(src, ce, s, e);
    if (m > 0) { st.emit(T_PERSONAL_NUMBER, s, m, 0.8); return m; }
  }
  if (letters === 0 && L >= MIN_SHORT && L < 7) {
    if (shortLabelled(src, cs, ce, s, e)) st.emit(T_PERSONAL_NUMBER, s, e, 0.8);
    return e;
  }
  if (L < 7 || L > 20 || L - letters < 6) return e;
  if (labelBefore(src, cs, s, LABELS)) st.emit(T_PERSONAL_NUMBER, s, e, 0.8);
  return e;
}

/**
 * True when the 4-6 digits `src[s, e)` follow a SHORT_LABELS label with only spaces, `:`, `#`,
 * ：, 码 or 为 between, and no unit or decimal after (会员号10234 yes; 会员号10234元, 学号 2023年 no).
 */
function shortLabelled(src: Uint8Array, cs: number, ce: number, s: number, e: number): boolean {
  if (e < ce) {
    const a = src[e]!;
    if ((a === 46 || a === 44) && e + 1 < ce && src[e + 1]! >= 48 && src[e + 1]! <= 57) return false; // 10234.5, 10,234
    if (a === 37) return false; // %
    if (a >= 0xe0 && a < 0xf0 && e + 2 < ce) {
      const cp = ((a & 0x0f) << 12) | ((src[e + 1]! & 0x3f) << 6) | (src[e + 2]! & 0x3f);
      if (UNITS.has(cp)) return false;
    }
  }
  let p = s;
  for (;;) {
    // Walk back over the allowed gap, then the label must end right there.
    const b = src[p - 1];
    if (p > cs && (b === 32 || b === 58 || b === 35)) { p--; continue; }
    if (p - 3 >= cs && (at3(src, p - 3, 0xef, 0xbc, 0x9a) || at3(src, p - 3, 0xe7, 0xa0, 0x81) || at3(src, p - 3, 0xe4, 0xb8, 0xba))) { p -= 3; continue; } // ： 码 为
    break;
  }
  if (s - p > GAP) return false;
  for (const w of SHORT_LABELS) if (endsWith(src, cs, p, w)) return true;
  return false;
}

function at3(src: Uint8Array, p: number, a: number, b: number, c: number): boolean {
  return src[p] === a && src[p + 1] === b && src[p + 2] === c;
}

function isAlnumByte(b: number): boolean {
  return (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122);
}

/** End of an engine number whose first token is `src[s, e)` (one dash and a second token may follow), or -1. */
function engineEnd(src: Uint8Array, ce: number, s: number, e: number): number {
  let m = e;
  if (m + 1 < ce && src[m] === 45 && isAlnumByte(src[m + 1]!)) {
    m++;
    while (m < ce && isAlnumByte(src[m]!)) m++;
  }
  let digits = 0;
  for (let k = s; k < m; k++) if (src[k]! >= 48 && src[k]! <= 57) digits++;
  return m - s >= MIN_ENGINE && m - s <= MAX_ENGINE && digits >= 5 ? m : -1;
}

/**
 * A whole cell of a column headed 发动机号 or engine_no (header-modes.ts) that is an engine
 * number: one token, or two joined by a dash, as engineEnd reads after the label. Surrounding
 * spaces are allowed; a masked value (4G15S******) is not one.
 */
export function engineNumberCell(src: Uint8Array, s: number, e: number): boolean {
  while (s < e && src[s] === 32) s++;
  while (e > s && src[e - 1] === 32) e--;
  let j = s;
  while (j < e && isAlnumByte(src[j]!)) j++;
  return j > s && engineEnd(src, e, s, j) === e;
}

/** `src[.., s)` ends with `w` (within the cell, which starts at `cs`). */
function endsWith(src: Uint8Array, cs: number, s: number, w: Uint8Array): boolean {
  if (s - w.length < cs) return false;
  for (let k = 0; k < w.length; k++) if (src[s - w.length + k] !== w[k]) return false;
  return true;
}
