import type { ColumnProfile, DetectorType, HierarchyRef } from '@tuomin/core';
import { DATE_TEXT_SHARE, categorySet, codeKeyShaped, namesNumber, quasiIdentifierHeader, type QuasiHeader } from '@tuomin/core/internal';
import { PERSON_KEY_HEADER } from '../review/person-key.js';

export type Sensitivity = 'L1' | 'L2' | 'L3' | 'L4';

/** The k every draft asks for. */
export const DRAFT_K = 5;

/**
 * What a column is to a release: a direct identifier (left out), a quasi-identifier (generalized
 * by the privacy search), a sensitive attribute (l-diverse within every class), free text
 * (redacted), a measure (rounded), or plain content kept as it is.
 */
export type ColumnRole = 'direct' | 'quasi' | 'sensitive' | 'text' | 'measure' | 'keep';

/** What profiling proposes for one column; the publisher decides. */
export interface ColumnSuggestion {
  column: string;
  role: ColumnRole;
  sensitivity: Sensitivity;
  /** Leave the column out of the release (direct identifiers). */
  drop?: boolean;
  /** A spec rule or rule list, e.g. { type: 'redact' }. */
  rule?: Record<string, unknown> | Record<string, unknown>[];
  /** The published column's type when it is not a string. */
  type?: 'number' | 'integer' | 'boolean' | 'date' | 'datetime';
  /** Detector types the column may keep (legal-person information such as a USCC). */
  allow?: DetectorType[];
  quasiIdentifier: boolean;
  /** The privacy search's generalization levels for a quasi-identifier (none: value or *). */
  hierarchy?: HierarchyRef;
  /** A sensitive attribute for l-diversity (PIPL Art. 28: health, finances, minors …). */
  sensitive?: boolean;
  /** The published column's name and title when its header cannot be published (it holds personal data). */
  outputName?: string;
  title?: string;
  /** A published description (中文描述) drafted from the header and what happens to the column. */
  description: string;
  /** One line for people: `证件号码: drop (direct identifier), 100.0 % valid IDs`. */
  note: string;
  /**
   * The column reads as a person's (a name, an identifier, a person's own number, a demographic, a
   * sensitive attribute, an address): the records are persons' and the draft imposes k.
   */
  person?: true;
  /**
   * The drop or rule (or the quasi-identifier) is there for persons' sake only: in a register of
   * things, where no column reads as a person's, the column is kept as it is (register-of-things.ts).
   */
  forPersons?: true;
}

/** Detector types that make a whole column a direct identifier, and what they are called. */
const DIRECT_TYPES: Partial<Record<DetectorType, string>> = {
  cn_id: 'valid IDs', cn_id15: '15-digit IDs', bank_card: 'bank cards', cn_passport: 'passport numbers',
  hk_mo_tw_permit: 'travel permits', hk_id: 'HK IDs', tw_id: 'Taiwan IDs', cn_mobile: 'mobile numbers',
  cn_landline: 'landlines', email: 'emails', cn_plate: 'plates', ipv4: 'IPv4 addresses', ipv6: 'IPv6 addresses',
  person_name: 'person names',
  geo_coordinate: 'coordinates (where a person was; for public facilities keep the column with allow: [geo_coordinate])', qq_number: 'QQ numbers', wechat_id: 'WeChat IDs',
  vin: 'VINs',
};

/**
 * A quasi-identifier recognised by its header (core's one list), and the hierarchy that fits its
 * values. An event's date is recognised by its values here (a date column of any header).
 */
function qiHeader(name: string, siblings?: readonly string[]): QuasiHeader | null {
  const q = quasiIdentifierHeader(name, siblings);
  return q && q.attribute !== 'event-date' ? q : null;
}

/** Headers of identifiers: a column under one that no detector recognised holds a part of one (身份证后四位). */
const PARTIAL_ID_HEADER = /身份证|证件|手机|电话|卡号|账号|帐号|护照|passport|phone|mobile|card|account/i;

/** Core's column-score confidences above which a column is names, or record numbers. */
const NAME_CONFIDENCE = 0.5;
const RECORD_CONFIDENCE = 0.6;
/** Share of whole-cell person names from which a column of persons and organisations is left out. */
const MIXED_NAME_SHARE = 0.1;

