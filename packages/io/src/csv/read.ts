import { open, rm, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, type BatchSource } from '@tuomin/core';
import { tempPathFor } from '../atomic.js';
import { type CsvInternalOptions, type CsvReadOptions, type CsvStats, type ResolvedReadOptions, resolveReadOptions } from './options.js';
import { CsvStreamParser } from './stream-parser.js';

export interface CsvSource extends BatchSource {
  readonly stats: CsvStats;
  readonly warnings: string[];
  readonly path: string;
}

/**
 * Open a CSV file as a replayable batch source. The header (and encoding and delimiter) is read
 * now, so `.schema` is known before any batch; each `batches()` call streams the file again in
 * `chunkSize` reads, so memory stays near one read plus one batch.
 */
export async function readCsv(path: string, options: CsvReadOptions & CsvInternalOptions = {}): Promise<CsvSource> {
  const opts = resolveReadOptions(options);
  const head = await readHead(path, opts);
  const fixed: ResolvedReadOptions = {
    ...opts,
    // Reuse what the head pass detected (empty when the file has no header line yet).
    delimiter: (head.stats.delimiter || opts.delimiter) as ResolvedReadOptions['delimiter'],
    encoding: opts.encoding === 'auto' && head.stats.encoding ? (head.stats.encoding as ResolvedReadOptions['encoding']) : opts.encoding,
  };
  const rejectPath = options.rejectPath === null ? null : (options.rejectPath ?? defaultRejectPath(path));
  const source = {
    path,
    schema: head.schema!,
    replayable: true as const,
    stats: head.stats,
    warnings: head.warnings,
    batches(): AsyncIterable<RecordBatch> {
      return streamFile(path, fixed, rejectPath, source);
    },
  };
  return source;
}

interface Mutable {
  stats: CsvStats;
  warnings: string[];
}

async function openOrExplain(path: string): Promise<FileHandle> {
  try {
    const fh = await open(path, 'r');
    if ((await fh.stat()).isDirectory()) {
      await fh.close();
      throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    }
    return fh;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'file not found' : e.code === 'EISDIR' ? 'is a folder, not a file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new TuominError('IO', `cannot read the CSV file: ${why}`, { file: path }, 'check the path and that the file is readable', { id: 'csv.cannotRead', params: { errno: e.code ?? '' } });
  }
}

/**
 * A read buffer of `most` bytes, or less for a smaller regular file: a source of many small files
 * allocated 1 + 4 MiB per file and pass, freed late (1,500 two-row files reached 3.3 GB of RSS).
 * Anything that is not a regular file (a pipe, whose size says nothing) gets `most`.
 */
async function readBuffer(fh: FileHandle, most: number): Promise<Uint8Array> {
  const st = await fh.stat();
  return new Uint8Array(st.isFile() ? Math.min(most, Math.max(64 * 1024, st.size + 1)) : most);
}

/** Read just enough to know the schema. */
async function readHead(path: string, opts: ResolvedReadOptions): Promise<CsvStreamParser & { schema: Schema }> {
  const parser = new CsvStreamParser(path, opts);
  parser.headerOnly = true;
  const fh = await openOrExplain(path);
  try {
    const buf = await readBuffer(fh, Math.min(opts.chunkSize, 1024 * 1024));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) {
        parser.end();
        break;
      }
      parser.push(buf.slice(0, bytesRead));
      parser.takeBatches();
      if (parser.schema !== null) break;
    }
  } finally {
    await fh.close();
  }
  return parser as CsvStreamParser & { schema: Schema };
}

async function* streamFile(path: string, opts: ResolvedReadOptions, rejectPath: string | null, target: Mutable): AsyncGenerator<RecordBatch> {
  const parser = new CsvStreamParser(path, opts);
  const fh = await openOrExplain(path);
  let rejects: FileHandle | null = null;
  let rejectTmp = '';
  let done = false;
  const writeRejects = async (): Promise<void> => {
    const r = parser.takeRejects();
    if (r === null || rejectPath === null) return;
    if (rejects === null) {
      rejectTmp = tempPathFor(rejectPath);
      // Raw source rows: owner-only like every other copy of unreviewed data (docs/security.md, Leftovers).
      rejects = await open(rejectTmp, 'wx', 0o600);
    }
    await rejects.write(r);
  };
  try {
    // One read buffer for the whole pass: the parser copies what it keeps (carry, held bytes).
    const buf = await readBuffer(fh, opts.chunkSize);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      parser.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      await writeRejects();
      publish(parser, target);
      yield* parser.takeBatches();
    }
    parser.end();
    await writeRejects();
    yield* parser.takeBatches();
    if (rejects !== null) {
      const h: FileHandle = rejects;
      await h.sync();
      await h.close();
      rejects = null;
      await rename(rejectTmp, rejectPath!);
      parser.warnings.push(`${parser.stats.badRows} bad row(s) written to ${rejectPath}`);
    }
    done = true;
  } finally {
    await fh.close();
    if (rejects !== null) await (rejects as FileHandle).close().catch(() => {});
    if (!done && rejectTmp) await rm(rejectTmp, { force: true });
    publish(parser, target);
  }
}

/** Copy the pass's figures into the source object in place (callers may hold references to them). */
function publish(parser: CsvStreamParser, target: Mutable): void {
  Object.assign(target.stats, parser.stats, { headerRenames: [...parser.stats.headerRenames] });
  target.warnings.length = 0;
  target.warnings.push(...parser.warnings);
}

/** data/x.csv -> data/x.rejects.csv (the CLI passes a path next to the output instead). */
export function defaultRejectPath(input: string): string {
  const m = /\.(csv|tsv|txt)$/i.exec(input);
  return (m ? input.slice(0, m.index) : input) + '.rejects.csv';
}
