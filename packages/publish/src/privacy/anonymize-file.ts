import { anonymize, anonymizeOutcome, createPipeline, TuominError } from '@tuomin/core/internal';
import type { AnonymizeOptions, AnonymizeOutcome } from '@tuomin/core';
import { fileSpiller, openSource, writeOutput } from '@tuomin/io';
import type { ReadOptions, WriteOptions } from '@tuomin/io';
import { dirname } from 'node:path';

export interface AnonymizeFileOptions extends AnonymizeOptions {
  /** Where to write the generalized and suppressed data (format from the extension). */
  out?: string | undefined;
  read?: ReadOptions | undefined;
  write?: WriteOptions | undefined;
}

export interface AnonymizeFileResult extends AnonymizeOutcome {
  file: string;
  out: string | null;
  rows: number;
  rowsWritten: number | null;
  ms: number;
}

/**
 * Find the least-loss generalization of a file that meets the privacy model and, with `out`,
 * write the generalized and suppressed rows. Throws TuominError PRIVACY when the model cannot
 * be met within the suppression limit.
 */
export async function anonymizeFile(path: string, options: AnonymizeFileOptions): Promise<AnonymizeFileResult> {
  const t0 = performance.now();
  const source = await openSource(path, options.read ?? {});
  const transform = anonymize(options);
  let outcome: AnonymizeOutcome | undefined;
  let rows = 0;
  let rowsWritten: number | null = null;
  if (options.out) {
    const p = createPipeline(source, [transform], { spiller: fileSpiller(dirname(options.out)) });
    const written = await writeOutput(options.out, p.schema, p, options.write ?? {});
    rowsWritten = written.rows;
    const rep = p.reports()[0]!;
    outcome = anonymizeOutcome(rep);
    rows = rep.rowsSeen;
  } else {
    const bound = transform.bind(source.schema);
    await bound.observe!(source.batches());
    const rep = bound.report()[0]!;
    outcome = anonymizeOutcome(rep);
    rows = outcome ? outcome.risk.rows + outcome.suppressed : 0;
  }
  if (!outcome) throw new TuominError('PRIVACY', 'anonymization produced no outcome', { file: path }, undefined, { id: 'internal.bug' });
  return { file: path, out: options.out ?? null, rows, rowsWritten, ...outcome, ms: performance.now() - t0 };
}
