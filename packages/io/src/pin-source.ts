import { stat } from 'node:fs/promises';
import type { RecordBatch } from 'apache-arrow';
import { TuominError, type BatchSource } from '@tuomin/core';

/** What identifies one version of a file: a change to any of these during a read is an error. */
export interface Pin {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

export async function pinOf(path: string): Promise<Pin> {
  const s = await stat(path);
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev };
}

/**
 * Make every pass over `source` check that the file is the one opened: its size, modification
 * time and inode are pinned (`pinOf`) before the source is opened and compared before and after each pass.
 * A file truncated, appended to or replaced while it was read would otherwise give fewer (or
 * other) rows with no error, and a replayed pass (a second read for a sample scan) rows that do
 * not match the first. Size and mtime are checked instead of a hash: a hash would mean reading
 * the file once more.
 */
export function pinSource<S extends BatchSource>(path: string, pin: Pin, source: S): S {
  const inner = source.batches.bind(source);
  const check = async (when: string): Promise<void> => {
    let now: Pin | null;
    try {
      now = await pinOf(path);
    } catch {
      now = null;
    }
    const what = now === null ? 'was removed'
      : now.ino !== pin.ino || now.dev !== pin.dev ? 'was replaced by another file'
      : now.size !== pin.size ? `changed size (${pin.size} → ${now.size} bytes)`
      : now.mtimeMs !== pin.mtimeMs ? 'was modified'
      : null;
    if (what !== null) {
      throw new TuominError('IO', `the source file ${what} ${when}: the rows read may be incomplete or mixed`, { file: path },
        'let the export that writes the file finish (or copy it to a stable place) and run again',
        { id: 'input.sourceChanged', params: { how: now === null ? 'removed' : now.ino !== pin.ino || now.dev !== pin.dev ? 'replaced' : now.size !== pin.size ? 'size' : 'modified', was: pin.size, now: now?.size ?? 0, when } });
    }
  };
  Object.defineProperty(source, 'batches', {
    configurable: true,
    writable: true,
    value: async function* pinnedBatches(): AsyncIterable<RecordBatch> {
      await check('after it was opened');
      yield* inner();
      await check('while it was read');
    },
  });
  return source;
}
