import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync, writevSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';

/** Where the frames of one bucket are in the spill's file: [byte offset, frame length] pairs. */
export type SpillIndex = Record<string, number[]>;

const LOG = 'spill.bin';
const HEAD = 4 + 12 + 16;

/**
 * Bucket files of a hash-partitioned spill, sealed: every append is encrypted (AES-256-GCM) under
 * a key made for this spill and held only in memory, so what is written is as safe as what is
 * held: values that a run must keep private are never on disk in clear, and a file damaged or
 * written by anyone else fails to open instead of counting wrong. Nothing else can read them: a
 * crash leaves unreadable bytes in the run's private folder, which the next command sweeps.
 *
 * The buckets are frames of one file, found through an index held in memory (and handed over with
 * the key): a file per bucket made a flush of 64 buckets and four columns 320 file creations, and a
 * run of 2 workers at 500,000 rows created and removed about 9,000 files, whose open and unlink
 * calls cost more than the records' sealing (docs/performance.md, tenth session). Each frame's
 * bucket name is its GCM additional data, so a frame read under another bucket's name fails.
 *
 * Frame: ciphertext length u32 LE | IV (12 bytes) | GCM tag (16 bytes) | ciphertext.
 * Synchronous, as hash-spill.ts is: a spill happens once per 250,000 classes or so, and the
 * statistics it serves merge synchronously. AES-GCM runs at over 1 GB/s with AES-NI: the sealing
 * costs little beside the records' own encoding.
 */
export class SealedBuckets {
  private readonly index: Map<string, number[]>;
  private disposed = false;
  /** The file, open while this side appends or reads (closed by `ref`, `dispose`). */
  private fd: number | null = null;
  private size: number;

  private constructor(readonly folder: string, private readonly key: Buffer, index: Iterable<[string, number[]]> = [], size = 0) {
    this.index = new Map(index);
    this.size = size;
  }

  /** A private folder under `dir` (the run's spill folder; default the OS temp folder), removed by `dispose`. */
  static open(dir: string | undefined, prefix: string): SealedBuckets {
    if (dir !== undefined) mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new SealedBuckets(mkdtempSync(join(dir ?? tmpdir(), prefix)), randomBytes(32));
  }

  /**
   * What another thread of this process needs to take the files over (`adopt`): the folder, the
   * index of the frames and the key, as a buffer for a transfer list (never written anywhere).
   * This side lets the file go: whoever adopts it owns it.
   */
  ref(): { folder: string; index: SpillIndex; size: number; key: ArrayBuffer } {
    this.close();
    const key = new ArrayBuffer(32);
    new Uint8Array(key).set(this.key);
    return { folder: this.folder, index: Object.fromEntries(this.index), size: this.size, key };
  }

  /** The spill a `ref` names, owned by the caller from now on (it disposes it). */
  static adopt(ref: { folder: string; index: SpillIndex; size: number; key: ArrayBuffer }): SealedBuckets {
    const entries = ref && typeof ref.index === 'object' && ref.index !== null ? Object.entries(ref.index) : null;
    if (typeof ref.folder !== 'string' || entries === null || !Number.isSafeInteger(ref.size) || !(ref.key instanceof ArrayBuffer) || ref.key.byteLength !== 32
      || !entries.every(([, f]) => Array.isArray(f) && f.length % 2 === 0 && f.every((x) => Number.isSafeInteger(x) && x >= 0))) throw new TypeError('not a reference to a sealed spill');
    return new SealedBuckets(ref.folder, Buffer.from(ref.key.slice(0)), entries.map(([n, f]) => [n, [...f]]), ref.size);
  }

  /** Every bucket of this spill appended to the same names of `to` (sealed under its key), one bucket in memory at a time; this spill is disposed. */
  moveInto(to: SealedBuckets): void {
    for (const name of this.names()) to.append(name, this.read(name));
    this.dispose();
  }

  /** Append `bytes` to the bucket `name`, sealed. Empty bytes write nothing. */
  append(name: string, bytes: Uint8Array): void {
    if (this.disposed) throw new TypeError('a disposed spill takes no more records');
    if (bytes.length === 0) return;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const head = Buffer.alloc(HEAD);
    head.writeUInt32LE(body.length, 0);
    iv.copy(head, 4);
    cipher.getAuthTag().copy(head, 16);
    const fd = this.file();
    const at = this.size;
    if (writevSync(fd, [head, body], at) !== HEAD + body.length) writeAll(fd, Buffer.concat([head, body]), at);
    this.size = at + HEAD + body.length;
    let frames = this.index.get(name);
    if (frames === undefined) this.index.set(name, (frames = []));
    frames.push(at, HEAD + body.length);
  }

  /** The buckets appended to, by name. */
  names(): string[] {
    return [...this.index.keys()].sort();
  }

  /** Whether anything was appended to `name`. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /** Everything appended to `name`, opened, in order; empty when nothing was. */
  read(name: string): Uint8Array {
    const frames = this.index.get(name);
    if (frames === undefined) return new Uint8Array(0);
    const path = join(this.folder, LOG);
    const fd = this.file();
    const parts: Buffer[] = [];
    for (let i = 0; i < frames.length; i += 2) {
      const at = frames[i]!;
      const frame = Buffer.alloc(frames[i + 1]!);
      if (frame.length < HEAD || readSync(fd, frame, 0, frame.length, at) !== frame.length) damaged(path, at);
      const n = frame.readUInt32LE(0);
      if (HEAD + n !== frame.length) damaged(path, at);
      const decipher = createDecipheriv('aes-256-gcm', this.key, frame.subarray(4, 16));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(frame.subarray(16, HEAD));
      try {
        parts.push(decipher.update(frame.subarray(HEAD)), decipher.final());
      } catch {
        damaged(path, at);
      }
    }
    // One copy into a fresh buffer: readers take DataViews at offset 0 of their own bytes.
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  /** Remove the folder and its file; safe to call more than once. */
  dispose(): void {
    this.disposed = true;
    this.index.clear();
    this.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** The spill's file, opened once (created by the first append; a file shorter than what was written is damaged). */
  private file(): number {
    if (this.fd === null) {
      const path = join(this.folder, LOG);
      try {
        this.fd = openSync(path, this.size === 0 ? 'w+' : 'r+', 0o600);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && this.size > 0) damaged(path, 0);
        throw err;
      }
      if (fstatSync(this.fd).size < this.size) damaged(path, fstatSync(this.fd).size);
    }
    return this.fd;
  }

  private close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function damaged(path: string, at: number): never {
  throw new TuominError('IO', `a spill file of this run is damaged at byte ${at}`, { file: path }, 'something else wrote into the run\'s private folder, or the disk failed; run again', { id: 'spill.damaged', params: { at } });
}
