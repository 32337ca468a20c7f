import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';

/**
 * Bucket files of a hash-partitioned spill, sealed: every append is encrypted (AES-256-GCM) under
 * a key made for this spill and held only in memory, so what is written is as safe as what is
 * held: values that a run must keep private are never on disk in clear, and a file damaged or
 * written by anyone else fails to open instead of counting wrong. Nothing else can read them: a
 * crash leaves unreadable bytes in the run's private folder, which the next command sweeps.
 *
 * Frame per append: ciphertext length u32 LE | IV (12 bytes) | GCM tag (16 bytes) | ciphertext.
 * Synchronous, as hash-spill.ts is: a spill happens once per million classes or so, and the
 * statistics it serves merge synchronously. AES-GCM runs at over 1 GB/s with AES-NI: the sealing
 * costs little beside the records' own encoding.
 */
export class SealedBuckets {
  private readonly written: Set<string>;
  private disposed = false;

  private constructor(readonly folder: string, private readonly key: Buffer, written: Iterable<string> = []) {
    this.written = new Set(written);
  }

  /** A private folder under `dir` (the run's spill folder; default the OS temp folder), removed by `dispose`. */
  static open(dir: string | undefined, prefix: string): SealedBuckets {
    if (dir !== undefined) mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new SealedBuckets(mkdtempSync(join(dir ?? tmpdir(), prefix)), randomBytes(32));
  }

  /**
   * What another thread of this process needs to take the files over (`adopt`): the folder, the
   * files written and the key, as a buffer for a transfer list (never written anywhere).
   */
  ref(): { folder: string; names: string[]; key: ArrayBuffer } {
    const key = new ArrayBuffer(32);
    new Uint8Array(key).set(this.key);
    return { folder: this.folder, names: this.names(), key };
  }

  /** The spill a `ref` names, owned by the caller from now on (it disposes it). */
  static adopt(ref: { folder: string; names: readonly string[]; key: ArrayBuffer }): SealedBuckets {
    if (typeof ref.folder !== 'string' || !Array.isArray(ref.names) || !(ref.key instanceof ArrayBuffer) || ref.key.byteLength !== 32) throw new TypeError('not a reference to a sealed spill');
    return new SealedBuckets(ref.folder, Buffer.from(ref.key.slice(0)), ref.names);
  }

  /** Every file of this spill appended to the same names of `to` (sealed under its key), one file in memory at a time; this spill is disposed. */
  moveInto(to: SealedBuckets): void {
    for (const name of this.names()) to.append(name, this.read(name));
    this.dispose();
  }

  /** Append `bytes` to the file `name` (a bucket), sealed. Empty bytes write nothing. */
  append(name: string, bytes: Uint8Array): void {
    if (this.disposed) throw new TypeError('a disposed spill takes no more records');
    if (bytes.length === 0) return;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const head = Buffer.alloc(4 + 12 + 16);
    head.writeUInt32LE(body.length, 0);
    iv.copy(head, 4);
    cipher.getAuthTag().copy(head, 16);
    appendFileSync(join(this.folder, name), Buffer.concat([head, body]), { mode: 0o600 });
    this.written.add(name);
  }

  /** The files appended to, by name. */
  names(): string[] {
    return [...this.written].sort();
  }

  /** Whether anything was appended to `name`. */
  has(name: string): boolean {
    return this.written.has(name);
  }

  /** Everything appended to `name`, opened, in order; empty when nothing was. */
  read(name: string): Uint8Array {
    if (!this.written.has(name)) return new Uint8Array(0);
    const path = join(this.folder, name);
    const file = readFileSync(path);
    const parts: Buffer[] = [];
    let o = 0;
    while (o < file.length) {
      if (o + 32 > file.length) damaged(path, o);
      const n = file.readUInt32LE(o);
      if (o + 32 + n > file.length) damaged(path, o);
      const decipher = createDecipheriv('aes-256-gcm', this.key, file.subarray(o + 4, o + 16));
      decipher.setAuthTag(file.subarray(o + 16, o + 32));
      try {
        parts.push(decipher.update(file.subarray(o + 32, o + 32 + n)), decipher.final());
      } catch {
        damaged(path, o);
      }
      o += 32 + n;
    }
    // One copy into a fresh buffer: readers take DataViews at offset 0 of their own bytes.
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  /** Remove the folder and its files; safe to call more than once. */
  dispose(): void {
    this.disposed = true;
    this.written.clear();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function damaged(path: string, at: number): never {
  throw new TuominError('IO', `a spill file of this run is damaged at byte ${at}`, { file: path }, 'something else wrote into the run\'s private folder, or the disk failed; run again', { id: 'spill.damaged', params: { at } });
}
