import type { RecordBatch, Schema } from 'apache-arrow';
import { memorySource, pipeline, type Transform } from '@tuomin/core';

/** The sample as it enters one transform of the plan. */
export interface StageInput {
  schema: Schema;
  batches: RecordBatch[];
  rows: number;
}

/**
 * Run the plan one transform at a time over the sample and keep the batches entering each wanted
 * transform, so that transform can then be timed alone on its real input. One pass per transform
 * up to the last wanted one; `fail(k, err)` turns an error of transform k into the error to throw.
 */
export async function stageInputs(schema: Schema, sample: RecordBatch[], transforms: Transform[], wanted: ReadonlySet<number>, fail: (k: number, err: unknown) => Error): Promise<Map<number, StageInput>> {
  const inputs = new Map<number, StageInput>();
  const last = Math.max(-1, ...wanted);
  let current: StageInput = { schema, batches: sample, rows: sample.reduce((a, b) => a + b.numRows, 0) };
  for (let k = 0; k <= last; k++) {
    if (wanted.has(k)) inputs.set(k, current);
    try {
      const p = pipeline(memorySource(current.schema, current.batches), transforms[k]!);
      const batches: RecordBatch[] = [];
      for await (const b of p) batches.push(b);
      current = { schema: p.schema, batches, rows: batches.reduce((a, b) => a + b.numRows, 0) };
    } catch (err) {
      throw fail(k, err);
    }
  }
  return inputs;
}

export async function drain(schema: Schema, batches: RecordBatch[], transforms: Transform[]): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of pipeline(memorySource(schema, batches), ...transforms)) out.push(b);
  return out;
}
