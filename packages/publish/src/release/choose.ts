import { join } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { checkVersion, compareSemver, highestVersion } from './ledger.js';
import type { ReleaseStore } from './store.js';
import { dataHashes } from './verify.js';

/**
 * A new version must be canonical, never used before (a rolled-back or withdrawn number too) and
 * above every version the ledger knows: versions only go up, so "the latest" means one thing.
 */
export function checkNewVersion(store: ReleaseStore, version: string): void {
  checkVersion(version);
  const file = join(store.dir, version);
  if (store.state.used.has(version)) {
    throw new TuominError('BAD_INPUT', `version ${version} of this dataset already exists or was used before`, { file }, 'versions are immutable and never reused: omit --version to take the next one', { id: 'release.versionUsed', params: { version } });
  }
  const top = highestVersion(store.state.used);
  if (top !== undefined && compareSemver(version, top) < 0) {
    throw new TuominError('BAD_INPUT', `version ${version} is lower than the latest version ${top}: versions only go up`, { file }, `omit --version to take the next one, or give a version above ${top}`, { id: 'release.versionLower', params: { version, top } });
  }
}

/** Withdrawn versions that no later version replaces yet, newest first: the next release replaces them all. */
export function replacedVersions(store: ReleaseStore): string[] {
  return store.versions.filter((v) => v.status === 'withdrawn' && !v.replacedBy).map((v) => v.version).reverse();
}

/**
 * Formats whose bytes depend on the data alone. Parquet, Arrow and XLSX carry the version in
 * their metadata, so identical data gives different files and cannot be compared by hash.
 */
const PLAIN = /\.(csv|ndjson)$/;

export interface SameData {
  version: string;
  withdrawn: boolean;
  what: string;
}

/**
 * Whether the new data files are byte-identical to the latest version's or to a withdrawn
 * version's (its SHA256SUMS stays as a tombstone): a re-run on unchanged data, or the data of a
 * release withdrawn for a leak coming back.
 */
export async function sameDataAs(store: ReleaseStore, files: Array<{ path: string; sha256: string }>): Promise<SameData | null> {
  const mine = new Map(files.filter((f) => PLAIN.test(f.path)).map((f) => [f.path.replace(/^data\//, ''), f.sha256]));
  if (mine.size === 0) return null;
  const latest = store.versions.at(-1);
  // A withdrawn version first: its data coming back is the graver case.
  const candidates = [
    ...store.versions.filter((v) => v.status === 'withdrawn').reverse(),
    ...(latest && latest.status !== 'withdrawn' ? [latest] : []),
  ];
  for (const v of candidates) {
    const theirs = await dataHashes(join(store.dir, v.version));
    if ([...mine].every(([name, hash]) => theirs.get(name) === hash)) {
      const withdrawn = v.status === 'withdrawn';
      return { version: v.version, withdrawn, what: withdrawn ? `withdrawn version ${v.version}${v.reason ? ` (withdrawn: ${v.reason})` : ''}` : `the latest version ${v.version}` };
    }
  }
  return null;
}
