import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parquetOptionsOf, type ParquetWriteOptions, type WriteOptions } from '@tuomin/io';
import { PARQUET_ROW_GROUP_ROWS, encodeRowGroup, readOwnIpcStream, stitchParquet, type EncodedGroup } from '@tuomin/io/internal';
import { failureOf, partitionError, type JobFailure } from './job.js';
import type { JobPool } from './pool.js';
import type { PartitionRef } from '@tuomin/io/internal';

/**
 * The published Parquet file of a partitioned run, encoded on the pool (docs/performance.md, "The
 * next design"): row groups are cut every `rowGroupSize` *released* rows, as the one pass's writer
 * cuts them, so they do not depend on the partitioning. Once a partition's released rows are
 * counted (its transform job is done, and every earlier one), the groups that end in it are known:
 * one job encodes them, each as a standalone one-group Parquet file (io `encodeRowGroup`), reading
 * the rows from the hand-over streams of this partition and of the earlier ones a group began in.
 * The coordinator only stitches the groups' bytes in order (io `stitchParquet`), and the one pass
 * writes through the same two functions, so the bytes are the same by construction.
 */

/** A job of the pool: encode consecutive row groups from slices of partitions' released rows. */
export interface ParquetGroupsJob {
  task: 'parquet-groups';
  id: string;
  /** The released rows of the groups, in order: rows [from, to) of each partition's hand-over stream. */
  pieces: Array<{ path: string; from: number; to: number }>;
  rowGroupSize: number;
  options: ParquetWriteOptions;
  /** Where the encoded groups go: their bytes one after the other (named by the job's id). */
  outputs: { dir: string };
}

export interface ParquetGroupsResult {
  path: string;
  groups: Array<{ offset: number; length: number; rows: number }>;
}

export type ParquetGroupsOutcome = { ok: true; result: ParquetGroupsResult } | { ok: false; error: JobFailure };

export function isParquetGroupsJob(job: object): job is ParquetGroupsJob {
  return 'task' in job && (job as { task: unknown }).task === 'parquet-groups';
}

/** The worker side: read the slices, cut them into groups, encode each, write them one after the other. */
export async function runParquetGroupsJob(job: ParquetGroupsJob): Promise<ParquetGroupsOutcome> {
  try {
    return { ok: true, result: await encodeGroups(job) };
  } catch (err) {
    return { ok: false, error: failureOf(err) };
  }
}

async function encodeGroups(job: ParquetGroupsJob): Promise<ParquetGroupsResult> {
  const path = join(job.outputs.dir, `groups-${job.id.slice(0, 16)}.bin`);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const groups: ParquetGroupsResult['groups'] = [];
  // Written anew on a retry (same id, same bytes): 'w' truncates what a killed attempt left.
  const out = await open(path, 'w', 0o600);
  try {
    let offset = 0;
    for await (const group of cutEvery(slices(job.pieces), job.rowGroupSize)) {
      // encodeRowGroup puts the group's slices in one canonical batch itself (one copy); the
      // hand-over streams' schema (every partition's is the same typed schema) comes with them.
      const encoded = encodeRowGroup(group[0]!.schema, group, job.options);
      await out.write(encoded.bytes, 0, encoded.bytes.length, offset);
      groups.push({ offset, length: encoded.bytes.length, rows: encoded.rows });
      offset += encoded.bytes.length;
    }
  } finally {
    await out.close();
  }
  return { path, groups };
}

/** The batches cut into lists of exactly `rows` rows (the last one shorter), as views: no copy. */
async function* cutEvery(batches: AsyncIterable<RecordBatch>, rows: number): AsyncIterable<RecordBatch[]> {
  let group: RecordBatch[] = [];
  let n = 0;
  for await (let b of batches) {
    while (b.numRows > 0) {
      const take = Math.min(rows - n, b.numRows);
      group.push(take === b.numRows ? b : b.slice(0, take));
      n += take;
      b = take === b.numRows ? b.slice(0, 0) : b.slice(take);
      if (n === rows) {
        yield group;
        group = [];
        n = 0;
      }
    }
  }
  if (n > 0) yield group;
}

/**
 * A partition's hand-over stream, read back. Its damage (cut inside a batch, gone) is a damaged
 * private file, never fewer rows: apache-arrow's own words ("Expected to read 488 bytes for
 * message body") named neither the file nor what it was.
 */
async function* handOver(path: string): AsyncIterable<RecordBatch> {
  try {
    yield* readOwnIpcStream(path);
  } catch (err) {
    if (err instanceof TuominError) throw err;
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is gone' : err instanceof Error ? err.message : String(err);
    throw new TuominError('IO', `a partition's hand-over stream of released rows cannot be read for the Parquet row groups (${why})`, { file: path },
      'nothing was published; the run\'s private folder was changed or the disk is damaged (or this is a bug in tuomin): run again', { id: 'internal.bug' });
  }
}

