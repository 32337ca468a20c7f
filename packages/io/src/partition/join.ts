import { TuominError } from '@tuomin/core';
import { PartitionEndError } from '../csv/partition.js';
import type { PartitionPlan, PartitionRef } from './types.js';
import { filesBases, joinInFile } from './files.js';
import { fileGroupOf } from './groups.js';

const BOUNDARY_TEXT = /partition (\d+) \(bytes \d+–\d+\) does not end on a record boundary/;

/**
 * The partition a failure says must be joined with the next one, or null for any other failure.
 * A job's error reaches the coordinator as a PartitionEndError, or, after crossing a thread or a
 * queue as plain data, as anything whose text (`detail` of a serialized TuominError, or `message`)
 * says "partition N ... does not end on a record boundary": the text is part of this contract.
 */
export function partitionToJoin(err: unknown): number | null {
  if (err instanceof PartitionEndError) return err.partition;
  if (err === null || typeof err !== 'object') return null;
  const text = (err as { detail?: unknown }).detail ?? (err as { message?: unknown }).message;
  const m = typeof text === 'string' ? BOUNDARY_TEXT.exec(text) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The plan with partition i joined to partition i + 1 (the coordinator's retry when partition i
 * did not end on a record boundary: the joined range is read again, and the results of i + 1 and
 * of every partition read from i + 1's start are dropped). Partitions after are renumbered so
 * that `index` stays the position. Only byte ranges are ever joined; the joined plan is checked.
 */
export function joinPartitions(plan: PartitionPlan, i: number): PartitionPlan {
  if (plan.layout.kind === 'files') return joinInFile(plan, i, joinPartitions);
  const a = plan.partitions[i];
  const b = plan.partitions[i + 1];
  if (a === undefined || b === undefined) {
    throw new TuominError('BAD_INPUT', `partition ${i} has no next partition to join (the plan has ${plan.partitions.length})`, { file: plan.path }, 'the last partition ends at the end of the file: its error is the file\'s, not a boundary', { id: 'internal.bug' });
  }
  let joined: PartitionRef;
  if (a.kind === 'csv-bytes' && b.kind === 'csv-bytes') joined = { index: i, kind: 'csv-bytes', start: a.start, end: b.end };
  else if (a.kind === 'ndjson-lines' && b.kind === 'ndjson-lines') joined = { index: i, kind: 'ndjson-lines', start: a.start, end: b.end, linesBefore: a.linesBefore };
  else if ((a.kind === 'parquet-row-groups' && b.kind === 'parquet-row-groups') || (a.kind === 'ipc-batches' && b.kind === 'ipc-batches')) joined = { ...a, index: i, count: a.count + b.count };
  else throw new TuominError('BAD_INPUT', `partitions ${i} and ${i + 1} are not of one kind`, { file: plan.path }, 'plan the partitions again', { id: 'partition.notOfPlan' });
  const partitions = [...plan.partitions.slice(0, i), joined, ...plan.partitions.slice(i + 2)].map((p, index) => ({ ...p, index }));
  const out = { ...plan, partitions };
  checkPartitions(out);
  return out;
}

/**
 * The contiguity check of a plan: its partitions cover the source's data exactly once, in order
 * (each starts where the one before ended; the first at the data start, the last at the end), and
 * `index` is the position. Anything else is an error naming the partition, never rows lost or
 * read twice.
 */
export function checkPartitions(plan: PartitionPlan): void {
  const fail = (msg: string): never => {
    throw new TuominError('BAD_INPUT', `the partitions of the file are not contiguous: ${msg}`, { file: plan.path }, 'this is a bug in how the file was split: read it with one partition', { id: 'internal.bug' });
  };
  const parts = plan.partitions;
  if (parts.length === 0) fail('there are none');
  parts.forEach((p, k) => { if (p.index !== k) fail(`partition ${k} says it is partition ${p.index}`); });
  const layout = plan.layout;
  if (layout.kind === 'files') {
    // Each file's plan is checked as a plan of its own; the refs are theirs, in file order, or a
    // group of two or more consecutive files each read whole (groups.ts).
    const files = plan.files ?? [];
    if (files.length < 2) fail('a plan over files has at least two');
    files.forEach((f) => checkPartitions(f));
    let file = 0;
    let local = 0;
    for (const p of parts) {
      const group = fileGroupOf(p);
      if (group !== undefined) {
        if (local !== 0 || group.first !== file) fail(`partition ${p.index} groups files from ${group.first}, but the one before it ends in file ${file}${local !== 0 ? ` (partition ${local} of it)` : ''}`);
        if (!(group.count >= 2) || group.first + group.count > files.length) fail(`partition ${p.index} groups ${group.count} files from file ${group.first} of ${files.length}`);
        for (let f = group.first; f < group.first + group.count; f++) {
          const one = files[f]!.partitions;
          if (one.length !== 1 || one[0]!.kind !== 'whole') fail(`partition ${p.index} groups file ${f}, which is not read whole`);
        }
        if (JSON.stringify(p) !== JSON.stringify({ index: p.index, kind: 'whole', files: { first: group.first, count: group.count } })) fail(`partition ${p.index} is not a group of files`);
        file += group.count;
        continue;
      }
      const sub = files[file];
      if (sub === undefined) fail(`partition ${p.index} is past the last file`);
      if (JSON.stringify(p) !== JSON.stringify({ ...sub!.partitions[local]!, file, index: p.index })) fail(`partition ${p.index} is not its file's partition`);
      if (++local === sub!.partitions.length) {
        file++;
        local = 0;
      }
    }
    if (file !== files.length) fail(`the partitions end in file ${file}, the plan has ${files.length}`);
    return;
  }
  if (layout.kind === 'whole') {
    if (parts.length !== 1 || parts[0]!.kind !== 'whole' || fileGroupOf(parts[0]!) !== undefined) fail('a source read whole has exactly one partition, of every file');
    return;
  }
  let at = layout.kind === 'csv' ? layout.dataStart : 0;
  const end = layout.kind === 'csv' || layout.kind === 'ndjson' ? plan.pin.size : layout.kind === 'parquet' ? layout.rowGroups : layout.batches;
  const kind = { csv: 'csv-bytes', ndjson: 'ndjson-lines', parquet: 'parquet-row-groups', ipc: 'ipc-batches' }[layout.kind];
  for (const p of parts) {
    if (p.kind !== kind) fail(`partition ${p.index} is ${p.kind}, the plan's are ${kind}`);
    const [from, to] = p.kind === 'csv-bytes' || p.kind === 'ndjson-lines' ? [p.start, p.end] : p.kind === 'whole' ? [0, 0] : [p.first, p.first + p.count];
    if (from !== at) fail(`partition ${p.index} starts at ${from}, but the one before it ends at ${at}`);
    if (to < from || (to === from && parts.length > 1)) fail(`partition ${p.index} is empty or reversed (${from}–${to})`);
    at = to;
  }
  if (at !== end) fail(`the last partition ends at ${at}, the source at ${end}`);
}

/**
 * Global numbers from per-partition counts (prefix sums, in partition order): rows before each
 * partition, and the 1-based line where each starts (CSV: after the header; NDJSON: the ref says).
 */
export function partitionBases(plan: PartitionPlan, counts: ReadonlyArray<{ rows: number; lines?: number }>): { rowBase: number[]; lineBase: Array<number | null> } {
  // Several files: rows continue across them, lines are each file's own.
  if (plan.layout.kind === 'files') return filesBases(plan, counts, partitionBases);
  const rowBase: number[] = [];
  const lineBase: Array<number | null> = [];
  let rows = 0;
  let line: number | null = plan.layout.kind === 'csv' ? plan.layout.dataLine : null;
  plan.partitions.forEach((p, k) => {
    rowBase.push(rows);
    lineBase.push(p.kind === 'ndjson-lines' ? p.linesBefore + 1 : line);
    rows += counts[k]?.rows ?? 0;
    const lines = counts[k]?.lines;
    line = line !== null && lines !== undefined ? line + lines : null;
  });
  return { rowBase, lineBase };
}
