import type { RecordBatch } from 'apache-arrow';

/** Pass batches through, reporting the running row count after each one (for progress displays). */
export async function* countRows(batches: AsyncIterable<RecordBatch>, onRows?: (rows: number) => void): AsyncGenerator<RecordBatch> {
  let rows = 0;
  for await (const b of batches) {
    rows += b.numRows;
    yield b;
    onRows?.(rows);
  }
}
