import { riskReport, type TransformReport } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import type { ColumnStats } from '../review/column-stats.js';
import type { RunPlan } from '../run/plan.js';
import type { ScanSummary } from '../review/security.js';

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
      ...(s.distinctCapped ? { distinctIsLowerBound: true } : {}),
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

/** Rule per column, counts, risk figures and the residual-scan result; counts and rules only. */
export function desensitizationReport(
  spec: Spec,
  plan: RunPlan,
  reports: TransformReport[],
  outputScan: ScanSummary,
  risk: unknown,
): Record<string, unknown> {
  return {
    columns: plan.columns.map((c) => ({
      source: c.source,
      output: c.output,
      sensitivity: spec.columns[c.source]?.sensitivity ?? null,
      rules: c.rules.map((r) => ({ type: r.type, options: safeOptions(r.options) })),
    })),
    droppedColumns: plan.droppedColumns,
    transforms: reports.map((r) => ({ ...r })),
    privacy: risk ?? null,
    anonymization: riskReport(reports),
    residualScan: {
      clean: outputScan.findings.length === 0,
      rows: outputScan.rows,
      findings: outputScan.findings.map((f) => ({ column: f.column, type: f.type, count: f.count })),
    },
  };
}

/** Key references are names of env vars or files, not keys; drop them anyway to keep reports minimal. */
function safeOptions(o: Record<string, unknown>): Record<string, unknown> {
  const { key: _key, ...rest } = o;
  return rest;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : round(a / b);
}
function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
