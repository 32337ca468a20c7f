import { resolve } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { PERSONAL_TYPES, scanBatches } from '@tuomin/core';
import { openSource } from '@tuomin/io';
import type { LoadedSpec } from '../spec/load.js';
import { normativeReview } from '../review/normative.js';
import { securityReview, type ScanSummary } from '../review/security.js';
import type { ReviewReason, ReviewResult } from '../review/types.js';
import type { BatchConsumer, RunOptions, StagedOutput } from './run.js';
import { joinPrivacy, privacyStatsConsumer, publishedRiskConsumer } from './privacy.js';

const SOURCE_SAMPLE_ROWS = 10_000;

export type JoinedPrivacy = ReturnType<typeof joinPrivacy>;

/** The reviews of one staged pass: the consumers the pass feeds, then both verdicts. */
export interface ReviewPass {
  /** Hand these to stageRun (after any consumer of the caller's): they see every released batch. */
  consumers: BatchConsumer[];
  /** Key warnings of the pass join the security review's warnings, once each. */
  keyWarning(code: string, message: string): void;
  /** Both reviews; `first` is the index in staged.extra of this pass's first consumer. */
  review(staged: StagedOutput, first: number): Promise<{ security: ReviewResult; normative: ReviewResult; privacy: JoinedPrivacy }>;
}

/**
 * The security and normative reviews of a run, in one place for `run` and `run --dry-run`:
 * privacy thresholds over the declared quasi-identifiers, risk over every published
 * attacker-known column, the residual scan of the output and of a source sample, key warnings,
 * and the normative checks (catalog metadata, TODOs, values, rules that voided a column).
 */
export function reviewPass(loaded: LoadedSpec, opts: Pick<RunOptions, 'keyWarning'>): ReviewPass {
  const { spec } = loaded;
  const privacyConsumer = spec.privacy ? privacyStatsConsumer(spec, loaded.dir) : null;
  // Risk over every published attacker-known column, declared or not (review/published-risk.ts): the last consumer.
  const publishedRisk = publishedRiskConsumer(spec);
  const keyWarnings: ReviewReason[] = [];
  return {
    consumers: [...(privacyConsumer ? [privacyConsumer.consume] : []), publishedRisk.consume],
    keyWarning(code, message) {
      keyWarnings.push({ code, severity: 'warning', path: 'keys', message });
      opts.keyWarning?.(code, message);
    },
    async review(staged, first) {
      const sourceSample = await scanSourceSample(loaded);
      const extra = staged.extra.slice(first);
      const privacy = joinPrivacy(privacyConsumer ? await privacyConsumer.evaluate(extra[0]) : undefined, publishedRisk.evaluate(extra[extra.length - 1]));
      const security = securityReview({ spec, plan: staged.plan, reports: staged.reports, output: staged.scan, sourceSample, personalTypes: PERSONAL_TYPES as ReadonlySet<string>, privacy });
      security.reasons.push(...keyWarnings);
      const normative = normativeReview(spec, staged.stats, { rows: staged.rows, sourceRows: staged.sourceRows }, { plan: staged.plan, reports: staged.reports });
      return { security, normative, privacy };
    },
  };
}

/** Scan the first rows of the source to find personal columns the spec forgot to give a rule. */
export async function scanSourceSample(loaded: LoadedSpec): Promise<ScanSummary> {
  const { spec, dir } = loaded;
  const src = await openSource(resolve(dir, spec.source.path), {
    batchSize: 4096,
    // Malformed rows are skipped and written nowhere: the main pass already put them in the
    // dataset's rejects folder (with onBadRow: skip) or stopped on them.
    ...(spec.source.csv ? { csv: { ...Object.fromEntries(Object.entries({ ...spec.source.csv, onBadRow: 'skip' }).filter(([, v]) => v !== undefined)), rejectPath: null } } : {}),
  });
  const limited = async function* (): AsyncIterable<RecordBatch> {
    let n = 0;
    for await (const b of src.batches()) {
      if (n >= SOURCE_SAMPLE_ROWS) break;
      const take = Math.min(b.numRows, SOURCE_SAMPLE_ROWS - n);
      yield take === b.numRows ? b : b.slice(0, take);
      n += take;
    }
  };
  // Source headers are not published as such (the output's are scanned): keep the names here.
  return (await scanBatches(src.schema, limited(), { maxRowsPerFinding: 10, headers: false })) as ScanSummary;
}
