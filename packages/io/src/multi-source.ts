import { open, readFile, rm, rename, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Field, RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { typeShape } from '@tuomin/core/internal';
import { tempPathFor } from './atomic.js';
import { sha256File } from './sha256-file.js';
import { jsonLineRange } from './ndjson/read.js';
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
    const shown = (f: typeof x): string => (f ? `"${f.name}"${typed ? ` (${typeShape(f.type)})` : ''}` : 'missing');
    const here = shown(y);
    const there = shown(x);
    const how = x && y && x.name !== y.name ? nearlySameName(x.name, y.name) : null;
    if (how !== null) {
      throw new TuominError('BAD_INPUT', `the columns of ${later.path} differ from the first file's (${first.path}): column ${i + 1} is ${here} there and ${there} in the first file, names that differ ${NEARLY[how]}; a header is the same only when its names are the same characters (a byte order mark aside), so the two are not read as one column`,
        { file: later.path, column: y!.name },
        `make the header line of ${later.path} the first file's (or the other way round) and run again; the values are not touched`,
        { id: 'source.headerNearlySame', params: { file: later.path, first: first.path, index: i + 1, here, there, how } });
    }
    throw new TuominError('BAD_INPUT', `the columns of ${later.path} differ from the first file's (${first.path}): column ${i + 1} is ${here} there and ${there} in the first file`,
      { file: later.path, column: y?.name ?? x!.name },
      'every file of a source must have the same header, in the same order: fix the export, or list the file in a source of its own',
      { id: 'source.columnsDiffer', params: { file: later.path, first: first.path, index: i + 1, here, there } });
  }
}

/** How two column names that are not the same characters differ, when they differ in nothing an export could mean. */
const NEARLY = {
  spaces: 'only in spaces around them',
  width: 'only in full-width and half-width forms (（） and (), ＡＢ and AB)',
  case: 'only in letter case',
  invisible: 'only in characters that do not show (a zero-width space U+200B, a joiner, a byte order mark inside the name)',
} as const;

/**
 * Two names that a reader might take for one (金额(元) and 金额（元）, 编号 and "编号 ", Name and
 * name) are refused with that said, never joined: which spelling is the column's is a decision
 * for the person who fixes the export, and a spec names its columns by exact characters.
 */
export function nearlySameName(a: string, b: string): keyof typeof NEARLY | null {
  if (a.trim() === b.trim()) return 'spaces';
  const wide = (s: string): string => s.normalize('NFKC').trim();
  if (wide(a) === wide(b)) return 'width';
  if (wide(a).toLowerCase() === wide(b).toLowerCase()) return 'case';
  // Two names that print alike (编号 and 编号 with a U+200B pasted in) would be named twice, alike, in the error.
  const seen = (s: string): string => s.replace(/\p{Cf}/gu, '');
  if (seen(a) === seen(b)) return 'invisible';
  return null;
}

/**
 * An Office lock file (~$2024-06.csv), which a pattern or a shell's `*.csv` picks up while Excel or
 * WPS has the month open: not an extract, and the month it locks may be half saved.
 */
function checkNotLockFile(path: string): void {
  const name = basename(path);
  if (!name.startsWith('~$')) return;
  throw new TuominError('BAD_INPUT', `${path} is the lock file Excel or WPS keeps while ${name.slice(2)} is open: not an extract, and the file it locks may be half saved`, { file: path },
    `close ${name.slice(2)} in Excel or WPS (the lock file goes with it), then run again`, { id: 'source.lockFile', params: { file: path } });
}

/**
 * A file without a header line (0 bytes, a byte order mark alone): nothing says it is a part of
 * this source, and an export that stopped before its first line looks the same. A month without
 * rows is its header line alone, which is read as 0 rows.
 */
function checkNotEmpty(path: string, schema: Schema): void {
  if (schema.fields.length > 0) return;
  throw new TuominError('BAD_INPUT', `${path} is empty: it has no header line (an export with no rows still writes its header), so it cannot be checked to be a file of this source`, { file: path, line: 1 },
    'export the file again (a period without rows as its header line alone), or leave it out of the list of files',
    { id: 'source.emptyFile', params: { file: path } });
}

/**
 * The same file named twice (a.csv and ./a.csv, a symbolic or hard link): its rows would be read
 * twice. Compared by device and inode, after each file was opened (so a missing file is the
 * reader's own error).
 */
