import { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import type { OpenedPartition, PartitionPlan, PartitionRef } from './types.js';
import { fileOfRowIn } from '../multi-source.js';

/** A partition that reads several whole files of a plan over files, and which ones. */
export function fileGroupOf(ref: PartitionRef): { first: number; count: number } | undefined {
  return ref.kind === 'whole' ? ref.files : undefined;
}

/**
 * The refs of a plan over files, in file order: a file cut into ranges keeps its own refs (each
 * naming its `file`); consecutive files that are read whole and fit in `budget` bytes together
 * are one partition, a `whole` ref naming the `files` [first, first + count). A file is at least
 * one job otherwise, and a job costs its start (on a loaded 2-core machine, 100 files of a few rows
 * took 1.0 s on one worker, 6 to 7.5 s on two: docs/performance.md, "many small files"). A group
 * never splits a file, and a file alone (too big to share a partition) keeps its own ref.
 */
export function groupSmallFiles(files: readonly PartitionPlan[], budget: number): PartitionRef[] {
  const refs: PartitionRef[] = [];
  let run: number[] = [];
  let runBytes = 0;
  const flush = (): void => {
    if (run.length === 1) refs.push({ ...files[run[0]!]!.partitions[0]!, file: run[0]! });
    else if (run.length > 1) refs.push({ index: 0, kind: 'whole', files: { first: run[0]!, count: run.length } });
    run = [];
    runBytes = 0;
  };
  files.forEach((plan, file) => {
    const whole = plan.partitions.length === 1 && plan.partitions[0]!.kind === 'whole';
    if (whole && plan.pin.size <= budget) {
      if (runBytes + plan.pin.size > budget) flush();
      run.push(file);
      runBytes += plan.pin.size;
      return;
    }
    flush();
    for (const r of plan.partitions) refs.push({ ...r, file });
  });
  flush();
  refs.forEach((r, index) => { r.index = index; });
  return refs;
}

/**
 * Open a partition of several whole files: each file opened (`openFile`: its own pinned `whole`
 * partition, its columns checked against the plan's) only when the one before it is read
 * through, its batches given the first file's schema (one schema object downstream, as the one
 * pass over files gives). A reader's error is the file's own (its file and its line in it), as
 * in the one pass; a rule's error finds its file through `fileOfRow`.
 */
export async function openFileGroup(plan: PartitionPlan, group: { first: number; count: number }, openFile: (file: number) => Promise<OpenedPartition>): Promise<OpenedPartition> {
  const files = plan.files ?? [];
  const paths = files.slice(group.first, group.first + group.count).map((f) => f.path);
  const bytes = files.slice(group.first, group.first + group.count).reduce((a, f) => a + f.pin.size, 0);
  const head = await openFile(group.first);
  const schema = head.schema;
  let fileRows: number[] = [];
  return {
    schema,
    counts: () => ({ rows: fileRows.reduce((a, b) => a + b, 0), bytes }),
    fileOfRow: (row: number) => fileOfRowIn(paths, fileRows, row),
    async *batches(): AsyncIterable<RecordBatch> {
      fileRows = [];
      for (let k = 0; k < group.count; k++) {
        const part = k === 0 ? head : await openFile(group.first + k);
        if (k > 0) sameTypes(schema, part, paths[k]!);
        fileRows.push(0);
        for await (const b of part.batches()) {
          fileRows[k]! += b.numRows;
          yield b.schema === schema ? b : new RecordBatch(schema, b.data);
        }
      }
    },
  };
}

/**
 * A later file of a group has the first file's types: checked when the source was opened
 * (multi-source.ts), so a difference means a file changed since, and its batches must not be
 * given another file's schema.
 */
function sameTypes(schema: OpenedPartition['schema'], part: OpenedPartition, path: string): void {
  const a = schema.fields;
  const b = part.schema.fields;
  if (a.length === b.length && a.every((f, i) => String(f.type) === String(b[i]!.type))) return;
  throw new TuominError('BAD_INPUT', `the column types of ${path} are not the ones planned (the first file's)`, { file: path },
    'every file of a source must have the same columns and types: plan the partitions again', { id: 'partition.columnsNotPlanned' });
}
