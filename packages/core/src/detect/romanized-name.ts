/**
 * Chinese names in Hanyu Pinyin, as passports, visas and English-header exports write them
 * (`ZHANG WEI`, `Ouyang Jianguo`, `Wei Zhang`, `ZHANG, Wei`): two or three words, every word
 * one or more pinyin syllables, and the first or the last word a romanized surname. A column of
 * them is a column of names as much as 张伟 is; Han-only name checks see nothing in it.
 */

/** Romanized common and compound surnames (the 100 commonest cover ~85 % of people). */
export const ROMAN_SURNAMES: ReadonlySet<string> = new Set([
  'wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he',
  'gao', 'lin', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng', 'zeng', 'xiao',
  'tian', 'dong', 'yuan', 'pan', 'yu', 'jiang', 'cai', 'du', 'ye', 'cheng', 'su', 'wei', 'lv', 'lu', 'lyu', 'ding', 'ren',
  'shen', 'yao', 'cui', 'zhong', 'tan', 'fan', 'jin', 'shi', 'liao', 'jia', 'xia', 'fu', 'fang', 'bai', 'zou', 'meng',
  'xiong', 'qin', 'qiu', 'yin', 'xue', 'yan', 'duan', 'lei', 'hou', 'long', 'tao', 'gu', 'mao', 'hao', 'gong', 'shao',
  'wan', 'qian', 'dai', 'mo', 'kong', 'xiang', 'chang', 'kang', 'niu', 'qi', 'ge', 'yi', 'geng', 'guan', 'lan', 'zhan',
  // 安, 全: surnames that are also words in Chinese, spelled as names in English (Mr. An Jing, Dear Quan Yulan).
  'an', 'quan',
  'ouyang', 'sima', 'zhuge', 'shangguan', 'dongfang', 'huangfu', 'linghu', 'murong', 'xiahou', 'situ', 'yuchi', 'gongsun',
]);

// One or more syllables: an optional initial, then a final (v and ü both write ü).
export const SYLLABLES = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|üan|ai|ei|ui|ao|ou|iu|ie|ue|üe|ve|er|an|en|in|un|vn|ün|ia|ua|uo|a|o|e|i|u|v|ü))+$/;
const SHAPE = /^[A-Za-zÜü]+(?:,?\s+[A-Za-zÜü]+){1,2}$/;

/*
 * The same syllables held to Hanyu Pinyin's spelling rules, for a name with no other evidence
 * (pinyin-text.ts): each initial only with the finals it takes (no ki, we, fe, tin), and a syllable
 * without an initial only first in a word (a later one is written with y, w or an apostrophe:
 * Xi'an). SYLLABLES is loose on purpose (it reads what people type), so it lets English words
 * through (going = go+ing, some = so+me); this does not (time = ti+me still passes: see the rule).
 */
const SYL = [
  'b(?:a|o|ai|ei|ao|an|en|ang|eng|i|ie|iao|ian|in|ing|u)',
  'p(?:a|o|ai|ei|ao|ou|an|en|ang|eng|i|ie|iao|ian|in|ing|u)',
  'm(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|i|ie|iao|iu|ian|in|ing|u)',
  'f(?:a|o|ei|ou|an|en|ang|eng|u)',
  '[dt](?:a|e|ai|ei|ao|ou|an|ang|eng|ong|i|ie|iao|iu|ian|ing|u|uo|ui|uan|un)',
  '[nl](?:a|e|ai|ei|ao|ou|an|en|ang|eng|ong|i|ia|ie|iao|iu|ian|in|iang|ing|u|uo|uan|un|v|ve|ü|üe)',
  '[gkh](?:a|e|ai|ei|ao|ou|an|en|ang|eng|ong|u|ua|uo|uai|ui|uan|un|uang)',
  '[jqx](?:i|ia|ie|iao|iu|ian|in|iang|ing|iong|u|ue|uan|un)',
  '(?:zh|ch|sh|[zcsr])(?:a|e|i|ai|ei|ao|ou|an|en|ang|eng|ong|u|ua|uo|uai|ui|uan|un|uang)',
  'y(?:a|o|e|ai|ao|ou|an|ang|i|in|ing|ong|u|ue|uan|un)',
  'w(?:a|o|ai|ei|an|en|ang|eng|u)',
].join('|');
export const STRICT_SYLLABLES = new RegExp(`^(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|er|${SYL})(?:${SYL})*$`);

/** The surname of a pinyin name (lower case), or '' when the value is not one. */
export function romanizedSurname(value: string): string {
  if (value.length > 30 || !SHAPE.test(value)) return '';
  const words = value.toLowerCase().split(/,?\s+/);
  if (words.some((w) => w.length > 12 || !SYLLABLES.test(w))) return '';
  const first = words[0]!;
  const last = words[words.length - 1]!;
  // ZHANG WEI (surname first, as passports write it) or Wei Zhang (as English text does).
  if (ROMAN_SURNAMES.has(first)) return first;
  if (ROMAN_SURNAMES.has(last)) return last;
  return '';
}
