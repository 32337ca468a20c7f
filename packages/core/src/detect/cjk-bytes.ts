import { ScanState } from './scan-state.js';
import {
  AMBIGUOUS_SET, COMPOUND_SURNAMES, GIVEN_SET, SURNAME_WORDS, KIN_SET, NAME_BEFORE_REPORT, NAME_BEFORE_REPORT_ONE, NAME_LEAD_INS, NAME_BEFORE_VERB, NAME_CONTEXT, NAME_CONTEXT_KIN, NAME_CONTEXT_WEAK, NAME_FOLLOW, NAME_HONORIFIC, NAME_BEFORE_SHOP, NAME_FORMS_OF_ADDRESS, NAME_CONTEXT_ROLE,
  NAME_VERBS, NOT_LAST_SET, PRONOUN_SET, FIRM_FORMS, FIRM_TRADES, NAME_WORD_END, STOP_SET, SURNAME_SET, SHOP_PAIR_SURNAMES, SHOP_PAIR_GIVEN, SHOP_BRAND_CHARS, SURNAME_PAIR_WORDS, NAME_APPOSITION_END,
  NAME_BEFORE_COMPANION, NAME_AFTER_JIANG,
} from './tables.js';
import { minorityNameEnd, minorityNameStart } from './minority-name.js';
import { T_ADDRESS, T_PERSON_NAME } from './types.js';
import { pinyinAfterContext } from './pinyin-text.js';

/*
 * Name and address detectors over UTF-8 bytes, called from the byte scanner when it meets a
 * trigger character; no decoding to JS strings. Han characters are 3 bytes (U+4E00-U+9FFF).
 */

/** Code point of the 3-byte character at `i`, or -1. */
function cp3(src: Uint8Array, i: number, end: number): number {
  const b = src[i]!;
  if (b < 0xe0 || b >= 0xf0 || i + 2 >= end) return -1;
  return ((b & 0x0f) << 12) | ((src[i + 1]! & 0x3f) << 6) | (src[i + 2]! & 0x3f);
}

/** Code point of the 3-byte character ending just before `i`, or -1. */
function cp3Before(src: Uint8Array, start: number, i: number): number {
  if (i - 3 < start) return -1;
  const b = src[i - 3]!;
  if (b < 0xe0 || b >= 0xf0) return -1;
  return ((b & 0x0f) << 12) | ((src[i - 2]! & 0x3f) << 6) | (src[i - 1]! & 0x3f);
}

function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/**
 * Byte width of a Han character that may end a given name at `q`: 3 for the basic block and
 * Extension A (刘䶮), 4 for Extensions B-F (王𠮷, written in four bytes); 0 for anything else.
 * Names use such characters, and GB18030 extracts carry them.
 */
function givenWidth(src: Uint8Array, q: number, end: number): number {
  const b = src[q]!;
  if (b === 0xf0 && q + 3 < end) {
    const c = ((src[q + 1]! & 0x3f) << 12) | ((src[q + 2]! & 0x3f) << 6) | (src[q + 3]! & 0x3f);
    return c >= 0x20000 && c <= 0x2ffff ? 4 : 0;
  }
  const c = cp3(src, q, end);
  return isHan(c) || (c >= 0x3400 && c <= 0x4dbf) ? 3 : 0;
}

/** Byte offset after `n` given-name characters starting at `q` (each 3 or 4 bytes: givenWidth). */
function afterGiven(src: Uint8Array, q: number, n: number, end: number): number {
  for (let k = 0; k < n; k++) q += givenWidth(src, q, end) || 3;
  return q;
}

/** `table` is set for the 3-byte character at `i` (never indexes a table with -1). */
function flagAt(table: Uint8Array, src: Uint8Array, i: number, end: number): boolean {
  const c = cp3(src, i, end);
  return c >= 0 && table[c] === 1;
}

const enc = new TextEncoder();

/**
 * Words (UTF-8) keyed by the code point of their last (or first) character, each with a kind.
 * A slot table indexed by code point rather than a Map: the trigger characters (人, 子, 公, 经 …)
 * are frequent in agency text, and this lookup runs at each of them.
 */
class WordTable {
  readonly slot = new Uint16Array(65536);
  readonly words: Uint8Array[][] = [[]];
  readonly kinds: number[][] = [[]];
  constructor(groups: readonly (readonly string[])[], last: boolean) {
    groups.forEach((list, g) => {
      for (const w of list) {
        const k = w.charCodeAt(last ? w.length - 1 : 0);
        let sl = this.slot[k]!;
        if (sl === 0) { sl = this.words.length; this.slot[k] = sl; this.words.push([]); this.kinds.push([]); }
        this.words[sl]!.push(enc.encode(w));
        this.kinds[sl]!.push(g + 1);
      }
    });
  }

  /** Kind (group index + 1) of the first word of slot `cp` that ends at byte `end`, or 0. */
  endingAt(src: Uint8Array, start: number, end: number, cp: number): number {
    const sl = this.slot[cp]!;
    if (sl === 0) return 0;
    const words = this.words[sl]!;
    for (let n = 0; n < words.length; n++) {
      const w = words[n]!;
      const s = end - w.length;
      if (s < start) continue;
      let k = 0;
      while (k < w.length && src[s + k] === w[k]) k++;
      if (k === w.length) return this.kinds[sl]![n]!;
    }
    return 0;
  }

  /** Smallest kind of the words of slot `cp` that start at byte `p`, or 0. */
  startingAt(src: Uint8Array, p: number, end: number, cp: number): number {
    const sl = this.slot[cp]!;
    if (sl === 0) return 0;
    const words = this.words[sl]!;
    let best = 0;
    for (let n = 0; n < words.length; n++) {
      const w = words[n]!;
      if (p + w.length > end) continue;
      let k = 0;
      while (k < w.length && src[p + k] === w[k]) k++;
      const kind = this.kinds[sl]![n]!;
      if (k === w.length && (best === 0 || kind < best)) best = kind;
    }
    return best;
  }
}

/** Context words by last character: 1 strong (当事人), 2 a relative (家属, 奶奶), 3 weak (患者), 4 a marker before a verb (由, 经). */
const CONTEXTS = new WordTable([NAME_CONTEXT, NAME_CONTEXT_KIN, NAME_CONTEXT_WEAK, NAME_BEFORE_VERB, NAME_HONORIFIC, NAME_BEFORE_SHOP, NAME_CONTEXT_ROLE], true);
const STRONG = 1;
const KIN = 2;
const WEAK = 3;
const MARKER = 4;
const HONORIFIC = 5;
const SHOP = 6;
/** A role noun (乘客, 司机): weak, and the name needs a common given character (NAME_CONTEXT_ROLE). */
const ROLE = 7;
/** Relatives by first character: 奶奶和爷爷陪同 has a kin word where a given name would be. */
const KIN_WORDS = new WordTable([NAME_CONTEXT_KIN], false);
/** Verbs a name opens a clause before, by last character: 1 two characters (来电, 反映), 2 one (在, 于). */
const REPORTS = new WordTable([NAME_BEFORE_REPORT, NAME_BEFORE_REPORT_ONE], true);
/** Words after a partner's name, by last character (与X结对, 和X一起): nameBeforeCompanion. */
const COMPANIONS = new WordTable([NAME_BEFORE_COMPANION], true);
const COMPANION_END = new Uint8Array(65536);
for (const w of NAME_BEFORE_COMPANION) COMPANION_END[w.charCodeAt(w.length - 1)] = 1;
/** Words that may come right before such a name, by last character (经核实张伟来电). */
const LEAD_INS = new WordTable([NAME_LEAD_INS], true);
/** Forms of address after a surname (张先生, 王阿姨), by last character. */
const FORMS = new WordTable([NAME_FORMS_OF_ADDRESS], true);
/** Words after a name by first character: 1 a verb (驾驶, 签字), 2 another following word (外出, 长期). */
const FOLLOWING = new WordTable([NAME_VERBS, NAME_FOLLOW], false);

/** True when a word of NAME_VERBS or NAME_FOLLOW (only NAME_VERBS when `strict`) starts at byte `p`. */
function verbAt(src: Uint8Array, p: number, end: number, strict = false): boolean {
  const c = cp3(src, p, end);
  if (c < 0) return false;
  const kind = FOLLOWING.startingAt(src, p, end, c);
  return kind !== 0 && (!strict || kind === 1);
}

/**
 * Given-name characters after a surname at `p` (of `sl` characters): 1 or 2, or 0 when none fit.
 * A verb (陪同, 签字) ends the name; after a surname that is also a common word (于, 高, 全) the
 * first given character must be a common given-name character, so 患者于今日 is not a name.
 */
function givenLength(src: Uint8Array, p: number, sl: number, end: number): number {
  let q = p + sl * 3;
  let given = 0;
  const ambiguous = sl === 1 && AMBIGUOUS_SET[cp3(src, p, end)] === 1;
  if (sl === 1 && surnameWordAt(src, p, end)) return 0;
  while (given < 2) {
    // A following word right after the surname (房东曾投诉称, 学生曾声称): no given name at all.
    if (verbAt(src, q, end)) break;
    const w = givenWidth(src, q, end);
    if (w === 0) break;
    // A 4-byte character (Extension B-F) is in no table: a given-name character, never a stop.
    const c = w === 3 ? cp3(src, q, end) : -1;
    if (w === 3 && STOP_SET[c] === 1) break;
    if (given === 0 && c === MOU) return 0;
    if (given === 0 && ambiguous && w === 3 && GIVEN_SET[c] === 0) return givenBeforeVerb(src, q, end);
    given++;
    q += w;
  }
  return given;
}