async function checkDistinct(paths: readonly string[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const s = await stat(p);
    const key = `${s.dev}:${s.ino}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw new TuominError('BAD_INPUT', `${p} ${p === other ? 'is named twice' : `is the same file as ${other} (another spelling of its path, or a link to it)`}: its rows would be read twice`, { file: p },
        'name each file once', { id: 'source.sameFileTwice', params: { file: p, other } });
    }
    seen.set(key, p);
  }
}

/**
 * Two files with the same bytes (2024-03.csv and "2024-03 (1).csv", a browser's second download of
 * one export): their rows would be published twice. Files of one size are compared, a MiB at a
 * time, stopping at the first difference (months of one size are rare; they differ early). A CSV
 * of its header line alone (a month without rows) may equal another: it has no rows to repeat.
 */
async function checkNoCopies(paths: readonly string[], format: Format, options: ReadOptions): Promise<void> {
  const bySize = new Map<number, string[]>();
  for (const p of paths) {
    const size = (await stat(p)).size;
    const group = bySize.get(size);
    if (group) group.push(p);
    else bySize.set(size, [p]);
  }
  const headerOnly = async (p: string, size: number): Promise<boolean> => {
    if ((format !== 'csv' && format !== 'tsv') || options.csv?.header === false || size > 1 << 16) return false;
    const text = (await readFile(p)).toString('latin1').replace(/[\r\n]+$/, '');
    return !text.includes('\n') && !text.includes('\r');
  };
  for (const [size, same] of bySize) {
    if (same.length < 2) continue;
    // Files of one size by their SHA-256, each read once: comparing every pair read n² files
    // (1,500 two-row files of one size took 5 minutes to open). Equal digests are confirmed byte
    // for byte before the run is refused.
    const byDigest = new Map<string, string>();
    for (const p of same) {
      const digest = await sha256File(p);
      const first = byDigest.get(digest);
      if (first === undefined) {
        byDigest.set(digest, p);
        continue;
      }
      if (!(await sameBytes(first, p, size)) || (await headerOnly(p, size))) continue;
      throw new TuominError('BAD_INPUT', `${p} has the same bytes as ${first} (a copy, or the same export downloaded twice): its rows would be read twice`, { file: p },
        'leave the copy out (delete it, or list the files), or export the period again if one of them should have held other rows',
        { id: 'source.copyTwice', params: { file: p, other: first } });
    }
  }
}

async function sameBytes(a: string, b: string, size: number): Promise<boolean> {
  const [fa, fb] = [await open(a, 'r'), await open(b, 'r')];
  try {
    const ba = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    const bb = Buffer.allocUnsafe(ba.length);
    for (let at = 0; at < size; at += ba.length) {
      const n = Math.min(ba.length, size - at);
      await fa.read(ba, 0, n, at);
      await fb.read(bb, 0, n, at);
      if (!ba.subarray(0, n).equals(bb.subarray(0, n))) return false;
    }
    return true;
  } finally {
    await fa.close();
    await fb.close();
  }
}

/**
 * The line of a later NDJSON file where a key the first file does not have first appears (the
 * columns differ, the later file has a name the first lacks): a key may be anywhere in a file,
 * so the error names its line. Null when no line has one (the names differ otherwise).
 */
async function lineOfExtraKey(path: string, columns: readonly string[]): Promise<{ line: number; key: string } | null> {
  try {
    for await (const _ of jsonLineRange(path, null, new Set(columns))) { /* read to the first unknown key */ }
  } catch (err) {
    if (err instanceof TuominError && err.text?.id === 'ndjson.unexpectedKey' && err.location.line !== undefined) {
      return { line: err.location.line, key: String(err.text.params?.key ?? '') };
    }
    throw err;
  }
  return null;
}

/**
 * The source's schema: the first file's names and types, a column nullable when it is in any
 * file (a Parquet month that may hold nulls after one that may not: declared non-nullable, its
 * nulls would make the Parquet writer fail, or an Arrow file lie about them).
 */
export function unionNullable(schemas: readonly Schema[]): Schema {
  const first = schemas[0]!;
  const nullable = first.fields.map((_, i) => schemas.some((s) => s.fields[i]?.nullable !== false));
  if (nullable.every((n, i) => n === first.fields[i]!.nullable)) return first;
  return new Schema(first.fields.map((f, i) => new Field(f.name, f.type, nullable[i]!, f.metadata)), first.metadata);
}

/**
 * The encoding of the source: the first file's, unless that file is ASCII alone (read the same in
 * UTF-8 and GB18030), when the first file that is not gives it. A later file in another encoding is
 * refused (a GBK month among UTF-8 ones: detection gone wrong would garble it), unless it is ASCII
 * alone: then nothing in it reads differently. Returns the file the source's encoding comes from.
 */
async function checkEncoding(from: { path: string; encoding: string }, later: { path: string; encoding: string | undefined }): Promise<{ path: string; encoding: string }> {
  const le = later.encoding;
  if (!le || !from.encoding || le === from.encoding) return from.encoding ? from : { path: later.path, encoding: le ?? '' };
  if (await isAscii(later.path)) return from;
  if (await isAscii(from.path)) return { path: later.path, encoding: le };
  throw new TuominError('BAD_INPUT', `${later.path} is read as ${le.toUpperCase()}, but ${from.path} of the same source as ${from.encoding.toUpperCase()}: the files of one source must share one encoding`, { file: later.path },
    'convert the odd file to the others\' encoding first (for example iconv -f GB18030 -t UTF-8), then run again',
    { id: 'source.mixedEncodings', params: { file: later.path, encoding: le.toUpperCase(), first: from.path, firstEncoding: from.encoding.toUpperCase() } });
}

/** Every byte of the file below 0x80 (read a MiB at a time; only when two files' encodings differ). */
async function isAscii(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return true;
      for (let i = 0; i < bytesRead; i++) if (buf[i]! >= 0x80) return false;
    }
  } finally {
    await fh.close();
  }
}

/** A later NDJSON file with a key the first file lacks: refused naming the line where it first appears. */
async function checkNdjsonKeys(firstPath: string, first: Schema, path: string, later: Schema): Promise<void> {
  const columns = first.fields.map((f) => f.name);
  if (later.fields.every((f) => columns.includes(f.name))) return;
  const at = await lineOfExtraKey(path, columns);
  if (at === null) return;
  throw new TuominError('BAD_INPUT', `${path} has the key "${at.key}", which the first file of the source (${firstPath}) does not have in its first rows: every file of a source must have the first file's columns`,
    { file: path, line: at.line, column: at.key },
    `give the key to the first file too (a null in its first line is enough), or drop it from ${path}`,
    { id: 'source.extraKey', params: { file: path, first: firstPath, key: at.key, line: at.line } });
}

