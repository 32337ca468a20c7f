import { ACLASS, ScanState, contextBefore, isAlnum } from './scan-state.js';
import { foreignPr15Valid, foreignPrStructure18, hkIdValid, id15Valid, imeiValid, idCheck18, idStructure18, luhnDigits, luhnValid, orgCodeValid, twIdValid, usccValid, vinValid } from './checksums.js';
import { BANK_CONTEXT, ID_CONTEXT, INVOICE_CONTEXT, MOBILE_LABEL_CONTEXT, PASSPORT_CONTEXT, PHONE_CONTEXT, USCC_FIRST } from './tables.js';
import {
  T_BANK_CARD, T_CN_ID, T_CN_ID15, T_CN_LANDLINE, T_CN_MOBILE, T_CN_PASSPORT, T_CN_USCC, T_HK_ID, T_HK_MO_TW_PERMIT, T_PERSONAL_NUMBER, T_TW_ID, T_VIN,
} from './types.js';
import { tryIpv4 } from './ip.js';
import { jsonNameValue } from './json-key.js';
import { compactDateAt } from './value-kind.js';
import { mixedLandline } from './landline-mixed.js';
import { serialByWording } from './serial-label.js';

/*
 * Classification of one ASCII alphanumeric token `src[s, e)` (maximal, so both boundaries are
 * non-alphanumeric). Digit-only tokens are classified by length and validated only then.
 * Each function returns the index where scanning continues (>= e).
 */

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function allDigits(src: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (!isDigit(src[k]!)) return false;
  return true;
}

/**
 * An ID label (身份证号码：, 证件号, 公民身份号码为) right before `s`: the label starts at most 24
 * bytes back, so a wrong check digit is read as an ID only when the number is the labelled one,
 * not any number that follows a 香港身份证 or 台湾身份证字号 further on.
 */
export function idLabelBefore(src: Uint8Array, cs: number, s: number): boolean {
  return contextBefore(src, cs, s, ID_CONTEXT, 24);
}

function mobileAt(st: ScanState, src: Uint8Array, s: number): boolean {
  return src[s] === 49 && st.mobile[(src[s + 1]! - 48) * 10 + (src[s + 2]! - 48)] === 1;
}

/** Bank identification prefixes kept broad: UnionPay 62/60/65, Visa 4, Mastercard 5, JCB 35, old domestic 9. */
function bankPrefix(b0: number): boolean {
  return b0 === 54 || b0 === 52 || b0 === 53 || b0 === 51 || b0 === 57;
}

/** 17-19 digit cards: UnionPay 62/60/65 and old domestic 95 (9558…) prefixes only; Visa and Mastercard are 16 digits. */
function longCardPrefix(a: number, b: number): boolean {
  return (a === 54 && (b === 50 || b === 48 || b === 53)) || (a === 57 && b === 53);
}

function bankCard(st: ScanState, src: Uint8Array, cs: number, s: number, e: number, idLike: boolean): void {
  const prefix = e - s === 16 ? bankPrefix(src[s]!) : longCardPrefix(src[s]!, src[s + 1]!);
  const luhn = luhnValid(src, s, e - s);
  // Context is looked up only for the rare candidates that need it.
  if (luhn && prefix && !idLike) { st.emit(T_BANK_CARD, s, e, 0.9); return; }
  if (!prefix && !luhn) return;
  const ctx = contextBefore(src, cs, s, BANK_CONTEXT);
  if (ctx) st.emit(T_BANK_CARD, s, e, luhn ? 0.95 : 0.7);
  else if (luhn) st.emit(T_BANK_CARD, s, e, 0.45);
  else st.emit(T_BANK_CARD, s, e, 0.3);
}

/** Department + category pairs of all-digit USCCs: 1x government, 5x social organisations, 9x enterprises. */
function digitUsccHead(a: number, b: number): boolean {
  return (a === 49 || a === 53 || a === 57) && (b === 49 || b === 50 || b === 51 || b === 57);
}

