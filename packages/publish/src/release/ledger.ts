import { appendFile, mkdir, readFile, readdir, rm, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core';

/**
 * The release ledger of one dataset: an append-only JSON-lines log (`ledger.jsonl`) in the
 * dataset's folder plus a `status.json` in each version folder (Art. 22, 23).
 * States: published → suspended → published (restore) | withdrawn (final; data files deleted).
 */
export type ReleaseStatus = 'published' | 'suspended' | 'withdrawn';

export interface LedgerEvent {
  at: string;
  event: 'publish' | 'suspend' | 'withdraw' | 'restore';
  dataset: string;
  version: string;
  reason?: string;
  recipient?: string;
  previousVersion?: string;
  replaces?: string;
  sha256sums?: string;
}

export interface VersionStatus {
  dataset: string;
  version: string;
  status: ReleaseStatus;
  since: string;
  reason?: string;
  previousVersion?: string;
  replaces?: string;
  replacedBy?: string;
  recipient?: string;
}

export function ledgerPath(datasetDir: string): string {
  return join(datasetDir, 'ledger.jsonl');
}

export async function readLedger(datasetDir: string): Promise<LedgerEvent[]> {
  let text: string;
  try {
    text = await readFile(ledgerPath(datasetDir), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as LedgerEvent;
    } catch {
      throw new TuominError('BAD_INPUT', 'corrupt ledger line', { file: ledgerPath(datasetDir), line: i + 1 }, 'the ledger is append-only; restore it from backup');
    }
  });
}

export async function appendLedger(datasetDir: string, e: LedgerEvent): Promise<void> {
  await mkdir(datasetDir, { recursive: true });
  await appendFile(ledgerPath(datasetDir), `${JSON.stringify(e)}\n`);
}

export async function readStatus(versionDir: string): Promise<VersionStatus> {
  try {
    return JSON.parse(await readFile(join(versionDir, 'status.json'), 'utf8')) as VersionStatus;
  } catch {
    throw new TuominError('BAD_INPUT', 'no release at this path', { file: versionDir }, 'run `tuomin release list <dataset folder>` to see the versions');
  }
}

export async function writeStatus(versionDir: string, s: VersionStatus): Promise<void> {
  const tmp = join(versionDir, `.status.json.${process.pid}`);
  await writeFile(tmp, `${JSON.stringify(s, null, 2)}\n`);
  await rename(tmp, join(versionDir, 'status.json'));
}

/** Versions present in the dataset folder, oldest first (semver order). */
export async function listVersions(datasetDir: string): Promise<VersionStatus[]> {
  let entries: string[];
  try {
    entries = await readdir(datasetDir);
  } catch {
    return [];
  }
  const out: VersionStatus[] = [];
  for (const e of entries.filter((x) => /^\d+\.\d+\.\d+$/.test(x)).sort(compareSemver)) {
    try {
      out.push(await readStatus(join(datasetDir, e)));
    } catch {
      /* a folder without status.json is not a release */
    }
  }
  return out;
}

export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The next version: 1.0.0 first, then a minor bump over the latest (re-processed releases too). */
export function nextVersion(existing: VersionStatus[]): string {
  if (existing.length === 0) return '1.0.0';
  const [maj, min] = existing[existing.length - 1]!.version.split('.').map(Number);
  return `${maj}.${min! + 1}.0`;
}

/** Change a version's status: suspend, withdraw (deletes its data files, keeps metadata and hashes), restore. */
/**
 * A version is MAJOR.MINOR.PATCH digits, nothing else: it names a folder under the dataset
 * folder, and only such folders are releases (listVersions, the catalog, due dates, withdrawal).
 * Anything else (v2, ../x) would publish a release the ledger cannot see, or outside the folder.
 */
export function checkVersion(version: string): void {
  if (!/^\d{1,9}\.\d{1,9}\.\d{1,9}$/.test(version)) {
    throw new TuominError('BAD_INPUT', `"${version}" is not a version: versions are MAJOR.MINOR.PATCH, such as 1.2.0`, {}, 'give a version such as 1.2.0, or omit --version to take the next one');
  }
}

export async function changeStatus(
  datasetDir: string,
  version: string,
  action: 'suspend' | 'withdraw' | 'restore',
  reason: string,
  now = new Date(),
): Promise<VersionStatus> {
  if (!reason.trim()) throw new TuominError('BAD_INPUT', `a reason is required to ${action} a release`, {}, 'pass --reason "..." (it is recorded in the ledger and status.json)');
  checkVersion(version);
  const dir = join(datasetDir, version);
  const st = await readStatus(dir);
  const allowed: Record<typeof action, ReleaseStatus[]> = { suspend: ['published'], withdraw: ['published', 'suspended'], restore: ['suspended'] };
  if (!allowed[action].includes(st.status)) {
    throw new TuominError('BAD_INPUT', `cannot ${action} version ${version}: it is ${st.status}`, { file: dir }, action === 'restore' && st.status === 'withdrawn' ? 'a withdrawn version is final: re-process and publish a new version' : 'see tuomin release list');
  }
  const next: VersionStatus = { ...st, status: action === 'suspend' ? 'suspended' : action === 'withdraw' ? 'withdrawn' : 'published', since: now.toISOString(), reason };
  if (action === 'withdraw') {
    // Data files go; datapackage.json, SHA256SUMS, reports and status stay as the tombstone.
    await rm(join(dir, 'data'), { recursive: true, force: true });
  }
  await writeStatus(dir, next);
  await appendLedger(datasetDir, { at: next.since, event: action, dataset: st.dataset, version, reason });
  return next;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
