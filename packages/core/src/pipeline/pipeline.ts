import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '../errors.js';
import type { TransferState } from '../stats/transfer.js';
import type { BatchSource, Spiller } from './source.js';
import { memorySpiller } from './source.js';
import type { BoundTransform, Transform, TransformReport } from './transform.js';

export interface PipelineOptions {
  /** Where to park a stream that a first-pass transform must read twice. Default: memory, 512 MiB. */
  spiller?: Spiller | undefined;
  /**
   * The source is one partition of a larger input, with this many rows before it: every stage is
   * bound with it (BindOptions), so errors and row-seeded values count rows globally, while the
   * reports count this partition's rows. Setting it (0 for the first partition) also turns on the
   * check that no rows were removed before a row-seeded stage (see `partitionable`).
   */
  rowOffset?: number | undefined;
  /**
   * Phase 1's decision for the pipeline's first-pass stage (`decideFirstPass`): that stage adopts
   * it and applies without observing, so the partition is read once.
   */
  decision?: TransferState | undefined;
}

export interface Pipeline extends AsyncIterable<RecordBatch> {
  /** Output schema, known before any batch is read. */
  readonly schema: Schema;
  readonly stages: readonly BoundTransform[];
  /** Reports of every transform, in order; complete once iteration has finished. */
  reports(): TransformReport[];
  /**
   * Null when the stages can run over partitions with results identical to one pass; otherwise
   * why not (the coordinator then runs one partition and says so).
   */
  partitionable(): string | null;
}

/**
 * Compose transforms over a source. Binding happens here, eagerly: schema errors surface before
 * any data is read. Batches flow lazily and one at a time (pull-based), so memory stays bounded by
 * the batch size unless a transform declares it needs a first pass.
 */
export function pipeline(source: BatchSource, ...transforms: Transform[]): Pipeline {
  return createPipeline(source, transforms, {});
}

export function createPipeline(source: BatchSource, transforms: Transform[], options: PipelineOptions): Pipeline {
  const { stages, schema } = bindAll(source.schema, transforms, options.rowOffset);
  let adopted = -1;
  if (options.decision !== undefined) {
    adopted = firstPassStage(stages, transforms);
    stages[adopted]!.firstPass!.adopt(options.decision);
  }
  const spiller = options.spiller ?? memorySpiller();
  return {
    schema,
    stages,
    reports: () => stages.flatMap((s) => s.report()),
    partitionable: () => partitionBlocker(stages, transforms),
    [Symbol.asyncIterator]() {
      return run(source, stages, spiller, adopted, options.rowOffset !== undefined, transforms)[Symbol.asyncIterator]();
    },
  };
}

/**
 * Phase 1 of a partition job: the stages before the first-pass stage over this partition, then
 * that stage's `collect`. Returns its state and the partition's source rows (for the prefix sums
 * that become phase 2's row offsets). Build the transforms afresh for each job: a transform may
 * hold what it saw (rejected rows), and phase 1 must not leave any of it behind.
 */
export async function collectFirstPass(source: BatchSource, transforms: Transform[], options: PipelineOptions = {}): Promise<{ state: TransferState; rows: number }> {
  const { stages } = bindAll(source.schema, transforms, options.rowOffset);
  const f = firstPassStage(stages, transforms);
  let rows = 0;
  const counted = async function* (): AsyncIterable<RecordBatch> {
    for await (const b of source.batches()) {
      rows += b.numRows;
      yield b;
    }
  };
  let stream = counted();
  for (let i = 0; i < f; i++) stream = stages[i]!.apply(stream);
  const state = await stages[f]!.firstPass!.collect(stream);
  return { state, rows };
}

/**
 * The coordinator's step between the phases: its own binding of the transforms (to the source
 * schema) decides from every partition's state, given in partition order, and returns the
 * decision every phase 2 job adopts (`createPipeline(…, { decision })`).
 */
export async function decideFirstPass(schema: Schema, transforms: Transform[], parts: TransferState[]): Promise<TransferState> {
  const { stages } = bindAll(schema, transforms, undefined);
  return stages[firstPassStage(stages, transforms)]!.firstPass!.decide(parts);
}

function bindAll(input: Schema, transforms: Transform[], rowOffset: number | undefined): { stages: BoundTransform[]; schema: Schema } {
  if (rowOffset !== undefined && !(Number.isSafeInteger(rowOffset) && rowOffset >= 0)) {
    throw new TuominError('BAD_INPUT', `row offset ${rowOffset} is not a row count`, {}, 'give the number of rows before the partition (0 or more)', { id: 'pipeline.rowOffset', params: { offset: String(rowOffset) } });
  }
  const stages: BoundTransform[] = [];
  let schema = input;
  for (const t of transforms) {
    const bound = rowOffset === undefined ? t.bind(schema) : t.bind(schema, { rowOffset });
    stages.push(bound);
    schema = bound.outputSchema;
  }
  return { stages, schema };
}