/**
 * Headers of sensitive columns that core's sensitiveCategory does not name (it covers health,
 * religion, biometrics, finances, whereabouts and minors by header and values): the grounds and
 * kind of social assistance, mortgages and debts, criminal records, sexual orientation.
 */
const SENSITIVE_HEADER = /致贫|困难原因|救助类别|保障类型|救助类型|低保|特困|抵押|负债|犯罪|前科|性取向/i;

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
}

/**
 * Suggest a role, sensitivity level, rule and hierarchy per column from its profile (values,
 * not only headers, decide): identifier columns found by a detector, person names by their
 * shape, record numbers as unique codes and identifiers masked upstream are left out; dates,
 * places and demographic columns become quasi-identifiers with built-in hierarchies; health,
 * finances and the like become sensitive attributes; free text is redacted; unique amounts are
 * rounded. A rule is proposed only for values the profile shows it fits: nothing here turns
 * most of a column into nulls or masks.
 */
// `siblings`: the other columns' headers, which decide a bare English weight or height (wt, ht
// beside sex and age: a body measure; weight beside a waybill: a parcel's), as the review reads them.
export function suggestColumn(p: ColumnProfile, siblings?: readonly string[]): ColumnSuggestion {
  const s = suggestOne(p, siblings);
  return { ...s, ...evidenceOf(s, p, siblings) };
}

/**
 * Whether a suggestion says the records are persons', or protects persons only. A drop of record
 * numbers or codes, a rounded amount, a quasi-identifier that no one's demographic (a stop, a
 * department, an event's date) protect persons if there are any; a name, an identifier, a
 * demographic or a sensitive attribute says there are. Free text in which a detector found a
 * person's identifier, even below the share that decides a column, says neither and stays redacted.
 */
function evidenceOf(s: ColumnSuggestion, p: ColumnProfile, siblings?: readonly string[]): { person?: true; forPersons?: true } {
  if (s.forPersons) return {};
  const identifiers = p.detectors.some((d) => d.type !== 'cn_uscc' && d.share >= 0.001);
  switch (s.role) {
    case 'direct': return { person: true };
    // By its header alone (检查结果 of an inspection: 合格, 限期整改), a health word over values that
    // say nothing of health is no evidence of persons; the values (诊断: 抑郁症) are.
    case 'sensitive': return p.kinds?.sensitive?.by === 'header' && !SENSITIVE_HEADER.test(p.name) ? { forPersons: true } : { person: true };
    // Free text in which the detectors found nothing at all (a road's, a company's name): in a register
    // of things its redaction protects no one (register-of-things.ts keeps it only over a whole file read).
    case 'text': return identifiers ? { person: true } : p.detectors.some((d) => d.type !== 'cn_uscc' && d.count > 0) ? {} : { forPersons: true };
    case 'quasi': {
      // An address (a home, fail closed), or a text with identifiers inside under a known header.
      if (identifiers) return { person: true };
      const demographic = qiHeader(p.name, siblings)?.demographic ?? p.kinds?.stated?.demographic ?? false;
      return demographic ? { person: true } : { forPersons: true };
    }
    case 'measure': return s.drop ? {} : { forPersons: true };
    default: return {};
  }
}

