import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
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

/** Names in a folder, or [] when it does not exist. */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
