import type { RecordBatch, Schema } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import { atomicWrite } from '../atomic.js';
import { writeFully } from '../write-behind.js';
import type { WriteResult } from '../csv/options.js';
import { codePointName, illegalXmlChar } from './escape.js';
import { SHEET_PART, packageParts } from './parts.js';
import { SheetWriter, XLSX_MAX_COLUMNS, XLSX_MAX_ROWS } from './sheet.js';
import { sheetStyles } from './styles.js';
import { ZipWriter } from './zip.js';
import type { ZipSink } from './zip.js';

export interface XlsxWriteOptions {
  /** Key-value provenance, written as custom document properties (docProps/custom.xml; File ▸ Properties in Excel). */
  metadata?: Record<string, string>;
  /** Worksheet name, default `Sheet1`: 1–31 characters, none of : \ / ? * [ ], not starting or ending with '. */
  sheetName?: string;
  /** Document title (docProps/core.xml `dc:title`). */
  title?: string;
  /** Document author (docProps/core.xml `dc:creator`), such as the publishing department. */
  creator?: string;
  /** zlib level 0–9 for the ZIP entries, default 6. */
  compressionLevel?: number;
  /**
   * The file named in errors about cells, when `path` is not the one the user knows (a run writes
   * into a staging folder that is renamed afterwards): the published file's path.
   */
  name?: string;
}

/** Knobs for tests and tuning; not part of the documented option set. */
export interface XlsxInternalOptions {
  /** Worksheet XML per deflate chunk (default 1 MiB); tiny values exercise chunk joins. */
  chunkBytes?: number;
  /** ZIP64 records even for a small file (tests the path without writing 4 GiB). */
  forceZip64?: boolean;
}

const UNSUPPORTED_HINT = 'publish this dataset as csv, ndjson or parquet instead (remove xlsx from output.formats)';

/**
 * Write batches as a one-sheet XLSX workbook to `path`, atomically (temporary file, then rename).
 * Streamed: the worksheet XML is built chunk by chunk from the Arrow buffers and deflated into
 * the ZIP as it goes, with inline strings (no shared-strings table to hold), so memory does not
 * grow with the rows. More rows than a sheet holds is an error (the temporary file is removed).
 */
export async function writeXlsx(
  path: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: XlsxWriteOptions & XlsxInternalOptions = {},
): Promise<WriteResult> {
  // Everything that can be checked without the rows is checked before a file is created.
  const ncols = schema.fields.length;
  if (ncols > XLSX_MAX_COLUMNS) {
    throw new TuominError('UNSUPPORTED', `${ncols.toLocaleString('en-US')} columns: an XLSX sheet holds at most ${XLSX_MAX_COLUMNS.toLocaleString('en-US')}`, { file: path }, UNSUPPORTED_HINT, { id: 'xlsx.tooManyColumns', params: { columns: ncols, max: XLSX_MAX_COLUMNS } });
  }
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new TypeError(`compressionLevel must be an integer 0-9, got ${level}`);
  const sheetName = checkSheetName(options.sheetName ?? 'Sheet1', path);
  const metadata = Object.entries(options.metadata ?? {});
  for (const [k, v] of metadata) {
    if (k.length === 0 || k.length > 255) throw new TuominError('BAD_VALUE', `document property name must have 1-255 characters, got ${k.length}`, { file: path, path: `metadata.${k}` }, undefined, { id: 'xlsx.propertyNameLength', params: { length: k.length } });
    checkText(k, `document property name ${JSON.stringify(k.slice(0, 40))}`, path, 'propertyName');
    checkText(v, `document property ${k}`, path, 'property', k);
  }
  if (options.title !== undefined) checkText(options.title, 'document title', path, 'title');
  if (options.creator !== undefined) checkText(options.creator, 'document creator', path, 'creator');
  const styles = sheetStyles(schema);
  const parts = packageParts({
    sheetName,
    metadata,
    styles: styles.xml,
    ...(options.title ? { title: options.title } : {}),
    ...(options.creator ? { creator: options.creator } : {}),
  });
  const maxDataRows = XLSX_MAX_ROWS - 1;
  const enc = new TextEncoder();

  return atomicWrite(path, async (fh) => {
    const zip = new ZipWriter(fileSink(fh), { level, ...(options.forceZip64 ? { forceZip64: true } : {}) });
    for (const [name, xml] of parts) await zip.addFile(name, enc.encode(xml));
    const sheet = new SheetWriter(await zip.startFile(SHEET_PART), schema, options.name ?? path, options.chunkBytes ?? 1 << 20, styles.columns);
    await sheet.begin();
    let rows = 0;
    for await (const batch of batches) {
      if (batch.numRows === 0) continue;
      if (rows + batch.numRows > maxDataRows) {
        throw new TuominError(
          'UNSUPPORTED',
          `more than ${maxDataRows.toLocaleString('en-US')} data rows: an XLSX sheet holds at most ${XLSX_MAX_ROWS.toLocaleString('en-US')} rows, the header row included`,
          { file: path, row: maxDataRows + 1 },
          UNSUPPORTED_HINT,
          { id: 'xlsx.tooManyRows', params: { rows: maxDataRows, max: XLSX_MAX_ROWS } },
        );
      }
      await sheet.writeBatch(batch);
      rows += batch.numRows;
    }
    await sheet.end();
    const bytes = await zip.finish();
    return { path, rows, bytes };
  });
}

/** Appends to the file at its current position, looping over short writes. */
function fileSink(fh: FileHandle): ZipSink {
  return {
    write: (bytes) => writeFully(fh, bytes),
  };
}

/** `part` (and `name`, a property's) say in words a front end translates what `what` says in English. */
function checkText(s: string, what: string, file: string, part: 'propertyName' | 'property' | 'title' | 'creator', name = ''): void {
  const bad = illegalXmlChar(s);
  if (bad >= 0) {
    throw new TuominError('BAD_VALUE', `${what} contains the character ${codePointName(bad)}, which XML 1.0 (and so XLSX) cannot hold`, { file }, 'remove the character',
      { id: 'xlsx.xmlChar', params: { part, name, char: codePointName(bad) } });
  }
}

/** Excel's rules for sheet names. */
function checkSheetName(name: string, file: string): string {
  const why =
    name.length === 0 || name.length > 31 ? `has ${name.length} characters (1-31 allowed)`
    : /[:\\/?*[\]]/.test(name) ? 'contains one of : \\ / ? * [ ]'
    : name.startsWith("'") || name.endsWith("'") ? "starts or ends with '"
    : name.toLowerCase() === 'history' ? 'is reserved by Excel'
    : illegalXmlChar(name) >= 0 ? 'contains a control character'
    : null;
  if (why) throw new TuominError('BAD_VALUE', `sheet name ${JSON.stringify(name)} ${why}`, { file }, 'choose another sheet name', { id: 'xlsx.badSheetName', params: { name, why } });
  return name;
}