function suggestOne(p: ColumnProfile, siblings?: readonly string[]): ColumnSuggestion {
  const nonNull = p.rows - p.nulls;
  const name = p.name;
  if (nonNull === 0) return keep(p, 'L1', 'empty column');
  const personal = p.detectors.filter((d) => d.type !== 'cn_uscc' && d.share >= 0.001);
  const uscc = p.detectors.find((d) => d.type === 'cn_uscc');
  const allow: DetectorType[] | undefined = uscc && uscc.share >= 0.01 ? ['cn_uscc'] : undefined;
  const usccNote = uscc && allow ? `, ${pct(uscc.share)} USCC (business information, allowed)` : '';
  const unique = p.distinct / nonNull;
  const kinds = p.kinds;

  // 1. Direct identifiers: the type whose values fill whole cells most often.
  const whole = [...personal].sort((a, b) => b.whole - a.whole)[0];
  // At least half of the values must be addresses: the mask voids (mask-all) what is not one.
  if (whole && whole.whole / nonNull >= 0.5 && whole.type === 'address') {
    // A full address singles a household out; its county prefix is a quasi-identifier.
    return {
      column: name, role: 'quasi', sensitivity: 'L3', quasiIdentifier: true, hierarchy: { builtin: 'prefix', keep: [p.maxLength] },
      rule: { type: 'mask', preset: 'cn.address', fixedWidth: 3 },
      description: `${name}（仅保留省市区县，其余遮盖；按 k-匿名要求泛化）`,
      note: `${name}: quasi-identifier (address, ${pct(whole.whole / nonNull)} addresses): mask cn.address to the county, then generalized by the privacy search`,
    };
  }
  if (whole && whole.whole / nonNull >= 0.3 && DIRECT_TYPES[whole.type]) {
    return direct(p, whole.type === 'person_name' ? 'L3' : 'L4', `${pct(whole.whole / nonNull)} ${DIRECT_TYPES[whole.type]}${usccNote}`, allow);
  }
  // Person names and record numbers by their values, whatever the header (core's column scores).
  if (kinds && p.inferredType === 'text' && kinds.names.confidence >= NAME_CONFIDENCE && kinds.names.share >= 0.5) {
    return direct(p, 'L3', `${pct(kinds.names.share)} of values are person names (confidence ${kinds.names.confidence.toFixed(2)})`);
  }
  // Persons among organisations (a seller, creditor or party that is a developer or a person): a
  // redact rule finds no name without a context word, so the persons' names would be published.
  if (kinds && p.inferredType === 'text' && kinds.names.confidence >= NAME_CONFIDENCE && kinds.names.share >= MIXED_NAME_SHARE) {
    return direct(p, 'L3', `${pct(kinds.names.share)} of values are person names among other values (organisations); to keep the organisations, mask the names under a \`when:\` on a column that tells persons apart`);
  }
  if (kinds && p.inferredType !== 'date' && p.inferredType !== 'datetime' && kinds.records.confidence >= RECORD_CONFIDENCE) {
    return { ...direct(p, 'L3', `record or case numbers, or identifiers masked upstream: ${pct(kinds.records.share)} code-shaped, ${pct(kinds.records.distinctRatio)} distinct (confidence ${kinds.records.confidence.toFixed(2)})`), forPersons: true };
  }
  if (kinds && p.inferredType === 'text' && kinds.asciiTokens >= 0.9 && kinds.records.distinctRatio >= 0.8) {
    return { ...direct(p, 'L3', `codes, ${pct(kinds.records.distinctRatio)} distinct: one per record, they single records out`), forPersons: true };
  }
  // Codes are no free text: redaction finds nothing in BZ0123456789 and publishes it as it is. Too
  // varied to be categories and repeated over records (a library card: one per reader, on each of
  // the reader's loans), they are a key to whoever holds them; the draft leaves them out (a
  // generated loan list published every card number). The review asks the same question of a
  // hand-written spec (review/person-key.ts). Before step 2: a detector that matched inside
  // 京医保卡A123456 (an HK ID's shape) had the column redacted in part, still one value per person.
  // The review's figures (framed Han codes such as 京医保卡A123456 included) and its `named` case:
  // under a header naming a person's number or a number (编号, code), a member's 10234 counts, as
  // an integer column too; a row counter (1, 2, 3 …) is no one's number (review/person-key.ts).
  // Under a header naming a person's own number, few distinct codes are few persons (codeKeyShaped
  // `persons`): 40 doctors' licence numbers over 1,500 prescriptions, 5.8 % of them read as 15-digit
  // IDs, were redacted as text and 38 of 40 published.
  const personKey = PERSON_KEY_HEADER.test(name.trim());
  const named = personKey || namesNumber(name);
  const codeTyped = p.inferredType === 'text' || (named && p.inferredType === 'integer');
  if (kinds && codeTyped && !kinds.rowCounter && codeKeyShaped(kinds.codes, named, personKey)) {
    return {
      ...direct(p, 'L3', `codes: ${pct(kinds.records.share)} code-shaped, ~${p.distinct} distinct`),
      // Under a header naming a person's own number (卡号, 学号) they are persons'; else a thing's code may be.
      ...(personKey ? {} : { forPersons: true as const }),
      note: `${p.name}: drop (codes, ${pct(kinds.records.share)} code-shaped, ~${p.distinct} distinct: a key to whoever holds them, which redaction leaves as it is); if they number things, not persons, keep the column with no rule; to keep it linkable, pseudonymize it with a key`,
    };
  }
  // 2. Free text with identifiers inside. Text that names persons in many cells is a narrative
  // about people (a complaint, a case note): where the detectors see names there are names they
  // cannot see (no context word, a rare surname at the start of a clause), so the draft drops it
  // rather than promise a redaction it cannot check. Measured on a generated petition log: 3,708
  // names found before redaction, 2,190 still found after the detectors' best effort.
  // Over the cells that say something: a remark blank in most records (犬主…转让, 经…推荐入职 in
  // one written remark of ten) named persons in 4.5 % of all its cells and was redacted, and the
  // names no context word announced (85 of 1,500 records) were published.
  const names = personal.find((d) => d.type === 'person_name');
  const namedShare = names ? names.count / Math.max(1, nonNull - p.empties) : 0;
  if (names && namedShare >= PEOPLE_TEXT_SHARE) {
    return {
      ...direct(p, 'L3', `free text about persons: ${pct(namedShare)} of its written cells name a person`, allow),
      note: `${p.name}: drop (free text about persons: ${pct(namedShare)} of its written cells name a person, and names without a context word cannot all be found); to publish it, replace drop with { type: redact } and read every row of \`tuomin run --dry-run\` first`,
    };
  }
  if (personal.length > 0) {
    const list = personal.map((d) => `${d.type} ${pct(d.share)}`).join(', ');
    if (!textTyped(p)) return untextual(p, list, allow);
    // An identifier in most of the short cells, with something beside it (张伟 13812345678, 手机:
    // 138…): a contact field, not free text. Redaction would mask the phone and publish the name
    // beside it, which no context word announces.
    const most = personal.find((d) => DIRECT_TYPES[d.type] && d.type !== 'person_name' && d.share >= CONTACT_SHARE);
    if (most && p.maxLength <= CONTACT_LENGTH) {
      return direct(p, 'L4', `${pct(most.share)} of its cells hold ${DIRECT_TYPES[most.type]} with other text beside them (a name, a label): a contact field, not free text`, allow);
    }
    // Identifiers listed under an identifier's header (成员身份证号: 3716…;3716…): a list, not a
    // text. Redacted, the masks still count the household the search generalized (2 IDs: 3 persons).
    if (most && PARTIAL_ID_HEADER.test(name)) {
      return direct(p, 'L4', `${pct(most.share)} of its cells list ${DIRECT_TYPES[most.type]} under an identifier's header: redaction would leave how many there are`, allow);
    }
    const known = qiHeader(name, siblings);
    if (known) {
      // Redaction masks the identifiers and leaves what an attacker knows (交通工具: the flight,
      // a plate now and then): still a quasi-identifier, generalized (value, then *) by the search.
      const q = quasi(p, known.label);
      return { ...text(p, `${known.label} with identifiers inside: ${list}${usccNote}`, allow), role: 'quasi', quasiIdentifier: true, hierarchy: q.hierarchy!, description: `${name}（其中的个人信息已遮盖；按 k-匿名要求泛化）` };
    }
    return text(p, `free text with identifiers inside: ${list}${usccNote}`, allow);
  }
  if (allow) return { ...keep(p, 'L1', `keep${usccNote}`), allow };
  // 3. Sensitive attributes.
  const categorical = categorySet(p.distinct, nonNull);
  // A minor's data is sensitive as a whole (PIPL Art. 28), not one attribute to diversify: noted on the column.
  const found = kinds?.sensitive && kinds.sensitive.category !== 'minor' ? kinds.sensitive : undefined;
  // A place named by its header alone (位置, location) is a quasi-identifier, not an attribute to diversify.
  const diversify = found && !(found.category === 'whereabouts' && found.by === 'header') ? found : undefined;
  // l = 2 needs two values to share a class: a constant column cannot be diversified (and tells nothing).
  if ((diversify || SENSITIVE_HEADER.test(name)) && categorical && p.distinct >= 2) {
    const what = diversify ? `${diversify.category}, by ${diversify.by}` : 'by its header';
    return {
      column: name, role: 'sensitive', sensitivity: 'L4', quasiIdentifier: false, sensitive: true,
      description: `${name}（敏感个人信息；每个等价类至少 2 种不同取值）`,
      note: `${name}: sensitive attribute (PIPL Art. 28: ${what}; ~${p.distinct} distinct values): l-diversity in every class`,
    };
  }
  // 4. Quasi-identifiers: dates of any event, demographics, places.
  const qi = qiHeader(name, siblings);
  // A date or a month as text no cast reads (月份: 2025-07, 2025年7月), under any header: the review
  // counts it in k as an event's date by its values, so the draft hands it to the search, read by
  // the review's own test (core date-text.ts, through ColumnKinds.dateText). Kept out of the search,
  // a clinic's monthly doses left 96 of 96 records in classes of 2 over the clinic and the month and
  // the draft was refused by its own run (test/institutions-known.test.ts). Every such text starts
  // with its year: a prefix hierarchy keeps the month (of a longer date), then the year, then *.
  if (p.inferredType === 'text' && textTyped(p) && (kinds?.dateText ?? 0) >= DATE_TEXT_SHARE) {
    return quasi(p, `${qi?.label ?? 'date or month of an event'}, by its values`, { builtin: 'prefix', keep: p.maxLength > 7 ? [7, 4] : [4] });
  }
  // A time under an event's header (pickupTime, rcsj 入场时间, 出院日期) in shapes no cast reads
  // (2025/9/3 8:15 beside 20250903081522, epoch ms, Excel serials 45721) fell through to free text
  // and was redacted: redaction finds no person in a time, so a parking extract published every
  // entry and exit time and 1,500 of 1,500 payments stood alone (test/unseen-domains-8). Left out.
  // So is such a time read as a number (an Excel serial 45839 under 死亡日期, epoch seconds): drafted
  // as an amount, a funeral register's dates of death were kept to the day, and the draft was refused
  // by its own run, 425 records below k on that column alone (test/unseen-domains-13).
  if ((p.inferredType === 'text' || p.inferredType === 'integer' || p.inferredType === 'decimal') && quasiIdentifierHeader(name)?.attribute === 'event-date') {
    return {
      column: name, role: 'quasi', sensitivity: 'L3', drop: true, quasiIdentifier: true, description: name,
      note: `${name}: drop (a date or time of an event by its header, in shapes no cast reads: published raw it singles records out); to keep it, export it as ISO dates (2025-09-03 08:15:00) upstream and draft again`,
    };
  }
  if (p.inferredType === 'date' || p.inferredType === 'datetime' || qi?.levels === 'date') {
    // The date hierarchy reads ISO dates: 2024/1/31 and 2024年1月31日 are cast first (a typed
    // column passes as it is). A text birth-date column that is no date is left as value or *.
    const typed = /^(Date|Timestamp)/.test(p.arrowType);
    const cast = p.inferredType === 'datetime' ? 'timestamp' : p.inferredType === 'date' ? 'date' : undefined;
    if (!cast) return quasi(p, qi?.label ?? 'event date');
    return { ...quasi(p, qi?.label ?? 'event date', { builtin: 'date' }), ...(typed ? {} : { rule: { type: 'cast', to: cast } }) };
  }
  // An interval hierarchy reads numbers: a CSV column is text until cast, and its blank cells become nulls.
  const numeric = /^(Int|Uint|Float|Decimal)/.test(p.arrowType) ? {} : { rule: { type: 'cast', to: p.inferredType === 'integer' ? 'int32' : 'float64' } };
  if (qi?.levels === 'age' && (p.inferredType === 'integer' || p.inferredType === 'decimal')) {
    return { ...quasi(p, qi.label, { builtin: 'interval', widths: [5, 10, 20] }), ...numeric };
  }
  if (qi?.levels === 'measure' && (p.inferredType === 'integer' || p.inferredType === 'decimal')) {
    // A physical attribute (an area, a height, a car's engine size) is known to whoever sees the
    // thing: nested intervals from its magnitude (35.00–160.00 m²: 10, 20, 100) for the search.
    const intDigits = Math.max(1, p.integerDigits || (p.inferredType === 'decimal' ? p.maxLength - 3 : p.maxLength));
    const base = 10 ** Math.max(0, intDigits - 2);
    return { ...quasi(p, qi.label, { builtin: 'interval', widths: [base, 2 * base, 10 * base] }), ...numeric };
  }
  if (qi?.levels === 'count' && p.inferredType === 'integer') {
    return { ...quasi(p, qi.label, { builtin: 'interval', widths: [2, 4], origin: 1 }), ...numeric };
  }
  if (qi?.levels === 'region' && divisionCodes(p)) {
    return quasi(p, `${qi.label} (GB/T 2260 codes)`, { builtin: 'prefix', keep: DIVISION_LEVELS[p.maxLength]! });
  }
  if (qi && (categorical || qi.levels === 'region')) return quasi(p, qi.label);
  if (qi && unique > 0.5) {
    // Known to an attacker and nearly one value per record: no k = 5 class can keep it.
    return {
      column: name, role: 'quasi', sensitivity: 'L3', drop: true, quasiIdentifier: true, description: name,
      note: `${name}: drop (quasi-identifier (${qi.label}) with ~${p.distinct} distinct values over ${nonNull} records: no class of ${DRAFT_K} keeps it; publish a coarser form instead)`,
    };
  }
  if (qi) return quasi(p, qi.label);
  // A category that states an age band (80-89周岁高龄津贴, 百岁老人长寿补贴) tells the age the search
  // generalized: an elderly-subsidy roll published it beside a village and a sex with the age at
  // *, and 832 of 1,500 recipients stood alone (the centenarians among them).
  // The values state what an attacker knows (core's quasiByValues, the review's own test: an age
  // band, a birth year, a sex, a village, an admission batch of 本科提前批 under a bare `batch`):
  // the review counts such a column in k, so the draft hands it to the search, or leaves it out
  // when it is too varied for any class of DRAFT_K to keep it.
  const stated = kinds?.stated;
  if (stated && (categorical || unique <= 0.5)) return quasi(p, `${stated.label}, by its values`);
  if (stated) {
    return {
      column: name, role: 'quasi', sensitivity: 'L3', drop: true, quasiIdentifier: true, description: name,
      note: `${name}: drop (its values state ${stated.label}, ~${p.distinct} distinct over ${nonNull} records: no class of ${DRAFT_K} keeps it)`,
    };
  }
  if (found && !categorical) {
    // Sensitive values too varied to diversify within classes (case notes, incomes, coordinates): left out, fail closed.
    return direct(p, 'L4', `sensitive personal information (${found.category}, by ${found.by}), too varied for l-diversity`);
  }
  if (PARTIAL_ID_HEADER.test(name) && unique > 0.3) {
    return direct(p, 'L4', `part of an identifier (by its header) with ~${p.distinct} distinct values: what it keeps still singles people out`);
  }
  // 5. Free text (fail closed: the run's detectors may find more than the profile's sample).
  if (p.inferredType === 'text' && !categorical && p.maxLength >= 6 && textTyped(p)) return text(p, 'free text');
  // 6. Amounts unique enough to single a record out are rounded.
  if ((p.inferredType === 'decimal' || p.inferredType === 'integer') && unique > 0.3 && p.distinct > 50) {
    // From the digits before the point (1234.5678 has 4, not the 6 its length minus ".xx" gives):
    // a base from the length alone rounded 4-decimal bid prices in 万元 to 0.
    const intDigits = Math.max(1, p.integerDigits || (p.inferredType === 'decimal' ? p.maxLength - 3 : p.maxLength));
    const base = 10 ** Math.max(0, intDigits - 2);
    // A Parquet DECIMAL(14,2) is rounded as it is, exactly, and stays DECIMAL (core shift/round.ts,
    // test/formats-decimal): a base below one unit is never drafted finer than the column's scale.
    return {
      column: name, role: 'measure', sensitivity: 'L2', quasiIdentifier: false, type: 'number',
      // A CSV column is text until cast; a number column (Parquet, Arrow) is rounded as it is.
      rule: /^(Int|Uint|Float|Decimal)/.test(p.arrowType) ? { type: 'round', base } : [{ type: 'cast', to: 'float64' }, { type: 'round', base }],
      description: `${name}（取整到 ${base}）`,
      note: `${name}: round to ${base} (~${p.distinct} distinct values would single records out)`,
    };
  }
  return keep(p, 'L1', 'no personal data found');
}

