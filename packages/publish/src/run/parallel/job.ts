import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { MessagePort } from 'node:worker_threads';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, type ErrorCode, type ErrorLocation, type MessageRef, type TransformReport } from '@tuomin/core';
import type { TransferState } from '@tuomin/core/internal';
import { partitionBases, type PartitionPlan, type PartitionRef } from '@tuomin/io/internal';
import type { OutputTypeProblem } from '../output-types.js';
import type { PublishedColumn } from '../../review/published-columns.js';
import type { PlaceAnswer, PlacedOutput, PlaceOrder, PlaceRequest } from './placement.js';

/**
 * A partition job: everything named by reference, no data (docs/performance.md, "Partition jobs").
 * The same job always has the same `id` and writes the same bytes to the same names under
 * `outputs.dir`, so a retry or a duplicate delivery from a queue is harmless. The job loads the
 * spec from its file and checks its digest: a worker never runs rules other than the run's.
 */
export interface PartitionJob {
  id: string;
  phase: 'first-pass' | 'transform';
  spec: { file: string; digest: string };
  /** The release being made: seeds and scopes of keyed rules depend on it. */
  version: string;
  source: PartitionPlan;
  partition: PartitionRef;
  /**
   * Source rows before this partition, when known (phase 1's prefix sums). Without it the job
   * numbers rows from its partition's start, and the coordinator moves them when it merges.
   */
  rowOffset: number | null;
  /**
   * A rule is seeded by row position and `rowOffset` is unknown: the job reads its partition,
   * then asks for the rows before it on `port` (askOffset), and holds the partition meanwhile.
   */
  askOffset: boolean;
  /** Phase 1's decision (the first-pass rule's merged statistics and plan). */
  decision?: TransferState;
  /** Phase 2: the published columns an attacker may know, decided once on the first released rows. */
  publishedColumns?: PublishedColumn[];
  /** Text formats this job writes into the published files (at the offset `place` gets it). */
  parts: Array<'csv' | 'ndjson'>;
  /**
   * The published files this job writes into itself, once told where its part goes (placement.ts):
   * text formats at a byte offset of the file at the path given, Parquet as the row groups that end
   * in its partition. `last`: the partition is the source's last (its groups take every row left).
   */
  place?: PlaceOrder;
  /** Whether to keep the released batches (Arrow IPC stream) for the coordinator's typed writers. */
  keepBatches: boolean;
  batchSize?: number;
  outputs: { dir: string };
}

/** A first-pass job's answer: its rows and the first-pass rule's partial state. */
export interface FirstPassResult {
  id: string;
  index: number;
  sourceRows: number;
  /** Lines the reader went through (CSV, NDJSON): the line numbers of later partitions. */
  lines?: number;
  state: TransferState;
}

/** A transform job's answer: paths of what it wrote and the states of its sinks, for the join. */
export interface TransformResult {
  id: string;
  index: number;
  sourceRows: number;
  /** Lines the reader went through (CSV, NDJSON): the line numbers of later partitions. */
  lines?: number;
  /** Released rows. */
  rows: number;
  /** What the job wrote into the published files itself (`job.place`). */
  placed: PlacedOutput;
  /** Arrow IPC stream of the released batches (typed formats are written from it in partition order). */
  batches?: string;
  states: { scan: TransferState; profile: TransferState; publishedRisk: TransferState; classStats?: TransferState };
  /** Rows rejected by reject-row rules: one part per rule, in the order of their first rejected row. */
  rejects: Array<{ transform: string; path: string; rows: number }>;
  reports: TransformReport[];
  typeProblems: OutputTypeProblem[];
}

/** What a job hands back: its result, or its failure as data. */
export type JobOutcome =
  | { ok: true; result: FirstPassResult | TransformResult }
  /** `local`: the error's row counts from the partition's start (the job did not know its offset). */
  | { ok: false; index: number; local: boolean; error: JobFailure };

export interface JobFailure {
  /** A TuominError's code, or null for any other error (a bug, out of memory). */
  code: ErrorCode | null;
  detail: string;
  location: ErrorLocation;
  hint?: string;
  text?: MessageRef;
}

export function failureOf(err: unknown): JobFailure {
  if (err instanceof TuominError) return { code: err.code, detail: err.detail, location: err.location, ...(err.hint ? { hint: err.hint } : {}), ...(err.text ? { text: err.text } : {}) };
  return { code: null, detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err), location: {} };
}

/** The coordinator's answer to a job that asked for its context. */
export type ContextMessage = { rowOffset: number } | { abort: string } | { placed: PlaceAnswer } | { tailTaken: true };
/** A job's questions (its row count; its output's size) and its tail of rows for the next partition (placement.ts). */
export type JobMessage = { sourceRows: number } | { place: PlaceRequest } | { tail: ArrayBuffer[]; rows: number };

