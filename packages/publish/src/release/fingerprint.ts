import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The cheap check of a published file, done by every command that opens the store (store.ts):
 * `release verify` reads every byte against SHA256SUMS (seconds per GB); list, catalog and the
 * data service cannot, yet must not call a file "published" that is not what was published.
 *
 * Two records per file, taken by the commit when the package is in its final place:
 * - in the ledger's publish lines, `files`: its size and `sample`, the SHA-256 of 64 blocks of
 *   4 KiB (the first, the last, and 62 at offsets derived from the file's full SHA-256). The
 *   content alone decides both, so they survive every honest copy (backup, restore, another disk).
 *   A file of 256 KiB or less is sampled whole: for it the cheap check is the full check.
 * - in `ledger.pins.json` (pins.ts), its size and modification time (compared to the millisecond): any
 *   ordinary write moves the modification time, so one changed byte that the sample misses is still seen.
 *
 * A large file whose size and time hold is only stat'ed (0.5 ms for a 1 GiB release); its
 * sample is read when they moved, to tell a changed file from a touched one.
 *
 * What a difference means (docs/publication.md, "The cheap check"):
 * - size or sample differ: the content changed (certain);
 * - both match but the modification time moved (or no pin is recorded): the file was written or
 *   touched, its content is unchecked. Said as such, not as "tampered": a `touch` or a copy that
 *   does not keep times gives the same picture as an edit of one byte. `release verify` reads it
 *   and, when every hash matches, records the new time (pins.ts).
 * Not pinned: inode and change time. They move on honest copies that keep content and
 * modification time (cp -a, a restore from backup, another disk); to keep a write from moving
 * the modification time takes a deliberate reset (touch -d), the same class as rewriting
 * SHA256SUMS and the chain, which only `release verify` and a copy of the ledger kept elsewhere catch.
 */
export interface FileSample {
  /** Relative to the version folder, as SHA256SUMS lists it. */
  path: string;
  bytes: number;
  sample: string;
}

export interface FilePin {
  bytes: number;
  /** Modification time in nanoseconds since the epoch, as a decimal string (beyond 2^53). */
  mtimeNs: string;
}

export const SAMPLE_BLOCK = 4096;
export const SAMPLE_BLOCKS = 64;

/**
 * The byte offsets sampled in a file of `size` bytes whose full SHA-256 is `sha256`: block 0,
 * the last block (where a Parquet footer and a CSV's last rows live) and 62 block-aligned
 * offsets drawn from the hash. Deterministic, so the commit and every later check read the
 * same blocks; not secret (SHA256SUMS is public), so a sample is a check against accidents and
 * careless edits, not against someone who chooses which byte to change.
 */
export function sampleOffsets(size: number, sha256: string): number[] {
  const blocks = Math.ceil(size / SAMPLE_BLOCK);
  const set = new Set<number>([0, (blocks - 1) * SAMPLE_BLOCK]);
  for (let i = 0; set.size < SAMPLE_BLOCKS && i < SAMPLE_BLOCKS * 4; i++) {
    const d = createHash('sha256').update(`${sha256}:${i}`).digest();
    // 48 bits of the digest: uniform enough over any block count a file can have.
    set.add((d.readUIntBE(0, 6) % blocks) * SAMPLE_BLOCK);
  }
  return [...set].sort((a, b) => a - b);
}

/** The sample of a file (whole when it is at most 64 blocks); `sha256` is its full hash from SHA256SUMS. */
export async function sampleFile(file: string, size: number, sha256: string): Promise<string> {
  const h = createHash('sha256');
  const fh = await open(file, 'r');
  try {
    if (size <= SAMPLE_BLOCK * SAMPLE_BLOCKS) {
      const buf = Buffer.alloc(size);
      const { bytesRead } = await fh.read(buf, 0, size, 0);
      h.update(buf.subarray(0, bytesRead));
    } else {
      const buf = Buffer.alloc(SAMPLE_BLOCK);
      const at = Buffer.alloc(8);
      for (const off of sampleOffsets(size, sha256)) {
        const { bytesRead } = await fh.read(buf, 0, SAMPLE_BLOCK, off);
        at.writeBigUInt64BE(BigInt(off));
        h.update(at).update(buf.subarray(0, bytesRead));
      }
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

export async function pinOfFile(file: string): Promise<FilePin> {
  const s = await stat(file, { bigint: true });
  return { bytes: Number(s.size), mtimeNs: String(s.mtimeNs) };
}

/** Size, sample and pin of every file `sums` lists (path → full SHA-256), read in the folder. */
export async function fingerprintFiles(versionDir: string, sums: Map<string, string>): Promise<{ files: FileSample[]; pins: Record<string, FilePin> }> {
  const files: FileSample[] = [];
  const pins: Record<string, FilePin> = {};
  for (const [path, sha256] of sums) {
    const abs = join(versionDir, path);
    const pin = await pinOfFile(abs);
    files.push({ path, bytes: pin.bytes, sample: await sampleFile(abs, pin.bytes, sha256) });
    pins[path] = pin;
  }
  return { files, pins };
}

/** What the cheap check found in one file of a version: `content` is certain, `unchecked` is not. */
export interface CheapFinding {
  kind: 'content' | 'unchecked';
  path: string;
  /** An English phrase: "is 1,001 bytes, published 1,000", "was modified after its release". */
  what: string;
}

/**
 * Check a version's files against their recorded size, sample and pin. `files` from the
 * ledger (undefined for a version committed before tuomin recorded them: then the pins, if a
 * full `release verify` recorded some, are all there is). Returns the first finding, or null.
 * A file that is gone or not a file is left to checkLayout, which names it.
 */
export async function cheapCheck(versionDir: string, sums: Map<string, string>, files: readonly FileSample[] | undefined, pins: Record<string, FilePin> | undefined): Promise<CheapFinding | null> {
  const list = files ?? (pins ? Object.entries(pins).map(([path, p]) => ({ path, bytes: p.bytes, sample: undefined })) : []);
  let unchecked: CheapFinding | null = null;
  for (const f of list) {
    const abs = join(versionDir, f.path);
    const sha256 = sums.get(f.path);
    const now = await pinOfFile(abs).catch(() => null);
    if (now === null || sha256 === undefined) continue;
    if (now.bytes !== f.bytes) return { kind: 'content', path: f.path, what: `is ${now.bytes} bytes, ${f.bytes} when it was published` };
    const whole = now.bytes <= SAMPLE_BLOCK * SAMPLE_BLOCKS;
    const pin = pins?.[f.path];
    const pinned = pin !== undefined && pin.bytes === now.bytes && sameMillisecond(pin.mtimeNs, now.mtimeNs);
    // A large file whose pin holds is not read at all: a stat per file is what keeps the check
    // cheap on a store of many versions. Its sample is read when the pin moved, to tell a
    // changed file (certain) from a touched one (unchecked); a small file is always read whole.
    if (f.sample !== undefined && (whole || !pinned)) {
      if ((await sampleFile(abs, now.bytes, sha256)) !== f.sample) {
        return { kind: 'content', path: f.path, what: `differs from the published file in ${whole ? 'its bytes' : 'the sampled blocks'}` };
      }
      // Read whole and equal: the content is the published one, whatever its times say.
      if (whole) continue;
    }
    if (unchecked === null && !pinned) {
      unchecked = { kind: 'unchecked', path: f.path, what: pin === undefined ? 'has no recorded modification time' : 'was modified after its release (its modification time moved)' };
    }
  }
  return unchecked;
}

/**
 * Modification times are compared to the millisecond: Node's fs.cp keeps times to the
 * millisecond only, and Linux stamps files from a clock that ticks every few milliseconds, so
 * the nanoseconds add no power to see a write, only false alarms after an honest copy.
 */
function sameMillisecond(a: string, b: string): boolean {
  try {
    return BigInt(a) / 1_000_000n === BigInt(b) / 1_000_000n;
  } catch {
    return false;
  }
}
