import type { ScanState } from './scan-state.js';
import { ROMAN_SURNAMES, STRICT_SYLLABLES, SYLLABLES, romanizedSurname } from './romanized-name.js';
import { T_PERSON_NAME } from './types.js';
import { hanNameBesidePinyin } from './name-beside-pinyin.js';

/*
 * Pinyin names inside free text (contact Zhang Wei at the office, 联系人 Wang Xiaoming, LI Na 已到场).
 * Two or three capitalised words, each one or more pinyin syllables, read as a name when one of:
 *  - the first word is a surname in capitals and the next is capitalised (LI Na, ZHANG WEI): the
 *    way passports and visas write names, which English words rarely look like;
 *  - the first word is a surname and Chinese text touches the name (联系人 Wang Xiaoming, Li Na 已到场):
 *    in a Chinese note, romanized words are names far more often than anything else;
 *  - an English word that introduces a person comes right before (contact, Mr, driver, passenger …);
 *    then the surname may come last too (contact Wei Zhang).
 *  - with nothing else, exactly two Title-case words (Zhang Wei called twice, Ouyang Xiaoming): the
 *    first a surname, both spelled as Hanyu Pinyin spells (STRICT_SYLLABLES: no Going, Some, King),
 *    the second not ending in a syllable no given name ends in but English words do (me, ne, re, se,
 *    te: Time, Line, More), not a place (Jin Hua, Wu Han, PLACE_WORDS) and not one of the few
 *    English phrases made of pinyin (Feng Shui, Yin Yang). Measured on English sentences and pinyin
 *    place names (test/detect-leftovers.test.ts; docs/detection.md).
 * A lone word is never a name (Li, Wang, a brand), nor part of one (Lithium, Li-ion).
 */

/** Surnames by (first letter, length): the scanner tests every capitalised word, so no string is built for most. */
const BUCKETS: Uint8Array[][] = Array.from({ length: 26 * 10 }, () => []);
const enc = new TextEncoder();
for (const s of ROMAN_SURNAMES) if (s.length >= 2 && s.length <= 9) BUCKETS[(s.charCodeAt(0) - 97) * 10 + s.length]!.push(enc.encode(s));

function isLetter(b: number): boolean {
  return (b | 0x20) >= 97 && (b | 0x20) <= 122;
}
function isUpper(b: number): boolean {
  return b >= 65 && b <= 90;
}

/** The ASCII letters [s, e) are a romanized surname (any case). */
export function surnameWord(src: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 2 || n > 9) return false;
  const first = (src[s]! | 0x20) - 97;
  if (first < 0 || first > 25) return false;
  const list = BUCKETS[first * 10 + n]!;
  outer: for (const w of list) {
    for (let k = 1; k < n; k++) if ((src[s + k]! | 0x20) !== w[k]) continue outer;
    return true;
  }
  return false;
}

/** Words that introduce a person right before a name. */
const INTRODUCERS = new Set([
  'contact', 'contacts', 'mr', 'mrs', 'ms', 'miss', 'dr', 'name', 'named', 'by', 'attn', 'driver', 'courier', 'rider', 'customer',
  'client', 'passenger', 'complainant', 'recipient', 'sender', 'consignee', 'applicant', 'patient', 'user', 'owner', 'tenant',
  'landlord', 'manager', 'teacher', 'student', 'officer', 'clerk', 'agent', 'staff', 'worker', 'employee', 'witness', 'victim',
  'suspect', 'caller', 'signed', 'signer', 'person', 'resident', 'guardian', 'parent', 'mother', 'father', 'wife', 'husband',
  // A letter's salutation and more people of a complaint (Dear Huang Gangxia, petitioner Li Na, son Wang Lei).
  'dear', 'hi', 'hello', 'madam', 'prof', 'professor', 'doctor', 'nurse', 'petitioner', 'plaintiff', 'defendant', 'respondent',
  'informant', 'reporter', 'neighbor', 'neighbour', 'son', 'daughter', 'brother', 'sister', 'spouse', 'relative', 'landlady',
]);

/** An introducing English word ends right before `i` (spaces, a colon or a dot between). */
function introducerBefore(src: Uint8Array, cs: number, i: number): boolean {
  let p = i;
  let seps = 0;
  while (p > cs && seps < 3 && (src[p - 1] === 32 || src[p - 1] === 58 || src[p - 1] === 46)) { p--; seps++; }
  if (seps === 0 || p === cs || !isLetter(src[p - 1]!)) return false;
  let a = p - 1;
  while (a > cs && isLetter(src[a - 1]!) && p - a < 12) a--;
  if (a > cs && isLetter(src[a - 1]!)) return false;
  let w = '';
  for (let k = a; k < p; k++) w += String.fromCharCode(src[k]! | 0x20);
  return INTRODUCERS.has(w);
}

