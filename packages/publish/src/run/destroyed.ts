import type { TransformReport } from '@tuomin/core';
import type { ReviewReason } from '../review/types.js';
import type { RunPlan } from './plan.js';

/** A rule may turn at most this share of a column's non-null values into nulls or masks unless the spec says more is expected. */
export const DEFAULT_EXPECT_INVALID = 0.5;

/** onInvalid modes that replace an invalid value with nothing usable. */
const DESTROYING = new Set(['null', 'mask-all', '*']);

/**
 * Rules that destroyed a column: their onInvalid turned more than `expectInvalid` (default half)
 * of the non-null values they saw into nulls or masks — `generalize: division` on district
 * names rather than codes, a mask preset on values of another format. Counts only, no values.
 * A CSV's empty cells are empty strings, not nulls, unless the spec says so: a column filled on
 * a third of the rows (a hotline's 身份证号) is "destroyed" by its blanks, and the message says how
 * to read them as null.
 * Reports are matched to rules by column and rule type, in rule order.
 */
export function destroyedColumns(plan: RunPlan, reports: TransformReport[]): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  const used = new Set<TransformReport>();
  for (const col of plan.columns) {
    col.rules.forEach((rule, i) => {
      const report = reports.find((r) => !used.has(r) && r.transform === rule.type && r.columns.includes(col.source));
      if (!report) return;
      used.add(report);
      const mode = String(rule.options.onInvalid ?? (rule.type === 'mask' ? 'mask-all' : ''));
      if (!DESTROYING.has(mode)) return;
      const seen = report.rowsSeen - report.nulls;
      const limit = rule.expectInvalid ?? DEFAULT_EXPECT_INVALID;
      if (seen <= 0 || report.invalid / seen <= limit) return;
      const path = `columns.${col.source}.rule${col.rules.length > 1 ? `[${i}]` : ''}`;
      reasons.push({
        code: 'rule/destroyed-column', severity: 'error', column: col.output, count: report.invalid, path,
        params: { rule: rule.type, mode, seen, share: (100 * report.invalid / seen).toFixed(1), limit: (100 * limit).toFixed(0), expect: Math.min(1, Math.ceil(100 * report.invalid / seen) / 100), source: col.source },
        message: `rule ${rule.type} (onInvalid: ${mode}) turned ${report.invalid} of ${seen} values of column "${col.source}" (${(100 * report.invalid / seen).toFixed(1)} %) into ${mode === 'null' ? 'nulls' : 'masks'}, above the ${(100 * limit).toFixed(0)} % allowed: the rule does not fit these values; choose one that does, or state the share you expect with expectInvalid: ${Math.min(1, Math.ceil(100 * report.invalid / seen) / 100)} on the rule; empty cells count as values: where the column is blank because nothing was recorded (an ID given on some calls only), read them as null with source.csv.nullTokens: [""] or a null-tokens rule first`,
      });
    });
  }
  return reasons;
}
