import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TuominError } from '@tuomin/core/errors';
import { processAlive } from '@tuomin/io/atomic';
import { appendChain, readChain, ledgerPath, type Chain } from './chain.js';
import { faultPoint } from './faults.js';
import { acquireLock, releaseLock, type DatasetLock } from './lock.js';
import { compareSemver, replay, statusOf, writeStatus, type LedgerEvent, type LedgerState, type VersionStatus } from './ledger.js';
import { checkLayout, checkPackage, namesIn, sumsDigest } from './verify.js';

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
}

export type StoreMode = 'write' | 'read' | 'write-if-free';

const VERSION_DIR = /^\d+\.\d+\.\d+$/;

export async function openStore(datasetDir: string, opts: { mode: StoreMode; command: string }): Promise<ReleaseStore> {
  let lock: DatasetLock | null = null;
  const notes: string[] = [];
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
    let state = replay(datasetDir, chain.lines);
    if (lock) {
      // Before any work (a run's pass, a recovery line): a clock behind the ledger would be refused at the commit anyway.
      checkClock(datasetDir, chain, new Date().toISOString());
      if (await recover(datasetDir, chain, state, notes)) state = replay(datasetDir, chain.lines);
      await sweepDead(datasetDir);
    }
    try {
      await crossCheck(datasetDir, state, lock !== null, notes);
    } catch (err) {
      if (lock || !(err instanceof TuominError)) throw err;
      // Without the lock a commit may have moved between our read of the ledger and of the
      // folders (its intent written, then its rename): read both once more before saying so.
      const again = await readChain(datasetDir);
      state = replay(datasetDir, again.lines);
      await crossCheck(datasetDir, state, false, notes);
      Object.assign(chain, again);
    }
    const versions = [...state.versions.values()].map(statusOf).sort((a, b) => compareSemver(a.version, b.version));
    return { dir: datasetDir, chain, state, versions, notes, lock };
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
async function crossCheck(dir: string, state: LedgerState, repair: boolean, notes: string[]): Promise<void> {
  const file = ledgerPath(dir);
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

/** Remove what dead commands left in the dataset folder: commit, rollback and legacy staging folders, head temporaries. */
async function sweepDead(dir: string): Promise<void> {
  for (const name of await namesIn(dir)) {
    const m = /^\.(?:commit|rollback|staging)-(\d+)-[0-9a-f]+$/.exec(name) ?? /^ledger\.head\.(\d+)$/.exec(name) ?? /^\.tuomin\.lock\.(\d+)\.[0-9a-f]+$/.exec(name);
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
