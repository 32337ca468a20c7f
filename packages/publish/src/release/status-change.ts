import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { faultPoint } from './faults.js';
import { checkVersion, exists, statusOf, writeStatus, type ReleaseStatus, type VersionStatus } from './ledger.js';
import { appendEvent, changedError, closeStore, openStore } from './store.js';
import { ledgerError } from './commit.js';
import { checkPackage, readSums } from './verify.js';
import { pinOfFile, type FilePin } from './fingerprint.js';
import { pinsOf, pinsPath, readPins, writePins, type Pins } from './pins.js';
import { checkSourceFile, versionsWithoutSources, type SourceCheck } from './source-match.js';
import { keyChanges } from './key-continuity.js';
import type { SourceDigest } from '../package/source-digest.js';
import type { ReleaseStore } from './store.js';

/** A version as `release list` and `release verify` show it: its status, and the source files it was made from when the ledger records them. */
export type VersionRecord = VersionStatus & { sources?: SourceDigest[] };

function records(store: ReleaseStore): VersionRecord[] {
  return store.versions.map((v) => {
    const sources = store.state.versions.get(v.version)?.sources;
    return sources?.length ? { ...v, sources } : v;
  });
}

/**
 * Change a version's status: suspend, withdraw (deletes its data files, keeps metadata and
 * hashes), restore. Under the dataset's lock, ledger first: a withdrawal writes its intent, then
 * deletes the data, then writes status.json and the completion; a crash in between is finished
 * by the next command. Returns the new status and what opening the store repaired.
 */
export async function changeStatus(
  datasetDir: string,
  version: string,
  action: 'suspend' | 'withdraw' | 'restore',
  reason: string,
  notes: string[] = [],
): Promise<VersionStatus> {
  if (!reason.trim()) throw new TuominError('BAD_INPUT', `a reason is required to ${action} a release`, {}, 'pass --reason "..." (it is recorded in the ledger and status.json)', { id: 'release.reasonRequired', params: { action } });
  // A version the ledger already holds is looked up as written (a ledger from before canonical
  // versions may hold 01.0.0); anything not shaped like a version is refused as such.
  if (!/^\d{1,9}\.\d{1,9}\.\d{1,9}$/.test(version)) checkVersion(version);
  if (!(await exists(datasetDir))) throw new TuominError('BAD_INPUT', `no releases in ${datasetDir}`, { file: datasetDir }, 'give the dataset folder (<output.folder>/<dataset.id>) or the spec', { id: 'release.noReleases' });
  const store = await openStore(datasetDir, { mode: 'write', command: `release ${action}` });
  try {
    notes.push(...store.notes);
    const dir = join(datasetDir, version);
    const st = store.state.versions.get(version);
    if (!st) throw new TuominError('BAD_INPUT', `no release ${version} in ${datasetDir}`, { file: dir }, 'run `tuomin release list <dataset folder>` to see the versions', { id: 'release.noVersion', params: { version } });
    const allowed: Record<typeof action, ReleaseStatus[]> = { suspend: ['published'], withdraw: ['published', 'suspended'], restore: ['suspended'] };
    if (!allowed[action].includes(st.status)) {
      throw new TuominError('BAD_INPUT', `cannot ${action} version ${version}: it is ${st.status}`, { file: dir }, action === 'restore' && st.status === 'withdrawn' ? 'a withdrawn version is final: re-process and publish a new version' : 'see tuomin release list', { id: 'release.cannotChange', params: { action, version, status: st.status } });
    }
    // Restoring would publish again files the cheap check cannot vouch for; suspending and
    // withdrawing such a version stay possible (they take it down).
    const changed = store.changed.find((c) => c.version === version);
    if (action === 'restore' && changed) throw changedError(datasetDir, changed);
    const next: VersionStatus = { ...statusOf(st), status: action === 'suspend' ? 'suspended' : action === 'withdraw' ? 'withdrawn' : 'published', since: new Date().toISOString(), reason };
    // The ledger line carries the same time as status.json (status.json is derived from it).
    const event = { dataset: st.dataset, version, reason, at: next.since };
    if (action === 'withdraw') {
      try {
        await appendEvent(store, { ...event, event: 'withdraw-intent' });
      } catch (err) {
        throw ledgerError(store, err, `nothing was changed: ${version} is still ${st.status}`);
      }
      // Data files go; datapackage.json, SHA256SUMS, reports and status stay as the tombstone.
      await rm(join(dir, 'data'), { recursive: true, force: true });
      await faultPoint('withdraw-after-delete');
      await writeStatus(dir, next).catch(() => notes.push(`could not write ${join(dir, 'status.json')}; the next command rewrites it from the ledger`));
      try {
        await appendEvent(store, { ...event, event: 'withdraw' });
      } catch (err) {
        throw ledgerError(store, err, `the withdrawal of ${version} is recorded as started and its data is deleted; the next tuomin command on this dataset records its completion`);
      }
    } else {
      try {
        await appendEvent(store, { ...event, event: action });
      } catch (err) {
        throw ledgerError(store, err, `nothing was changed: ${version} is still ${st.status}`);
      }
      await writeStatus(dir, next).catch(() => notes.push(`could not write ${join(dir, 'status.json')}; the next command rewrites it from the ledger`));
    }
    return next;
  } finally {
    await closeStore(store);
  }
}

