import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, createPipeline, type TransformReport } from '@tuomin/core';
import { decideFirstPass, type TransferState } from '@tuomin/core/internal';
import { openSource, parquetOptionsOf, writeOutput, type ReadOptions } from '@tuomin/io';
import { stat, writeFile } from 'node:fs/promises';
import { PARQUET_ROW_GROUP_ROWS, joinPartitions, openPartition, partPreamble, partitionToJoin, planPartitions, readOwnIpcStream, stitchParquet, type PartFormat, type PartitionPlan, type PartitionRef } from '@tuomin/io/internal';
import type { LoadedSpec } from '../../spec/load.js';
import { FILE_EXT } from '../../package/model.js';
import { planColumns } from '../plan.js';
import { readerOptions, sourceFiles } from '../reader-options.js';
import { ruleContext, writeOptions, type RunOptions, type StagedFile } from '../run.js';
import { createRunFolder, removeRunFolder } from '../staging.js';
import { fanOut, notMergeable, streamSink } from '../sinks/sink.js';
import { decidePublishedColumns } from '../../review/published-risk.js';
import type { ReviewedPass } from '../review-pass.js';
import type { OutputTypeProblem } from '../output-types.js';
import { failureOf, inTable, jobId, partitionError, type ContextMessage, type FirstPassResult, type JobMessage, type JobOutcome, type PartitionJob, type TransformResult } from './job.js';
import { openJobPool, partitionBytesFor, poolUnavailable, type JobPool } from './pool.js';
import { headOf } from './head.js';
import { StateJoin, joinRejects, mergeReports, mergeTypeProblems } from './join.js';
import { Placement } from './placement.js';
import { groupsInOrder } from './encoded-groups.js';

export interface ParallelOptions {
  /** Worker threads (>= 1). */
  workers: number;
  /** Bytes per partition (default: the reader's, 32 MiB). Tests make it small to cut a small file. */
  partitionBytes?: number;
  /** Rows per batch, the spec's `source.batchSize` otherwise. */
  batchSize?: number;
}

/** Why a run goes through one pass instead of partitions (reported, never silent). */
export interface Sequential {
  sequential: string;
}

type StageOptions = RunOptions & { version: string; metadata: Record<string, string> };

/**
 * The pass of a run over partitions on a worker pool (docs/performance.md, "Partition jobs"), giving
 * what the sequential pass gives (run.ts `stageRun`) byte for byte:
 *
 * 1. Plan: the source cut into partitions (io `planPartitions`), the rules bound once here, so a
 *    spec or key error stops the run before any worker starts.
 * 2. Phase 1, when a rule needs the whole table first (the privacy search): each job collects its
 *    partition's statistics; they merge here in partition order and the decision goes to every job.
 * 3. Head: the first released rows decide which published columns an attacker may know, and the
 *    first 10,000 source rows are the source sample (the sequential pass's definitions, exactly).
 * 4. Phase 2: each job applies the rules to its partition and writes its parts and sink states;
 *    rows are numbered globally (prefix sums of the partitions' counts, asked for by each job once
 *    it has counted its own). Typed formats are written here, from the jobs' batches, in order.
 * 5. Join: text parts concatenated in order, states merged in order, reports summed.
 *
 * Returns `{ sequential: reason }` when the source or the rules cannot be partitioned; the caller
 * then runs the one pass.
 */
export async function stageParallel(loaded: LoadedSpec, opts: StageOptions, par: ParallelOptions): Promise<ReviewedPass | Sequential> {
  const { spec } = loaded;
  const env = opts.env ?? process.env;
  const sourcePaths = await sourceFiles(spec.source, loaded.dir);
  const ropts = readerOptions(spec.source, { rejectPath: null }, par.batchSize);
  const noPool = poolUnavailable();
  if (noPool) return { sequential: noPool };
  // Several files: partitions sized on their total, none crossing a file's end (io partition/files.ts).
  const sourceBytes = (await Promise.all(sourcePaths.map(async (p) => (await stat(p)).size))).reduce((a, b) => a + b, 0);
  const bytes = par.partitionBytes ?? partitionBytesFor(sourceBytes, par.workers);
  // A source within one partition's bytes is one partition whatever its files: planning would
  // open every file once more for nothing (1,500 two-row files: 32 s with the plan, 11–22 s without).
  if (sourceBytes <= bytes) return { sequential: 'the source is one partition' };
  let planned = await planPartitions(sourcePaths, ropts, { bytes });
  if (planned.partitions.length < 2) return { sequential: planned.single ?? 'the source is one partition' };
  // A CSV partition guessed by quote parity may end inside a quoted field (a stray quote in an
  // unquoted field breaks the parity): its job says so, and the run starts again with that
  // partition joined to the next, never reading a record twice or losing one.
  for (;;) {
    try {
      return await stagePartitions(loaded, opts, par, planned, ropts);
    } catch (err) {
      const i = partitionToJoin(err instanceof TuominError ? { detail: err.detail } : err);
      if (i === null) throw err;
      planned = joinPartitions(planned, i);
    }
  }
}

