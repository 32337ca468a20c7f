import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type WorkerMessage =
  | { type: 'meta'; schema: Uint8Array; kv: Array<[string, string]>; rows: number; rowGroups: number; groups: Array<{ rows: number; bytes: number }> }
  | { type: 'ready' }
  | { type: 'batch'; ipc: Uint8Array }
  | { type: 'done' };

/**
 * Decodes a Parquet file with parquet-wasm in a worker thread. parquet-wasm traps
 * (RuntimeError: unreachable) on some damaged files from inside its own async tasks, where no
 * promise of ours can catch it and the whole process would die with a stack trace; in a worker
 * the trap ends only the worker, and the reader reports a damaged file. The worker is a script
 * (not a file of its own) so it runs the same from the sources (tsx, vitest) and from dist.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openAsBlob } = require('node:fs');
const pq = require(workerData.module);
const { path, batchSize, columns, rowGroups, stream } = workerData;
const send = (msg, transfer) => parentPort.postMessage(msg, transfer || []);
(async () => {
  const file = await pq.ParquetFile.fromFile(await openAsBlob(path));
  if (!stream) {
    const meta = file.metadata();
    const fileMeta = meta.fileMetadata();
    const kv = [...fileMeta.keyValueMetadata()].filter(([k]) => k !== 'ARROW:schema');
    const schema = file.schema().intoIPCStream();
    // Rows and compressed bytes per row group: what a partition plan cuts by (partition/plan.ts).
    const groups = meta.rowGroups().map((g) => ({ rows: Number(g.numRows()), bytes: Number(g.compressedSize()) }));
    send({ type: 'meta', schema, kv, rows: Number(fileMeta.numRows()), rowGroups: meta.numRowGroups(), groups }, [schema.buffer]);
    return;
  }
  const options = { batchSize };
  if (columns) options.columns = columns;
  if (rowGroups) options.rowGroups = rowGroups;
  const reader = (await file.stream(options)).getReader();
  parentPort.on('message', () => {
    reader.read().then((r) => {
      if (r.done) return send({ type: 'done' });
      const ipc = r.value.intoIPCStream();
      send({ type: 'batch', ipc }, [ipc.buffer]);
    }, (err) => { throw err; });
  });
  send({ type: 'ready' });
})().catch((err) => { setImmediate(() => { throw err; }); });
`;

/** The CommonJS Node build of parquet-wasm, the one `import * as pq from 'parquet-wasm'` loads. */
const PARQUET_WASM = createRequire(import.meta.url).resolve('parquet-wasm');

/**
 * One parquet-wasm worker and its replies, one at a time. Any failure inside
 * the worker, a wasm trap included, rejects the pending reply with the worker's error, which the
 * reader turns into a damaged-file error; the worker is then gone.
 */
export class ParquetWorker {
  private readonly worker: Worker;
  private pending: { resolve: (m: WorkerMessage) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private readonly queue: WorkerMessage[] = [];

  constructor(data: { path: string; batchSize: number; columns?: string[]; rowGroups?: number[]; stream: boolean }) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...data, module: PARQUET_WASM } });
    // A reader that is abandoned mid-file must not keep the process alive: the worker holds the
    // process only while a reply is awaited.
    this.worker.unref();
    this.worker.on('message', (m: WorkerMessage) => {
      if (this.pending) {
        const p = this.pending;
        this.pending = null;
        this.worker.unref();
        p.resolve(m);
      } else this.queue.push(m);
    });
    const fail = (e: unknown): void => {
      this.failure ??= e;
      const p = this.pending;
      this.pending = null;
      p?.reject(this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the Parquet decoder stopped (exit ${code})`)));
  }

  /** The next reply (after sending a request, when `ask`). */
  next(ask: boolean): Promise<WorkerMessage> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (ask) this.worker.postMessage('next');
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }
}
