import * as pq from 'parquet-wasm';
import { RecordBatchReader } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';

/** parquet-wasm's Node build initialises its WebAssembly module on import; re-exported for one import site. */
export { pq };

/** parquet-wasm batch → arrow-js batches; consumes (frees) the wasm batch. */
export function fromWasmBatch(batch: pq.RecordBatch): RecordBatch[] {
  const bytes = batch.intoIPCStream();
  return RecordBatchReader.from(bytes).readAll();
}

/** The arrow-js schema of a parquet-wasm schema; consumes it. */
export function fromWasmSchema(schema: pq.Schema): Schema {
  const reader = RecordBatchReader.from(schema.intoIPCStream());
  reader.open();
  return reader.schema;
}