/**
 * The reader's warnings about the source, as the sequential pass gives them: a partitioned source
 * is CSV, NDJSON, Parquet or Arrow read from byte ranges, whose warnings are all the header's (a
 * byte order mark, renamed columns; bad rows send a run sequential), so the first file's head says
 * them. Known gap: a later file of several whose header alone warns is not heard here.
 */
async function headerWarnings(plan: PartitionPlan, ropts: ReadOptions): Promise<string[]> {
  return [...((await openSource(plan.path, ropts)).warnings ?? [])];
}

async function stagePartitions(loaded: LoadedSpec, opts: StageOptions, par: ParallelOptions, plan0: PartitionPlan, ropts: ReadOptions): Promise<ReviewedPass | Sequential> {
  const { spec } = loaded;
  const env = opts.env ?? process.env;
  const work = await createRunFolder(env);
  let pool: JobPool | null = null;
  try {
    const t0 = performance.now();
    // Plan: the coordinator's own binding of the rules (errors before any job; the phase 1 decision).
    const first = await openPartition(plan0, plan0.partitions[0]!, ropts);
    const ctx = ruleContext(loaded, { env, version: opts.version, ...(opts.keyWarning ? { keyWarning: opts.keyWarning } : {}) }, () => () => {});
    const plan = await planColumns(spec, first.schema, ctx, loaded.file, loaded.dir);
    const probe = createPipeline({ schema: first.schema, replayable: true, batches: async function* () {} }, plan.transforms, {});
    const why = probe.partitionable();
    if (why) return await sequentially(work, why);
    const needsFirstPass = probe.stages.some((s) => s.needsFirstPass);
    const rowSeeded = probe.stages.some((s) => s.rowSeeded === true);
    pool = openJobPool(Math.min(par.workers, plan0.partitions.length), env);
    const base: Omit<PartitionJob, 'id' | 'phase' | 'partition' | 'rowOffset' | 'askOffset' | 'parts' | 'keepBatches'> = {
      spec: { file: loaded.file, digest: loaded.digest }, version: opts.version, source: plan0, outputs: { dir: join(work.dir, 'jobs') },
      ...(par.batchSize ? { batchSize: par.batchSize } : {}),
    };

    // Phase 1: the first-pass rule's statistics, merged in partition order, decided once; the
    // partitions' row counts become phase 2's row offsets.
    let rowOffsets: number[] | null = null;
    let decision: TransferState | undefined;
    if (needsFirstPass) {
      const phase1 = startAll(pool, plan0, (ref) => ({ ...base, phase: 'first-pass', partition: ref, rowOffset: null, askOffset: rowSeeded, parts: [], keepBatches: false }));
      const results: FirstPassResult[] = [];
      for await (const r of inPartitionOrder<FirstPassResult>(phase1, plan0)) results.push(r);
      rowOffsets = prefixSums(results.map((r) => r.sourceRows));
      decision = await decideFirstPass(first.schema, plan.transforms, results.map((r) => r.state));
    }

    // Head: the first released rows decide the published columns' roles, the first 10,000 source
    // rows are the source sample (head.ts: the sequential pass's definitions, from partition 0).
    const head = await headOf(plan0, ropts, first.schema, plan, decision);
    const publishedColumns = decidePublishedColumns(spec, head.schema, head.released);
    const { schema } = head;

    // Phase 2: every partition's rules and sinks. Jobs stream their partition (rows numbered
    // from the partition's start, moved when merged) unless a rule is seeded by row position and
    // no phase 1 counted the rows: those jobs read their partition, then ask for its offset.
    const formats = spec.output.formats;
    const textFormats = formats.filter((f): f is 'csv' | 'ndjson' => f === 'csv' || f === 'ndjson');
    const typedFormats = formats.filter((f) => f !== 'csv' && f !== 'ndjson');
    // Each job writes its text into the published files and encodes the Parquet row groups that
    // end in its partition, once told where its part goes (placement.ts); the other typed formats
    // (Arrow, XLSX) are written here from the hand-over streams, in partition order.
    const streamedFormats = typedFormats.filter((f) => f !== 'parquet');
    const paths = Object.fromEntries(formats.map((f) => [f, join(work.package, 'data', `${spec.dataset.id}.${FILE_EXT[f]}`)]));
    const preambles = Object.fromEntries(textFormats.map((f) => [f, partPreamble(f, schema, writeOptions(spec, f, opts))]));
    for (const f of textFormats) await writeFile(paths[f]!, preambles[f]!, { mode: 0o600 });
    const parquet = formats.includes('parquet') ? parquetOptionsOf(writeOptions(spec, 'parquet', opts)) : null;
    const placement = new Placement(plan0.partitions.length, Object.fromEntries(textFormats.map((f) => [f, preambles[f]!.length])),
      parquet ? { options: parquet, rowGroupSize: parquet.rowGroupSize ?? PARQUET_ROW_GROUP_ROWS } : null);
    const last = plan0.partitions.length - 1;
    const outcomes = startAll(pool, plan0, (ref) => ({
      ...base, phase: 'transform', partition: ref, rowOffset: rowOffsets ? rowOffsets[ref.index]! : null, askOffset: rowSeeded && !rowOffsets,
      ...(decision ? { decision } : {}), publishedColumns, parts: textFormats, keepBatches: streamedFormats.length > 0,
      place: { text: Object.fromEntries(textFormats.map((f) => [f, paths[f]!])), ...(placement.parquet ? { parquet: placement.parquet } : {}), last: ref.index === last },
    }), placement);
    // The jobs cast to the published types; the writers here only encode, in partition order.
    const typedSchema = plan.outputTypes.bind(schema).outputSchema;
    const writers = Object.fromEntries(streamedFormats.map((f) => [f, streamSink(async (batches) => (await writeOutput(paths[f]!, typedSchema, batches, writeOptions(spec, f, opts))).rows,
      { refuse: () => notMergeable('a format writer', 'it is fed the partitions in order') })]));
    const merged = new StateJoin(work.spill);
    const results: TransformResult[] = [];
    let done = 0;
    const inOrder = async function* (): AsyncIterable<RecordBatch> {
      for await (const r of inPartitionOrder<TransformResult>(outcomes, plan0)) {
        merged.add(r);
        // Kept for the join: paths, counts, reports; the states are merged and let go.
        results.push({ ...r, states: GONE });
        if (r.batches && streamedFormats.length > 0) yield* readOwnIpcStream(r.batches);
        opts.onProgress?.({ rows: (done += r.rows) });
      }
    };
    const typed: Record<string, number> = streamedFormats.length > 0 ? await fanOut(inOrder(), writers) : await drained(inOrder());
    // Every job has answered: the workers go now, with their heaps and WebAssembly memories,
    // before the stitch and the reviews' merges, which peaked on top of them (docs/performance.md,
    // "Ninth session").
    const workers = pool.workers;
    await pool.destroy();
    pool = null;
    const rows = results.reduce((a, r) => a + r.rows, 0);
    if (parquet) typed.parquet = (await stitchParquet(paths.parquet!, typedSchema, groupsInOrder(results.map((r) => ({ ref: plan0.partitions[r.index]!, groups: r.placed.parquet }))), parquet)).rows;
    await checkPlacedText(placement, paths, results);
    const files: StagedFile[] = formats.map((f) => ({ format: f, path: paths[f]!, rows: f === 'csv' || f === 'ndjson' ? rows : typed[f]! }));
    const typeProblems = mergeTypeProblems(results);
    const rejects = await joinRejects(results, work.rejects, opts.version);
    return {
      stagingDir: work.package, work, schema,
      rows: results.reduce((a, r) => a + r.rows, 0),
      sourceRows: results.reduce((a, r) => a + r.sourceRows, 0),
      reports: mergeReports(results.map((r) => r.reports)),
      plan, files,
      stats: await merged.profile(),
      scan: await merged.scan(),
      sourceSample: head.sourceSample,
      extra: { publishedRisk: await merged.publishedRisk(), ...(spec.privacy ? { classStats: await merged.classStats() } : {}) },
      rejects, typeProblems,
      ms: { pass: performance.now() - t0 },
      parallel: { workers, partitions: plan0.partitions.length, phases: needsFirstPass ? 2 : 1 },
      readerWarnings: await headerWarnings(plan0, ropts),
    } as ReviewedPass;
  } catch (err) {
    // Stop the jobs first: a job still writing under the run folder (a later partition than the
    // one that failed) makes its removal fail with ENOTEMPTY, which would hide the run's error.
    await pool?.destroy();
    pool = null;
    await removeRunFolder(work);
    throw err;
  } finally {
    await pool?.destroy();
  }
}

