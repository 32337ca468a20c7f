import { Type, type RecordBatch, type Schema } from 'apache-arrow';
import { DATE_TEXT_SHARE, PERSONAL_TYPES, codeShaped, detectValue, isCompactDate, isEventDateText, nameColumnScore, quasiIdentifierHeader, type QuasiAttribute, type QuasiHeader } from '@tuomin/core/internal';
import type { ColumnSpec, Spec } from '../spec/schema.js';
import { isMeasure, namesAmount, namesSize, physicalUnit, type PhysicalUnit, type UnitNeighbour } from './published-measure.js';
import { linkingFigures, noiseGridOf, type LinkingFigures } from './published-linking.js';
import { TIDY_RULES } from './tidy-rules.js';
import { namesFirm, namesFirmFigure } from './trade-secret.js';
import { quasiByValues } from './quasi-values.js';
import { FIX_PERSON_KEY, followsPersons, personKeyOf, rowCounterOf, stillCodes, type PersonKeyEvidence } from './person-key.js';

/**
 * What an attacker can know of each published column (docs/privacy.md, "Attacker model"): the
 * prosecutor knows a target's demographic, contact and event data and that the target is in the
 * release. A column is attacker-known when its published values can be computed or matched from
 * such knowledge, whether or not the spec declares it a quasi-identifier.
 *
 * - `known`: counts in the class statistics of the published-risk review.
 * - `record-number`: a code-shaped column (case, record, admission numbers); blocks when its
 *   values are near-unique, since whoever holds the document holds the number.
 *   A person's own number (`personKey`: a library card, a patient's or a student's number,
 *   repeated over the person's records) blocks whatever its share (person-key.ts).
 * - `public`: declared public by law in the spec (`public: { reason }`); not counted.
 * - `unlinkable`: a keyed pseudonym, synthetic value or null: nothing an attacker can compute.
 * - `free-text`: redacted free text; its identifiers are the residual scan's job (a note is one
 *   per record, but no one looks a person up by it).
 * - `measure`: an amount, a count or a size (published-measure.ts): the only role that may be
 *   near-unique, unless beside the known columns it singles out most records (`linking`,
 *   published-linking.ts).
 * - `other`: none of the above (categories about the case, business information, codes of any
 *   shape); blocks when near-unique.
 */
export type PublishedRole = 'known' | 'record-number' | 'public' | 'unlinkable' | 'free-text' | 'measure' | 'other';

export interface PublishedColumn {
  /** Output name. */
  column: string;
  /** The spec key (source or derived column name), for `path` in reasons. */
  source: string;
  role: PublishedRole;
  /** Why it has this role, for people: "partial mask cn.mobile (keeps what the mask keeps)". */
  why: string;
  /** What to try when it leaves records below k. */
  fix: string;
  /** Only the first `prefix` characters are attacker-known (a keyed ID pseudonym that keeps the region code). */
  prefix?: number;
  /** The column is evidence that records describe persons (a demographic header, names, a privacy rule). */
  personal?: boolean;
  /** Its values are person names: a private person's name stays an error even in a register of public records. */
  names?: boolean;
  /** A mask of a person's own number keeping more than its standard display (cn.id 14 digits): as a name, it stays an error in a register. */
  personNumber?: boolean;
  /** A firm's own financial figure by its header (revenue, profit, tax paid): a trade secret beside a firm's name (trade-secret.ts). */
  firmFigure?: boolean;
  /** It names a firm (its name or credit code): a firm's figures beside it are that firm's (trade-secret.ts). */
  firm?: boolean;
  /** A measure judged as a linking key on the sample (published-linking.ts): what it adds to the attacker-known columns. */
  linking?: LinkingFigures;
  /** A person's own number published as it is (person-key.ts), by its header or by how its values repeat. */
  personKey?: PersonKeyEvidence;
  /** A measure under a noise rule: the width its published values are judged at, beside the known columns (published-linking.ts). */
  noiseGrid?: number;
}

/** Rows of the released output that decide roles from values. */
export const ROLE_SAMPLE_ROWS = 2000;

