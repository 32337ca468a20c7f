import { codeShaped } from './record-number.js';

/** A token of ASCII letters, digits and code punctuation only (BZ0123456789, I247.5/12, 371681****9384). */
export const ASCII_TOKEN = /^[A-Za-z0-9\-_./*#]{1,40}$/;

/**
 * At most 50 distinct values, or 5 % of the values, make a category set (a city's 12 county
 * codes, a handful of case types): values shared by many records, which single no one out.
 */
export function categorySet(distinct: number, values: number): boolean {
  return distinct <= Math.max(50, 0.05 * values);
}

/** What decides whether a column holds codes that can be keys (from a profile or a sample). */
export interface CodeColumnFigures {
  /** Non-empty values. */
  values: number;
  /** Distinct non-empty values. */
  distinct: number;
  /** Share of values that are ASCII tokens (ASCII_TOKEN). */
  asciiTokens: number;
  /** Share of values that are code-shaped (record-number.ts codeShaped). */
  codeShare: number;
  /** Share of values that are ASCII tokens with at least three digits (10234, M0815): short numbers too, when known. */
  numberedTokens?: number;
  /** Characters between the 5th and 95th percentile of the codes' lengths, when known. */
  lengthSpread?: number;
}

/**
 * Codes that can be keys: at least 90 % ASCII tokens and 90 % code-shaped (BZ0123456789,
 * 371602200112), of a numbering scheme's nearly fixed length (a spread of at most 4 characters,
 * as record-number.ts reads it), and too many to be a category set. Redaction finds nothing in
 * such a value and publishes it as it is. The profile's draft (publish/profile/suggest.ts) and the
 * published-risk review (publish/review/person-key.ts) both ask this one question. `named`: a
 * header names a person's number, and numbered tokens of 3+ digits count as codes.
 */
export function codeKeyShaped(f: CodeColumnFigures, named = false): boolean {
  // Under a header that names a person's number, short numbers count too (a member's 10234: five
  // digits are no code shape, which keeps quantities and years out of the unnamed case).
  const share = named ? Math.max(f.codeShare, f.numberedTokens ?? 0) : f.codeShare;
  if (f.values === 0 || f.asciiTokens < 0.9 || share < 0.9) return false;
  if (f.lengthSpread !== undefined && f.lengthSpread > 4) return false;
  return !categorySet(f.distinct, f.values);
}

/** The figures of codeKeyShaped over the non-empty values of a sample. */
export function codeColumnFigures(values: readonly string[]): CodeColumnFigures {
  let n = 0;
  let ascii = 0;
  let numbered = 0;
  const lengths: number[] = [];
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    n++;
    seen.add(v);
    if (ASCII_TOKEN.test(v)) {
      ascii++;
      if (/\d[^\d]*\d[^\d]*\d/.test(v)) numbered++;
    }
    if (codeShaped(v)) lengths.push(v.length);
  }
  lengths.sort((a, b) => a - b);
  const q = (p: number): number => lengths[Math.min(lengths.length - 1, Math.floor(p * lengths.length))] ?? 0;
  return {
    values: n, distinct: seen.size,
    asciiTokens: n ? ascii / n : 0, codeShare: n ? lengths.length / n : 0, numberedTokens: n ? numbered / n : 0,
    lengthSpread: lengths.length ? q(0.95) - q(0.05) : 0,
  };
}