/** Rows [from, to) of each piece's stream, in order, as views of the streams' batches. */
async function* slices(pieces: ParquetGroupsJob['pieces']): AsyncIterable<RecordBatch> {
  for (const p of pieces) {
    let at = 0;
    for await (const b of handOver(p.path)) {
      const s = Math.max(p.from - at, 0);
      const e = Math.min(p.to - at, b.numRows);
      if (e > s) yield s === 0 && e === b.numRows ? b : b.slice(s, e);
      at += b.numRows;
      if (at >= p.to) break;
    }
    if (at < p.to) throw new TuominError('IO', `a partition's hand-over stream has ${at} rows, ${p.to} expected`, { file: p.path }, 'nothing was published; report this as a bug in tuomin', { id: 'internal.bug' });
  }
}

/**
 * The coordinator's side: told each partition's released rows in partition order, it sends the
 * job for the groups that end in that partition (a group that began in earlier partitions takes
 * their tails), and at the end the job for the last, shorter group. `stitch` writes the file
 * from the jobs' groups in order.
 */
export class ParquetGroupsPlan {
  private readonly jobs: Array<{ ref: PartitionRef; outcome: Promise<ParquetGroupsOutcome> }> = [];
  /** Released rows before the next partition. */
  private at = 0;
  /** Where the group being filled began (a multiple of the group size). */
  private groupStart = 0;
  /** Slices of the group being filled. */
  private pending: ParquetGroupsJob['pieces'] = [];
  private lastRef: PartitionRef | null = null;

  constructor(
    private readonly pool: JobPool,
    private readonly rowGroupSize: number,
    private readonly options: ParquetWriteOptions,
    private readonly dir: string,
  ) {}

  /** The plan for the Parquet file a `writeOutput` call with these options would write (io parquetOptionsOf: the same bytes). */
  static forOutput(pool: JobPool, write: WriteOptions, dir: string): ParquetGroupsPlan {
    const options = parquetOptionsOf(write);
    return new ParquetGroupsPlan(pool, options.rowGroupSize ?? PARQUET_ROW_GROUP_ROWS, options, dir);
  }

  /** Partition `ref` released `rows` rows, handed over in the stream at `path`. */
  add(ref: PartitionRef, path: string, rows: number): void {
    this.lastRef = ref;
    if (rows === 0) return;
    const end = this.at + rows;
    const boundary = Math.floor(end / this.rowGroupSize) * this.rowGroupSize;
    if (boundary > this.groupStart) {
      // Groups end in this partition: they take the pending slices and this partition's rows up to the last boundary.
      this.send(ref, [...this.pending, { path, from: 0, to: boundary - this.at }]);
      this.pending = boundary < end ? [{ path, from: boundary - this.at, to: rows }] : [];
      this.groupStart = boundary;
    } else {
      this.pending.push({ path, from: 0, to: rows });
    }
    this.at = end;
  }

  /** No more partitions: the last group (shorter than the others) gets its job. */
  finish(): void {
    if (this.pending.length > 0 && this.lastRef) this.send(this.lastRef, this.pending);
    this.pending = [];
  }

  private send(ref: PartitionRef, pieces: ParquetGroupsJob['pieces']): void {
    const spec = { task: 'parquet-groups' as const, pieces, rowGroupSize: this.rowGroupSize, options: this.options, outputs: { dir: this.dir } };
    const job: ParquetGroupsJob = { ...spec, id: createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 32) };
    const outcome = this.pool.run<ParquetGroupsOutcome>(job).catch((err: unknown): ParquetGroupsOutcome => ({ ok: false, error: failureOf(err) }));
    this.jobs.push({ ref, outcome });
  }

  /** Write the file at `path` from every job's groups, in order. Returns its rows and bytes. */
  async stitch(path: string, schema: Schema): Promise<{ rows: number; bytes: number }> {
    const jobs = this.jobs;
    async function* groups(): AsyncIterable<EncodedGroup> {
      for (const { ref, outcome } of jobs) {
        const o = await outcome;
        // Said as the encoding of the groups: the partition's own job succeeded.
        if (!o.ok) throw partitionError(ref, { ...o.error, detail: `encoding the Parquet row groups that end in it: ${o.error.detail}` });
        const bytes = await readFile(o.result.path);
        for (const g of o.result.groups) yield { bytes: bytes.subarray(g.offset, g.offset + g.length), rows: g.rows };
      }
    }
    const written = await stitchParquet(path, schema, groups(), this.options);
    return { rows: written.rows, bytes: written.bytes };
  }

  /** Wait for every job sent (a failed run must not remove the folder under a job still writing). */
  async settle(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.outcome));
  }
}
