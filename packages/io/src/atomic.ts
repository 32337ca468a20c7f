import { readFileSync, rmSync } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { makeFolder } from './make-folder.js';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export { makeFolder };

/**
 * Write a file completely or not at all: write to a temporary name in the target folder
 * (same filesystem, so rename is atomic), fsync, then rename over the target.
 * On any error the temporary file is removed and the target is untouched.
 *
 * The temporary file is created 0600, so no one else can read a half-written file. It keeps
 * 0600 in a private folder (one without group or other permissions: the run's work folder,
 * where rejects, spills and unreviewed data live); elsewhere it gets the usual 0666 & ~umask
 * before the rename.
 */
export async function atomicWrite<T>(target: string, write: (handle: FileHandle, tmpPath: string) => Promise<T>): Promise<T> {
  const dir = dirname(target);
  await makeFolder(dir);
  await sweepDeadTempFiles(dir);
  const tmp = tempPathFor(target);
  const handle = await open(tmp, 'wx', 0o600);
  liveTemps.add(tmp);
  try {
    const result = await write(handle, tmp);
    await handle.sync();
    if (!(await isPrivateFolder(dir))) await handle.chmod(0o666 & ~currentUmask());
    await handle.close();
    await rename(tmp, target);
    return result;
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    // A failed write (ENOSPC, EIO) carries no path: name the file being written, never the
    // temporary name, so the message says which disk filled up.
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && typeof e.code === 'string' && e.path === undefined) e.path = target;
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

const TEMP_NAME = /^\.tuomin-tmp-.*\.(\d+)\.[0-9a-f]{8}$/;
const swept = new Set<string>();

/**
 * Remove the temporary files that writers killed with SIGKILL (or a power cut) left in `dir`:
 * their name carries the writer's pid, and a file whose process is gone belongs to no one.
 * Once per folder per process, before the first write into it. Returns the names removed.
 */
export async function sweepDeadTempFiles(dir: string): Promise<string[]> {
  if (swept.has(dir)) return [];
  swept.add(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    await rm(join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}

/** True when the folder gives no access to group or others (the caller's private work folder). */
async function isPrivateFolder(dir: string): Promise<boolean> {
  try {
    return ((await stat(dir)).mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function currentUmask(): number {
  // process.umask() without an argument is deprecated because it sets and restores the mask;
  // read it from /proc where we can, and fall back to the common 022.
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return parseInt(m[1]!, 8);
  } catch {
    /* not Linux */
  }
  return 0o022;
}

/** Fields of /proc/<pid>/stat after the command name, or null where they cannot be read. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * When a process started, in the kernel's clock ticks since boot (Linux /proc/<pid>/stat, field
 * 22), or null where that cannot be read. With the pid it names a process for good: a pid is
 * reused after the process dies, a (pid, start time) pair is not.
 */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/**
 * Whether the process `pid` (started at `startTime`, when known) still runs. A zombie (killed,
 * not yet reaped by its parent) does not. A process that exists but belongs to another user
 * (EPERM) counts as alive: its files are left alone.
 */
export function processAlive(pid: number, startTime?: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid !== process.pid) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
  }
  const fields = procStat(pid);
  // Unknown (not Linux, or a hidden /proc): trust the pid alone rather than remove a live run's files.
  if (fields === null) return true;
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime == null || fields[19] === startTime;
}
