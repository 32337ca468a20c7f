import { damaged, memberBytes, type ZipMember } from './read-zip.js';
import { attribute, columnOfRef, decodeOfficeEscapes, rowOfRef } from './read-xml.js';
import { TagScanner, type TagHandler } from './read-tags.js';

export interface SheetCell {
  /** 0-based column. */
  col: number;
  type: string;
  /** The cell format index (`s`). */
  style: number;
  value: string | null;
  inline: string | null;
  formula: boolean;
}

export interface SheetRow {
  /** The row number Excel shows. */
  r: number;
  hidden: boolean;
  cells: SheetCell[];
}

/** What the sheet says before its rows: columns hidden by `<cols>`. */
export interface SheetLayout {
  hiddenColumns: Set<number>;
  /** The last column of the sheet's `<dimension ref="A1:H100">` (0-based), -1 when it has none. */
  lastColumn: number;
}

/** Columns hidden by `<cols><col min max hidden="1">` are at most this wide a range each (a whole sheet is 16,384). */
const MAX_COLUMNS = 16384;

/**
 * The rows of one worksheet part, streamed: a row is yielded once its `</row>` is read, with its
 * cells in the order written (gaps allowed: `r="C5"` places a cell; a cell or row without `r`
 * follows the one before). Nothing after `</sheetData>` is read. Memory: one inflated chunk and
 * the rows it completes.
 */
export async function* sheetRows(path: string, m: ZipMember, part: string, layout: SheetLayout): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let inData = false;
  let done = false;
  let row: SheetRow | null = null;
  let lastRow = 0;
  let cell: SheetCell | null = null;
  let nextCol = 0;
  let capture: 'v' | 't' | null = null;
  let inInline = false;
  let phonetic = 0;
  let text = '';
  const h: TagHandler = {
    wantText: false,
    open(name, tag, selfClosing) {
      if (!inData) {
        if (name === 'sheetData') { inData = !selfClosing; done = selfClosing; }
        else if (name === 'dimension') layout.lastColumn = columnOfRef((attribute(tag, 'ref') ?? '').split(':').pop()!);
        else if (name === 'col' && (attribute(tag, 'hidden') === '1' || attribute(tag, 'hidden') === 'true')) {
          const min = Number(attribute(tag, 'min'));
          const max = Math.min(Number(attribute(tag, 'max')), MAX_COLUMNS);
          for (let c = min; c <= max; c++) layout.hiddenColumns.add(c - 1);
        }
        return;
      }
      if (name === 'c') {
        const ref = attribute(tag, 'r');
        const col = ref !== undefined ? columnOfRef(ref) : nextCol;
        if (col < 0 || col >= MAX_COLUMNS) throw damaged(path, `a cell reference "${ref ?? ''}" in row ${row?.r ?? lastRow} of ${part} is not a cell`);
        nextCol = col + 1;
        const s = attribute(tag, 's');
        cell = { col, type: attribute(tag, 't') ?? 'n', style: s === undefined ? 0 : Number(s), value: null, inline: null, formula: false };
        if (selfClosing) cell = null;
      } else if (name === 'v' && cell !== null) {
        capture = 'v';
        text = '';
        h.wantText = !selfClosing;
      } else if (name === 'f' && cell !== null) {
        cell.formula = true;
      } else if (name === 'is' && cell !== null) {
        inInline = true;
        cell.inline = '';
      } else if (name === 'rPh') {
        phonetic++;
      } else if (name === 't' && inInline && phonetic === 0) {
        capture = 't';
        text = '';
        h.wantText = !selfClosing;
      } else if (name === 'row') {
        const ref = attribute(tag, 'r');
        const r = ref !== undefined ? Number(ref) : lastRow + 1;
        if (!Number.isInteger(r) || r <= lastRow || r > 1048576) throw damaged(path, `row number ${ref ?? ''} after row ${lastRow} in ${part}: rows must be in increasing order`);
        lastRow = r;
        nextCol = 0;
        const hidden = attribute(tag, 'hidden');
        row = { r, hidden: hidden === '1' || hidden === 'true', cells: [] };
      }
    },
    close(name) {
      if (!inData) return;
      if (name === 'v' && capture === 'v') {
        if (cell !== null) cell.value = text;
        capture = null;
        h.wantText = false;
      } else if (name === 't' && capture === 't') {
        if (cell !== null) cell.inline = (cell.inline ?? '') + decodeOfficeEscapes(text);
        capture = null;
        h.wantText = false;
      } else if (name === 'rPh') {
        phonetic--;
      } else if (name === 'is') {
        inInline = false;
      } else if (name === 'c') {
        if (cell !== null && row !== null) {
          if (cell.type === 'str' && cell.value !== null) cell.value = decodeOfficeEscapes(cell.value);
          row.cells.push(cell);
        }
        cell = null;
      } else if (name === 'row') {
        if (row !== null) ready.push(row);
        row = null;
      } else if (name === 'sheetData') {
        inData = false;
        done = true;
      }
    },
    text(s) {
      text += s;
    },
  };
  const scanner = new TagScanner();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of memberBytes(path, m, part)) {
    let s: string;
    try {
      s = decoder.decode(chunk, { stream: true });
    } catch {
      throw damaged(path, `the sheet part ${part} is not UTF-8`);
    }
    // After </sheetData> the rest of the part is only inflated, so its size and CRC-32 are still checked.
    if (done) continue;
    scanner.feed(s, h);
    for (const r of ready) yield r;
    ready.length = 0;
  }
  if (!done) throw damaged(path, `the sheet part ${part} ends before its rows do (</sheetData> missing): the file is cut short`);
}