/** 1 or 2 given characters at `q` that a following word confirms (于晋鹏陪同), else 0. */
function givenBeforeVerb(src: Uint8Array, q: number, end: number): number {
  // 奶奶和爷爷代为接送, 向他确认: a preposition before a relative or a pronoun, not a name.
  const b = cp3(src, q, end);
  if (b < 0 || PRONOUN_SET[b] === 1 || KIN_SET[b] === 1 || KIN_WORDS.startingAt(src, q, end, b) !== 0) return 0;
  // The last given character not one that ends roles and places: 业主向物业反映 names no 向物业.
  if (verbAt(src, q + 3, end)) return NOT_LAST_SET[b] === 1 ? 0 : 1;
  const c = cp3(src, q + 3, end);
  // Nor a person's noun after a preposition-like surname (房东向房东来电, 向社区): 东 户 民 友 ….
  if (isHan(c) && STOP_SET[c] === 0 && NOT_LAST_SET[c] === 0 && APPOSITION_END[c] !== 1 && verbAt(src, q + 6, end)) return 2;
  return 0;
}

/**
 * Compound surnames as small-integer keys of their two Han characters (a key above 2^30 would be
 * a heap number, allocated at each lookup), looked up only after a possible first character.
 */
const hanPair = (a: number, b: number): number => (a - 0x4e00) * 0x5200 + (b - 0x4e00);
const COMPOUND = new Set(COMPOUND_SURNAMES.map((s) => hanPair(s.charCodeAt(0), s.charCodeAt(1))));
const COMPOUND_FIRST = new Uint8Array(65536);
for (const s of COMPOUND_SURNAMES) COMPOUND_FIRST[s.charCodeAt(0)] = 1;
const MOU = 0x67d0; // 某: 张某, 李某某 are already pseudonymised
const MI = 0x7c73; // 米, a surname and the metre
const ZHOU = 0x5468; // 周, a surname and the week
const WEEKDAY = new Uint8Array(65536);
for (const c of '一二三四五六日天末') WEEKDAY[c.charCodeAt(0)] = 1;
const COMPOUND_SECOND = new Uint8Array(65536);
for (const s of COMPOUND_SURNAMES) COMPOUND_SECOND[s.charCodeAt(1)] = 1;
/** Compound surnames that are words or places too (东方红, 西门口, 百里香, 时钟离开): read in text only after a context word. */
const COMPOUND_WORDS = new Set(['东方', '西门', '南宫', '百里', '长孙', '公孙', '太史', '闻人', '钟离'].map((w) => hanPair(w.charCodeAt(0), w.charCodeAt(1))));
const SI = 0x53f8; // 司: 公司马上 is no 司马

/**
 * A compound surname and one or two given characters anywhere in text (上官婉儿于3月5日来电, 经查欧阳娜娜多次投诉):
 * a compound surname rarely starts anything else. Two given characters, one of them common, or one
 * common; the name ends at a boundary (nameBoundary: the cell's end, punctuation, a stop character
 * or a following word). Not the compound surnames that are words (COMPOUND_WORDS), nor 司马 after 公.
 */
function compoundNameInText(st: ScanState, src: Uint8Array, start: number, end: number, s: number, second: number): void {
  const first = cp3(src, s, end);
  if (first < 0 || COMPOUND_FIRST[first] !== 1 || !COMPOUND.has(hanPair(first, second)) || COMPOUND_WORDS.has(hanPair(first, second))) return;
  if (first === SI && cp3Before(src, start, s) === 0x516c) return;
  const hits = st.hits;
  if (hits.length > 0 && hits.type[hits.length - 1] === T_PERSON_NAME && hits.end[hits.length - 1]! > s) return;
  const p = s + 6;
  for (let g = 2; g >= 1; g--) {
    const q = p + g * 3;
    let common = 0;
    let ok = true;
    for (let k = p; k < q; k += 3) {
      const c = cp3(src, k, end);
      if (!isHan(c) || STOP_SET[c] === 1 || PRONOUN_SET[c] === 1 || c === MOU || (k > p && verbAt(src, k, end))) ok = false;
      if (GIVEN_SET[c] === 1) common++;
    }
    if (!ok || common === 0 || !nameBoundary(src, q, end, q - 3)) continue;
    st.emit(T_PERSON_NAME, s, q, 0.8);
    return;
  }
}

/** Surname + next character of SURNAME_WORDS (高血压, 常年, 马上): an ordinary word, not a name. */
const SURNAME_WORD = new Set(SURNAME_WORDS.map((w) => hanPair(w.charCodeAt(0), w.charCodeAt(1))));
function surnameWordAt(src: Uint8Array, p: number, end: number): boolean {
  const a = cp3(src, p, end);
  const b = cp3(src, p + 3, end);
  return isHan(a) && isHan(b) && SURNAME_WORD.has(hanPair(a, b));
}

/** Surname length in characters at byte `i` (2 compound, 1 single, 0 none). */
function surnameAt(src: Uint8Array, i: number, end: number): number {
  const a = cp3(src, i, end);
  if (a < 0) return 0;
  const b = cp3(src, i + 3, end);
  if (COMPOUND_FIRST[a] === 1 && isHan(b) && COMPOUND.has(hanPair(a, b))) return 2;
  return SURNAME_SET[a] === 1 ? 1 : 0;
}

/**
 * `src[i, i+3)` is the last character of a possible context word (当事人, 联系人, 姓名 ...).
 * When a context word ends here, read a surname and one or two given-name characters after it.
 */
export function nameAfterContext(st: ScanState, src: Uint8Array, start: number, end: number, i: number, cp: number): void {
  const after = i + 3;
  // 阳, 门, 文, 马 … end no context word: only a compound surname's pair is looked for (a Set lookup).
  if (NAME_WORD_END[cp] !== 1) { if (COMPOUND_SECOND[cp] === 1) compoundNameInText(st, src, start, end, i - 3, cp); return; }
  const report = REPORTS.endingAt(src, start, after, cp);
  if (report !== 0) nameBeforeReport(st, src, start, end, report === 1 ? after - 6 : after - 3, report === 2);
  if (COMPANION_END[cp] === 1 && COMPANIONS.endingAt(src, start, after, cp) !== 0) nameBeforeCompanion(st, src, start, end, after - 6);
  if (COMPOUND_SECOND[cp] === 1) compoundNameInText(st, src, start, end, i - 3, cp);
  if (cp === DUN || cp === PAREN) {
    nameOpensCell(st, src, start, end, i, cp === DUN);
    if (cp === PAREN) nameBeforeIdLabel(st, src, start, end, i);
    return;
  }
  if (cp === XIAO || cp === LAO) surnameDiminutive(st, src, end, i);
  if (FIRM_END[cp] === 1) nameBeforeFirm(st, src, start, end, after);
  let kind = CONTEXTS.endingAt(src, start, after, cp);
  if (FORMS.endingAt(src, start, after, cp) !== 0) {
    if (kind === HONORIFIC) nameBeforeHonorific(st, src, start, end, after - 6);
    surnameForm(st, src, start, end, after - 6);
    // 同学 is a form after a name (关琮同学获…) and a role before one (同学王磊缺考): both are read.
    if (cp === XUE) kind = ROLE;
    else if (kind !== KIN) return;
  }
  if (kind === 0) return;
  if (kind === MARKER) { if (cp === JIANG) nameTakenAway(st, src, end, after); else nameBeforeVerb(st, src, end, after); return; }
  // 王烨华的父亲…: the name that opens the cell, then the relative after the kin word as below.
  if (kind === KIN && cp3Before(src, start, after - 6) === DE) nameOpensCell(st, src, start, end, after - 9, false);
  if (kind === SHOP) { nameBeforeShop(st, src, start, end, after); return; }
  const weak = kind === WEAK || kind === KIN || kind === ROLE;
  let p = after;
  // Separators: ： : space, ideographic space, 为, 是, and the quotes of a JSON key ("姓名":"王明")
  for (;;) {
    if (p < end && (src[p] === 58 || src[p] === 32 || src[p] === 34)) { p++; continue; }
    const c = cp3(src, p, end);
    if (c === 0xff1a || c === 0x3000 || c === 0x4e3a || c === 0x662f) { p += 3; continue; }
    break;
  }
  // 联系人 Wang Xiaoming, 家属：Xiaoming Wang: a pinyin name after the context word (pinyin-text.ts).
  if (p < end && src[p]! >= 65 && src[p]! <= 90) { pinyinAfterContext(st, src, start, end, p); return; }
  const dotted = dottedNameEnd(src, p, end);
  let q = dotted;
  if (q < 0) {
    // 其父母, 其子女: a kin word, not a name.
    if (weak && p === after && flagAt(KIN_SET, src, p, end)) return;
    // A Tibetan, Mongolian or Uyghur name of whole parts up to a boundary (联系人扎西多吉, 户主斯琴高娃:
    // 斯 and 阿 are surnames too, so before the surname is read).
    const m = minorityNameEnd(src, p, end, nameEndsAt);
    if (m > 0) { st.emit(T_PERSON_NAME, p, m, 0.8); return; }
    const sl = surnameAt(src, p, end);
    if (sl === 0) return;
    let given = givenLength(src, p, sl, end);
    // After a weak context the name must end at a boundary (患者安静入睡 is no name).
    if (weak) while (given > 0 && !nameBoundary(src, afterGiven(src, p + sl * 3, given, end), end, afterGiven(src, p + sl * 3, given - 1, end))) given--;
    // A surname that is also a common word with a rare given name (奶奶高癸霖已签): only right
    // after a relative or a strong context word, and only up to a clear boundary.
    // After a weak context too (信访人高绍齐（…）, 学生任弈因病): rareGivenAfterKin wants a clear end.
    if (given === 0 && sl === 1 && (kind === STRONG || kind === WEAK || (kind === KIN && p === after))) given = rareGivenAfterKin(src, p, end);
    if (given === 0 && sl === 1) {
      // 张　伟, 王  芳: a two-character name padded to the width of three, as old systems print them.
      const padded = paddedGivenEnd(src, p + 3, end);
      if (padded > 0) { st.emit(T_PERSON_NAME, p, padded, 0.8); return; }
    }
    if (given === 0) return;
    // 周一 … 周日, 周末 alone are days (工作人员周一称); 周一鸣, 周一全 are names.
    if (given === 1 && cp3(src, p, end) === ZHOU && flagAt(WEEKDAY, src, p + 3, end)) return;
    q = afterGiven(src, p + sl * 3, given, end);
    if (kind === ROLE && !roleName(src, p + sl * 3, q, end)) return;
    // 陪同石家庄…, 患者王家庄: after a weak context, three characters that end like a place or a house are one.
    if (weak && given === 2 && cp3(src, q - 3, end) !== CHENG && flagAt(TRIPLE_NOT, src, q - 3, end)) return;
    // 告知房东, 答复顾客: another context word (a role, a relative) where the name would be.
    if (weak && CONTEXTS.endingAt(src, p, q, cp3(src, q - 3, end)) !== 0) return;
  }
  const h = st.hits;
  if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.start[h.length - 1] === p) return;
  st.emit(T_PERSON_NAME, p, q, 0.85);
  listedNames(st, src, end, q);
}

