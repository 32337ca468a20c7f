import type { RecordBatch } from 'apache-arrow';
import { codeColumnFigures, codeKeyShaped, namesNumber, quasiIdentifierHeader, rowCounter, type QuasiAttribute } from '@tuomin/core/internal';
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
 *   records (a category's largest class is larger), in a release whose records describe persons
 *   (published-columns.ts personEvidence). Under a header that names a thing's code (商品条码,
 *   课程编号) or an amount and no number, the codes are the thing's unless they follow persons:
 *   the records one code groups share the sex, birth date or age beside it, as a person's records
 *   do and a product's buyers do not (followsPersons). Under a header that names a number and
 *   nothing else (编号, 代码, no.), short numbers of 3 digits or more count too: a member's 10234
 *   repeated over visits is no quantity, and a thing numbered so can be declared public.
 * Declared `public: { reason }`, pseudonymized with a key, masked, or dropped, it passes. A row
 * counter (1, 2, 3 … in published order, rowCounterOf) is the row's position, no one's number.
 * Codes in a Han frame (粤公积金字第0012345号, 京医保卡A123456) count as codes (core's hanFrame).
 */

/** Headers of a person's own number; the staff numbers of staff-number.ts are among them. */
export const PERSON_KEY_HEADER = new RegExp([
  STAFF_NUMBER_HEADER.source,
  '(?:借阅|读者|借书|学生|校园|会员|医保|社保|参保|就诊|诊疗|门诊|残疾|老年|市民|一卡通|健康|公交|驾驶|准考)(?:卡|证)(?:编)?号',
  '卡号|学号|学籍号|考生号|会员(?:编)?号|会员ID|病历号|病案号|住院号|门诊号|就诊号|患者(?:编)?号|患者ID|病人(?:编)?号|病人ID',
  '户号|户编号|户籍编号|账号|帐号|账户(?:编)?号|客户(?:编)?号|客户ID|用户(?:编)?号|用户ID|读者(?:编)?号|读者ID',
  // A person's registration or practising certificate (注册建造师 鲁137…, 执业医师, 律师执业证): a
  // permit register kept jzszch raw under a public permit number and published 371 builders' numbers,
  // exit 0. Not 注册证号 alone: a medical device's or a drug's 注册证编号 is a product's.
  '执业证(?:书)?(?:编)?号|(?:建造师|医师|护士|律师|教师|会计师|工程师)(?:注册|执业|资格)?证?(?:书)?(?:编)?号|^(?:jzszch|zyzh|zyzsh)$',
  // A qualification certificate (资格证号, 从业资格证书编号) is a person's; so is the licence of a
  // person named by role (doctor_license_no, DriverLicenceNo). Not a bare license_no: a business
  // licence (营业执照) numbers a shop; a prescriptions extract published 38 of 40 doctors' licences.
  '资格证(?:书)?(?:编)?号|^zgzh$',
  '(?:^|[^a-z])(?:doctor|physician|dr|nurse|pharmacist|lawyer|attorney|teacher|driver|driving|practitioner|practi[cs]ing|professional|personal)[_ -]?licen[cs]e(?:[_ -]?(?:no|nr|id|num|number|code))?(?:$|[^a-z])',
  '(?:^|[^a-z])(?:card|member(?:ship)?|student|patient|account|customer|client|reader|library|subscriber|user|household)[_ -]?(?:no|nr|id|num|number|code)(?:$|[^a-z])',
  // Pinyin initials as a whole header: 学号, 就诊卡号, 病历号, 病案号, 住院号, 门诊号, 会员号, 借阅证号,
  // 读者证号, 用户号, 客户号 (not kh or hh alone: 考号, 课号, 行号 spell the same; nor xh alone: 序号,
  // the row number of every export, spells as 学号 does: a kindergarten roll's xh was refused as a key).
  '^(?:xsxh|jzkh|blh|bah|zyh|mzh|hyh|hykh|jyzh|dzzh|yhh|khh)$',
].join('|'), 'i');

/**
 * Headers of a thing's code, which repeats over records without naming anyone (a product, a
 * course, a division, a cause; a room, a bed or a seat that guests, patients or examinees use in
 * turn: a hotel's room_no of 3-4 digits over its check-ins; a batch; a postal or area code).
 */
const THING_CODE_HEADER = /商品|产品|货品|货号|物料|型号|规格|品种|品目|药品|项目|科目|课程|书目|索书|图书|条码|ISBN|类别|类型|分类|种类|区划|行政区|地区|案由|行业|病种|诊断|疾病|ICD|车型|线路|站点|房间|房号|床位|床号|座位|座号|车位|柜号|批号|批次|邮编|邮政编码|区号|sku|product|item|course|category|type|class|region|district|isbn|barcode|room|bed|seat|locker|batch|zip|postal|postcode/i;

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
export function personKeyOf(headers: readonly string[], published: readonly string[], allowed: readonly string[] = [], follows: () => boolean = () => false): PersonKeyEvidence | null {
  // A JSON object in a cell (a nested NDJSON value) is judged by its fields, each as a column of its
  // own under its key: a bike-trip dump's rider object under redact kept {"userId":"U…"} (names and
  // mobiles masked inside) and published 1,459 riders' own keys, exit 0 (test/unseen-domains-13).
  const fields = objectFields(published);
  if (fields) {
    for (const [key, leaves] of fields) {
      const found = personKeyOf([key, ...headers.map((h) => `${h}.${key}`)], leaves, allowed, follows);
      if (found) return found;
    }
    return null;
  }
  const values = notMaskedWhole(published);
  const figures = codeColumnFigures(values);
  // Few distinct codes under such a header are few persons, not a category (40 doctors' licences).
  if (headers.some((h) => PERSON_KEY_HEADER.test(h.trim()))) return codeKeyShaped(figures, true, true) ? 'header' : null;
  // The spec says what the codes are (allow: [cn_uscc], a company's credit code): no guess from repeats.
  if (allowed.length > 0) return null;
  const number = headers.some(namesNumber);
  if (!codeKeyShaped(figures, number)) return null;
  const counts = new Map<string, number>();
  let top = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > top) top = n;
  }
  if (top > MAX_TOP_SHARE * values.length) return null;
  // 缴费编号 names a number before an amount; 商品条码 a thing's code, unless the codes follow persons (读者条码).
  const thing = headers.some((h) => THING_CODE_HEADER.test(h)) || (namesAmount(headers) && !number);
  return !thing || follows() ? 'values' : null;
}

