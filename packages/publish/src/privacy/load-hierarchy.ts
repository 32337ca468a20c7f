import { readFile } from 'node:fs/promises';
import { parseHierarchy, TuominError } from '@tuomin/core';
import type { Hierarchy, PrivacyOptions } from '@tuomin/core';
import { resolve } from 'node:path';

/** Read an ARX-format hierarchy CSV (UTF-8, `;` by default, no header). */
export async function loadHierarchy(path: string, delimiter = ';'): Promise<Hierarchy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TuominError('BAD_INPUT', `cannot read hierarchy file: ${(err as Error).message}`, { file: path }, 'check the path given for the hierarchy', { id: 'hierarchy.cannotReadFile', params: { errno: (err as NodeJS.ErrnoException).code ?? '' } });
  }
  return parseHierarchy(text, delimiter, path);
}

/** Load every `column=path` hierarchy; paths are resolved by the caller. */
export async function loadHierarchies(files: Record<string, string>, delimiter = ';'): Promise<Record<string, Hierarchy>> {
  const out: Record<string, Hierarchy> = {};
  for (const [column, path] of Object.entries(files)) out[column] = await loadHierarchy(path, delimiter);
  return out;
}

/**
 * The file hierarchies of a spec's `privacy.hierarchies` (paths relative to the spec folder),
 * ready for `privacyTransforms(options, loaded)`; built-in entries are left to core.
 */
export async function loadSpecHierarchies(options: PrivacyOptions, specDir: string): Promise<Record<string, Hierarchy>> {
  const out: Record<string, Hierarchy> = {};
  for (const [column, ref] of Object.entries(options.hierarchies ?? {})) {
    if ('file' in ref) out[column] = await loadHierarchy(resolve(specDir, ref.file), ref.delimiter ?? ';');
  }
  return out;
}
