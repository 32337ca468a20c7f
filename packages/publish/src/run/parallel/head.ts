import type { RecordBatch, Schema } from 'apache-arrow';
import { createPipeline, type BatchSource } from '@tuomin/core';
import type { TransferState } from '@tuomin/core/internal';
import type { ReadOptions } from '@tuomin/io';
import { inPartitionFile, openPartition, type OpenedPartition, type PartitionPlan } from '@tuomin/io/internal';
import { PUBLISHED_ROLE_ROWS } from '../../review/published-risk.js';
import type { RunPlan } from '../plan.js';
import type { ScanSummary } from '../../review/security.js';
import { sourceSampleSink, withSampledNames, SOURCE_SAMPLE_ROWS } from '../sinks/source-sample.js';
import { failureOf, inTable, partitionError } from './job.js';

export interface Head {
  /** The released schema. */
  schema: Schema;
  /** The first released rows (at most PUBLISHED_ROLE_ROWS): what decides the published columns' roles. */
  released: RecordBatch[];
  /** The residual scan of the first 10,000 source rows. */
  sourceSample: ScanSummary;
}

/**
 * The first rows of the run, read here before the phase 2 jobs start: the sequential pass decides
 * two things on "the first rows", which must be the same rows whatever the partitioning: the
 * published columns' roles (the first released rows, review/published-columns.ts) and the source
 * sample (the first 10,000 source rows, scanned for columns the spec forgot). The rules run on
 * them as in the jobs (row offset 0, phase 1's decision); rejected rows go nowhere (the jobs write
 * them). Partitions are read in order only until both are complete: the first alone, almost
 * always, and only its first megabytes (a partition is read as a stream).
 */
export async function headOf(plan: PartitionPlan, ropts: ReadOptions, schema: Schema, runPlan: RunPlan, decision: TransferState | undefined): Promise<Head> {
  const source: BatchSource = {
    schema,
    replayable: false,
    batches: async function* () {
      for (const ref of plan.partitions) {
        reading = ref;
        const part = await openPartition(plan, ref, headOptions);
        readingPart = { part, rowsBefore: sourceRows };
        for await (const b of part.batches()) {
          sample.add(b);
          sourceRows += b.numRows;
          yield b;
        }
        counts.push(part.counts());
      }
    },
  };
  // Batches no larger than the sample: at the reader's default (65,536 rows) the coordinator ran
  // every rule, the redactions' detectors included, on a whole batch before any job started, and
  // partition 0's job ran them again (13 % of the rows at 500,000, one thread, all the others idle).
  const headOptions: ReadOptions = { ...ropts, batchSize: Math.min(ropts.batchSize ?? SOURCE_SAMPLE_ROWS, SOURCE_SAMPLE_ROWS) };
  let reading = plan.partitions[0]!;
  let readingPart = null as { part: OpenedPartition; rowsBefore: number } | null;
  const counts: Array<{ rows: number; lines?: number }> = [];
  const sample = sourceSampleSink(schema, SOURCE_SAMPLE_ROWS);
  let sourceRows = 0;
  const p = createPipeline(source, runPlan.transforms, { rowOffset: 0, ...(decision ? { decision } : {}) });
  const released: RecordBatch[] = [];
  let rows = 0;
  try {
    for await (const b of p) {
      const take = Math.min(b.numRows, PUBLISHED_ROLE_ROWS - rows);
      if (take > 0) released.push(take === b.numRows ? b : b.slice(0, take));
      rows += take;
      if (rows >= PUBLISHED_ROLE_ROWS && sourceRows >= SOURCE_SAMPLE_ROWS) break;
    }
  } catch (err) {
    // A bad value among the first rows fails here before its partition's job does: the same error.
    // The rules numbered rows over the whole stream (global already); a reader's line is the partition's.
    const named = readingPart ? inPartitionFile(err, readingPart.part, readingPart.rowsBefore) : err;
    throw partitionError(reading, inTable(plan, reading.index, counts, failureOf(named), false));
  }
  return { schema: p.schema, released, sourceSample: withSampledNames(await sample.finish(), sample.held()) };
}
