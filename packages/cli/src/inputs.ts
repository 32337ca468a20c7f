import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { t } from './messages/index.js';

/**
 * The input names with every `*` pattern expanded as `source.path` patterns are (publish
 * sourceFiles: one folder, sorted by name, hidden files left out, a case-only miss refused, a file
 * named twice refused), for the shells that pass a pattern on unexpanded: cmd.exe and PowerShell
 * always; a POSIX shell when nothing matched (then the error names the pattern and its folder). A
 * name that is an existing file is kept as it is, `*` or not. Matched files are named relative to
 * the working folder, as a shell would have named them.
 */
export async function expandInputNames(cwd: string, names: readonly string[]): Promise<string[]> {
  if (!names.some((n) => n.includes('*'))) return [...names];
  // Loaded only for a pattern: the verbs' start stays without the publish package.
  const { sourceFiles } = await import('@tuomin/publish');
  const out: string[] = [];
  for (const n of names) {
    if (!n.includes('*') || (await isFile(resolve(cwd, n)))) out.push(n);
    else out.push(...(await sourceFiles({ path: n }, cwd)).map((f) => relative(cwd, f)));
  }
  return out;
}

/**
 * A folder named where a data file is expected (profile, risk, convert, anonymize) is refused by
 * name as a folder (EISDIR, exit 1), before a reader calls it a file without an extension.
 */
export async function refuseFolders(cwd: string, names: readonly string[]): Promise<void> {
  for (const n of names) {
    const path = resolve(cwd, n);
    if (await stat(path).then((s) => s.isDirectory(), () => false)) {
      throw Object.assign(new Error(`EISDIR: ${path} is a folder`), { code: 'EISDIR', path });
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

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