/** A `"key": "text"` or `"key": 123` pair of JSON, read by its literals: redaction leaves no valid JSON (`"mobile":"***********"`). */
const JSON_PAIR = /"((?:[^"\\]|\\.)*)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))/g;

/** The text and number fields of JSON objects in most of the cells, by key; null when the cells hold no objects. */
function objectFields(values: readonly string[]): Map<string, string[]> | null {
  let objects = 0;
  const fields = new Map<string, string[]>();
  for (const v of values) {
    const t = v.trimStart();
    if (t[0] !== '{') continue;
    objects++;
    for (const m of t.matchAll(JSON_PAIR)) {
      const leaves = fields.get(m[1]!) ?? [];
      if (leaves.length === 0) fields.set(m[1]!, leaves);
      leaves.push(m[2] ?? m[3]!);
    }
  }
  return objects > 0 && objects >= 0.5 * values.length ? fields : null;
}

/** A row counter under any header but a person's number's (core's rowCounter): no key to anyone. */
export function rowCounterOf(headers: readonly string[], values: readonly string[]): boolean {
  return !headers.some((h) => PERSON_KEY_HEADER.test(h.trim())) && rowCounter(values);
}

/**
 * What a person is and a thing's users are not one of: a product's buyers, a course's students or
 * a car park's drivers differ in them, a person's records do not. Not the school, the employer or
 * the occupation: a course belongs to one college, a post to one employer.
 */
