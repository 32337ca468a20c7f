import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, createPipeline, type BatchSource } from '@tuomin/core';
import { collectFirstPass } from '@tuomin/core/internal';
import { fileSpiller } from '@tuomin/io';
import { holdPart, inPartitionFile, openPartition, writeOwnIpcStream, type HeldPart, type OpenedPartition } from '@tuomin/io/internal';
import type { WriteOptions } from '@tuomin/io';
import type { TransferState } from '@tuomin/core/internal';
import { loadSpec, type LoadedSpec } from '../../spec/load.js';
import { planColumns, type RunPlan } from '../plan.js';
import type { OutputTypeProblem } from '../output-types.js';
import { readerOptions } from '../reader-options.js';
import { ruleContext, writeOptions } from '../run.js';
import { RejectsWriter } from '../sinks/rejects.js';
import { fanOut, group, notMergeable, streamSink, type Sink } from '../sinks/sink.js';
import { residualScanSink } from '../sinks/residual-scan.js';
import { columnProfileSink } from '../sinks/column-profile.js';
import { classStatsSink, publishedRiskCollectorSink } from '../privacy.js';
import { askRowOffset, failureOf, heldSource, jobFolder, type FirstPassResult, type JobOutcome, type PartitionJob, type TransformResult } from './job.js';
import { isVerbJob, runVerbJob } from './verbs/dispatch.js';
import type { VerbJob, VerbOutcome } from './verbs/partitioned.js';
import { placeOutput, type HeldRows } from './placement.js';

/**
 * The partition job as a worker runs it (pool.ts): read the partition, count its rows, learn the
 * rows before it, bind the run's rules (their seeds, keys and row numbers are the run's, never the
 * worker's), then either collect the first-pass rule's partial statistics (phase 1) or apply the
 * rules and feed this partition's sinks (phase 2). Everything it writes is under its own folder.
 */
export default async function runJob(job: (PartitionJob & { port?: MessagePort }) | VerbJob): Promise<JobOutcome | VerbOutcome> {
  // scan, risk, convert and profile send their own jobs (verbs/), told apart by `kind`.
  if (isVerbJob(job)) return runVerbJob(job).finally(() => job.port?.close());
  try {
      return { ok: true, result: await runPartition(job) };
  } catch (err) {
    // An error crosses the thread as data (structured clone keeps an Error's message, not its
    // code, location or hint): the coordinator rebuilds it and names the partition.
    return { ok: false, index: job.partition.index, local: job.rowOffset === null && !job.askOffset, error: failureOf(err) };
  } finally {
    job.port?.close();
  }
}

const specs = new Map<string, Promise<LoadedSpec>>();

/** The run's spec, loaded once per worker, refused if the file changed since the run began. */
async function runSpec(ref: PartitionJob['spec']): Promise<LoadedSpec> {
  let p = specs.get(ref.file);
  if (!p) {
    p = loadSpec(ref.file);
    specs.set(ref.file, p);
  }
  const loaded = await p;
  if (loaded.digest !== ref.digest) {
    specs.delete(ref.file);
    throw new TuominError('BAD_SPEC', 'the spec file changed while the run was going on', { file: ref.file }, 'run again once the spec is saved', { id: 'run.specChanged' });
  }
  return loaded;
}

