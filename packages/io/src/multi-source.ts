import { open, readFile, rm, rename, stat } from 'node:fs/promises';
import { RecordBatch, type Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { tempPathFor } from './atomic.js';
import type { CsvReadOptions, CsvStats } from './csv/index.js';
import type { Format, OpenedSource, ReadOptions } from './formats.js';

/**
 * Several input files read as one source (an agency's month per file, `2024-01.csv` …
 * `2024-12.csv`, or a file per district): the one place that knows a source can be several
 * files. The single-file readers do the reading; this module fixes what must be the same for
 * every file and refuses what is not:
 * - one format, from the extensions (mixed formats name both files);
 * - the CSV dialect found once, on the first file: its delimiter is given to every later file
 *   (never detected again, so a month whose first rows look different cannot be split otherwise);
 *   each later file's encoding is detected as the first's was and must be the same (a GBK month
 *   among UTF-8 ones is refused, not decoded as garbled text);
 * - the columns: names and order (and types, for typed formats) equal to the first file's, or an
 *   error naming the file and the first column that differs.
 * Rows follow one another in file order, so global row numbers continue across files; a reader's
 * error names the file it is in and the line in that file (the single readers' own errors).
 * The partition planner (partition/files.ts) calls `openFiles` first, so a plan over several
 * files has passed the same checks.
 */

/** One input file of a source, as its provenance names it: path and size when opened. */
export interface SourceFile {
  path: string;
  bytes: number;
}

export type OpenedFiles = OpenedSource & {
  files: SourceFile[];
  /**
   * The file of a source row (1-based, counted over the files in order, as rules number rows) and
   * the row within that file, in the pass being read: for an error downstream (a rule's bad value)
   * to name the file it is in. Undefined for a row not read yet.
   */
  fileOfRow(row: number): { file: string; row: number } | undefined;
};

type OpenOne = (path: string, options: ReadOptions) => Promise<OpenedSource>;

/** The format of every file, from its extension: one for all, or an error naming two that differ. */
export function formatOfFiles(paths: readonly string[], formatOf: (path: string) => Format): Format {
  if (paths.length === 0) throw new TypeError('a source needs at least one file');
  const first = formatOf(paths[0]!);
  for (const p of paths.slice(1)) {
    const f = formatOf(p);
    // .csv and .tsv differ in their delimiter only, but a source is read with one dialect.
    if (f !== first) {
      throw new TuominError('UNSUPPORTED', `the files of one source must share one format: ${paths[0]} is ${first}, ${p} is ${f}`, { file: p },
        'convert the odd file to the others\' format first (tuomin convert), or list only files of one format',
        { id: 'source.mixedFormats', params: { first: paths[0]!, firstFormat: first, file: p, format: f } });
    }
  }
  return first;
}

/**
 * The reader options of every file after the first: the first file's detected delimiter fixed
 * (detection runs once per source). The encoding stays the caller's (detected per file when
 * 'auto', so that a file in another encoding shows as one, and is refused by checkSameLayout).
 */
export function laterFileOptions(options: ReadOptions, first: { stats?: CsvStats }): ReadOptions {
  if (!first.stats?.delimiter) return options;
  return { ...options, csv: { ...options.csv, delimiter: first.stats.delimiter as NonNullable<CsvReadOptions['delimiter']> } };
}

/** A later file read as the first is: the same encoding (CSV) and the same columns, in order. */
export function checkSameLayout(first: { path: string; schema: Schema; stats?: CsvStats }, later: { path: string; schema: Schema; stats?: CsvStats }): void {
  const fe = first.stats?.encoding;
  const le = later.stats?.encoding;
  if (fe && le && fe !== le) {
    throw new TuominError('BAD_INPUT', `${later.path} is read as ${le.toUpperCase()}, but the first file of the source (${first.path}) as ${fe.toUpperCase()}: the files of one source must share one encoding`, { file: later.path },
      'convert the odd file to the others\' encoding first (for example iconv -f GB18030 -t UTF-8), then run again',
      { id: 'source.mixedEncodings', params: { file: later.path, encoding: le.toUpperCase(), first: first.path, firstEncoding: fe.toUpperCase() } });
  }
  const a = first.schema.fields;
  const b = later.schema.fields;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && x.name === y.name && String(x.type) === String(y.type)) continue;
    // Same name, another type (a typed format): the types tell them apart.
    const typed = x !== undefined && y !== undefined && x.name === y.name;
    const shown = (f: typeof x): string => (f ? `"${f.name}"${typed ? ` (${String(f.type)})` : ''}` : 'missing');
    const here = shown(y);
    const there = shown(x);
    throw new TuominError('BAD_INPUT', `the columns of ${later.path} differ from the first file's (${first.path}): column ${i + 1} is ${here} there and ${there} in the first file`,
      { file: later.path, column: y?.name ?? x!.name },
      'every file of a source must have the same header, in the same order: fix the export, or list the file in a source of its own',
      { id: 'source.columnsDiffer', params: { file: later.path, first: first.path, index: i + 1, here, there } });
  }
}

/**
 * Open several files as one source (openSource calls this for a list; `openOne` is its reader of
 * one file). Every file is opened, and checked against the first, before any row is read.
 */