const FIX_PUBLIC = 'or, only if the law makes it public, declare `public: { reason: … }` on it';
const FIX_DATE = 'generalize it: `{ type: generalize, method: date, unit: month }` (or year), or drop it';
const FIX_CATEGORY = 'add it to privacy.quasiIdentifiers (with a hierarchy) so the search generalizes or suppresses it, or drop it';
const FIX_OTHER = `drop it, pseudonymize it with a key or publish a coarser form (a prefix, a category), ${FIX_PUBLIC}`;
const FIX_NESTED_DATE = 'drop it, or flatten the object before reading so that its date is a column of its own, then generalize that column (`{ type: generalize, method: date, unit: month }`)';
const FIX_MASK = 'mask all of it (`keepFirst: 0, keepLast: 0`), pseudonymize it with a key, or drop it';

/** A redacted text under a header an attacker knows: redaction masks identifiers inside it, not what it tells. */
const FIX_REDACTED_KNOWN = 'drop it (redaction masks the identifiers inside a text, not what the text tells: 户主 ***；配偶 *** still gives the household), or add it to privacy.quasiIdentifiers with a hierarchy so the search generalizes it (value, then *)';

/** What to try, per attribute an attacker knows (core's quasiIdentifierHeader names them by header). */
const FIX_BY_ATTRIBUTE: Record<QuasiAttribute, string> = {
  'origin': '`{ type: generalize, method: division, level: province }`, or drop it',
  'birth-date': FIX_DATE,
  'age': '`{ type: generalize, method: bins, bins: { width: 10 } }` or an age band, or drop it',
  'sex': FIX_CATEGORY,
  'household-size': '`{ type: generalize, method: bins, bins: { width: 2 } }`, or add it to privacy.quasiIdentifiers with an interval hierarchy, or drop it',
  'ethnicity': FIX_CATEGORY,
  'nationality': FIX_CATEGORY,
  'occupation': FIX_CATEGORY,
  'employer': FIX_CATEGORY,
  'education': FIX_CATEGORY,
  'school': FIX_CATEGORY,
  'rank': '`{ type: generalize, method: bins, bins: { width: 50 } }`, or drop it (beside the school or class it ranks in, a rank names one record)',
  'marital-status': FIX_CATEGORY,
  'place': '`{ type: generalize, method: division, level: city }` (codes) or `{ type: mask, preset: cn.address }`, or drop it',
  'vehicle': FIX_CATEGORY,
  'pet': FIX_CATEGORY,
  'travel': FIX_CATEGORY,
  'entitlement': FIX_CATEGORY,
  'event-date': FIX_DATE,
  'physical': 'add it to privacy.quasiIdentifiers with an interval hierarchy (`{ builtin: interval, widths: [10, 20, 40] }`) so the search generalizes it as far as k needs, or round or bin it coarsely enough that the attacker-known columns keep classes of k (`[{ type: cast, to: float64 }, { type: round, base: 50 }]`), or drop it; a `measure:` declaration does not apply (anyone can observe it)',
};

/** What to try for a column whose values state what an attacker knows (quasi-values.ts), whatever its header. */
const FIX_BY_VALUES = 'add it to privacy.quasiIdentifiers with a hierarchy (value, then *) so the search generalizes or suppresses it, publish a coarser category, or drop it';

/** What to try for an exact measure that links records (published-linking.ts). */
const FIX_LINKING_MEASURE = 'round it with a rule (`[{ type: cast, to: float64 }, { type: round, base: 10 }]`, a base that leaves few distinct values) or bin it (`{ type: generalize, method: bins, bins: { width: 10 } }`), add it to privacy.quasiIdentifiers with an interval hierarchy, or drop it; if no one can know or look the values up (a fine, a price paid), declare it: `measure: { reason: … }`';

/**
 * A physical attribute named by the first words of a column's description (up to a bracket or a
 * punctuation mark: 建筑面积（平方米） names an area, 月租金（按建筑面积计） a rent), or null. Only
 * physical attributes: a description's head is too loose a guess for the rest of the list.
 */