/**
 * Given characters [g, q) after a role noun (NAME_CONTEXT_ROLE): one character must be a common one
 * (住户宋体 is a font); of two, none a place's, a house's or an adverb (乘客蔡家坡, 顾客又也), the first
 * not a person's noun. 城 ends given names (顾煜城) more often than places after a passenger.
 */
function roleName(src: Uint8Array, g: number, q: number, end: number): boolean {
  if (q - g === 3) return GIVEN_SET[cp3(src, g, end)] === 1;
  if (APPOSITION_END[cp3(src, g, end)] === 1) return false;
  for (let k = g; k < q; k += 3) {
    const c = cp3(src, k, end);
    if (c < 0 || (TRIPLE_NOT[c] === 1 && c !== CHENG) || ADVERB[c] === 1) return false;
  }
  return true;
}
const CHENG = 0x57ce; // 城

/** Byte width of a list separator at `q` (、 and 和 及 与), else 0. */
function listSeparator(src: Uint8Array, q: number, end: number): number {
  const c = cp3(src, q, end);
  return c === 0x3001 || c === 0x548c || c === 0x53ca || c === 0x4e0e ? 3 : 0;
}

/**
 * More names after a context word's name, in a list (联系人：张三、李四、王五, 家属杨敏和杨洋): after 、 or
 * 和/及/与, a surname and one or two given characters that end where a list item ends (another
 * separator, 等, the cell's end, punctuation, a following word). Only after a name the context
 * made sure of, so 张三和他, 王芳与居委会 read no more.
 */
function listedNames(st: ScanState, src: Uint8Array, end: number, q: number): void {
  for (let items = 0; items < 32; items++) {
    const w = listSeparator(src, q, end);
    if (w === 0) return;
    const p = q + w;
    const sl = surnameAt(src, p, end);
    if (sl === 0 || (sl === 1 && surnameWordAt(src, p, end))) return;
    const ambiguous = sl === 1 && AMBIGUOUS_SET[cp3(src, p, end)] === 1;
    let found = 0;
    for (let g = 2; g >= 1 && found === 0; g--) {
      const e = p + (sl + g) * 3;
      let ok = true;
      for (let k = p + sl * 3; k < e; k += 3) {
        const c = cp3(src, k, end);
        if (!isHan(c) || STOP_SET[c] === 1 || (KIN_SET[c] === 1 && g === 1) || PRONOUN_SET[c] === 1 || c === MOU) ok = false;
      }
      if (!ok || flagAt(NOT_LAST_SET, src, e - 3, end) || (ambiguous && !flagAt(GIVEN_SET, src, p + 3, end))) continue;
      const next = cp3(src, e, end);
      if (e >= end || listSeparator(src, e, end) > 0 || next === 0x7b49 || next === LIANG || !isHan(next) || STOP_SET[next] === 1 || verbAt(src, e, end)) found = e;
    }
    if (found === 0) return;
    st.emit(T_PERSON_NAME, p, found, 0.8);
    q = found;
  }
}

/**
 * After a one-character surname at `q - 3`: one to three spaces (ASCII or U+3000), one given
 * character that is no stop, kin or role character, then the end of the name (the cell's end, a
 * character that is not Han, or a following word). The end offset, or -1.
 */
function paddedGivenEnd(src: Uint8Array, q: number, end: number): number {
  let pads = 0;
  while (pads < 3 && q < end) {
    if (src[q] === 32) { q++; pads++; continue; }
    if (src[q] === 0xe3 && src[q + 1] === 0x80 && src[q + 2] === 0x80) { q += 3; pads++; continue; }
    break;
  }
  if (pads === 0) return -1;
  const w = givenWidth(src, q, end);
  if (w === 0) return -1;
  const c = w === 3 ? cp3(src, q, end) : -1;
  if (w === 3 && (STOP_SET[c] === 1 || KIN_SET[c] === 1 || NOT_LAST_SET[c] === 1 || PRONOUN_SET[c] === 1 || c === MOU)) return -1;
  // A clear end only (the cell's end, a character that is not Han, a following word, 已 or 签): 患者王 今日 is no name.
  const e = q + w;
  if (e >= end) return e;
  if (givenWidth(src, e, end) === 0) return e;
  const next = cp3(src, e, end);
  return verbAt(src, e, end) || next === YI || next === QIAN ? e : -1;
}

/**
 * A name ending at `q` (its last character at `last`) ends at a boundary: the end of the cell, a
 * character that is not Han, a stop character or a following word; and its last character is
 * not one that ends roles and places (员, 会, 司).
 */
function nameBoundary(src: Uint8Array, q: number, end: number, last: number): boolean {
  if (flagAt(NOT_LAST_SET, src, last, end)) return false;
  if (q >= end) return true;
  if (givenWidth(src, q, end) === 4) return false;
  const c = cp3(src, q, end);
  return !isHan(c) || STOP_SET[c] === 1 || verbAt(src, q, end);
}

/** A name of whole characters may end at `q` (nameBoundary with its last character before `q`; a NameEdge). */
function nameEndsAt(src: Uint8Array, _start: number, end: number, q: number): boolean {
  return nameBoundary(src, q, end, q - 3);
}

const YI = 0x5df2; // 已
const QIAN = 0x7b7e; // 签
const YU = 0x4e8e; // 于

/** A date or a day starts at `q` (于2023-09-04, 于３月, 于今日, 于昨天): 于 there says when, not a name's character. */
function dateAfter(src: Uint8Array, q: number, end: number): boolean {
  const b = src[q]!;
  if (q < end && b >= 48 && b <= 57) return true;
  const c = cp3(src, q, end);
  if (c >= 0xff10 && c <= 0xff19) return true;
  if (c >= 0 && DATE_FIRST[c] === 1) return true;
  const n = cp3(src, q + 3, end);
  return (c === 0x4eca || c === 0x6628 || c === 0x672c || c === 0x4e0a || c === 0x5f53 || c === 0x8fd1) && (n === 0x65e5 || n === 0x5929 || n === 0x6708 || n === 0x5e74 || n === 0x5468);
}
/** Chinese numerals that start a date (于三月五日, 于二〇二三年). */
const DATE_FIRST = new Uint8Array(65536);
for (const c of '一二三四五六七八九十〇零') DATE_FIRST[c.charCodeAt(0)] = 1;

/**
 * Given characters (2 or 1, else 0) after a surname at `p` that is also a common word (高, 于, 全),
 * read after a relative whatever they are (癸霖 is in no list of given-name characters), when they
 * end at a clear boundary: the end of the cell, punctuation, a following word (代为, 陪同, 外出),
 * 已 or 签. Not when the surname starts an ordinary word (SURNAME_WORDS) or the next characters
 * are a verb, a pronoun or a kin word (奶奶和爷爷陪同). Measured on generated kin × surname × rare
 * given name × following word phrases (detect-kin-names.test.ts).
 */
function rareGivenAfterKin(src: Uint8Array, p: number, end: number): number {
  const a = cp3(src, p, end);
  if (a < 0 || AMBIGUOUS_SET[a] !== 1 || surnameWordAt(src, p, end)) return 0;
  const q = p + 3;
  const b = cp3(src, q, end);
  if (!isHan(b) || STOP_SET[b] === 1 || PRONOUN_SET[b] === 1 || KIN_SET[b] === 1 || b === MOU) return 0;
  if (verbAt(src, q, end) || KIN_WORDS.startingAt(src, q, end, b) !== 0) return 0;
  for (let g = 2; g >= 1; g--) {
    const e = q + g * 3;
    if (g === 2) {
      const c = cp3(src, q + 3, end);
      if (!isHan(c) || STOP_SET[c] === 1 || c === YI || c === QIAN || verbAt(src, q + 3, end)) continue;
    }
    if (flagAt(NOT_LAST_SET, src, e - 3, end)) continue;
    if (clearBoundary(src, e, end)) return g;
  }
  return 0;
}

/**
 * Stop characters a clause goes on with after its subject (信访人常桀称…, 当事人方筱对处理结果…, 申请执行人
 * 常绍峤与被执行人…, 学生任弈因病…): a clear end for clearBoundary. Not 的, 在, 是, which a word
 * of a surname's character goes on with as often (高度的, 安全在).
 */
const CLAUSE_AFTER_NAME = new Uint8Array(65536);
for (const c of '称对与因') CLAUSE_AFTER_NAME[c.charCodeAt(0)] = 1;
/** End of the cell, punctuation or a space, a following word, 已, 签, 称, 对, 与 or 因 at `q`; not a letter, digit or other Han character. */
function clearBoundary(src: Uint8Array, q: number, end: number): boolean {
  if (q >= end) return true;
  const b = src[q]!;
  if (b < 0x80) return !((b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122));
  const c = cp3(src, q, end);
  if (c < 0) return false;
  if (isHan(c)) return c === YI || c === QIAN || CLAUSE_AFTER_NAME[c] === 1 || verbAt(src, q, end) || (c === YU && dateAfter(src, q + 3, end));
  // Full-width digits and letters go on a token; other symbols (，。、；) end the name.
  return !((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a));
}

/**
 * A transliterated name with a middle dot at `p` (阿依古丽·卡德尔, 买买提・艾力): 2-8 Han characters, a
 * dot (· • ‧ ・ ･ ．), then 2-4 Han characters up to a stop character or a following word. Returns its end or -1.
 */
