import type { RecordBatch, Schema } from 'apache-arrow';
import type { BatchSource, Spiller } from './source.js';
import { memorySpiller } from './source.js';
import type { BoundTransform, Transform, TransformReport } from './transform.js';

export interface PipelineOptions {
  /** Where to park a stream that a first-pass transform must read twice. Default: memory, 512 MiB. */
  spiller?: Spiller;
}

export interface Pipeline extends AsyncIterable<RecordBatch> {
  /** Output schema, known before any batch is read. */
  readonly schema: Schema;
  readonly stages: readonly BoundTransform[];
  /** Reports of every transform, in order; complete once iteration has finished. */
  reports(): TransformReport[];
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
  const stages: BoundTransform[] = [];
  let schema = source.schema;
  for (const t of transforms) {
    const bound = t.bind(schema);
    stages.push(bound);
    schema = bound.outputSchema;
  }
  const spiller = options.spiller ?? memorySpiller();
  return {
    schema,
    stages,
    reports: () => stages.flatMap((s) => s.report()),
    [Symbol.asyncIterator]() {
      return run(source, stages, spiller)[Symbol.asyncIterator]();
    },
  };
}

async function* run(source: BatchSource, stages: BoundTransform[], spiller: Spiller): AsyncIterable<RecordBatch> {
  // A stage's input can be replayed only when it is the source itself: replaying through an
  // earlier transform would run that transform twice and double its counts.
  let stream: AsyncIterable<RecordBatch> | null = null;
  let schema = source.schema;
  const disposers: Array<() => Promise<void>> = [];
  try {
    for (const stage of stages) {
      if (stage.needsFirstPass && stage.observe) {
        if (stream === null && source.replayable) {
          await stage.observe(source.batches());
          stream = stage.apply(source.batches());
        } else {
          const spilled = await spiller.spill(schema, stream ?? source.batches());
          disposers.push(() => spilled.dispose());
          await stage.observe(spilled.batches());
          stream = stage.apply(spilled.batches());
        }
      } else {
        stream = stage.apply(stream ?? source.batches());
      }
      schema = stage.outputSchema;
    }
    yield* stream ?? source.batches();
  } finally {
    for (const d of disposers) await d();
  }
}