function physicalByDescription(c: ColumnSpec | undefined, siblings: readonly string[]): QuasiHeader | null {
  const first = c?.description?.normalize('NFKC').split(/[(（,，;；:：。、\s]/)[0] ?? '';
  const q = first ? quasiIdentifierHeader(first, siblings) : null;
  return q?.attribute === 'physical' ? q : null;
}

/** A physical attribute read from a unit (published-measure.ts physicalUnit), when no header or description's first words name one. */
const PHYSICAL_BY_UNIT: QuasiHeader = { attribute: 'physical', label: 'physical size, length or weight', levels: 'measure', demographic: false };

const unitSaid = (u: PhysicalUnit): string => (u.where === 'unit column' ? `the unit column beside it (${u.unit})` : `its unit (${u.unit} in its ${u.where})`);

/**
 * The columns beside a published one that may hold its unit: the published columns right before
 * and after it (with their sampled values) and the spec's columns right before and after its own
 * (a dropped 单位 column: its header and description only).
 */
function unitNeighbours(spec: Spec, schema: Schema, sample: RecordBatch[], index: number, source: string): UnitNeighbour[] {
  const out: UnitNeighbour[] = [];
  const bySpec = (key: string): ColumnSpec | undefined => spec.columns[key];
  for (const j of [index - 1, index + 1]) {
    const g = schema.fields[j];
    if (!g) continue;
    const key = Object.entries(spec.columns).find(([k, c]) => outputOf(k, c) === g.name)?.[0] ?? g.name;
    const c = bySpec(key);
    out.push({ headers: [g.name, key, ...(c?.title !== undefined ? [c.title] : [])], description: c?.description, values: sampleTexts(sample, g.name) });
  }
  const keys = Object.keys(spec.columns);
  const at = keys.indexOf(source);
  for (const j of at < 0 ? [] : [at - 1, at + 1]) {
    const key = keys[j];
    const c = key === undefined ? undefined : bySpec(key);
    if (key === undefined || !c?.drop) continue;
    out.push({ headers: [key, ...(c.title !== undefined ? [c.title] : [])], description: c.description, values: [] });
  }
  return out;
}

/** The first rule without `when:` that rounds or perturbs a number, or null: the column is published at record precision. */
function coarsening(c: ColumnSpec | undefined): 'round' | 'noise' | null {
  for (const r of c ? rulesOf(c) : []) {
    if (r.when !== undefined) continue;
    if (r.type === 'round') return 'round';
    if (r.type === 'noise') return 'noise';
  }
  return null;
}

/** The noise grid of a column's rules (published-linking.ts noiseGridOf), as a PublishedColumn field. */
function noiseGridField(c: ColumnSpec | undefined): { noiseGrid?: number } {
  const grid = c ? noiseGridOf(rulesOf(c)) : null;
  return grid === null ? {} : { noiseGrid: grid };
}

function outputOf(name: string, c: ColumnSpec): string {
  return c.name ?? name;
}

function rulesOf(c: ColumnSpec): Array<Record<string, unknown>> {
  return c.rule === undefined ? [] : ((Array.isArray(c.rule) ? c.rule : [c.rule]) as Array<Record<string, unknown>>);
}

const REGION_DIGITS: Record<string, number> = { province: 2, city: 4, county: 6 };
// A private person's own number, by preset, and the characters its standard display keeps at each
// end (370000********1234, 138****5678, 6222 **** **** 7890). A public key (a taxpayer's name in
// 欠税公告) makes the record public, not the legal representative beside it: his ID kept to 14
// digits (the birth date) was published with exit 0 as a register's warning
// (test/unseen-domains-10.test.ts). The standard display stays a register's warning.
const PERSON_NUMBER_DISPLAY: Record<string, readonly [number, number]> = { 'cn.id': [6, 4], 'cn.mobile': [3, 4], 'cn.bankcard': [4, 4] };

/** A mask of a person's own number that keeps more than its standard display at either end. */
function keepsMoreThanDisplay(r: Record<string, unknown>): boolean {
  const display = PERSON_NUMBER_DISPLAY[String(r.preset)];
  if (!display) return false;
  const first = typeof r.keepFirst === 'number' ? r.keepFirst : display[0];
  const last = typeof r.keepLast === 'number' ? r.keepLast : display[1];
  return first > display[0] || last > display[1];
}

/** The role a column's rules give it, or null when the rules decide nothing. A rule under `when:` leaves the other rows as they were, so it never makes a column unlinkable. */
function roleFromRules(c: ColumnSpec): Omit<PublishedColumn, 'column' | 'source'> | null {
  const rules = rulesOf(c);
  for (const r of rules) {
    if (r.when !== undefined) continue;
    if (r.type === 'fpe') {
      const keep = typeof r.keepRegion === 'string' ? REGION_DIGITS[r.keepRegion] : undefined;
      if (keep) return { role: 'known', why: `keyed pseudonym that keeps the ${String(r.keepRegion)} code (its first ${keep} characters)`, fix: 'keep a coarser region (`keepRegion: province`) or none (`keepRegion: none`)', prefix: keep };
      return { role: 'unlinkable', why: 'format-preserving keyed pseudonym', fix: '' };
    }
    if ((r.type === 'pseudonymize' && r.method !== 'xxh64') || r.type === 'synthesize' || r.type === 'null') {
      return { role: 'unlinkable', why: `${String(r.type)} (an attacker cannot compute it)`, fix: '' };
    }
  }
  for (const r of rules) {
    const what = `${String(r.type)}${typeof r.preset === 'string' ? ` ${r.preset}` : typeof r.method === 'string' ? ` ${r.method}` : ''}`;
    if (r.type === 'pseudonymize') return { role: 'known', why: 'unkeyed hash (anyone can hash the identifier they know)', fix: 'pseudonymize with a keyed method (aes-cmac, hmac-sha256, sm4-cmac), or drop it' };
    if (r.type === 'mask') return { role: 'known', why: `partial ${what} (an attacker applies the same mask to what they know)`, fix: FIX_MASK, ...(keepsMoreThanDisplay(r) ? { personNumber: true } : {}) };
    if (r.type === 'generalize') return { role: 'known', why: `generalized attribute (${what})`, fix: 'generalize it further (a coarser level or wider bins), add it to privacy.quasiIdentifiers with a hierarchy, or drop it' };
    if (r.type === 'date-shift') return { role: 'known', why: 'shifted date (an attacker matches it within the shift)', fix: FIX_DATE };
  }
  if (rules.some((r) => r.type === 'redact' && r.when === undefined)) return { role: 'free-text', why: 'redacted free text', fix: '' };
  return null;
}

/** Rows of a sample that sampleTexts reads. */
const sampledRows = (sample: RecordBatch[]): number => Math.min(ROLE_SAMPLE_ROWS, sample.reduce((n, b) => n + b.numRows, 0));

/** Cold path over a sample: the column's non-empty values as text. */
function sampleTexts(sample: RecordBatch[], name: string): string[] {
  const out: string[] = [];
  let seen = 0;
  for (const b of sample) {
    const v = b.getChild(name);
    if (!v) continue;
    for (let i = 0; i < b.numRows && seen < ROLE_SAMPLE_ROWS; i++, seen++) {
      const x: unknown = v.get(i);
      if (x === null || x === undefined) continue;
      const s = x instanceof Date ? x.toISOString() : String(x);
      if (s !== '') out.push(s);
    }
  }
  return out;
}

const MASKED_TEXT = /[*＊×]{2,}/;

/**
 * A JSON object or array in a cell (a nested NDJSON value) with an event's date or time among its
 * string values. Read by its string literals, not parsed: redaction leaves no valid JSON
 * (`{"lat":********,…}`).
 */
function datedObject(text: string): boolean {
  const t = text.trimStart();
  if (t[0] !== '{' && t[0] !== '[') return false;
  for (const m of t.matchAll(JSON_STRING)) if (isEventDateText(m[1]!) || isCompactDate(m[1]!)) return true;
  return false;
}
const JSON_STRING = /"((?:[^"\\]|\\.)*)"/g;

