import { closestName, combineRisk, lDiversity, riskSummary, tCloseness, TuominError } from '@tuomin/core/internal';
import type { LDiversityResult, LMode, RiskSummary, TClosenessResult, TMode } from '@tuomin/core';
import { DEFAULT_MAX_CLASSES_IN_MEMORY, collectClassStatsSpilling, openSource } from '@tuomin/io';
import type { ReadOptions, SpillOptions, SpilledClassStats } from '@tuomin/io';
import { ReadAgainInOnePass, planVerb, sequentialInfo, sourceLabel, type ParallelInfo, type SourcePaths, type VerbParallelOptions } from '../run/parallel/verbs/partitioned.js';
import { riskParallel } from '../run/parallel/verbs/risk.js';
import { refuseEmptySource, refuseNoRows } from '../run/plan.js';

export interface AssessRiskOptions extends VerbParallelOptions {
  quasiIdentifiers: string[];
  k?: number | undefined;
  sensitive?: string[] | undefined;
  l?: number | undefined;
  lMode?: LMode | undefined;
  t?: number | undefined;
  tMode?: TMode | undefined;
  riskThreshold?: number | undefined;
  read?: ReadOptions | undefined;
  /** Past this many classes in memory, class statistics spill to partition files (see collectClassStatsSpilling). */
  spill?: SpillOptions | undefined;
}

type Verdict<T> = Omit<T, 'flags'>;

export interface RiskAssessment extends RiskSummary {
  /** The file assessed (several, one source: joined by ", ", and listed in `files`). */
  file: string;
  files?: string[];
  quasiIdentifiers: string[];
  lDiversity?: Array<Verdict<LDiversityResult>>;
  tCloseness?: Array<Verdict<TClosenessResult>>;
  /** Partition files the class statistics went through (0: all in memory). */
  spilledPartitions: number;
  ms: number;
  /** With workers > 1: how many ran over how many partitions, or why one pass ran. */
  parallel?: ParallelInfo;
}

