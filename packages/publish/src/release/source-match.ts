import { basename, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { TuominError } from '@tuomin/core/errors';
import { sha256File } from '@tuomin/io/checksum';
import type { SourceDigest } from '../package/source-digest.js';
import type { LedgerState, ReleaseStatus } from './ledger.js';

/** A file checked against the source files the ledger records (`tuomin release verify --source`). */
export interface SourceCheck {
  file: string;
  bytes: number;
  sha256: string;
  /** The versions that recorded a source file with these bytes (same SHA-256 and size), oldest first. */
  matches: Array<{ version: string; status: ReleaseStatus; path: string }>;
  /** Versions that recorded a source file of the same name with other bytes: the extract changed since. */
  differs: Array<{ version: string; status: ReleaseStatus; path: string; bytes: number; sha256: string }>;
}

/**
 * Hash `file` (the one SHA-256 helper, @tuomin/io/checksum) and look it up among the source files
 * of every committed version. A version committed before tuomin recorded source digests has none
 * and matches nothing; `unrecorded` lists such versions so that "no match" is not misread.
 */
export async function checkSourceFile(state: LedgerState, file: string, cwd: string): Promise<SourceCheck> {
  const abs = resolve(cwd, file);
  let bytes: number;
  let sha256: string;
  try {
    bytes = (await stat(abs)).size;
    sha256 = await sha256File(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new TuominError('BAD_INPUT', `cannot read the file to compare with the recorded source files (${code})`, { file: abs },
      'give the path of the extract to check', { id: 'release.sourceUnreadable', params: { file: abs, errno: code } });
  }
  const matches: SourceCheck['matches'] = [];
  const differs: SourceCheck['differs'] = [];
  for (const v of sortedVersions(state)) {
    for (const s of v.sources ?? []) {
      if (s.sha256 === sha256 && s.bytes === bytes) matches.push({ version: v.version, status: v.status, path: s.path });
      else if (basename(s.path) === basename(abs)) differs.push({ version: v.version, status: v.status, ...s });
    }
  }
  return { file: abs, bytes, sha256, matches, differs };
}

/** Versions whose ledger entry records no source files (committed before tuomin recorded them). */
export function versionsWithoutSources(state: LedgerState): string[] {
  return sortedVersions(state).filter((v) => !v.sources?.length).map((v) => v.version);
}

function sortedVersions(state: LedgerState): Array<{ version: string; status: ReleaseStatus; sources?: SourceDigest[] }> {
  return [...state.versions.values()].sort((a, b) => a.line - b.line);
}