export async function openFiles(paths: readonly string[], options: ReadOptions, openOne: OpenOne, formatOf: (path: string) => Format): Promise<OpenedFiles> {
  const format = formatOfFiles(paths, formatOf);
  // onBadRow: skip with a reject file named by the caller: each file's reader writes a part of
  // its own, joined in file order once the pass is through (one reject file, as for one file).
  const rejectPath = options.csv?.onBadRow === 'skip' ? options.csv.rejectPath : undefined;
  const partOf = (k: number): ReadOptions => (typeof rejectPath === 'string' ? { ...options, csv: { ...options.csv, rejectPath: `${rejectPath}.${k}.part` } } : options);
  const first = await openOne(paths[0]!, partOf(0));
  const sources: OpenedSource[] = [first];
  for (let k = 1; k < paths.length; k++) {
    const later = await openOne(paths[k]!, laterFileOptions(partOf(k), first));
    checkSameLayout({ path: paths[0]!, schema: first.schema, ...(first.stats ? { stats: first.stats } : {}) }, { path: paths[k]!, schema: later.schema, ...(later.stats ? { stats: later.stats } : {}) });
    sources.push(later);
  }
  const { schema } = first;
  const files: SourceFile[] = [];
  for (const p of paths) files.push({ path: p, bytes: (await stat(p)).size });
  // The figures of the whole pass: updated in place (callers may hold the object), summed over
  // the files read so far plus the one being read; the dialect is the first file's.
  const stats: CsvStats | undefined = first.stats ? { ...first.stats, headerRenames: [...first.stats.headerRenames] } : undefined;
  // The first file's warnings until a pass is read (header renames, found by its head), then the pass's, once each.
  const warnings: string[] = [...(first.warnings ?? [])];
  // Rows yielded per file in the current pass (fileOfRow).
  let fileRows: number[] = [];
  const sum = (done: CsvStats, now: CsvStats | undefined): void => {
    if (!stats || !now) return;
    stats.rows = done.rows + now.rows;
    stats.bytes = done.bytes + now.bytes;
    stats.badRows = done.badRows + now.badRows;
  };
  return {
    schema,
    format,
    files,
    replayable: sources.every((s) => s.replayable),
    ...(stats ? { stats } : {}),
    warnings,
    fileOfRow(row: number) {
      let before = 0;
      for (const [k, n] of fileRows.entries()) {
        if (row <= before + n) return row > before ? { file: paths[k]!, row: row - before } : undefined;
        before += n;
      }
      return undefined;
    },
    async *batches(): AsyncIterable<RecordBatch> {
      const done: CsvStats = { rows: 0, bytes: 0, badRows: 0, encoding: '', delimiter: '', headerRenames: [] };
      warnings.length = 0;
      let through = false;
      fileRows = sources.map(() => 0);
      try {
        for (const [k, source] of sources.entries()) {
          for await (const b of source.batches()) {
            sum(done, source.stats);
            fileRows[k]! += b.numRows;
            // The first file's schema for every batch: equal names and types, one object downstream.
            yield b.schema === schema ? b : new RecordBatch(schema, b.data);
          }
          sum(done, source.stats);
          if (source.stats) {
            done.rows += source.stats.rows;
            done.bytes += source.stats.bytes;
            done.badRows += source.stats.badRows;
          }
          for (const w of source.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
        }
        if (typeof rejectPath === 'string') await joinRejectParts(rejectPath, paths.length, warnings, done.badRows);
        through = true;
      } finally {
        // A pass that failed (or was left early) leaves no part of raw rows behind.
        if (!through && typeof rejectPath === 'string') for (let k = 0; k < paths.length; k++) await rm(`${rejectPath}.${k}.part`, { force: true });
      }
    },
  };
}

/**
 * The files' reject parts joined into `path`, in file order (raw rows, no header: a plain
 * concatenation), written to a temporary name and renamed; the parts are removed. The parts'
 * own warnings ("N bad row(s) written to <part>") become one for the joined file.
 */
async function joinRejectParts(path: string, n: number, warnings: string[], badRows: number): Promise<void> {
  const parts = Array.from({ length: n }, (_, k) => `${path}.${k}.part`);
  const kept = warnings.filter((w) => !parts.some((p) => w.endsWith(` written to ${p}`)));
  warnings.length = 0;
  warnings.push(...kept);
  if (badRows === 0) return;
  const tmp = tempPathFor(path);
  const out = await open(tmp, 'wx', 0o600);
  try {
    for (const p of parts) {
      const bytes = await readFile(p).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null; // a file without bad rows writes no part
        throw err;
      });
      if (bytes) await out.write(bytes);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(tmp, path);
  for (const p of parts) await rm(p, { force: true });
  warnings.push(`${badRows} bad row(s) written to ${path}`);
}

/**
 * An error at a source row (a rule's bad value), named with the file that row is in when the
 * source is several files; the row stays the source's (rows continue across files). Anything
 * else is returned as it is.
 */
export function inSourceFile(err: unknown, source: object): unknown {
  if (!(err instanceof TuominError) || err.location.row === undefined || err.location.file !== undefined || !('fileOfRow' in source)) return err;
  const at = (source as OpenedFiles).fileOfRow(err.location.row);
  return at ? new TuominError(err.code, err.detail, { ...err.location, file: at.file }, err.hint, err.text) : err;
}
