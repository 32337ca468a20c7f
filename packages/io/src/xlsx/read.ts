import { stat } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import type { BatchSource } from '@tuomin/core';
import { rowsSource } from '../rows/rows.js';
import { reopenToReplay } from '../rows/reopen.js';
import { checkReadable } from '../ipc/file-errors.js';
import { uniqueHeader } from '../csv/header.js';
import { readZipDirectory, damaged } from './read-zip.js';
import { checkWorkbookMagic, checkWorkbookParts } from './read-magic.js';
import { chooseSheet, readSharedStrings, readWorkbookInfo, type SharedStrings } from './read-workbook.js';
import { sheetMerges, sheetRows, type SheetLayout, type SheetMerge, type SheetRow } from './read-sheet.js';
import { dataMerges } from './merged-rows.js';
import { cellValue, type CellPlace } from './read-cell.js';
import { columnLetters } from './read-xml.js';
import type { NumberFormatKind } from './read-format.js';

export interface XlsxReadOptions {
  /** Rows per batch. Default 65,536. */
  batchSize?: number;
  /** The sheet to read: its name as on its tab, or its position (1 is the first). Default: the first sheet. */
  sheet?: string | number;
  /** The row (as Excel numbers it) that holds the column names. Default: the first row with a value, after title rows (a row with one value above rows with several). */
  headerRow?: number;
}

/** Rows looked at, after a first row with a single value, for the header row below a title. */
const TITLE_LOOKAHEAD = 10;

const GENERAL: NumberFormatKind = { kind: 'number' };

/** A sheet's table as found at open: the columns (sheet column → name), the rows the header took. */
interface Table {
  names: string[];
  /** Sheet column (0-based) of each output column. */
  columns: number[];
  /** Output column of each sheet column below `width`, -1 when not read. */
  outputOf: Int32Array;
  /** Rows up to this one (Excel's number) are titles or the header. */
  headerEnd: number;
  /** Every merged range of the sheet. */
  merges: SheetMerge[];
}

/**
 * Read one sheet of an .xlsx workbook as text columns, streaming its rows: a worksheet part is
 * inflated and scanned chunk by chunk; the shared strings are held (compactly) for random access.
 * What is read and what is ignored is listed in docs/formats.md ("XLSX input"). Errors name the
 * file, sheet, cell and row as Excel shows them, never a cell's value.
 */
