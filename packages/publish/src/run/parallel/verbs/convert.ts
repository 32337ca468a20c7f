import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { DataType, RecordBatch, Schema } from 'apache-arrow';
import { arrowTypeOf, castBatch, parquetOptionsOf, retypeSchema, writeOutput, type InferredKind, type ReadOptions, type WriteOptions } from '@tuomin/io';
import {
  PARQUET_ROW_GROUP_ROWS, holdPart, openPartition, readOwnIpcStream, stitchParquet, writeOwnIpcStream, writePlacedParts,
  type PartFormat, type PartitionPlan, type PartitionRef,
} from '@tuomin/io/internal';
import { outcomeOf, overPartitions, type VerbJob, type VerbJoin, type VerbOutcome } from './partitioned.js';
import { Placement, placeOutput, type HeldRows, type PlacedOutput, type PlaceOrder } from '../placement.js';
import { groupsInOrder } from '../encoded-groups.js';

/**
 * `tuomin convert` over partitions. CSV, TSV, NDJSON and Parquet outputs are placed, as a run's
 * are (placement.ts): each job holds its rows, is told where they start, writes its text into the
 * output's temporary file at that byte offset, or encodes the Parquet row groups that end in its
 * partition (the rows after its last group boundary go to the next job in memory), and the groups
 * are stitched here. Arrow IPC and XLSX: each job hands its batches over as an Arrow IPC stream in
 * the private folder and ONE writer takes them in partition order (their bytes do not depend on
 * the batch cuts).
 */
export type ConvertJob = VerbJob<'convert', {
  /** The private folder of this conversion: the job's groups or hand-over stream go under it. */
  dir: string;
  format: string;
  write: WriteOptions;
  /** --infer-types: the kinds decided once on the file's first rows, by column name. */
  cast: { kinds: Array<[string, InferredKind]>; sampledRows: number; file: string } | null;
  /** Where a placed output goes (text: the output's temporary file); null: a hand-over stream for the one writer. */
  place: PlaceOrder | null;
}>;

export interface ConvertPart {
  rows: number;
  /** What the job placed (text bytes written, Parquet groups encoded). */
  placed?: PlacedOutput;
  /** The hand-over stream of its batches, for the one writer. */
  handOver?: string;
}

export async function convertJob(job: ConvertJob & { port?: MessagePort }): Promise<VerbOutcome<ConvertPart>> {
  return outcomeOf<ConvertPart>(job.partition.index, async () => {
    const { dir, format, write, cast, place } = job.params;
    const opened = await openPartition(job.source, job.partition, job.read);
    let schema: Schema = opened.schema;
    let batches: AsyncIterable<RecordBatch> = opened.batches();
    if (cast) {
      const target = retypeSchema(schema, new Map<string, DataType>(cast.kinds.filter(([, k]) => k !== 'string').map(([n, k]) => [n, arrowTypeOf(k)])));
      schema = target;
      batches = castAll(batches, target, { sampledRows: cast.sampledRows, file: cast.file });
    }
    const name = `p${String(job.partition.index).padStart(5, '0')}`;
    // Rows are numbered from 0 in the partition (a cast error names the partition's row; the coordinator moves it).
    if (!place) {
      const handOver = join(dir, `${name}.arrows`);
      return { result: { rows: await writeOwnIpcStream(handOver, schema, batches), handOver }, counts: opened.counts() };
    }
    if (!job.port) throw new TypeError('a placed convert job needs a port to learn where its output goes');
    let rows = 0;
    const text: Partial<Record<PartFormat, Awaited<ReturnType<typeof holdPart>>>> = {};
    let typed: HeldRows | undefined;
    if (isPartFormat(format)) {
      text[format] = await holdPart(format, schema, batches, write);
      rows = text[format].rows;
    } else {
      typed = { schema, batches: [], rows: 0 };
      for await (const b of batches) {
        typed.batches.push(b);
        typed.rows += b.numRows;
      }
      rows = typed.rows;
    }
    const placed = await placeOutput(job.port, place, join(dir, name), rows, text, typed);
    return { result: { rows, placed }, counts: opened.counts() };
  });
}

async function* castAll(batches: AsyncIterable<RecordBatch>, target: Schema, options: { sampledRows: number; file: string }): AsyncIterable<RecordBatch> {
  let rowBase = 0;
  for await (const b of batches) {
    yield castBatch(b, target, rowBase, options);
    rowBase += b.numRows;
  }
}

function isPartFormat(format: string): format is PartFormat {
  return format === 'csv' || format === 'tsv' || format === 'ndjson';
}

type ConvertOutput = { path: string; format: string; schema: Schema };
type ConvertParams = Omit<ConvertJob['params'], 'format' | 'place'>;
type Converted = { value: { rows: number; bytes: number }; partitions: number; workers: number };

