import type { RecordBatch, Schema } from 'apache-arrow';

/**
 * A stream of record batches with a known schema. `replay`, when present, starts a fresh
 * pass over the same data (a file reader can reopen its file); transforms that need a first
 * pass use it instead of spilling.
 */
export interface BatchSource {
  readonly schema: Schema;
  batches(): AsyncIterable<RecordBatch>;
  readonly replayable: boolean;
}

/** Somewhere to park a non-replayable stream so it can be read twice. */
export interface Spiller {
  spill(schema: Schema, batches: AsyncIterable<RecordBatch>): Promise<BatchSource & { dispose(): Promise<void> }>;
}

/** A source over batches held in memory (tests, small tables, ingestion services). */
export function memorySource(schema: Schema, batches: RecordBatch[]): BatchSource {
  return {
    schema,
    replayable: true,
    async *batches() {
      yield* batches;
    },
  };
}

/** A one-shot source over any async iterable; not replayable. */
export function streamSource(schema: Schema, batches: AsyncIterable<RecordBatch>): BatchSource {
  let used = false;
  return {
    schema,
    replayable: false,
    batches() {
      if (used) throw new Error('this stream source was already read; use a replayable source or a spiller');
      used = true;
      return batches;
    },
  };
}

/**
 * Default spiller: keeps batches in memory up to `maxBytes`, then fails with advice.
 * `@tuomin/io` provides `fileSpiller`, which writes a temporary Arrow IPC file instead.
 */
export function memorySpiller(maxBytes = 512 * 1024 * 1024): Spiller {
  return {
    async spill(schema, batches) {
      const kept: RecordBatch[] = [];
      let bytes = 0;
      for await (const b of batches) {
        bytes += batchBytes(b);
        if (bytes > maxBytes) {
          throw new Error(
            `memory spill exceeded ${maxBytes} bytes; pass a file spiller (fileSpiller from @tuomin/io) to pipeline()`,
          );
        }
        kept.push(b);
      }
      return { ...memorySource(schema, kept), async dispose() { kept.length = 0; } };
    },
  };
}

export function batchBytes(b: RecordBatch): number {
  let n = 0;
  for (const child of b.data.children) n += dataBytes(child);
  return n;
}

function dataBytes(d: { values?: { byteLength: number }; valueOffsets?: { byteLength: number }; nullBitmap?: { byteLength: number }; children?: unknown[] }): number {
  let n = (d.values?.byteLength ?? 0) + (d.valueOffsets?.byteLength ?? 0) + (d.nullBitmap?.byteLength ?? 0);
  for (const c of (d.children ?? []) as never[]) n += dataBytes(c);
  return n;
}