/**
 * The committed versions of a dataset, oldest first, as the verified ledger has them. Recovers
 * half-done commits when no other command holds the dataset; `notes` receives what was repaired.
 */
export async function listVersions(datasetDir: string, notes: string[] = []): Promise<VersionRecord[]> {
  if (!(await exists(datasetDir))) return [];
  const store = await openStore(datasetDir, { mode: 'write-if-free', command: 'release list' });
  try {
    notes.push(...store.notes);
    for (const c of await keyChanges(datasetDir, store.versions)) {
      // A rotation declared in the spec when the version was made (run/key-rotation.ts) is said with its reason.
      const declared = store.state.versions.get(c.version)?.keyRotations?.find((k) => k.transform === c.transform && k.columns.join('\u0000') === c.columns.join('\u0000') && k.to === c.to);
      notes.push(`version ${c.version} applies ${c.transform} to ${c.columns.join(', ')} with another key than ${c.previous} (key id ${c.from} before, ${c.to} now): its values do not join with those of ${c.previous}${declared ? `; a declared rotation: ${declared.reason}` : ''}`);
    }
    return records(store);
  } finally {
    await closeStore(store);
  }
}

/** Size and modification time of every file a version's SHA256SUMS lists, or null when one cannot be read. */
async function pinsNow(versionDir: string): Promise<Record<string, FilePin> | null> {
  const out: Record<string, FilePin> = {};
  for (const path of (await readSums(versionDir)).keys()) {
    const p = await pinOfFile(join(versionDir, path)).catch(() => null);
    if (p === null) return null;
    out[path] = p;
  }
  return out;
}

/**
 * `tuomin release verify`: the ledger's chain (as every command), then every version's files
 * against its SHA256SUMS (which every command does not: it reads all the data). With `sources`
 * (files, relative to `cwd`), each file is compared with the source files the ledger records
 * instead (release/source-match.ts): which versions were made from these bytes. The packages'
 * data is not read again then; their SHA256SUMS digests are checked as by every command.
 */
export async function verifyReleases(datasetDir: string, notes: string[] = [], opts: { sources?: readonly string[]; cwd?: string } = {}): Promise<{ ledgerLines: number; versions: VersionRecord[]; problems: Array<{ version: string; problem: string }>; sources?: SourceCheck[]; unrecorded?: string[] }> {
  if (!(await exists(datasetDir))) throw new TuominError('BAD_INPUT', `no releases in ${datasetDir}`, { file: datasetDir }, 'give the dataset folder (<output.folder>/<dataset.id>) or the spec', { id: 'release.noReleases' });
  const store = await openStore(datasetDir, { mode: 'write-if-free', command: 'release verify', onChanged: 'collect' });
  try {
    notes.push(...store.notes);
    const problems: Array<{ version: string; problem: string }> = [];
    if (opts.sources?.length) {
      const sources: SourceCheck[] = [];
      for (const f of opts.sources) sources.push(await checkSourceFile(store.state, f, opts.cwd ?? process.cwd()));
      const unrecorded = versionsWithoutSources(store.state);
      return { ledgerLines: store.chain.lines.length, versions: records(store), problems, sources, ...(unrecorded.length ? { unrecorded } : {}) };
    }
    const pins = await readPins(datasetDir);
    const repin: Pins = {};
    for (const v of store.versions) {
      if (v.status === 'withdrawn') continue;
      const vdir = join(datasetDir, v.version);
      const digest = store.state.versions.get(v.version)?.sha256sums;
      // The pins are taken before the hashes and compared after: a file written during the
      // check keeps its old pin (and reads as unchecked again) rather than vouching for bytes not read.
      const before = await pinsNow(vdir);
      const problem = await checkPackage(vdir, digest);
      if (problem) problems.push({ version: v.version, problem });
      else if (digest !== undefined && before && JSON.stringify(before) === JSON.stringify(await pinsNow(vdir)) && JSON.stringify(before) !== JSON.stringify(pinsOf(pins, v.version, digest))) {
        repin[v.version] = { sha256sums: digest, files: before };
      }
    }
    const fixed = Object.keys(repin);
    if (fixed.length && store.lock) {
      await writePins(datasetDir, repin).then(
        () => { for (const v of fixed) notes.push(`every file of version ${v} matches SHA256SUMS; recorded their sizes and modification times for the cheap check`); },
        (err: NodeJS.ErrnoException) => notes.push(`could not record the modification times of ${fixed.join(', ')} in ${pinsPath(datasetDir)} (${err.code ?? err.message}); other commands will call them unchecked`),
      );
    } else if (fixed.length) {
      notes.push(`every file of ${fixed.join(', ')} matches SHA256SUMS, but another command holds the dataset: their new modification times are not recorded; run tuomin release verify again when it ends`);
    }
    return { ledgerLines: store.chain.lines.length, versions: records(store), problems };
  } finally {
    await closeStore(store);
  }
}
