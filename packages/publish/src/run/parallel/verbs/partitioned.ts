import { stat } from 'node:fs/promises';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { TuominError } from '@tuomin/core';
import type { ReadOptions } from '@tuomin/io';
import { joinPartitions, partitionToJoin, planPartitions, type PartitionPlan, type PartitionRef } from '@tuomin/io/internal';
import { failureOf, inTable, partitionError, type JobFailure, type JobMessage } from '../job.js';
import type { Placement } from '../placement.js';
import { MIN_PARTITION_BYTES, openJobPool, partitionBytesFor, poolUnavailable, type JobPool } from '../pool.js';

/**
 * What `scan`, `risk`, `convert` and `profile` share to run over partitions on the worker pool:
 * a plan, one job per partition (the verb's job, by reference: the plan, the ref, plain options),
 * and a join that takes the results in partition order, so no job waits for another and the
 * merged result is the one pass's.
 */

export type VerbName = 'scan' | 'risk' | 'convert' | 'profile';

/** A verb's partition job: plain data, dispatched in the worker by `kind`. */
export interface VerbJob<K extends VerbName = VerbName, P = unknown> {
  kind: K;
  source: PartitionPlan;
  partition: PartitionRef;
  read: ReadOptions;
  params: P;
  /** The job's end of its port to the coordinator, when its join places output (placement.ts). */
  port?: MessagePort;
}

/** A job's answer: its result and what it read (rows; lines, for CSV and NDJSON), or its failure as data. */
export type VerbOutcome<R = unknown> = { ok: true; result: R; counts: PartitionCounts } | { ok: false; index: number; error: JobFailure };

export interface PartitionCounts {
  rows: number;
  lines?: number;
}

/** Options every verb's library function takes. */
export interface VerbParallelOptions {
  /** Worker threads (default 1: one pass on this thread). */
  workers?: number;
  /** Source bytes per partition (default: about four per worker, 4 to 32 MiB). Tests make it small to cut a small file. */
  partitionBytes?: number;
}

/** How a verb ran, in its result when more than one worker was asked for. */
export type ParallelInfo = { workers: number; partitions: number } | { workers: 1; sequential: string };

/** The one pass's result with why it ran so (a verb asked for workers that could not use them). */
export function sequentialInfo(workers: number | undefined, why: string): { parallel?: ParallelInfo } {
  return workers !== undefined && workers > 1 ? { parallel: { workers: 1, sequential: why } } : {};
}

/**
 * A job failed reading its partition in a way only the one pass can word (a reader error with
 * neither a row nor a line: bytes that are not UTF-8, a row too long; the partition knows its byte offset):
 * the caller reads the file in one pass, which fails with the sequential error itself (or, if the
 * partition was cut wrongly, succeeds).
 */
export class ReadAgainInOnePass extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/** Source bytes per partition at least, unless the caller says otherwise (the run's floor too). */

/**
 * The input of a verb: one file, or several files read as one source (io openSource of a list:
 * one format and header, rows in file order).
 */
export type SourcePaths = string | readonly string[];

/** How a verb's result names its input: the file, or several files joined by ", " (`files` lists them). */
export function sourceLabel(path: SourcePaths): { file: string; files?: string[] } {
  if (typeof path === 'string') return { file: path };
  return path.length === 1 ? { file: path[0]! } : { file: path.join(', '), files: [...path] };
}

/** The plan for `workers`, or why the one pass runs instead (reported, never silent). */
export async function planVerb(path: SourcePaths, read: ReadOptions, par: VerbParallelOptions): Promise<PartitionPlan | { sequential: string }> {
  const workers = par.workers ?? 1;
  if (workers <= 1) return { sequential: 'one worker' };
  const noPool = poolUnavailable();
  if (noPool) return { sequential: noPool };
  // Several files: their sizes together (the plan gives each file its own partitions).
  const size = (await Promise.all((typeof path === 'string' ? [path] : path).map(async (p) => (await stat(p)).size))).reduce((a, b) => a + b, 0);
  // Starting the workers costs about a second (from the TypeScript sources on a loaded 2-core machine, one run: a 480 kB CSV scanned in 0.24 s on one thread, 4.7 s on two).
  if (par.partitionBytes === undefined && size < 2 * MIN_PARTITION_BYTES) return { sequential: `the file is smaller than ${2 * MIN_PARTITION_BYTES} bytes: one pass is quicker than starting workers` };
  const bytes = par.partitionBytes ?? partitionBytesFor(size, workers);
  const plan = await planPartitions(path, read, { bytes, min: workers });
  if (plan.partitions.length < 2) return { sequential: plan.single ?? `the file (${size} bytes) is read as one partition: too small to split` };
  return plan;
}

