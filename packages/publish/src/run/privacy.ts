import type { RecordBatch, Schema } from 'apache-arrow';
import { ClassStats, decodeClassStats, lDiversity, mergeClassStats, mergeClassStatsInOrder, mergeInto, refuseOverCap, riskSummary, type RiskSummary, type TransferState } from '@tuomin/core/internal';
import type { Spec } from '../spec/schema.js';
import type { PrivacyOutcome } from '../review/security.js';
import type { ReviewReason } from '../review/types.js';
import { PublishedRiskCollector, blocking, collectPublishedRisk, judgePublishedRisk, type KnownSpill, type PublishedRiskFigures, type PublishedRiskStats } from '../review/published-risk.js';
import type { PublishedColumn } from '../review/published-columns.js';
import { notMergeable, streamSink, type Sink } from './sinks/sink.js';
import { refuseAdd } from './sinks/decoded.js';

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
 * run's single pass; partitions merge exactly (mergeClassStats). A partition job `encode`s them
 * (core's ClassStats.encode) for the coordinator (decodeClassStatsSink).
 */
export function classStatsSink(spec: Spec): Sink<ClassStats> & { stats(): ClassStats; encode(): Promise<TransferState<'class-stats'>> } {
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
    async encode() {
      return stats.encode();
    },
    merge(other) {
      stats = mergeClassStats(stats, other.stats());
    },
    async abort() {},
  };
}

/**
 * The coordinator's side of a partition's class statistics: `merge` the next partitions' in
 * partition order, each folded in as it comes (core mergeInto: the one pass's value and class
 * codes), so a part is let go once merged instead of every partition's table being held to the
 * end (at 8,000,000 rows, 120 partitions' tables); `finish` refuses past maxClasses as the one
 * pass and mergeClassStatsInOrder do.
 */
export function decodeClassStatsSink(state: TransferState): Sink<ClassStats> & { stats(): ClassStats } {
  const first = decodeClassStats(state);
  let out: ClassStats | null = mergeClassStatsInOrder([first]);
  return {
    stats: () => out!,
    add() {
      refuseAdd('the class statistics');
    },
    merge(other) {
      mergeInto(out!, other.stats());
    },
    async finish() {
      return refuseOverCap(out!);
    },
    async abort() {
      out = null;
    },
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
      params: { classes: risk.classesBelowK, qi: qi.join(', '), k, minClass: risk.minClassSize },
      message: `${risk.recordsBelowK} records in ${risk.classesBelowK} equivalence classes over (${qi.join(', ')}) are smaller than k = ${k} (smallest class: ${risk.minClassSize})`,
    });
  }
  if (p.maxProsecutorRisk !== undefined && risk.prosecutor.max > p.maxProsecutorRisk) {
    reasons.push({ code: 'privacy/quasi-identifier-risk', severity: 'error', path: 'privacy.maxProsecutorRisk', params: { max: risk.prosecutor.max.toFixed(4), limit: p.maxProsecutorRisk }, message: `maximum prosecutor risk ${risk.prosecutor.max.toFixed(4)} exceeds ${p.maxProsecutorRisk}` });
  }
  const figures: PrivacyFigures = { quasiIdentifiers: qi, risk };
  if (p.l !== undefined && sensitive.length) {
    figures.lDiversity = [];
    sensitive.forEach((col, i) => {
      const r = lDiversity(col, stats.pairs[i]!, stats.table.counts, stats.table.size, p.l!, p.lMode ?? 'distinct');
      figures.lDiversity!.push({ column: col, l: p.l!, mode: r.mode, minDistinct: r.minDistinct, minEntropyL: r.minEntropyL, classesViolating: r.classesViolating, recordsViolating: r.recordsViolating });
      if (r.recordsViolating > 0) {
        reasons.push({ code: 'privacy/l-diversity', severity: 'error', path: 'privacy.l', column: col, count: r.recordsViolating, params: { classes: r.classesViolating, l: p.l!, mode: r.mode }, message: `${r.recordsViolating} records in ${r.classesViolating} classes have fewer than l = ${p.l} ${r.mode === 'entropy' ? '(entropy) ' : ''}distinct values of "${col}"` });
      }
    });
  }
  return { passed: reasons.length === 0, reasons, figures };
}

/**
 * Re-identification risk over what is published (docs/privacy.md, "What the review checks"):
 * every release, with or without a privacy section, gets class statistics over the columns an
 * attacker can know, collected in the run's single pass and judged after it. Their classes spill
 * to `spillDir` (the run's private folder) past a limit, and the spill is gone once they are.
 */
export function publishedRiskSink(spec: Spec, schema: Schema, spillDir?: string, spill: Omit<KnownSpill, 'dir'> = {}): Sink<PublishedRiskStats> {
  return streamSink(
    (batches) => collectPublishedRisk(spec, schema, batches, { spill: { ...spill, dir: spillDir } }),
    // The roles are decided on the first rows of the whole release, before any partition is counted.
    { refuse: () => notMergeable('the published-risk statistics', 'the column roles are decided on the first rows of the release') },
  );
}

/**
 * The published-risk statistics of one partition, over the columns the coordinator decided once
 * on the first released rows (decidePublishedColumns): merged in partition order, they equal the
 * sequential sink's, spilled or not (known-classes.ts). A spill of the job's is handed over by
 * reference (same machine) and owned by the collector that decodes it.
 */
export function publishedRiskCollectorSink(spec: Spec, schema: Schema, columns: readonly PublishedColumn[], options: { spill?: KnownSpill } = {}): Sink<PublishedRiskStats> & { collector: PublishedRiskCollector; encode(): Promise<TransferState<'published-risk'>> } {
  const collector = PublishedRiskCollector.start(spec, schema, columns, options);
  return collectorSink(collector);
}

/**
 * The coordinator's side of a partition's published-risk statistics: `merge` the next partitions'
 * in order, then `finish`. The merged classes spill to `spillDir` (the run's private folder).
 */
export function decodePublishedRisk(state: TransferState, spillDir?: string, spill: Omit<KnownSpill, 'dir'> = {}): Sink<PublishedRiskStats> & { collector: PublishedRiskCollector } {
  return collectorSink(PublishedRiskCollector.decode(state, { spill: { ...spill, dir: spillDir } }));
}

function collectorSink(collector: PublishedRiskCollector): Sink<PublishedRiskStats> & { collector: PublishedRiskCollector; encode(): Promise<TransferState<'published-risk'>> } {
  return {
    collector,
    add: (batch) => collector.add(batch),
    async finish() {
      return collector.finish();
    },
    async encode() {
      return collector.encode();
    },
    merge(other) {
      collector.merge(other.collector);
    },
    async abort() {
      collector.dispose();
    },
  };
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
