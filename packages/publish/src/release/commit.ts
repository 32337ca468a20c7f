import { chmod, cp, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { faultPoint } from './faults.js';
import { ledgerPath } from './chain.js';
import { writeStatus, type KeyRotationRecord, type LedgerEvent, type VersionStatus } from './ledger.js';
import { appendEvent, privateName, type ReleaseStore } from './store.js';
import type { SourceDigest } from '../package/source-digest.js';
import { fingerprintFiles } from './fingerprint.js';
import { dropPins, pinsPath, writePins } from './pins.js';
import { readSums } from './verify.js';

/** What the publish events of one version say (the intent and the completion carry the same). */
export interface PublishCommit {
  dataset: string;
  version: string;
  issued: string;
  sha256sums: string;
  /** The source files the release was made from, with size and SHA-256. */
  sources?: SourceDigest[];
  previousVersion?: string;
  replaces?: string;
  alsoReplaces?: string[];
  recipient?: string;
  /** Keys changed on purpose since the previous version (run/key-rotation.ts): key ids only. */
  keyRotations?: KeyRotationRecord[];
}

/**
 * Put a reviewed, complete package in place as version `c.version`: the only code that makes a
 * release visible. The protocol (docs/publication.md, "The commit"):
 *   1. the package's files get their public permissions and are fsynced; the folder moves into
 *      the dataset folder under a private name (copied when the work folder is on another disk);
 *   2. a publish-intent line, with the SHA256SUMS digest, is appended to the ledger and fsynced;
 *   3. the folder is renamed to its version (atomic) and the dataset folder fsynced;
 *   4. the publish line completes it.
 * A crash between 2 and 4 is finished or rolled back by the next command (store.ts, recover).
 * A failure here never leaves a visible release without its ledger lines: before 3 the folder is
 * removed; after 3 the folder is taken back, or, if even that fails, the error says the next
 * command completes it (its intent is recorded). A failed fsync right after the rename of 3 is
 * not undone (the disk is suspect): the error says the version is visible and the next command
 * checks its hashes and completes or takes it back.
 */
export async function commitPublish(store: ReleaseStore, packageDir: string, c: PublishCommit): Promise<string> {
  committing.add(c.version);
  try {
    return await commitSteps(store, packageDir, c);
  } finally {
    committing.delete(c.version);
  }
}

const committing = new Set<string>();

/** Whether this process is between a commit's intent and its completion (an interrupt then leaves it to the next command). */
export function commitInProgress(): boolean {
  return committing.size > 0;
}

async function commitSteps(store: ReleaseStore, packageDir: string, c: PublishCommit): Promise<string> {
  const dir = store.dir;
  const target = join(dir, c.version);
  // One folder, one dataset: a store whose ledger records another dataset (its folder renamed
  // or copied, two specs pointed at one folder) would list this release as a later version of it.
  const other = store.chain.lines.find((l) => typeof l.value.dataset === 'string' && l.value.dataset !== c.dataset);
  if (other) {
    throw new TuominError('BAD_INPUT', `${dir} holds the releases of dataset "${String(other.value.dataset)}", not of "${c.dataset}": publishing here would list this release as a version of the other dataset; nothing was published`, { file: ledgerPath(dir), line: other.line },
      'give each dataset its own folder (<output.folder>/<dataset.id>): if this folder was renamed or copied, put it back under its own id', { id: 'release.otherDataset', params: { dataset: c.dataset, other: String(other.value.dataset) } });
  }
  await publicModes(packageDir);
  await syncTree(packageDir);
  const inbound = join(dir, privateName('commit'));
  try {
    await rename(packageDir, inbound);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // The work folder is on another file system: copy (the copy is as private as the dataset
    // folder, under a dot name that catalog and list skip), fsync, then drop the original.
    try {
      await cp(packageDir, inbound, { recursive: true, errorOnExist: true, force: false });
      await syncTree(inbound);
    } catch (e) {
      await rm(inbound, { recursive: true, force: true });
      throw e;
    }
    await rm(packageDir, { recursive: true, force: true });
  }
  await fsyncDir(dir);
  // The cheap check's records (fingerprint.ts), taken where the files now stay: the renames
  // below move the folder, not its files, so their size and modification time are final here.
  let files: Awaited<ReturnType<typeof fingerprintFiles>>;
  try {
    files = await fingerprintFiles(inbound, await readSums(inbound));
    await writePins(dir, { [c.version]: { sha256sums: c.sha256sums, files: files.pins } });
  } catch (err) {
    await rm(inbound, { recursive: true, force: true });
    throw new TuominError('IO', `cannot record the size and modification time of the files of version ${c.version} in ${pinsPath(dir)} (${errnoWords(codeOf(err))}); nothing was published`, { file: pinsPath(dir) },
      codeOf(err) === 'ENOSPC' ? 'free some disk space, then run again' : 'make the dataset folder writable, then run again', { id: 'release.pinsUnwritable', params: { version: c.version, errno: codeOf(err) } });
  }
  const fields: Omit<LedgerEvent, 'at' | 'event'> = {
    dataset: c.dataset, version: c.version, issued: c.issued, sha256sums: c.sha256sums,
    ...(c.sources?.length ? { sources: c.sources } : {}),
    files: files.files,
    ...(c.previousVersion ? { previousVersion: c.previousVersion } : {}),
    ...(c.replaces ? { replaces: c.replaces } : {}),
    ...(c.alsoReplaces?.length ? { alsoReplaces: c.alsoReplaces } : {}),
    ...(c.recipient ? { recipient: c.recipient } : {}),
    ...(c.keyRotations?.length ? { keyRotations: c.keyRotations } : {}),
  };
  try {
    await appendEvent(store, { ...fields, event: 'publish-intent', staging: basename(inbound) });
  } catch (err) {
    await rm(inbound, { recursive: true, force: true });
    await dropPins(dir, c.version);
    throw ledgerError(store, err, 'nothing was published');
  }
  try {
    await faultPoint('rename');
    await rename(inbound, target);
  } catch (err) {
    await rm(inbound, { recursive: true, force: true });
    await dropPins(dir, c.version);
    await appendEvent(store, { event: 'publish-rollback', dataset: c.dataset, version: c.version, reason: `the folder could not be put in place (${codeOf(err)})` }).catch(() => {});
    throw new TuominError('IO', `cannot move the release into ${target}: ${(err as Error).message}; nothing was published`, { file: target }, 'check the permissions and free space of the output folder, then run again', { id: 'release.cannotMove', params: { errno: (err as NodeJS.ErrnoException).code ?? '' } });
  }
  try {
    await faultPoint('rename-sync');
    await fsyncDir(dir);
  } catch (err) {
    // The rename took effect: the version is visible, so "nothing was published" would be false,
    // and a rollback line would contradict the folder. Its intent stays pending for recovery.
    throw new TuominError('IO', `version ${c.version} is in place in ${target} and visible, but the dataset folder could not be synced to disk (${codeOf(err)}); its start is recorded in the ledger, its completion is not`, { file: target },
      'check the disk of the output folder; the next tuomin command on this dataset checks the version\'s hashes against its recorded SHA256SUMS and completes the release if they match, or takes it back if they do not',
      { id: 'release.notSynced', params: { version: c.version, errno: codeOf(err) } });
  }
  try {
    await faultPoint('after-rename');
    await appendEvent(store, { ...fields, event: 'publish' });
  } catch (err) {
    // Visible without its completion line: take it back if we can.
    const aside = join(dir, privateName('rollback'));
    const taken = await rename(target, aside).then(() => true, () => false);
    if (taken) {
      await fsyncDir(dir).catch(() => {});
      await rm(aside, { recursive: true, force: true });
      // If this line cannot be written either, the next command records the rollback.
      await appendEvent(store, { event: 'publish-rollback', dataset: c.dataset, version: c.version, reason: `the completion could not be recorded (${codeOf(err)})` }).catch(() => {});
      throw ledgerError(store, err, `version ${c.version} was taken back: nothing was published`);
    }
    throw new TuominError('IO', `version ${c.version} is in place and its start is recorded in the ledger, but its completion could not be written (${codeOf(err)})`, { file: ledgerPath(dir) },
      'free space or fix the permissions of the dataset folder; the next tuomin command on this dataset checks the version\'s hashes and completes it',
      { id: 'release.completionUnwritten', params: { version: c.version, errno: codeOf(err) } });
  }
  // Derived files: a failure here is repaired from the ledger by the next command.
  for (const r of [c.replaces, ...(c.alsoReplaces ?? [])]) {
    if (r === undefined) continue;
    const old = store.versions.find((v) => v.version === r);
    if (old) await writeStatus(join(dir, r), { ...old, replacedBy: c.version } satisfies VersionStatus).catch(() => {
      store.notes.push(`could not update ${join(dir, r, 'status.json')}; the next command rewrites it from the ledger`);
    });
  }
  return target;
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
}

function errnoWords(code: string): string {
  return code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'EISDIR' ? 'it is a folder' : code;
}

export function ledgerError(store: ReleaseStore, err: unknown, outcome: string): TuominError {
  if (err instanceof TuominError) return err;
  const code = codeOf(err);
  const what = errnoWords(code);
  return new TuominError('IO', `cannot write the release ledger ${ledgerPath(store.dir)} (${what}); ${outcome}`, { file: ledgerPath(store.dir) },
    code === 'ENOSPC' ? 'free some disk space, then run again' : 'make ledger.jsonl a writable file (it must never be replaced or truncated), then run again',
    // `outcome` is the caller's English sentence on what was (not) published: shown after the Chinese as the original.
    { id: 'release.ledgerUnwritable', params: { errno: code, outcome } });
}

/** A published package is public: files 0644, folders 0755 (the work folder made them private). */
async function publicModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await publicModes(p);
    else await chmod(p, 0o644);
  }
}

/** fsync every file and folder under dir, so the rename publishes bytes that are on disk. */
async function syncTree(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await syncTree(p);
    else {
      const fh = await open(p, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  }
  await fsyncDir(dir);
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    // Some file systems cannot fsync a folder (EINVAL); the rename is still atomic there.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await fh.close();
  }
}
