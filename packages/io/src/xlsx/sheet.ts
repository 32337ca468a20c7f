import type { RecordBatch, Schema } from 'apache-arrow';
import { GrowableBytes, TuominError, columnData } from '@tuomin/core/internal';
import { cellWriter } from './cells.js';
import type { CellContext, CellWriter } from './cells.js';
import { appendXmlText, codePointName } from './escape.js';
import type { ZipEntryStream } from './zip.js';

/** Rows per worksheet, the header row included (Excel 2007 and later). */
export const XLSX_MAX_ROWS = 1_048_576;
/** Columns per worksheet (A to XFD). */
export const XLSX_MAX_COLUMNS = 16_384;

const enc = new TextEncoder();
const HEAD = enc.encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    // The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetData>',
);
const TAIL = enc.encode('</sheetData></worksheet>');
const ROW_OPEN = enc.encode('<row r="');
const ROW_MID = enc.encode('">');
const ROW_CLOSE = enc.encode('</row>');
/** Header cells: inline strings in the bold style (cellXfs 1 in styles.xml). */
const HEADER_OPEN = enc.encode('" t="inlineStr" s="1"><is><t xml:space="preserve">');
const HEADER_CLOSE = enc.encode('</t></is></c>');

/** A, B, …, Z, AA, …, XFD for 0-based column c. */
export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The worksheet part, streamed: row XML is built from the Arrow buffers into a chunk of about
 * `chunkBytes`, and each full chunk goes to the ZIP entry (deflated off the main thread), so
 * memory holds a few chunks, never the sheet. Cells carry `r` references because null cells are
 * left out and the columns after them must keep their place.
 */
export class SheetWriter {
  private readonly entry: ZipEntryStream;
  private readonly schema: Schema;
  private readonly file: string;
  private readonly chunkBytes: number;
  private readonly prefixes: Uint8Array[];
  /** cellXfs index per column (styles.ts): the number format of dates, timestamps and decimals. */
  private readonly styles: number[];
  private out: GrowableBytes;
  /** Sheet rows written so far (the header is row 1). */
  rows = 0;
  /** ASCII digits of the current sheet row number, right-aligned in `digits`, from `digitsStart`. */
  private readonly digits = new Uint8Array(8).fill(0x30);
  private digitsStart = 8;

  constructor(entry: ZipEntryStream, schema: Schema, file: string, chunkBytes: number, styles: number[] = []) {
    this.entry = entry;
    this.styles = styles;
    this.schema = schema;
    this.file = file;
    this.chunkBytes = chunkBytes;
    this.prefixes = schema.fields.map((_, c) => enc.encode(`<c r="${columnName(c)}`));
    this.out = new GrowableBytes(chunkBytes + (chunkBytes >> 2));
  }

  /** The XML head and the header row of field names. */
  async begin(): Promise<void> {
    const o = this.out;
    o.append(HEAD, 0, HEAD.length);
    this.nextRow();
    this.openRow(o);
    this.schema.fields.forEach((f, c) => {
      const p = this.prefixes[c]!;
      o.append(p, 0, p.length);
      o.append(this.digits, this.digitsStart, 8);
      o.append(HEADER_OPEN, 0, HEADER_OPEN.length);
      const name = enc.encode(f.name);
      const bad = appendXmlText(name, 0, name.length, o);
      if (bad >= 0) {
        throw new TuominError('UNSUPPORTED', `column name contains the control character ${codePointName(bad)}, which XLSX cannot hold`, { file: this.file, column: f.name }, 'rename the column', { id: 'xlsx.controlInName', params: { char: codePointName(bad) } });
      }
      o.append(HEADER_CLOSE, 0, HEADER_CLOSE.length);
    });
    o.append(ROW_CLOSE, 0, ROW_CLOSE.length);
  }

  async writeBatch(batch: RecordBatch): Promise<void> {
    const n = batch.numRows;
    const ncols = this.prefixes.length;
    const base = this.rows;
    const writers: CellWriter[] = [];
    const bitmaps: Array<Uint8Array | null> = [];
    const bitOffsets = new Int32Array(ncols);
    for (let c = 0; c < ncols; c++) {
      const data = columnData(batch, c);
      writers.push(cellWriter(data, this.context(c, base), this.styles[c] ?? 0));
      bitmaps.push(data.nullCount > 0 && data.nullBitmap ? data.nullBitmap : null);
      bitOffsets[c] = data.offset;
    }
    const prefixes = this.prefixes;
    const digits = this.digits;
    for (let i = 0; i < n; i++) {
      this.nextRow();
      const ds = this.digitsStart;
      const o = this.out;
      this.openRow(o);
      for (let c = 0; c < ncols; c++) {
        const bits = bitmaps[c]!;
        if (bits !== null) {
          const j = bitOffsets[c]! + i;
          if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) continue;
        }
        const cellStart = o.length;
        const p = prefixes[c]!;
        o.append(p, 0, p.length);
        o.append(digits, ds, 8);
        writers[c]!(i, o, cellStart);
      }
      o.append(ROW_CLOSE, 0, ROW_CLOSE.length);
      if (o.length >= this.chunkBytes) await this.flush();
    }
  }

  async end(): Promise<void> {
    this.out.append(TAIL, 0, TAIL.length);
    await this.flush();
    await this.entry.end();
  }

  private async flush(): Promise<void> {
    const chunk = this.out.finish();
    // The ZIP entry keeps the chunk until it is compressed: start a new buffer rather than reuse it.
    this.out = new GrowableBytes(this.chunkBytes + (this.chunkBytes >> 2));
    await this.entry.write(chunk);
  }

  private openRow(o: GrowableBytes): void {
    o.append(ROW_OPEN, 0, ROW_OPEN.length);
    o.append(this.digits, this.digitsStart, 8);
    o.append(ROW_MID, 0, ROW_MID.length);
  }

  /** Add one to the row number, in its ASCII digits. */
  private nextRow(): void {
    this.rows++;
    const d = this.digits;
    let k = 7;
    while (d[k] === 0x39) d[k--] = 0x30;
    d[k]!++;
    if (k < this.digitsStart) this.digitsStart = k;
  }

  private context(c: number, base: number): CellContext {
    const field = this.schema.fields[c]!;
    const file = this.file;
    return {
      fail(i, message, hint, text): never {
        // Batch row i is sheet row base + 1 + i, data row base + i (the header is sheet row 1).
        throw new TuominError('UNSUPPORTED', `cell ${columnName(c)}${base + 1 + i}: ${message}`, { file, row: base + i, column: field.name }, hint, text);
      },
    };
  }
}