/** Index of the one stage whose first pass runs over partitions; refuses none, several, or one that cannot merge. */
function firstPassStage(stages: BoundTransform[], transforms: Transform[]): number {
  const firsts = stages.flatMap((s, i) => (s.needsFirstPass ? [i] : []));
  if (firsts.length === 0) throw new TuominError('BAD_INPUT', 'no rule needs a first pass, so there is nothing to collect or decide', {}, 'run the partitions in one phase', { id: 'pipeline.noFirstPass' });
  if (firsts.length > 1) {
    throw new TuominError('UNSUPPORTED', `more than one rule needs a first pass (${firsts.map((i) => transforms[i]!.name).join(', ')}), which partitions cannot run yet`, { rule: transforms[firsts[1]!]!.name }, 'run with one partition (--workers 1), or keep one first-pass rule', { id: 'partition.twoFirstPasses', params: { rules: firsts.map((i) => transforms[i]!.name) } });
  }
  const f = firsts[0]!;
  if (!stages[f]!.firstPass) {
    throw new TuominError('UNSUPPORTED', `rule ${transforms[f]!.name} needs a first pass that cannot be merged over partitions`, { rule: transforms[f]!.name }, 'run with one partition (--workers 1)', { id: 'partition.firstPassNotMerged', params: { rule: transforms[f]!.name } });
  }
  return f;
}

function partitionBlocker(stages: BoundTransform[], transforms: Transform[]): string | null {
  let firsts = 0;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    const name = transforms[i]!.name;
    if (s.notPartitionable) return `rule ${name}: ${s.notPartitionable}`;
    if (s.needsFirstPass) {
      if (!s.firstPass) return `rule ${name} needs a first pass that cannot be merged over partitions`;
      if (++firsts > 1) return 'more than one rule needs a first pass, which partitions cannot run yet';
    }
  }
  const dropper = stages.findIndex((s) => s.dropsRows);
  const seeded = dropper < 0 ? -1 : stages.findIndex((s, i) => i > dropper && s.rowSeeded);
  if (seeded >= 0) return `rule ${transforms[seeded]!.name} is seeded by row position and rule ${transforms[dropper]!.name} before it may remove rows, so a partition cannot know its rows' positions`;
  return null;
}

async function* run(source: BatchSource, stages: BoundTransform[], spiller: Spiller, adopted: number, partitioned: boolean, transforms: Transform[]): AsyncIterable<RecordBatch> {
  // A stage's input can be replayed only when it is the source itself: replaying through an
  // earlier transform would run that transform twice and double its counts.
  let stream: AsyncIterable<RecordBatch> | null = null;
  let schema = source.schema;
  const disposers: Array<() => Promise<void>> = [];
  // Source rows of the pass that reaches the output (a first pass's read is not counted).
  const rows = { source: 0 };
  const sourcePass = (): AsyncIterable<RecordBatch> => countRows(source.batches(), rows);
  try {
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i]!;
      // Over a partition, rows removed before a row-seeded stage shift its seeds. partitionable()
      // refuses the stages that declare they drop rows; this catches one that did so undeclared,
      // failing the job (so the run) before its output is complete.
      if (partitioned && stage.rowSeeded && stream !== null) stream = sameRowsAsSource(stream, rows, transforms[i]!.name);
      if (stage.needsFirstPass && stage.observe && i !== adopted) {
        if (stream === null && source.replayable) {
          await stage.observe(source.batches());
          stream = stage.apply(sourcePass());
        } else {
          const spilled = await spiller.spill(schema, stream ?? sourcePass());
          disposers.push(() => spilled.dispose());
          await stage.observe(spilled.batches());
          stream = stage.apply(spilled.batches());
        }
      } else {
        stream = stage.apply(stream ?? sourcePass());
      }
      schema = stage.outputSchema;
    }
    yield* stream ?? source.batches();
  } finally {
    for (const d of disposers) await d();
  }
}

async function* countRows(batches: AsyncIterable<RecordBatch>, rows: { source: number }): AsyncIterable<RecordBatch> {
  for await (const b of batches) {
    rows.source += b.numRows;
    yield b;
  }
}

async function* sameRowsAsSource(batches: AsyncIterable<RecordBatch>, rows: { source: number }, rule: string): AsyncIterable<RecordBatch> {
  let seen = 0;
  for await (const b of batches) {
    seen += b.numRows;
    yield b;
  }
  if (seen !== rows.source) {
    throw new TuominError('UNSUPPORTED', `rule ${rule} is seeded by row position, and a rule before it removed ${rows.source - seen} rows of this partition, so the partition cannot know its rows' positions`, { rule }, 'run with one partition (--workers 1)', { id: 'partition.rowPositions', params: { rule, removed: rows.source - seen } });
  }
}
