import { countRows, profileBatches, type ColumnProfile, type ProfileOptions } from '@tuomin/core';
import { openSource } from '@tuomin/io';
import { suggestColumn, type ColumnSuggestion } from './suggest.js';

export interface ProfileFileOptions extends ProfileOptions {
  batchSize?: number;
  csv?: Record<string, unknown>;
  onProgress?: (rows: number) => void;
}

export interface FileProfile {
  file: string;
  format: string;
  rows: number;
  sampled: boolean;
  columns: (ColumnProfile & { suggestion: ColumnSuggestion })[];
  quasiIdentifiers: string[];
}

/** Profile one file (any format openSource reads) and attach a suggestion to every column. */
export async function profileFile(path: string, options: ProfileFileOptions = {}): Promise<FileProfile> {
  const { batchSize, csv, onProgress, ...profile } = options;
  const source = await openSource(path, { ...(batchSize ? { batchSize } : {}), ...(csv ? { csv } : {}) });
  const result = await profileBatches(source.schema, countRows(source.batches(), onProgress), profile);
  const columns = result.columns.map((c) => ({ ...c, suggestion: suggestColumn(c) }));
  return {
    file: path,
    format: (source as { format?: string }).format ?? 'csv',
    rows: result.rows,
    sampled: result.sampled,
    columns,
    quasiIdentifiers: columns.filter((c) => c.suggestion.quasiIdentifier).map((c) => c.name),
  };
}