/** A 3-byte (CJK) character right before `i` or right after `e`, one space allowed between. */
function cjkTouches(src: Uint8Array, cs: number, ce: number, i: number, e: number): boolean {
  let p = i;
  if (p > cs && src[p - 1] === 32) p--;
  if (p - 3 >= cs && src[p - 3]! >= 0xe0 && src[p - 3]! < 0xf0 && (src[p - 1]! & 0xc0) === 0x80) return true;
  let q = e;
  if (q < ce && src[q] === 32) q++;
  return q + 2 < ce && src[q]! >= 0xe0 && src[q]! < 0xf0;
}

/** A capitalised word of pinyin syllables at `p` (2-12 letters, then no letter or digit): its end, or -1. */
function capitalisedWord(src: Uint8Array, ce: number, p: number): number {
  if (p >= ce || !isUpper(src[p]!)) return -1;
  let q = p + 1;
  while (q < ce && isLetter(src[q]!)) q++;
  if (q - p < 2 || q - p > 12 || (q < ce && src[q]! >= 48 && src[q]! <= 57)) return -1;
  return q;
}

function pinyin(src: Uint8Array, s: number, e: number): boolean {
  let w = '';
  for (let k = s; k < e; k++) w += String.fromCharCode(src[k]! | 0x20);
  return SYLLABLES.test(w);
}

/**
 * The scanner met a capitalised letters-only token [i, j) of 2 to 9 letters. Emits person_name
 * for a pinyin name starting there and returns its end, or -1.
 */
export function tryPinyinName(st: ScanState, src: Uint8Array, cs: number, ce: number, i: number, j: number, introduced = false): number {
  // Part of a hyphenated or dotted word (Li-ion, e.Li), or the tail of a name already found.
  if (i > cs && (src[i - 1] === 45 || src[i - 1] === 46 || src[i - 1] === 39)) return -1;
  const h = st.hits;
  if (h.length > 0 && h.type[h.length - 1] === T_PERSON_NAME && h.end[h.length - 1]! >= i) return -1;
  const first = surnameWord(src, i, j);
  // Words after: one space (or two), a capitalised word; up to three words.
  let end = j;
  let words = 1;
  let lastStart = i;
  for (let p = j; words < 3;) {
    let q = p;
    while (q < ce && q - p < 2 && src[q] === 32) q++;
    if (q === p) break;
    const w = capitalisedWord(src, ce, q);
    if (w < 0 || (w < ce && (src[w] === 45 || src[w] === 39))) break;
    lastStart = q;
    end = w;
    words++;
    p = w;
  }
  if (words < 2) return -1;
  // Two words of a three-word run when the third is no pinyin (Zhang Wei Street).
  let caps = true;
  for (let k = i; k < j; k++) if (!isUpper(src[k]!)) { caps = false; break; }
  const last = !first && surnameWord(src, lastStart, end);
  if (!first && !last) return -1;
  const evidence = introduced || (first && caps) || (first && cjkTouches(src, cs, ce, i, end)) || introducerBefore(src, cs, i);
  if (!evidence && !(first && words === 2 && !titleWordBefore(src, cs, i) && bareTitleName(src, i, j, lastStart, end))) return -1;
  // Every word pinyin (cold: a surname and a second capitalised word were found).
  let p = i;
  let valid = 0;
  let validEnd = i;
  while (p < end) {
    let q = p;
    while (q < end && isLetter(src[q]!)) q++;
    if (!pinyin(src, p, q)) break;
    valid++;
    validEnd = q;
    while (q < end && src[q] === 32) q++;
    p = q;
  }
  if (valid < 2 || (!first && validEnd !== end)) return -1;
  // A place's words are skipped whole (ZHONG GUO YIN HANG: not GUO YIN HANG either).
  if (placeWords(src, i, validEnd)) return end;
  st.emit(T_PERSON_NAME, i, validEnd, 0.8);
  hanNameBesidePinyin(st, src, cs, ce, i, validEnd);
  return validEnd;
}

