import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TuominError, countRows, scanBatches, type ScanFinding, type ScanOptions, type ScanResult } from '@tuomin/core';
import { openSource, type ReadOptions } from '@tuomin/io';
import { TextScanner, packageContact, scanPackageTexts } from './scan-texts.js';
import { ReadAgainInOnePass, planVerb, sequentialInfo, sourceLabel, type ParallelInfo, type SourcePaths, type VerbParallelOptions } from '../run/parallel/verbs/partitioned.js';
import { scanParallel } from '../run/parallel/verbs/scan.js';
import { refuseEmptySource } from '../run/plan.js';

export interface ScanFileOptions extends ScanOptions, VerbParallelOptions {
  /** Rows per batch when reading. */
  batchSize?: number;
  /** CSV reader options (encoding, delimiter), passed to openSource. */
  csv?: Record<string, unknown>;
  /** XLSX reader options (the sheet, the header row), passed to openSource. */
  xlsx?: ReadOptions['xlsx'];
  /** Called after each batch with rows read so far (progress display). */
  onProgress?: (rows: number) => void;
}

/** A finding of a file or package scan: a cell, a header, a dictionary entry, or a metadata text. */
export type FileScanFinding = Omit<ScanFinding, 'place'> & {
  place?: ScanFinding['place'] | 'metadata';
  /** In a package scan: the file (relative to the package) the finding is in. */
  file?: string;
};

export interface FileScanResult extends Omit<ScanResult, 'findings'> {
  /** The file scanned (several: joined by ", ", and listed in `files`). */
  file: string;
  files?: string[];
  findings: FileScanFinding[];
  /** In a package scan: files not read, with why (an XLSX copy: the same rows are in the other files). */
  skipped?: string[];
  /** With workers > 1: how many ran over how many partitions, or why one pass ran. */
  parallel?: ParallelInfo;
}

const DATA_FILE = /\.(csv|tsv|txt|parquet|arrow|arrows|feather|ipc|ndjson|jsonl)$/i;

/**
 * Residual scan of one file (any format openSource reads): every cell of every column, and the
 * header. A package folder, or its datapackage.json, is scanned whole: every data file and
 * every metadata and report file. The result holds counts, row numbers and places, never values.
 */
export async function scanFile(path: SourcePaths, options: ScanFileOptions = {}): Promise<FileScanResult> {
  // Several files are one source (a package folder is one input alone).
  if (typeof path !== 'string' && path.length === 1) path = path[0]!;
  const label = sourceLabel(path);
  const st = typeof path === 'string' ? await stat(path).catch(() => null) : null;
  if (typeof path === 'string' && st?.isDirectory()) return scanPackage(path, options);
  if (typeof path === 'string' && st && basename(path) === 'datapackage.json') return { ...(await scanPackage(dirname(path), options)), file: path };
  const { batchSize, csv, xlsx, onProgress, workers, partitionBytes, ...scan } = options;
  const read = { ...(batchSize ? { batchSize } : {}), ...(csv ? { csv } : {}), ...(xlsx ? { xlsx } : {}) };
  // The one pass opens the file first: its errors (unreadable, unknown format) come before any plan.
  const source = await openSource(path, read);
  refuseEmptySource(source.schema, typeof path === 'string' ? path : path[0]!);
  const plan = await planVerb(path, read, { ...(workers !== undefined ? { workers } : {}), ...(partitionBytes !== undefined ? { partitionBytes } : {}) });
  let why = 'sequential' in plan ? plan.sequential : '';
  if (!('sequential' in plan)) {
    try {
      const par = await scanParallel(plan, read, scan, workers!, onProgress);
      return { ...label, ...par.value, parallel: { workers: par.workers, partitions: par.partitions } };
    } catch (err) {
      if (!(err instanceof ReadAgainInOnePass)) throw err;
      why = err.why;
    }
  }
  const result = await scanBatches(source.schema, countRows(source.batches(), onProgress), scan);
  return { ...label, ...result, ...sequentialInfo(workers, why) };
}

/** Every data file under data/ (and any resource the descriptor lists), then every metadata text. */
async function scanPackage(dir: string, options: ScanFileOptions): Promise<FileScanResult> {
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8'));
  } catch (err) {
    throw new TuominError('BAD_INPUT', `not a package folder: cannot read datapackage.json (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file: join(dir, 'datapackage.json') }, 'scan a data file, or a package folder written by tuomin run', { id: 'scan.notPackage', params: { errno: (err as NodeJS.ErrnoException).code ?? '' } });
  }
  const listed = ((descriptor as { resources?: Array<{ path?: unknown }> }).resources ?? []).map((r) => r.path).filter((p): p is string => typeof p === 'string');
  const inData = (await readdir(join(dir, 'data')).catch(() => [] as string[])).map((f) => `data/${f}`);
  const files = [...new Set([...listed, ...inData])].sort();
  const declared = allowedByTheSpec(descriptor);
  const findings: FileScanFinding[] = [];
  const skipped: string[] = [];
  let rows = 0;
  const { onProgress, ...rest } = options;
  for (const f of files) {
    if (/\.xlsx$/i.test(f)) { skipped.push(`${f} (XLSX is not read; it is a copy of the same rows as the other data files)`); continue; }
    if (!DATA_FILE.test(f)) continue;
    const r = await scanFile(join(dir, f), { ...rest, ...(onProgress ? { onProgress } : {}) });
    rows = Math.max(rows, r.rows);
    for (const x of r.findings) {
      // Values the spec let the package publish (gov:allow: a legal representative's name, a company
      // code) are no leftovers; they are named, with the law when one is given, never passed over silently.
      const allowed = declared.get(x.column);
      if (allowed && allowed.allow.includes(x.type)) skipped.push(`${f} ${x.column}: ${x.count} ${x.type} allowed by the spec${allowed.reason ? ` (${allowed.reason})` : ''}`);
      else findings.push({ ...x, file: f });
    }
  }
  const texts = await scanPackageTexts(dir, new TextScanner(packageContact(descriptor)));
  for (const t of texts) {
    // A plain TextScanner finds detector types only (staff_number needs a spec's source sample).
    if (t.type === 'staff_number' || (options.types && !options.types.includes(t.type))) continue;
    findings.push({ column: `${t.file}: ${t.path}`, type: t.type, count: t.count, rows: [], confidence: 1, place: 'metadata', file: t.file });
  }
  return { file: dir, clean: findings.length === 0, rows, findings, ...(skipped.length ? { skipped } : {}) };
}

/** The columns whose detector types the package's spec allowed (gov:allow), with the law that makes them public (gov:publicReason) when given. */
function allowedByTheSpec(descriptor: unknown): Map<string, { allow: string[]; reason?: string }> {
  const out = new Map<string, { allow: string[]; reason?: string }>();
  for (const r of (descriptor as { resources?: Array<{ schema?: { fields?: unknown[] } }> }).resources ?? []) {
    for (const f of r.schema?.fields ?? []) {
      const field = f as { name?: unknown; 'gov:allow'?: unknown; 'gov:publicReason'?: unknown };
      const allow = field['gov:allow'];
      if (typeof field.name !== 'string' || !Array.isArray(allow)) continue;
      const reason = field['gov:publicReason'];
      out.set(field.name, { allow: allow.filter((t): t is string => typeof t === 'string'), ...(typeof reason === 'string' ? { reason } : {}) });
    }
  }
  return out;
}
