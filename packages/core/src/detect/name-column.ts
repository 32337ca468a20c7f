import { romanizedSurname } from './romanized-name.js';
import { AMBIGUOUS_SET, COMPOUND_SET, GIVEN_SET, NOT_LAST_SET, SURNAME_SET } from './tables.js';

/** How much a column looks like person names, whatever its header says. */
export interface NameColumnScore {
  /** Non-empty values in the sample. */
  values: number;
  /** Distinct non-empty values. */
  distinct: number;
  /** Share of non-empty values (rows) shaped like a name. */
  share: number;
  /** Share of distinct values shaped like a name (a few doctors over many rows count once each). */
  distinctShare: number;
  /** Distinct surnames among the name-shaped distinct values. */
  surnames: number;
  /** 0..1: distinctShare weighed by surname diversity and by how many distinct values were seen. */
  confidence: number;
}


const BILINGUAL = /^([\p{Script=Han}·]{2,12})\s*(?:[\s/／|]|[(（])\s*([A-Za-z][A-Za-z ,]{2,40}?)\s*[)）]?$/u;
const PADDED = /^\p{Script=Han}[ \u3000]{1,3}\p{Script=Han}$/u;

/** Han in the basic block, Extension A (䶮) or Extensions B-F (𠮷, two UTF-16 units): names use all of them. */
function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2ffff);
}

/**
 * Surname of a name-shaped value (2-4 Han characters after a common or compound surname, or a
 * transliterated name with a middle dot, 阿依古丽·买买提, or a pinyin name, ZHANG WEI), or '' when the value is not one.
 * A surname that is also a common word (高, 初, 党) needs a common given-name character after it,
 * so 高中, 初中, 党员 are not names.
 */
export function nameSurname(value: string): string {
  const v = value.trim();
  // 张伟 ZHANG WEI, 王瑶/WANG YANG, 贾胤祥（JIA YINGKAI）: a name in both scripts is a name.
  const both = BILINGUAL.exec(v);
  if (both) return romanizedSurname(both[2]!.trim()) !== '' ? nameSurname(both[1]!) : '';
  // A pinyin name (ZHANG WEI) under an English header or in a passport extract.
  if (v.length >= 4 && v.charCodeAt(0) < 0x80) return romanizedSurname(v);
  // By code point: 王𠮷 is two characters in three UTF-16 units. 张　伟 is 张伟 padded to the width of three.
  const ch = [...(PADDED.test(v) ? v.replace(/[ \u3000]/g, '') : v)];
  const cp = (i: number): number => ch[i]!.codePointAt(0)!;
  const n = ch.length;
  if (n < 2 || n > 12) return '';
  const dot = v.indexOf('·');
  if (dot >= 0) {
    const parts = v.split('·');
    if (parts.length > 3 || parts.some((p) => [...p].length < 2 || ![...p].every((c) => isHan(c.codePointAt(0)!)))) return '';
    return parts[parts.length - 1]!;
  }
  if (n > 4) return '';
  for (let i = 0; i < n; i++) if (!isHan(cp(i))) return '';
  if (NOT_LAST_SET[cp(n - 1)] === 1 || cp(1) === 0x67d0) return '';
  if (n >= 3 && COMPOUND_SET.has(ch[0]! + ch[1]!)) return ch[0]! + ch[1]!;
  const s = cp(0);
  if (SURNAME_SET[s] !== 1) return '';
  if (AMBIGUOUS_SET[s] === 1 && GIVEN_SET[cp(1)] !== 1) return '';
  return ch[0]!;
}

/**
 * Person-name score of a column from a sample of its values: the share of name-shaped values,
 * counted over distinct values so a handful of repeated names (the attending doctors of a
 * department) weigh as much as a roster, and the diversity of their surnames (a real list of
 * people has many; 王府井, 王家村, 王庄 share one). The header is not used: call this for every
 * text column and let the header only confirm.
 */
export function nameColumnScore(values: readonly (string | null | undefined)[]): NameColumnScore {
  const counts = new Map<string, number>();
  let total = 0;
  for (const raw of values) {
    if (raw === null || raw === undefined) continue;
    const v = raw.trim();
    if (v === '') continue;
    total++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let nameRows = 0;
  let nameDistinct = 0;
  const surnames = new Set<string>();
  for (const [v, c] of counts) {
    const s = nameSurname(v);
    if (s === '') continue;
    nameRows += c;
    nameDistinct++;
    surnames.add(s);
  }
  const distinct = counts.size;
  const distinctShare = distinct ? nameDistinct / distinct : 0;
  // About 60 % of a list of n people have different surnames while n is small (China's 100
  // commonest surnames cover ~85 % of people); demand that up to eight names.
  const expected = Math.max(1, Math.min(nameDistinct, 8) * 0.6);
  const diversity = Math.min(1, surnames.size / expected);
  const size = Math.min(1, 0.5 + distinct / 10);
  return {
    values: total,
    distinct,
    share: total ? nameRows / total : 0,
    distinctShare,
    surnames: surnames.size,
    confidence: distinctShare * diversity * size,
  };
}
