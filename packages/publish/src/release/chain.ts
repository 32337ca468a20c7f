import { createHash } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { faultPoint } from './faults.js';

/**
 * The ledger file as a hash chain. Each line is one JSON object whose `prev` is the SHA-256 of
 * the previous line's bytes (64 zeros on the first line), so a line deleted, inserted, edited or
 * cut short anywhere before the last one breaks the chain at a line number we can name.
 * `ledger.head` holds the line count and the hash of the last line, so losing or editing the
 * last lines is caught too. Lines written before the chain existed (no `prev`) are accepted as
 * a prefix; the first chained line hashes the last of them (docs/publication.md, "Migration").
 */
export const GENESIS = '0'.repeat(64);

export interface ChainLine {
  /** 1-based line number in ledger.jsonl. */
  line: number;
  text: string;
  value: Record<string, unknown>;
}

export interface Chain {
  lines: ChainLine[];
  /** Hash of the last line (GENESIS for an empty ledger): the next line's `prev`. */
  head: string;
  /** Lines without `prev` at the start (a ledger written before the chain). */
  legacy: number;
  /**
   * An append that never completed: bytes after the last newline that ledger.head does not
   * count (a crash or power cut during the write of a line). `offset` is where they start.
   */
  torn?: { line: number; offset: number; bytes: number };
}

export function ledgerPath(datasetDir: string): string {
  return join(datasetDir, 'ledger.jsonl');
}

export function headPath(datasetDir: string): string {
  return join(datasetDir, 'ledger.head');
}

export function lineHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const RESTORE = 'the ledger is the record of what was opened and when, and tuomin will not guess its lost part: restore ledger.jsonl (and ledger.head) from your backup, then run the command again';

function broken(datasetDir: string, line: number | undefined, what: string, hint = RESTORE): TuominError {
  return new TuominError('BAD_INPUT', `the release ledger is damaged: ${what}`, { file: ledgerPath(datasetDir), ...(line !== undefined ? { line } : {}) }, hint,
    { id: hint === RESTORE ? 'release.ledgerDamaged' : 'release.ledgerUnreadable', params: { what } });
}

/** Read ledger.jsonl and check every line, the chain and the head; throws a TuominError naming the line. */
export async function readChain(datasetDir: string): Promise<Chain> {
  let text: string;
  try {
    text = await readFile(ledgerPath(datasetDir), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (await readHead(datasetDir)) throw broken(datasetDir, undefined, 'ledger.jsonl is missing but ledger.head says it had lines');
      return { lines: [], head: GENESIS, legacy: 0 };
    }
    throw broken(datasetDir, undefined, `ledger.jsonl cannot be read (${code ?? 'error'})`, 'check that ledger.jsonl is a readable file');
  }
  const parts = text.split('\n');
  const last = parts.pop()!;
  const incomplete = (): TuominError => broken(datasetDir, parts.length + 1, 'the last line is incomplete (the file does not end with a newline): it was cut short by a crash during a write, a full disk, or an edit');
  const lines: ChainLine[] = [];
  let head = GENESIS;
  let legacy = 0;
  let chained = false;
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i]!;
    const n = i + 1;
    if (t.trim() === '') throw broken(datasetDir, n, 'the line is empty (lines are never removed or blanked)');
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      throw broken(datasetDir, n, 'the line is not valid JSON (garbage, two lines glued together, or an edit)');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw broken(datasetDir, n, 'the line is not a JSON object');
    const v = value as Record<string, unknown>;
    if (typeof v.event !== 'string' || typeof v.version !== 'string' || typeof v.at !== 'string') {
      throw broken(datasetDir, n, 'the line has no "event", "version" and "at"');
    }
    if (v.prev === undefined) {
      if (chained) throw broken(datasetDir, n, 'the line carries no hash of the previous line, but earlier lines do: it was added by hand');
      legacy++;
    } else {
      chained = true;
      if (v.prev !== head) {
        throw broken(datasetDir, n, n === 1 ? 'the first line does not start the chain: lines before it were deleted' : `the hash of line ${n - 1} recorded here does not match: a line was deleted, inserted or edited at or before line ${n - 1}`);
      }
    }
    head = lineHash(t);
    lines.push({ line: n, text: t, value: v });
  }
  const h = await readHead(datasetDir);
  if (last !== '') {
    // appendChain writes the line, fsyncs it, then the head: a head that counts exactly the
    // complete lines, ending at the last of them, proves these bytes are an append that never
    // completed (no command went on after it), not a recorded line cut short. Anything else
    // (no head, a head that counts the cut line) is damage, as before.
    if (!h || h.lines !== lines.length || h.sha256 !== head || lines.length - legacy < 1) throw incomplete();
    return { lines, head, legacy, torn: { line: lines.length + 1, offset: Buffer.byteLength(text.slice(0, text.length - last.length), 'utf8'), bytes: Buffer.byteLength(last, 'utf8') } };
  }
  if (h) {
    // A crash between the append and the head update leaves the head one line behind.
    const behindByOne = h.lines === lines.length - 1 && h.sha256 === (lines.length >= 2 ? lineHash(lines[lines.length - 2]!.text) : GENESIS);
    const exact = h.lines === lines.length && h.sha256 === head;
    if (!exact && !behindByOne) {
      throw broken(datasetDir, Math.min(h.lines, lines.length) || undefined, h.lines > lines.length
        ? `ledger.head says the ledger had ${h.lines} lines, it has ${lines.length}: lines were removed from its end`
        : `ledger.head does not match line ${h.lines} of ledger.jsonl: the last lines were edited or replaced`);
    }
  } else if (lines.length - legacy > 1) {
    throw broken(datasetDir, undefined, 'ledger.head is missing (it records the ledger\'s length and last hash)');
  }
  return { lines, head, legacy };
}

