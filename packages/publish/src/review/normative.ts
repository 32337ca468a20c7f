import { DOMAINS, FREQUENCIES, type Spec } from '../spec/schema.js';
import type { ColumnStats } from './column-stats.js';
import { result, type ReviewReason, type ReviewResult } from './types.js';
import type { TransformReport } from '@tuomin/core';
import type { RunPlan } from '../run/plan.js';
import { destroyedColumns } from '../run/destroyed.js';

const MACHINE_READABLE = new Set(['csv', 'parquet', 'ndjson', 'arrow', 'xlsx']);

/**
 * The normative review (规范性审查, Art. 10): the package conforms to the spec and the metadata
 * model. Required catalog fields, every published column described and typed, values conform
 * to declared types and constraints, machine-readable formats only, a plausible record count.
 */
export function normativeReview(spec: Spec, stats: ColumnStats[], counts: { rows: number; sourceRows: number }, rules?: { plan: RunPlan; reports: TransformReport[] }): ReviewResult {
  const reasons: ReviewReason[] = [];
  // A rule that voided most of its column publishes an empty column under a promise of data.
  if (rules) reasons.push(...destroyedColumns(rules.plan, rules.reports));
  const d = spec.dataset;
  // Each with what to write: a user fixing the draft should not have to find the schema.
  const required: Array<[unknown, string, string, string]> = [
    [d.title, 'dataset.title', '标题', 'title: <标题>'],
    [d.description, 'dataset.description', '描述', 'description: <描述>'],
    [d.publisher, 'dataset.publisher', '来源部门', 'publisher: { name: <部门名称>, uscc: <18-character 统一社会信用代码> }'],
    [d.contact, 'dataset.contact', '部门电话/部门邮箱', 'contact: { phone: <部门电话>, email: <部门邮箱> }'],
    [d.domain, 'dataset.domain', '重点领域', `domain: one of ${DOMAINS.join(', ')}`],
    [d.updateFrequency, 'dataset.updateFrequency', '更新频率', `updateFrequency: one of ${FREQUENCIES.join(', ')}`],
  ];
  for (const [value, path, label, example] of required) {
    if (value === undefined || value === '') {
      reasons.push({ code: 'gov/required-field-missing', severity: 'error', path, params: { example }, message: `required catalog field ${label} (${path}) is missing; under dataset: write ${example}` });
    }
  }
  for (const path of todoPaths(spec)) {
    reasons.push({ code: 'gov/todo', severity: 'error', path, message: `${path} still holds a TODO placeholder from the draft: replace it with the real text` });
  }
  if (!d.keywords || d.keywords.length === 0) {
    reasons.push({ code: 'gov/recommended-field-missing', severity: 'warning', path: 'dataset.keywords', message: 'no keywords (标签): the dataset is harder to find' });
  }
  for (const [src, c] of Object.entries(spec.columns)) {
    if (c.drop) continue;
    if (!c.description) {
      reasons.push({ code: 'metadata/field', severity: 'error', path: `columns.${src}.description`, column: c.name ?? src, message: `column "${src}" has no description (中文描述)` });
    }
  }
  for (const f of spec.output.formats) {
    if (!MACHINE_READABLE.has(f)) reasons.push({ code: 'usability/non-machine-readable', severity: 'error', path: 'output.formats', params: { format: f }, message: `format ${f} is not machine-readable` });
  }
  for (const st of stats) {
    for (const v of st.violations) {
      if (v.code === 'cell/type') { reasons.push(typeViolation(spec, st.name, v)); continue; }
      reasons.push({
        code: v.code,
        severity: 'error',
        column: st.name,
        count: v.count,
        rows: v.rows,
        message: `${v.count} value${v.count === 1 ? '' : 's'} in column "${st.name}" ${describe(v.code)}`,
      });
    }
    const missing = st.nulls + st.empties;
    if (st.rows > 0 && missing / st.rows > 0.5) {
      reasons.push({ code: 'usability/high-missing-rate', severity: 'warning', column: st.name, count: missing, params: { share: (100 * missing / st.rows).toFixed(1) }, message: `column "${st.name}" is ${(100 * missing / st.rows).toFixed(1)} % empty` });
    }
  }
  if (counts.rows === 0) {
    reasons.push({ code: 'table/row-count', severity: 'error', message: 'the release has no rows' });
  } else if (counts.sourceRows > 0 && counts.rows < counts.sourceRows * 0.5) {
    reasons.push({ code: 'table/row-count', severity: 'warning', count: counts.sourceRows - counts.rows, params: { sourceRows: counts.sourceRows }, message: `${counts.sourceRows - counts.rows} of ${counts.sourceRows} source rows were removed` });
  }
  return result('normative', reasons);
}

/**
 * Paths of every text in the spec that still holds a draft's `TODO`: a placeholder published in
 * datapackage.json or platform.json would be a release nobody described.
 */
export function todoPaths(spec: Spec): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') { if (/\bTODO\b/.test(v)) out.push(path); return; }
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${path}[${i}]`)); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(spec, '');
  return out;
}

/**
 * Values of another type than the spec declares: the reason points at the column's `type:` in the
 * spec and says what to do (a typed column from Parquet or Arrow IPC with no `type:` is declared
 * `string`, the default, and every one of its values failed with no hint why).
 */
function typeViolation(spec: Spec, column: string, v: { count: number; rows?: number[] }): ReviewReason {
  const src = Object.entries(spec.columns).find(([name, c]) => (c.name ?? name) === column)?.[0] ?? column;
  const declared = spec.columns[src]?.type ?? 'string';
  return {
    code: 'cell/type',
    severity: 'error',
    path: `columns.${src}.type`,
    column,
    count: v.count,
    ...(v.rows ? { rows: v.rows } : {}),
    params: { declared },
    message: `${v.count} value${v.count === 1 ? '' : 's'} in column "${column}" do not match its declared type ${declared}${spec.columns[src]?.type ? '' : ' (the default)'}: declare the type the values have at columns.${src}.type (integer, number, boolean, date or datetime), or convert them with a cast rule`,
  };
}

function describe(code: string): string {
  switch (code) {
    case 'cell/type': return 'do not match the declared type';
    case 'cell/required': return 'are empty although required';
    case 'cell/unique': return 'are duplicates although the column is unique';
    case 'cell/maxLength': return 'exceed maxLength';
    case 'cell/pattern': return 'do not match the pattern';
    case 'cell/enum': return 'are not in the allowed list';
    default: return `violate ${code}`;
  }
}
