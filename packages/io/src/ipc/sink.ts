import { AsyncByteQueue } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { writeFully } from '../write-behind.js';

/**
 * An arrow-js writer sink that only collects chunks, so the caller can drain them to a file
 * after each batch and await the write (backpressure) instead of letting arrow-js buffer the
 * whole stream in its queue.
 */
export class DrainSink extends AsyncByteQueue {
  private pending: Uint8Array[] = [];
  override write(value: ArrayBufferView | ArrayBufferLike | string): void {
    const bytes = value instanceof Uint8Array ? value : toBytes(value);
    if (bytes.byteLength > 0) this.pending.push(bytes);
  }
  /** Write everything collected so far to `handle`; returns the bytes written. */
  async drainTo(handle: FileHandle): Promise<number> {
    if (this.pending.length === 0) return 0;
    const chunks = this.pending;
    this.pending = [];
    let n = 0;
    for (const c of chunks) n += c.byteLength;
    const { bytesWritten } = await handle.writev(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    if (bytesWritten < n) await writeRest(handle, chunks, bytesWritten);
    return n;
  }
}

/** After a short writev, write what is left, skipping the `done` bytes already written. */
async function writeRest(handle: FileHandle, chunks: Uint8Array[], done: number): Promise<void> {
  for (const c of chunks) {
    if (done >= c.byteLength) {
      done -= c.byteLength;
      continue;
    }
    await writeFully(handle, c.subarray(done));
    done = 0;
  }
}

function toBytes(value: ArrayBufferView | ArrayBufferLike | string): Uint8Array {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}
