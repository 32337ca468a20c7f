import { resolve } from 'node:path';
import { t } from './messages/index.js';

/**
 * The input of a verb that reads one source (scan, profile, risk, convert): every file named,
 * resolved; several files are one source, read in the order given (io openSource of a list: one
 * format and one header, checked). One file stays a string, so the one-file path is unchanged.
 */
export function inputsOf(cwd: string, names: readonly string[]): string | string[] {
  const files = names.map((n) => resolve(cwd, n));
  return files.length === 1 ? files[0]! : files;
}

/** The inputs as a message names them: up to three by name, more as the first and last and a count (a month per file for ten years is 120 names). */
export function inputsShown(names: readonly string[]): string {
  if (names.length <= 3) return names.join(', ');
  return t('args.filesShown', { first: names[0]!, last: names[names.length - 1]!, count: names.length.toLocaleString('en-US') });
}
