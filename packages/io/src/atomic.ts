import { rmSync } from 'node:fs';
import { open, rename, rm, mkdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write a file completely or not at all: write to a temporary name in the target folder
 * (same filesystem, so rename is atomic), fsync, then rename over the target.
 * On any error the temporary file is removed and the target is untouched.
 */
export async function atomicWrite<T>(target: string, write: (handle: FileHandle, tmpPath: string) => Promise<T>): Promise<T> {
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tuomin-tmp-${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const handle = await open(tmp, 'wx');
  liveTemps.add(tmp);
  try {
    const result = await write(handle, tmp);
    await handle.sync();
    await handle.close();
    await rename(tmp, target);
    return result;
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  } finally {
    liveTemps.delete(tmp);
  }
}

/** Temporary files of writes in progress in this process (removed by an interrupted CLI). */
const liveTemps = new Set<string>();

/** Remove the temporary files of unfinished atomic writes, synchronously (signal handlers). */
export function removeLiveTempFilesSync(): number {
  const n = liveTemps.size;
  for (const p of liveTemps) rmSync(p, { force: true });
  liveTemps.clear();
  return n;
}

/** Temporary path for writers (such as parquet-wasm) that produce a whole buffer or their own file. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.tuomin-tmp-${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`);
}

/** A whole text file, atomically (see atomicWrite). */
export async function writeTextAtomic(target: string, text: string): Promise<void> {
  await atomicWrite(target, async (handle) => {
    await handle.writeFile(text, 'utf8');
  });
}