/** Six-digit codes whose first two digits name a province (11–82): GB/T 2260 division codes. */
function divisionCodes(p: ColumnProfile): boolean {
  return p.inferredType === 'integer' && p.minLength === p.maxLength && DIVISION_LEVELS[p.maxLength] !== undefined;
}

/** Code-prefix levels of GB/T 2260 codes (6 digits) and of township and village codes (9, 12 digits). */
const DIVISION_LEVELS: Record<number, number[]> = { 6: [4, 2], 9: [6, 4, 2], 12: [9, 6, 4, 2] };

/** A column whose cells (at most CONTACT_LENGTH characters) hold an identifier this often is a contact field (see step 2). */
const CONTACT_SHARE = 0.5;
const CONTACT_LENGTH = 40;

/** Share of a free-text column's cells that name a person above which the draft drops the column (see step 2). */
const PEOPLE_TEXT_SHARE = 0.05;

function keep(p: ColumnProfile, level: Sensitivity, why: string): ColumnSuggestion {
  return { column: p.name, role: 'keep', sensitivity: level, quasiIdentifier: false, ...typedAs(p), description: p.name, note: `${p.name}: ${why}` };
}

/**
 * The declared type of a typed column (Parquet, Arrow IPC) published as it is. Without one the
 * spec says `string`, the default, and the normative review counts every value of an int32
 * column as a type violation: a birth register's 母亲年龄 (Arrow IPC) was refused so, exit 4.
 */
