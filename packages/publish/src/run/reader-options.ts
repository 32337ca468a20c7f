import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { TuominError } from '@tuomin/core';
import type { ReadOptions } from '@tuomin/io';
import type { Spec } from '../spec/schema.js';

/**
 * The one translation from a spec's `source:` to the reader's options, for the run, the dry run
 * and `tuomin bench`: the spec's CSV dialect and XLSX sheet as given (unset keys left to the reader's defaults,
 * which exactOptionalPropertyTypes would otherwise see as `undefined` values).
 *
 * `badRows` says where rows skipped under onBadRow: skip go: a path in the run's private folder,
 * or null for nowhere (a bench, which publishes nothing). Never the reader's default, which is
 * beside the source file, where a run must not leave raw rows.
 */
export function readerOptions(source: Spec['source'], badRows: { rejectPath: string | null }, batchSize?: number): ReadOptions {
  const size = batchSize ?? source.batchSize;
  const csv = source.csv;
  const xlsx = source.xlsx ? { xlsx: Object.fromEntries(Object.entries(source.xlsx).filter(([, v]) => v !== undefined)) as NonNullable<ReadOptions['xlsx']> } : {};
  if (!csv) return { ...(size ? { batchSize: size } : {}), ...xlsx };
  const dialect = Object.fromEntries(Object.entries(csv).filter(([, v]) => v !== undefined)) as NonNullable<ReadOptions['csv']>;
  return {
    ...(size ? { batchSize: size } : {}),
    csv: { ...dialect, ...(csv.onBadRow === 'skip' ? { rejectPath: badRows.rejectPath } : {}) },
    ...xlsx,
  };
}

/**
 * The files of a spec's `source.path`, absolute, in the order read: a string is one file; a list
 * is several files of one source (io multi-source.ts). An entry with `*` in its last segment
 * matches the files of that one folder, sorted by name (code unit order, so `2024-02` before
 * `2024-10`), never a hidden file, and must match at least one: a month missing from the
 * folder is an error naming the pattern, not a smaller release. A file named twice (listed, or
 * matched by two entries) is refused: its rows would be published twice.
 */
export async function sourceFiles(source: Pick<Spec['source'], 'path'>, dir: string): Promise<string[]> {
  const given = typeof source.path === 'string' ? [source.path] : source.path;
  const files: string[] = [];
  for (const entry of given) files.push(...(entry.includes('*') ? await matchFiles(dir, entry) : [resolve(dir, entry)]));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f)) {
      throw new TuominError('BAD_SPEC', `source.path names ${f} twice: its rows would be read twice`, { file: f },
        'name each file once in source.path (a pattern and a listed file can both match it)', { id: 'source.fileTwice', params: { file: f } });
    }
    seen.add(f);
  }
  return files;
}

async function matchFiles(dir: string, pattern: string): Promise<string[]> {
  const abs = resolve(dir, pattern);
  const folder = dirname(abs);
  const name = basename(abs);
  if (folder.includes('*')) {
    throw new TuominError('BAD_SPEC', `source.path "${pattern}": a * matches file names in one folder only, not folders`, {},
      'put the * in the file name (data/2024-*.csv), or list the files', { id: 'source.globFolder', params: { pattern } });
  }
  const re = new RegExp(`^${name.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'u');
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new TuominError('IO', `source.path "${pattern}": cannot read the folder ${folder} (${code})`, { file: folder },
      'check the folder exists and is readable', { id: 'source.globNoFolder', params: { pattern, folder } });
  }
  const candidates = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.'));
  // A month exported as 2024-03.CSV beside 2024-01.csv: a pattern that missed it would publish the
  // release without that month's rows, and no error. Refused, naming it: the case is the user's to fix.
  const caseOnly = candidates.find((e) => !re.test(e.name) && new RegExp(re.source, 'iu').test(e.name));
  if (caseOnly !== undefined) {
    throw new TuominError('BAD_SPEC', `source.path "${pattern}" does not match ${join(folder, caseOnly.name)}, which it would match but for the case of its letters: its rows would be left out of the release`, { file: join(folder, caseOnly.name) },
      'rename the file to the others\' spelling (2024-03.CSV → 2024-03.csv), or list the files', { id: 'source.globCase', params: { pattern, file: join(folder, caseOnly.name) } });
  }
  const names = candidates.filter((e) => re.test(e.name)).map((e) => e.name);
  if (names.length === 0) {
    throw new TuominError('BAD_INPUT', `source.path "${pattern}" matches no file in ${folder}`, { file: folder },
      'check the pattern and that the extracts are in the folder', { id: 'source.globNoMatch', params: { pattern, folder } });
  }
  // A reject file `tuomin convert --on-bad-row skip` left beside its output (<out>.rejects.csv):
  // raw bad rows without a header, never an extract. Refused by name, not skipped: the pattern is
  // the user's, and a file it matches is never left out silently.
  const rejects = names.find((n) => /\.rejects\.csv$/i.test(n));
  if (rejects !== undefined) {
    throw new TuominError('BAD_SPEC', `source.path "${pattern}" matches ${join(folder, rejects)}, a reject file (the bad rows an earlier tuomin convert skipped, raw and without a header), not an extract`, { file: join(folder, rejects) },
      'move the reject file out of the folder of the extracts (it holds raw rows: keep it private), or make the pattern match the extracts only', { id: 'source.globRejects', params: { pattern, file: join(folder, rejects) } });
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => join(folder, n));
}

/**
 * The spec with each `*` of `source.path` replaced by the files it matches now (relative to the
 * spec, in name order), so that the files read and the files the provenance names are the same
 * list, found once: a month added to the folder during the run is in neither. A spec without a
 * pattern is returned as it is.
 */
export async function withMatchedFiles<L extends { spec: Spec; dir: string }>(loaded: L): Promise<L> {
  const path = loaded.spec.source.path;
  if (!(typeof path === 'string' ? [path] : path).some((p) => p.includes('*'))) return loaded;
  const files = (await sourceFiles(loaded.spec.source, loaded.dir)).map((f) => relative(loaded.dir, f));
  return { ...loaded, spec: { ...loaded.spec, source: { ...loaded.spec.source, path: files.length === 1 ? files[0]! : files } } };
}
