import type { ClassStats } from './class-stats.js';

/**
 * Re-identification risk as ARX defines it, from class sizes alone.
 * - prosecutor: the attacker knows the person is in the data. Risk of a record = 1/|its class|;
 *   max = 1/min class size; avg (record-weighted) = classes / rows.
 * - journalist: the attacker does not know whether the person is in the data; risk of a record
 *   = 1/|its class in the population|. Without a population table the sample is taken as the
 *   population (as ARX does), so the figures equal the prosecutor's.
 * - marketer: the attacker re-identifies as many records as possible; expected share = classes / rows.
 */
export interface RiskSummary {
  rows: number;
  classes: number;
  minClassSize: number;
  maxClassSize: number;
  averageClassSize: number;
  k: number;
  classesBelowK: number;
  recordsBelowK: number;
  prosecutor: { max: number; avg: number };
  journalist: { max: number; avg: number; population: 'sample' };
  marketer: number;
  sampleUniques: { records: number; share: number };
  riskThreshold: number;
  recordsAboveThreshold: { records: number; share: number };
}

export interface RiskOptions {
  /** k for the "below k" counts. Default 1 (nothing is below). */
  k?: number | undefined;
  /** A record is "at risk" when 1/|class| is strictly above this. Default 0.2 (classes below 5). */
  riskThreshold?: number | undefined;
}

/** Risk figures from an array of class sizes (the first `size` entries of `counts`). */
export function riskFromCounts(counts: ArrayLike<number>, size: number, options: RiskOptions = {}): RiskSummary {
  const k = options.k ?? 1;
  const threshold = options.riskThreshold ?? 0.2;
  let rows = 0;
  let min = Infinity;
  let max = 0;
  let below = 0;
  let belowClasses = 0;
  let uniques = 0;
  let atRisk = 0;
  for (let c = 0; c < size; c++) {
    const n = counts[c]!;
    if (n === 0) continue;
    rows += n;
    if (n < min) min = n;
    if (n > max) max = n;
    if (n < k) { below += n; belowClasses++; }
    if (n === 1) uniques++;
    if (1 / n > threshold) atRisk += n;
  }
  return summarize({ rows, classes: size, min, max, below, belowClasses, uniques, atRisk }, k, threshold);
}

/** Sums and extremes over classes: what every figure of a RiskSummary is derived from. */
interface RiskTotals { rows: number; classes: number; min: number; max: number; below: number; belowClasses: number; uniques: number; atRisk: number }

function summarize(t: RiskTotals, k: number, threshold: number): RiskSummary {
  const { rows, classes, max, below, belowClasses, uniques, atRisk } = t;
  const min = rows === 0 ? 0 : t.min;
  const pMax = min > 0 ? 1 / min : 0;
  const pAvg = rows > 0 ? classes / rows : 0;
  return {
    rows,
    classes,
    minClassSize: min,
    maxClassSize: max,
    averageClassSize: classes > 0 ? rows / classes : 0,
    k,
    classesBelowK: belowClasses,
    recordsBelowK: below,
    prosecutor: { max: pMax, avg: pAvg },
    journalist: { max: pMax, avg: pAvg, population: 'sample' },
    marketer: pAvg,
    sampleUniques: { records: uniques, share: rows > 0 ? uniques / rows : 0 },
    riskThreshold: threshold,
    recordsAboveThreshold: { records: atRisk, share: rows > 0 ? atRisk / rows : 0 },
  };
}

export function riskSummary(stats: ClassStats, options: RiskOptions = {}): RiskSummary {
  return riskFromCounts(stats.table.counts, stats.table.size, options);
}

/** Classes below k, largest first by nothing but order of appearance; for error messages. */
export function classesBelow(stats: ClassStats, k: number): number[] {
  const out: number[] = [];
  const counts = stats.table.counts;
  for (let c = 0; c < stats.table.size; c++) if (counts[c]! < k) out.push(c);
  return out;
}

/**
 * Risk of a table from the risk of disjoint parts of its classes (the partitions of spilled
 * class statistics): counts add up, extremes take the extreme, and the record-weighted averages
 * (prosecutor, journalist and marketer averages are classes / rows) are recomputed from the sums.
 */
export function combineRisk(parts: RiskSummary[], options: RiskOptions = {}): RiskSummary {
  const k = options.k ?? 1;
  const threshold = options.riskThreshold ?? 0.2;
  let rows = 0, classes = 0, min = Infinity, max = 0, below = 0, belowClasses = 0, uniques = 0, atRisk = 0;
  for (const p of parts) {
    if (p.rows === 0) continue;
    rows += p.rows;
    classes += p.classes;
    min = Math.min(min, p.minClassSize);
    max = Math.max(max, p.maxClassSize);
    below += p.recordsBelowK;
    belowClasses += p.classesBelowK;
    uniques += p.sampleUniques.records;
    atRisk += p.recordsAboveThreshold.records;
  }
  return summarize({ rows, classes, min, max, below, belowClasses, uniques, atRisk }, k, threshold);
}
