import { ROMAN_SURNAMES } from './romanized-name.js';

/**
 * Whether an email address is a person's own mailbox rather than a department's, for addresses a
 * spec publishes as its contact (部门邮箱). A mailbox on the agency's or any organisation's domain
 * is official, whatever its local part. On a public webmail service (qq.com, 163.com, gmail.com …):
 *  - `number`: the local part is a number (a QQ number, a mobile): a person's account, always;
 *  - `name`: a pinyin name with separators or digits (zhang.wei, li_na, zhangwei88, wei.zhang), or a
 *    surname and a number (zhang48213);
 *  - `maybe-name`: a bare word that starts with a surname and one or two syllables (zhangwei), which
 *    department words spell too (caizheng 财政, gongan 公安, weijian 卫健);
 *  - null: anything else (hzsjj, xinfangban), taken as a department's.
 */
export function personalMailbox(email: string): 'number' | 'name' | 'maybe-name' | null {
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (!PUBLIC_WEBMAIL.has(domain)) return null;
  if (/^\d{5,11}$/.test(local)) return 'number';
  const letters = local.replace(/[\d._-]+/g, ' ').trim();
  if (letters === '' || letters.length > 24) return null;
  const words = letters.split(' ');
  if (words.length > 3) return null;
  if (words.length > 1) return nameWords(words) ? 'name' : null;
  // One word: syllables read left to right, longest first (huanbao is huan-bao, not hu-anbao).
  const syl = syllables(words[0]!);
  // A surname and a number (zhang48213, li1987): how people name their own mailbox; an office
  // writes its initials or its name (hzsjj, xinfangban), not a surname.
  if (syl !== null && syl.length === 1 && ROMAN_SURNAMES.has(syl[0]!) && /^[a-z]+\d{3,}$/.test(local)) return 'name';
  if (syl === null || syl.length < 2 || syl.length > 3 || !ROMAN_SURNAMES.has(syl[0]!)) return null;
  return /\d/.test(local) ? 'name' : 'maybe-name';
}

/** Public webmail services in China and abroad: anyone can open a mailbox there. */
const PUBLIC_WEBMAIL: ReadonlySet<string> = new Set([
  'qq.com', 'vip.qq.com', 'foxmail.com', '163.com', 'vip.163.com', '126.com', 'vip.126.com', 'yeah.net', '188.com', 'sina.com',
  'sina.cn', 'vip.sina.com', 'sohu.com', 'tom.com', '21cn.com', '139.com', '189.cn', 'wo.cn', 'aliyun.com', 'gmail.com',
  'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.com.cn', 'icloud.com', 'me.com', 'proton.me',
  'protonmail.com',
]);

// One pinyin syllable (as romanized-name.ts spells them); a given name is one or two.
const SYL = '(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ue|ve|er|an|en|in|un|vn|ia|ua|uo|a|o|e|i|u|v))';
const GIVEN = new RegExp(`^${SYL}{1,2}$`);

/** Words that are a surname and a given name of one or two syllables, in either order (li na, wei zhang, zhang xiao ming). */
function nameWords(words: readonly string[]): boolean {
  if (words.length < 2) return false;
  const given = (list: readonly string[]): boolean => list.length > 0 && list.length <= 2 && GIVEN.test(list.join(''));
  if (ROMAN_SURNAMES.has(words[0]!) && given(words.slice(1))) return true;
  return ROMAN_SURNAMES.has(words[words.length - 1]!) && given(words.slice(0, -1));
}

const ONE = new RegExp(SYL, 'y');

/** A word cut into pinyin syllables, each the longest that fits, or null when some part is none. */
function syllables(w: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < w.length) {
    ONE.lastIndex = i;
    const m = ONE.exec(w);
    if (!m || m[0].length === 0) return null;
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
}
