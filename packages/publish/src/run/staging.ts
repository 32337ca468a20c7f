import { readdirSync, rmSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TuominError } from '@tuomin/core/errors';
import { makeFolder, processAlive, processStartTime } from '@tuomin/io/atomic';
import { releaseLiveLocksSync } from '../release/lock.js';

/**
 * Where a run keeps what must never be public: the unreviewed package being written, the spill
 * files of first-pass rules (dropped columns beside the quasi-identifiers) and the rejected raw
 * rows. One private folder per run (0700, files 0600) under the work root, outside every
 * package and, by default, outside the publication tree:
 *   $TUOMIN_WORK_DIR, or <os.tmpdir()>/tuomin-<uid>/
 *     run-<pid>-<start>-<hex>/{package,spill,rejects}   removed when the run ends, however it ends
 *     rejects/<dataset>/<version>/                        a successful run's rejects, kept for the publisher
 * A run killed with SIGKILL cannot clean up: every command sweeps the run folders of processes
 * that no longer run (pid and start time) before it starts.
 */
export interface RunFolder {
  dir: string;
  /** The package being written (data files, then metadata); moved into place by the commit. */
  package: string;
  spill: string;
  rejects: string;
}

const live = new Set<string>();

export function workRoot(env: NodeJS.ProcessEnv = process.env): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return env.TUOMIN_WORK_DIR ? resolve(env.TUOMIN_WORK_DIR) : join(tmpdir(), `tuomin-${uid}`);
}

/** The work root, created private; refused if someone else owns it or can read it (a shared /tmp). */
export async function openWorkRoot(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const root = workRoot(env);
  await makeFolder(root, 0o700);
  const st = await lstat(root);
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (!st.isDirectory() || st.isSymbolicLink() || st.uid !== uid) {
    throw new TuominError('IO', `the work folder ${root} is not a folder of this user`, { file: root }, 'remove it, or set TUOMIN_WORK_DIR to a private folder of yours', { id: 'work.notOwn' });
  }
  // Ours but opened up (a umask, a chmod): close it again rather than write raw rows into it.
  if ((st.mode & 0o077) !== 0) await chmod(root, 0o700);
  return root;
}

/** A new private run folder; removed by removeRunFolder, by an interrupted CLI, or by the next command's sweep. */
export async function createRunFolder(env: NodeJS.ProcessEnv = process.env): Promise<RunFolder> {
  const root = await openWorkRoot(env);
  await sweepDeadRuns(root);
  const dir = join(root, `run-${process.pid}-${processStartTime(process.pid) ?? 'x'}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { mode: 0o700 });
  live.add(dir);
  const f: RunFolder = { dir, package: join(dir, 'package'), spill: join(dir, 'spill'), rejects: join(dir, 'rejects') };
  for (const d of [f.package, join(f.package, 'data'), f.spill, f.rejects]) await mkdir(d, { mode: 0o700 });
  return f;
}

export async function removeRunFolder(f: RunFolder): Promise<void> {
  await rm(f.dir, { recursive: true, force: true });
  live.delete(f.dir);
}

/** Where a successful run's rejected rows are kept: <work root>/rejects/<dataset>/<version>/, private. */
export function rejectsHome(dataset: string, version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(workRoot(env), 'rejects', dataset, version);
}

/**
 * A successful run's rejected rows (raw source rows: never beside the package) move from the run
 * folder to rejectsHome, for the publisher to fix the source; nothing removes them there.
 */
export async function keepRejects(f: RunFolder, dest: string): Promise<void> {
  const names = await readdir(f.rejects).catch(() => [] as string[]);
  if (names.length === 0) return;
  await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
  await rm(dest, { recursive: true, force: true });
  await rename(f.rejects, dest);
}

/** Remove this process's run folders synchronously and release its dataset locks (signal handlers). */
export function removeLiveStagingSync(): string[] {
  const removed = [...live];
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  live.clear();
  releaseLiveLocksSync();
  return removed;
}

const RUN = /^run-(\d+)-(\d+|x)-[0-9a-f]+$/;

/** Remove the run folders of processes that no longer run. Returns the names removed. */
export async function sweepDeadRuns(root: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const m = RUN.exec(name);
    if (!m || processAlive(Number(m[1]), m[2] === 'x' ? null : m[2])) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** The sweep every command does at start (the CLI); a missing work root is nothing to sweep. */
export async function sweepWork(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const root = workRoot(env);
  try {
    if (!(await lstat(root)).isDirectory()) return [];
  } catch {
    return [];
  }
  return sweepDeadRuns(root);
}

const STAGING = /^\.staging-(\d+)-[0-9a-f]+$/;

/**
 * Remove staging folders that runs of earlier releases of tuomin left inside a dataset folder
 * (they staged there). The store's sweep does the same for commit folders.
 */
export async function removeStaleStaging(datasetDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(datasetDir).catch(() => [] as string[])) {
    const m = STAGING.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    await rm(join(datasetDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** For tests: the staging folders present in a dataset folder. */
export function stagingFolders(datasetDir: string): string[] {
  try {
    return readdirSync(datasetDir).filter((n) => STAGING.test(n));
  } catch {
    return [];
  }
}