function uscc(st: ScanState, src: Uint8Array, s: number, digitsOnly: boolean): boolean {
  // An all-digit string passes the mod-31 check 1 time in 31: demand a known head and the embedded org code too.
  if (digitsOnly && !digitUsccHead(src[s]!, src[s + 1]!)) return false;
  if (!usccValid(src, s)) return false;
  const org = orgCodeValid(src, s + 8);
  if (digitsOnly && !org) return false;
  let conf = USCC_FIRST[src[s]!] === 1 ? 0.9 : 0.7;
  if (org) conf += 0.08;
  st.emit(T_CN_USCC, s, s + 18, conf);
  return true;
}

/** `0xx-xxxxxxx`, `(0xxx)xxxxxxxx`, `（0xxx）xxxxxxx`, `0xxx xxxxxxx`: area code token at [s, e). */
function landlineSeparated(st: ScanState, src: Uint8Array, ce: number, s: number, e: number): number {
  const L = e - s;
  if (src[s + 1] === 48) return -1;
  if (L === 3 && !(src[s + 1] === 49 && src[s + 2] === 48) && src[s + 1] !== 50) return -1;
  const sep = src[e];
  // The full-width bracket （0543）, as an IME types it: EF BC 89 after the area code.
  const wide = sep === 0xef && src[e + 1] === 0xbc && src[e + 2] === 0x89;
  if (sep !== 45 && sep !== 41 && sep !== 32 && !wide) return -1;
  const n = e + (wide ? 3 : 1);
  let m = n;
  while (m < ce && isDigit(src[m]!)) m++;
  const len = m - n;
  if (len < 7 || len > 8 || src[n] === 48 || src[n] === 49) return -1;
  if (m < ce && isAlnum(src[m]!)) return -1;
  // A full-width digit goes on with the number (8357266６): landline-mixed.ts reads it whole.
  if (m + 2 < ce && src[m] === 0xef && src[m + 1] === 0xbc && src[m + 2]! >= 0x90 && src[m + 2]! <= 0x99) return -1;
  const start = sep === 41 && s > 0 && src[s - 1] === 40 ? s - 1
    : wide && s >= 3 && src[s - 3] === 0xef && src[s - 2] === 0xbc && src[s - 1] === 0x88 ? s - 3 : s;
  st.emit(T_CN_LANDLINE, start, m, sep === 32 ? 0.6 : 0.85);
  return m;
}

/** Landline written without separator: 010/02x + 8 digits, or 0xxx + 7-8 digits. */
function landlineJoined(st: ScanState, src: Uint8Array, s: number, e: number): void {
  const L = e - s;
  const b1 = src[s + 1]!;
  if (b1 === 48) return;
  const short = (b1 === 49 && src[s + 2] === 48) || b1 === 50;
  const local = short ? L - 3 : L - 4;
  if (short ? local !== 8 : local < 7 || local > 8) return;
  const first = src[e - local]!;
  if (first === 48 || first === 49) return;
  st.emit(T_CN_LANDLINE, s, e, 0.55);
}

/**
 * Card numbers in groups of four (`6222 0212 3456 7890 123`), or led by the 6-digit issuer
 * number as bank letters print it (`622848 0012 3456 78901`); the last group may be shorter or
 * longer (1 to 6 digits), every group before it has four.
 */
