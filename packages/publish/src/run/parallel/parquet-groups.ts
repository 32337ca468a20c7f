import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parquetOptionsOf, type ParquetWriteOptions, type WriteOptions } from '@tuomin/io';
import { PARQUET_ROW_GROUP_ROWS, crc32, encodeRowGroup, readOwnIpcStream, stitchParquet, type EncodedGroup } from '@tuomin/io/internal';
import { failureOf, partitionError, type JobFailure } from './job.js';
import type { JobPool } from './pool.js';
import type { PartitionRef } from '@tuomin/io/internal';
import { cutRows } from './placement.js';

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
  /** Each group's place in the file, its rows, and the CRC-32 of its bytes (checked before the stitch). */
  groups: Array<{ offset: number; length: number; rows: number; crc32: number }>;
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
  return writeEncodedGroups(join(job.outputs.dir, `groups-${job.id.slice(0, 16)}.bin`), cutEvery(slices(job.pieces), job.rowGroupSize), job.options);
}

/**
 * Encode each group (io `encodeRowGroup`: a standalone one-group file) and write them one after
 * the other at `path`, for the coordinator's stitch. Written anew on a retry (same job, same
 * bytes): 'w' truncates what a killed attempt left.
 */
export async function writeEncodedGroups(path: string, groups: AsyncIterable<RecordBatch[]> | Iterable<RecordBatch[]>, options: ParquetWriteOptions): Promise<ParquetGroupsResult> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const written: ParquetGroupsResult['groups'] = [];
  const out = await open(path, 'w', 0o600);
  try {
    let offset = 0;
    for await (const group of groups) {
      // encodeRowGroup puts the group's slices in one canonical batch itself (one copy); every
      // partition's typed schema is the same, and comes with the batches.
      const encoded = encodeRowGroup(group[0]!.schema, group, options);
      await out.write(encoded.bytes, 0, encoded.bytes.length, offset);
      written.push({ offset, length: encoded.bytes.length, rows: encoded.rows, crc32: crc32(encoded.bytes, 0) });
      offset += encoded.bytes.length;
    }
  } finally {
    await out.close();
  }
  return { path, groups: written };
}

/** The batches cut into lists of exactly `rows` rows (the last one shorter), as views: no copy. */
async function* cutEvery(batches: AsyncIterable<RecordBatch>, rows: number): AsyncIterable<RecordBatch[]> {
  const held: RecordBatch[] = [];
  let n = 0;
  for await (const b of batches) {
    held.push(b);
    n += b.numRows;
    if (n < rows) continue;
    const cut = cutRows(held, rows);
    const rest = n % rows === 0 ? [] : cut.pop()!;
    yield* cut;
    held.length = 0;
    held.push(...rest);
    n %= rows;
  }
  if (n > 0) yield held;
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
 * The groups a job encoded (writeEncodedGroups), read back for the stitch and checked: the file a
 * job wrote in the run's private folder could have been changed since (a full disk, another
 * process), and what is stitched is published. A group whose bytes are not what its job counted
 * fails the run, naming the partition and the file.
 */
export async function* readEncodedGroups(ref: PartitionRef, result: ParquetGroupsResult): AsyncIterable<EncodedGroup> {
  if (result.groups.length === 0) return;
  const damaged = (why: string): Error => partitionError(ref, failureOf(new TuominError('IO', `the Parquet row groups it encoded are damaged: ${why}`, { file: result.path },
    'nothing was published; the run\'s private folder was changed or the disk is damaged (or this is a bug in tuomin): run again', { id: 'internal.bug' })));
  const bytes = await readFile(result.path).catch((err: unknown) => {
    throw damaged(failureOf(err).detail);
  });
  const end = result.groups.reduce((a, g) => Math.max(a, g.offset + g.length), 0);
  if (bytes.length !== end) throw damaged(`${bytes.length} bytes, ${end} expected`);
  for (const [i, g] of result.groups.entries()) {
    const group = bytes.subarray(g.offset, g.offset + g.length);
    if (crc32(group, 0) !== g.crc32) throw damaged(`group ${i + 1} of ${result.groups.length} does not have the bytes its job encoded`);
    yield { bytes: group, rows: g.rows };
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
        yield* readEncodedGroups(ref, o.result);
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
