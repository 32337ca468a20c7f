import { riskReport, type TransformReport } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import type { ColumnStats } from '../review/column-stats.js';
import type { RunPlan } from '../run/plan.js';
import type { ScanSummary } from '../review/security.js';
import { nameHoldsPersonalData } from '../scan/scan-texts.js';

const FREQ_DAYS: Record<string, number> = { realtime: 1, daily: 1, weekly: 7, monthly: 31, quarterly: 92, semiannual: 183, annual: 366 };

/**
 * Quality dimensions per column and overall (Art. 12): completeness (share neither null nor an
 * empty string), validity (share of non-null values conforming to declared type and
 * constraints), uniqueness (distinct / filled values, the empty string not counted), and
 * timeliness (the extract's age against the declared update frequency).
 */
export function qualityReport(spec: Spec, stats: ColumnStats[], now: Date): Record<string, unknown> {
  const columns = stats.map((s) => {
    const nonNull = s.rows - s.nulls;
    const filled = nonNull - s.empties;
    const invalid = s.violations.filter((v) => v.code !== 'cell/unique' && v.code !== 'cell/required').reduce((a, v) => a + v.count, 0);
    return {
      column: s.name,
      rows: s.rows,
      completeness: ratio(filled, s.rows),
      validity: ratio(nonNull - invalid, nonNull),
      uniqueness: ratio(s.distinct, filled),
      ...(s.empties > 0 ? { emptyStrings: s.empties } : {}),
      distinct: s.distinct,
      ...(s.distinctEstimated ? { distinctIsEstimate: true } : {}),
      maxLength: s.maxLength,
      violations: s.violations.map((v) => ({ code: v.code, count: v.count })),
    };
  });
  const ageDays = Math.floor((now.getTime() - Date.parse(spec.source.acquiredAt)) / 86_400_000);
  const allowed = FREQ_DAYS[spec.dataset.updateFrequency ?? ''];
  const timeliness = allowed === undefined ? 1 : Math.max(0, Math.min(1, 1 - Math.max(0, ageDays - allowed) / allowed));
  const mean = (k: 'completeness' | 'validity' | 'uniqueness') => (columns.length ? columns.reduce((a, c) => a + c[k], 0) / columns.length : 1);
  return {
    overall: { completeness: round(mean('completeness')), validity: round(mean('validity')), uniqueness: round(mean('uniqueness')), timeliness: round(timeliness), extractAgeDays: ageDays },
    columns,
  };
}

/**
 * Rule per column, counts, risk figures and the residual-scan result; counts and rules only.
 * Options that hold values (`in:` lists, `equals:`, patterns, maps) are given as counts, and a
 * dropped column whose name holds an identifier is named by its number: the report is published.
 */
export function desensitizationReport(
  spec: Spec,
  plan: RunPlan,
  reports: TransformReport[],
  outputScan: ScanSummary,
  risk: unknown,
): Record<string, unknown> {
  const dropped = plan.droppedColumns.map((name, i) => (nameHoldsPersonalData(name) ? `dropped column #${i + 1}` : name));
  const renamed = new Map(plan.droppedColumns.map((name, i) => [name, dropped[i]!]));
  // A kept column renamed with name: may come from a source header that is an identifier.
  plan.columns.forEach((c, i) => { if (nameHoldsPersonalData(c.source)) renamed.set(c.source, `source of output column #${i + 1}`); });
  return {
    columns: plan.columns.map((c) => ({
      source: renamed.get(c.source) ?? c.source,
      output: c.output,
      sensitivity: spec.columns[c.source]?.sensitivity ?? null,
      rules: c.rules.map((r) => ({ type: r.type, options: safeOptions(r.options) })),
    })),
    droppedColumns: dropped,
    transforms: reports.map((r) => ({ ...r, columns: r.columns.map((c) => renamed.get(c) ?? c), ...(r.extra ? { extra: safeOptions(r.extra) } : {}) })),
    privacy: risk ?? null,
    anonymization: riskReport(reports),
    residualScan: {
      clean: outputScan.findings.length === 0,
      rows: outputScan.rows,
      findings: outputScan.findings.map((f) => ({ column: f.column, type: f.type, count: f.count, ...(f.place ? { place: f.place } : {}) })),
    },
  };
}

/**
 * Options keys whose values are settings, not data: kept as they are. Every other string or list
 * of strings (in, equals, notEquals, notIn, matches, map, tokens, labels, ...) is reported as a
 * count, since it may hold the very values a rule withholds; a new option is counted until it is
 * listed here.
 */
const SETTING_KEYS = new Set([
  'type', 'preset', 'method', 'onInvalid', 'action', 'level', 'unit', 'side', 'column', 'columns', 'output', 'types',
  'mode', 'scope', 'to', 'from', 'format', 'algorithm', 'alphabet', 'radix', 'bins', 'width', 'top', 'bottom',
  'keepFirst', 'keepLast', 'fixedWidth', 'keepSeparators', 'checksum', 'collapse', 'asOf', 'origin', 'tzOffsetMinutes',
  'requireSnakeCase', 'minConfidence', 'maskChar', 'separators', 'delimiter',
  'entityColumn', 'keyId', 'scopeLevel', 'scopeId', 'reversible', 'keepRegion', 'birthDate', 'replacement', 'metric', 'suppression', 'hierarchy', 'file', 'transform', 'rowsMatched', 'rowsSeen', 'notPseudonymization',
]);

/** Key references (env var or file names) are dropped; value-holding options become counts. */
export function safeOptions(o: Record<string, unknown>): Record<string, unknown> {
  const { key: _key, ...rest } = o;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = safeValue(k, v);
  return out;
}

function safeValue(k: string, v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    if (SETTING_KEYS.has(k) && v.every((x) => typeof x !== 'object' || x === null)) return v;
    if (v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return v.map((x) => safeOptions(x as Record<string, unknown>));
    return `${v.length} value${v.length === 1 ? '' : 's'}`;
  }
  if (typeof v === 'object') {
    if (SETTING_KEYS.has(k)) return safeOptions(v as Record<string, unknown>);
    // A nested predicate (where, when, all, any, not) keeps its shape; a mapping is counted.
    if (['where', 'when', 'not', 'range', 'all', 'any', 'findings', 'levels'].includes(k)) return safeOptions(v as Record<string, unknown>);
    return `${Object.keys(v).length} value${Object.keys(v).length === 1 ? '' : 's'}`;
  }
  return SETTING_KEYS.has(k) ? v : '1 value';
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : round(a / b);
}
function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
