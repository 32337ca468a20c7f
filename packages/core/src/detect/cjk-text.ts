import { COMPOUND_SET, NAME_CONTEXT, STOP_SET, SURNAME_SET } from './tables.js';

/*
 * Detectors over decoded text, run only on cells where the byte scanner saw a trigger character
 * (the last character of a name context word, or an address number marker). Spans are UTF-16
 * indices into `text`; the caller converts them.
 */

function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/** Length of a surname at `k` (2 for compound, 1 for single), or 0. */
function surnameAt(text: string, k: number): number {
  if (k + 1 < text.length && COMPOUND_SET.has(text.slice(k, k + 2))) return 2;
  return SURNAME_SET[text.charCodeAt(k)] === 1 ? 1 : 0;
}

/** Name spans after context words: `当事人：张三`, `联系人王小明，`. Pushes [start, end) pairs. */
export function findNamesAfterContext(text: string, out: number[]): void {
  for (const w of NAME_CONTEXT) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(w, from);
      if (at < 0) break;
      from = at + w.length;
      let k = from;
      while (k < text.length) {
        const c = text.charCodeAt(k);
        if (c === 0xff1a || c === 58 || c === 32 || c === 0x3000 || c === 0x4e3a || c === 0x662f) k++;
        else break;
      }
      const sl = surnameAt(text, k);
      if (sl === 0) continue;
      let g = k + sl;
      let given = 0;
      while (given < 2 && g < text.length) {
        const c = text.charCodeAt(g);
        if (!isHan(c) || STOP_SET[c] === 1) break;
        given++;
        g++;
      }
      if (given === 0) continue;
      // "某" names (张某, 李某某) are already pseudonymised by the agency.
      if (text.charCodeAt(k + sl) === 0x67d0) continue;
      if (out.length > 0 && out[out.length - 2] === k) continue;
      out.push(k, g);
    }
  }
}

/** A whole cell that is a name: 2-4 Han characters starting with a surname, or a `·` name. */
export function wholeCellName(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 16) return false;
  let dot = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 0xb7 || c === 0x30fb || c === 0x2022) { if (k === 0 || k === n - 1) return false; dot++; }
    else if (!isHan(c)) return false;
  }
  if (dot > 0) return n >= 4;
  if (n > 4) return false;
  if (text.charCodeAt(1) === 0x67d0) return false;
  return surnameAt(text, 0) > 0 && (n > 2 || surnameAt(text, 0) === 1);
}

const ROAD = new Set(['路', '街', '巷', '道', '弄', '村', '里', '同', '组', '区', '苑', '园', '庄']);
const ADMIN = /省|自治区|市|自治州|盟|区|县|旗|镇|乡|街道/;
const NUMERAL = /[0-9０-９一二三四五六七八九十百零〇-]/;
/** Words that end just before an address starts. */
const LEAD_IN = ['住址', '地址', '住所', '位于', '家住', '居住', '坐落于', '地点', '经营场所', '住', '于', '在', '至', '到', '为', '是', '址', '：', ':'];

/**
 * Addresses anchored on a house number: Han text ending in a road/village unit, digits, 号 (or 弄),
 * optionally followed by building/room parts. The left edge is cut after a lead-in word;
 * the confidence is higher when an administrative unit (省 市 区 县 ...) is present.
 */
export function findAddresses(text: string, out: number[], conf: number[]): void {
  let from = 0;
  for (;;) {
    let k = text.indexOf('号', from);
    const k2 = text.indexOf('弄', from);
    if (k < 0 || (k2 >= 0 && k2 < k)) k = k2;
    if (k < 0) return;
    from = k + 1;
    let j = k - 1;
    while (j >= 0 && NUMERAL.test(text[j]!)) j--;
    if (j === k - 1 || j < 1 || !ROAD.has(text[j]!)) continue;
    // Walk left over Han characters (at most 30).
    let s = j;
    while (s > 0 && j - s < 30 && isHan(text.charCodeAt(s - 1))) s--;
    let head = text.slice(s, j + 1);
    let cut = 0;
    for (const w of LEAD_IN) {
      const at = head.lastIndexOf(w);
      if (at >= 0 && at + w.length > cut && at + w.length < head.length - 1) cut = at + w.length;
    }
    s += cut;
    head = head.slice(cut);
    if (head.length < 2) continue;
    // Extend right over building and room parts: 3号楼2单元501室.
    let e = k + 1;
    const tail = /^(?:[0-9A-Za-z０-９-]+(?:号楼|栋|幢|单元|室|层|楼|号|座))+/.exec(text.slice(e));
    if (tail) e += tail[0].length;
    out.push(s, e);
    conf.push(ADMIN.test(head) ? 0.9 : 0.7);
    from = e;
  }
}