function share(values: string[], test: (s: string) => boolean): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}

function roleFromValues(values: string[], typeId: Type, headers: string[]): Omit<PublishedColumn, 'column' | 'source'> | null {
  if (typeId === Type.Timestamp) return { role: 'known', why: 'timestamp of an event', fix: FIX_DATE };
  if (typeId === Type.Date) return { role: 'known', why: 'date of an event', fix: FIX_DATE };
  if (values.length === 0) return null;
  if (share(values, isEventDateText) >= DATE_TEXT_SHARE) return { role: 'known', why: 'date or time of an event (by its values)', fix: FIX_DATE };
  if (share(values, (s) => MASKED_TEXT.test(s) && /[0-9A-Za-z\p{Script=Han}].*[0-9A-Za-z\p{Script=Han}]/u.test(s.replace(/[*＊×]/g, ''))) >= 0.3) {
    return { role: 'known', why: 'partially masked values (an attacker matches what the mask keeps)', fix: FIX_MASK };
  }
  let place = 0;
  for (const v of values) if (detectValue(v).some((x) => x.type === 'address')) place++;
  // Names under any header: the detectors' column score (surname distribution, length, characters).
  if (isNameList(values)) return NAMES_BY_VALUES;
  if (place >= 0.5 * values.length) return { role: 'known', why: 'places or addresses (by their values)', fix: '`{ type: mask, preset: cn.address }` or generalize to a district, or drop it' };
  // What an attacker knows, stated by the values under any header (类别: 90-99周岁高龄津贴; 备注1: 2021级).
  const stated = quasiByValues(values);
  if (stated) return { role: 'known', why: `${stated.label} in ${Math.round(stated.share * 100)} % of its values (by its values)`, fix: FIX_BY_VALUES, ...(stated.demographic ? { personal: true } : {}) };
  if (isMeasure(headers, values, typeId)) return { role: 'measure', why: 'a measure (amount, count or size)', fix: '' };
  if (share(values, codeShaped) >= 0.9) return { role: 'record-number', why: 'code-shaped values (a record or case number)', fix: `pseudonymize it with a key or drop it, ${FIX_PUBLIC}` };
  return null;
}