/** Syllables that end English words (time, line, more, case, late) and almost no given name. */
const ENGLISH_ENDING = /(?:^|[^aeiouü])(?:m|n|r|s|t)e$/;
/** English phrases made of pinyin words, first word a surname (lower case, joined by a space). */
const PINYIN_PHRASES = new Set(['feng shui', 'yin yang', 'tai chi', 'ma jong', 'ma po', 'wu tang', 'han solo', 'he man', 'long men', 'long bang']);

/** A capitalised word ends one space before `i`: the pair is the tail of a longer name (Kung Fu Panda, Shi Jia Zhuang). */
function titleWordBefore(src: Uint8Array, cs: number, i: number): boolean {
  let p = i;
  while (p > cs && src[p - 1] === 32 && i - p < 2) p--;
  if (p === i || p === cs || !isLetter(src[p - 1]!)) return false;
  while (p > cs && isLetter(src[p - 1]!)) p--;
  return isUpper(src[p]!);
}

function titleWord(src: Uint8Array, s: number, e: number): boolean {
  if (!isUpper(src[s]!)) return false;
  for (let k = s + 1; k < e; k++) if (isUpper(src[k]!)) return false;
  return true;
}

function lower(src: Uint8Array, s: number, e: number): string {
  let w = '';
  for (let k = s; k < e; k++) w += String.fromCharCode(src[k]! | 0x20);
  return w;
}

/**
 * Two Title-case words [i, j) and [k, end) that read as a pinyin name with no other evidence:
 * see the rule at the top of this file.
 */
function bareTitleName(src: Uint8Array, i: number, j: number, k: number, end: number): boolean {
  if (!titleWord(src, i, j) || !titleWord(src, k, end) || end - k < 2) return false;
  const a = lower(src, i, j);
  const b = lower(src, k, end);
  if (!STRICT_SYLLABLES.test(a) || !STRICT_SYLLABLES.test(b) || ENGLISH_ENDING.test(b)) return false;
  return !PINYIN_PHRASES.has(`${a} ${b}`) && !PLACE_WORDS.has(a + b) && !SPLIT_CITIES.has(a + b);
}

/**
 * Places and institutions spelled in two or three pinyin words (ZHONG GUO 中国, Zhong Shan 中山,
 * Huang He 黄河, Ren Min 人民): their first syllable is a surname, their shape a name's.
 */
const PLACE_WORDS = new Set([
  'zhongguo', 'zhonghua', 'zhongshan', 'zhongyang', 'beijing', 'nanjing', 'dongjing', 'xijing', 'tianjin', 'chongqing', 'shanghai',
  'guangzhou', 'hangzhou', 'suzhou', 'fuzhou', 'zhengzhou', 'changzhou', 'xuzhou', 'wenzhou', 'huangshan', 'huanghe', 'changjiang',
  'changcheng', 'taishan', 'huashan', 'wudang', 'renmin', 'gongan', 'yinhang', 'gongsi', 'daxue', 'zhengfu', 'jiaoyu', 'weisheng',
  'anhui', 'hunan', 'hubei', 'henan', 'hebei', 'shandong', 'shanxi', 'shaanxi', 'guangdong', 'guangxi', 'jiangsu', 'jiangxi', 'zhejiang',
  'sichuan', 'yunnan', 'guizhou', 'hainan', 'gansu', 'qinghai', 'ningxia', 'xinjiang', 'xizang', 'liaoning', 'jilin', 'heilongjiang',
  'wuhan', 'xian', 'chengdu', 'kunming', 'shenzhen', 'xiamen', 'qingdao', 'dalian', 'shenyang', 'harbin', 'jinan', 'changsha',
  'hefei', 'nanning', 'guiyang', 'lanzhou', 'yinchuan', 'xining', 'lasa', 'haikou', 'nanchang', 'taiyuan', 'shijiazhuang',
]);

/**
 * Cities and counties whose first syllable is a surname (Jin Hua, Wu Xi, Tang Shan), as signs and
 * maps split them: not read as a name with no other evidence. After an introducer they are names
 * (联系人 Wu Wei): 武威 is a city, 吴伟 a common name, so only the bare rule gives them up.
 */
