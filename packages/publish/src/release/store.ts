import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TuominError } from '@tuomin/core/errors';
import { processAlive } from '@tuomin/io/atomic';
import { appendChain, dropTorn, readChain, ledgerPath, type Chain } from './chain.js';
import { faultPoint } from './faults.js';
import { acquireLock, releaseLock, type DatasetLock } from './lock.js';
import { compareSemver, replay, statusOf, writeStatus, type LedgerEvent, type LedgerState, type VersionStatus } from './ledger.js';
import { checkLayout, checkPackage, namesIn, readSums, sumsDigest } from './verify.js';
import { cheapCheck, type CheapFinding } from './fingerprint.js';
import { pinsOf, readPins } from './pins.js';

/**
 * The release store of one dataset, as every command opens it: the ledger read and verified
 * (chain.ts), half-done commits of a crashed command recovered (in write mode), the version
 * folders checked against the ledger, and status.json derived from it. Only this module and
 * commit.ts change the store.
 */
export interface ReleaseStore {
  dir: string;
  chain: Chain;
  state: LedgerState;
  /** Committed versions, oldest first. */
  versions: VersionStatus[];
  /** What opening the store repaired or noticed (for stderr and the run's warnings). */
  notes: string[];
  lock: DatasetLock | null;
  /** Published and suspended versions whose files the cheap check (fingerprint.ts) found changed or unchecked. */
  changed: ChangedVersion[];
}

export type StoreMode = 'write' | 'read' | 'write-if-free';

export type ChangedVersion = CheapFinding & { version: string; status: VersionStatus['status']; line: number };

/**
 * What opening the store does with a version the cheap check flags: `refuse` (the default of
 * the commands that show versions as published: list, catalog, the data service) throws,
 * naming the version and the file; `note` tells it on stderr and in the run's warnings (run,
 * suspend, withdraw: none of them says the version is what was published, and withdrawing a
 * changed version must stay possible); `collect` leaves `changed` to the caller (verify).
 */
export type OnChanged = 'refuse' | 'note' | 'collect';

const VERSION_DIR = /^\d+\.\d+\.\d+$/;

export async function openStore(datasetDir: string, opts: { mode: StoreMode; command: string; onChanged?: OnChanged }): Promise<ReleaseStore> {
  let lock: DatasetLock | null = null;
  const notes: string[] = [];
  const changed: ChangedVersion[] = [];
  if (opts.mode !== 'read') {
    try {
      lock = await acquireLock(datasetDir, opts.command);
    } catch (err) {
      if (opts.mode === 'write' || !(err instanceof TuominError)) throw err;
      notes.push(`${err.message.split('\n')[0]}; showing the ledger as it stands`);
    }
  }
  try {
    if (lock) await faultPoint('locked');
    const chain = await readChain(datasetDir);
    if (chain.torn) {
      const { line, bytes } = chain.torn;
      if (lock) {
        await dropTorn(datasetDir, chain);
        notes.push(`removed the incomplete line ${line} of ledger.jsonl (${bytes} bytes without a newline): a command stopped while writing it, and ledger.head ends at the line before, so nothing it recorded had happened`);
      } else {
        notes.push(`ignored the incomplete line ${line} of ledger.jsonl (${bytes} bytes without a newline): a command stopped while writing it; the next command that changes the dataset removes it`);
      }
    }
    let state = replay(datasetDir, chain.lines);
    if (lock) {
      // Before any work (a run's pass, a recovery line): a clock behind the ledger would be refused at the commit anyway.
      checkClock(datasetDir, chain, new Date().toISOString());
      if (await recover(datasetDir, chain, state, notes)) state = replay(datasetDir, chain.lines);
      await sweepDead(datasetDir);
    }
    try {
      await crossCheck(datasetDir, state, lock !== null, notes, changed);
    } catch (err) {
      if (lock || !(err instanceof TuominError)) throw err;
      // Without the lock a commit may have moved between our read of the ledger and of the
      // folders (its intent written, then its rename): read both once more before saying so.
      const again = await readChain(datasetDir);
      state = replay(datasetDir, again.lines);
      changed.length = 0;
      await crossCheck(datasetDir, state, false, notes, changed);
      Object.assign(chain, again);
    }
    const onChanged = opts.onChanged ?? (opts.mode === 'write' ? 'note' : 'refuse');
    if (onChanged === 'refuse' && changed.length) throw changedError(datasetDir, changed[0]!);
    if (onChanged === 'note') for (const c of changed) notes.push(changedNote(datasetDir, c));
    const versions = [...state.versions.values()].map(statusOf).sort((a, b) => compareSemver(a.version, b.version));
    return { dir: datasetDir, chain, state, versions, notes, lock, changed };
  } catch (err) {
    if (lock) await releaseLock(lock);
    throw err;
  }
}