function groupedCard(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number): number {
  const sep = src[e];
  if (sep !== 32 && sep !== 45) return -1;
  const digits: number[] = [];
  for (let k = s; k < e; k++) digits.push(src[k]! - 48);
  let p = e;
  while (p < ce && src[p] === sep) {
    let q = p + 1;
    while (q < ce && isDigit(src[q]!)) q++;
    const g = q - p - 1;
    if (g < 1 || g > 6) break;
    for (let k = p + 1; k < q; k++) digits.push(src[k]! - 48);
    p = q;
    // Past 19 digits it is no card: stop, or a cell of thousands of 4-digit groups costs a walk
    // to its end from every group (quadratic: 100 KB of "3713-3713-…" took 20 s to scan).
    if (g !== 4 || digits.length > 19) break;
  }
  if (digits.length < 16 || digits.length > 19) return -1;
  if (p < ce && isAlnum(src[p]!)) return -1;
  const luhn = luhnDigits(digits);
  const ctx = contextBefore(src, cs, s, BANK_CONTEXT);
  // 18 digits shaped like an ID (province, birth date) that failed its check digit: an ID typo
  // or a code, not a card unless the text says so (as for unspaced numbers).
  const idLike = digits.length === 18 && idStructure18(Uint8Array.from(digits, (d) => d + 48), 0);
  const conf = luhn ? (ctx ? 0.95 : idLike ? 0.45 : 0.85) : ctx ? 0.7 : 0.3;
  st.emit(T_BANK_CARD, s, p, conf);
  return conf >= st.minConfidence ? p : -1;
}

export function digitToken(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number): number {
  const L = e - s;
  const b0 = src[s]!;
  // 军字第12345678号, 台胞证号：12345678: numbers their wording marks (serial-label.ts); Han text right before.
  if (L >= 6 && L <= 10 && s > cs && (src[s - 1]! >= 0x80 || src[s - 1] === 32 || src[s - 1] === 58) && serialByWording(st, src, cs, ce, s, e)) return e;
  switch (L) {
    case 18:
      if (idStructure18(src, s)) {
        if (idCheck18(src, s)) { st.emit(T_CN_ID, s, e, 0.99); return e; }
        // A wrong check digit after 身份证号: a mistyped ID, which still identifies the person.
        if (st.idMode || idLabelBefore(src, cs, s)) { st.emit(T_CN_ID, s, e, 0.8); return e; }
        // An ID that Excel stored as a number keeps 15 significant digits (371602198003041000):
        // region, birth date and two sequence digits still point at the person.
        if (src[s + 15] === 48 && src[s + 16] === 48 && src[s + 17] === 48) { st.emit(T_CN_ID, s, e, 0.85); return e; }
        // A mistyped ID or an order number: neither a USCC nor a card unless the text says so.
        bankCard(st, src, cs, s, e, true);
        return e;
      }
      // A foreign permanent residence ID of 2023 (9 and a province: checksums.ts): the holder's ID card.
      if (b0 === 57 && foreignPrStructure18(src, s) && idCheck18(src, s)) { st.emit(T_CN_ID, s, e, 0.95); return e; }
      if (!uscc(st, src, s, true)) bankCard(st, src, cs, s, e, false);
      return e;
    case 15:
      if (id15Valid(src, s)) { st.emit(T_CN_ID15, s, e, 0.85); return e; }
      if (b0 === 48 && src[s + 1] === 48 && src[s + 2] === 56 && src[s + 3] === 54 && mobileAt(st, src, s + 4)) {
        st.emit(T_CN_MOBILE, s, e, 0.9);
        return e;
      }
      // A phone's IMEI (checksums.ts): the device, and so its owner.
      if (imeiValid(src, s)) st.emit(T_PERSONAL_NUMBER, s, e, 0.8);
      return e;
    case 11:
      if (b0 === 49) {
        if (mobileAt(st, src, s)) st.emit(T_CN_MOBILE, s, e, 0.95);
        // After 电话 or 手机 a segment not opened when this was written (194, 160…) is still a phone.
        else if (contextBefore(src, cs, s, MOBILE_LABEL_CONTEXT, 12)) st.emit(T_CN_MOBILE, s, e, 0.7);
      }
      else if (b0 === 48) landlineJoined(st, src, s, e);
      return e;
    case 12:
      // 发票代码013001900111: an invoice's 12-digit code starts with 0 as a dialled number does.
      if (b0 !== 48 || contextBefore(src, cs, s, INVOICE_CONTEXT, 15)) return e;
      // 0 before a mobile (013812345678), as switchboards dial it from another area.
      if (src[s + 1] === 49 && mobileAt(st, src, s + 1)) { st.emit(T_CN_MOBILE, s, e, 0.85); return e; }
      landlineJoined(st, src, s, e);
      return e;
    case 7: case 8:
      // A local number without its area code right after a phone label (电话：3161234): a county
      // office's extract writes its own area's numbers so.
      if (b0 >= 50 && !(L === 8 && compactDateAt(src, s)) && contextBefore(src, cs, s, PHONE_CONTEXT, 12) && !(e < ce && isAlnum(src[e]!))) {
        st.emit(T_CN_LANDLINE, s, e, 0.7);
        return e;
      }
      break;
    case 13:
      if (b0 === 56 && src[s + 1] === 54 && mobileAt(st, src, s + 2)) {
        const plus = s > cs && src[s - 1] === 43;
        st.emit(T_CN_MOBILE, plus ? s - 1 : s, e, plus ? 0.95 : 0.85);
      }
      return e;
    case 20:
      // A disability certificate number (残疾人证号): the holder's ID and two digits, the category
      // (1-7) and the grade (1-4). A remark's 原证号… published 140 of 1,500 IDs with exit 0
      // (test/unseen-domains-12): a 20-digit run was no shape any detector read.
      if (disabilityTail(src, s + 18) && idStructure18(src, s) && idCheck18(src, s)) { st.emit(T_CN_ID, s, e, 0.95); return e; }
      return e;
    case 16: case 17: case 19:
      // An Alipay user ID (2088 and 12 digits): the account, which names its holder.
      if (L === 16 && b0 === 50 && src[s + 1] === 48 && src[s + 2] === 56 && src[s + 3] === 56) { st.emit(T_PERSONAL_NUMBER, s, e, 0.8); return e; }
      bankCard(st, src, cs, s, e, false);
      return e;
    case 3: case 4: {
      if (e < ce) {
        const nx = src[e]!;
        if (b0 === 48) {
          const m = landlineSeparated(st, src, ce, s, e);
          if (m > 0) return m;
          // Full-width digits after the area code, or the local number in two groups (landline-mixed.ts).
          const x = mixedLandline(st, src, cs, ce, s);
          if (x > 0) return x;
        }
        if (L === 4 && bankPrefix(b0) && (nx === 32 || nx === 45)) { const m = groupedCard(st, src, cs, ce, s, e); if (m > 0) return m; }
      }
      break;
    }
    case 6:
      // The issuer number first, as a bank letter groups it (622848 0012 3456 78901).
      if (e < ce && (src[e] === 32 || src[e] === 45) && bankPrefix(b0)) { const m = groupedCard(st, src, cs, ce, s, e); if (m > 0) return m; }
      break;
    default:
      break;
  }
  // 0 or 02 typed in ASCII before full-width digits (0２１-6234５678): the area code goes on in them.
  if (b0 === 48 && L <= 2 && e + 2 < ce && src[e] === 0xef) { const x = mixedLandline(st, src, cs, ce, s); if (x > 0) return x; }
  if (L <= 3 && e < ce && src[e] === 46) { const m = tryIpv4(st, src, ce, s); if (m > 0) return m; }
  return e;
}

