import type { TransformReport } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import type { RunPlan } from '../run/plan.js';
import { personalMailbox } from '@tuomin/core/light';
import { SourceNameScanner, TextScanner, contactKey, nameHoldsPersonalData, type TextFinding } from '../scan/scan-texts.js';
import { result, type ReviewReason, type ReviewResult } from './types.js';
import { TIDY_RULES } from './tidy-rules.js';
import { STAFF_NUMBER_HEADER } from './staff-number.js';

/** The shape of a residual scan (core's scanBatches). */
export interface ScanFinding {
  column: string;
  type: string;
  count: number;
  rows: number[];
  /** header: the column's (or a nested field's) name; dictionary: entries no row references; metadata: Arrow key-value metadata. */
  place?: 'header' | 'dictionary' | 'metadata';
}
export interface ScanSummary {
  clean: boolean;
  rows: number;
  findings: ScanFinding[];
  /** The source sample's only: the names in its columns of people's names, looked for in the spec's texts. */
  names?: ReadonlySet<string>;
  /** The source sample's only: whole cells of its phone and mailbox columns (contactKey) by source column, where the department contact must not be. */
  contacts?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The source sample's only: the values of its columns headed as a staff member's number, looked for in the spec's texts. */
  staffNumbers?: ReadonlySet<string>;
}

export interface PrivacyOutcome {
  passed: boolean;
  reasons: ReviewReason[];
}

export interface SecurityInputs {
  spec: Spec;
  plan: RunPlan;
  reports: TransformReport[];
  /** Scan of every cell of the staged output. */
  output: ScanSummary;
  /** Scan of a sample of the source, to find personal columns the spec forgot. */
  sourceSample: ScanSummary;
  personalTypes: ReadonlySet<string>;
  privacy?: PrivacyOutcome;
}

/** Share of sampled rows a personal type must reach for a column to count as personal. */
const PERSONAL_COLUMN_SHARE = 0.2;

/**
 * The security review (安全审查, Art. 10, 23). Fails when personal data remains in a column not
 * explicitly allowed to publish it, when a column that holds personal data has no rule, when a
 * non-cryptographic hash is applied to personal data, or when the privacy thresholds fail.
 */