const NAMES_BY_VALUES = { role: 'known', why: 'person names (by their values)', fix: 'mask, pseudonymize or drop it', personal: true, names: true } as const;

/** Person names, one to a cell or as short lists (detect name-column.ts scores them). */
function isNameList(values: string[]): boolean {
  return values.length > 0 && (nameColumnScore(values).confidence >= 0.5 || nameColumnScore(listedNames(values)).confidence >= 0.5);
}

/**
 * The items of values that are short lists (欧阳娜娜、王秀英; a JSON array or object of an NDJSON
 * source's nested field, {"成员":["欧阳娜娜","王秀英"]}): a household's members are names as much as
 * a roster is. A value with an item longer than a name is text, not a list, and gives nothing.
 */
function listedNames(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    let items: string[];
    if (v.startsWith('[') || v.startsWith('{')) {
      try { items = jsonStrings(JSON.parse(v)); } catch { continue; }
    } else items = v.split(/[、，,;；/|\s]+/).filter((x) => x !== '');
    if (items.length > 1 && items.length <= 12 && items.every((x) => [...x].length <= 5)) out.push(...items);
    else if (items.length === 1 && (v.startsWith('[') || v.startsWith('{')) && [...items[0]!].length <= 5) out.push(items[0]!);
  }
  return out;
}

/** The string leaves of a JSON value (keys too: a name can be a key, {"欧阳娜娜": …}). */
function jsonStrings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(jsonStrings);
  if (x !== null && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => [k, ...jsonStrings(v)]);
  return [];
}

/** At least half of the characters of a non-empty value are the redaction's `*`. */
function mostlyMasked(v: string): boolean {
  if (v.length === 0) return false;
  let stars = 0;
  for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) === 42) stars++;
  return stars * 2 >= v.length;
}

/**
 * Role of every published column, from the spec (public declarations, rules, declared
 * quasi-identifiers, allow lists), the output schema (types, headers) and a sample of the output
 * values. One place: the review and `tuomin bench` both ask it.
 */
