import type { RecordBatch } from 'apache-arrow';

/** Pass batches through, reporting the running row count after each one (for progress displays). */
export async function* countRows(batches: AsyncIterable<RecordBatch>, onRows?: (rows: number) => void): AsyncGenerator<RecordBatch> {
  let rows = 0;
  for await (const b of batches) {
    rows += b.numRows;
    // Reported before handing the batch on: a consumer that stops after it still had it.
    onRows?.(rows);
    yield b;
  }
}