/** The two digits a disability certificate adds to the holder's ID: the category 1-7, the grade 1-4. */
const disabilityTail = (src: Uint8Array, at: number): boolean => src[at]! >= 49 && src[at]! <= 55 && src[at + 1]! >= 49 && src[at + 1]! <= 52;

/**
 * An ID glued to Latin letters (`abc37010219871210507Xdef`): a run of exactly 18 digits, or 17
 * and an X, inside a longer token. Only the check digit keeps chance matches out, so nothing
 * weaker (a mobile, a card) is read inside such tokens.
 */
function gluedId(st: ScanState, src: Uint8Array, s: number, e: number): number {
  let a = s;
  while (a < e) {
    if (!isDigit(src[a]!)) { a++; continue; }
    let b = a;
    while (b < e && isDigit(src[b]!)) b++;
    const n = b - a;
    // 17 digits and an X, the X not followed by a digit (…002X0 is a code, not an ID), unless the
    // token ends in a disability certificate's two digits (…123X42: the ID, category and grade).
    const xAt = n === 17 && b < e && (src[b]! | 0x20) === 120;
    const certificate = xAt && b + 3 === e && disabilityTail(src, b + 1);
    const x = xAt && (!(b + 1 < e && isDigit(src[b + 1]!)) || certificate);
    if ((n === 18 || x) && idStructure18(src, a) && idCheck18(src, a)) st.emit(T_CN_ID, a, certificate ? e : a + 18, 0.9);
    a = b;
  }
  return e;
}