export async function closeStore(store: ReleaseStore): Promise<void> {
  if (store.lock) await releaseLock(store.lock);
  store.lock = null;
}

/** Append an event with the time of writing; the store must be open for writing. */
export async function appendEvent(store: ReleaseStore, e: Omit<LedgerEvent, 'at' | 'prev'> & { at?: string }): Promise<void> {
  if (!store.lock) throw new Error('appendEvent: the release store is not open for writing');
  const line = { at: new Date().toISOString(), ...e };
  checkClock(store.dir, store.chain, line.at);
  await appendChain(store.dir, store.chain, line);
}

/**
 * The ledger is the record of when each release was opened (Art. 22, 23), read in line order:
 * a line whose time is earlier than the line before it would record a release as opened before
 * events that happened earlier (a clock set back, a virtual machine restored from a snapshot).
 * Refused, naming both times, rather than written.
 */
export function checkClock(dir: string, chain: Chain, at: string): void {
  const last = chain.lines.at(-1);
  const lastAt = typeof last?.value.at === 'string' ? Date.parse(last.value.at) : NaN;
  if (!last || Number.isNaN(lastAt) || Date.parse(at) >= lastAt) return;
  throw new TuominError('IO', `the system clock (${at}) is behind the last line of the release ledger (${String(last.value.at)}): a line written now would record this change as made before one that was made earlier`, { file: ledgerPath(dir), line: last.line },
    'set the system clock right (check its time synchronisation), then run the command again; nothing was changed', { id: 'release.clockBehind', params: { now: at, last: String(last.value.at) } });
}

