import type { LoadedSpec, PreviewResult, RunOptions } from '@tuomin/publish';
import { previewRun } from '@tuomin/publish';
import type { CliIO } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { t } from '../messages/index.js';

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
    lines.push(t(r.passed ? 'preview.reviewPassed' : 'preview.reviewFailed', { review: r.review }));
    for (const x of r.reasons) lines.push(`  ${x.severity} [${x.code}] ${x.message}${x.path ? ` (fix: ${x.path})` : ''}`);
  }
  if (p.missingMetadata.length) lines.push(t('preview.missing', { fields: p.missingMetadata.join(', ') }));
  if (p.privacy) {
    const r = p.privacy.risk;
    lines.push(`risk over (${p.privacy.quasiIdentifiers.join(', ')}): ${r.classes} classes, smallest ${r.minClassSize}, records below k ${r.recordsBelowK}, max prosecutor risk ${(100 * r.prosecutor.max).toFixed(2)} %`);
  }
  const pr = p.publishedRisk;
  if (pr && pr.attackerKnown.length) {
    lines.push(`risk over every published column an attacker can know (${pr.attackerKnown.map((c) => c.column).join(', ')}): k reached ${pr.kReached ?? 'n/a'} (k = ${pr.k})${pr.risk ? `, max prosecutor risk ${(100 * pr.risk.prosecutor.max).toFixed(2)} %` : ''}`);
  }
  if (p.anonymization) lines.push(`privacy search: levels ${Object.entries(p.anonymization.levels).map(([c, l]) => `${c} ${l}`).join(', ')}; ${p.anonymization.suppressed} records suppressed`);
  if (p.rules.length) lines.push('rules:');
  for (const r of p.rules) lines.push(`  ${r.column} ${r.rule}: ${r.valuesChanged} of ${r.rowsSeen} values changed${r.invalid ? `, ${r.invalid} invalid` : ''}`);
  if (p.dropped.length) lines.push(`dropped: ${p.dropped.join(', ')}`);
  lines.push('', t('preview.rows', { count: p.head.rows.length }), p.head.columns.join(' | '));
  for (const row of p.head.rows) lines.push(row.map((v) => v ?? '').join(' | '));
  return lines.join('\n');
}
