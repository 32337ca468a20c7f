import { stat } from 'node:fs/promises';

/**
 * Wrong command-line usage (a bad flag value, a missing argument). Thrown by the commands and
 * reported by main(): exit 2, the reason and the command's usage on stderr, and with --json one
 * `{ ok: false, error: { code: 'USAGE', message, hint } }` object on stdout.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(
    message: string,
    /** The command name (for the `tuomin <command>:` prefix), if any. */
    readonly command?: string,
    /** The command's usage text, printed after the reason on stderr. */
    readonly usage?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A decimal number flag: empty, blank, NaN or ±Infinity are refused (Number('') would be 0). */
export function strictNumber(value: string): number {
  const s = value.trim();
  if (s === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/** A calendar date YYYY-MM-DD that exists (2024-02-30 is refused, not rolled into March); null otherwise. */
export function parseIsoDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return null;
  return d;
}

/** True when the path exists and is a folder. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** True when the path exists (a file, a folder or anything else). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True when both paths name the same existing file (hard or symbolic links included). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