async function sequentially(work: Parameters<typeof removeRunFolder>[0], why: string): Promise<Sequential> {
  await removeRunFolder(work);
  return { sequential: why };
}

/** Read a stream through for its side effects (the results' join), when no writer here takes its batches. */
async function drained(batches: AsyncIterable<RecordBatch>): Promise<Record<string, number>> {
  for await (const b of batches) void b;
  return {};
}

/**
 * Every text file the jobs wrote into is whole: its size is the preamble plus every part, as the
 * placement counted them, and each job wrote what it said it had. A hole (a job that said it
 * wrote and did not) would otherwise be published as NUL bytes.
 */
async function checkPlacedText(placement: Placement, paths: Record<string, string>, results: TransformResult[]): Promise<void> {
  for (const [f, end] of Object.entries(placement.textEnds())) {
    const size = (await stat(paths[f]!)).size;
    const said = results.reduce((a, r) => a + (r.placed?.text[f as PartFormat] ?? 0), 0);
    const start = end - said;
    if (size !== end || start < 0) {
      throw new TuominError('IO', `the published ${f} file has ${size} bytes, ${end} expected from its parts`, { file: paths[f]! },
        'nothing was published; the run\'s private folder was changed or the disk is full (or this is a bug in tuomin): run again', { id: 'internal.bug' });
    }
  }
}

