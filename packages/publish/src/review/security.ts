import type { TransformReport } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import type { RunPlan } from '../run/plan.js';
import { result, type ReviewReason, type ReviewResult } from './types.js';

/** The shape of a residual scan (core's scanBatches). */
export interface ScanFinding {
  column: string;
  type: string;
  count: number;
  rows: number[];
}
export interface ScanSummary {
  clean: boolean;
  rows: number;
  findings: ScanFinding[];
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

  for (const f of inp.output.findings) {
    if (!inp.personalTypes.has(f.type)) continue;
    const col = byOutputName.get(f.column);
    const allow = col ? spec.columns[col.source]?.allow ?? [] : [];
    if (allow.includes(f.type)) continue;
    reasons.push({
      code: 'privacy/pii-pattern',
      severity: 'error',
      column: f.column,
      type: f.type,
      count: f.count,
      rows: f.rows.slice(0, 20),
      path: `columns.${col?.source ?? f.column}.rule`,
      message: `${f.count} value${f.count === 1 ? '' : 's'} of type ${f.type} remain in column "${f.column}" after desensitization`,
    });
  }

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
        message: `column "${f.column}" holds ${f.type} in ${(100 * f.count / sampleRows).toFixed(1)} % of sampled rows but has no rule`,
      });
    }
  }
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
          message: `column "${column}" holds personal data but uses ${String(r.extra?.method ?? r.transform)}, which is not a pseudonymization method`,
        });
      }
    }
  }
  if (inp.privacy) reasons.push(...inp.privacy.reasons);
  return result('security', reasons);
}