/**
 * Letters that say the 11 digits glued to them are a phone number (tel13812345678, mob13812345678,
 * 13812345678ext): only these. Product serials glue letters to digits too (SN13812345678,
 * A13812345678B), and a mobile's shape has no check digit to tell them apart: measured on
 * generated serials in detect-spellings.test.ts.
 */
const PHONE_WORDS = new Set(['tel', 'tele', 'mob', 'mobile', 'phone', 'cell', 'no', 'num']);
const PHONE_TAIL = new Set(['', 'x', 'ext', ...PHONE_WORDS]);

/** A mobile glued to letters that name a phone; true when one was emitted. */
function gluedMobile(st: ScanState, src: Uint8Array, s: number, e: number): boolean {
  let a = s;
  while (a < e && !isDigit(src[a]!)) a++;
  let b = a;
  while (b < e && isDigit(src[b]!)) b++;
  if (b - a !== 11 || !mobileAt(st, src, a)) return false;
  for (let k = b; k < e; k++) if (isDigit(src[k]!)) return false;
  // Cold: only tokens of letters around exactly 11 digits get here.
  const head = String.fromCharCode(...src.subarray(s, a)).toLowerCase();
  const tail = String.fromCharCode(...src.subarray(b, e)).toLowerCase();
  if (!(PHONE_WORDS.has(head) && PHONE_TAIL.has(tail)) && !(head === '' && tail !== '' && PHONE_TAIL.has(tail))) return false;
  st.emit(T_CN_MOBILE, a, b, 0.8);
  return true;
}

