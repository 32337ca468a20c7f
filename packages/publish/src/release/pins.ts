import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilePin } from './fingerprint.js';

/**
 * `<dataset>/ledger.pins.json`: per version, the size and modification time of each file it lists, as
 * the commit left them (or as the last full `release verify` found them with every hash
 * matching). A cache that the cheap check (fingerprint.ts) compares with, not the record: it
 * is outside the chain because it must change when a full check re-reads a touched file.
 * Each entry carries the SHA256SUMS digest the ledger recorded for its version, so an entry
 * for another package (a rolled-back commit's number, an edit) is ignored. A missing or
 * unreadable file reads as no pins: every version then reads "unchecked" until `release verify`.
 * Written whole (temporary name, fsync, rename) by a command holding the dataset's lock.
 */
export interface VersionPins {
  sha256sums: string;
  files: Record<string, FilePin>;
}

export type Pins = Record<string, VersionPins>;

export function pinsPath(datasetDir: string): string {
  return join(datasetDir, 'ledger.pins.json');
}

export async function readPins(datasetDir: string): Promise<Pins> {
  try {
    const v = JSON.parse(await readFile(pinsPath(datasetDir), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Pins) : {};
  } catch {
    return {};
  }
}

/** The pins of `version` when they were taken of the package whose SHA256SUMS has `digest`. */
export function pinsOf(pins: Pins, version: string, digest: string | undefined): Record<string, FilePin> | undefined {
  const e = pins[version];
  if (!e || typeof e !== 'object' || typeof e.files !== 'object' || e.files === null) return undefined;
  return digest === undefined || e.sha256sums === digest ? e.files : undefined;
}

/** Record (or replace) the pins of some versions; the caller holds the dataset's lock. */
export async function writePins(datasetDir: string, update: Pins): Promise<void> {
  await writeAll(datasetDir, { ...(await readPins(datasetDir)), ...update });
}

/**
 * Forget the pins of a version whose commit published nothing, so that a failed first commit
 * leaves the dataset folder as empty as it found it (best effort: a stale entry is never read,
 * a version number is never reused).
 */
export async function dropPins(datasetDir: string, version: string): Promise<void> {
  const all = await readPins(datasetDir);
  if (!(version in all)) return;
  delete all[version];
  if (Object.keys(all).length === 0) await unlink(pinsPath(datasetDir)).catch(() => {});
  else await writeAll(datasetDir, all).catch(() => {});
}

async function writeAll(datasetDir: string, all: Pins): Promise<void> {
  const file = pinsPath(datasetDir);
  const tmp = `${file}.${process.pid}`;
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.write(`${JSON.stringify(all, null, 1)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
