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
export function tryEmail(st: ScanState, src: Uint8Array, cs: number, ce: number, at: number, atLen: number): number {
  let ls = at;
  while (ls > cs && src[ls - 1]! < 128 && LOCAL[src[ls - 1]!] === 1) ls--;
  if (ls === at) ls = hanLocalStart(src, cs, at);
  while (ls < at && src[ls] === 46) ls++;
  const next = at + atLen;
  if (ls === at) return next;
  // Domain: remember the end of the last label that can close an address.
  let p = next;
  let labels = 0;
  let labelLen = 0;
  let labelAlpha = true;
  let end = -1;
  for (;;) {
    const b = p < ce ? src[p]! : 0;
    const dot = b === 46 ? 1 : b === 0xef && src[p + 1] === 0xbc && src[p + 2] === 0x8e ? 3 : 0;
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
    if (labels >= 2 && labelAlpha && labelLen >= 2) end = p;
    if (dot === 0) break;
    p += dot;
    labelLen = 0;
    labelAlpha = true;
  }
  if (end < 0) return next;
  st.hits.dropFrom(ls);
  st.emit(T_EMAIL, ls, end, 0.95);
  return end;
}