export async function readXlsx(path: string, options: XlsxReadOptions = {}): Promise<BatchSource & { warnings: string[] }> {
  await checkReadable(path);
  const size = (await stat(path)).size;
  await checkWorkbookMagic(path, size);
  const members = await readZipDirectory(path, size);
  checkWorkbookParts(path, members);
  const info = await readWorkbookInfo(path, members);
  const sheet = chooseSheet(path, info, options.sheet);
  const part = members.get(sheet.part);
  if (part === undefined) throw damaged(path, `the part ${sheet.part} of sheet "${sheet.name}" is missing`);
  const sst = await readSharedStrings(path, members, info.sharedStringsPart);
  const warnings: string[] = [];
  if (info.sheets.length > 1) {
    const others = info.sheets.filter((s) => s !== sheet).map((s) => `"${s.name}"`).join(', ');
    warnings.push(`read the sheet "${sheet.name}"; not read: ${others}`);
  }
  const formatOf = (style: number): NumberFormatKind => info.cellFormats[style] ?? GENERAL;
  const place = (ref: string, row: number, column?: string): CellPlace => ({ file: path, sheet: sheet.name, ref, row, ...(column !== undefined ? { column } : {}) });
  const textOf = (row: SheetRow, k: number, column?: string): string | null => {
    const c = row.cells[k]!;
    const v = cellValue(c, formatOf(c.style), sst, info.date1904, () => place(`${columnLetters(c.col)}${row.r}`, row.r, column));
    return typeof v === 'object' && v !== null ? null : v;
  };

  const layout: SheetLayout = { hiddenColumns: new Set(), lastColumn: -1 };
  const table = await findTable(path, sheet.name, part, sheet.part, layout, options.headerRow, textOf, warnings);
  const hiddenShown = [...layout.hiddenColumns].sort((a, b) => a - b).slice(0, 20).map(columnLetters).join(', ');
  if (layout.hiddenColumns.size > 0) warnings.push(`sheet "${sheet.name}": hidden columns ${hiddenShown} not read`);

  const counts = { hiddenRows: 0, errors: 0, said: false };
  const merged = dataMerges(table.merges, table.headerEnd, table.outputOf);
  async function* rows(): AsyncIterable<Array<string | null>> {
    const width = table.outputOf.length;
    merged?.reset();
    for await (const row of sheetRows(path, part!, sheet.part, { hiddenColumns: new Set(), lastColumn: -1 })) {
      if (row.r <= table.headerEnd) continue;
      if (row.hidden) { counts.hiddenRows++; continue; }
      const out: Array<string | null> = new Array(table.names.length).fill(null);
      let any = false;
      for (let k = 0; k < row.cells.length; k++) {
        const c = row.cells[k]!;
        if (layout.hiddenColumns.has(c.col)) continue;
        const o = c.col < width ? table.outputOf[c.col]! : -1;
        const name = o >= 0 ? table.names[o] : undefined;
        const v = cellValue(c, formatOf(c.style), sst, info.date1904, () => place(`${columnLetters(c.col)}${row.r}`, row.r, name));
        if (typeof v === 'object' && v !== null) { counts.errors++; continue; }
        if (v === null || v === '') { if (o >= 0) out[o] = v; continue; }
        if (o < 0) {
          const cell = `${columnLetters(c.col)}${row.r}`;
          throw new TuominError('BAD_INPUT', `sheet "${sheet.name}", cell ${cell}: a value in column ${columnLetters(c.col)}, which has no name in the header row ${table.headerEnd}`, { file: path, row: row.r },
            'give the column a name in the header row, or delete what is beside the table, then read the file again', { id: 'xlsx.outsideTable', params: { sheet: sheet.name, cell, row: row.r } });
        }
        out[o] = v;
        any = true;
      }
      // An empty row (a formatted row with no values, a blank line between blocks) is no record,
      // even where a merged range covers it.
      if (!any) continue;
      merged?.fill(row.r, out);
      yield out;
    }
    // Said once, after the first whole pass (a replay reads the same rows again).
    if (!counts.said) {
      counts.said = true;
      if (counts.hiddenRows > 0) warnings.push(`sheet "${sheet.name}": ${counts.hiddenRows} hidden rows not read`);
      if (counts.errors > 0) warnings.push(`sheet "${sheet.name}": ${counts.errors} error cells (#N/A, #DIV/0! and the like) read as empty`);
      if (merged !== null && merged.cells > 0) warnings.push(`sheet "${sheet.name}": ${merged.ranges} merged ranges in the data rows filled down over ${merged.cells} cells with the value of each range's first cell, as Excel shows them`);
    }
    counts.hiddenRows = 0;
    counts.errors = 0;
  }
  const source = await reopenToReplay(() => rowsSource(rows(), { columns: table.names, batchSize: options.batchSize ?? 65536, inferFrom: 1, name: path }));
  return { ...source, warnings };
}

/**
 * The header row and the columns under it. Title rows above the table (one value, such as
 * "2024年行政处罚公示表" merged across it, or "单位：元") are skipped when a row with several
 * values follows within 10 rows. A blank header cell takes the text of the merged cell that
 * covers it ("联系方式" over two columns: 联系方式, 联系方式_2); a header cell merged down over
 * two rows makes a two-row header, whose names join the rows' texts (联系方式_电话).
 */