export function securityReview(inp: SecurityInputs): ReviewResult {
  const { spec, plan } = inp;
  const reasons: ReviewReason[] = [];
  const bySourceName = new Map(plan.columns.map((c) => [c.source, c]));
  const byOutputName = new Map(plan.columns.map((c) => [c.output, c]));
  // The scan names a column whose header it found personal data in by its number (column #n).
  const byNumber = (label: string): RunPlan['columns'][number] | undefined => {
    const n = /^column #(\d+)$/.exec(label);
    return n ? plan.columns[Number(n[1]) - 1] : undefined;
  };
  const specTexts = specTextFindings(spec, plan, inp.sourceSample.names, inp.sourceSample.contacts, inp.sourceSample.staffNumbers);

  for (const f of inp.output.findings) {
    if (!inp.personalTypes.has(f.type)) continue;
    if (f.place === 'header') {
      // The scan names such a column by its number only: its name is the identifier.
      reasons.push({
        code: 'privacy/pii-in-header',
        severity: 'error',
        column: f.column,
        type: f.type,
        count: f.count,
        path: `columns (output ${f.column}).name`,
        message: `the name of ${f.column} of the output holds ${f.type}: a header is published in every file and in the metadata; give the column a name: (and a title:) that holds no identifier, or drop it`,
      });
      continue;
    }
    if (f.place === 'metadata') {
      // A column's title and description from the spec are written as its field metadata: that
      // hit is the spec's, reported below at its spec path, not a source file's to strip.
      const p = byOutputName.get(f.column) ?? byNumber(f.column);
      const at = p ? `${columnPath(p.source, plan.columns.indexOf(p))}.` : undefined;
      if (at && specTexts.some((t) => t.type === f.type && (t.path === `${at}title` || t.path === `${at}description`))) continue;
      // A header that holds personal data is also the column's title unless the spec gives one:
      // the header's reason above already says to give a name and a title; the source has nothing to strip.
      if (p && spec.columns[p.source]?.title === undefined && inp.output.findings.some((h) => h.place === 'header' && h.column === f.column)) continue;
      reasons.push({
        code: 'privacy/pii-in-metadata',
        severity: 'error',
        column: f.column,
        type: f.type,
        count: f.count,
        message: `the key-value metadata of ${f.column === '(schema metadata)' ? 'the schema' : `column "${f.column}"`} holds ${f.type}; it comes from the source and Arrow and Parquet files would publish it: strip it from the source file`,
      });
      continue;
    }
    const col = byOutputName.get(f.column);
    const allow = col ? spec.columns[col.source]?.allow ?? [] : [];
    const ownIdentifier = allow.includes(f.type) && !madeByRule(spec, col?.source, f.type);
    if (allow.includes(f.type) && !ownIdentifier) continue;
    // One finding, one reason: what differs is where the fix goes and why.
    const found = { code: 'privacy/pii-pattern', severity: 'error', column: f.column, type: f.type, count: f.count, rows: f.rows.slice(0, 20) } as const;
    if (ownIdentifier) {
      reasons.push({
        ...found,
        path: `columns.${col!.source}.allow`,
        params: { allowed: 'own' },
        message: `${f.count} value${f.count === 1 ? '' : 's'} of type ${f.type} remain in column "${f.column}": allow: [${f.type}] admits the look-alike identifiers an fpe or synthesize rule on every row makes, never a person's own, and this column has no such rule; mask, pseudonymize or drop it`,
      });
      continue;
    }
    reasons.push({
      ...found,
      path: `columns.${col?.source ?? f.column}.rule`,
      ...(f.place === 'dictionary' ? { params: { place: 'dictionary' } } : {}),
      message: f.place === 'dictionary'
        ? `${f.count} dictionary entr${f.count === 1 ? 'y' : 'ies'} of column "${f.column}" that no row uses hold ${f.type}: the dictionary is published whole`
        : `${f.count} value${f.count === 1 ? '' : 's'} of type ${f.type} remain in column "${f.column}" after desensitization`,
    });
  }
  reasons.push(...textReasons(specTexts));
  reasons.push(...contactMailboxWarning(spec));

  const personalSources = new Map<string, string>();
  const sampleRows = Math.max(1, inp.sourceSample.rows);
  for (const f of inp.sourceSample.findings) {
    if (!inp.personalTypes.has(f.type) || f.count / sampleRows < PERSONAL_COLUMN_SHARE) continue;
    if (!personalSources.has(f.column)) personalSources.set(f.column, f.type);
    const col = bySourceName.get(f.column);
    if (!col) continue; // dropped: fine
    const allow = spec.columns[f.column]?.allow ?? [];
    if (col.rules.length === 0 && !allow.includes(f.type)) {
      reasons.push({
        code: 'privacy/unmasked-sensitive-field',
        severity: 'error',
        column: f.column,
        type: f.type,
        count: f.count,
        path: `columns.${f.column}.rule`,
        params: { share: (100 * f.count / sampleRows).toFixed(1) },
        message: `column "${f.column}" holds ${f.type} in ${(100 * f.count / sampleRows).toFixed(1)} % of sampled rows but has no rule`,
      });
    }
  }
  reasons.push(...staffNumberReasons(spec, plan));
  for (const r of inp.reports) {
    if (r.extra?.notPseudonymization !== true) continue;
    for (const column of r.columns) {
      const sens = spec.columns[column]?.sensitivity;
      if (personalSources.has(column) || sens === 'L3' || sens === 'L4') {
        reasons.push({
          code: 'privacy/non-crypto-hash',
          severity: 'error',
          column,
          path: `columns.${column}.rule`,
          params: { method: String(r.extra?.method ?? r.transform) },
          message: `column "${column}" holds personal data but uses ${String(r.extra?.method ?? r.transform)}, which is not a pseudonymization method`,
        });
      }
    }
  }
  if (inp.privacy) reasons.push(...inp.privacy.reasons);
  return result('security', reasons);
}

/**
 * The texts of the spec that the package publishes (dataset fields, conditions, legal basis, and
 * the title, description and constraint values of each published column), scanned by spec path.
 * The department contact (dataset.contact) is the agency's own and published by design. With
 * `names` (the source sample's names of people), a text repeating one is a person_name finding.
 */
