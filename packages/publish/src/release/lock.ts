import { rmdirSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TuominError } from '@tuomin/core/errors';
import { makeFolder, processAlive, processStartTime } from '@tuomin/io/atomic';
import { faultPoint } from './faults.js';

/**
 * One lock per dataset folder for every command that writes to it (run, withdraw, suspend,
 * restore, and the recovery of a half-done commit), so two runs never pick the same version and
 * a withdrawal cannot slip between a run's choice of links and its commit. The lock file names
 * its holder (pid and start time); a holder that no longer runs left it behind (SIGKILL, power
 * cut) and the next command breaks it.
 */
export interface DatasetLock {
  path: string;
  token: string;
  /**
   * The first folder this lock's mkdir created (the dataset folder or an ancestor), if any. Why:
   * a refused first run published nothing, and an empty out/<dataset>/ left behind says a
   * release of the dataset was attempted; releaseLock removes what it created while it is empty.
   */
  created?: string;
}

interface Holder {
  pid: number;
  start: string | null;
  command: string;
  since: string;
  token: string;
}

/** Held lock files, each with the first folder its mkdir created (removed with it while empty). */
const held = new Map<string, string | undefined>();

export function lockPath(datasetDir: string): string {
  return join(datasetDir, '.tuomin.lock');
}

/** Take the dataset's lock or throw a TuominError naming the command that holds it. */
export async function acquireLock(datasetDir: string, command: string): Promise<DatasetLock> {
  const path = lockPath(datasetDir);
  const token = randomBytes(8).toString('hex');
  const me: Holder = { pid: process.pid, start: processStartTime(process.pid), command, since: new Date().toISOString(), token };
  // The lock file appears whole or not at all: written under a private name, then linked
  // (link fails with EEXIST when another holder is there, atomically).
  const tmp = `${path}.${process.pid}.${token}`;
  let created: string | undefined;
  try {
    created = await makeFolder(datasetDir);
    await faultPoint('lock');
    // Another command's releaseLock may remove the empty folder between our mkdir and this write
    // (it created the folder and published nothing): make it once more.
    await writeFile(tmp, `${JSON.stringify(me)}\n`, { mode: 0o644 }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      created = (await makeFolder(datasetDir)) ?? created;
      await writeFile(tmp, `${JSON.stringify(me)}\n`, { mode: 0o644 });
    });
  } catch (err) {
    // A full disk creates the temporary file and then fails to fill it: leave nothing behind.
    await unlink(tmp).catch(() => {});
    // Name the dataset folder, not the lock's temporary file (a read-only or full output disk).
    const e = err as NodeJS.ErrnoException;
    const code = e.code ?? 'error';
    const what = ({ EROFS: 'the file system is read-only', EACCES: 'permission denied', EPERM: 'permission denied', ENOSPC: 'no space left on the device', ENOTDIR: 'a part of the path is not a folder', ENOENT: 'no such file or folder' } as Record<string, string>)[code] ?? code;
    // The folder that refused (makeFolder: the nearest one that exists), when it is not the dataset's own.
    const at = e.path !== undefined && e.path !== datasetDir && e.path !== tmp ? e.path : undefined;
    throw new TuominError('IO', `cannot write in the dataset folder ${datasetDir}: ${what} (${code}${at ? ` in ${at}` : ''})`, { file: datasetDir }, code === 'ENOSPC' ? 'free some disk space, then run again' : 'give an output folder you can write to (output.folder in the spec, or --out)', { id: 'release.cannotWrite', params: { errno: code, code, folder: datasetDir, at: at ?? '' } });
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        held.set(path, created);
        return created ? { path, token, created } : { path, token };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text === null) continue; // released meanwhile: try again
      const other = parseHolder(text);
      if (other && processAlive(other.pid, other.start)) {
        throw new TuominError('IO', `dataset ${datasetDir} is busy: \`tuomin ${other.command}\` (pid ${other.pid}, started ${other.since}) is changing it`, { file: path },
          'wait for that command to finish, then run this one again (commands on one dataset run one at a time)', { id: 'release.busy', params: { command: other.command, pid: other.pid } });
      }
      // The holder is gone: break its lock. Move it aside first, and put it back if, between our
      // read and the move, a live command took the lock.
      const aside = `${path}.stale.${process.pid}.${token}`;
      try {
        await rename(path, aside);
      } catch {
        continue;
      }
      const moved = await readFile(aside, 'utf8').catch(() => '');
      if (moved !== text) {
        await link(aside, path).catch(() => {});
      }
      await unlink(aside).catch(() => {});
    }
    throw new TuominError('IO', `could not take the lock of dataset ${datasetDir}`, { file: path }, 'another command is starting on this dataset; run this one again in a moment', { id: 'release.lockRace' });
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

export async function releaseLock(lock: DatasetLock): Promise<void> {
  held.delete(lock.path);
  const text = await readFile(lock.path, 'utf8').catch(() => '');
  if (parseHolder(text)?.token !== lock.token) return;
  await unlink(lock.path).catch(() => {});
  if (lock.created) await removeIfEmpty(dirname(lock.path), lock.created);
}

/**
 * Remove `dir` and its parents up to `top` (the first folder the lock created), innermost first,
 * each only while empty: rmdir refuses a folder that holds anything (a release, another
 * command's lock), so a folder that existed before or holds releases is never removed.
 */
async function removeIfEmpty(dir: string, top: string): Promise<void> {
  for (const d of createdFolders(dir, top)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
  }
}

/** `dir` and its parents up to and with `top`, innermost first (none when `dir` is not inside `top`). */
function createdFolders(dir: string, top: string): string[] {
  const out: string[] = [];
  for (let d = dir; !relative(top, d).startsWith('..'); d = dirname(d)) {
    out.push(d);
    if (d === top || dirname(d) === d) break;
  }
  return out;
}

/** Release this process's locks synchronously (signal handlers, the parent-gone exit). */
export function releaseLiveLocksSync(): void {
  for (const [p, created] of held) {
    try {
      unlinkSync(p);
    } catch {
      /* already gone */
    }
    // A first run stopped by a signal published nothing: its empty folders go as in releaseLock.
    for (const d of created ? createdFolders(dirname(p), created) : []) {
      try {
        rmdirSync(d);
      } catch {
        break;
      }
    }
  }
  held.clear();
}

function parseHolder(text: string): Holder | null {
  try {
    const v = JSON.parse(text) as Holder;
    return typeof v.pid === 'number' ? v : null;
  } catch {
    return null;
  }
}
