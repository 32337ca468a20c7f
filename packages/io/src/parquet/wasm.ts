import * as pq from 'parquet-wasm';
import { AsyncByteQueue, RecordBatchReader, RecordBatchStreamWriter } from 'apache-arrow';
import type { RecordBatch, Schema, Table } from 'apache-arrow';

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

/** The writer's chunks as it writes them (views of the batch's own buffers and of small headers), not joined. */
class Chunks extends AsyncByteQueue {
  readonly list: Uint8Array[] = [];
  bytes = 0;
  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value)) throw new TypeError('an Arrow IPC chunk that is not bytes');
    const b = value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    this.list.push(b);
    this.bytes += b.length;
  }
}

/**
 * Hands tables to parquet-wasm as Arrow IPC streams joined into one buffer kept across calls,
 * grown only when a stream is longer than it. tableToIPC joined each row group's stream into a
 * fresh buffer, 244 MB of ArrayBuffers per 500,000 penalties rows, each a step towards V8's next
 * "external memory pressure" scavenge (docs/performance.md, "Twelfth session"). parquet-wasm takes
 * one contiguous stream only (Table.fromIPCStream) and copies it into WebAssembly memory before it
 * returns, so the buffer is free again as soon as toWasm returns. One per writer: it keeps the
 * longest stream's size for as long as the writer lives.
 */
export class IpcBuffer {
  private buf = new Uint8Array(0);

  /** The same bytes tableToIPC(table, 'stream') gives, as a parquet-wasm table. */
  toWasm(table: Table): pq.Table {
    const chunks = new Chunks();
    const writer = new RecordBatchStreamWriter();
    writer.reset(chunks);
    writer.writeAll(table);
    // An eighth more than asked, so slightly longer groups that follow do not grow it again.
    if (this.buf.length < chunks.bytes) this.buf = new Uint8Array(chunks.bytes + (chunks.bytes >>> 3));
    let o = 0;
    for (const c of chunks.list) {
      this.buf.set(c, o);
      o += c.length;
    }
    return pq.Table.fromIPCStream(this.buf.subarray(0, o));
  }
}
