import type { RecordBatch, Schema } from 'apache-arrow';
import { collectClassStats, lDiversity, riskSummary, type ClassStats, type RiskSummary } from '@tuomin/core/internal';
import type { Spec } from '../spec/schema.js';
import type { PrivacyOutcome } from '../review/security.js';
import type { ReviewReason } from '../review/types.js';
import type { BatchConsumer } from './run.js';
import { blocking, collectPublishedRisk, judgePublishedRisk, type PublishedRiskFigures, type PublishedRiskStats } from '../review/published-risk.js';

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

/**
 * The spec's privacy thresholds, checked on the released rows: class statistics are collected in
 * the run's single pass (one branch of the tee) and judged after it. Reasons carry counts only.
 */
export function privacyStatsConsumer(spec: Spec, _dir: string): { consume: BatchConsumer; evaluate(stats: unknown): Promise<PrivacyOutcome & { figures: PrivacyFigures }> } {
  const p = spec.privacy!;
  const qi = p.quasiIdentifiers.map((q) => outputName(spec, q));
  const sensitive = (p.sensitive ?? []).map((s) => outputName(spec, s));
  return {
    consume: (_schema: Schema, batches: AsyncIterable<RecordBatch>) => collectClassStats(batches, { quasiIdentifiers: qi, ...(sensitive.length ? { sensitive } : {}) }),
    async evaluate(raw) {
      const stats = raw as ClassStats;
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
    },
  };
}

/**
 * Re-identification risk over what is published (docs/privacy.md, "What the review checks"):
 * every release, with or without a privacy section, gets class statistics over the columns an
 * attacker can know, collected in the run's single pass and judged after it.
 */
export function publishedRiskConsumer(spec: Spec): { consume: BatchConsumer; evaluate(stats: unknown): PrivacyOutcome & { figures: PublishedRiskFigures } } {
  return {
    consume: (schema: Schema, batches: AsyncIterable<RecordBatch>) => collectPublishedRisk(spec, schema, batches),
    evaluate(raw) {
      const { reasons, figures } = judgePublishedRisk(spec, raw as PublishedRiskStats);
      return { passed: blocking(reasons).length === 0, reasons, figures };
    },
  };
}

/** The declared privacy thresholds and the published risk, as one outcome for the security review and the report. */
export function joinPrivacy(declared: (PrivacyOutcome & { figures: PrivacyFigures }) | undefined, published: PrivacyOutcome & { figures: PublishedRiskFigures }): PrivacyOutcome & { figures: PrivacyFigures | null; published: PublishedRiskFigures } {
  const reasons = [...(declared?.reasons ?? []), ...published.reasons];
  return { passed: blocking(reasons).length === 0, reasons, figures: declared?.figures ?? null, published: published.figures };
}
