import { join } from 'node:path';
import type { DataType, RecordBatch, Schema } from 'apache-arrow';
import { arrowTypeOf, castBatch, retypeSchema, writeOutput, type InferredKind, type ReadOptions, type WriteOptions } from '@tuomin/io';
import { joinParts, openPartition, readOwnIpcStream, writeOwnIpcStream, type PartFormat, type PartitionPlan } from '@tuomin/io/internal';
import { outcomeOf, overPartitions, type VerbJob, type VerbOutcome } from './partitioned.js';
import { ParquetGroupsPlan } from '../parquet-groups.js';

/**
 * `tuomin convert` over partitions. Text outputs (CSV, TSV, NDJSON): each job writes its rows as
 * a part (no header, no BOM) and the parts are joined in partition order. Typed outputs (Parquet,
 * Arrow IPC, XLSX): each job hands its batches over as an Arrow IPC stream in the private folder
 * and ONE writer takes them in partition order (their bytes do not depend on the batch cuts).
 */
export type ConvertJob = VerbJob<'convert', {
  /** The private folder of this conversion; the job writes `p<index>` there. */
  dir: string;
  /** A text output's extension (a part in that format), or null: batches for the one writer. */
  partExt: string | null;
  write: WriteOptions;
  /** --infer-types: the kinds decided once on the file's first rows, by column name. */
  cast: { kinds: Array<[string, InferredKind]>; sampledRows: number; file: string } | null;
}>;

export interface ConvertPart {
  rows: number;
  path: string;
}

export async function convertJob(job: ConvertJob): Promise<VerbOutcome<ConvertPart>> {
  return outcomeOf(job.partition.index, async () => {
    const { dir, partExt, write, cast } = job.params;
    const opened = await openPartition(job.source, job.partition, job.read);
    let schema: Schema = opened.schema;
    let batches: AsyncIterable<RecordBatch> = opened.batches();
    if (cast) {
      const target = retypeSchema(schema, new Map<string, DataType>(cast.kinds.filter(([, k]) => k !== 'string').map(([n, k]) => [n, arrowTypeOf(k)])));
      schema = target;
      batches = castAll(batches, target, { sampledRows: cast.sampledRows, file: cast.file });
    }
    const path = join(dir, `p${String(job.partition.index).padStart(5, '0')}${partExt ?? '.arrows'}`);
    let rows = 0;
    const counted = async function* (): AsyncIterable<RecordBatch> {
      for await (const b of batches) {
        rows += b.numRows;
        yield b;
      }
    };
    // Rows are numbered from 0 in the partition (a cast error names the partition's row; the coordinator moves it).
    if (partExt) await writeOutput(path, schema, counted(), { ...write, part: true });
    else await writeOwnIpcStream(path, schema, counted());
    return { result: { rows, path }, counts: opened.counts() };
  });
}

async function* castAll(batches: AsyncIterable<RecordBatch>, target: Schema, options: { sampledRows: number; file: string }): AsyncIterable<RecordBatch> {
  let rowBase = 0;
  for await (const b of batches) {
    yield castBatch(b, target, rowBase, options);
    rowBase += b.numRows;
  }
}

/** The output from the partitions: text parts joined in order, or typed batches written by one writer in order. */
export async function convertParallel(plan: PartitionPlan, read: ReadOptions, output: { path: string; format: string; schema: Schema; ext: string },
  params: Omit<ConvertJob['params'], 'partExt'>, workers: number, onProgress?: (rows: number) => void): Promise<{ value: { rows: number; bytes: number }; partitions: number; workers: number }> {
  const text = output.format === 'csv' || output.format === 'tsv' || output.format === 'ndjson';
  const job = (p: PartitionPlan, ref: PartitionPlan['partitions'][number]): ConvertJob => ({ kind: 'convert', source: p, partition: ref, read, params: { ...params, partExt: text ? output.ext : null } });
  return overPartitions<ConvertPart, { rows: number; bytes: number }>(plan, workers, job, (pool) => {
    const parts: ConvertPart[] = [];
    let rows = 0;
    if (text) {
      return {
        add(part) {
          parts.push(part);
          rows += part.rows;
          onProgress?.(rows);
        },
        async finish() {
          const joined = await joinParts(output.format as PartFormat, output.schema, parts.map((p) => p.path), output.path, params.write);
          return { rows, bytes: joined.bytes };
        },
      };
    }
    if (output.format === 'parquet') {
      // Row groups encoded on the pool as each partition's rows are counted, stitched here
      // (parquet-groups.ts): the bytes writeOutput writes in one pass.
      const groups = ParquetGroupsPlan.forOutput(pool, params.write, join(params.dir, 'groups'));
      return {
        add(part, ref) {
          groups.add(ref, part.path, part.rows);
          rows += part.rows;
          onProgress?.(rows);
        },
        async finish() {
          groups.finish();
          return groups.stitch(output.path, output.schema);
        },
      };
    }
    // The one writer reads the partitions' batches as they come, in partition order.
    const queue: Array<ConvertPart | null | { stop: Error }> = [];
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
        yield* readOwnIpcStream(p.path);
        rows += p.rows;
        onProgress?.(rows);
      }
    };
    const written = writeOutput(output.path, output.schema, inOrder(), params.write);
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
  });
}
