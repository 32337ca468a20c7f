import { Readable } from 'node:stream';
import type { RecordBatch } from 'apache-arrow';

/** A Node object-mode Readable over batches; Readable.from honours backpressure (pulls on demand). */
export function toNodeReadable(batches: AsyncIterable<RecordBatch>): Readable {
  return Readable.from(batches, { objectMode: true, highWaterMark: 2 });
}

/** Batches from a Node object-mode Readable (for example an ingestion service's stream). */
export async function* fromNodeReadable(readable: Readable): AsyncIterable<RecordBatch> {
  for await (const b of readable) yield b as RecordBatch;
}
