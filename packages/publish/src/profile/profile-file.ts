import { countRows, profileBatches, type ColumnProfile, type ProfileOptions, type ProfileResult } from '@tuomin/core';
import { openSource, type CsvReadOptions, type ReadOptions } from '@tuomin/io';
import { suggestColumn, type ColumnSuggestion } from './suggest.js';
import { labelPersonalHeader } from './header-label.js';
import { asThing, personsReason } from './register-of-things.js';
import { ReadAgainInOnePass, planVerb, sequentialInfo, sourceLabel, type ParallelInfo, type SourcePaths, type VerbParallelOptions } from '../run/parallel/verbs/partitioned.js';
import { profileParallel } from '../run/parallel/verbs/profile.js';
import { refuseEmptySource, refuseNoRows } from '../run/plan.js';

/** The CSV reader options a spec can record (source.csv): what profile read with, the run reads with. */
export type ProfileCsvOptions = Pick<CsvReadOptions, 'delimiter' | 'encoding' | 'header' | 'nullTokens' | 'onBadRow'>;

export interface ProfileFileOptions extends ProfileOptions, VerbParallelOptions {
  batchSize?: number;
  csv?: ProfileCsvOptions;
  /** XLSX reader options (the sheet, the header row): what profile read, a drafted spec's source.xlsx. */
  xlsx?: ReadOptions['xlsx'];
  onProgress?: (rows: number) => void;
}

export interface FileProfile {
  /** The file profiled (several, one source: joined by ", ", and listed in `files`). */
  file: string;
  files?: string[];
  format: string;
  rows: number;
  sampled: boolean;
  /** The reader options the profile used, carried into a drafted spec's source.csv. */
  csv?: ProfileCsvOptions;
  /** The XLSX reader options the profile used, carried into a drafted spec's source.xlsx. */
  xlsx?: ReadOptions['xlsx'];
  /** Malformed rows skipped (with onBadRow: skip); they are not profiled. */
  badRows: number;
  columns: (ColumnProfile & { suggestion: ColumnSuggestion })[];
  quasiIdentifiers: string[];
  sensitive: string[];
  /**
   * Why the records are taken as persons' (the draft imposes k), or null: no column reads as a
   * person's, a register of things, drafted with no k and every value as it is (register-of-things.ts).
   */
  persons: string | null;
  /** With workers > 1: how many ran over how many partitions, or why one pass ran. */
  parallel?: ParallelInfo;
}

/** Profile one file (any format openSource reads) and attach a suggestion to every column. */
export async function profileFile(path: SourcePaths, options: ProfileFileOptions = {}): Promise<FileProfile> {
  const { batchSize, csv, xlsx, onProgress, workers, partitionBytes, ...profile } = options;
  // Skipped rows are written nowhere: a profile never copies raw values out of the source.
  const read = csv ? { ...csv, ...(csv.onBadRow === 'skip' ? { rejectPath: null } : {}) } : undefined;
  const readOptions = { ...(batchSize ? { batchSize } : {}), ...(read ? { csv: read as CsvReadOptions } : {}), ...(xlsx ? { xlsx } : {}) };
  const source = await openSource(path, readOptions);
  const file = sourceLabel(path).file;
  refuseEmptySource(source.schema, file);
  // With --sample the one pass reads only the first rows: nothing to share out.
  const plan = profile.sample !== undefined ? { sequential: 'a sample is the first rows of the file, read in one pass' }
    : await planVerb(path, readOptions, { ...(workers !== undefined ? { workers } : {}), ...(partitionBytes !== undefined ? { partitionBytes } : {}) });
  let why = 'sequential' in plan ? plan.sequential : '';
  let result: ProfileResult | null = null;
  let parallel: ParallelInfo | undefined;
  if (!('sequential' in plan)) {
    try {
      const { sample: _sample, ...merged } = profile;
      const par = await profileParallel(plan, readOptions, source.schema, merged, workers!, onProgress);
      result = par.value;
      parallel = { workers: par.workers, partitions: par.partitions };
    } catch (err) {
      if (!(err instanceof ReadAgainInOnePass)) throw err;
      why = err.why;
    }
  }
  result ??= await profileBatches(source.schema, countRows(source.batches(), onProgress), profile);
  refuseNoRows(result.rows, source.schema, file, 'profile');
  const names = result.columns.map((c) => c.name);
  const suggested = result.columns.map((c) => ({ ...c, suggestion: suggestColumn(c, names) }));
  const persons = personsReason(suggested, result.sampled);
  const columns = suggested.map((c, i) => ({ ...c, suggestion: labelPersonalHeader(persons === null ? asThing(c, c.suggestion) : c.suggestion, c.name, i) }));
  const csvUsed = csv ? Object.fromEntries(Object.entries(csv).filter(([, v]) => v !== undefined)) as ProfileCsvOptions : undefined;
  return {
    ...sourceLabel(path),
    format: (source as { format?: string }).format ?? 'csv',
    rows: result.rows,
    sampled: result.sampled,
    ...(csvUsed && Object.keys(csvUsed).length ? { csv: csvUsed } : {}),
    ...(xlsx && Object.keys(xlsx).length ? { xlsx: { ...xlsx } } : {}),
    badRows: (source as { stats?: { badRows?: number } }).stats?.badRows ?? 0,
    columns,
    quasiIdentifiers: columns.filter((c) => c.suggestion.quasiIdentifier && !c.suggestion.drop).map((c) => c.name),
    sensitive: columns.filter((c) => c.suggestion.sensitive).map((c) => c.name),
    persons,
    ...(parallel ? { parallel } : sequentialInfo(workers, why)),
  };
}