export function specTextFindings(spec: Spec, plan: RunPlan, names?: ReadonlySet<string>, contacts?: ReadonlyMap<string, ReadonlySet<string>>, staffNumbers?: ReadonlySet<string>): TextFinding[] {
  const contact = spec.dataset.contact;
  // A mobile number is a person's, not a department's phone (部门电话): the review cannot tell a
  // clerk's or a data subject's mobile from a hotline, so it is scanned like any other text.
  const mobile = contact !== undefined && isMobileNumber(contact.phone);
  // Likewise a mailbox at a public webmail service whose local part is a QQ number, a mobile or a
  // pinyin name (123456789@qq.com, zhangwei88@163.com) is a person's (core's personalMailbox).
  const mailbox = contact === undefined ? null : personalMailbox(contact.email);
  const personalMail = contact !== undefined && (mailbox === 'number' || mailbox === 'name');
  // A landline or an office-looking mailbox found whole in the extract's contact columns is a
  // caller's or a data subject's (a hotline's 回访联系方式 copied into the contact), not the department's.
  // Not the columns the spec publishes as they are (no rule, or public:): a directory of offices
  // lists the publisher's own number among the others'.
  const kept = new Set(plan.columns.filter((p) => p.rules.length === 0 || spec.columns[p.source]?.public).map((p) => p.source));
  const inExtract = (v: string): boolean => [...(contacts ?? [])].some(([column, keys]) => !kept.has(column) && keys.has(contactKey(v)));
  const phoneInExtract = contact !== undefined && !mobile && inExtract(contact.phone);
  const mailInExtract = contact !== undefined && !personalMail && inExtract(contact.email);
  const exempt = contact ? [...(mobile || phoneInExtract ? [] : [contact.phone]), ...(personalMail || mailInExtract ? [] : [contact.email])] : [];
  // A donor's name from the extract in a title (王伟等献血者名单) has no context word a detector needs.
  const sourceNames = names && withoutNoNameWords(names);
  const ts = sourceNames?.size || staffNumbers?.size ? new SourceNameScanner(exempt, sourceNames ?? new Set(), staffNumbers) : new TextScanner(exempt);
  ts.staffLabels = true;
  const { contact: _contact, ...dataset } = spec.dataset;
  if (mobile) ts.text(contact.phone, 'spec', 'dataset.contact.phone');
  if (personalMail) ts.text(contact.email, 'spec', 'dataset.contact.email');
  if (phoneInExtract) ts.findings.push({ file: 'spec', path: 'dataset.contact.phone', type: 'cn_landline', count: 1, inExtract: true });
  if (mailInExtract) ts.findings.push({ file: 'spec', path: 'dataset.contact.email', type: 'email', count: 1, inExtract: true });
  ts.json(dataset, 'spec', 'dataset');
  bracketedParts(ts, dataset, 'dataset');
  if (spec.conditions) ts.json(spec.conditions, 'spec', 'conditions');
  if (spec.legalBasis) ts.json(spec.legalBasis, 'spec', 'legalBasis');
  if (spec.source.system) ts.text(spec.source.system, 'spec', 'source.system');
  // The extract's file name is published as provenance (tuomin.source) in every data file.
  ts.json(spec.source.path, 'spec', 'source.path');
  if (spec.recipient) ts.text(spec.recipient, 'spec', 'recipient');
  plan.columns.forEach((p, i) => {
    const c = spec.columns[p.source];
    if (!c) return;
    const at = columnPath(p.source, i);
    // The title defaults to the source name: a source header holding an identifier is published as the title.
    ts.text(c.title ?? p.source, 'spec', `${at}.title`);
    bracketedParts(ts, c.title ?? p.source, `${at}.title`);
    if (c.description) {
      ts.text(c.description, 'spec', `${at}.description`);
      bracketedParts(ts, c.description, `${at}.description`);
    }
    if (c.constraints) ts.json(c.constraints, 'spec', `${at}.constraints`);
  });
  return ts.findings;
}

// What a clerk types in a name column for no name: an anonymous caller (匿名) is 15 % of a
// hotline's callers, and the draft's own description 按 k-匿名要求泛化 held it: the 12345 work
// orders' draft was refused as publishing a person's name (test/unseen-domains-12).
const NO_NAME_WORDS: ReadonlySet<string> = new Set(['匿名', '不详', '未知', '本人', '暂无', '无名', '无名氏', '市民', '群众', '未填', '未登记']);
const withoutNoNameWords = (names: ReadonlySet<string>): ReadonlySet<string> => new Set([...names].filter((n) => !NO_NAME_WORDS.has(n)));

/** A part of a text in brackets, 2–12 characters: （司马春燕）, (王建国), 【试行】. */
const BRACKETED = /[（(【\[〔「『]([^（）()【】[\]〔〕「」『』]{2,12})[）)】\]〕」』]/g;

/**
 * Every bracketed part of the strings of a spec value, scanned alone at the value's path. The
 * detectors read a name in free text only after a context word, or when it is the whole value: a
 * title 滨州市门诊量统计（司马春燕） was published with the name in every metadata file and data
 * file. In brackets a name is as good as alone.
 */
function bracketedParts(ts: TextScanner, value: unknown, path: string): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(BRACKETED)) ts.text(m[1]!.trim(), 'spec', path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => bracketedParts(ts, v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) bracketedParts(ts, v, `${path}.${k}`);
  }
}

// A person's own identifiers: no law publishes them whole, so allow: admits them only as the
// look-alikes a rule makes (fpe cn.id, synthesize phone). USCCs, names of legal representatives,
// registered addresses and plates stay allowable as they are.
const OWN_IDENTIFIERS: ReadonlySet<string> = new Set(['cn_id', 'cn_id15', 'cn_mobile', 'bank_card', 'cn_passport', 'hk_mo_tw_permit', 'hk_id', 'tw_id', 'qq_number', 'wechat_id']);

