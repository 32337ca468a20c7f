import { readFile, rename } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { readChain, ledgerPath } from './chain.js';
import type { SourceDigest } from '../package/source-digest.js';
import type { FileSample } from './fingerprint.js';

export { ledgerPath };

/**
 * The release ledger of one dataset: an append-only, hash-chained JSON-lines log
 * (`ledger.jsonl`, see chain.ts) in the dataset's folder; it is the record (Art. 22, 23). Each
 * version folder's `status.json` is derived from it, for readers of the folder alone.
 * States: published → suspended → published (restore) | withdrawn (final; data files deleted).
 */
export type ReleaseStatus = 'published' | 'suspended' | 'withdrawn';

export type LedgerEventName = 'publish-intent' | 'publish' | 'publish-rollback' | 'withdraw-intent' | 'withdraw' | 'suspend' | 'restore';

export interface LedgerEvent {
  at: string;
  event: LedgerEventName;
  dataset: string;
  version: string;
  reason?: string;
  recipient?: string;
  previousVersion?: string;
  /** The newest withdrawn version this one replaces (dct:replaces). */
  replaces?: string;
  /** Older withdrawn versions, not yet replaced, that this one replaces too. */
  alsoReplaces?: string[];
  sha256sums?: string;
  /** publish-intent and publish: every source file read, as the spec lists it, with its size and SHA-256 (absent on lines written before tuomin recorded them). */
  sources?: SourceDigest[];
  /** publish-intent and publish: every file SHA256SUMS lists, with its size and sample (fingerprint.ts; absent on lines written before tuomin recorded them). */
  files?: FileSample[];
  /** When the release was issued (the run's start); `at` is when the line was written. */
  issued?: string;
  /** publish-intent: the folder, inside the dataset folder, that the commit renames into place. */
  staging?: string;
  /** Written by the recovery of a half-done commit at the start of a later command. */
  recovered?: boolean;
  /** publish-intent and publish: keyed rules whose key was changed on purpose since previousVersion (spec keys.<name>.rotated): key ids, never keys. */
  keyRotations?: KeyRotationRecord[];
  /** SHA-256 of the previous line (chain.ts). */
  prev?: string;
}

