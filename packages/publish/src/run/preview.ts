import type { RecordBatch, Schema } from 'apache-arrow';
import { riskReport } from '@tuomin/core';
import type { LoadedSpec } from '../spec/load.js';
import { discardStaging, stageRun, TOOL_VERSION, type BatchConsumer, type RunOptions } from './run.js';
import type { PrivacyFigures } from './privacy.js';
import type { PublishedRiskFigures } from '../review/published-risk.js';
import { reviewPass } from './review-pass.js';
import type { ReviewResult } from '../review/types.js';
import { provenance } from '../package/write.js';

/** Rows of the output shown by a preview unless asked otherwise. */
export const PREVIEW_ROWS = 10;

export interface PreviewResult {
  dataset: string;
  dryRun: true;
  /** Both reviews passed: `tuomin run` would publish this (with the catalog metadata as it stands). */
  wouldPublish: boolean;
  rows: number;
  sourceRows: number;
  /** Both reviews with every reason, as a run would report them; nothing stops a preview. */
  reviews: ReviewResult[];
  /** Paths of the catalog metadata still missing or still a draft's TODO (the normative review's list). */
  missingMetadata: string[];
  /** Re-identification figures of the released rows (k, classes, prosecutor risk) when the spec has privacy settings. */
  privacy?: PrivacyFigures;
  /** Risk over every published attacker-known column, declared or not (the security review's own figures). */
  publishedRisk?: PublishedRiskFigures;
  /** What the privacy search chose (levels per quasi-identifier, records suppressed). */
  anonymization?: { levels: Record<string, number>; suppressed: number; loss: number };
  /** What each rule changed: counts only. */
  rules: Array<{ column: string; output: string; rule: string; rowsSeen: number; valuesChanged: number; invalid: number; nulls: number }>;
  dropped: string[];
  /** The first rows as they would be published (already desensitized). */
  head: { columns: string[]; rows: Array<Array<string | null>> };
}

/**
 * `tuomin run --dry-run`: the whole pass — every rule, the privacy search, the residual scan and
 * both reviews — without publishing: the pass writes into the run's private folder, which is
 * removed; the release store is not opened, so no version is chosen and no ledger line is
 * written. Missing catalog metadata is reported as a list, not as a stop, so a draft can be
 * checked before it is described.
 */
export async function previewRun(loaded: LoadedSpec, opts: RunOptions & { headRows?: number } = {}): Promise<PreviewResult> {
  const { spec } = loaded;
  const headRows = opts.headRows ?? PREVIEW_ROWS;
  const version = '0.0.0';
  const meta = provenance(spec, version, loaded.digest, TOOL_VERSION);
  // The same reviews as `run` (review-pass.ts), fed by the same pass; one more consumer keeps the first rows.
  const pass = reviewPass(loaded, opts);
  const head: PreviewResult['head'] = { columns: [], rows: [] };
  const consumers: BatchConsumer[] = [firstRows(head, headRows), ...pass.consumers];
  const { headRows: _h, ...runOpts } = opts;
  const staged = await stageRun(loaded, { ...runOpts, keyWarning: pass.keyWarning, version, metadata: meta, consumers });
  try {
    const { security, normative, privacy } = await pass.review(staged, 1);
    if (spec.openAttribute === 'not-open') {
      normative.reasons.unshift({ code: 'gov/not-open', severity: 'error', path: 'openAttribute', message: 'dataset is not-open; it is never published' });
      normative.passed = false;
    }
    const missingMetadata = normative.reasons
      .filter((r) => r.code === 'gov/required-field-missing' || r.code === 'gov/todo' || r.code === 'metadata/field')
      .map((r) => r.path ?? r.message);
    const outcome = riskReport(staged.reports);
    const rules: PreviewResult['rules'] = [];
    for (const col of staged.plan.columns) {
      const used = new Set<number>();
      for (const rule of col.rules) {
        const i = staged.reports.findIndex((r, j) => !used.has(j) && r.transform === rule.type && r.columns.includes(col.source));
        if (i < 0) continue;
        used.add(i);
        const r = staged.reports[i]!;
        rules.push({ column: col.source, output: col.output, rule: rule.type, rowsSeen: r.rowsSeen, valuesChanged: r.valuesChanged, invalid: r.invalid, nulls: r.nulls });
      }
    }
    return {
      dataset: spec.dataset.id,
      dryRun: true,
      wouldPublish: security.passed && normative.passed,
      rows: staged.rows,
      sourceRows: staged.sourceRows,
      reviews: [security, normative],
      missingMetadata,
      ...(privacy.figures ? { privacy: privacy.figures } : {}),
      publishedRisk: privacy.published,
      ...(outcome ? { anonymization: { levels: outcome.levels, suppressed: outcome.suppressed, loss: outcome.loss } } : {}),
      rules,
      dropped: staged.plan.droppedColumns,
      head,
    };
  } finally {
    await discardStaging(staged);
  }
}

/** A consumer that keeps the first `n` released rows as text and lets every other batch pass. */
function firstRows(into: PreviewResult['head'], n: number): BatchConsumer {
  return async (schema: Schema, batches: AsyncIterable<RecordBatch>) => {
    into.columns = schema.fields.map((f) => f.name);
    for await (const b of batches) {
      // A cold path of at most n rows: Vector.get is fine here.
      for (let i = 0; i < b.numRows && into.rows.length < n; i++) {
        into.rows.push(into.columns.map((_, c) => cellText(b.getChildAt(c)?.get(i))));
      }
    }
  };
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
  return String(v);
}