function typedAs(p: ColumnProfile): { type?: 'integer' | 'number' | 'boolean' } {
  if (/^(Int|Uint)/.test(p.arrowType)) return { type: 'integer' };
  if (/^Float/.test(p.arrowType)) return { type: 'number' };
  if (/^Bool/.test(p.arrowType)) return { type: 'boolean' };
  return {};
}

function direct(p: ColumnProfile, level: Sensitivity, evidence: string, allow?: DetectorType[]): ColumnSuggestion {
  return {
    column: p.name, role: 'direct', sensitivity: level, drop: true, quasiIdentifier: false, ...(allow ? { allow } : {}),
    description: p.name,
    note: `${p.name}: drop (direct identifier: ${evidence}); to keep it linkable, pseudonymize it with a key instead`,
  };
}

/**
 * Whether the column is text in its source (a CSV column, a Utf8 or dictionary-of-Utf8 column):
 * redact and mask take text only, and no cast turns a list, a struct or a number into text, so
 * a draft that redacted one stopped its run at BAD_SPEC.
 */
function textTyped(p: ColumnProfile): boolean {
  return /^(Large)?Utf8$|^Dictionary<[^<>]*, (Large)?Utf8>$/.test(p.arrowType);
}

/**
 * Identifiers in a column no text rule applies to (an ID inside a list or a struct, an ID as
 * int64 or decimal): left out, fail closed; the way to publish it is to make it text upstream.
 */