function dottedNameEnd(src: Uint8Array, p: number, end: number): number {
  let q = p;
  let n = 0;
  while (n < 8 && isHan(cp3(src, q, end))) { q += 3; n++; }
  if (n < 2) return -1;
  // Any dot of nameDotWidth but the ASCII full stop, which ends a sentence after a name (联系人王强.电话…).
  const dot = src[q] === 0x2e ? 0 : nameDotWidth(src, q, end);
  if (dot === 0) return -1;
  q += dot;
  let m = 0;
  while (m < 4) {
    if (m >= 2 && verbAt(src, q, end)) break;
    const c = cp3(src, q, end);
    if (!isHan(c) || STOP_SET[c] === 1) break;
    q += 3;
    m++;
  }
  return m >= 2 ? q : -1;
}

/** After 由, 经, 委托 …: a surname, one or two given characters, then a verb (由王小明驾驶). */
function nameBeforeVerb(st: ScanState, src: Uint8Array, end: number, p: number): void {
  const sl = surnameAt(src, p, end);
  if (sl === 0) return;
  const max = givenLength(src, p, sl, end);
  for (let g = max; g >= 1; g--) {
    const q = afterGiven(src, p + sl * 3, g, end);
    if (verbAt(src, q, end, true)) {
      // 由管理员签字, 由居委会出具: a role, not a name.
      if (flagAt(NOT_LAST_SET, src, q - 3, end)) return;
      st.emit(T_PERSON_NAME, p, q, 0.8);
      return;
    }
  }
}

const JIANG = 0x5c06; // 将
const TAKEN_AWAY = new WordTable([NAME_AFTER_JIANG], false);

/** After 将: a surname, one or two common given characters, then a verb of NAME_AFTER_JIANG (民警将潘娜带回所里). */
function nameTakenAway(st: ScanState, src: Uint8Array, end: number, p: number): void {
  const sl = surnameAt(src, p, end);
  if (sl === 0) return;
  let q = p + sl * 3;
  for (let g = 0; g < 2 && flagAt(GIVEN_SET, src, q, end); g++) {
    q += 3;
    const c = cp3(src, q, end);
    if (c >= 0 && TAKEN_AWAY.startingAt(src, q, end, c) !== 0) { st.emit(T_PERSON_NAME, p, q, 0.8); return; }
  }
}

/**
 * A full name right before 女士/先生 at byte `h` (吴洋女士来电, ，王秀英先生反映): a surname and one or
 * two given-name characters, with no Han character before them (the cell's start, punctuation,
 * a digit), so 这位女士, 各位先生 and the end of a longer word are not read; 王女士 (a surname
 * alone) names no one. After a context word (市民吴洋女士) the context reads the name.
 */
function nameBeforeHonorific(st: ScanState, src: Uint8Array, start: number, end: number, h: number): void {
  for (let n = 4; n >= 2; n--) {
    const s = h - 3 * n;
    if (s < start || isHan(cp3Before(src, start, s))) continue;
    const sl = surnameAt(src, s, end);
    const given = n - sl;
    if (sl === 0 || given < 1 || given > 2) continue;
    let ok = true;
    let common = 0;
    for (let q = s + sl * 3; q < h; q += 3) {
      // A kin character alone after a surname is a relative (张母); in a longer name a name's (黄子涵同志).
      if (givenWidth(src, q, end) !== 3 || flagAt(STOP_SET, src, q, end) || (given === 1 && flagAt(KIN_SET, src, q, end))) ok = false;
      if (flagAt(GIVEN_SET, src, q, end) || flagAt(PAIR_GIVEN, src, q, end)) common++;
    }
    // A surname that is a word (高帅同志, 于正豪同志) with a common given character, not a word it starts (全体同志).
    if (!ok || (sl === 1 && AMBIGUOUS_SET[cp3(src, s, end)] === 1 && (common === 0 || surnameWordAt(src, s, end)))) continue;
    // 欧阳娜娜女士: the compound surname's reader (compoundNameInText) found it already.
    const hits = st.hits;
    if (hits.length > 0 && hits.type[hits.length - 1] === T_PERSON_NAME && hits.start[hits.length - 1] === s) return;
    st.emit(T_PERSON_NAME, s, h, 0.8);
    return;
  }
}

const DUN = 0x3001; // 、
const XUE = 0x5b66; // 学 of 同学, the one form of address ending in it
const PAREN = 0xff08; // （
const DE = 0x7684; // 的
const LIANG = 0x4e24; // 两: 张军、王绍齐两户
/** Last characters of verbs and prepositions that take a person (联系, 答复, 告知, 向, 给): 已答复高大爷 is read. */
const PERSON_VERB_END = new Uint8Array(65536);
for (const c of '系复知访询问给向对与和跟找叫让请') PERSON_VERB_END[c.charCodeAt(0)] = 1;
/** Surnames that, after another Han character, more often end a word before a form of address (音乐老师, 历史老师, 千金小姐, 账房先生, 电工师傅). */
const FORM_WORD_END = new Uint8Array(65536);
for (const c of '乐史金房工书') FORM_WORD_END[c.charCodeAt(0)] = 1;

/**
 * A surname alone before a form of address at byte `h` (张先生, 李女士, 王阿姨, 刘师傅, 已联系欧阳女士):
 * the whole form is read as a name (NAME_FORMS_OF_ADDRESS: one household in free text). After another
 * Han character the surname must not be one that is a common word or ends one (文 of 语文老师, 任 of
 * 班主任老师, 管 of 宿管阿姨, 车 of 出租车师傅), and 这位/各位 have no surname. A full name before it that
 * another reader found (吴洋女士, 市民王芳女士) is left to that reader.
 */
function surnameForm(st: ScanState, src: Uint8Array, start: number, end: number, h: number): void {
  const hits = st.hits;
  const n = hits.length;
  // 吴洋女士: the name before the form was read; 已答复张大爷: the context's reader took the whole form.
  if (n > 0 && hits.type[n - 1] === T_PERSON_NAME && hits.end[n - 1]! >= h && hits.start[n - 1]! <= h) return;
  for (const sl of [2, 1]) {
    const s = h - sl * 3;
    if (s < start || surnameAt(src, s, end) !== sl) continue;
    const before = cp3Before(src, start, s);
    if (sl === 1 && isHan(before)) {
      const c = cp3(src, s, end);
      // 经查老师…: the surname ends a lead-in word (经查), the form stands alone.
      if ((AMBIGUOUS_SET[c] === 1 && PERSON_VERB_END[before] !== 1) || FORM_WORD_END[c] === 1 || SURNAME_SET[before] === 1 || LEAD_INS.endingAt(src, start, s + 3, c) !== 0) return;
    }
    // 钱大妈烧烤店, 天山区康师傅诊所: a brand named after a form of address, not a person.
    if (ADMIN_END[before] === 1 || SHOP_WORDS.some((w) => startsWithAt(src, h + 6, end, w))) return;
    st.emit(T_PERSON_NAME, s, h + 6, 0.8);
    return;
  }
}

/** Surnames that are also words but rarely after 小 or 老 (老高, 小于, 老常, 小文): read there before a clear end. */
const DIMINUTIVE_WORD_SURNAME = new Uint8Array(65536);
for (const c of '高于常文安方关管申任左尚项连卫全') DIMINUTIVE_WORD_SURNAME[c.charCodeAt(0)] = 1;
/** A clear end after 老高: the cell's end, punctuation (not a digit or letter), a following word, 说, or 于 and a date. */
function diminutiveEnd(src: Uint8Array, e: number, end: number, next: number): boolean {
  if (e >= end) return true;
  const b = src[e]!;
  if (b < 0x80) return !((b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122));
  if (next < 0) return false;
  if (!isHan(next)) return !((next >= 0xff10 && next <= 0xff19) || (next >= 0xff21 && next <= 0xff3a) || (next >= 0xff41 && next <= 0xff5a));
  return next === SHUO || verbAt(src, e, end) || (next === YU && dateAfter(src, e + 3, end));
}
const XIAO = 0x5c0f; // 小
const LAO = 0x8001; // 老
const SHUO = 0x8bf4; // 说: 小朱说…
const MAI = 0x9ea6; // 麦: 小麦
/**
 * 小陈, 老刘 (小 or 老 before a surname alone) at byte `i`, read as a name like 张先生 (one household in
 * free text), only where the surname ends a word: the cell's end, a character that is not Han, a stop
 * character (小马于…), a following word (小李说) or 、. A surname that is also a common word (小区,
 * 小时, 老公, 小康) is not read, nor one that begins a longer word (小龙虾, 小米手机).
 */
function surnameDiminutive(st: ScanState, src: Uint8Array, end: number, i: number): void {
  const p = i + 3;
  const sl = surnameAt(src, p, end);
  const c = cp3(src, p, end);
  // 老师, 老板 (师 ends roles: NAME_NOT_LAST), 小米, 小麦: words, not a surname.
  if (sl === 0 || (sl === 1 && ((AMBIGUOUS_SET[c] === 1 && DIMINUTIVE_WORD_SURNAME[c] !== 1) || NOT_LAST_SET[c] === 1 || c === MI || c === MAI))) return;
  const e = p + sl * 3;
  const next = cp3(src, e, end);
  // 老高，老于表示, 小于于3月5日: a surname that is also a word only before punctuation, a following word or 于 and a date (小于5, 小于等于 are comparisons).
  if (sl === 1 && AMBIGUOUS_SET[c] === 1 && !diminutiveEnd(src, e, end, next)) return;
  if (e < end && isHan(next) && STOP_SET[next] !== 1 && next !== SHUO && !verbAt(src, e, end) && listSeparator(src, e, end) === 0) return;
  // 老王经营部: a shop's brand.
  if (SHOP_WORDS.some((w) => startsWithAt(src, e, end, w))) return;
  st.emit(T_PERSON_NAME, i, e, 0.8);
}

function startsWithAt(src: Uint8Array, p: number, end: number, w: Uint8Array): boolean {
  if (p + w.length > end) return false;
  for (let k = 0; k < w.length; k++) if (src[p + k] !== w[k]) return false;
  return true;
}

