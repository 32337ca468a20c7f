import { Field, RecordBatch, Schema, vectorFromArray, type Data, type DataType } from 'apache-arrow';
import { batchFromColumns, memorySource, pipeline, type Transform, type TransformReport } from '../src/index.js';

/** One-column batches from value lists (each list = one batch); a test helper, not a kernel. */
export function batchesOf(name: string, type: DataType, chunks: unknown[][]): { schema: Schema; batches: RecordBatch[] } {
  const schema = new Schema([new Field(name, type, true)]);
  const batches = chunks.map((values) => {
    const data = vectorFromArray(values as never[], type as never).data[0] as Data;
    return batchFromColumns(schema, [data], values.length);
  });
  return { schema, batches };
}

/** A batch around one prepared Data (sliced, dictionary...). */
export function batchOfData(name: string, data: Data): { schema: Schema; batches: RecordBatch[] } {
  const schema = new Schema([new Field(name, data.type, true)]);
  return { schema, batches: [batchFromColumns(schema, [data], data.length)] };
}

export async function runAll(t: Transform, src: { schema: Schema; batches: RecordBatch[] }): Promise<{ values: unknown[]; reports: TransformReport[]; schema: Schema; out: RecordBatch[] }> {
  const p = pipeline(memorySource(src.schema, src.batches), t);
  const out: RecordBatch[] = [];
  for await (const b of p) out.push(b);
  const values: unknown[] = [];
  for (const b of out) for (let i = 0; i < b.numRows; i++) values.push(b.getChildAt(0)!.get(i));
  return { values, reports: p.reports(), schema: p.schema, out };
}

/** Day number of an ISO date, for Date32 expectations. */
export const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