/** A name for a folder inside the dataset folder that only this process uses (swept when it is dead). */
export function privateName(kind: 'commit' | 'rollback'): string {
  return `.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Finish what a command killed mid-commit left half-done (the ledger is write-ahead: every
 * change starts with an intent line). A publish whose folder is in place and matches its
 * SHA256SUMS digest is completed; otherwise it is rolled back. A withdrawal is always finished:
 * its data may already be partly deleted. Each outcome is a ledger line marked recovered.
 */
async function recover(dir: string, chain: Chain, state: LedgerState, notes: string[]): Promise<boolean> {
  let changed = false;
  for (const [version, p] of state.pendingPublish) {
    const target = join(dir, version);
    const { prev: _prev, staging, at: _at, ...intent } = p.event;
    if (await isDir(target)) {
      const problem = await checkPackage(target, p.event.sha256sums);
      if (problem === null) {
        await appendChain(dir, chain, { ...intent, at: new Date().toISOString(), event: 'publish', recovered: true });
        notes.push(`completed the release of ${version} that a stopped command had put in place (ledger line ${p.line}); its hashes verify`);
      } else {
        const aside = join(dir, privateName('rollback'));
        await rename(target, aside);
        await rm(aside, { recursive: true, force: true });
        await appendChain(dir, chain, { at: new Date().toISOString(), event: 'publish-rollback', dataset: p.event.dataset, version, reason: `recovered: ${problem}`, recovered: true });
        notes.push(`rolled back the release of ${version} that a stopped command left incomplete (${problem}; ledger line ${p.line})`);
      }
    } else {
      if (staging && /^\.commit-\d+-[0-9a-f]+$/.test(staging)) await rm(join(dir, staging), { recursive: true, force: true });
      await appendChain(dir, chain, { at: new Date().toISOString(), event: 'publish-rollback', dataset: p.event.dataset, version, reason: 'recovered: the command stopped before the release was in place', recovered: true });
      notes.push(`recorded that the release of ${version} started at ledger line ${p.line} never took place (the command stopped before it)`);
    }
    changed = true;
  }
  for (const [version, line] of state.pendingWithdraw) {
    const s = state.versions.get(version)!;
    await rm(join(dir, version, 'data'), { recursive: true, force: true });
    await appendChain(dir, chain, { at: new Date().toISOString(), event: 'withdraw', dataset: s.dataset, version, ...(s.reason ? { reason: s.reason } : {}), recovered: true });
    notes.push(`finished the withdrawal of ${version} started at ledger line ${line}`);
    changed = true;
  }
  return changed;
}

/**
 * The version folders and the ledger must agree. A folder the ledger does not know, a recorded
 * version whose folder or data is gone, data back in a withdrawn version, or a SHA256SUMS that
 * changed: each is an error naming the folder and the ledger line, never glossed over.
 * status.json is derived: one that disagrees (edited, missing, corrupt) is rewritten from the
 * ledger when we hold the lock, and never believed.
 */
async function crossCheck(dir: string, state: LedgerState, repair: boolean, notes: string[], changed: ChangedVersion[]): Promise<void> {
  const file = ledgerPath(dir);
  const pins = await readPins(dir);
  for (const name of await namesIn(dir)) {
    if (!VERSION_DIR.test(name) || !(await isDir(join(dir, name)))) continue;
    if (!state.versions.has(name) && !state.pendingPublish.has(name)) {
      throw new TuominError('BAD_INPUT', `${join(dir, name)} is a version folder that the release ledger does not record`, { file },
        'if ledger.jsonl lost lines, restore it (and ledger.head) from your backup; if the folder was copied in by hand, move it out of the dataset folder', { id: 'release.unrecordedFolder', params: { name } });
    }
  }
  for (const s of state.versions.values()) {
    const vdir = join(dir, s.version);
    const where = { file, line: s.line };
    if (!(await isDir(vdir))) {
      throw new TuominError('BAD_INPUT', `the ledger records version ${s.version} as ${s.status}, but its folder ${vdir} is missing`, where, 'restore the folder from your backup (a release is never deleted, only withdrawn)', { id: 'release.folderMissing', params: { version: s.version, status: s.status } });
    }
    const hasData = await isDir(join(vdir, 'data'));
    if (s.status !== 'withdrawn' && !hasData) {
      throw new TuominError('BAD_INPUT', `version ${s.version} is ${s.status} in the ledger, but its data folder ${join(vdir, 'data')} is missing`, where, 'restore the data folder from your backup; to take the version down, restore it and then run tuomin release withdraw', { id: 'release.dataMissing', params: { version: s.version, status: s.status } });
    }
    if (s.status === 'withdrawn' && hasData && !state.pendingWithdraw.has(s.version)) {
      throw new TuominError('BAD_INPUT', `version ${s.version} was withdrawn, but its data folder ${join(vdir, 'data')} is back`, where, `delete ${join(vdir, 'data')}: a withdrawn version keeps no data`, { id: 'release.withdrawnDataBack', params: { version: s.version, data: join(vdir, 'data') } });
    }
    if (s.sha256sums !== undefined && (await sumsDigest(vdir)) !== s.sha256sums) {
      throw new TuominError('BAD_INPUT', `the SHA256SUMS of version ${s.version} differs from the digest the ledger recorded: the package was changed after its release`, where, 'restore the version folder from your backup; to change a release, publish a new version', { id: 'release.sumsChanged', params: { version: s.version } });
    }
    const layout = await checkLayout(vdir, s.status === 'withdrawn', s.sha256sums === undefined);
    if (layout) {
      throw new TuominError('BAD_INPUT', `version ${s.version} is ${s.status} in the ledger, but its folder ${vdir} is not the package that was released: ${layout}`, where,
        'restore the version folder from your backup (its SHA256SUMS lists what it holds); move out any file or link put there by hand', { id: 'release.notWhole', params: { version: s.version, status: s.status, problem: layout } });
    }
    if (s.status !== 'withdrawn') {
      const found = await cheapCheck(vdir, await readSums(vdir), s.files, pinsOf(pins, s.version, s.sha256sums));
      if (found) changed.push({ ...found, version: s.version, status: s.status, line: s.line });
    }
    const want = statusOf(s);
    // A corrupt status.json is a derived file gone bad, not a damaged release: it reads as absent.
    const have = await readFile(join(vdir, 'status.json'), 'utf8').then((t) => { try { return canonical(JSON.parse(t)); } catch { return null; } }, () => null);
    if (have !== canonical(want)) {
      if (repair && !state.pendingWithdraw.has(s.version)) {
        await writeStatus(vdir, want);
        notes.push(`${join(vdir, 'status.json')} ${have === null ? 'was missing or unreadable' : 'disagreed with the ledger'}; rewritten from the ledger (${s.status})`);
      } else {
        notes.push(`${join(vdir, 'status.json')} ${have === null ? 'is missing or unreadable' : 'disagrees with the ledger'}; the ledger says ${s.status}`);
      }
    }
  }
}

/** The error of a read command that would list a changed version as published (or suspended). */
export function changedError(dir: string, c: ChangedVersion): TuominError {
  const file = join(dir, c.version, c.path);
  const verify = `tuomin release verify ${dir}`;
  return c.kind === 'content'
    ? new TuominError('BAD_INPUT', `version ${c.version} is ${c.status} in the ledger, but its file ${c.path} changed since publication: it ${c.what}`, { file },
      `run \`${verify}\` to check every file against SHA256SUMS, then restore the version folder from your backup, or withdraw the version (tuomin release withdraw)`, { id: 'release.changedSincePublication', params: { version: c.version, status: c.status, path: c.path, what: c.what } })
    : new TuominError('BAD_INPUT', `version ${c.version} is ${c.status} in the ledger, but its file ${c.path} ${c.what}: its content is unchecked, so it cannot be shown as the published file`, { file },
      `run \`${verify}\`: it reads every file against SHA256SUMS and, if all match, records the new modification times (a touch or a copy that does not keep times); if one does not match, restore the version folder from your backup`, { id: 'release.uncheckedSincePublication', params: { version: c.version, status: c.status, path: c.path, what: c.what } });
}

/** The same finding as a note, for commands that do not show the version as published. */
function changedNote(dir: string, c: ChangedVersion): string {
  return c.kind === 'content'
    ? `version ${c.version}: ${join(dir, c.version, c.path)} changed since publication (it ${c.what}); run tuomin release verify`
    : `version ${c.version}: ${join(dir, c.version, c.path)} ${c.what}, content unchecked; run tuomin release verify`;
}

/** Remove what dead commands left in the dataset folder: commit, rollback and legacy staging folders, head temporaries. */
async function sweepDead(dir: string): Promise<void> {
  for (const name of await namesIn(dir)) {
    const m = /^\.(?:commit|rollback|staging)-(\d+)-[0-9a-f]+$/.exec(name) ?? /^ledger\.(?:head|pins\.json)\.(\d+)$/.exec(name) ?? /^\.tuomin\.lock\.(\d+)\.[0-9a-f]+$/.exec(name);
    if (m && !processAlive(Number(m[1]))) await rm(join(dir, name), { recursive: true, force: true });
  }
}

function canonical(v: unknown): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return JSON.stringify(v);
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
