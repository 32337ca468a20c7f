import type { RecordBatch, Schema } from 'apache-arrow';
import { riskReport } from '@tuomin/core';
import type { LoadedSpec } from '../spec/load.js';
import { discardStaging, stageRun, TOOL_VERSION, type RunOptions } from './run.js';
import { withMatchedFiles } from './reader-options.js';
import type { PrivacyFigures } from './privacy.js';
import type { PublishedRiskFigures } from '../review/published-risk.js';
import { keyWarnings, reviewSinks, runReviews } from './review-pass.js';
import type { Sink } from './sinks/sink.js';
import type { ReviewReason, ReviewResult } from '../review/types.js';
import { OUTPUT_TYPE_HINT, type OutputTypeProblem } from './output-types.js';
import type { RunPlan } from './plan.js';
import { provenance } from '../package/write.js';
import { nameHoldsPersonalData } from '../scan/scan-texts.js';
import { desensitizationReport } from '../package/reports.js';
import { checkKeyRotationDryRun } from './key-rotation.js';

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
export async function previewRun(given: LoadedSpec, opts: RunOptions & { headRows?: number } = {}): Promise<PreviewResult> {
  // A `*` in source.path: the files matched now are the ones read and named in the provenance.
  const loaded = await withMatchedFiles(given);
  const { spec } = loaded;
  const headRows = opts.headRows ?? PREVIEW_ROWS;
  const version = '0.0.0';
  const meta = provenance(spec, version, loaded.digest, TOOL_VERSION);
  // The same pass and reviews as `run` (review-pass.ts); one more sink keeps the first rows.
  const keys = keyWarnings(opts);
  const { headRows: _h, ...runOpts } = opts;
  const sinks = reviewSinks(spec);
  const staged = await stageRun(loaded, { ...runOpts, keyWarning: keys.keyWarning, version, metadata: meta, sinks: (schema, spillDir) => ({ ...sinks(schema, spillDir), head: firstRowsSink(schema, headRows) }) });
  try {
    const { security, privacy, ...reviewed } = runReviews(spec, staged, { keyWarnings: keys.reasons });
    const head = withholdFlagged(staged.extra.head, security, staged.plan);
    // A key changed since the last version, undeclared: `run` will refuse it (key-rotation.ts).
    const keyed = await checkKeyRotationDryRun(loaded, opts.outputFolder, opts.version, staged.plan, desensitizationReport(spec, staged.plan, staged.reports, staged.scan, privacy ?? null));
    const rotated: ReviewResult = keyed.errors.length
      ? { ...reviewed.normative, passed: false, reasons: [...reviewed.normative.reasons, ...keyed.errors, ...keyed.warnings] }
      : { ...reviewed.normative, reasons: [...reviewed.normative.reasons, ...keyed.warnings] };
    const normative: ReviewResult = withTypeProblems(spec.openAttribute === 'not-open'
      ? { ...rotated, passed: false, reasons: [{ code: 'gov/not-open', severity: 'error', path: 'openAttribute', message: 'dataset is not-open; it is never published' }, ...rotated.reasons] }
      : rotated, staged.typeProblems);
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
    return hideIdentifierNames({
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
    }, staged.plan);
  } finally {
    await discardStaging(staged);
  }
}

/** A sink that keeps the first `n` released rows as text; merged in partition order, the first `n` of the whole. */
function firstRowsSink(schema: Schema, n: number): Sink<PreviewResult['head']> & { head: PreviewResult['head'] } {
  const head: PreviewResult['head'] = { columns: schema.fields.map((f) => f.name), rows: [] };
  return {
    head,
    add(b: RecordBatch) {
      // A cold path of at most n rows: Vector.get is fine here.
      for (let i = 0; i < b.numRows && head.rows.length < n; i++) {
        head.rows.push(head.columns.map((_, c) => cellText(b.getChildAt(c)?.get(i))));
      }
    },
    async finish() {
      return head;
    },
    merge(other) {
      for (const r of other.head.rows) if (head.rows.length < n) head.rows.push(r);
    },
    async abort() {},
  };
}

/**
 * `run` refuses values its typed copies cannot hold after both reviews pass (checkOutputTypes,
 * exit 1); a preview that said "would publish" over them would be wrong, so they are reasons
 * here: column, type, count and first row, never the value.
 */
function withTypeProblems(normative: ReviewResult, problems: OutputTypeProblem[]): ReviewResult {
  if (problems.length === 0) return normative;
  const reasons: ReviewReason[] = problems.map((p) => ({
    code: 'cell/output-type',
    severity: 'error',
    column: p.column,
    count: p.count,
    rows: [p.row],
    params: { type: p.type },
    message: `${p.count} value${p.count === 1 ? '' : 's'} of column "${p.column}" cannot be published as ${p.type}: ${OUTPUT_TYPE_HINT}`,
  }));
  return { ...normative, passed: false, reasons: [...normative.reasons, ...reasons] };
}

/**
 * A column name that holds an identifier (an ID pasted into a header) is never printed: the
 * review names such a column by its number, and so does the preview, in its first rows, rule
 * counts, dropped list and risk figures (keys and texts alike), as the published report does.
 */
function hideIdentifierNames(result: PreviewResult, plan: RunPlan): PreviewResult {
  const labels = new Map<string, string>();
  plan.columns.forEach((c, i) => {
    if (nameHoldsPersonalData(c.output)) labels.set(c.output, `output column #${i + 1}`);
    if (c.source !== c.output && nameHoldsPersonalData(c.source)) labels.set(c.source, `source of output column #${i + 1}`);
  });
  plan.droppedColumns.forEach((n, i) => { if (nameHoldsPersonalData(n)) labels.set(n, `dropped column #${i + 1}`); });
  if (labels.size === 0) return result;
  const text = (s: string): string => {
    let out = s;
    for (const [name, label] of labels) out = out.split(name).join(label);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    return v;
  };
  return walk(result) as PreviewResult;
}

/** Shown in place of each cell of a column the security review refuses. */
export const WITHHELD_CELL = '[withheld: see the security review]';

/**
 * A preview is read on screens and pasted into tickets: a column the security review refuses
 * (personal data left in it, or no rule at all) would show raw values of the very kind the
 * review found, so its cells are withheld. Fails closed: any error reason that names a column
 * withholds it, whether the reason names the source or the output column.
 */
function withholdFlagged(head: PreviewResult['head'], security: ReviewResult, plan: RunPlan): PreviewResult['head'] {
  const outputOf = new Map(plan.columns.map((c) => [c.source, c.output]));
  const flagged = new Set<string>();
  for (const r of security.reasons) {
    if (r.severity !== 'error' || r.column === undefined) continue;
    flagged.add(r.column);
    const out = outputOf.get(r.column);
    if (out !== undefined) flagged.add(out);
  }
  if (flagged.size === 0) return head;
  const hide = head.columns.map((c) => flagged.has(c));
  return { columns: head.columns, rows: head.rows.map((row) => row.map((v, i) => (hide[i] && v !== null ? WITHHELD_CELL : v))) };
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
  return String(v);
}