export function publishedColumns(spec: Spec, schema: Schema, sample: RecordBatch[]): PublishedColumn[] {
  const byOutput = new Map<string, [string, ColumnSpec]>();
  for (const [k, c] of Object.entries(spec.columns)) byOutput.set(outputOf(k, c), [k, c]);
  const declared = new Set((spec.privacy?.quasiIdentifiers ?? []).map((q) => (spec.columns[q] ? outputOf(q, spec.columns[q]!) : q)));
  const linkBy = new Set<string>();
  // The headers beside each column, dropped ones too (a dropped 性别 still says whose a weight is):
  // they decide a bare English height or weight (core quasiIdentifierHeader).
  const siblings = [...new Set([...Object.keys(spec.columns), ...schema.fields.map((g) => g.name)])];
  const columns = schema.fields.map((f, index): PublishedColumn => {
    const [source, c] = byOutput.get(f.name) ?? [f.name, undefined];
    const at = (r: Omit<PublishedColumn, 'column' | 'source'>): PublishedColumn => ({ column: f.name, source, ...r });
    if (c?.public) return at({ role: 'public', why: `public by law: ${c.public.reason}`, fix: '' });
    const byRule = c ? roleFromRules(c) : null;
    if (byRule?.role === 'unlinkable') return at(byRule);
    if (declared.has(f.name)) return at({ role: 'known', why: 'declared quasi-identifier', ...(byRule?.prefix ? { prefix: byRule.prefix } : {}), fix: 'give it a coarser hierarchy level or a higher suppression limit in privacy' });
    if (byRule?.role === 'free-text' && share(sampleTexts(sample, f.name), (v) => isEventDateText(v) || isCompactDate(v)) >= DATE_TEXT_SHARE) {
      // Redaction masks identifiers inside text and leaves a date as it is: exact event dates.
      return at({ role: 'known', why: 'dates under a redact rule (redaction leaves them as they are)', fix: FIX_DATE });
    }
    if (byRule?.role === 'free-text' && share(sampleTexts(sample, f.name), datedObject) >= DATE_TEXT_SHARE) {
      // A nested object (NDJSON's {"lat":…,"time":"2025-06-16T07:24:34"}) is a record of fields,
      // not free text: a trip's pickup time to the second singled out 3,998 of 4,000 taxi trips.
      return at({ role: 'known', why: 'a nested object (JSON) with a date or time of an event among its fields, under a redact rule (redaction leaves it as it is)', fix: FIX_NESTED_DATE });
    }
    // A redaction that rewrote most of most cells was not masking identifiers inside a text: the
    // column is an identifier written as text (a shop's address, 南大街12号3-4 → ****…3-5, one
    // value per shop), and is judged like any other column, by its header, values and distinct share.
    // Nor was it masking inside a text when what it published is still a column of names (ZHANG WEI,
    // 王芳: a name alone in its cell has no context word for the detectors).
    // Nor when its header names what an attacker knows (交通工具 of a crossing: the flight is left as it is).
    const redacted = byRule?.role === 'free-text' ? sampleTexts(sample, f.name) : [];
    // Most of the column's rows, not most of its non-empty cells: a remark empty in 87 % of the rows
    // whose others are mostly an ID (换证，原证号****…) is a text that held identifiers; judged as an
    // identifier column, its few masked remarks counted as attacker-known and a disability register's
    // draft was refused (271 records below k, test/unseen-domains-12).
    const rewritten = byRule?.role === 'free-text' && (share(redacted, mostlyMasked) >= 0.5 && redacted.length >= 0.5 * sampledRows(sample) || nameColumnScore(redacted).confidence >= 0.5
      || quasiIdentifierHeader(f.name) !== null || quasiIdentifierHeader(source) !== null
      || stillCodes(redacted, [f.name, source, ...(c?.title !== undefined ? [c.title] : [])]));
    if (byRule && !rewritten) return at(byRule);
    const allowed = (c?.allow ?? []).filter((t) => PERSONAL_TYPES.has(t as never));
    if (allowed.length) return at({ role: 'known', why: `publishes ${allowed.join(', ')} (allowed by the spec)`, fix: `mask, pseudonymize or drop it, ${FIX_PUBLIC}` });
    const head = quasiIdentifierHeader(f.name, siblings) ?? (c?.title !== undefined ? quasiIdentifierHeader(c.title, siblings) : null) ?? quasiIdentifierHeader(source, siblings);
    // A redacted text is no number or date to bin: its fix is the text's, not the attribute's
    // (家庭成员 redacted still tells the household; bins: { width: 2 } cannot apply to it).
    // A legacy header (col7, F12) says nothing; the description's first words may: 建筑面积（平方米）.
    // Nor may 金额 or 数值: a physical unit in the description, the values or a unit column beside
    // it says what the number is (an area exported under 金额, heights under 数值 with cm beside).
    const described = head === null ? physicalByDescription(c, siblings) : null;
    // A header that names a thing's size (重量, 长度) already says what the number is; its unit
    // (重量（千克）) adds nothing, and a parcel's weight is no one's attribute (namesSize).
    const sized = namesSize([f.name, source, ...(c?.title !== undefined ? [c.title] : [])]);
    const byUnit = head === null && described === null && byRule?.role !== 'free-text' && !sized
      ? physicalUnit(c?.description, sampleTexts(sample, f.name), unitNeighbours(spec, schema, sample, index, source)) : null;
    const physical = head?.attribute === 'physical' ? head : described ?? (byUnit ? PHYSICAL_BY_UNIT : null);
    if (physical && byRule?.role !== 'free-text') {
      // Anyone can observe it (an area, a height): attacker-known and counted in k, exact or
      // rounded (the attacker rounds what they know: a rental's area rounded to 10 m² beside the
      // district and the generalized lease dates still left 600 of 1,986 leases alone). Perturbed
      // by noise it is no value anyone knows exactly (its scale is the publisher's decision).
      const coarse = coarsening(c);
      const by = physical === head ? 'its header' : byUnit ? unitSaid(byUnit) : 'its description';
      const why = `${physical.label} (by ${by}: anyone can observe or look it up)`;
      // Noise protects only at a scale comparable to the values' spacing: judged at that scale (published-linking.ts).
      if (coarse === 'noise') return at({ role: 'measure', why: `${why}, with noise added`, fix: '', ...noiseGridField(c) });
      return at({ role: 'known', why: `${why}, ${coarse === 'round' ? 'rounded by a rule' : 'published at record precision'}`, fix: FIX_BY_ATTRIBUTE.physical, ...(physical.demographic ? { personal: true } : {}) });
    }
    // Names by their values outrank a header's guess (a column household full of members' names).
    if (head && !byRule && isNameList(sampleTexts(sample, f.name))) return at(NAMES_BY_VALUES);
    if (head) {
      const fix = byRule?.role === 'free-text' ? FIX_REDACTED_KNOWN : FIX_BY_ATTRIBUTE[head.attribute];
      return at({ role: 'known', why: `${head.label} (by its header)`, fix, ...(head.demographic ? { personal: true } : {}) });
    }
    // A person's own number (a library card, a patient's or a student's number) repeats over the
    // person's records: no record number, yet a key to all of them (person-key.ts).
    const texts = sampleTexts(sample, f.name);
    // A row counter (1, 2, 3 … in published order) is the row's position: no one's number, however unique.
    if (rowCounterOf([f.name, source, ...(c?.title !== undefined ? [c.title] : [])], texts)) return at({ role: 'unlinkable', why: 'a row counter (1, 2, 3 … in published order: the row\'s position)', fix: '' });
    // A date is no one's number: a loan date (274 days over 1,500 loans, 18 % distinct) was refused
    // as a person's key; it is an event's date, judged as one below (test/unseen-domains-10.test.ts).
    const dated = f.type.typeId === Type.Date || f.type.typeId === Type.Timestamp || share(texts, isEventDateText) >= DATE_TEXT_SHARE;
    const key = dated ? null : personKeyOf([f.name, source, ...(c?.title !== undefined ? [c.title] : [])], texts, c?.allow ?? [], () => followsPersons(sample, f.name));
    if (key) {
      const why = key === 'header' ? 'a person\'s own number (by its header), published as it is' : 'codes repeated over records, as a person\'s own number is, published as they are';
      return at({ role: 'record-number', why, fix: FIX_PERSON_KEY, personKey: key, ...(key === 'header' ? { personal: true } : {}) });
    }
    const byValues = roleFromValues(texts, f.type.typeId, [f.name, source, ...(c?.title !== undefined ? [c.title] : [])]);
    if (byValues?.role === 'measure') {
      if (c?.measure) return at({ role: 'measure', why: `a measure no one can know (declared: ${c.measure.reason})`, fix: '' });
      // An amount, a count or a size by its header (a fine, a salary, a price paid): known to no
      // one outside the case, as before. A measure whose header says nothing is a key until shown not;
      // under noise, a key until its scale is shown to hide the values' spacing (published-linking.ts).
      const headers = [f.name, source, ...(c?.title !== undefined ? [c.title] : [])];
      // A thing's size (重量, 长度) is no amount of money: near-unique, it is judged as a key (namesSize).
      const amount = namesAmount(headers) && !namesSize(headers);
      if (coarsening(c) === 'noise') return at({ role: 'measure', why: 'a measure with noise added', fix: '', ...(amount ? {} : noiseGridField(c)) });
      if (amount) return at(byValues);
      linkBy.add(f.name);
      return at({ role: 'measure', why: namesSize(headers) ? 'a thing\'s size (by its header; no amount of money)' : 'a measure (by its values; its header names no amount, count or size)', fix: FIX_LINKING_MEASURE });
    }
    return at(byValues ?? { role: 'other', why: 'published as it is', fix: FIX_OTHER });
  });
  // The measures to judge as keys: what each adds to the attacker-known columns, on the sample.
  const known = columns.filter((c) => c.role === 'known').map((c) => ({ column: c.column, ...(c.prefix !== undefined ? { prefix: c.prefix } : {}) }));
  return columns.map((c) => {
    const linked = linkBy.has(c.column) ? { ...c, linking: linkingFigures(sample, c.column, known) } : c;
    // A firm's name is often declared public (legal-person information); its figures are not by that.
    if (c.role === 'unlinkable') return linked;
    const cs = spec.columns[c.source];
    const headers = [c.column, c.source, ...(cs?.title !== undefined ? [cs.title] : []), ...(cs?.description !== undefined ? [cs.description] : [])];
    const figure = c.role !== 'public' && namesFirmFigure(headers);
    const firm = !figure && namesFirm(headers, cs?.allow ?? [], sampleTexts(sample, c.column));
    return figure ? { ...linked, firmFigure: true } : firm ? { ...linked, firm: true } : linked;
  });
}


