import { Field, RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { openSource, type ReadOptions } from '../formats.js';
import { inSourceFile, laterFileOptions } from '../multi-source.js';
import { fileGroupOf, groupSmallFiles } from './groups.js';
import type { OpenedPartition, PartitionPlan, PartitionRef, PartitionTarget } from './types.js';

/**
 * Partitions of a source of several files: each file planned as a file of its own (csv.ts,
 * ndjson.ts, parquet.ts, ipc.ts, or whole), so a partition never crosses a file's end and a
 * file's end is always a partition's end. Before anything is planned the files are opened as one
 * source (multi-source.ts): one format, the first file's delimiter for all, one encoding, the
 * first file's columns in every file. The files' plans keep their own refs, pins and layouts
 * (a CSV's data start and line numbers are its own); the plan's refs are theirs in file order,
 * numbered across the files, each naming its file, with consecutive small files grouped into one
 * partition (groups.ts) up to `target.bytes` (fewer when `target.min` asks for more partitions).
 * Every file small enough for one partition together: the source is read whole (no pool).
 */
export async function planFiles(paths: readonly string[], options: ReadOptions, target: PartitionTarget, planOne: (path: string, options: ReadOptions, target: PartitionTarget) => Promise<PartitionPlan>): Promise<PartitionPlan> {
  const source = await openSource(paths, options);
  const fixed = laterFileOptions(options, source);
  const files: PartitionPlan[] = [];
  // Each file at the caller's partition size; `min` (a partition per worker) is met by the files together.
  for (const p of paths) files.push(await planOne(p, fixed, { ...(target.bytes !== undefined ? { bytes: target.bytes } : {}), min: 1 }));
  const first = files[0]!;
  const base = { path: first.path, format: source.format, pin: first.pin, files };
  if (options.csv?.onBadRow === 'skip') {
    // Skipped rows go to one reject file in file order (the sequential reader joins the files' parts).
    return { ...base, layout: { kind: 'whole' }, partitions: [{ index: 0, kind: 'whole' }], single: 'onBadRow is "skip": skipped rows go to one reject file in file order, so the files are read in one pass' };
  }
  const total = files.reduce((a, f) => a + f.pin.size, 0);
  const budget = Math.min(target.bytes ?? total, Math.ceil(total / Math.max(1, target.min ?? 1)));
  const partitions = groupSmallFiles(files, budget);
  if (partitions.length === 1) return { ...base, layout: { kind: 'whole' }, partitions: [{ index: 0, kind: 'whole' }] };
  const delimiter = source.stats?.delimiter;
  const nullable = source.schema.fields.map((f) => f.nullable);
  return { ...base, layout: { kind: 'files', columns: source.schema.fields.map((f) => f.name), ...(delimiter ? { delimiter } : {}), nullable }, partitions };
}

/** The reader options of every file of a plan over files: the first file's delimiter, fixed. */
export function filesReadOptions(plan: PartitionPlan, options: ReadOptions): ReadOptions {
  const layout = plan.layout;
  if (layout.kind !== 'files' || layout.delimiter === undefined) return options;
  return { ...options, csv: { ...options.csv, delimiter: layout.delimiter as NonNullable<NonNullable<ReadOptions['csv']>['delimiter']> } };
}

/** Position of the first partition of each file in a plan over files (a grouped file's: its group's). */
export function fileStarts(plan: PartitionPlan): number[] {
  const starts: number[] = [];
  plan.partitions.forEach((r, k) => {
    const group = fileGroupOf(r) ?? (r.file !== undefined ? { first: r.file, count: 1 } : { first: 0, count: 0 });
    for (let f = group.first; f < group.first + group.count; f++) starts[f] ??= k;
  });
  return starts;
}

/** A partition of a plan over files: its file's plan and its ref there (numbered as in that plan). */
export function inFile(plan: PartitionPlan, ref: PartitionRef): { plan: PartitionPlan; ref: PartitionRef } {
  const f = ref.file;
  const sub = f === undefined ? undefined : plan.files?.[f];
  const local = sub ? sub.partitions[ref.index - fileStarts(plan)[f!]!] : undefined;
  if (!sub || !local) {
    throw new TuominError('BAD_INPUT', `partition ${ref.index} names no file of the plan (file ${String(f)})`, { file: plan.path }, 'plan the partitions again', { id: 'partition.notOfPlan' });
  }
  return { plan: sub, ref: local };
}

/** The columns of a partition of a plan over files are the plan's (a file changed since, otherwise). */
export function checkFileColumns(plan: PartitionPlan, sub: PartitionPlan, opened: OpenedPartition): void {
  if (plan.layout.kind !== 'files') return;
  const names = opened.schema.fields.map((f) => f.name);
  if (names.join('\u0000') !== plan.layout.columns.join('\u0000')) {
    throw new TuominError('BAD_INPUT', `the columns of ${sub.path} are not the ones planned (the first file's)`, { file: sub.path },
      'every file of a source must have the same header, in the same order: plan the partitions again', { id: 'partition.columnsNotPlanned' });
  }
}

/**
 * A partition of a plan over files with the source's schema: a column nullable in any file is
 * nullable in every partition (as openSource's schema over the files), so the jobs and the
 * writers see one schema whichever file a partition is in.
 */
export function withFilesSchema(plan: PartitionPlan, opened: OpenedPartition): OpenedPartition {
  const nullable = plan.layout.kind === 'files' ? plan.layout.nullable : undefined;
  const fields = opened.schema.fields;
  if (nullable === undefined || fields.every((f, i) => f.nullable === (nullable[i] ?? f.nullable))) return opened;
  const schema = new Schema(fields.map((f, i) => new Field(f.name, f.type, nullable[i] ?? f.nullable, f.metadata)), opened.schema.metadata);
  return {
    schema,
    counts: () => opened.counts(),
    async *batches(): AsyncIterable<RecordBatch> {
      for await (const b of opened.batches()) yield new RecordBatch(schema, b.data);
    },
  };
}

/** Plan over several files, joined at partition i (within one file only: a file's end is a record boundary). */
export function joinInFile(plan: PartitionPlan, i: number, joinOne: (plan: PartitionPlan, i: number) => PartitionPlan): PartitionPlan {
  const a = plan.partitions[i];
  const b = plan.partitions[i + 1];
  if (a === undefined || b === undefined || a.file === undefined || a.file !== b.file) {
    throw new TuominError('BAD_INPUT', `partition ${i} ends at the end of its file: it has no next partition to join`, { file: plan.path }, 'a file\'s end is a record boundary: its error is the file\'s, not a boundary', { id: 'internal.bug' });
  }
  const files = [...plan.files!];
  const f = a.file!;
  const start = fileStarts(plan)[f]!;
  files[f] = joinOne(files[f]!, i - start);
  // File f's refs replaced by its joined plan's; the other files' refs (and groups) kept.
  const partitions: PartitionRef[] = plan.partitions.flatMap((r, k) => (r.file !== f ? [{ ...r }] : k === start ? files[f]!.partitions.map((s) => ({ ...s, file: f })) : []));
  partitions.forEach((r, index) => { r.index = index; });
  return { ...plan, files, partitions };
}

/** Row bases across the files (global row numbers continue), line bases within each file (its own lines). */
export function filesBases(plan: PartitionPlan, counts: ReadonlyArray<{ rows: number; lines?: number }>, basesOne: (plan: PartitionPlan, counts: ReadonlyArray<{ rows: number; lines?: number }>) => { rowBase: number[]; lineBase: Array<number | null> }): { rowBase: number[]; lineBase: Array<number | null> } {
  const rowBase: number[] = [];
  let rows = 0;
  plan.partitions.forEach((_, k) => {
    rowBase.push(rows);
    rows += counts[k]?.rows ?? 0;
  });
  const starts = fileStarts(plan);
  const ofFile = new Map<number, Array<number | null>>();
  // A group of whole files has none: each file's reader names its own lines, as in the one pass.
  const lineBase = plan.partitions.map((r, k) => {
    const f = r.file;
    if (f === undefined) return null;
    const sub = plan.files?.[f];
    if (!sub) return null;
    let lines = ofFile.get(f);
    if (!lines) ofFile.set(f, (lines = basesOne(sub, counts.slice(starts[f]!, starts[f]! + sub.partitions.length)).lineBase));
    return lines[k - starts[f]!] ?? null;
  });
  return { rowBase, lineBase };
}

/** The files of a plan, for a reader of the whole source. */
export function planPaths(plan: PartitionPlan): string | string[] {
  return plan.files ? plan.files.map((f) => f.path) : plan.path;
}

/**
 * An error at a row of a partition of several whole files (a rule's bad value), named with the
 * file that row is in, as the one pass names it (multi-source.ts inSourceFile); the row stays as
 * it is. `rowOffset`: the rows before the partition when the error's row is the source's, 0 when
 * it counts from the partition's start. Any other error, or partition, is returned as it is.
 */
export function inPartitionFile(err: unknown, opened: OpenedPartition, rowOffset = 0): unknown {
  const fileOfRow = opened.fileOfRow;
  if (fileOfRow === undefined) return err;
  return inSourceFile(err, { fileOfRow: (row: number) => fileOfRow(row - rowOffset) });
}