/** The coordinator's join of a verb's results: `add` gets them in partition order. */
export interface VerbJoin<R, T> {
  add(result: R, ref: PartitionRef): void | Promise<void>;
  finish(): Promise<T>;
  /** The run stops (a job failed, the plan is cut again): let go of what was kept. */
  abort?(): Promise<void>;
  /** Jobs that place their output (convert) ask it where: each job is given a port to it. */
  placement?: Placement;
}

/**
 * Run one job per partition of `plan` on a pool of `workers` and join the results in partition
 * order. A CSV partition that ends inside a quoted field starts the jobs again with it joined to
 * the next (a fresh join), as the run does. A failure names the partition; a row it names is moved
 * past the earlier partitions' rows (the table's row, the one pass's).
 */
export async function overPartitions<R, T>(plan0: PartitionPlan, workers: number, job: (plan: PartitionPlan, ref: PartitionRef) => VerbJob,
  join: (pool: JobPool, plan: PartitionPlan) => VerbJoin<R, T> | Promise<VerbJoin<R, T>>): Promise<{ value: T; partitions: number; workers: number }> {
  let plan = plan0;
  for (;;) {
    try {
      const n = Math.min(workers, plan.partitions.length);
      return { value: await runOnce(plan, n, job, join), partitions: plan.partitions.length, workers: n };
    } catch (err) {
      const i = partitionToJoin(err instanceof TuominError ? { detail: err.detail } : err);
      if (i === null) throw err;
      plan = joinPartitions(plan, i);
      if (plan.partitions.length < 2) throw new ReadAgainInOnePass('the partitions joined into one');
    }
  }
}

async function runOnce<R, T>(plan: PartitionPlan, workers: number, make: (plan: PartitionPlan, ref: PartitionRef) => VerbJob,
  joinOn: (pool: JobPool, plan: PartitionPlan) => VerbJoin<R, T> | Promise<VerbJoin<R, T>>): Promise<T> {
  const pool = openJobPool(workers, process.env);
  let join: VerbJoin<R, T> | null = null;
  try {
    // A fresh join per attempt, on this attempt's pool and plan.
    join = await joinOn(pool, plan);
    const placement = join.placement;
    const outcomes = plan.partitions.map((ref, i) => {
      const failure = (err: unknown): VerbOutcome<R> => ({ ok: false, index: ref.index, error: failureOf(err) });
      if (!placement) return pool.run<VerbOutcome<R>>(make(plan, ref)).catch(failure);
      // The job asks where its output goes and hands its tail on through its port (placement.ts).
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: JobMessage) => placement.take(i, m, port1));
      return pool.run<VerbOutcome<R>>({ ...make(plan, ref), port: port2 }, [port2]).catch(failure).finally(() => port1.close());
    });
    const counts: PartitionCounts[] = [];
    for (const [i, ref] of plan.partitions.entries()) {
      const outcome = await outcomes[i]!;
      if (!outcome.ok) throw failed(plan, ref, outcome.error, counts);
      await join.add(outcome.result, ref);
      counts.push(outcome.counts);
    }
    return await join.finish();
  } catch (err) {
    await join?.abort?.();
    throw err;
  } finally {
    await pool.destroy();
  }
}

/**
 * A job's failure as the coordinator throws it: its row and its reader's line moved past the
 * earlier partitions' (all of which finished: results are taken in order), naming the partition.
 */
function failed(plan: PartitionPlan, ref: PartitionRef, f: JobFailure, before: readonly PartitionCounts[]): Error {
  const { row, line } = f.location;
  if (f.code === 'BAD_INPUT' && row === undefined && line === undefined && partitionToJoin({ detail: f.detail }) === null) {
    return new ReadAgainInOnePass(`partition ${ref.index} could not be read alone: ${f.detail}`);
  }
  return partitionError(ref, inTable(plan, ref.index, before, f, true));
}

/** The worker side: a verb job's result and its partition's counts, or its failure as data. */
export async function outcomeOf<R>(index: number, run: () => Promise<{ result: R; counts: PartitionCounts }>): Promise<VerbOutcome<R>> {
  try {
    return { ok: true, ...(await run()) };
  } catch (err) {
    return { ok: false, index, error: failureOf(err) };
  }
}