/** A job's id: a digest of everything it depends on (not of its id, nor of the port). */
export function jobId(job: Omit<PartitionJob, 'id'>): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(job, (k, v: unknown) => (k === 'buffers' ? undefined : v)));
  if (job.decision) for (const b of job.decision.buffers) h.update(new Uint8Array(b));
  return h.digest('hex').slice(0, 32);
}

/** The folder a job writes into: named by its id, so a retry writes the same names. */
export async function jobFolder(job: PartitionJob): Promise<string> {
  const dir = join(job.outputs.dir, `p${String(job.partition.index).padStart(5, '0')}-${job.id.slice(0, 12)}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Ask the coordinator for the rows before this partition, once its own rows are counted. */
export function askRowOffset(port: MessagePort, sourceRows: number): Promise<number> {
  return new Promise((resolve, reject) => {
    port.once('message', (m: ContextMessage) => {
      if ('abort' in m) reject(new Error(m.abort));
      else if ('rowOffset' in m) resolve(m.rowOffset);
      else reject(new TypeError('a row offset was expected'));
    });
    port.postMessage({ sourceRows } satisfies JobMessage);
  });
}

/** The batches of a partition as a replayable source (read once into memory: one partition is bounded by the plan's target size). */
export function heldSource(schema: Schema, batches: RecordBatch[]): { schema: Schema; replayable: true; batches(): AsyncIterable<RecordBatch> } {
  return {
    schema,
    replayable: true,
    batches: async function* () {
      yield* batches;
    },
  };
}

/** A job's failure, rebuilt with its code, location and hint, naming the partition. */
export function partitionError(ref: PartitionRef, f: JobFailure): Error {
  const where = describe(ref);
  // A worker that died names no location of its own; inTable gave it the partition's file, if any.
  if (f.code === null) return new Error(`partition ${ref.index} (${where}${f.location.file !== undefined ? ` of ${f.location.file}` : ''}) failed: ${f.detail}`);
  // The partition's place as figures beside the job's own message id, so a front end words the
  // "partition N (bytes a–b)" prefix too; a message without an id gets one that says only that.
  const place = partitionPlace(ref);
  return new TuominError(f.code, `partition ${ref.index} (${where}): ${f.detail}`, f.location, f.hint,
    f.text ? { id: f.text.id, params: { ...f.text.params, ...place } } : { id: 'partition.failed', params: place });
}

function partitionPlace(ref: PartitionRef): Record<string, string | number> {
  const at = { partitionIndex: ref.index, partitionKind: ref.kind };
  switch (ref.kind) {
    case 'csv-bytes':
    case 'ndjson-lines':
      return { ...at, partitionFrom: ref.start, partitionTo: ref.end };
    case 'parquet-row-groups':
    case 'ipc-batches':
      return { ...at, partitionFrom: ref.first, partitionTo: ref.first + ref.count - 1 };
    case 'whole':
      // A group of whole small files (io partition/groups.ts): files first–last, counted from 1.
      return ref.files ? { ...at, partitionFrom: ref.files.first + 1, partitionTo: ref.files.first + ref.files.count } : at;
  }
}

function describe(ref: PartitionRef): string {
  switch (ref.kind) {
    case 'csv-bytes':
    case 'ndjson-lines':
      return `bytes ${ref.start}–${ref.end}`;
    case 'parquet-row-groups':
      return `row groups ${ref.first}–${ref.first + ref.count - 1}`;
    case 'ipc-batches':
      return `record batches ${ref.first}–${ref.first + ref.count - 1}`;
    case 'whole':
      return ref.files ? `files ${ref.files.first + 1}–${ref.files.first + ref.files.count}` : 'the whole file';
  }
}

/**
 * A partition's failure as the table sees it: a reader's line, counted from the partition's
 * start, moved past the earlier partitions' lines (lines of its own file, for a source of several
 * files); with `localRows`, the row too (a job that numbered rows from its start). `counts` are the earlier partitions' rows and lines.
 */
export function inTable(plan: PartitionPlan, index: number, counts: ReadonlyArray<{ rows: number; lines?: number }>, f: JobFailure, localRows: boolean): JobFailure {
  const location = { ...f.location };
  const bases = partitionBases(plan, counts);
  if (localRows && location.row !== undefined) location.row += bases.rowBase[index] ?? 0;
  const lineBase = bases.lineBase[index];
  if (location.line !== undefined && lineBase !== null && lineBase !== undefined) location.line += lineBase - 1;
  // A source of several files: a rule's error (which names no file) names the partition's file.
  const file = plan.partitions[index]?.file;
  const path = file === undefined ? undefined : plan.files?.[file]?.path;
  if (location.file === undefined && path !== undefined) location.file = path;
  return { ...f, location };
}
