import type { ClassStats } from '@tuomin/core';
import { PERSONAL_TYPES } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import { normativeReview } from '../review/normative.js';
import { readerWarningReasons } from '../review/reader-warnings.js';
import { securityReview } from '../review/security.js';
import type { PublishedRiskStats } from '../review/published-risk.js';
import type { ReviewReason, ReviewResult } from '../review/types.js';
import type { ExtraSinks, RunOptions, StagedOutput } from './run.js';
import { classStatsSink, joinPrivacy, judgePrivacy, judgePublished, publishedRiskSink } from './privacy.js';
import type { Sink } from './sinks/sink.js';

export type JoinedPrivacy = ReturnType<typeof joinPrivacy>;

/** The sinks the reviews need in the pass, beside the residual scan and the column profile every pass has. */
// A type, not an interface: a record of named sinks (interfaces have no index signature).
export type ReviewSinks = {
  /** Class statistics over the declared quasi-identifiers (a spec with privacy settings). */
  classStats?: Sink<ClassStats>;
  /** Risk over every published attacker-known column, declared or not (review/published-risk.ts). */
  publishedRisk: Sink<PublishedRiskStats>;
};

/** What the reviews read of a pass: its own results and those of the review sinks. */
export type ReviewedPass = StagedOutput<{ classStats?: ClassStats; publishedRisk: PublishedRiskStats }>;

export function reviewSinks(spec: Spec): ExtraSinks<ReviewSinks> {
  return (schema, spillDir) => ({ ...(spec.privacy ? { classStats: classStatsSink(spec) } : {}), publishedRisk: publishedRiskSink(spec, schema, spillDir) });
}

/** Key warnings of a pass, once each, for the security review (and for the caller's own callback). */
export function keyWarnings(opts: Pick<RunOptions, 'keyWarning'>): { reasons: ReviewReason[]; keyWarning: NonNullable<RunOptions['keyWarning']> } {
  const reasons: ReviewReason[] = [];
  return {
    reasons,
    keyWarning(code, message, params) {
      reasons.push({ code, severity: 'warning', path: 'keys', message, ...(params ? { params } : {}) });
      opts.keyWarning?.(code, message, params);
    },
  };
}

/** What else the normative review reports as warnings: rows withheld, releases recovered (publish.ts). */
export interface ReviewNotes {
  keyWarnings: readonly ReviewReason[];
  normativeWarnings?: readonly ReviewReason[];
}

/**
 * The security and normative reviews of a run, one pure function for `run` and `run --dry-run`,
 * of the pass's merged results: privacy thresholds over the declared quasi-identifiers, risk over
 * every published attacker-known column, the residual scan of the output and of the source
 * sample, key warnings, and the normative checks (catalog metadata, TODOs, values, rules that
 * voided a column).
 */
export function runReviews(spec: Spec, staged: ReviewedPass, notes: ReviewNotes): { security: ReviewResult; normative: ReviewResult; privacy: JoinedPrivacy } {
  const { classStats, publishedRisk } = staged.extra;
  const privacy = joinPrivacy(classStats ? judgePrivacy(spec, classStats) : undefined, judgePublished(spec, publishedRisk));
  const security = securityReview({ spec, plan: staged.plan, reports: staged.reports, output: staged.scan, sourceSample: staged.sourceSample, personalTypes: PERSONAL_TYPES as ReadonlySet<string>, privacy });
  const normative = normativeReview(spec, staged.stats, { rows: staged.rows, sourceRows: staged.sourceRows }, { plan: staged.plan, reports: staged.reports });
  return { security: withWarnings(security, notes.keyWarnings), normative: withWarnings(normative, [...readerWarningReasons(staged.readerWarnings), ...(notes.normativeWarnings ?? [])]), privacy };
}

/** A review with more warnings after its own reasons: a new result (warnings never change `passed`). */
export function withWarnings(r: ReviewResult, warnings: readonly ReviewReason[]): ReviewResult {
  return warnings.length ? { ...r, reasons: [...r.reasons, ...warnings] } : r;
}