/** A merged range: its top-left and bottom-right cells (rows as Excel numbers them, columns 0-based). */
export type SheetMerge = { first: { row: number; col: number }; last: { row: number; col: number } };

/**
 * The merged ranges of a sheet. `<mergeCells>` follows the rows, so the whole part is inflated
 * for them, but the rows are only searched for the end of `<sheetData>`, not scanned tag by tag
 * (every data row needs the merges now: a merged range fills down, read.ts).
 */
export async function sheetMerges(path: string, m: ZipMember, part: string): Promise<SheetMerge[]> {
  return (await scanMerges(path, m, part, true)) ?? (await scanMerges(path, m, part, false))!;
}

/** The end of the rows, with or without a namespace prefix; `<sheetData/>` when there are none. */
const ROWS_END = /<\/(?:[A-Za-z_][\w.-]*:)?sheetData\s*>|<(?:[A-Za-z_][\w.-]*:)?sheetData\s*\/>/;
const ROWS_END_TAIL = 64;

/** With `skipRows`, null when the rows never end (the rows' reader refuses such a part; here every tag is scanned instead). */
async function scanMerges(path: string, m: ZipMember, part: string, skipRows: boolean): Promise<SheetMerge[] | null> {
  const out: SheetMerge[] = [];
  const h: TagHandler = {
    wantText: false,
    open(name, tag) {
      if (name !== 'mergeCell') return;
      const ref = attribute(tag, 'ref') ?? '';
      const [a, b] = ref.split(':');
      if (a === undefined) return;
      const first = { row: rowOfRef(a), col: columnOfRef(a) };
      const last = b === undefined ? first : { row: rowOfRef(b), col: columnOfRef(b) };
      if (first.row > 0 && first.col >= 0 && last.row >= first.row && last.col >= first.col) out.push({ first, last });
    },
    close() {},
    text() {},
  };
  const scanner = new TagScanner();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let scanning = !skipRows;
  for await (const chunk of memberBytes(path, m, part)) {
    const s = decoder.decode(chunk, { stream: true });
    if (scanning) { scanner.feed(s, h); continue; }
    // Until the rows end only a tail is kept, so an end tag split across two chunks is found.
    pending += s;
    const end = ROWS_END.exec(pending);
    if (end === null) { pending = pending.slice(-ROWS_END_TAIL); continue; }
    scanning = true;
    scanner.feed(pending.slice(end.index + end[0].length), h);
    pending = '';
  }
  return scanning ? out : null;
}
