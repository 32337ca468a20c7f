import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { formatFromPath, inferSource, openSource, writeOutput, type ReadOptions, type WriteOptions } from '@tuomin/io';
import { ReadAgainInOnePass, planVerb, sequentialInfo, sourceLabel, type ParallelInfo, type SourcePaths, type VerbParallelOptions } from '../run/parallel/verbs/partitioned.js';
import { convertParallel } from '../run/parallel/verbs/convert.js';

export interface ConvertFileOptions extends VerbParallelOptions {
  read?: ReadOptions;
  write?: WriteOptions;
  /** Turn text columns into integer, decimal, boolean, date or timestamp when every value of the first 10,000 rows parses. */
  inferTypes?: boolean;
  /** Rows written so far, and the source bytes read when the reader knows them (one pass over a CSV). */
  onProgress?: (rows: number, bytes?: number) => void;
}

export interface ConvertResult {
  rows: number;
  bytes: number;
  /** Rows skipped by the CSV reader (onBadRow: skip). */
  badRows: number;
  /** The reader's warnings (header renames, …), as codes the CLI words. */
  warnings: string[];
  /** With workers > 1: how many ran over how many partitions, or why one pass ran. */
  parallel?: ParallelInfo;
}

/** Rows inferSource looks at before it decides a column's type (its default). */
const INFER_SAMPLE_ROWS = 10_000;

/**
 * Convert `input` (a file, or several files as one source) to `output` (formats from the extensions), streaming batches; the output is
 * written to a temporary name and renamed, so it is complete or absent. With `workers` > 1 the
 * source is cut into partitions read on a worker pool, and the output is the same bytes as one
 * pass writes (text and Parquet placed by their partitions' jobs; Arrow IPC and XLSX written by one writer in order).
 */
export async function convertFile(input: SourcePaths, output: string, options: ConvertFileOptions = {}): Promise<ConvertResult> {
  const { file } = sourceLabel(input);
  const { read = {}, write = {}, inferTypes = false, onProgress, workers, partitionBytes } = options;
  const format = formatFromPath(output);
  const opened = await openSource(input, read);
  const source = inferTypes ? await inferSource(opened, { file }) : opened;
  const warnings = opened.warnings ?? [];
  const plan = await planVerb(input, read, { ...(workers !== undefined ? { workers } : {}), ...(partitionBytes !== undefined ? { partitionBytes } : {}) });
  let why = 'sequential' in plan ? plan.sequential : '';
  if (!('sequential' in plan)) {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-convert-'));
    try {
      const kinds = 'kinds' in source ? [...source.kinds] : null;
      const par = await convertParallel(plan, read, { path: output, format, schema: source.schema },
        { dir, write, cast: kinds ? { kinds, sampledRows: INFER_SAMPLE_ROWS, file } : null }, workers!, onProgress);
      return { rows: par.value.rows, bytes: par.value.bytes, badRows: 0, warnings, parallel: { workers: par.workers, partitions: par.partitions } };
    } catch (err) {
      if (!(err instanceof ReadAgainInOnePass)) throw err;
      why = err.why;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  let rows = 0;
  async function* counted(): AsyncIterable<RecordBatch> {
    for await (const b of source.batches()) {
      rows += b.numRows;
      onProgress?.(rows, opened.stats?.bytes);
      yield b;
    }
  }
  const result = await writeOutput(output, source.schema, counted(), write);
  if (result.rows !== rows) throw new TuominError('IO', `wrote ${result.rows} rows but read ${rows}`, { file: output }, 'this is a bug; please report it', { id: 'internal.bug' });
  return { rows: result.rows, bytes: result.bytes, badRows: opened.stats?.badRows ?? 0, warnings, ...sequentialInfo(workers, why) };
}
