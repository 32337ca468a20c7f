/** How much a column looks like record or case numbers: one code per record. */
export interface RecordNumberScore {
  /** Non-empty values in the sample. */
  values: number;
  /** Share of non-empty values that are code-shaped. */
  share: number;
  /** Distinct values / non-empty values. */
  distinctRatio: number;
  /** Spread of code lengths (characters) between the 5th and 95th percentile. */
  lengthSpread: number;
  /** The header names a number (号, 编号, ID …): raises the confidence, never decides alone. */
  header: boolean;
  /** 0..1: code share × distinctness × a fixed-ish length, raised a little by the header. */
  confidence: number;
}

const HEADER = /号|编号|编码|号码|代码|单号|流水|档案|病案|证号|id$|^id|_id|no\.?$|number|code|serial/i;
const DATE = /^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;
const DECIMAL = /^[-+]?\d+[.,]\d+%?$/;
/**
 * A code: no spaces, letters, digits and - _ / . ( ) 〔 〕 [ ] # and Han characters (滨环罚〔2020〕280号);
 * '*' too, so identifiers masked upstream (371681********9384) count: they still single out.
 */
const CODE = /^[\p{Script=Han}A-Za-z0-9\-_/.()〔〕[\]#（）【】*]+$/u;

/**
 * True when `value` is shaped like a record or case number: at least four digits, at least one
 * third of its characters digits or ASCII letters, 5-40 characters; not a date, a decimal amount
 * or a plain integer shorter than six digits (quantities, years, amounts).
 */
export function codeShaped(value: string): boolean {
  const v = value.trim();
  const n = v.length;
  if (n < 5 || n > 40 || !CODE.test(v) || DATE.test(v) || DECIMAL.test(v)) return false;
  let digits = 0;
  let ascii = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) { digits++; ascii++; }
    else if ((c | 0x20) >= 97 && (c | 0x20) <= 122) ascii++;
  }
  if (ascii * 3 < n) return false;
  // Four digits, or two in a longer all-ASCII code (a vehicle identification number).
  if (digits < 4 && !(digits >= 2 && n >= 8 && ascii === n)) return false;
  if (digits === n && n < 6) return false;
  return true;
}

/** Whether a header names a number or a code (编号, 序号, 代码, 档案号, no., id, code), whatever it numbers. */
export function namesNumber(header: string): boolean {
  const h = header.trim();
  return HEADER.test(h) && !PAID.test(h);
}
// id$ ends paid and valid too: fundPaid and selfPaid (a settlement's amounts) were judged as
// person keys, refused as near-unique codes (test/unseen-domains-12).
const PAID = /(?:paid|valid)$/i;

/**
 * A row counter: the values, in published order, are 0 or 1, then each one more than the one
 * before, with at most 5 % of the steps skipped (the rows a rule or the search suppressed). It is
 * the row's position and nothing else: it maps to no one outside the release, whatever it is
 * called. A member's numbers sorted in a list are scattered (10234, 10871 …) or start elsewhere,
 * and fail. Strings of digits only (padding allowed, 0001); 20 values at least, fewer say nothing.
 */
export function rowCounter(values: readonly string[]): boolean {
  const n = values.length;
  if (n < 20) return false;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!.trim();
    if (!/^\d{1,9}$/.test(v)) return false;
    const x = Number(v);
    if (i === 0 ? x > 1 : x <= prev) return false;
    prev = x;
  }
  const first = Number(values[0]!.trim());
  return prev - first + 1 <= Math.ceil(n * 1.05);
}

/**
 * Record/case-number score of a column from a sample of its values: most values code-shaped,
 * nearly all distinct, of a nearly fixed length (a numbering scheme). Such a column singles out
 * its records whatever the header says (住院号, 病案号, 学籍号, 案件编号).
 */
export function recordNumberScore(values: readonly (string | null | undefined)[], header = ''): RecordNumberScore {
  let total = 0;
  let codes = 0;
  const seen = new Set<string>();
  const lengths: number[] = [];
  for (const raw of values) {
    if (raw === null || raw === undefined) continue;
    const v = raw.trim();
    if (v === '') continue;
    total++;
    seen.add(v);
    if (codeShaped(v)) { codes++; lengths.push(v.length); }
  }
  lengths.sort((a, b) => a - b);
  const q = (p: number) => lengths[Math.min(lengths.length - 1, Math.floor(p * lengths.length))] ?? 0;
  const lengthSpread = lengths.length ? q(0.95) - q(0.05) : 0;
  const share = total ? codes / total : 0;
  const distinctRatio = total ? seen.size / total : 0;
  const h = HEADER.test(header.trim());
  // Distinctness matters from 0.5 up (a code repeated on every line of one case is still a case
  // number, but a code shared by many records singles no one out); a spread of more than 4
  // characters suggests free-form text rather than a numbering scheme.
  const distinctness = Math.max(0, Math.min(1, (distinctRatio - 0.5) / 0.4));
  const fixed = lengthSpread <= 4 ? 1 : lengthSpread <= 8 ? 0.7 : 0.4;
  const small = total < 5 ? 0.5 : 1;
  const confidence = Math.min(1, share * distinctness * fixed * small * (h ? 1.1 : 1));
  return { values: total, share, distinctRatio, lengthSpread, header: h, confidence };
}