function untextual(p: ColumnProfile, found: string, allow?: DetectorType[]): ColumnSuggestion {
  const nested = /^(Struct|List|LargeList|FixedSizeList|Map|Union|Dictionary)/.test(p.arrowType);
  const what = nested ? `a nested column (${p.arrowType}) holding ${found}` : `numbers (${p.arrowType}) holding ${found}`;
  return {
    ...direct(p, 'L4', what, allow),
    note: `${p.name}: drop (${what}: redact and mask take text only, and no cast turns this type into text); to publish it, export the column as text upstream, then redact it`,
  };
}

function text(p: ColumnProfile, evidence: string, allow?: DetectorType[]): ColumnSuggestion {
  return {
    column: p.name, role: 'text', sensitivity: 'L3', rule: { type: 'redact' }, quasiIdentifier: false, ...(allow ? { allow } : {}),
    description: `${p.name}（其中的个人信息已遮盖）`,
    note: `${p.name}: redact (${evidence})`,
  };
}

/**
 * A quasi-identifier without natural levels still needs a hierarchy, or the search cannot touch
 * it: a prefix as long as the longest value keeps every value at level 1 and writes * at level 2.
 */
function quasi(p: ColumnProfile, label: string, natural?: HierarchyRef): ColumnSuggestion {
  const hierarchy: HierarchyRef = natural ?? { builtin: 'prefix', keep: [Math.max(1, p.maxLength)] };
  const how = !natural ? 'value, then *' : 'builtin' in natural ? `built-in ${natural.builtin} hierarchy` : 'hierarchy file';
  return {
    column: p.name, role: 'quasi', sensitivity: 'L2', quasiIdentifier: true, hierarchy,
    description: `${p.name}（按 k-匿名要求泛化）`,
    note: `${p.name}: quasi-identifier (${label}, ~${p.distinct} distinct values): generalized by the privacy search (${how})`,
  };
}

export function describeRule(rule: Record<string, unknown>): string {
  const { type, ...rest } = rule;
  const parts = Object.entries(rest).map(([k, v]) => (k === 'preset' ? String(v) : `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`));
  return [String(type), ...parts].join(' ');
}
