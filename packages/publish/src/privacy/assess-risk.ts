import { collectClassStats, lDiversity, riskSummary, tCloseness, TuominError } from '@tuomin/core';
import type { LDiversityResult, LMode, RiskSummary, TClosenessResult, TMode } from '@tuomin/core';
import { openSource } from '@tuomin/io';
import type { ReadOptions } from '@tuomin/io';

export interface AssessRiskOptions {
  quasiIdentifiers: string[];
  k?: number | undefined;
  sensitive?: string[] | undefined;
  l?: number | undefined;
  lMode?: LMode | undefined;
  t?: number | undefined;
  tMode?: TMode | undefined;
  riskThreshold?: number | undefined;
  read?: ReadOptions | undefined;
}

type Verdict<T> = Omit<T, 'flags'>;

export interface RiskAssessment extends RiskSummary {
  file: string;
  quasiIdentifiers: string[];
  lDiversity?: Array<Verdict<LDiversityResult>>;
  tCloseness?: Array<Verdict<TClosenessResult>>;
  ms: number;
}

/** Re-identification risk of a file over its quasi-identifiers, in one pass (counts only, never values). */
export async function assessRisk(path: string, options: AssessRiskOptions): Promise<RiskAssessment> {
  const t0 = performance.now();
  const sensitive = options.sensitive ?? [];
  if ((options.l !== undefined || options.t !== undefined) && sensitive.length === 0) {
    throw new TuominError('BAD_SPEC', 'l or t given without a sensitive column', {}, 'name one with --sensitive');
  }
  const source = await openSource(path, options.read ?? {});
  const stats = await collectClassStats(source.batches(), { quasiIdentifiers: options.quasiIdentifiers, sensitive });
  const risk = riskSummary(stats, { k: options.k, riskThreshold: options.riskThreshold });
  const out: RiskAssessment = { file: path, quasiIdentifiers: options.quasiIdentifiers, ...risk, ms: 0 };
  if (options.l !== undefined) {
    out.lDiversity = sensitive.map((s, i) => strip(lDiversity(s, stats.pairs[i]!, stats.table.counts, stats.classes, options.l!, options.lMode ?? 'distinct')));
  }
  if (options.t !== undefined) {
    out.tCloseness = sensitive.map((s, i) => strip(tCloseness(s, stats.pairs[i]!, stats.table.counts, stats.classes, stats.sensDicts[i]!, options.t!, options.tMode ?? 'equal')));
  }
  out.ms = performance.now() - t0;
  return out;
}

function strip<T extends { flags: Uint8Array }>(r: T): Omit<T, 'flags'> {
  const { flags: _flags, ...rest } = r;
  return rest;
}
