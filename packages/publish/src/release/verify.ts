import { createHash } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { sha256File } from '../package/write.js';

/** SHA-256 of a version folder's SHA256SUMS file, or null when it has none. */
export async function sumsDigest(versionDir: string): Promise<string | null> {
  try {
    return createHash('sha256').update(await readFile(join(versionDir, 'SHA256SUMS'))).digest('hex');
  } catch {
    return null;
  }
}

/**
 * Whether a version folder is complete: its SHA256SUMS has the digest the ledger recorded and
 * every file it lists has its hash. Returns the first problem found, or null.
 */
export async function checkPackage(versionDir: string, expectedDigest: string | undefined): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(join(versionDir, 'SHA256SUMS'), 'utf8');
  } catch {
    return 'SHA256SUMS is missing';
  }
  if (expectedDigest !== undefined && createHash('sha256').update(text, 'utf8').digest('hex') !== expectedDigest) {
    return 'SHA256SUMS differs from the one the ledger recorded';
  }
  const layout = await checkLayout(versionDir, false);
  if (layout) return layout;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) return 'SHA256SUMS has a malformed line';
    const rel = normalize(m[2]!);
    if (isAbsolute(rel) || rel.startsWith('..')) return `SHA256SUMS names a file outside the folder (${m[2]})`;
    const actual = await sha256File(join(versionDir, rel)).catch(() => null);
    if (actual === null) return `${m[2]} is missing`;
    if (actual !== m[1]) return `${m[2]} does not match its hash`;
  }
  return null;
}

/**
 * Whether a version folder holds exactly its package, checked without reading the data (every
 * command does this; `release verify` hashes the data too). Why each rule:
 * - the folder and every file in it are real, not symbolic links: a link lets the release change
 *   outside the store, where neither the lock nor the ledger sees it;
 * - every file SHA256SUMS lists is there (a withdrawn version keeps no data/): a release with a
 *   file gone is not whole, and list and catalog must not advertise it;
 * - no file SHA256SUMS does not list, except status.json (derived; with the temporary name of a
 *   writer that died) and reports/review.json (DERIVED below): a file dropped into a published
 *   folder is served with it, raw data or not.
 * `legacy`: the ledger recorded no SHA256SUMS digest (a store older than the digests) and the
 * folder has no SHA256SUMS: nothing to compare with but the folder itself.
 * Returns the first problem, naming the file relative to the folder, or null.
 */
export async function checkLayout(versionDir: string, withdrawn: boolean, legacy = false): Promise<string | null> {
  const top = await lstat(versionDir).catch(() => null);
  if (top === null) return 'the folder is missing';
  if (top.isSymbolicLink()) return 'the version folder is a symbolic link, not a folder';
  if (!top.isDirectory()) return 'the version is not a folder';
  const sums = await lstat(join(versionDir, 'SHA256SUMS')).catch(() => null);
  if (sums === null) return legacy ? null : 'SHA256SUMS is missing';
  if (!sums.isFile()) return 'SHA256SUMS is not a regular file';
  const listed = new Set<string>();
  for (const line of (await readFile(join(versionDir, 'SHA256SUMS'), 'utf8')).split('\n')) {
    if (!line) continue;
    const m = /^[0-9a-f]{64} {2}(.+)$/.exec(line);
    if (!m) return 'SHA256SUMS has a malformed line';
    listed.add(normalize(m[1]!));
  }
  const present = new Set<string>();
  const walk = async (rel: string): Promise<string | null> => {
    for (const e of await readdir(join(versionDir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) return `${name} is a symbolic link (a published file must be a file of the folder)`;
      if (e.isDirectory()) {
        const problem = await walk(name);
        if (problem) return problem;
      } else if (!e.isFile()) return `${name} is not a regular file`;
      else if (listed.has(name)) present.add(name);
      else if (!DERIVED.test(name)) return `${name} is not listed in SHA256SUMS (a file put into the published folder after its release)`;
    }
    return null;
  };
  const extra = await walk('');
  if (extra) return extra;
  for (const name of listed) {
    if (present.has(name) || (withdrawn && name.startsWith('data/'))) continue;
    return `${name} is missing`;
  }
  return null;
}

/**
 * Files of a version folder that SHA256SUMS does not list by design: itself, reports/review.json
 * (written after it, bound to its digest: run/publish.ts), and status.json (derived from the
 * ledger) with writeStatus's temporary name.
 */
const DERIVED = /^(?:SHA256SUMS|reports\/review\.json|status\.json|\.status\.json\.\d+)$/;

/** Data file hashes of a version, by file name under data/ (from its SHA256SUMS, which a withdrawn version keeps). */
export async function dataHashes(versionDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const text = await readFile(join(versionDir, 'SHA256SUMS'), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) {2}data\/([^/]+)$/.exec(line);
    if (m && !m[2]!.endsWith('-metadata.json')) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** SHA256SUMS of a version folder as path → SHA-256 (paths as listed, normalized); empty when it has none or a malformed line. */
export async function readSums(versionDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const text = await readFile(join(versionDir, 'SHA256SUMS'), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) return new Map();
    const rel = normalize(m[2]!);
    if (isAbsolute(rel) || rel.startsWith('..')) return new Map();
    out.set(rel, m[1]!);
  }
  return out;
}

/** Names in a folder, or [] when it does not exist. */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
