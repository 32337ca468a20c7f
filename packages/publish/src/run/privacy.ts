import type { RecordBatch, Schema } from 'apache-arrow';
import { ClassStats, lDiversity, mergeClassStats, riskSummary, type RiskSummary } from '@tuomin/core/internal';
import type { Spec } from '../spec/schema.js';
import type { PrivacyOutcome } from '../review/security.js';
import type { ReviewReason } from '../review/types.js';
import { blocking, collectPublishedRisk, judgePublishedRisk, type PublishedRiskFigures, type PublishedRiskStats } from '../review/published-risk.js';
import { notMergeable, streamSink, type Sink } from './sinks/sink.js';

/** Output name of a spec column given by source or output name. */
function outputName(spec: Spec, name: string): string {
  const c = spec.columns[name];
  if (c) return c.name ?? name;
  return name;
}

export interface PrivacyFigures {
  quasiIdentifiers: string[];
  risk: RiskSummary;
  lDiversity?: Array<{ column: string; l: number; mode: string; minDistinct: number; minEntropyL: number; classesViolating: number; recordsViolating: number }>;
}

/** The declared quasi-identifiers and sensitive columns by their published names. */
function privacyColumns(spec: Spec): { qi: string[]; sensitive: string[] } {
  const p = spec.privacy!;
  return { qi: p.quasiIdentifiers.map((q) => outputName(spec, q)), sensitive: (p.sensitive ?? []).map((s) => outputName(spec, s)) };
}

/**
 * The class statistics of the spec's privacy thresholds, collected over the released rows in the
 * run's single pass; partitions merge exactly (mergeClassStats).
 */
export function classStatsSink(spec: Spec): Sink<ClassStats> & { stats(): ClassStats } {
  const { qi, sensitive } = privacyColumns(spec);
  let stats = new ClassStats({ quasiIdentifiers: qi, ...(sensitive.length ? { sensitive } : {}) });
  return {
    stats: () => stats,
    add(batch: RecordBatch) {
      stats.add(batch);
    },
    async finish() {
      return stats;
    },
    merge(other) {
      stats = mergeClassStats(stats, other.stats());
    },
    async abort() {},
  };
}

/** The spec's privacy thresholds judged on the class statistics of the released rows. Reasons carry counts only. */
export function judgePrivacy(spec: Spec, stats: ClassStats): PrivacyOutcome & { figures: PrivacyFigures } {
  const p = spec.privacy!;
  const { qi, sensitive } = privacyColumns(spec);
  const k = p.k ?? 1;
  const risk = riskSummary(stats, { k });
  const reasons: ReviewReason[] = [];
  if (risk.recordsBelowK > 0) {
    reasons.push({
      code: 'privacy/quasi-identifier-risk', severity: 'error', path: 'privacy.k', count: risk.recordsBelowK,
      message: `${risk.recordsBelowK} records in ${risk.classesBelowK} equivalence classes over (${qi.join(', ')}) are smaller than k = ${k} (smallest class: ${risk.minClassSize})`,
    });
  }
  if (p.maxProsecutorRisk !== undefined && risk.prosecutor.max > p.maxProsecutorRisk) {
    reasons.push({ code: 'privacy/quasi-identifier-risk', severity: 'error', path: 'privacy.maxProsecutorRisk', message: `maximum prosecutor risk ${risk.prosecutor.max.toFixed(4)} exceeds ${p.maxProsecutorRisk}` });
  }
  const figures: PrivacyFigures = { quasiIdentifiers: qi, risk };
  if (p.l !== undefined && sensitive.length) {
    figures.lDiversity = [];
    sensitive.forEach((col, i) => {
      const r = lDiversity(col, stats.pairs[i]!, stats.table.counts, stats.table.size, p.l!, p.lMode ?? 'distinct');
      figures.lDiversity!.push({ column: col, l: p.l!, mode: r.mode, minDistinct: r.minDistinct, minEntropyL: r.minEntropyL, classesViolating: r.classesViolating, recordsViolating: r.recordsViolating });
      if (r.recordsViolating > 0) {
        reasons.push({ code: 'privacy/l-diversity', severity: 'error', path: 'privacy.l', column: col, count: r.recordsViolating, message: `${r.recordsViolating} records in ${r.classesViolating} classes have fewer than l = ${p.l} ${r.mode === 'entropy' ? '(entropy) ' : ''}distinct values of "${col}"` });
      }
    });
  }
  return { passed: reasons.length === 0, reasons, figures };
}

/**
 * Re-identification risk over what is published (docs/privacy.md, "What the review checks"):
 * every release, with or without a privacy section, gets class statistics over the columns an
 * attacker can know, collected in the run's single pass and judged after it.
 */
export function publishedRiskSink(spec: Spec, schema: Schema): Sink<PublishedRiskStats> {
  return streamSink(
    (batches) => collectPublishedRisk(spec, schema, batches),
    // The roles are decided on the first rows of the whole release, before any partition is counted.
    { refuse: () => notMergeable('the published-risk statistics', 'the column roles are decided on the first rows of the release') },
  );
}

/** The published-risk review on its statistics. */
export function judgePublished(spec: Spec, stats: PublishedRiskStats): PrivacyOutcome & { figures: PublishedRiskFigures } {
  const { reasons, figures } = judgePublishedRisk(spec, stats);
  return { passed: blocking(reasons).length === 0, reasons, figures };
}

/** The declared privacy thresholds and the published risk, as one outcome for the security review and the report. */
export function joinPrivacy(declared: (PrivacyOutcome & { figures: PrivacyFigures }) | undefined, published: PrivacyOutcome & { figures: PublishedRiskFigures }): PrivacyOutcome & { figures: PrivacyFigures | null; published: PublishedRiskFigures } {
  const reasons = [...(declared?.reasons ?? []), ...published.reasons];
  return { passed: blocking(reasons).length === 0, reasons, figures: declared?.figures ?? null, published: published.figures };
}