/** Tokens with letters: USCC, 18-char IDs ending in X, passports, permits, HK and TW IDs, mobiles after tel/mob/phone. */
export function alphaToken(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number, letters: number): number {
  const L = e - s;
  if (letters === L && src[e] === 34) { const m = jsonNameValue(st, src, cs, ce, s, e); if (m > 0) return m; }
  const b0 = src[s]!;
  if (L - letters === 11 && letters <= 7 && gluedMobile(st, src, s, e)) return e;
  if (L > 18 && L - letters >= 17) return gluedId(st, src, s, e);
  // A VIN (车架号): 17 characters with letters, its check character right (1 random token in 11 passes it).
  if (L === 17 && vinValid(src, s)) { st.emit(T_VIN, s, e, 0.9); return e; }
  if (L === 18) {
    if (letters === 1 && (src[e - 1]! | 0x20) === 120 && allDigits(src, s, e - 1) && (idStructure18(src, s) || foreignPrStructure18(src, s))) {
      if (idCheck18(src, s)) {
        st.emit(T_CN_ID, s, e, 0.99);
        return e;
      }
      if (st.idMode || idLabelBefore(src, cs, s)) {
        st.emit(T_CN_ID, s, e, 0.8);
        return e;
      }
    }
    uscc(st, src, s, false);
    return e;
  }
  // A foreign permanent residence ID of 2004: nationality letters, province, birth date (checksums.ts).
  if (L === 15 && letters === 3 && foreignPr15Valid(src, s)) { st.emit(T_CN_ID, s, e, 0.85); return e; }
  if (letters > 2) return e;
  // A passport or permit number typed in lower case (e12345678, h12345678) is the same document's:
  // one lower-case letter before the digits is read as its capital.
  if (ACLASS[b0] === 3 && letters === 1 && (L === 9 || L === 11)) {
    const before = st.hits.length;
    upper.set(src.subarray(s, e));
    upper[0] = b0 & 0xdf;
    alphaToken(st, upper, 0, L, 0, L, 1);
    const h = st.hits;
    for (let k = before; k < h.length; k++) { h.start[k] = h.start[k]! + s; h.end[k] = h.end[k]! + s; }
    return e;
  }
  if (ACLASS[b0] !== 2) return e;
  const b1 = src[s + 1]!;
  if (L === 9) {
    if (letters === 1 && allDigits(src, s + 1, e)) {
      // 国药准字H20063082, 国药准字S…: a drug's approval number, the letter its class, not a permit or passport.
      if (approvalWordBefore(src, cs, s)) return e;
      // E/K/G/D/S/P + 8 digits: passport; H/M + 8 digits, C + 8 digits (往来港澳) or L + 8 digits
      // (往来台湾通行证, the electronic permit of 2017): travel permits.
      if (b0 === 69 || b0 === 75 || b0 === 71 || b0 === 68 || b0 === 83 || b0 === 80) return passport(st, src, cs, s, e);
      if (b0 === 72 || b0 === 77 || b0 === 67 || b0 === 76) { st.emit(T_HK_MO_TW_PERMIT, s, e, 0.7); return e; }
      return e;
    }
    if (letters === 2 && ACLASS[b1] === 2 && allDigits(src, s + 2, e)) {
      if (hkIdValid(src, s, 2, src[e - 1]!)) { st.emit(T_HK_ID, s, e, 0.85); return e; }
      const pair = b0 * 256 + b1;
      if ((b0 === 69 && b1 >= 65 && b1 <= 70) || pair === 0x4445 || pair === 0x5345 || pair === 0x5045 || pair === 0x4b4a || pair === 0x4d41) {
        return passport(st, src, cs, s, e);
      }
      if (b0 === 67 && b1 !== 73 && b1 !== 79) { st.emit(T_HK_MO_TW_PERMIT, s, e, 0.7); return e; }
    }
    return e;
  }
  if (L === 11 && letters === 1 && (b0 === 72 || b0 === 77) && allDigits(src, s + 1, e)) {
    st.emit(T_HK_MO_TW_PERMIT, s, e, 0.8);
    return e;
  }
  if (L === 10 && letters === 1 && (b1 === 49 || b1 === 50) && allDigits(src, s + 1, e)) {
    if (twIdValid(src, s)) st.emit(T_TW_ID, s, e, 0.9);
    return e;
  }
  // Hong Kong ID: A123456(7), AB123456(A), A1234567.
  const nl = letters === 2 && ACLASS[b1] === 2 ? 2 : letters === 1 ? 1 : 0;
  if (nl > 0 && L === nl + 6 && allDigits(src, s + nl, e) && src[e] === 40 && e + 2 < ce && src[e + 2] === 41) {
    const c = src[e + 1]!;
    if ((isDigit(c) || c === 65) && hkIdValid(src, s, nl, c)) { st.emit(T_HK_ID, s, e + 3, 0.9); return e + 3; }
  }
  if (nl === 1 && L === 8 && allDigits(src, s + 1, e) && hkIdValid(src, s, 1, src[e - 1]!)) {
    st.emit(T_HK_ID, s, e, 0.6);
    return e;
  }
  return e;
}

/** 准字 right before `s` (国药准字, 卫食健字 are written so): the letter and digits after it are an approval number. */
function approvalWordBefore(src: Uint8Array, cs: number, s: number): boolean {
  return s - 6 >= cs && src[s - 6] === 0xe5 && src[s - 5] === 0x87 && src[s - 4] === 0x86 && src[s - 3] === 0xe5 && src[s - 2] === 0xad && src[s - 1] === 0x97;
}

function passport(st: ScanState, src: Uint8Array, cs: number, s: number, e: number): number {
  st.emit(T_CN_PASSPORT, s, e, contextBefore(src, cs, s, PASSPORT_CONTEXT) ? 0.9 : 0.7);
  return e;
}

/** A lower-case passport or permit number, its first letter upper-cased (the longest is 11 bytes). */
const upper = new Uint8Array(11);