/** Re-identification risk of a file over its quasi-identifiers, in one pass (counts only, never values). */
export async function assessRisk(path: SourcePaths, options: AssessRiskOptions): Promise<RiskAssessment> {
  const label = sourceLabel(path);
  const t0 = performance.now();
  let out: RiskAssessment;
  const sensitive = options.sensitive ?? [];
  if ((options.l !== undefined || options.t !== undefined) && sensitive.length === 0) {
    throw new TuominError('BAD_SPEC', 'l or t given without a sensitive column', {}, 'name one with --sensitive', { id: 'risk.noSensitive' });
  }
  const source = await openSource(path, options.read ?? {});
  refuseEmptySource(source.schema, label.file);
  // Every named column must exist before a row is read: a file with a header and no rows would
  // otherwise "meet" any target over columns it does not have.
  const names = source.schema.fields.map((f) => f.name);
  for (const [role, cols] of [['quasi-identifier', options.quasiIdentifiers], ['sensitive column', sensitive]] as const) {
    for (const c of cols) {
      if (names.includes(c)) continue;
      const near = closestName(c, names);
      throw new TuominError('BAD_INPUT', `no column named "${c}" (${role})${near !== undefined ? `; did you mean "${near}"?` : ''}; available: ${names.join(', ')}`,
        { file: label.file, column: c }, role === 'quasi-identifier' ? 'check --qi against the header of the file' : 'check --sensitive against the header of the file',
        { id: 'risk.noColumn', params: { column: c, role, near: near ?? '', available: names } });
    }
  }
  if (options.quasiIdentifiers.length === 0) throw new TuominError('BAD_SPEC', 'no quasi-identifier given', { file: label.file }, 'name them with --qi', { id: 'risk.noQi' });
  const columns = { quasiIdentifiers: options.quasiIdentifiers, sensitive };
  const read = options.read ?? {};
  const plan = await planVerb(path, read, { ...(options.workers !== undefined ? { workers: options.workers } : {}), ...(options.partitionBytes !== undefined ? { partitionBytes: options.partitionBytes } : {}) });
  let why = 'sequential' in plan ? plan.sequential : '';
  let collected: SpilledClassStats | null = null;
  let parallel: ParallelInfo | undefined;
  if (!('sequential' in plan)) {
    // The one pass spills past this many classes; so many classes are not merged in memory either.
    const limit = options.spill?.maxClassesInMemory ?? DEFAULT_MAX_CLASSES_IN_MEMORY;
    try {
      const par = await riskParallel(plan, read, columns, limit, options.workers!);
      if (par.value) {
        const stats = par.value;
        collected = { spilled: false, partitions: 1, rows: stats.rows, forEachPartition: async (fn) => { await fn(stats, 0); }, dispose: async () => {} };
        parallel = { workers: par.workers, partitions: par.partitions };
      } else why = `more than ${limit} classes: the class statistics spill to disk, which one pass does`;
    } catch (err) {
      if (!(err instanceof ReadAgainInOnePass)) throw err;
      why = err.why;
    }
  }
  collected ??= await collectClassStatsSpilling(source.batches(), columns, options.spill ?? {});
  try {
    if (collected.spilled && options.t !== undefined) {
      throw new TuominError('UNSUPPORTED', 't-closeness needs every class in memory, and the class statistics spilled to disk', {},
        'raise the in-memory class limit (--max-classes), or generalize the quasi-identifiers first', { id: 'risk.tSpilled' });
    }
    const risks: RiskSummary[] = [];
    const ls: Array<Array<Verdict<LDiversityResult>>> = [];
    const ts: Array<Array<Verdict<TClosenessResult>>> = [];
    await collected.forEachPartition((stats) => {
      risks.push(riskSummary(stats, { k: options.k, riskThreshold: options.riskThreshold }));
      if (options.l !== undefined) {
        ls.push(sensitive.map((s, i) => strip(lDiversity(s, stats.pairs[i]!, stats.table.counts, stats.classes, options.l!, options.lMode ?? 'distinct'))));
      }
      if (options.t !== undefined) {
        ts.push(sensitive.map((s, i) => strip(tCloseness(s, stats.pairs[i]!, stats.table.counts, stats.classes, stats.sensDicts[i]!, options.t!, options.tMode ?? 'equal'))));
      }
    });
    const risk = risks.length === 1 ? risks[0]! : combineRisk(risks, { k: options.k, riskThreshold: options.riskThreshold });
    out = { ...label, quasiIdentifiers: options.quasiIdentifiers, ...risk, spilledPartitions: collected.spilled ? collected.partitions : 0, ms: 0, ...(parallel ? { parallel } : sequentialInfo(options.workers, why)) };
    if (options.l !== undefined) out.lDiversity = sensitive.map((_, i) => combineL(ls.map((p) => p[i]!)));
    if (options.t !== undefined) out.tCloseness = ts[0]!;
  } finally {
    await collected.dispose();
  }
  refuseNoRows(out.rows, source.schema, label.file, 'measure');
  out.ms = performance.now() - t0;
  return out;
}

function strip<T extends { flags: Uint8Array }>(r: T): Omit<T, 'flags'> {
  const { flags: _flags, ...rest } = r;
  return rest;
}

/** l-diversity of the whole table from the verdicts of disjoint partitions of its classes. */
function combineL(parts: Array<Verdict<LDiversityResult>>): Verdict<LDiversityResult> {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  return {
    ...first,
    minDistinct: Math.min(...parts.map((p) => p.minDistinct)),
    minEntropyL: Math.min(...parts.map((p) => p.minEntropyL)),
    classesViolating: parts.reduce((a, p) => a + p.classesViolating, 0),
    recordsViolating: parts.reduce((a, p) => a + p.recordsViolating, 0),
  };
}