/**
 * A name that opens a cell and ends at byte `e`, right before 、 and another name (`list`: 张军、王绍齐两户),
 * before 的 and a relative (王烨华的父亲) or before （ (黄馨羽（微信号…）): no context word says so, but
 * these three follow a person far more often than a word. A surname and two given characters, one of
 * them common, or a two-character name as an operator's name is read (plainPairName); then the names
 * listed after 、.
 */
function nameOpensCell(st: ScanState, src: Uint8Array, start: number, end: number, e: number, list: boolean): void {
  const sl = surnameAt(src, start, end);
  if (sl === 0) return;
  const given = (e - start) / 3 - sl;
  if (given < 1 || given > 2 || !Number.isInteger(given)) return;
  if (list && surnameAt(src, e + 3, end) === 0) return;
  if (given === 1) {
    // In a list (梁果、徐杰两户) the next name vouches for a rare given character too.
    if (sl === 1 && !plainPairName(src, start, end, list)) return;
  } else {
    if (sl === 1 && surnameWordAt(src, start, end)) return;
    let common = 0;
    for (let q = start + sl * 3; q < e; q += 3) {
      const c = cp3(src, q, end);
      if (!isHan(c) || STOP_SET[c] === 1 || PRONOUN_SET[c] === 1 || c === MOU) return;
      if (GIVEN_SET[c] === 1) common++;
    }
    if (flagAt(NOT_LAST_SET, src, e - 3, end)) return;
    // No common given character (袁语堂、赵雪松两户, 罗语堂（微信号…）): a frequent surname that is no word, and no brand character.
    if (common === 0 && !(sl === 1 && plainTripleName(src, start, e, end))) return;
  }
  const hits = st.hits;
  const n = hits.length;
  if (n > 0 && hits.type[n - 1] === T_PERSON_NAME && hits.start[n - 1] === start) return;
  st.emit(T_PERSON_NAME, start, e, 0.8);
  if (list) listedNames(st, src, end, e);
}

/** Labels of a person's own number that open a bracket after the person's name (王小明（身份证…）, 李娜（电话…）). */
const ID_LABELS = ['身份证', '证件', '公民身份', '电话', '手机', '联系电话', '联系方式'].map((w) => enc.encode(w));

/**
 * A name of two to four characters right before a bracket that opens with the label of a person's
 * number (由王小明（身份证3706…）代办, 委托李娜（电话…）): nothing else stands before such a bracket.
 * A surname and one or two given characters, longest first, so 由王小明 gives 王小明 (由 is a
 * surname too, but then 小明 would be three given characters) and 欧阳娜娜 stays whole; not a
 * place's, a unit's or a relative's word (派出所, 居委会, 其父亲).
 */
function nameBeforeIdLabel(st: ScanState, src: Uint8Array, start: number, end: number, i: number): void {
  let labelled = false;
  for (const w of ID_LABELS) if (startsWithAt(src, i + 3, end, w)) { labelled = true; break; }
  if (!labelled) return;
  // 由艾尼瓦尔·热合曼（身份证…）: a transliterated name with its dot.
  const dotted = dottedNameStart(src, start, i);
  if (dotted >= 0) { st.emit(T_PERSON_NAME, dotted, i, 0.8); return; }
  // The label vouches for the name: a rare given character counts too (由高绍齐（身份证…）).
  if (flagAt(NOT_LAST_SET, src, i - 3, end)) return;
  for (let s = Math.max(start, i - 12); s <= i - 6; s += 3) {
    const sl = surnameAt(src, s, end);
    const given = (i - s) / 3 - sl;
    if (sl === 0 || given < 1 || given > 2) continue;
    let ok = true;
    for (let q = s + sl * 3; q < i && ok; q += 3) {
      const c = cp3(src, q, end);
      // A kin character alone after a surname is a relative (张母); in a longer name a name's (潘子豪).
      ok = isHan(c) && STOP_SET[c] !== 1 && PRONOUN_SET[c] !== 1 && !(KIN_SET[c] === 1 && given === 1) && c !== MOU;
    }
    if (!ok) continue;
    const h = st.hits;
    if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.start[h.length - 1]! <= s && h.end[h.length - 1]! >= i) return;
    st.emit(T_PERSON_NAME, s, i, 0.8);
    return;
  }
}

// Longest first: 建材经营部 before 经营部, so the name ends where the trade begins.
const SHOP_WORDS = NAME_BEFORE_SHOP.map((w) => enc.encode(w)).sort((a, b) => b.length - a.length);
const FIRM_WORDS = FIRM_FORMS.map((w) => enc.encode(w)).sort((a, b) => b.length - a.length);
/** Trade words by last character: the few that may end at a position are tried, not all of them. */
const TRADES = new WordTable([FIRM_TRADES], true);
/** Last characters of the firm forms (司 心 厂 行 室 社). */
const FIRM_END = new Uint8Array(65536);
for (const w of FIRM_FORMS) FIRM_END[w.charCodeAt(w.length - 1)] = 1;
const ADMIN_END = new Uint8Array(65536);
for (const c of '省市区县旗镇乡') ADMIN_END[c.charCodeAt(0)] = 1;

const PAIR_SURNAME = new Uint8Array(65536);
for (const c of SHOP_PAIR_SURNAMES) PAIR_SURNAME[c.charCodeAt(0)] = 1;
/**
 * Last characters of a shop's brand, not a name's: a house (张小记, 李氏), a form of address (钱大妈,
 * 陈麻婆, 张大爷). Not 家 or 堂, which end given names (王振家, 梁语堂), so 吉野家 is read.
 */
const SHOP_NAME_NOT_LAST = new Uint8Array(65536);
for (const c of '记氏铺坊斋阁妈爸婆爷奶姨叔伯舅嫂哥姐') SHOP_NAME_NOT_LAST[c.charCodeAt(0)] = 1;
const PAIR_GIVEN = new Uint8Array(65536);
for (const c of SHOP_PAIR_GIVEN) PAIR_GIVEN[c.charCodeAt(0)] = 1;
const BRAND_CHAR = new Uint8Array(65536);
for (const c of SHOP_BRAND_CHARS) BRAND_CHAR[c.charCodeAt(0)] = 1;
const PAIR_WORD = new Set(SURNAME_PAIR_WORDS.map((w) => hanPair(w.charCodeAt(0), w.charCodeAt(1))));
const NUMERAL_CHAR = new Uint8Array(65536);
for (const c of '一二三四五六七八九十百千万两零') NUMERAL_CHAR[c.charCodeAt(0)] = 1;

/**
 * A two-character name at `s` (a surname and one given character, ending at `s + 6`) that only
 * reads as a full name: a surname of SHOP_PAIR_SURNAMES, a given character that is common
 * (GIVEN_COMMON, SHOP_PAIR_GIVEN), no numeral and no brand or place character (SHOP_BRAND_CHARS), and not a word
 * of SURNAME_PAIR_WORDS (夏天, 周一). 李强, 王芳 pass; 金海, 国芳, 黄河, 张记, 李家 do not. `anyGiven`:
 * a rare given character too (梁果、徐杰两户: the next name in a list vouches for it), never a stop.
 */
function plainPairName(src: Uint8Array, s: number, end: number, anyGiven = false): boolean {
  const a = cp3(src, s, end);
  const b = cp3(src, s + 3, end);
  if (a < 0 || b < 0 || PAIR_SURNAME[a] !== 1 || !isHan(b)) return false;
  if ((!anyGiven && GIVEN_SET[b] !== 1 && PAIR_GIVEN[b] !== 1) || STOP_SET[b] === 1 || BRAND_CHAR[b] === 1 || NUMERAL_CHAR[b] === 1 || NOT_LAST_SET[b] === 1) return false;
  return !PAIR_WORD.has(hanPair(a, b)) && !surnameWordAt(src, s, end);
}

/**
 * A three-character name at `s` (a surname and two given characters, ending at `e`) with no common
 * given character (郭绍齐, 袁语堂), read only where a clause or a list says a person stands there: a
 * surname of SHOP_PAIR_SURNAMES that is not also a word (AMBIGUOUS_SURNAMES: 高, 于), no given
 * character that is a numeral, a brand's or place's (王府井, 张家村), a stop or a pronoun.
 */
const TRIPLE_NOT = new Uint8Array(65536);
// A house, a place or a shop's sign (王府井, 张家村, 李记铺); 堂 福 祥 of SHOP_BRAND_CHARS end given names (袁语堂).
for (const c of '记氏府城园庄村河湖州门楼阁斋坊铺号坡') TRIPLE_NOT[c.charCodeAt(0)] = 1;
const ADVERB = new Uint8Array(65536);
for (const c of '又也还再才亦均仍都很就') ADVERB[c.charCodeAt(0)] = 1;
function plainTripleName(src: Uint8Array, s: number, e: number, end: number): boolean {
  const a = cp3(src, s, end);
  if (a < 0 || PAIR_SURNAME[a] !== 1 || AMBIGUOUS_SET[a] === 1) return false;
  // 顾客又投诉, 住户也反映: a person's noun (APPOSITION_END) and an adverb, not a name.
  if (APPOSITION_END[cp3(src, s + 3, end)] === 1) return false;
  for (let q = s + 3; q < e; q += 3) {
    const c = cp3(src, q, end);
    if (!isHan(c) || TRIPLE_NOT[c] === 1 || ADVERB[c] === 1 || NUMERAL_CHAR[c] === 1 || STOP_SET[c] === 1 || PRONOUN_SET[c] === 1 || c === MOU) return false;
  }
  return !flagAt(NOT_LAST_SET, src, e - 3, end) && !PAIR_WORD.has(hanPair(a, cp3(src, s + 3, end)));
}

/** Byte width of a dot between the parts of a transliterated name at `q`: · • ‧ ・ ･ ． or `.`; else 0. */
function nameDotWidth(src: Uint8Array, q: number, end: number): number {
  if (q >= end) return 0;
  const b = src[q]!;
  if (b === 0x2e) return 1;
  if (b === 0xc2 && src[q + 1] === 0xb7) return 2;
  const c = cp3(src, q, end);
  return c === 0x2022 || c === 0x2027 || c === 0x30fb || c === 0xff65 || c === 0xff0e ? 3 : 0;
}

