import type { FileHandle } from 'node:fs/promises';

/** Write all of `bytes` at the file's current position, looping over short writes. */
export async function writeFully(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}

/**
 * Writes buffers to a file with one write in flight, so the caller encodes the next batch while
 * the file system writes the previous one (libuv runs the write on its thread pool, the second
 * core here). Awaiting write() waits only for the write before it. A buffer handed to write()
 * must stay unchanged until the next write() or flush() returns. A failed write is rethrown by
 * the next write() or by flush(); nothing is written after it.
 */
export class WriteBehind {
  private pending: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(private readonly fh: FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (bytes.length === 0) return;
    // The rejection is kept and rethrown on the next call: left unhandled while the caller
    // encodes, it would end the process as an unhandled rejection.
    this.pending = writeFully(this.fh, bytes).catch((error: unknown) => {
      this.failure = { error };
    });
  }

  /** Wait for the write in flight; rethrow its error. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure !== null) throw this.failure.error;
  }
}