async function readHead(datasetDir: string): Promise<{ lines: number; sha256: string } | null> {
  let text: string;
  try {
    text = await readFile(headPath(datasetDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as { lines?: unknown; sha256?: unknown };
    if (typeof v.lines === 'number' && typeof v.sha256 === 'string') return { lines: v.lines, sha256: v.sha256 };
  } catch {
    /* reported below */
  }
  throw broken(datasetDir, undefined, 'ledger.head is not valid', RESTORE);
}

/**
 * Append one event to a verified chain: one write of the whole line, fsync, then the head
 * (written to a temporary name, fsynced, renamed). The caller holds the dataset lock and read
 * the chain under it.
 * All or nothing, because the caller tells the user what happened from whether this throws:
 * a short write (a full disk writes part of the line and returns) or a head that cannot be
 * written takes the line back (truncated to the old length) before throwing. Before, a completion
 * line whose head failed stayed in the ledger while the run said "taken back: nothing was
 * published", and the rollback line after it made the ledger unreadable for good.
 * If even the truncation fails, the line stays and counts as written (readers accept a head one
 * line behind, as after a crash between the two writes): the append then succeeds.
 */
export async function appendChain(datasetDir: string, chain: Chain, event: Record<string, unknown>): Promise<void> {
  const text = JSON.stringify({ ...event, prev: chain.head });
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  await faultPoint('ledger-append');
  const file = ledgerPath(datasetDir);
  const fh = await open(file, 'a', 0o644);
  let before = 0;
  try {
    before = (await fh.stat()).size;
    try {
      const { bytesWritten } = await fh.write(bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length) {
        // A full disk writes what fits and returns: the errno write(2) gives on the next call.
        const short = new Error(`ENOSPC: wrote ${bytesWritten} of ${bytes.length} bytes of a ledger line`) as NodeJS.ErrnoException;
        short.code = 'ENOSPC';
        throw short;
      }
      await fh.sync();
    } catch (err) {
      await fh.truncate(before).then(() => fh.sync()).catch(() => {});
      throw err;
    }
  } finally {
    await fh.close();
  }
  const hash = lineHash(text);
  const tmp = `${headPath(datasetDir)}.${process.pid}`;
  try {
    await faultPoint('ledger-head');
    const hh = await open(tmp, 'w', 0o644);
    try {
      await hh.write(`${JSON.stringify({ lines: chain.lines.length + 1, sha256: hash })}\n`);
      await hh.sync();
    } finally {
      await hh.close();
    }
    await rename(tmp, headPath(datasetDir));
  } catch (err) {
    await unlink(tmp).catch(() => {});
    const undone = await truncateFile(file, before).then(() => true, () => false);
    if (undone) throw err;
  }
  chain.lines.push({ line: chain.lines.length + 1, text, value: JSON.parse(text) as Record<string, unknown> });
  chain.head = hash;
}

/** Cut off an append that never completed (the caller holds the dataset's lock). */
export async function dropTorn(datasetDir: string, chain: Chain): Promise<void> {
  if (!chain.torn) return;
  await truncateFile(ledgerPath(datasetDir), chain.torn.offset);
  delete chain.torn;
}

async function truncateFile(file: string, size: number): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.truncate(size);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
