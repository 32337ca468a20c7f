import { readdirSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Staging folders of runs in progress in this process: an interrupted run (Ctrl-C, SIGTERM from a
 * scheduler) removes them before it exits, so no un-reviewed data stays in the output tree.
 */
const live = new Set<string>();

export function trackStaging(dir: string): void {
  live.add(dir);
}

export function untrackStaging(dir: string): void {
  live.delete(dir);
}

/** Remove the staging folders of this process's unfinished runs, synchronously (signal handlers). */
export function removeLiveStagingSync(): string[] {
  const removed = [...live];
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  live.clear();
  return removed;
}

const STAGING = /^\.staging-(\d+)-[0-9a-f]+$/;

/**
 * Remove staging folders left in a dataset folder by runs that no longer exist (killed with
 * SIGKILL, a crash, a power cut). A folder whose process is alive belongs to a concurrent run
 * and is left alone. Returns the names removed.
 */
export async function removeStaleStaging(datasetDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(datasetDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = STAGING.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    await rm(join(datasetDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** For tests: the staging folders present in a dataset folder. */
export function stagingFolders(datasetDir: string): string[] {
  try {
    return readdirSync(datasetDir).filter((n) => STAGING.test(n));
  } catch {
    return [];
  }
}
