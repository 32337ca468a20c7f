import { codeColumnFigures, codeKeyShaped } from '@tuomin/core/internal';
import type { ColumnCount } from './known-classes.js';
import type { ReviewReason } from './types.js';
import { namesAmount } from './published-measure.js';
import { STAFF_NUMBER_HEADER } from './staff-number.js';

/**
 * A person's own number published as it is: a library card (借阅证号), a patient's card or record
 * number across visits (就诊卡号, 病历号), a student number across courses (学号), an employee,
 * member, account or household number. It repeats over the person's records, so it is no record
 * number and the near-unique limit (80 % distinct) never stops it, yet it links every record of
 * the person and maps to them in the agency's systems. A generated loan list with a card number
 * under `{ type: redact }` (which finds nothing in a code) published 1,996 card numbers, exit 0.
 *
 * The rule (docs/privacy.md, "A person's own number"): a published column whose values are codes
 * that can be keys (core's codeKeyShaped, the same test the draft uses) and that no rule changed
 * (no rule, tidy rules only, or a redact whose output is still such codes) is refused when
 * - a header of it names a person's number (PERSON_KEY_HEADER), or
 * - its values repeat as per-person keys do: between 10 % and 80 % distinct over the whole
 *   release (a person with 1 to 10 records on average), no value on more than 5 % of the sampled
 *   records (a category's largest class is larger), no header naming a thing's code or an amount,
 *   in a release whose records describe persons (published-columns.ts personEvidence).
 * Declared `public: { reason }`, pseudonymized with a key, masked, or dropped, it passes.
 */

/** Headers of a person's own number; the staff numbers of staff-number.ts are among them. */
export const PERSON_KEY_HEADER = new RegExp([
  STAFF_NUMBER_HEADER.source,
  '(?:借阅|读者|借书|学生|校园|会员|医保|社保|参保|就诊|诊疗|门诊|残疾|老年|市民|一卡通|健康|公交|驾驶|准考)(?:卡|证)(?:编)?号',
  '卡号|学号|学籍号|考生号|会员(?:编)?号|会员ID|病历号|病案号|住院号|门诊号|就诊号|患者(?:编)?号|患者ID|病人(?:编)?号|病人ID',
  '户号|户编号|户籍编号|账号|帐号|账户(?:编)?号|客户(?:编)?号|客户ID|用户(?:编)?号|用户ID|读者(?:编)?号|读者ID',
  '(?:^|[^a-z])(?:card|member(?:ship)?|student|patient|account|customer|client|reader|library|subscriber|user|household)[_ -]?(?:no|nr|id|num|number|code)(?:$|[^a-z])',
  // Pinyin initials as a whole header: 学号, 就诊卡号, 病历号, 病案号, 住院号, 门诊号, 会员号, 借阅证号,
  // 读者证号, 用户号, 客户号 (not kh or hh alone: 考号, 课号, 行号 spell the same).
  '^(?:xh|xsxh|jzkh|blh|bah|zyh|mzh|hyh|hykh|jyzh|dzzh|yhh|khh)$',
].join('|'), 'i');

/** Headers of a thing's code, which repeats over records without naming anyone (a product, a course, a division, a cause). */
const THING_CODE_HEADER = /商品|产品|货品|货号|物料|型号|规格|品种|品目|药品|项目|科目|课程|书目|索书|图书|条码|ISBN|类别|类型|分类|种类|区划|行政区|地区|案由|行业|病种|诊断|疾病|ICD|车型|线路|站点|sku|product|item|course|category|type|class|region|district|isbn|barcode/i;

/** Share of distinct values from which a repeated code is judged as per-person keys (a person with 10 records on average). */
export const PERSON_KEY_MIN_SHARE = 0.1;
/** The largest share of the sampled records one key may have: a category's largest class is larger. */
const MAX_TOP_SHARE = 0.05;

export type PersonKeyEvidence = 'header' | 'values';

/**
 * Whether a published column, unchanged by its rules, is a person's own number, from its headers
 * (output name, source name, title), a sample of its published values and the detector types its
 * spec allows; null when not.
 */
export function personKeyOf(headers: readonly string[], values: readonly string[], allowed: readonly string[] = []): PersonKeyEvidence | null {
  const figures = codeColumnFigures(values);
  if (headers.some((h) => PERSON_KEY_HEADER.test(h.trim()))) return codeKeyShaped(figures, true) ? 'header' : null;
  if (!codeKeyShaped(figures)) return null;
  // The spec says what the codes are (allow: [cn_uscc], a company's credit code): no guess from repeats.
  if (allowed.length > 0 || headers.some((h) => THING_CODE_HEADER.test(h)) || namesAmount(headers)) return null;
  const counts = new Map<string, number>();
  let top = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > top) top = n;
  }
  return top <= MAX_TOP_SHARE * values.length ? 'values' : null;
}

/** What to try for a person's own number. */
export const FIX_PERSON_KEY = 'drop it, pseudonymize it with a key (`{ type: pseudonymize, method: hmac-sha256 }` keeps one person\'s records linkable) or mask all of it; if it numbers things, not persons, or the law makes it public, declare `public: { reason: … }` on it';

interface KeyColumn {
  column: string;
  source: string;
  why: string;
  fix: string;
  personKey?: PersonKeyEvidence;
}

/**
 * The reasons for persons' own numbers published as they are. A number named by its header is an
 * error in any release (as a column of names is: a register's public key does not make a reader's
 * card public); one recognised by its values only takes `severity`, the release's (a warning when
 * nothing says the records describe persons), and only under `nearUnique` (the near-unique limit,
 * which names such a column itself). A column already refused is not named twice.
 */
export function personKeyReasons(columns: readonly KeyColumn[], counts: readonly ColumnCount[], severity: ReviewReason['severity'], already: readonly ReviewReason[], nearUnique: number): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const c of columns) {
    if (!c.personKey || already.some((r) => r.column === c.column && r.severity === 'error')) continue;
    const n = counts.find((x) => x.column === c.column);
    if (!n || n.rows === 0) continue;
    const share = n.distinct / n.rows;
    // By values, only between the shares: near-unique codes are the near-unique limit's (named once).
    if (c.personKey === 'values' && (share < PERSON_KEY_MIN_SHARE || share >= nearUnique)) continue;
    const by = c.personKey === 'header' ? 'its header names a person\'s own number' : `its codes repeat over records as a person's number does (${(100 * share).toFixed(1)} % distinct)`;
    out.push({
      code: 'privacy/person-key', severity: c.personKey === 'header' ? 'error' : severity, column: c.column, count: n.rows, path: `columns.${c.source}`,
      params: { by: c.personKey, distinct: n.distinct, rows: n.rows, share: (100 * share).toFixed(1), fix: c.fix },
      message: `column "${c.column}" publishes codes as they are (${n.distinct} distinct over ${n.rows} records) and ${by}: such a number links every record of the person and maps to them in the agency's systems, however many records share it; try: ${c.fix}`,
    });
  }
  return out;
}

/**
 * A redact rule's output that is still codes that can be keys: redaction found nothing to mask in
 * them (BZ0123456789 has no context word), so the column is judged as published as it is, not as
 * free text. The review sees the published values only, not which ones a rule changed: codes that
 * remain codes are the measure of "unchanged". Under a header that names a person's number, short
 * numbers count too (codeKeyShaped `named`).
 */
export function stillCodes(values: readonly string[], headers: readonly string[] = []): boolean {
  return codeKeyShaped(codeColumnFigures(values), headers.some((h) => PERSON_KEY_HEADER.test(h.trim())));
}
