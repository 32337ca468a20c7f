import type { Spec } from './schema.js';
import { quoteColumn } from './quote.js';
import { allowWithoutReason } from './allow-reason.js';

const hidden = '(the name is not shown)';

export interface LintIssue {
  code: string;
  path: string;
  message: string;
  hint?: string;
  /** As SpecIssue's: what the message is made of, for a front end's wording by code. */
  params?: Record<string, string | number>;
}

/**
 * Conditions may not restrict applicants by scale or region (Art. 7, 15: 平等对待各类申请主体).
 * Patterns that such a condition typically uses; matched on the condition text.
 */
const DISCRIMINATORY: Array<[RegExp, string]> = [
  [/注册资本|注册资金|实缴资本/, 'registered capital'],
  [/规模以上|大型企业|中型企业|小微企业除外|企业规模|员工人数|职工人数|从业人员.{0,4}(以上|不少于)/, 'company size'],
  [/营业收入|营业额|年收入|纳税额.{0,6}(以上|不低于|不少于)/, 'revenue'],
  [/上市公司|国有企业|央企|国企/, 'ownership or listing'],
  [/本地|本市|本省|本区|本县|外地|注册地|户籍|籍贯|属地|辖区内/, 'region'],
  [/仅限.{0,8}(省|市|区|县|地区)/, 'region'],
];

/** Gov rules the schema alone cannot express (publication-model.md, section (c), gov family). */
export function lintSpec(spec: Spec): LintIssue[] {
  const issues: LintIssue[] = [];
  if (spec.openAttribute === 'not-open' && !(spec.legalBasis && spec.legalBasis.length)) {
    issues.push({ code: 'gov/legal-basis-missing', path: 'legalBasis', message: 'a not-open dataset must cite its legal basis (law and article, Art. 7)', hint: 'add legalBasis: [{ law: ..., article: ... }]' });
  }
  if (spec.openAttribute === 'conditional') {
    if (!spec.conditions || spec.conditions.length === 0) {
      issues.push({ code: 'gov/conditions-missing', path: 'conditions', message: 'a conditional dataset must state its conditions (usage scenario, feedback, security, credit, other; Art. 7)', hint: 'add conditions: [{ kind: usage-scenario, text: ... }]' });
    }
  }
  (spec.conditions ?? []).forEach((c, i) => {
    for (const [re, what] of DISCRIMINATORY) {
      if (re.test(c.text)) {
        issues.push({ code: 'gov/conditions-discriminatory', path: `conditions.${i}.text`, message: `condition restricts applicants by ${what}; conditions may not discriminate by scale or region (Art. 7, 15)`, hint: 'state what use the data may serve, not who may apply' });
        break;
      }
    }
  });
  if (spec.openAttribute !== 'conditional' && spec.conditions?.length) {
    issues.push({ code: 'gov/conditions-unexpected', path: 'conditions', message: `conditions given but openAttribute is ${spec.openAttribute}`, hint: 'set openAttribute: conditional or remove the conditions' });
  }
  const names = new Map<string, string>();
  for (const [src, c] of Object.entries(spec.columns)) {
    if (c.drop) continue;
    const out = c.name ?? src;
    const prev = names.get(out);
    if (prev) issues.push({ code: 'spec/duplicate-output-name', path: `columns.${src}.name`, params: { name: quoteColumn(out) ?? '', other: quoteColumn(prev) ?? '' }, message: `output name ${quoteColumn(out) ?? hidden} is also used by column ${quoteColumn(prev) ?? hidden}` });
    names.set(out, src);
    // A sensitive attribute under l-diversity or t-closeness is protected by the privacy search.
    const diverse = (spec.privacy?.l !== undefined || spec.privacy?.t !== undefined) && (spec.privacy?.sensitive ?? []).some((s) => s === src || s === out);
    if ((c.sensitivity === 'L3' || c.sensitivity === 'L4') && !diverse && (c.rule === undefined || (Array.isArray(c.rule) && c.rule.length === 0))) {
      issues.push({ code: 'privacy/unmasked-sensitive-field', path: `columns.${src}.rule`, message: `sensitivity ${c.sensitivity} but no desensitization rule`, hint: 'add a rule (mask, pseudonymize, generalize, drop) or lower the sensitivity with a reason' });
    }
  }
  issues.push(...suppressAfterChange(spec));
  issues.push(...allowWithoutReason(spec));
  if (spec.privacy) {
    for (const [i, q] of spec.privacy.quasiIdentifiers.entries()) {
      const entry = Object.hasOwn(spec.columns, q) ? [q, spec.columns[q]!] as const : Object.entries(spec.columns).find(([, c]) => c.name === q);
      if (!entry) {
        issues.push({ code: 'spec/unknown-column', path: `privacy.quasiIdentifiers.${i}`, params: { name: quoteColumn(q) ?? '' }, message: `quasi-identifier ${quoteColumn(q) ?? hidden} is not a column of the spec` });
        continue;
      }
      // suppression: mask writes * into a suppressed record's quasi-identifiers; a declared enum or
      // pattern would then fail the normative review on every masked record.
      const k = entry[1].constraints;
      if (spec.privacy.suppression === 'mask' && ((k?.enum && !k.enum.includes('*')) || k?.pattern)) {
        issues.push({
          code: 'privacy/mask-breaks-constraint', path: `columns.${entry[0]}.constraints`, params: { name: quoteColumn(q) ?? '', constraint: k.enum ? 'enum' : 'pattern' },
          message: `suppression: mask writes "*" into quasi-identifier ${quoteColumn(q) ?? hidden}, which its ${k.enum ? 'enum' : 'pattern'} constraint does not allow`,
          hint: k.enum ? 'add "*" to the enum, or use suppression: drop' : 'make the pattern accept "*", or use suppression: drop',
        });
      }
    }
  }
  return issues;
}

