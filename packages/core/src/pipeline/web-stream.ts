import type { RecordBatch } from 'apache-arrow';
import type { BoundTransform } from './transform.js';

/**
 * A Web TransformStream over a bound (stateless) transform. Backpressure is the stream's own:
 * `transform` is not called again until the previous batch was enqueued and read.
 */
export function toTransformStream(bound: BoundTransform): TransformStream<RecordBatch, RecordBatch> {
  if (bound.needsFirstPass) throw new Error('a first-pass transform cannot run as a TransformStream; use pipeline()');
  let iterator: AsyncIterator<RecordBatch> | null = null;
  const queue: RecordBatch[] = [];
  const input: AsyncIterable<RecordBatch> = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          const b = queue.shift();
          return b ? { value: b, done: false } : { value: undefined as never, done: true };
        },
      };
    },
  };
  // `cancel` is in the Streams standard and in Node 20, but not yet in the Transformer type.
  const transformer: Transformer<RecordBatch, RecordBatch> & { cancel(reason: unknown): Promise<void> } = {
    async transform(batch, controller) {
      queue.push(batch);
      iterator ??= bound.apply(input)[Symbol.asyncIterator]();
      // A stateless transform yields one batch per input batch; ending early would silently
      // drop every later batch, so it is an error.
      const r = await iterator.next();
      if (r.done) throw new Error(`transform ended before its input did; it cannot run as a TransformStream`);
      controller.enqueue(r.value);
    },
    async flush() {
      await iterator?.return?.();
    },
    // The reader cancelled (or the writer aborted): close the transform so its cleanup runs.
    async cancel() {
      await iterator?.return?.();
    },
  };
  return new TransformStream<RecordBatch, RecordBatch>(transformer);
}