/**
 * Start of a dotted name ending at `h` (阿依古丽·吐尔逊, 买买提・艾力, 买买提.艾力): two to four parts
 * of 2-8 Han characters each, joined by a dot of nameDotWidth, reaching back to `start`, a non-Han
 * character or a county (区 县 市 …). -1 when the run before `h` is no such name.
 */
function dottedNameStart(src: Uint8Array, start: number, h: number): number {
  let d = h;
  let parts = 0;
  for (;;) {
    let n = 0;
    while (n < 8) {
      const b = cp3Before(src, start, d);
      if (!isHan(b) || (n >= 2 && ADMIN_END[b] === 1)) break;
      d -= 3;
      n++;
    }
    // A part of eight characters with more Han before it: the run is longer than a name.
    if (n < 2 || (n === 8 && isHan(cp3Before(src, start, d)) && ADMIN_END[cp3Before(src, start, d)] !== 1)) return -1;
    parts++;
    // The dot before this part, if any: one byte (.), two (·) or three (・ ．).
    let w = 0;
    for (const k of [1, 2, 3]) if (d - k >= start && nameDotWidth(src, d - k, h) === k) { w = k; break; }
    if (w === 0 || parts === 4 || !isHan(cp3Before(src, start, d - w))) return parts >= 2 ? d : -1;
    d -= w;
  }
}

/**
 * The operator's name in a 个体工商户 name, before a kind of shop ending at byte `after`
 * (滨城区张秀英便利店, 欧阳建华烧烤店, 阿依古丽·吐尔逊理发店, 李强五金店, 扎西多吉便利店): right after the
 * cell's start, a non-Han character or a county (区 县 市 镇 …), one of
 *  - a dotted name (·, ・, ．, `.`: 买买提・艾力烤肉店), any Han characters, two parts or more;
 *  - a Tibetan, Mongolian or Uyghur name without a surname, made of whole parts of
 *    MINORITY_NAME_PARTS (扎西多吉, 斯琴高娃, 巴特尔, 买买提艾力: minority-name.ts);
 *  - a surname and one or two given characters, none a stop, kin or pronoun character, the last not
 *    one that ends places (王家村便利店). Three characters and more: rare given characters count
 *    (吴擎苍饭店), so a place that reads like one (王府井超市) is redacted too, the safe side for a
 *    shop. Two characters (李强五金店) only as plainPairName says: a brand (金海饭店, 黄河饭店) or a
 *    given name alone (国芳理发店) looks the same, and reading those refused an enterprise
 *    register's 个体工商户 brands (unseen-domains-5a, 104 values).
 */
function nameBeforeShop(st: ScanState, src: Uint8Array, start: number, end: number, after: number): void {
  let h = -1;
  for (const w of SHOP_WORDS) {
    const s = after - w.length;
    if (s < start) continue;
    let k = 0;
    while (k < w.length && src[s + k] === w[k]) k++;
    if (k === w.length) { h = s; break; }
  }
  if (h < 0) return;
  operatorNameBefore(st, src, start, end, h, false);
}

/**
 * The owner's name in a firm's name, before trade words and a firm's form ending at byte `after`
 * (滨州市张伟商贸有限公司, 滨城区王秀英家政服务中心, 李强汽车维修厂): the form (FIRM_FORMS), up to three
 * trade words (FIRM_TRADES) skipped backwards, then the name as before a shop word (operatorNameBefore),
 * except that three characters are read only after a frequent surname (SHOP_PAIR_SURNAMES: 万家福 is a
 * brand), with no place's or house's character (李家庄餐饮), and after a surname that is a word only with
 * a common given character (高庄砖厂 is a village's brickworks). Before, the owner was masked only where another reader happened to fire,
 * so the same owner showed in one row and was hidden in the next (unseen-domains-9).
 */
function nameBeforeFirm(st: ScanState, src: Uint8Array, start: number, end: number, after: number): void {
  let h = -1;
  for (const w of FIRM_WORDS) {
    if (w[w.length - 3] !== src[after - 3] || w[w.length - 1] !== src[after - 1]) continue;
    if (startsWithAt(src, after - w.length, end, w) && after - w.length >= start) { h = after - w.length; break; }
  }
  if (h < 0) return;
  for (let t = 0; t < 3; t++) {
    const last = cp3Before(src, start, h);
    const sl = last < 0 ? 0 : TRADES.slot[last]!;
    if (sl === 0) break;
    // Only the trade words that end with this character (a few), the longest that matches.
    let w = 0;
    for (const tw of TRADES.words[sl]!) if (tw.length > w && h - tw.length >= start && startsWithAt(src, h - tw.length, end, tw)) w = tw.length;
    if (w === 0) break;
    h -= w;
  }
  operatorNameBefore(st, src, start, end, h, true);
}

/** An operator's name may start at `s`: after the cell's start, a non-Han character or a county (a NameEdge: no closure per call). */
function operatorNameMayStart(src: Uint8Array, start: number, end: number, s: number): boolean {
  const b = cp3Before(src, start, s);
  // 100米 is a distance (交叉口东100米路北超市): 米 after a digit starts no name.
  if (s > start && src[s - 1]! >= 48 && src[s - 1]! <= 57 && cp3(src, s, end) === MI) return false;
  return !isHan(b) || ADMIN_END[b] === 1;
}

/**
 * The operator's or owner's name ending at byte `h`, right after the cell's start, a non-Han
 * character or a county (see nameBeforeShop). `firm`: as nameBeforeFirm reads them.
 */
function operatorNameBefore(st: ScanState, src: Uint8Array, start: number, end: number, h: number, firm: boolean): void {
  const dotted = dottedNameStart(src, start, h);
  if (dotted >= 0) { st.emit(T_PERSON_NAME, dotted, h, 0.8); return; }
  const minority = minorityNameStart(src, start, end, h, operatorNameMayStart);
  if (minority >= 0) { st.emit(T_PERSON_NAME, minority, h, 0.8); return; }
  for (let n = 4; n >= 2; n--) {
    const s = h - 3 * n;
    if (s < start || !operatorNameMayStart(src, start, end, s)) continue;
    const sl = surnameAt(src, s, end);
    const given = n - sl;
    if (sl === 0 || given < 1 || given > 2) continue;
    if (sl + given < 3) { if (plainPairName(src, s, end)) { st.emit(T_PERSON_NAME, s, h, 0.8); return; } continue; }
    if (sl === 1 && surnameWordAt(src, s, end)) continue;
    let ok = true;
    let common = 0;
    for (let q = s + sl * 3; q < h; q += 3) {
      const c = cp3(src, q, end);
      // A kin character alone after a surname is a relative (张母); in a longer name a name's (王子轩).
      if (!isHan(c) || STOP_SET[c] === 1 || (KIN_SET[c] === 1 && given === 1) || PRONOUN_SET[c] === 1 || c === MOU) ok = false;
      if (GIVEN_SET[c] === 1) common++;
      if (firm && TRIPLE_NOT[c] === 1) ok = false;
    }
    if (firm && sl === 1 && (PAIR_SURNAME[cp3(src, s, end)] !== 1 || (common === 0 && AMBIGUOUS_SET[cp3(src, s, end)] === 1))) continue;
    if (!ok || flagAt(NOT_LAST_SET, src, h - 3, end) || flagAt(SHOP_NAME_NOT_LAST, src, h - 3, end)) continue;
    st.emit(T_PERSON_NAME, s, h, 0.8);
    return;
  }
}

/**
 * A name that opens a clause before a verb of reporting or acting at byte `v` (张伟来电, 李娜反映,
 * 王小明投诉称, 赵强于3月5日): a surname and one or two given-name characters with no Han character
 * before them (the cell's start, punctuation, a digit), as before 女士/先生. Bounded so that the
 * ordinary subjects of such clauses are not read (居民反映, 游客投诉, 王府井在, 高新区到, 于是):
 *  - a one-character given name must be a common one (GIVEN_COMMON) after a surname that is no word
 *    (AMBIGUOUS_SURNAMES): 居民, 平安 are words;
 *  - two given characters: no stop, kin or pronoun character, the last not one that ends roles and
 *    places (区, 局, 所), and one of them common, or the first after an ambiguous surname;
 *  - after a one-character verb (`one`: 称, 在, 到, 于) every given character must be common, and
 *    于 must be followed by a date (于3月5日, 于今日);
 *  - not a surname that starts an ordinary word (SURNAME_WORDS: 高血压, 于是, 全家).
 * Measured on generated hotline and remark sentences (test/detect-leftovers.test.ts, docs/detection.md).
 */