async function runPartition(job: PartitionJob & { port?: MessagePort }): Promise<FirstPassResult | TransformResult> {
  const loaded = await runSpec(job.spec);
  const { spec } = loaded;
  const opened = await openPartition(job.source, job.partition, readerOptions(spec.source, { rejectPath: null }, job.batchSize));
  // Stream the partition, unless a row-seeded rule needs the rows before it first (askOffset):
  // then read it whole, count, and ask (the coordinator answers once the earlier ones counted).
  let held: RecordBatch[] | null = null;
  let rowOffset = job.rowOffset ?? undefined;
  if (job.askOffset) {
    if (!job.port) throw new TypeError('a job that asks for its row offset needs a port');
    held = [];
    let rows = 0;
    for await (const b of opened.batches()) {
      held.push(b);
      rows += b.numRows;
    }
    rowOffset = await askRowOffset(job.port, rows);
  }
  try {
  const dir = await jobFolder(job);
  const rejects = new RejectsWriter(join(dir, 'rejects'), job.version);
  // Phase 1 runs the rules before the first-pass rule only to collect statistics: the rows they
  // reject are rejected again, and written, in phase 2. Given the writer, phase 1 opened a
  // rejects file it never finished (a handle closed by the garbage collector, rows held in memory).
  const ctx = ruleContext(loaded, { env: process.env, version: job.version }, job.phase === 'first-pass' ? () => () => {} : rejects.onReject);
  const plan = await planColumns(spec, opened.schema, ctx, loaded.file, loaded.dir);
  const source = held ? heldSource(opened.schema, held) : countedSource(opened);
  const spiller = fileSpiller(join(dir, 'spill'));

  if (job.phase === 'first-pass') {
    const { state } = await collectFirstPass(source, plan.transforms, { spiller, ...(rowOffset !== undefined ? { rowOffset } : {}) });
    return { id: job.id, index: job.partition.index, ...counted(opened), state };
  }

  const publishedColumns = job.publishedColumns;
  if (!publishedColumns) throw new TypeError('a transform job needs the published columns');
  if (!job.port) throw new TypeError('a transform job needs a port to learn where its output goes');
  const p = createPipeline(source, plan.transforms, { spiller, ...(rowOffset !== undefined ? { rowOffset } : {}), ...(job.decision ? { decision: job.decision } : {}) });
  let rows = 0;
  const released = async function* (): AsyncIterable<RecordBatch> {
    for await (const b of p) {
      rows += b.numRows;
      yield b;
      await rejects.drain();
    }
  };
  // Placed (placement.ts): the text held in memory and the typed rows kept for the Parquet groups,
  // until the job is told where they go in the published files.
  const place = job.place;
  if (!place) throw new TypeError('a transform job needs the place of its output');
  const heldText: Record<string, Sink<HeldText>> = {};
  for (const format of job.parts) heldText[format] = heldTextSink(format, p.schema, plan.outputTypes, writeOptions(spec, format, { version: job.version, metadata: {} }));
  const batchesPath = join(dir, 'released.arrows');
  const states: Record<string, Sink<TransferState>> = {
    scan: partial(residualScanSink(p.schema)),
    profile: partial(columnProfileSink(spec, p.schema, join(dir, 'spill'))),
    publishedRisk: partial(publishedRiskCollectorSink(spec, p.schema, publishedColumns, { spill: { dir: join(dir, 'spill') } })),
    ...(spec.privacy ? { classStats: partial(classStatsSink(spec)) } : {}),
  };
  const out = await fanOut(released(), {
    held: group(heldText),
    states: group(states),
    ...(job.keepBatches ? { batches: keepBatchesSink(batchesPath, p.schema, plan.outputTypes) } : {}),
    ...(place.parquet ? { typed: heldTypedSink(p.schema, plan.outputTypes) } : {}),
  }).catch(async (err: unknown) => {
    await rejects.abort(err);
    throw err;
  });
  const rejected = await rejects.finish();
  const placed = await placeOutput(job.port, place, dir, rows, out.held, out.typed);
  const first = job.parts[0];
  return {
    id: job.id,
    index: job.partition.index,
    ...counted(opened),
    rows,
    placed,
    ...(job.keepBatches ? { batches: batchesPath } : {}),
    states: {
      scan: out.states.scan!,
      profile: out.states.profile!,
      publishedRisk: out.states.publishedRisk!,
      ...(out.states.classStats ? { classStats: out.states.classStats } : {}),
    },
    rejects: rejected.map((r) => ({ transform: r.transform, path: r.path, rows: r.rows })),
    reports: p.reports(),
    typeProblems: first ? out.held[first]!.typeProblems : (out.batches?.typeProblems ?? out.typed?.typeProblems ?? []),
  };
  } catch (err) {
    // A rule's error in a partition of several whole files names the file its row is in.
    throw inPartitionFile(err, opened, rowOffset ?? 0);
  }
}

/**
 * The released batches, cast to the published types here (so the coordinator only encodes), as an
 * Arrow IPC stream in the job's folder for the coordinator's typed writers; with the values the
 * typed copy could not hold.
 */
function keepBatchesSink(path: string, schema: Schema, outputTypes: RunPlan['outputTypes']): Sink<{ rows: number; typeProblems: OutputTypeProblem[] }> {
  const typed = outputTypes.bind(schema);
  return streamSink(async (batches) => ({ rows: await writeOwnIpcStream(path, typed.outputSchema, typed.apply(batches)), typeProblems: typed.problems() }),
    { refuse: () => notMergeable('the released batches of a partition', 'they are read back in partition order') });
}

type HeldText = HeldPart & { typeProblems: OutputTypeProblem[] };

/** A text format's part, cast to the published types and encoded into memory (io holdPart). */
function heldTextSink(format: 'csv' | 'ndjson', schema: Schema, outputTypes: RunPlan['outputTypes'], options: WriteOptions): Sink<HeldText> {
  const typed = outputTypes.bind(schema);
  return streamSink(async (batches) => ({ ...(await holdPart(format, typed.outputSchema, typed.apply(batches), options)), typeProblems: typed.problems() }),
    { refuse: () => notMergeable('a held part', 'it is placed in the published file at its own offset') });
}

type HeldTyped = HeldRows & { typeProblems: OutputTypeProblem[] };

/** The released batches cast to the published types, kept in memory for the Parquet row groups. */
function heldTypedSink(schema: Schema, outputTypes: RunPlan['outputTypes']): Sink<HeldTyped> {
  const typed = outputTypes.bind(schema);
  return streamSink(async (batches) => {
    const kept: RecordBatch[] = [];
    let rows = 0;
    for await (const b of typed.apply(batches)) {
      kept.push(b);
      rows += b.numRows;
    }
    return { schema: typed.outputSchema, batches: kept, rows, typeProblems: typed.problems() };
  }, { refuse: () => notMergeable('the typed rows of a partition', 'they are cut into row groups at the partition\'s place') });
}

/** A sink whose result is its partial state (`encode`), not its final result: what a job hands back. */
function partial<S extends Sink<unknown> & { encode(): Promise<TransferState> }>(s: S): Sink<TransferState> {
  return { add: (b) => s.add(b), finish: () => s.encode(), merge: () => notMergeable('a partition job\'s sink', 'the coordinator merges the decoded states'), abort: (r) => s.abort(r) };
}

/** The partition as the pipeline's source, read once as it streams. */
function countedSource(opened: OpenedPartition): BatchSource {
  return { schema: opened.schema, replayable: false, batches: () => opened.batches() };
}

/** The partition's rows and lines once it was read through (for the coordinator's prefix sums). */
function counted(opened: OpenedPartition): { sourceRows: number; lines?: number } {
  const c = opened.counts();
  return { sourceRows: c.rows, ...(c.lines !== undefined ? { lines: c.lines } : {}) };
}