async function findTable(path: string, sheetName: string, part: import('./read-zip.js').ZipMember, partName: string, layout: SheetLayout, headerRow: number | undefined,
  textOf: (row: SheetRow, k: number) => string | null, warnings: string[]): Promise<Table> {
  const seen: SheetRow[] = [];
  const texts = (row: SheetRow): Map<number, string> => {
    const m = new Map<number, string>();
    for (let k = 0; k < row.cells.length; k++) {
      const c = row.cells[k]!;
      if (layout.hiddenColumns.has(c.col)) continue;
      const t = textOf(row, k);
      if (t !== null && t.trim() !== '') m.set(c.col, t);
    }
    return m;
  };
  let header: SheetRow | null = null;
  let headerTexts = new Map<number, string>();
  const titles: number[] = [];
  const rowsIt = sheetRows(path, part, partName, layout);
  try {
    for await (const row of rowsIt) {
      if (headerRow !== undefined) {
        if (row.r < headerRow) continue;
        if (row.r === headerRow) { header = row; headerTexts = texts(row); }
        break;
      }
      if (row.hidden) continue;
      const t = texts(row);
      if (t.size === 0) continue;
      seen.push(row);
      if (t.size > 1) { header = row; headerTexts = t; break; }
      if (seen.length > TITLE_LOOKAHEAD) break;
    }
  } finally {
    await rowsIt.return(undefined);
  }
  if (header === null && headerRow === undefined && seen.length > 0) {
    // One value per row all the way down: a one-column table, its header the first row.
    header = seen[0]!;
    headerTexts = texts(header);
  }
  if (header === null || headerTexts.size === 0) {
    throw new TuominError('BAD_INPUT', headerRow !== undefined ? `sheet "${sheetName}": the header row ${headerRow} is empty` : `sheet "${sheetName}" holds no values`, { file: path, ...(headerRow !== undefined ? { row: headerRow } : {}) },
      headerRow !== undefined ? 'give the row that holds the column names (as Excel numbers it)' : 'name the sheet that holds the table (source.xlsx.sheet in the spec, --sheet on the command line), or the header row (source.xlsx.headerRow, --header-row)', { id: 'xlsx.noHeader', params: { sheet: sheetName, row: headerRow ?? 0 } });
  }
  for (const s of seen) if (s !== header) titles.push(s.r);
  const titleRows = titles.join(', ');
  if (titles.length > 0) warnings.push(`sheet "${sheetName}": row ${titleRows} above the header row ${header.r} read as a title, not data`);

  let width = 0;
  for (const c of headerTexts.keys()) width = Math.max(width, c + 1);
  // Merged cells are listed after the rows: the part is inflated once more for them, always,
  // since a range merged in the data rows fills down (merged-rows.ts) and the header may need them.
  const merges = await sheetMerges(path, part, partName);
  const inHeader = merges.filter((m) => m.first.row === header.r);
  for (const m of inHeader) if (headerTexts.has(m.first.col)) width = Math.max(width, m.last.col + 1);
  const columns: number[] = [];
  for (let c = 0; c < width; c++) if (!layout.hiddenColumns.has(c)) columns.push(c);
  let raw = columns.map((c) => headerTexts.get(c) ?? '');
  let headerEnd = header.r;
  if (inHeader.length > 0) {
    const merged = await mergedHeader(path, part, partName, header, columns, merges, layout, textOf);
    raw = merged.names;
    headerEnd = merged.headerEnd;
  }
  const names = uniqueHeader(raw).names;
  const outputOf = new Int32Array(width).fill(-1);
  columns.forEach((c, i) => { outputOf[c] = i; });
  return { names, columns, outputOf, headerEnd, merges };
}

async function mergedHeader(path: string, part: import('./read-zip.js').ZipMember, partName: string, header: SheetRow, columns: number[], merges: SheetMerge[], layout: SheetLayout,
  textOf: (row: SheetRow, k: number) => string | null): Promise<{ names: string[]; headerEnd: number }> {
  // A header cell merged down (姓名 over rows 1–2) makes the rows it covers header rows.
  const headerEnd = merges.filter((m) => m.first.row === header.r).reduce((end, m) => Math.max(end, m.last.row), header.r);
  // The header rows' texts, each merged range's text spread over the cells it covers.
  const rows: SheetRow[] = [];
  const it = sheetRows(path, part, partName, { hiddenColumns: new Set(), lastColumn: -1 });
  try {
    for await (const row of it) {
      if (row.r > headerEnd) break;
      if (row.r >= header.r) rows.push(row);
    }
  } finally {
    await it.return(undefined);
  }
  const grid = new Map<string, string>();
  const textAt = (r: number, c: number): string => grid.get(`${r}:${c}`) ?? '';
  for (const row of rows) {
    for (let k = 0; k < row.cells.length; k++) {
      const t = textOf(row, k);
      if (t !== null && t.trim() !== '') grid.set(`${row.r}:${row.cells[k]!.col}`, t);
    }
  }
  // Merges that start above the header row (a title merged down into it) carry no name.
  for (const m of merges) {
    if (m.first.row < header.r || m.first.row > headerEnd) continue;
    const t = textAt(m.first.row, m.first.col);
    for (let r = m.first.row; r <= Math.min(m.last.row, headerEnd); r++) {
      for (let c = m.first.col; c <= m.last.col; c++) if (!layout.hiddenColumns.has(c)) grid.set(`${r}:${c}`, t);
    }
  }
  const names = columns.map((c) => {
    const parts: string[] = [];
    for (let r = header.r; r <= headerEnd; r++) {
      const t = textAt(r, c);
      if (t !== '' && parts[parts.length - 1] !== t) parts.push(t);
    }
    return parts.join('_');
  });
  return { names, headerEnd };
}
