import type { ScanState } from './scan-state.js';
import { T_HK_MO_TW_PERMIT, T_PERSONAL_NUMBER } from './types.js';

/*
 * Document numbers that only their wording marks, read at a digit token of 6 to 10 digits:
 * - a certificate serial written 字第 n 号 (军字第12345678号, 南字第468417号, 政字第 32096938 号): the
 *   form of officers' cards (军官证, 文职干部证, 士兵证) and of the old house and land certificates
 *   (京房权证字第…号), each issued to one person; 6 to 8 digits between 字第 and 号;
 * - a Taiwan resident's travel permit (台胞证, 台湾居民来往大陆通行证): 8 digits, 10 with the
 *   renewal count, which look like any number, right after their label.
 * labelled-number.ts reads the other labelled numbers (个人编号, 不动产权第…); these two emit
 * their own types, so they live apart.
 */

const enc = new TextEncoder();
const ZI_DI = enc.encode('字第');
const HAO = enc.encode('号');
const TW_LABELS = ['台胞证', '台湾居民来往大陆通行证', '台湾通行证', '大陆通行证'].map((w) => enc.encode(w));
/** Bytes allowed between a Taiwan permit's label and the number: 号, 号码, ：, :, 为, spaces (号码： is 9). */
const TW_GAP = 12;

function at(src: Uint8Array, p: number, w: Uint8Array, cs: number, ce: number): boolean {
  if (p < cs || p + w.length > ce) return false;
  for (let k = 0; k < w.length; k++) if (src[p + k] !== w[k]) return false;
  return true;
}

/** Emits the number at `src[s, e)` (digits only) when its wording marks it; true when it did. */
export function serialByWording(st: ScanState, src: Uint8Array, cs: number, ce: number, s: number, e: number): boolean {
  const L = e - s;
  let b = s;
  while (b > cs && src[b - 1] === 32) b--;
  if (b === cs || src[b - 1]! < 0x80) return false;
  if (L >= 6 && L <= 8 && at(src, b - 6, ZI_DI, cs, ce)) {
    let a = e;
    while (a < ce && src[a] === 32) a++;
    if (at(src, a, HAO, cs, ce)) { st.emit(T_PERSONAL_NUMBER, s, e, 0.8); return true; }
  }
  if ((L === 8 || L === 10) && zhengWithin(src, cs, b)) {
    for (const w of TW_LABELS) {
      for (let p = b - w.length; p >= Math.max(cs, b - w.length - TW_GAP); p--) {
        if (!at(src, p, w, cs, ce)) continue;
        // Only 号, 码, ：, 为, 是 and spaces between the label and the number.
        if (!gapOk(src, p + w.length, s)) return false;
        st.emit(T_HK_MO_TW_PERMIT, s, e, 0.8);
        return true;
      }
    }
  }
  return false;
}

/** 证 (E8 AF 81), with which every Taiwan permit label ends, within TW_GAP bytes before `b`: the cheap test first. */
function zhengWithin(src: Uint8Array, cs: number, b: number): boolean {
  for (let p = b - 3; p >= cs && p >= b - 3 - TW_GAP; p--) if (src[p] === 0xe8 && src[p + 1] === 0xaf && src[p + 2] === 0x81) return true;
  return false;
}

const GAP_CHARS = ['号', '码', '：', '为', '是'].map((c) => enc.encode(c));
function gapOk(src: Uint8Array, p: number, s: number): boolean {
  while (p < s) {
    const b = src[p]!;
    if (b === 32 || b === 58) { p++; continue; }
    const w = GAP_CHARS.find((g) => at(src, p, g, p, s));
    if (!w) return false;
    p += w.length;
  }
  return true;
}
