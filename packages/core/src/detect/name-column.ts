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


function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/**
 * Surname of a name-shaped value (2-4 Han characters after a common or compound surname, or a
 * transliterated name with a middle dot, 阿依古丽·买买提, or a pinyin name, ZHANG WEI), or '' when the value is not one.
 * A surname that is also a common word (高, 初, 党) needs a common given-name character after it,
 * so 高中, 初中, 党员 are not names.
 */
export function nameSurname(value: string): string {
  const v = value.trim();
  const n = v.length;
  // A pinyin name (ZHANG WEI) under an English header or in a passport extract.
  if (n >= 4 && v.charCodeAt(0) < 0x80) return romanizedSurname(v);
  if (n < 2 || n > 12) return '';
  const dot = v.indexOf('·');
  if (dot >= 0) {
    const parts = v.split('·');
    if (parts.length > 3 || parts.some((p) => p.length < 2 || ![...p].every((ch) => isHan(ch.charCodeAt(0))))) return '';
    return parts[parts.length - 1]!;
  }
  if (n > 4) return '';
  for (let i = 0; i < n; i++) if (!isHan(v.charCodeAt(i))) return '';
  if (NOT_LAST_SET[v.charCodeAt(n - 1)] === 1 || v.charCodeAt(1) === 0x67d0) return '';
  if (n >= 3 && COMPOUND_SET.has(v.slice(0, 2))) return v.slice(0, 2);
  const s = v.charCodeAt(0);
  if (SURNAME_SET[s] !== 1) return '';
  if (AMBIGUOUS_SET[s] === 1 && GIVEN_SET[v.charCodeAt(1)] !== 1) return '';
  return v[0]!;
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