const FOLLOWED: ReadonlySet<QuasiAttribute> = new Set(['sex', 'birth-date', 'age', 'ethnicity', 'nationality', 'marital-status', 'origin']);
/** Codes with 2+ sampled records needed to judge whether they follow persons. */
const MIN_REPEATED = 20;

/**
 * Whether the codes of `column` follow persons in the sample: for a published column that names
 * a person's attribute (FOLLOWED, by its header), at least 90 % of the codes with two records or
 * more have one value of it on all their records, where chance alone would give at most 60 % (the
 * expected share, from the attribute's frequencies, Σ pᵥⁿ for a code with n records). A product's
 * barcode over its buyers' sexes stays near chance; a reader's barcode over their loans is 100 %.
 */
export function followsPersons(sample: readonly RecordBatch[], column: string): boolean {
  const fields = sample[0]?.schema.fields ?? [];
  const key = sampleColumn(sample, column);
  for (const f of fields) {
    const q = f.name === column ? null : quasiIdentifierHeader(f.name);
    if (q && FOLLOWED.has(q.attribute) && follows(key, sampleColumn(sample, f.name))) return true;
  }
  return false;
}

function follows(key: readonly (string | null)[], attribute: readonly (string | null)[]): boolean {
  const groups = new Map<string, { value: string; n: number; same: boolean }>();
  const freq = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < key.length; i++) {
    const k = key[i];
    const a = attribute[i];
    if (k == null || a == null) continue;
    total++;
    freq.set(a, (freq.get(a) ?? 0) + 1);
    const g = groups.get(k);
    if (!g) groups.set(k, { value: a, n: 1, same: true });
    else { g.n++; if (g.value !== a) g.same = false; }
  }
  const shares = [...freq.values()].map((c) => c / total);
  let repeated = 0;
  let same = 0;
  let chance = 0;
  for (const g of groups.values()) {
    if (g.n < 2) continue;
    repeated++;
    if (g.same) same++;
    for (const p of shares) chance += p ** g.n;
  }
  return repeated >= MIN_REPEATED && same >= 0.9 * repeated && chance <= 0.6 * repeated;
}

/** Cold path over the role sample: a column's values as text, null where empty, row by row. */
function sampleColumn(sample: readonly RecordBatch[], name: string): Array<string | null> {
  const out: Array<string | null> = [];
  for (const b of sample) {
    const v = b.getChild(name);
    for (let i = 0; i < b.numRows; i++) {
      const x: unknown = v?.get(i);
      const s = x === null || x === undefined ? '' : x instanceof Date ? x.toISOString() : String(x);
      out.push(s === '' ? null : s);
    }
  }
  return out;
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
 * remain codes are the measure of "unchanged". Under a header that names a person's number, or
 * a number and nothing else (代码, no.), short numbers count too (codeKeyShaped `named`), as in
 * personKeyOf.
 */
export function stillCodes(values: readonly string[], headers: readonly string[] = []): boolean {
  // An object's fields, each under its key (a rider object whose userId the redaction left as it was).
  const fields = objectFields(values);
  if (fields) return [...fields].some(([key, leaves]) => stillCodes(leaves, [key, ...headers.map((h) => `${h}.${key}`)]));
  const person = headers.some((h) => PERSON_KEY_HEADER.test(h.trim()));
  return codeKeyShaped(codeColumnFigures(notMaskedWhole(values)), person || headers.some(namesNumber), person);
}

/**
 * The values a rule left unmasked: a cell masked whole (****************) is no one's code any
 * more, and the others are published as they were. Judged together, the masked ones hid the rest:
 * a land register's household codes (cbfbm, 16 digits) under `redact` had 13 % masked whole (read
 * as bank cards), so 87 % codes fell under the 90 % a code column needs and the masked value was
 * the top 13 % of records; 1,310 of 1,500 household codes were published with exit 0
 * (test/unseen-domains-12).
 */
function notMaskedWhole(values: readonly string[]): readonly string[] {
  const out = values.filter((v) => !/^[*＊]+$/.test(v));
  return out.length === values.length ? values : out;
}