/**
 * Open several files as one source (openSource calls this for a list; `openOne` is its reader of
 * one file). Every file is opened, and checked against the first, before any row is read.
 */
export async function openFiles(paths: readonly string[], options: ReadOptions, openOne: OpenOne, formatOf: (path: string) => Format): Promise<OpenedFiles> {
  const format = formatOfFiles(paths, formatOf);
  for (const p of paths) checkNotLockFile(p);
  // onBadRow: skip with a reject file named by the caller: each file's reader writes a part of
  // its own, joined in file order once the pass is through (one reject file, as for one file).
  const rejectPath = options.csv?.onBadRow === 'skip' ? options.csv.rejectPath : undefined;
  const partOf = (k: number): ReadOptions => (typeof rejectPath === 'string' ? { ...options, csv: { ...options.csv, rejectPath: `${rejectPath}.${k}.part` } } : options);
  const first = await openOne(paths[0]!, partOf(0));
  checkNotEmpty(paths[0]!, first.schema);
  const sources: OpenedSource[] = [first];
  let encoding = { path: paths[0]!, encoding: first.stats?.encoding ?? '' };
  for (let k = 1; k < paths.length; k++) {
    const later = await openOne(paths[k]!, laterFileOptions(partOf(k), first));
    checkNotEmpty(paths[k]!, later.schema);
    if (format === 'ndjson') await checkNdjsonKeys(paths[0]!, first.schema, paths[k]!, later.schema);
    encoding = await checkEncoding(encoding, { path: paths[k]!, encoding: later.stats?.encoding });
    // The encodings checked above (an ASCII file goes with either); the columns here.
    checkSameLayout({ path: paths[0]!, schema: first.schema }, { path: paths[k]!, schema: later.schema });
    sources.push(later);
  }
  await checkDistinct(paths);
  await checkNoCopies(paths, format, options);
  const schema = unionNullable(sources.map((s) => s.schema));
  const files: SourceFile[] = [];
  for (const p of paths) files.push({ path: p, bytes: (await stat(p)).size });
  // The figures of the whole pass: updated in place (callers may hold the object), summed over
  // the files read so far plus the one being read; the dialect is the first file's.
  const stats: CsvStats | undefined = first.stats ? { ...first.stats, ...(encoding.encoding ? { encoding: encoding.encoding } : {}), headerRenames: [...first.stats.headerRenames] } : undefined;
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
    fileOfRow: (row: number) => fileOfRowIn(paths, fileRows, row),
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

/**
 * The file a source row (counted from 1 over several files read in turn) is in, and its row
 * there, from the rows each file gave (`fileRows[k]` for `paths[k]`); undefined past the last.
 */
export function fileOfRowIn(paths: readonly string[], fileRows: readonly number[], row: number): { file: string; row: number } | undefined {
  let before = 0;
  for (const [k, n] of fileRows.entries()) {
    if (row <= before + n) return row > before ? { file: paths[k]!, row: row - before } : undefined;
    before += n;
  }
  return undefined;
}
