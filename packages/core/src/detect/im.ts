import type { ScanState } from './scan-state.js';
import { T_QQ, T_WECHAT } from './types.js';

/*
 * QQ numbers and WeChat IDs. Neither has a shape of its own (a QQ number is 5 to 11 digits, a
 * WeChat ID 6 to 20 letters, digits, _ and -), so they are read only after a label (QQ：123456789,
 * 微信号 zhang_wei88, VX: …, 加V信 …) or in a column whose header names them (ScanState.imMode),
 * except wxid_…, the ID WeChat assigns, which is one by itself.
 */

export const IM_NONE = 0;
export const IM_QQ = 1;
export const IM_WECHAT = 2;

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function isLetter(b: number): boolean {
  return (b | 0x20) >= 97 && (b | 0x20) <= 122;
}

/** A byte of a WeChat ID: letter, digit, _ or -. */
function idByte(b: number): boolean {
  return isDigit(b) || isLetter(b) || b === 95 || b === 45;
}

/** Label kind of the letters [i, j): IM_QQ for qq, IM_WECHAT for wechat, weixin, vx, wx; else IM_NONE. */
export function asciiImLabel(src: Uint8Array, i: number, j: number): number {
  const n = j - i;
  const a = src[i]! | 0x20;
  const b = src[i + 1]! | 0x20;
  if (n === 2) {
    if (a === 113 && b === 113) return IM_QQ;
    if ((a === 118 || a === 119) && b === 120) return IM_WECHAT; // vx, wx
    return IM_NONE;
  }
  if (n === 6 && a === 119) {
    let w = '';
    for (let k = i; k < j; k++) w += String.fromCharCode(src[k]! | 0x20);
    return w === 'wechat' || w === 'weixin' ? IM_WECHAT : IM_NONE;
  }
  return IM_NONE;
}

/** `wxid_` at `i` followed by an ID: its end, or -1. */
export function wxidEnd(src: Uint8Array, ce: number, i: number): number {
  if (i + 5 >= ce || (src[i]! | 0x20) !== 119 || (src[i + 1]! | 0x20) !== 120 || (src[i + 2]! | 0x20) !== 105 || (src[i + 3]! | 0x20) !== 100 || src[i + 4] !== 95) return -1;
  let q = i + 5;
  while (q < ce && idByte(src[q]!)) q++;
  return q - (i + 5) >= 4 ? q : -1;
}

/** 3-byte character at `p` equals the bytes a, b, c. */
function han(src: Uint8Array, p: number, ce: number, a: number, b: number, c: number): boolean {
  return p + 2 < ce && src[p] === a && src[p + 1] === b && src[p + 2] === c;
}

/**
 * After a label ending at `p`: 号, 号码, 账号, ID, then separators (: ： space = 为 是), then the
 * account. Emits the hit; returns the account's end or -1. A letters-only WeChat ID needs a
 * colon or 号 after the label (微信 transfer is no ID, 微信号 zhangwei is).
 */
export function accountAfterLabel(st: ScanState, src: Uint8Array, ce: number, p: number, kind: number): number {
  let strong = false;
  for (let n = 0; n < 6 && p < ce; n++) {
    const b = src[p]!;
    // Not a dash: WX-20240015 is a code with a prefix, not an account after a label.
    if (b === 32 || b === 9 || b === 61) { p++; continue; }
    if (b === 58) { p++; strong = true; continue; }
    if (han(src, p, ce, 0xef, 0xbc, 0x9a)) { p += 3; strong = true; continue; } // ：
    if (han(src, p, ce, 0xe5, 0x8f, 0xb7)) { p += 3; strong = true; continue; } // 号
    if (han(src, p, ce, 0xe7, 0xa0, 0x81) || han(src, p, ce, 0xe3, 0x80, 0x80) || han(src, p, ce, 0xe4, 0xb8, 0xba) || han(src, p, ce, 0xe6, 0x98, 0xaf)) { p += 3; continue; } // 码 　 为 是
    if ((han(src, p, ce, 0xe8, 0xb4, 0xa6) || han(src, p, ce, 0xe5, 0xb8, 0x90)) && han(src, p + 3, ce, 0xe5, 0x8f, 0xb7)) { p += 6; strong = true; continue; } // 账号 帐号
    if ((b | 0x20) === 105 && p + 1 < ce && (src[p + 1]! | 0x20) === 100 && !(p + 2 < ce && isLetter(src[p + 2]!))) { p += 2; strong = true; continue; } // ID
    break;
  }
  if (p >= ce) return -1;
  return accountAt(st, src, ce, p, kind, strong);
}

