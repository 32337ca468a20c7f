import { TuominError, type BatchSource } from '@tuomin/core';
import { openSource, type ReadOptions } from '../formats.js';
import { checkReadable } from '../ipc/file-errors.js';
import { pinOf, pinSource } from '../pin-source.js';
import { openCsv } from './csv.js';
import { openIpc } from './ipc.js';
import { openNdjson } from './ndjson.js';
import { openParquet } from './parquet.js';
import { checkPartitions } from './join.js';
import { checkFileColumns, filesReadOptions, inFile, planPaths, withFilesSchema } from './files.js';
import { fileGroupOf, openFileGroup } from './groups.js';
import { countedPartition, type OpenedPartition, type PartitionPlan, type PartitionRef } from './types.js';

/**
 * Open one partition of a plan, given only the plan, the ref and the reader options the plan was
 * made with (a worker thread, later another machine). The file must be the one planned (its pin):
 * checked now, and again before and after the pass, as openSource's pinned sources are. The
 * schema is openSource's for the same file and options, and the partitions' rows, read in order,
 * are openSource's rows. A CSV partition that does not end on a record boundary fails with a
 * PartitionEndError (see partitionToJoin and joinPartitions).
 */
export async function openPartition(plan: PartitionPlan, ref: PartitionRef, options: ReadOptions = {}): Promise<OpenedPartition> {
  checkPartitions(plan);
  const planned = plan.partitions[ref.index];
  if (planned === undefined || JSON.stringify(planned) !== JSON.stringify(ref)) {
    throw new TuominError('BAD_INPUT', `partition ${ref.index} is not the plan's partition ${ref.index}`, { file: plan.path }, 'send a job a partition of its own plan', { id: 'partition.notOfPlan' });
  }
  const group = plan.layout.kind === 'files' ? fileGroupOf(planned) : undefined;
  if (group !== undefined) {
    // Several small files read whole, one after another: each as a partition of its own file
    // would be read (its pin, its columns, the source's schema), numbered as the group.
    return openFileGroup(plan, group, async (f) => {
      const sub = plan.files![f]!;
      const opened = await openPinned(sub, { ...sub.partitions[0]!, index: planned.index }, filesReadOptions(plan, options));
      checkFileColumns(plan, sub, opened);
      return withFilesSchema(plan, opened);
    });
  }
  if (plan.layout.kind === 'files') {
    // A partition of one of several files: read from that file's plan, with the source's
    // delimiter, numbered as in the whole plan (a boundary error names the partition to join).
    const sub = inFile(plan, planned);
    const opened = await openPinned(sub.plan, { ...sub.ref, index: planned.index }, filesReadOptions(plan, options));
    checkFileColumns(plan, sub.plan, opened);
    return withFilesSchema(plan, opened);
  }
  return openPinned(plan, planned, options);
}

async function openPinned(plan: PartitionPlan, planned: PartitionRef, options: ReadOptions): Promise<OpenedPartition> {
  await checkReadable(plan.path);
  await samePin(plan);
  const opened = await open(plan, planned, options);
  // pinSource checks the file against the plan's pin before and after each pass.
  const pinned = pinSource(plan.path, plan.pin, { schema: opened.schema, replayable: true, batches: () => opened.batches() } as BatchSource);
  return { schema: opened.schema, batches: () => pinned.batches(), counts: () => opened.counts() };
}

async function open(plan: PartitionPlan, ref: PartitionRef, options: ReadOptions): Promise<OpenedPartition> {
  const { path, layout } = plan;
  switch (ref.kind) {
    case 'whole':
      // A source of several files read whole (planPartitions' `single`): every file, as one source.
      return countedPartition(await openSource(planPaths(plan), options), (plan.files ?? [plan]).reduce((a, f) => a + f.pin.size, 0));
    case 'csv-bytes':
      if (layout.kind !== 'csv') break;
      return openCsv(path, plan.format, plan.pin.size, layout, ref, options);
    case 'ndjson-lines':
      if (layout.kind !== 'ndjson') break;
      return openNdjson(path, layout, ref, options);
    case 'parquet-row-groups':
      return openParquet(path, ref, options);
    case 'ipc-batches':
      return openIpc(path, ref, options);
  }
  throw new TuominError('BAD_INPUT', `partition ${ref.index} is ${ref.kind} but the plan's layout is ${layout.kind}`, { file: path }, 'plan the partitions again', { id: 'partition.notOfPlan' });
}

/** The file is the one planned: same device, inode, size and modification time. */
async function samePin(plan: PartitionPlan): Promise<void> {
  const now = await pinOf(plan.path);
  const was = plan.pin;
  const what = now.ino !== was.ino || now.dev !== was.dev ? 'was replaced by another file'
    : now.size !== was.size ? `changed size (${was.size} → ${now.size} bytes)`
    : now.mtimeMs !== was.mtimeMs ? 'was modified'
    : null;
  if (what !== null) {
    throw new TuominError('IO', `the source file ${what} after its partitions were planned: the partitions no longer match it`, { file: plan.path },
      'let the export that writes the file finish (or copy it to a stable place) and run again',
      { id: 'partition.sourceChanged', params: { how: now.ino !== was.ino || now.dev !== was.dev ? 'replaced' : now.size !== was.size ? 'size' : 'modified', was: was.size, now: now.size } });
  }
}
