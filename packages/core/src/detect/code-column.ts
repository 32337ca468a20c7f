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
  /** Share of values that are code-shaped (record-number.ts codeShaped), framed Han codes included when known. */
  codeShare: number;
  /** Share of values that are codes in a Han frame shared by many (粤公积金字第0012345号), when known (hanFrame). */
  framedCodes?: number;
  /** Share of values that are ASCII tokens with at least three digits (10234, M0815): short numbers too, when known. */
  numberedTokens?: number;
  /** Characters between the 5th and 95th percentile of the codes' lengths, when known. */
  lengthSpread?: number;
}

/**
 * Codes that can be keys: at least 90 % ASCII tokens or codes in a shared Han frame, and 90 %
 * code-shaped (BZ0123456789, 371602200112, 粤公积金字第0012345号), of a numbering scheme's nearly fixed length (a spread of at most 4 characters,
 * as record-number.ts reads it), and too many to be a category set. Redaction finds nothing in
 * such a value and publishes it as it is. The profile's draft (publish/profile/suggest.ts) and the
 * published-risk review (publish/review/person-key.ts) both ask this one question. `named`: a
 * header names a person's number, and numbered tokens of 3+ digits count as codes. `persons`:
 * the header names a person's own number (not any number): few distinct codes are then few
 * persons, not a category (40 doctors' licence numbers over 1,500 prescriptions).
 */
export function codeKeyShaped(f: CodeColumnFigures, named = false, persons = false): boolean {
  // Under a header that names a person's number, short numbers count too (a member's 10234: five
  // digits are no code shape, which keeps quantities and years out of the unnamed case).
  // Never 1–2 digits, whatever the header: at most 100 values, each shared by the records of a
  // seat, a bed or a fishing spot used in turn (座位号, 钓位号): a thing's number (docs/privacy.md).
  const share = named ? Math.max(f.codeShare, f.numberedTokens ?? 0) : f.codeShare;
  // A framed Han code is no ASCII token, yet no more text than BZ0123456789 is.
  if (f.values === 0 || f.asciiTokens + (f.framedCodes ?? 0) < 0.9 || share < 0.9) return false;
  if (f.lengthSpread !== undefined && f.lengthSpread > 4) return false;
  return persons || !categorySet(f.distinct, f.values);
}

const HAN_CODE = /^\p{Script=Han}[\p{Script=Han}A-Za-z0-9\-_/.()〔〕[\]#（）【】]{4,39}$/u;
const DATE_LIKE = /^\d{4}年\d{1,2}月(\d{1,2}日)?$/;
/** Words of an address's frame (黄河五路1234号, 幸福小区3号楼1201室): a place, never a numbering scheme's frame. */
const ADDRESS_WORDS = /[路街巷弄村镇楼室]|单元|小区|社区/u;

/**
 * The frame of a code with Han characters around its serial (粤公积金字第0012345号 →
 * 粤公积金字第#号, 京医保卡A123456 → 京医保卡#, 沪房租赁备字(2023)第01234号 → 沪房租赁备字(#)第#号),
 * or null: it starts with a Han character (an issuer, a province, a kind of document), has no
 * space and a run of 4 digits or more, 5-40 characters. An agency writes its numbers in one frame
 * or a few (a province's variants), a text or an address in as many as it has values, so only a
 * frame many values share counts (codeColumnFigures); 1234元 starts with no Han character, and a
 * frame with an address's words (路, 街, 村, 楼, 室, 小区) is a place's.
 */
export function hanFrame(value: string): string | null {
  if (!HAN_CODE.test(value) || !/\d{4}/.test(value) || DATE_LIKE.test(value)) return null;
  const frame = value.replace(/[A-Za-z0-9]+/g, '#');
  return ADDRESS_WORDS.test(frame) ? null : frame;
}

/** A frame counts when at least this share of a column's framed values has it (at most 10 frames count). */
const FRAME_SHARE = 0.1;

/** The figures of codeKeyShaped over the non-empty values of a sample. */
export function codeColumnFigures(values: readonly string[]): CodeColumnFigures {
  let n = 0;
  let ascii = 0;
  let numbered = 0;
  const lengths: number[] = [];
  const seen = new Set<string>();
  const frames = new Map<string, string[]>();
  let framed = 0;
  for (const raw of values) {
    // NFKC: a code written in full-width characters (ＪＹ２０２３１２３４５６) is the same code.
    const v = raw.normalize('NFKC').trim();
    if (v === '') continue;
    n++;
    seen.add(v);
    if (ASCII_TOKEN.test(v)) {
      ascii++;
      if (/\d[^\d]*\d[^\d]*\d/.test(v)) numbered++;
      if (codeShaped(v)) lengths.push(v.length);
      continue;
    }
    const frame = hanFrame(v);
    if (frame !== null) {
      framed++;
      const at = frames.get(frame);
      if (at) at.push(v); else frames.set(frame, [v]);
    } else if (codeShaped(v)) lengths.push(v.length);
  }
  // Framed codes count as codes only in a shared frame; the rest as codeShaped reads them.
  let framedCodes = 0;
  for (const vs of frames.values()) {
    const shared = vs.length >= 2 && vs.length >= FRAME_SHARE * framed;
    if (shared) framedCodes += vs.length;
    for (const v of vs) if (shared || codeShaped(v)) lengths.push(v.length);
  }
  lengths.sort((a, b) => a - b);
  const q = (p: number): number => lengths[Math.min(lengths.length - 1, Math.floor(p * lengths.length))] ?? 0;
  return {
    values: n, distinct: seen.size,
    asciiTokens: n ? ascii / n : 0, codeShare: n ? lengths.length / n : 0, numberedTokens: n ? numbered / n : 0, framedCodes: n ? framedCodes / n : 0,
    lengthSpread: lengths.length ? q(0.95) - q(0.05) : 0,
  };
}