function nameBeforeReport(st: ScanState, src: Uint8Array, start: number, end: number, v: number, one: boolean): void {
  // 在, 到, 于 are frequent: the character before must be one a name can end with before anything else is read.
  const last = cp3Before(src, start, v);
  if (!isHan(last) || STOP_SET[last] === 1 || NOT_LAST_SET[last] === 1 || (one && GIVEN_SET[last] !== 1)) return;
  if (one && cp3(src, v, end) === YU && !dateAfter(src, v + 3, end)) return;
  for (let n = 4; n >= 2; n--) {
    const s = v - 3 * n;
    if (s < start) continue;
    const before = cp3Before(src, start, s);
    // After a person's or a household's noun (该户张伟来电, 居民王芳反映): in apposition, stricter below.
    const apposed = isHan(before) && LEAD_INS.endingAt(src, start, s, before) === 0;
    if (apposed && APPOSITION_END[before] !== 1) continue;
    const sl = surnameAt(src, s, end);
    const given = n - sl;
    if (sl === 0 || given < 1 || given > 2) continue;
    if (apposed && !apposedName(src, s, sl, v, end)) continue;
    if (sl === 1 && surnameWordAt(src, s, end)) return;
    const ambiguous = sl === 1 && AMBIGUOUS_SET[cp3(src, s, end)] === 1;
    let common = 0;
    let ok = true;
    for (let q = s + sl * 3; q < v; q += 3) {
      const c = cp3(src, q, end);
      // A kin character alone after a surname is a relative (张母来电); in a longer name it is a name's (李子涵).
      if (!isHan(c) || STOP_SET[c] === 1 || (KIN_SET[c] === 1 && given === 1) || PRONOUN_SET[c] === 1 || c === MOU) ok = false;
      if (GIVEN_SET[c] === 1 || (!one && PAIR_GIVEN[c] === 1)) common++;
    }
    if (!ok || flagAt(NOT_LAST_SET, src, v - 3, end)) continue;
    // 郭绍齐反映: three characters none of them common, before a two-character verb (plainTripleName).
    if (!one && !apposed && given === 2 && common === 0 && sl === 1 && plainTripleName(src, s, v, end)) common = 1;
    // 经核实，冯铖反映…, 今天黄果反映: two characters, the given one rare, opening a clause before a two-character verb.
    if (!one && !apposed && given === 1 && common === 0 && sl === 1 && !ambiguous && rarePairName(src, s, end)) common = 1;
    // Before a two-character verb of reporting (于兰反映, 高慧来电, 于耀杰投诉) a surname that is a word
    // reads as one too, with a common given character: the words it starts are SURNAME_WORDS (居民, 于是).
    if (given === 1 ? (ambiguous && one) || common === 0 : common === 0 || (ambiguous && one && !flagAt(GIVEN_SET, src, s + 3, end))) continue;
    if (one && common !== given) continue;
    const h = st.hits;
    if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.start[h.length - 1] === s) return;
    st.emit(T_PERSON_NAME, s, v, 0.8);
    return;
  }
}

/** Prepositions before a partner's name: 与 和 同 跟 及. */
const WITH = new Uint8Array(65536);
for (const c of '与和同跟及') WITH[c.charCodeAt(0)] = 1;

/**
 * A partner's name between 与/和/同/跟/及 and a word of NAME_BEFORE_COMPANION starting at byte `v`
 * (与石赟结对服务, 和江喆嘉一起参加…, 同蒋暄结对帮扶): a volunteer register's remarks name the person
 * served or paired this way, and the preposition and the word together say a person stands between
 * them, so rare given characters count (赟, 昉, 翀) and a surname that is a word reads as one (与文芮结对).
 * Not a pronoun, a kin or stop character, a word a surname starts (与公安一起, 与国家共同: SURNAME_WORDS),
 * a place's, a unit's or a brand's last character (与居委会一起, 与银行共同, 与高新区一起).
 */
function nameBeforeCompanion(st: ScanState, src: Uint8Array, start: number, end: number, v: number): void {
  for (let n = 2; n <= 4; n++) {
    const s = v - 3 * n;
    if (s < start) return;
    if (WITH[cp3Before(src, start, s)] !== 1) continue;
    const sl = surnameAt(src, s, end);
    const given = n - sl;
    if (sl === 0 || given < 1 || given > 2 || (sl === 1 && surnameWordAt(src, s, end))) continue;
    let ok = true;
    for (let q = s + sl * 3; q < v; q += 3) {
      const c = cp3(src, q, end);
      // A kin character alone after a surname is a relative (与张母一起); in a longer name a name's (万子懿).
      if (!isHan(c) || STOP_SET[c] === 1 || PRONOUN_SET[c] === 1 || (KIN_SET[c] === 1 && given === 1) || c === MOU) ok = false;
    }
    const last = cp3(src, v - 3, end);
    if (!ok || NOT_LAST_SET[last] === 1 || BRAND_CHAR[last] === 1 || TRIPLE_NOT[last] === 1 || APPOSITION_END[last] === 1) continue;
    const h = st.hits;
    if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.end[h.length - 1]! > s) return;
    st.emit(T_PERSON_NAME, s, v, 0.8);
    return;
  }
}

/** Second characters of provinces a surname starts (江西, 江苏, 甘肃): 江苏来电 is no name. */
const PROVINCE_SECOND = new Uint8Array(65536);
for (const c of '西苏肃') PROVINCE_SECOND[c.charCodeAt(0)] = 1;
/**
 * A surname (no word: AMBIGUOUS_SURNAMES are left out by the caller) and one given character that is in
 * no list of common ones (冯铖, 黄果), where a clause opens before a verb of reporting: not a person's noun
 * (顾客, 师生, 房东: NAME_APPOSITION_END), a brand's or a place's character, a numeral, the surname again
 * (谢谢来电), a word of SURNAME_PAIR_WORDS or a province (江苏来电).
 */
function rarePairName(src: Uint8Array, s: number, end: number): boolean {
  const a = cp3(src, s, end);
  const b = cp3(src, s + 3, end);
  return b !== a && APPOSITION_END[b] !== 1 && BRAND_CHAR[b] !== 1 && NUMERAL_CHAR[b] !== 1 && TRIPLE_NOT[b] !== 1 && PROVINCE_SECOND[b] !== 1 && !PAIR_WORD.has(hanPair(a, b));
}

const APPOSITION_END = new Uint8Array(65536);
for (const c of NAME_APPOSITION_END) APPOSITION_END[c.charCodeAt(0)] = 1;

/**
 * A name in apposition after a noun (该户张伟来电): a compound surname or one of SHOP_PAIR_SURNAMES,
 * every given character common and none a numeral or a brand character, not a word of
 * SURNAME_PAIR_WORDS (住户陆续投诉, 居民周一来电). The noun gives no more than a boundary would, so
 * the name must read as one on its own.
 */
function apposedName(src: Uint8Array, s: number, sl: number, v: number, end: number): boolean {
  if (sl === 1 && (PAIR_SURNAME[cp3(src, s, end)] !== 1 || surnameWordAt(src, s, end) || PAIR_WORD.has(hanPair(cp3(src, s, end), cp3(src, s + 3, end))))) return false;
  for (let q = s + sl * 3; q < v; q += 3) {
    const c = cp3(src, q, end);
    if (c < 0 || GIVEN_SET[c] !== 1 || NUMERAL_CHAR[c] === 1 || BRAND_CHAR[c] === 1) return false;
  }
  return true;
}

/** A whole cell that is a name: 2-4 Han characters starting with a surname, or a dotted name (·, ・, ．, `.` …). */
export function wholeCellName(src: Uint8Array, start: number, end: number): boolean {
  if (surnameAt(src, start, end) === 1 && paddedGivenEnd(src, start + 3, end) === end) return true;
  const len = end - start;
  if (len < 6 || len > 48) return false;
  let chars = 0;
  let dots = 0;
  let i = start;
  while (i < end) {
    // Under a name header every dot of a transliterated name counts (买买提・艾力, 买买提.艾力).
    const dw = nameDotWidth(src, i, end);
    if (dw > 0) {
      if (i === start || i + dw === end) return false;
      dots++; chars++; i += dw; continue;
    }
    // After the first character (a surname), any Han a name uses: 刘䶮, 王𠮷.
    const w = i === start ? (isHan(cp3(src, i, end)) ? 3 : 0) : givenWidth(src, i, end);
    if (w === 0) return false;
    chars++;
    i += w;
  }
  if (dots > 0) return chars >= 4;
  if (chars > 4) return false;
  if (cp3(src, start + 3, end) === MOU) return false;
  const sl = surnameAt(src, start, end);
  return sl === 1 || (sl === 2 && chars > 2);
}

const ROAD = new Uint8Array(65536);
for (const c of '路街巷道弄村里同组区苑园庄') ROAD[c.charCodeAt(0)] = 1;
const ADMIN = new Uint8Array(65536);
for (const c of '省市区县旗州盟镇乡') ADMIN[c.charCodeAt(0)] = 1;
/** Characters an address never starts after: the end of 住址 地址 住所 位于 家住 地点, or a verb. */
const LEAD_STOP = new Uint8Array(65536);
for (const c of '址所于住点在至到为是的或') LEAD_STOP[c.charCodeAt(0)] = 1;
const NUMERAL = new Uint8Array(65536);
for (const c of '一二三四五六七八九十百零〇０１２３４５６７８９') NUMERAL[c.charCodeAt(0)] = 1;
const UNIT = new Uint8Array(65536);
for (const c of '号栋幢室层楼座元') UNIT[c.charCodeAt(0)] = 1;
const DAN = 0x5355; // 单 of 单元
const HAO = 0x53f7; // 号
const NONG = 0x5f04; // 弄
/** Last characters of an estate's name before a building number (幸福小区3栋, 阳光花园5幢, 锦绣城2栋). */
const ESTATE = new Uint8Array(65536);
for (const c of '区园苑城庄村府邸居湾寓庭墅舍坊里院') ESTATE[c.charCodeAt(0)] = 1;

const ZU = 0x7ec4; // 组 of 张家村3组
const DUI = 0x961f; // 队 of 李庄村2队
const CUN = 0x6751; // 村
const ZUO = 0x5ea7; // 座 of B座
/** Last characters of a tower's building before 座 (国贸大厦B座, 万达广场A座, 商务中心C座), besides an estate's. */
const TOWER = new Uint8Array(65536);
for (const c of '厦场心') TOWER[c.charCodeAt(0)] = 1;
/**
 * Last characters of a place a building-unit-room triple follows with no unit word (阳光花园5-2-302,
 * 中山路5-2-302): an estate's or a road's. The scanner's CP_ADDR anchors them (tables.ts).
 */
const DOOR_AFTER = new Uint8Array(65536);
for (const c of '区园苑城庄村府邸居湾寓庭墅舍坊里院路街巷道') DOOR_AFTER[c.charCodeAt(0)] = 1;

/** The three bytes before `q` are 元 of 单元. */
function lastUnitIsDan(src: Uint8Array, q: number, end: number): boolean {
  return q >= 6 && cp3(src, q - 3, end) === 0x5143 && cp3(src, q - 6, end) === DAN;
}

