import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { BatchSource, Spiller } from '@tuomin/core';
import { writeIpc } from './ipc/write.js';
import { readIpc } from './ipc/read.js';
import { withSchema } from './ipc/slice.js';

/**
 * A Spiller that parks a stream in a temporary Arrow IPC stream file (in `dir`, default the OS
 * temp folder), so a first-pass transform can read it twice with memory bounded by one batch.
 * The file (and its private folder) is deleted by `dispose()`.
 */
export function fileSpiller(dir?: string): Spiller {
  return {
    async spill(schema: Schema, batches: AsyncIterable<RecordBatch>): Promise<BatchSource & { dispose(): Promise<void> }> {
      const folder = await mkdtemp(join(dir ?? tmpdir(), 'tuomin-spill-'));
      const path = join(folder, 'spill.arrows');
      try {
        await writeIpc(path, schema, batches, { format: 'stream' });
        const source = await readIpc(path);
        return {
          schema,
          replayable: true,
          batches: () => rewrap(source.batches(), schema),
          async dispose() {
            await rm(folder, { recursive: true, force: true });
          },
        };
      } catch (err) {
        await rm(folder, { recursive: true, force: true });
        throw err;
      }
    },
  };
}

async function* rewrap(batches: AsyncIterable<RecordBatch>, schema: Schema): AsyncIterable<RecordBatch> {
  for await (const b of batches) yield withSchema(b, schema);
}