/**
 * Why the records are taken to describe persons, or null when nothing says so: a privacy
 * section, a desensitization rule, a dropped column, a sensitivity level, an allowed personal
 * type, a demographic header or person names among the values. A table of things (dates and
 * codes of inspections, say) is judged only when one of these is present; its figures are
 * otherwise reported as warnings. Coordinates allowed and declared public are a place's (a bike
 * station's, a truck's), as docs/detection.md says to keep them: no sign of persons (the stations'
 * hourly flows were refused as 1,500 records below k, test/unseen-domains-12).
 */
export function personEvidence(spec: Spec, columns: PublishedColumn[]): string | null {
  if (spec.privacy) return 'the spec has a privacy section';
  for (const [name, c] of Object.entries(spec.columns)) {
    if (c.drop) return `column "${name}" is dropped`;
    const rule = rulesOf(c).find((r) => !TIDY_RULES.has(String(r.type)));
    if (rule) return `column "${name}" has a ${String(rule.type)} rule`;
    if (c.sensitivity && c.sensitivity !== 'L1') return `column "${name}" is ${c.sensitivity}`;
    if ((c.allow ?? []).some((t) => PERSONAL_TYPES.has(t as never) && !(c.public && t === 'geo_coordinate'))) return `column "${name}" may publish ${(c.allow ?? []).join(', ')}`;
  }
  if (spec.unlistedColumns === 'drop') return 'unlisted source columns are dropped';
  const p = columns.find((c) => c.personal);
  return p ? `column "${p.column}" holds ${p.why}` : null;
}
