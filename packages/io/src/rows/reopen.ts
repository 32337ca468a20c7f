import type { BatchSource } from '@tuomin/core';

/**
 * A replayable source over one that reads once (a `rowsSource` over a file's rows, an Arrow IPC
 * reader): the first opened is kept, so its schema is known on return and the first read costs no
 * second open; each later read opens the file again. Opening reads ahead (names, types, the IPC
 * schema), so it is never done twice for a source read once.
 */
export async function reopenToReplay(open: () => Promise<BatchSource>): Promise<BatchSource> {
  let first: BatchSource | null = await open();
  return {
    schema: first.schema,
    replayable: true,
    batches() {
      const src = first;
      first = null;
      if (src) return src.batches();
      return (async function* () {
        const again = await open();
        yield* again.batches();
      })();
    },
  };
}