/** Whether a column's values of this type come from an fpe or synthesize rule on every row (no `when:`). */
function madeByRule(spec: Spec, source: string | undefined, type: string): boolean {
  if (!OWN_IDENTIFIERS.has(type)) return true;
  const rules = [source === undefined ? [] : spec.columns[source]?.rule ?? []].flat() as Array<{ type?: unknown; when?: unknown }>;
  return rules.some((r) => (r.type === 'fpe' || r.type === 'synthesize') && r.when === undefined);
}

/**
 * Columns headed as a staff member's number, published with no rule that changes the values:
 * the number names the person who handled each record (a hotline's 承办人工号). Refused unless
 * the spec drops, pseudonymizes or masks it, or declares it public by law.
 */
function staffNumberReasons(spec: Spec, plan: RunPlan): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const p of plan.columns) {
    const c = spec.columns[p.source];
    if (!c || c.public) continue;
    if (![p.source, p.output, c.title ?? ''].some((h) => STAFF_NUMBER_HEADER.test(h))) continue;
    const rules = [c.rule ?? []].flat() as Array<{ type?: unknown }>;
    if (rules.some((r) => !TIDY_RULES.has(String(r.type)))) continue;
    out.push({
      code: 'privacy/unmasked-sensitive-field',
      severity: 'error',
      column: p.source,
      type: 'staff_number',
      path: `columns.${p.source}.rule`,
      message: `column "${p.source}" is headed as a staff member's number (工号): it names the person who handled each record, and has no rule; drop it or pseudonymize it with a key, or declare it public: with the law that publishes it`,
    });
  }
  return out;
}

/**
 * A contact mailbox at a public webmail service that reads as a pinyin name with nothing else
 * (zhangwei@163.com): department words spell the same (caizheng 财政, gongan 公安), so a warning
 * that names the field, not a refusal.
 */
function contactMailboxWarning(spec: Spec): ReviewReason[] {
  const email = spec.dataset.contact?.email;
  if (email === undefined || personalMailbox(email) !== 'maybe-name') return [];
  return [{
    code: 'privacy/pii-in-metadata',
    severity: 'warning',
    type: 'email',
    path: 'dataset.contact.email',
    params: { maybe: 'name' },
    message: 'dataset.contact.email is at a public webmail service and its local part reads as a pinyin name; the catalog publishes it as 部门邮箱: if it is a person\'s mailbox, give the department\'s',
  }];
}

/** Whether a contact phone is a mobile number (cn_mobile), in any spelling the detectors read. */
function isMobileNumber(phone: string): boolean {
  const ts = new TextScanner();
  ts.text(phone, 'spec', 'dataset.contact.phone');
  return ts.findings.some((f) => f.type === 'cn_mobile');
}

/** A spec path to a column that does not repeat its name when the name itself is an identifier. */
function columnPath(source: string, index: number): string {
  return nameHoldsPersonalData(source) ? `columns (output column #${index + 1})` : `columns.${source}`;
}

/** Review reasons for identifiers found outside the cells: where, and which type, never the value. */
export function textReasons(findings: TextFinding[]): ReviewReason[] {
  return findings.map((f) => ({
    code: 'privacy/pii-in-metadata',
    severity: 'error' as const,
    type: f.type,
    count: f.count,
    path: f.file === 'spec' ? f.path : `${f.file}: ${f.path}`,
    ...(f.inExtract ? { params: { found: 'extract' } } : {}),
    message: f.file === 'spec'
      ? f.inExtract
        ? `${f.path} is a ${f.type === 'email' ? 'mailbox' : 'phone number'} found in a cell of the extract (a caller's or a data subject's); the catalog publishes it as ${f.type === 'email' ? '部门邮箱' : '部门电话'}: give the department's own`
      : f.path.startsWith('source.path')
        ? `${f.path} holds ${f.type}: the extract's file name is published in the provenance of every data file; rename the file`
        : f.path === 'dataset.contact.phone'
          ? `dataset.contact.phone is a mobile number (${f.type}); the catalog publishes it as 部门电话: give the department's landline or hotline, not a person's mobile`
          : f.path === 'dataset.contact.email'
            ? `dataset.contact.email is a person's mailbox (${f.type}: a number or a pinyin name at a public webmail service); the catalog publishes it as 部门邮箱: give the department's mailbox (on the agency's domain, or an office name such as hzsjj@163.com)`
          : f.path.endsWith('.title')
            ? `${f.path} holds ${f.type}, and would be published in the metadata (a column's title is its source header unless the spec gives one): write a title: that says what the column holds (联系电话), without the identifier`
          : `${f.path} holds ${f.type}, and would be published in the metadata; remove it from the spec`
      : `${f.file} would publish ${f.type} at ${f.path}; nothing is published with an identifier outside the cells`,
  }));
}