const SPLIT_CITIES = new Set([
  'wuxi', 'wuhu', 'wuzhou', 'wuwei', 'wuzhong', 'wuhai', 'wuyishan', 'xuchang', 'zhangjiakou', 'zhangjiajie', 'zhangzhou', 'zhangye',
  'liuzhou', 'liupanshui', 'chenzhou', 'yangzhou', 'yangquan', 'yangjiang', 'yangling', 'yangshuo', 'huanggang', 'huangshi',
  'zhaoqing', 'zhaotong', 'zhoukou', 'zhoushan', 'maanshan', 'zhuhai', 'zhuzhou', 'zhumadian', 'huzhou', 'hulunbeier', 'heyuan',
  'hezhou', 'hechi', 'hegang', 'heze', 'hebi', 'gaoxiong', 'gaoyou', 'linyi', 'linfen', 'linzhi', 'lincang', 'linxia', 'linhai',
  'linan', 'linzi', 'luoyang', 'luohe', 'liangshan', 'songyuan', 'songjiang', 'tangshan', 'hanzhong', 'handan', 'dengzhou',
  'xiaogan', 'xiaoshan', 'tianshui', 'tianmen', 'dongguan', 'dongying', 'dongsheng', 'panzhihua', 'panjin', 'panyu', 'yulin',
  'yuxi', 'yushu', 'yuhang', 'jiangmen', 'jiangyin', 'jiangdu', 'jiangshan', 'jiaxing', 'jiamusi', 'jiayuguan', 'fuxin', 'fuyang',
  'fushun', 'fuling', 'fangchenggang', 'baishan', 'baiyin', 'baise', 'baicheng', 'qinzhou', 'qinhuangdao', 'yanan', 'yantai',
  'yancheng', 'yanbian', 'yanji', 'longyan', 'longnan', 'longkou', 'longgang', 'longhua', 'taoyuan', 'maoming', 'shaoxing',
  'shaoguan', 'shaoyang', 'shaowu', 'wanzhou', 'wanning', 'wanchai', 'changchun', 'changde', 'changzhi', 'changji', 'kangding',
  'yichang', 'yibin', 'yichun', 'yiwu', 'yiyang', 'yili', 'yixing', 'yizheng', 'lanxi', 'zhanjiang', 'shennongjia', 'shiyan',
  'shizuishan', 'shihezi', 'jinhua', 'jinzhou', 'jincheng', 'jinzhong', 'jinjiang', 'duyun', 'weifang', 'weihai', 'weinan',
  'dingxi', 'dingzhou', 'lushan', 'luzhou', 'luan', 'suqian', 'xiangtan', 'xiangyang', 'xianggang', 'lijiang', 'guilin', 'sanya',
  'zhongwei', 'zhoukoudian', 'zunyi', 'tongren', 'tonghua', 'tongling', 'tongchuan', 'tongliao', 'anshan', 'anyang', 'anqing', 'ankang',
  'anshun', 'lhasa', 'kashi', 'hami', 'mudanjiang', 'jixi', 'shuangyashan', 'qiqihaer', 'daqing', 'yingkou', 'ganzhou', 'jian',
  'jiujiang', 'pingxiang', 'xinyu', 'shangrao', 'jingdezhen', 'putian', 'quanzhou', 'ningde', 'nanping', 'sanming',
  'liaocheng', 'lishui', 'chengde', 'lvliang', 'luliang', 'guyuan', 'tongren',
]);

/** The first two words of [s, e), lower case and joined, name a place or an institution. */
function placeWords(src: Uint8Array, s: number, e: number): boolean {
  let w = '';
  let words = 0;
  for (let k = s; k < e && words < 2; k++) {
    const b = src[k]!;
    if (b === 32) { if (w !== '' && !w.endsWith(' ')) { words++; w += ' '; } continue; }
    w += String.fromCharCode(b | 0x20);
  }
  return PLACE_WORDS.has(w.replace(/ /g, ''));
}

const latin1 = new TextDecoder('latin1');

/** A whole cell under a name header that is a pinyin name (ZHANG WEI, Wei Zhang, ZHANG, Wei). */
export function wholeCellPinyin(src: Uint8Array, s: number, e: number): boolean {
  if (e - s < 4 || e - s > 30) return false;
  for (let k = s; k < e; k++) if (src[k]! >= 0x80) return false;
  return romanizedSurname(latin1.decode(src.subarray(s, e)).trim()) !== '';
}

/**
 * After a Chinese context word (联系人, 家属, 患者 …, cjk-bytes.ts) and its separators, a capitalised
 * word at `p`: a pinyin name in either order (联系人 Xiaoming Wang, 家属：LIU Yang).
 */
export function pinyinAfterContext(st: ScanState, src: Uint8Array, cs: number, ce: number, p: number): void {
  let j = p;
  while (j < ce && isLetter(src[j]!)) j++;
  if (j - p >= 2 && j - p <= 12) tryPinyinName(st, src, cs, ce, p, j, true);
}
