import { ACLASS, ScanState } from './scan-state.js';
import { T_EMAIL } from './types.js';
import { COMPOUND_SET, SURNAME_SET } from './tables.js';

/** Local-part bytes: letters, digits and . _ % + - */
const LOCAL = new Uint8Array(128);
/** Domain bytes: letters, digits, '-' (the dot is handled apart, as is the full-width `．`). */
const DOMAIN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const k = ACLASS[c]!;
  if (k >= 1 && k <= 3) { LOCAL[c] = 1; DOMAIN[c] = 1; }
}
for (const c of '._%+-') LOCAL[c.charCodeAt(0)] = 1;
DOMAIN[45] = 1;

/**
 * Han characters that end the word before a Chinese local part (邮箱张三@…, 发送至张三@…): the
 * local part starts after them. A Han local part is at most 4 characters (a name).
 */
const LEAD_STOP = new Uint8Array(65536);
for (const c of '箱件址为是的和或及与至到向给在：:，、号') LEAD_STOP[c.charCodeAt(0)] = 1;
const MAX_HAN_LOCAL = 4;

/** Code point of the 3-byte Han character ending just before `i` (not before `cs`), or -1. */
function hanBefore(src: Uint8Array, cs: number, i: number): number {
  if (i - 3 < cs) return -1;
  const b = src[i - 3]!;
  if (b < 0xe4 || b > 0xe9) return -1;
  const cp = ((b & 0x0f) << 12) | ((src[i - 2]! & 0x3f) << 6) | (src[i - 1]! & 0x3f);
  return cp >= 0x4e00 && cp <= 0x9fff ? cp : -1;
}

/**
 * Start of a Han local part ending at `at`: up to four Han characters back (not past a LEAD_STOP
 * character), then the leftmost surname that leaves at least two characters (备注张三@ → 张三@);
 * all of them when none does.
 */
function hanLocalStart(src: Uint8Array, cs: number, at: number): number {
  let ls = at;
  let n = 0;
  while (n < MAX_HAN_LOCAL) {
    const c = hanBefore(src, cs, ls);
    if (c < 0 || LEAD_STOP[c] === 1) break;
    ls -= 3;
    n++;
  }
  for (let k = ls; k + 6 <= at; k += 3) {
    const a = ((src[k]! & 0x0f) << 12) | ((src[k + 1]! & 0x3f) << 6) | (src[k + 2]! & 0x3f);
    const b = ((src[k + 3]! & 0x0f) << 12) | ((src[k + 4]! & 0x3f) << 6) | (src[k + 5]! & 0x3f);
    if (SURNAME_SET[a] === 1 || COMPOUND_SET.has(String.fromCharCode(a, b))) return k;
  }
  return ls;
}

/**
 * Called at an '@' (`atLen` 1) or a full-width '＠' (`atLen` 3): walk back over the local part
 * (ASCII, or up to four Han characters: 张三@163.com) and forward over the domain (labels of
 * letters, digits and '-', separated by '.' or '．'; at least two labels, the last of two or more
 * letters). Returns where scanning continues.
 */
export function tryEmail(st: ScanState, src: Uint8Array, cs: number, ce: number, at: number, atLen: number, knownTld = false): number {
  // Written apart to keep crawlers off (zhangwei @ 163.com, zhangwei (at) qq.com): one space each
  // side, read only when the address ends in a known top-level domain.
  const spaced = knownTld && at - 2 >= cs && src[at - 1] === 32 && src[at - 2]! < 128 && LOCAL[src[at - 2]!] === 1;
  const le = spaced ? at - 1 : at;
  let ls = le;
  while (ls > cs && src[ls - 1]! < 128 && LOCAL[src[ls - 1]!] === 1) ls--;
  if (ls === le && !knownTld) ls = hanLocalStart(src, cs, le);
  while (ls < le && src[ls] === 46) ls++;
  const next = at + atLen;
  // A spelled-out at-sign needs a local part of three characters or more (C#12.net is no address).
  if (ls === le || (knownTld && le - ls < 3)) return next;
  // Domain: remember the end of the last label that can close an address.
  let p = knownTld && src[next] === 32 ? next + 1 : next;
  let lastLabel = p;
  let closing = -1;
  let labels = 0;
  let labelLen = 0;
  let labelAlpha = true;
  let end = -1;
  for (;;) {
    const b = p < ce ? src[p]! : 0;
    // '.', '．' or '。' (an IME's full stop typed for the dot: zhangwei@163。com).
    const dot = b === 46 ? 1 : (b === 0xef && src[p + 1] === 0xbc && src[p + 2] === 0x8e) || (b === 0xe3 && src[p + 1] === 0x80 && src[p + 2] === 0x82) ? 3 : 0;
    const inLabel = dot === 0 && b !== 0 && b < 128 && DOMAIN[b] === 1;
    if (inLabel) {
      labelLen++;
      if (ACLASS[b]! < 2) labelAlpha = false;
      p++;
      continue;
    }
    // A label ends here.
    if (labelLen === 0) break;
    labels++;
    if (labels >= 2 && labelAlpha && labelLen >= 2) { end = p; closing = lastLabel; }
    if (dot === 0) break;
    p += dot;
    lastLabel = p;
    labelLen = 0;
    labelAlpha = true;
  }
  if (end < 0 || (knownTld && !tldAt(src, closing, end))) return next;
  st.hits.dropFrom(ls);
  st.emit(T_EMAIL, ls, end, 0.95);
  return end;
}

/** Top-level domains of the mail hosts people in China use: what an obfuscated address must end in. */
const KNOWN_TLD = new Set(['com', 'cn', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'cc', 'io', 'me', 'hk', 'tw', 'mo', 'top', 'vip', 'xyz']);
function tldAt(src: Uint8Array, s: number, e: number): boolean {
  if (e - s > 4) return false;
  let w = '';
  for (let k = s; k < e; k++) w += String.fromCharCode(src[k]! | 0x20);
  return KNOWN_TLD.has(w);
}

/**
 * An at-sign spelled to keep crawlers off, at `i`: `(at)`, `[at]` or `#` (请把#换成@), with the
 * local part before and a domain after (one space allowed each side), ending in a known top-level
 * domain (page#section.html is no address). Emits the email and returns its end, or -1.
 */
export function tryObfuscatedEmail(st: ScanState, src: Uint8Array, cs: number, ce: number, i: number): number {
  const c = src[i]!;
  let len = 0;
  if (c === 35) len = 1;
  else if ((c === 40 || c === 91) && i + 3 < ce && (src[i + 1]! | 0x20) === 97 && (src[i + 2]! | 0x20) === 116 && src[i + 3] === (c === 40 ? 41 : 93)) len = 4;
  if (len === 0 || i === cs) return -1;
  const before = st.hits.length;
  const m = tryEmail(st, src, cs, ce, i, len, true);
  return st.hits.length > before ? m : -1;
}