/**
 * Rules after which a column no longer holds its source values in any form a predicate could
 * test. generalize and round are not listed: testing their bins (suppress the 90+ band) is a
 * real use.
 */
const REPLACES_VALUES = new Set(['mask', 'pseudonymize', 'fpe', 'synthesize', 'redact', 'noise', 'date-shift', 'null']);

/**
 * Rules run in spec order (columns in order, each column's rules in order), so a suppress-rows
 * that tests a column after a mask of it sees masked values: its `equals` or `matches` then
 * matches no row, and rows meant to be withheld are published with no word. An error, not a
 * warning: a suppression that silently suppresses nothing fails open.
 */
function suppressAfterChange(spec: Spec): LintIssue[] {
  const issues: LintIssue[] = [];
  const changedBy = new Map<string, string>();
  for (const [src, c] of Object.entries(spec.columns)) {
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    rules.forEach((rule, i) => {
      const path = Array.isArray(c.rule) ? `columns.${src}.rule.${i}` : `columns.${src}.rule`;
      if (rule.type === 'suppress-rows') {
        for (const col of predicateColumns((rule as { where?: unknown }).where)) {
          const by = changedBy.get(col);
          if (by === undefined) continue;
          issues.push({
            code: 'spec/suppress-after-change', path: `${path}.where`, params: { name: quoteColumn(col) ?? '', by },
            message: `suppress-rows tests column ${quoteColumn(col) ?? hidden} after its ${by} rule has replaced the values, so it would match masked values, not the source's`,
            hint: `move the suppress-rows rule before the ${by} rule: first in the rules of ${quoteColumn(col) ?? 'that column'}, or on a column listed before it`,
          });
        }
      }
      if (REPLACES_VALUES.has(rule.type) && !changedBy.has(src)) changedBy.set(src, rule.type);
    });
  }
  return issues;
}

/** Columns a suppress-rows predicate tests (all, any and not included). */
function predicateColumns(where: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [where];
  while (stack.length > 0) {
    const p = stack.pop() as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object') continue;
    if (typeof p.column === 'string') out.push(p.column);
    for (const k of ['all', 'any'] as const) if (Array.isArray(p[k])) stack.push(...(p[k] as unknown[]));
    if (p.not !== undefined) stack.push(p.not);
  }
  return out;
}
