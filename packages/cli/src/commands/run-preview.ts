import type { LoadedSpec, PreviewResult, RunOptions } from '@tuomin/publish';
import { previewRun, WITHHELD_CELL } from '@tuomin/publish';
import type { CliIO } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { reasonLine, reviewName, t } from '../messages/index.js';

/**
 * `tuomin run --dry-run`: print the preview. Exit 0 whatever the verdicts (a preview is for
 * looking, before the metadata exists); `wouldPublish` and the reasons say what a run would do.
 */
export async function printPreview(loaded: LoadedSpec, opts: RunOptions & { headRows?: number }, io: CliIO, json: boolean): Promise<number> {
  const p = await previewRun(loaded, opts);
  if (json) printJson(io, { ok: true, ...p });
  else print(io, renderPreview(p));
  return EXIT.OK;
}

export function renderPreview(p: PreviewResult): string {
  const lines = [t('preview.head', { dataset: p.dataset, rows: p.rows, read: p.sourceRows })];
  lines.push(t(p.wouldPublish ? 'preview.pass' : 'preview.refuse'));
  for (const r of p.reviews) {
    lines.push(t(r.passed ? 'preview.reviewPassed' : 'preview.reviewFailed', { review: reviewName(r.review) }));
    for (const x of r.reasons) lines.push(`  ${t(`severity.${x.severity}`)} ${reasonLine(x)}`);
  }
  if (p.missingMetadata.length) lines.push(t('preview.missing', { fields: p.missingMetadata.join(', ') }));
  if (p.privacy) {
    const r = p.privacy.risk;
    lines.push(t('preview.privacyRisk', { qi: p.privacy.quasiIdentifiers.join(', '), classes: r.classes, min: r.minClassSize, below: r.recordsBelowK, max: (100 * r.prosecutor.max).toFixed(2) }));
  }
  const pr = p.publishedRisk;
  if (pr && pr.attackerKnown.length) {
    lines.push(t('preview.publishedRisk', { columns: pr.attackerKnown.map((c) => c.column).join(', '), reached: pr.kReached ?? t('preview.notApplicable'), k: pr.k })
      + (pr.risk ? t('preview.publishedRiskMax', { max: (100 * pr.risk.prosecutor.max).toFixed(2) }) : ''));
  }
  if (p.anonymization) lines.push(t('preview.search', { levels: Object.entries(p.anonymization.levels).map(([c, l]) => `${c} ${l}`).join(', '), suppressed: p.anonymization.suppressed }));
  if (p.rules.length) lines.push(t('preview.rules'));
  for (const r of p.rules) lines.push(t('preview.rule', { column: r.column, rule: r.rule, changed: r.valuesChanged, seen: r.rowsSeen }) + (r.invalid ? t('preview.ruleInvalid', { invalid: r.invalid }) : ''));
  if (p.dropped.length) lines.push(t('preview.dropped', { columns: p.dropped.join(', ') }));
  lines.push('', t('preview.rows', { count: p.head.rows.length }), p.head.columns.join(' | '));
  // The library marks a withheld cell with one English placeholder: shown in the user's language.
  for (const row of p.head.rows) lines.push(row.map((v) => (v === WITHHELD_CELL ? t('preview.withheld') : v ?? '')).join(' | '));
  return lines.join('\n');
}