/** The account at `p` (see accountAfterLabel): emits and returns its end, or -1. */
function accountAt(st: ScanState, src: Uint8Array, ce: number, p: number, kind: number, strong: boolean): number {
  const wx = wxidEnd(src, ce, p);
  if (wx > 0) { st.emit(T_WECHAT, p, wx, 0.95); return wx; }
  let q = p;
  while (q < ce && idByte(src[q]!)) q++;
  // An email (qq 123456@qq.com) is the email detector's; a longer token is something else.
  if (q === p || (q < ce && src[q] === 64)) return -1;
  let digits = 0;
  let letters = 0;
  for (let k = p; k < q; k++) { if (isDigit(src[k]!)) digits++; else if (isLetter(src[k]!)) letters++; }
  const n = q - p;
  const qqShaped = digits === n && n >= 5 && n <= 11 && src[p] !== 48;
  if (kind === IM_QQ) {
    if (!qqShaped) return -1;
    st.emit(T_QQ, p, q, 0.9);
    return q;
  }
  // WeChat: a QQ number or a mobile (accounts made from either), or 6-20 characters starting with a letter.
  if (qqShaped) { st.emit(T_WECHAT, p, q, 0.85); return q; }
  if (!isLetter(src[p]!) || n < 6 || n > 20) return -1;
  if (letters === n && !strong) return -1;
  st.emit(T_WECHAT, p, q, 0.85);
  return q;
}

/** Han labels ending with the character at `i` (信 of 微信, 薇信, 威信, V信; the second 扣 of 扣扣): IM kind or IM_NONE. */
export function hanImLabel(src: Uint8Array, cs: number, i: number, cp: number): number {
  if (cp === 0x4fe1) {
    // 信 after 微 薇 威, or after v / V.
    if (i - 1 >= cs && (src[i - 1]! | 0x20) === 118 && !(i - 2 >= cs && isLetter(src[i - 2]!))) return IM_WECHAT;
    if (i - 3 < cs) return IM_NONE;
    const a = src[i - 3]!, b = src[i - 2]!, c = src[i - 1]!;
    if ((a === 0xe5 && b === 0xbe && c === 0xae) || (a === 0xe8 && b === 0x96 && c === 0x87) || (a === 0xe5 && b === 0xa8 && c === 0x81)) return IM_WECHAT;
    return IM_NONE;
  }
  if (cp === 0x6263 && i - 3 >= cs && src[i - 3] === 0xe6 && src[i - 2] === 0x89 && src[i - 1] === 0xa3) return IM_QQ; // 扣扣
  return IM_NONE;
}

/** A whole cell [s, e) (spaces trimmed) under a QQ or WeChat header that is one account. */
export function wholeCellAccount(st: ScanState, src: Uint8Array, s: number, e: number): boolean {
  while (s < e && src[s] === 32) s++;
  while (e > s && src[e - 1] === 32) e--;
  if (e - s < 5 || e - s > 24) return false;
  const before = st.hits.length;
  const end = accountAt(st, src, e, s, st.imMode, true);
  if (end === e) return true;
  st.hits.length = before;
  return false;
}

/**
 * QQ glued to its number (QQ196876765, qq12345678): the letters-only label path never sees the
 * token, as it is one alphanumeric token. The digits after the two letters are read as after a
 * label; returns the account's end or -1.
 */
export function gluedQq(st: ScanState, src: Uint8Array, ce: number, i: number, j: number): number {
  if ((src[i]! | 0x20) !== 113 || (src[i + 1]! | 0x20) !== 113) return -1;
  for (let k = i + 2; k < j; k++) if (!isDigit(src[k]!)) return -1;
  const m = accountAt(st, src, ce, i + 2, IM_QQ, false);
  return m === j ? m : -1;
}