/** `\d+-\d+-\d+` (building-unit-room, 12-2-301) from `p`: its end, or -1. */
function doorTripleEnd(src: Uint8Array, p: number, end: number): number {
  let q = p;
  for (let part = 0; part < 3; part++) {
    if (part > 0) { if (src[q] !== 45) return -1; q++; }
    const q0 = q;
    while (q < end && src[q]! >= 48 && src[q]! <= 57) q++;
    if (q === q0) return -1;
  }
  return q < end && ((src[q]! >= 48 && src[q]! <= 57) || src[q] === 45) ? -1 : q;
}

/** `src[a, b)` is 2 or 3 groups of 1–4 ASCII digits joined by single dashes (3-4, 12-2-301). */
function doorGroups(src: Uint8Array, a: number, b: number): boolean {
  let groups = 0;
  let run = 0;
  for (let k = a; k < b; k++) {
    const c = src[k]!;
    if (c >= 48 && c <= 57) { if (++run > 4) return false; continue; }
    if (c !== 45 || run === 0) return false;
    groups++;
    run = 0;
  }
  return run > 0 && groups >= 1 && groups <= 2;
}

/** The end of 1 to `max` ASCII digits from `q`, or -1 (a function, not a closure: see minority-name.ts NameEdge). */
function digitsTo(src: Uint8Array, q: number, end: number, max: number): number {
  let n = 0;
  while (q + n < end && src[q + n]! >= 48 && src[q + n]! <= 57) n++;
  return n >= 1 && n <= max ? q + n : -1;
}

/**
 * A building, unit and room with nothing before them (入住21幢3单元901, 5号楼2单元302室): from the
 * anchor at `i` (栋, 幢, or 号 of 号楼), 1–3 digits, 单元, 3–4 digits, 室 if written. A door on
 * its own, the way a register's remarks repeat it after the full address. Returns its end, or -1.
 */
function bareDoorEnd(src: Uint8Array, i: number, end: number): number {
  let p = i + 3;
  if (cp3(src, i, end) === HAO) { if (cp3(src, p, end) !== 0x697c) return -1; p += 3; }
  p = digitsTo(src, p, end, 3);
  if (p < 0 || cp3(src, p, end) !== DAN || cp3(src, p + 3, end) !== 0x5143) return -1;
  const q = p + 6;
  p = digitsTo(src, q, end, 4);
  if (p < 0 || p - q < 3) return -1;
  return cp3(src, p, end) === 0x5ba4 ? p + 3 : p; // 室
}

/** An ASCII digit at `q` before `end`. */
function asciiDigitAt(src: Uint8Array, q: number, end: number): boolean {
  return q < end && src[q]! >= 48 && src[q]! <= 57;
}

/**
 * A building-unit-room triple as residents write it, right after a place's name (阳光花园5-2-302,
 * 翠湖苑12-3-1101室): a building of 1–3 digits not starting with 0, a unit of 1–2, a room of 3–4,
 * 室 if written, and nothing numeric after. A date (2023-5-12, 23-5-12, 12-05-2023), an extension
 * (021-62345678-801) or a score (3-2-1) fails one of these. Returns its end, or -1.
 */
function estateTripleEnd(src: Uint8Array, p: number, end: number): number {
  if (!asciiDigitAt(src, p, end) || src[p] === 48) return -1;
  const widths = [[1, 3], [1, 2], [3, 4]] as const;
  const value = [0, 0, 0];
  let q = p;
  for (let part = 0; part < 3; part++) {
    if (part > 0) { if (q >= end || src[q] !== 45) return -1; q++; }
    const q0 = q;
    while (asciiDigitAt(src, q, end)) { value[part] = value[part]! * 10 + src[q]! - 48; q++; }
    if (q - q0 < widths[part]![0] || q - q0 > widths[part]![1]) return -1;
    if (part === 1 && src[q0] === 48) return -1; // 12-05-2023: a unit is never zero-padded, a month is
  }
  // 14-10-2009, 23-5-2015: a day, a month and a year. A room of the years 1950–2030 is read as a door
  // only where a door reads better: a unit below 10 (a building has few) and a 20th-floor door
  // 01–08 (2003); the years 2001–2008 after a single-digit month stay ambiguous (docs/detection.md).
  const room = value[2]!;
  if (room >= 1950 && room <= 2030 && (value[1]! >= 10 || room < 2001 || room % 100 > 8)) return -1;
  if (q < end && (src[q] === 45 || src[q] === 46)) return -1; // 5-2-302-1, 5-2-302.5
  return cp3(src, q, end) === 0x5ba4 ? q + 3 : q; // 室
}

/**
 * `src[i, i+3)` is the last character of an estate or a road (DOOR_AFTER) and a building-unit-room
 * triple follows (estateTripleEnd). The place's name is the run of Han characters before, at least
 * 3 with this one (阳光花园, 翠湖苑; 小区5-2-302 alone is no address). Returns the end, or -1.
 */
function estateTripleAt(st: ScanState, src: Uint8Array, start: number, end: number, i: number): number {
  const e = estateTripleEnd(src, i + 3, end);
  if (e < 0) return -1;
  let s = i;
  let chars = 1;
  let admin = ADMIN[cp3(src, i, end)]!;
  while (chars < 30) {
    const c = cp3Before(src, start, s);
    if (c < 0 || !isHan(c) || LEAD_STOP[c] === 1) break;
    admin |= ADMIN[c]!;
    s -= 3;
    chars++;
  }
  if (chars < 3) return -1;
  st.emit(T_ADDRESS, s, e, admin === 1 ? 0.9 : 0.7);
  return e;
}

/** Emits a bare door (bareDoorEnd) that starts at `j`, its building number: its end, or -1. */
function bareDoor(st: ScanState, src: Uint8Array, j: number, end: number, i: number): number {
  const e = bareDoorEnd(src, i, end);
  if (e > 0) st.emit(T_ADDRESS, j, e, 0.7);
  return e;
}

/**
 * `src[i, i+3)` is 号 or 弄. An address ends a run of Han characters with a road or village unit,
 * then a number, then this character; building and room parts may follow (5号楼3单元1101室).
 * Returns the end of the address, or -1.
 */
export function addressAt(st: ScanState, src: Uint8Array, start: number, end: number, i: number): number {
  const anchor = cp3(src, i, end);
  if (DOOR_AFTER[anchor] === 1) return estateTripleAt(st, src, start, end, i);
  let j = i;
  let digits = 0;
  // B座1203室: a tower is a letter as often as a number.
  if (anchor === ZUO && j - 1 > start && ((src[j - 1]! | 0x20) >= 97 && (src[j - 1]! | 0x20) <= 122) && src[j - 2]! >= 0x80) { j--; digits++; }
  else for (;;) {
    if (j > start && ((src[j - 1]! >= 48 && src[j - 1]! <= 57) || src[j - 1] === 45)) { j--; digits++; continue; }
    const c = cp3Before(src, start, j);
    if (c >= 0 && NUMERAL[c] === 1) { j -= 3; digits++; continue; }
    break;
  }
  if (digits === 0) return -1;
  let road = cp3Before(src, start, j);
  // 张家村3组15号: a village's group (组, 队) between the village and the house number.
  if (anchor === HAO && (road === ZU || road === DUI)) {
    let k = j - 3;
    let n = 0;
    while (k > start && src[k - 1]! >= 48 && src[k - 1]! <= 57) { k--; n++; }
    if (n === 0) while (NUMERAL[cp3Before(src, start, k)] === 1 && n < 3) { k -= 3; n++; }
    if (n >= 1 && n <= 2 && cp3Before(src, start, k) === CUN) { j = k; road = CUN; }
  }
  // 号/弄 follow a road or village number; 栋/幢/座 follow an estate's name (幸福小区3栋), 座 a tower's (大厦B座).
  const building = anchor !== HAO && anchor !== NONG;
  if (road < 0 || (building ? ESTATE[road] === 0 && !(anchor === ZUO && TOWER[road] === 1) : ROAD[road] === 0)) return bareDoor(st, src, j, end, i);
  let s = j - 3;
  let chars = 1;
  let admin = 0;
  while (chars < 30) {
    const c = cp3Before(src, start, s);
    if (c < 0 || !isHan(c) || LEAD_STOP[c] === 1) break;
    admin |= ADMIN[c]!;
    s -= 3;
    chars++;
  }
  // An estate's name before a building has a name and a kind (锦绣城, 幸福小区): 小区3栋 alone is no address.
  if (chars < (building ? 3 : 2)) return bareDoor(st, src, j, end, i);
  // Building and room parts: optional Han name (凤凰城), digits or letters, a unit.
  let e = i + 3;
  // 阳光花园3号楼2单元501: 号 of 号楼 is a building, and the unit and room follow it.
  if (anchor === HAO && cp3(src, e, end) === 0x697c) e += 3;
  for (;;) {
    let p = e;
    let han = 0;
    while (han < 8) { const c = cp3(src, p, end); if (c < 0 || !isHan(c) || UNIT[c] === 1 || LEAD_STOP[c] === 1) break; p += 3; han++; }
    const q0 = p;
    // 锦绣城12-2-301: building, unit and room as one number.
    const triple = doorTripleEnd(src, q0, end);
    if (triple > 0) { e = triple; break; }
    while (p < end && ((src[p]! >= 48 && src[p]! <= 57) || ((src[p]! | 0x20) >= 97 && (src[p]! | 0x20) <= 122) || src[p] === 45)) p++;
    if (p === q0) break;
    const u = cp3(src, p, end);
    if (u === DAN && cp3(src, p + 3, end) === 0x5143) p += 6;
    else if (u >= 0 && UNIT[u] === 1 && u !== 0x5143) { p += 3; if (u === 0x53f7 && cp3(src, p, end) === 0x697c) p += 3; }
    else if (han === 0 && p - q0 >= 3 && p - q0 <= 4 && lastUnitIsDan(src, q0, end)) { e = p; break; } // 2单元402: the room without 室
    else if (han === 0 && doorGroups(src, q0, p)) { e = p; break; } // 南大街12号3-4: building and room after the door number
    else break;
    e = p;
  }
  st.emit(T_ADDRESS, s, e, admin === 1 ? 0.9 : 0.7);
  return e;
}
