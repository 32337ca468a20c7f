import { TuominError } from '@tuomin/core';
import { sha256File } from '@tuomin/io/checksum';
import { pinOf, type Pin } from '@tuomin/io/internal';

/**
 * One source file of a release as its ledger entry and provenance record it: the path as the spec
 * lists it (a `*` replaced by the files it matched), its size and the SHA-256 of its bytes. With
 * it a publisher can show later which exact extract a release came from (`tuomin release verify
 * --source <file>`), which size and mtime alone cannot.
 */
export interface SourceDigest {
  path: string;
  bytes: number;
  sha256: string;
}

/** What a run hashes: each file as the spec names it and where it is. */
export interface SourceToHash {
  name: string;
  file: string;
}

export interface PendingDigests {
  /** The digests, once the files are unchanged since they were hashed (checked now); throws naming the file otherwise. */
  done(): Promise<SourceDigest[]>;
  /** Stop hashing (the run failed): the file being read is closed, the rest are not read. */
  cancel(): void;
}

/**
 * Start hashing the source files beside the pass (publish.ts starts it before the pass and awaits
 * it before the commit). One file at a time, in order: the disk reads one stream ahead of the
 * pass, which then finds the pages in the cache. Measured on the 1 GB penalties extract, warm:
 * 1.8 s wall, 0.74 s of this thread's CPU (the rest is the read, off the thread), against a pass
 * of about 30 s, so it ends long before the pass does.
 *
 * Each file is pinned (size, mtime, inode, device: io's pinOf, the reader's own check) before it
 * is hashed and checked against that pin after the hash and again in `done()`: a file rewritten
 * while the run read it would record bytes the release was not made from. The reader's pin covers
 * the pass; this one covers the hash and the time up to the commit. Errors wait for `done()`:
 * a pass that fails first reports its own error, and no rejection is left unhandled.
 */
export function startSourceDigests(files: readonly SourceToHash[]): PendingDigests {
  const pinned: Array<{ name: string; file: string; pin: Pin }> = [];
  // A run that fails early (a bad row on line 10 of a 10 GB extract) must not wait for the hash
  // of the whole file before its process can exit.
  const stop = new AbortController();
  const work = (async (): Promise<SourceDigest[]> => {
    const out: SourceDigest[] = [];
    for (const f of files) {
      stop.signal.throwIfAborted();
      const pin = await pinOf(f.file).catch((err: unknown) => { throw unreadable(f.file, err); });
      pinned.push({ ...f, pin });
      const sha256 = await sha256File(f.file, { signal: stop.signal }).catch((err: unknown) => { throw unreadable(f.file, err); });
      await checkPin(f.file, pin, 'while it was hashed');
      out.push({ path: f.name, bytes: pin.size, sha256 });
    }
    return out;
  })();
  work.catch(() => {});
  return {
    async done() {
      const digests = await work;
      for (const p of pinned) await checkPin(p.file, p.pin, 'during the run');
      return digests;
    },
    cancel() {
      stop.abort();
    },
  };
}

async function checkPin(file: string, pin: Pin, when: string): Promise<void> {
  const now = await pinOf(file).catch(() => null);
  const how = now === null ? 'removed'
    : now.ino !== pin.ino || now.dev !== pin.dev ? 'replaced'
    : now.size !== pin.size ? 'size'
    : now.mtimeMs !== pin.mtimeMs ? 'modified'
    : null;
  if (how === null) return;
  const what = how === 'removed' ? 'was removed' : how === 'replaced' ? 'was replaced by another file' : how === 'size' ? `changed size (${pin.size} → ${now!.size} bytes)` : 'was modified';
  throw new TuominError('IO', `the source file ${what} ${when}: the release would not record the bytes it was made from; nothing was published`, { file },
    'let the export that writes the file finish (or copy it to a stable place) and run again',
    { id: 'source.changedDuringRun', params: { file, how, when, was: pin.size, now: now?.size ?? 0 } });
}

function unreadable(file: string, err: unknown): TuominError {
  if (err instanceof TuominError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
  return new TuominError('IO', `cannot read the source file to record its SHA-256 (${code}); nothing was published`, { file },
    'check the file exists and is readable, then run again', { id: 'source.cannotHash', params: { file, errno: code } });
}