/** What a result's states are once merged: nothing is kept of them. */
const GONE = {} as TransformResult['states'];

function prefixSums(counts: number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const c of counts) {
    out.push(at);
    at += c;
  }
  return out;
}

/**
 * Submit every partition's job at once (the pool runs them first in, first out): one promise of
 * its outcome per partition, never rejected (a dead worker's error becomes the outcome). A job
 * that must know the rows before it (`askOffset`) asks once it has counted its own; the answer
 * goes out as soon as every earlier partition has counted, so no job waits on a later one and
 * the pool cannot deadlock.
 */
function startAll(pool: JobPool, plan: PartitionPlan, make: (ref: PartitionRef) => Omit<PartitionJob, 'id'>, placement?: Placement): Array<Promise<JobOutcome>> {
  const counts: Array<number | undefined> = [];
  const ports: Array<MessagePort | undefined> = [];
  let answered = 0;
  let at = 0;
  const answer = (): void => {
    while (answered < plan.partitions.length && counts[answered] !== undefined) {
      ports[answered]?.postMessage({ rowOffset: at } satisfies ContextMessage);
      at += counts[answered]!;
      answered++;
    }
  };
  return plan.partitions.map(async (ref: PartitionRef, i: number): Promise<JobOutcome> => {
    const spec = make(ref);
    const job: PartitionJob = { ...spec, id: jobId(spec) };
    let channel: MessageChannel | null = null;
    if (job.askOffset || job.place) {
      const port = (channel = new MessageChannel()).port1;
      ports[i] = port;
      port.on('message', (m: JobMessage) => {
        if ('sourceRows' in m) {
          counts[i] = m.sourceRows;
          answer();
        } else if (!placement) throw new TypeError('a job asked for a place the run does not give');
        else placement.take(i, m, port);
      });
    }
    try {
      // A worker that dies (out of memory, killed) rejects the task: the same as a failed job.
      const payload = channel ? { ...job, port: channel.port2 } : job;
      return await pool.run<JobOutcome>(payload, channel ? [channel.port2] : []).catch((err: unknown): JobOutcome => ({ ok: false, index: i, local: false, error: failureOf(err) }));
    } finally {
      channel?.port1.close();
    }
  });
}

const SETTLED: Promise<JobOutcome> = Promise.resolve({ ok: false, index: -1, local: false, error: { code: null, detail: 'already taken', location: {} } });

/**
 * The jobs' results in partition order; the first failure (in partition order) ends the run,
 * naming its partition. A job that numbered rows from its partition's start fails with a local
 * row (and a reader's local line): moved here past the rows and lines of the partitions before
 * it, which are known by then.
 */
async function* inPartitionOrder<R extends { sourceRows: number; lines?: number }>(outcomes: Array<Promise<JobOutcome>>, plan: PartitionPlan): AsyncIterable<R> {
  const counts: Array<{ rows: number; lines?: number }> = [];
  for (let i = 0; i < outcomes.length; i++) {
    const o = await outcomes[i]!;
    // Let go of the outcome: its states (a partition's class statistics, distinct sets) are
    // large, and the array would keep every partition's alive until the end of the run.
    outcomes[i] = SETTLED;
    const ref = plan.partitions[i]!;
    if (!o.ok) throw partitionError(ref, inTable(plan, i, counts, o.error, o.local));
    const r = o.result as unknown as R;
    counts.push({ rows: r.sourceRows, ...(r.lines !== undefined ? { lines: r.lines } : {}) });
    yield r;
  }
}