/** The output from the partitions: placed (text, Parquet), or typed batches written by one writer in order. */
export async function convertParallel(plan: PartitionPlan, read: ReadOptions, output: ConvertOutput, params: ConvertParams, workers: number,
  onProgress?: (rows: number) => void): Promise<Converted> {
  const { format } = output;
  const job = (place: (p: PartitionPlan, ref: PartitionRef) => PlaceOrder | null) => (p: PartitionPlan, ref: PartitionRef): ConvertJob =>
    ({ kind: 'convert', source: p, partition: ref, read, params: { ...params, format, place: place(p, ref) } });
  const last = (p: PartitionPlan, ref: PartitionRef): boolean => ref.index === p.partitions.length - 1;
  if (isPartFormat(format)) {
    // The jobs write into the output's temporary file, after its preamble; renamed once whole.
    const placed = await writePlacedParts(format, output.schema, output.path, params.write, async (tmp, start) => {
      const par = await overPartitions<ConvertPart, PlacedTotal>(plan, workers, job((p, ref) => ({ text: { [format]: tmp }, last: last(p, ref) })), async (_, p) => {
        // A new attempt (partitions joined) writes the file again from its preamble on.
        await truncate(tmp, start);
        return placedJoin(new Placement(p.partitions.length, { [format]: start }, null), onProgress);
      });
      return { end: par.value.ends[format]!, value: par };
    });
    return { value: { rows: placed.value.value.rows, bytes: placed.bytes }, partitions: placed.value.partitions, workers: placed.value.workers };
  }
  if (format === 'parquet') {
    const options = parquetOptionsOf(params.write);
    const groups = { options, rowGroupSize: options.rowGroupSize ?? PARQUET_ROW_GROUP_ROWS };
    let parts: Array<{ ref: PartitionRef; part: ConvertPart }> = [];
    const par = await overPartitions<ConvertPart, PlacedTotal>(plan, workers, job((p, ref) => ({ text: {}, parquet: groups, last: last(p, ref) })), (_, p) => {
      parts = [];
      return placedJoin(new Placement(p.partitions.length, {}, groups), onProgress, (part, ref) => parts.push({ ref, part }));
    });
    // The groups the jobs encoded, checked and stitched in partition order (the one pass's bytes).
    const written = await stitchParquet(output.path, output.schema, groupsInOrder(parts.map(({ ref, part }) => ({ ref, groups: part.placed?.parquet }))), options);
    if (written.rows !== par.value.rows) throw new TypeError(`the stitched Parquet file has ${written.rows} rows, the partitions ${par.value.rows}`);
    return { value: { rows: written.rows, bytes: written.bytes }, partitions: par.partitions, workers: par.workers };
  }
  return overPartitions<ConvertPart, { rows: number; bytes: number }>(plan, workers, job(() => null), () => oneWriter(output, params.write, onProgress));
}

/** What placed parts come to: the rows, and where each text file ends. */
type PlacedTotal = { rows: number; ends: Partial<Record<PartFormat, number>> };

/** The join of placed parts (the coordinator answers the jobs' ports through `placement`): rows counted in partition order. */
function placedJoin(placement: Placement, onProgress: ((rows: number) => void) | undefined,
  keep?: (part: ConvertPart, ref: PartitionRef) => void): VerbJoin<ConvertPart, PlacedTotal> {
  let rows = 0;
  return {
    placement,
    add(part, ref) {
      keep?.(part, ref);
      rows += part.rows;
      onProgress?.(rows);
    },
    async finish() {
      return { rows, ends: placement.textEnds() };
    },
  };
}

/** Arrow IPC and XLSX: the one writer reads the partitions' hand-over streams as they come, in partition order. */
function oneWriter(output: ConvertOutput, write: WriteOptions, onProgress?: (rows: number) => void): VerbJoin<ConvertPart, { rows: number; bytes: number }> {
  const queue: Array<ConvertPart | null | { stop: Error }> = [];
  let rows = 0;
  let wake: (() => void) | null = null;
  const push = (p: ConvertPart | null | { stop: Error }): void => {
    queue.push(p);
    wake?.();
  };
  const inOrder = async function* (): AsyncIterable<RecordBatch> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const p = queue.shift()!;
      if (p === null) return;
      if ('stop' in p) throw p.stop;
      yield* readOwnIpcStream(p.handOver!);
      rows += p.rows;
      onProgress?.(rows);
    }
  };
  const written = writeOutput(output.path, output.schema, inOrder(), write);
  written.catch(() => {});
  return {
    add: (part) => push(part),
    async finish() {
      push(null);
      const r = await written;
      return { rows: r.rows, bytes: r.bytes };
    },
    async abort() {
      // The writer fails at its next batch, so its temporary file goes and no output is left.
      queue.length = 0;
      push({ stop: new Error('a partition failed') });
      await written.catch(() => {});
    },
  };
}
