import { access, mkdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that says why it failed. Node's recursive mkdir reports ENOENT for a folder it
 * could not create in a read-only file system (EROFS) or a folder it may not write (EACCES): it
 * stats the missing folder after the failed mkdir and returns the stat's error. Then the nearest
 * folder that exists is asked whether it can be written, and its error (with its path: the
 * folder that refused, not the one that was to be made) is thrown.
 */
export async function makeFolder(path: string, mode?: number): Promise<string | undefined> {
  try {
    return await mkdir(path, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // A file where a folder of the path should be: Node says EEXIST ("already exists", as if
    // the folder were there); it is ENOTDIR, at that file.
    if (e.code === 'EEXIST' && e.path !== undefined && !(await stat(e.path).then((s) => s.isDirectory(), () => true))) {
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${e.path}'`), { code: 'ENOTDIR', errno: -20, syscall: 'mkdir', path: e.path });
    }
    // EACCES and EROFS name the folder mkdir tried to make; the one that refused is its parent.
    if (!REFUSALS.has(e.code ?? '')) throw err;
    throw (await blockedAt(path)) ?? err;
  }
}

const REFUSALS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS']);

async function blockedAt(path: string): Promise<NodeJS.ErrnoException | null> {
  let at = dirname(path);
  for (;;) {
    const there = await stat(at).then((s) => s.isDirectory(), () => null);
    if (there === true) {
      return access(at, constants.W_OK).then(() => null, (e: NodeJS.ErrnoException) => e);
    }
    // A file where a folder should be is ENOTDIR, which mkdir reports itself.
    if (there === false || dirname(at) === at) return null;
    at = dirname(at);
  }
}