/** A declared key rotation as the ledger records it (run/key-rotation.ts). */
export interface KeyRotationRecord {
  key: string;
  transform: string;
  columns: string[];
  /** Key ids (the first 8 hex characters of SHA-256 of the key, keys.ts): before, now. */
  from: string;
  to: string;
  reason: string;
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

/** A version as the ledger has it, with where it was recorded. */
export interface VersionState extends VersionStatus {
  /** Line of the publish event. */
  line: number;
  sha256sums?: string;
  sources?: SourceDigest[];
  files?: FileSample[];
  keyRotations?: KeyRotationRecord[];
}

export interface PendingPublish {
  line: number;
  event: LedgerEvent;
}

/** The state the ledger describes: committed versions, half-done commits, every version number used. */
export interface LedgerState {
  versions: Map<string, VersionState>;
  pendingPublish: Map<string, PendingPublish>;
  /** Withdrawals whose intent is recorded but not their completion (the version counts as withdrawn). */
  pendingWithdraw: Map<string, number>;
  /** Every version number the ledger mentions (rolled-back ones too: a number is never reused). */
  used: Set<string>;
}

const VERSION_SHAPE = /^\d{1,9}\.\d{1,9}\.\d{1,9}$/;

/** Replay the chain's events into a state; an event that contradicts the state before it is damage. */
export function replay(datasetDir: string, lines: Array<{ line: number; value: Record<string, unknown> }>): LedgerState {
  const versions = new Map<string, VersionState>();
  const pendingPublish = new Map<string, PendingPublish>();
  const pendingWithdraw = new Map<string, number>();
  const used = new Set<string>();
  let dataset: string | undefined;
  for (const { line, value } of lines) {
    const e = value as unknown as LedgerEvent;
    const v = e.version;
    const bad = (what: string): TuominError => new TuominError('BAD_INPUT', `the release ledger is damaged: ${e.event} of version ${v} ${what}`, { file: ledgerPath(datasetDir), line }, 'lines were reordered, removed or edited: restore ledger.jsonl (and ledger.head) from your backup, then run the command again', { id: 'release.ledgerOrder', params: { event: e.event, version: v, what } });
    if (!VERSION_SHAPE.test(v)) throw bad('names no version (MAJOR.MINOR.PATCH)');
    if (e.sources !== undefined && !validSources(e.sources)) throw bad('has a malformed list of source files (each needs a path, a byte size and a SHA-256)');
    if (e.files !== undefined && !validFiles(e.files)) throw bad('has a malformed list of published files (each needs a path, a byte size and a sample SHA-256)');
    // Every line of one store names one dataset: lines of two datasets mean two stores wrote one folder.
    if (typeof e.dataset === 'string') {
      dataset ??= e.dataset;
      if (e.dataset !== dataset) throw bad(`names dataset "${e.dataset}", but earlier lines name "${dataset}": two datasets wrote to one folder`);
    }
    used.add(v);
    const cur = versions.get(v);
    switch (e.event) {
      case 'publish-intent':
        if (cur || pendingPublish.has(v)) throw bad('comes after that version was already published or started');
        pendingPublish.set(v, { line, event: e });
        break;
      case 'publish': {
        pendingPublish.delete(v);
        if (cur) throw bad('comes after that version was already published');
        versions.set(v, {
          dataset: e.dataset, version: v, status: 'published', since: e.issued ?? e.at, line,
          ...(e.previousVersion ? { previousVersion: e.previousVersion } : {}),
          ...(e.replaces ? { replaces: e.replaces } : {}),
          ...(e.recipient ? { recipient: e.recipient } : {}),
          ...(e.sha256sums ? { sha256sums: e.sha256sums } : {}),
          ...(e.sources ? { sources: e.sources } : {}),
          ...(e.files ? { files: e.files } : {}),
          ...(Array.isArray(e.keyRotations) && e.keyRotations.length ? { keyRotations: e.keyRotations } : {}),
        });
        for (const r of [e.replaces, ...(e.alsoReplaces ?? [])]) {
          if (r === undefined) continue;
          const old = versions.get(r);
          if (!old || old.status !== 'withdrawn') throw bad(`says it replaces ${r}, which is not a withdrawn version`);
          old.replacedBy = v;
        }
        break;
      }
      case 'publish-rollback':
        if (!pendingPublish.delete(v)) throw bad('has no publish-intent before it');
        break;
      case 'withdraw-intent':
      case 'withdraw': {
        if (e.event === 'withdraw' && pendingWithdraw.delete(v)) break;
        if (!cur || cur.status === 'withdrawn') throw bad(`comes when that version is ${cur ? cur.status : 'not published'}`);
        Object.assign(cur, { status: 'withdrawn', since: e.at, reason: e.reason });
        if (e.event === 'withdraw-intent') pendingWithdraw.set(v, line);
        break;
      }
      case 'suspend':
      case 'restore': {
        const from = e.event === 'suspend' ? 'published' : 'suspended';
        if (!cur || cur.status !== from) throw bad(`comes when that version is ${cur ? cur.status : 'not published'}`);
        Object.assign(cur, { status: e.event === 'suspend' ? 'suspended' : 'published', since: e.at, reason: e.reason });
        break;
      }
      default:
        throw bad('is not an event the ledger knows');
    }
  }
  return { versions, pendingPublish, pendingWithdraw, used };
}

/** A ledger line's `sources`: a list of { path, bytes, sha256 } (a chain-valid line is trusted for nothing else). */
function validSources(v: unknown): v is SourceDigest[] {
  return Array.isArray(v) && v.every((f: unknown) => {
    const o = f as Partial<SourceDigest> | null;
    return o !== null && typeof o === 'object' && typeof o.path === 'string' && Number.isSafeInteger(o.bytes) && o.bytes! >= 0 && typeof o.sha256 === 'string' && /^[0-9a-f]{64}$/.test(o.sha256);
  });
}

/** A ledger line's `files`: a list of { path, bytes, sample }. */
function validFiles(v: unknown): v is FileSample[] {
  return Array.isArray(v) && v.every((f: unknown) => {
    const o = f as Partial<FileSample> | null;
    return o !== null && typeof o === 'object' && typeof o.path === 'string' && Number.isSafeInteger(o.bytes) && o.bytes! >= 0 && typeof o.sample === 'string' && /^[0-9a-f]{64}$/.test(o.sample);
  });
}

/** The ledger's events, after verifying the chain (tests and tools; commands use openStore). */
export async function readLedger(datasetDir: string): Promise<LedgerEvent[]> {
  return (await readChain(datasetDir)).lines.map((l) => l.value as unknown as LedgerEvent);
}

/** The status.json a version folder should hold, derived from the ledger. */
export function statusOf(s: VersionState): VersionStatus {
  const { line: _line, sha256sums: _sums, sources: _sources, files: _files, ...status } = s;
  return status;
}

export async function readStatus(versionDir: string): Promise<VersionStatus> {
  try {
    return JSON.parse(await readFile(join(versionDir, 'status.json'), 'utf8')) as VersionStatus;
  } catch {
    throw new TuominError('BAD_INPUT', 'no release at this path', { file: versionDir }, 'run `tuomin release list <dataset folder>` to see the versions', { id: 'release.noReleaseAtPath' });
  }
}

/** status.json, whole or not at all (temporary name, fsync, rename). */
export async function writeStatus(versionDir: string, s: VersionStatus): Promise<void> {
  const tmp = join(versionDir, `.status.json.${process.pid}`);
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.write(`${JSON.stringify(s, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(versionDir, 'status.json'));
}

export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The highest of the version numbers, or undefined. */
export function highestVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (best === undefined || compareSemver(v, best) > 0) best = v;
  return best;
}

/**
 * The next version: 1.0.0 first, then a minor bump over the highest number ever used (a
 * rolled-back or withdrawn number is never reused). Takes the used numbers, or versions.
 */
export function nextVersion(existing: Iterable<string> | VersionStatus[]): string {
  const names = [...existing].map((x) => (typeof x === 'string' ? x : x.version));
  const top = highestVersion(names);
  if (top === undefined) return '1.0.0';
  const [maj, min] = top.split('.').map(Number);
  return `${maj}.${min! + 1}.0`;
}

/**
 * A version is MAJOR.MINOR.PATCH in canonical form (digits without leading zeros, as SemVer
 * 2.0.0 §2 says): it names a folder under the dataset folder, and only such folders are
 * releases. 01.0.0 beside 1.0.0 would be two folders for one version; anything else (v2, ../x)
 * would publish a release the ledger cannot see, or outside the folder.
 */
export function checkVersion(version: string): void {
  if (!/^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.test(version)) {
    const shape = VERSION_SHAPE.test(version);
    throw new TuominError('BAD_INPUT', shape
      ? `"${version}" is not a canonical version: numbers are written without leading zeros`
      : `"${version}" is not a version: versions are MAJOR.MINOR.PATCH, such as 1.2.0`, {}, shape
      ? `write it as ${version.split('.').map((n) => String(Number(n))).join('.')}, or omit --version to take the next one`
      : 'give a version such as 1.2.0, or omit --version to take the next one',
    { id: shape ? 'release.versionNotCanonical' : 'release.notVersion', params: { version, canonical: version.split('.').map((n) => String(Number(n))).join('.') } });
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
