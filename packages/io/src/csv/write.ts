import type { RecordBatch, Schema } from 'apache-arrow';
import { COPY_BY_SET, COPY_WORD, GrowableBytes, columnData, copyWords, viewOf } from '@tuomin/core/internal';
import { atomicWrite } from '../atomic.js';
import { WriteBehind } from '../write-behind.js';
import type { CsvWriteOptions, WriteResult } from './options.js';
import { type CellRules, type EncodedColumn, appendCell, cellRules, encodeColumn } from './encode-column.js';

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

interface WriterSetup {
  rules: CellRules;
  delim: Uint8Array;
  newline: Uint8Array;
}

function setup(options: CsvWriteOptions): WriterSetup {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length === 0 || /["\r\n]/.test(delimiter)) throw new TypeError(`bad CSV delimiter ${JSON.stringify(delimiter)}`);
  const enc = new TextEncoder();
  return { rules: cellRules(delimiter, options.nullToken ?? '', options.escapeFormulas ?? false), delim: enc.encode(delimiter), newline: enc.encode(options.newline ?? '\n') };
}

/**
 * What a whole CSV file has before its first row: the BOM (when asked) and the header line (unless
 * `header: false`). A part (csvPartOptions) leaves both out, so this plus the parts in order is
 * the whole file, byte for byte.
 */
export function csvPreamble(schema: Schema, options: CsvWriteOptions = {}): Uint8Array {
  const s = setup(options);
  const h = (options.header ?? true) ? headerBytes(schema, s) : new Uint8Array(0);
  if (!options.bom) return h;
  const out = new Uint8Array(BOM.length + h.length);
  out.set(BOM, 0);
  out.set(h, BOM.length);
  return out;
}

/** The CSV text of each batch as a fresh buffer, rows only (a part held in memory: format/parts.ts). */
export function csvBatchEncoder(options: CsvWriteOptions = {}): (batch: RecordBatch) => Uint8Array {
  const s = setup(options);
  return (batch) => batchBytes(batch, s);
}

/** The options of one part of a CSV file: the file's, without the header line and the BOM. */
export function csvPartOptions(options: CsvWriteOptions = {}): CsvWriteOptions {
  return { ...options, header: false, bom: false };
}

function headerBytes(schema: Schema, s: WriterSetup): Uint8Array {
  const out = new GrowableBytes(256);
  const enc = new TextEncoder();
  schema.fields.forEach((f, c) => {
    if (c > 0) out.append(s.delim, 0, s.delim.length);
    const name = enc.encode(f.name);
    appendCell(out, name, 0, name.length, { ...s.rules, nullToken: new Uint8Array([0xff]) });
  });
  out.append(s.newline, 0, s.newline.length);
  return out.finish();
}

/** The CSV text of one batch: columns encoded one at a time, then rows interleaved by byte copies. */
function batchBytes(batch: RecordBatch, s: WriterSetup): Uint8Array {
  const n = batch.numRows;
  const ncols = batch.schema.fields.length;
  if (ncols === 0) return new Uint8Array(0);
  const cols: EncodedColumn[] = [];
  let total = n * ((ncols - 1) * s.delim.length + s.newline.length);
  for (let c = 0; c < ncols; c++) {
    const e = encodeColumn(columnData(batch, c), s.rules, batch.schema.fields[c]!.name);
    cols.push(e);
    total += e.offsets[n]! - e.offsets[0]!;
  }
  // The exact size is known, so one allocation (plus the slack of copyWords' last word).
  const out = new Uint8Array(total + COPY_WORD);
  const ov = new DataView(out.buffer);
  const d = s.delim;
  const d0 = d[0]!;
  const oneByteDelim = d.length === 1;
  const nl = s.newline;
  // Columns' buffers in plain arrays: the row loop reads them once per cell.
  const bytes = cols.map((e) => e.bytes);
  const views = cols.map((e) => viewOf(e.bytes));
  const offs = cols.map((e) => e.offsets);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < ncols; c++) {
      if (c > 0) {
        if (oneByteDelim) out[o++] = d0;
        else for (let k = 0; k < d.length; k++) out[o++] = d[k]!;
      }
      // A one-column row holding an empty cell would be a blank line; cells are never empty then,
      // because empty values are written as "" (or as the null token).
      const off = offs[c]!;
      const a = off[i]!;
      const b = off[i + 1]!;
      if (b - a < COPY_BY_SET) o = copyWords(views[c]!, bytes[c]!, a, b, ov, out, o);
      else {
        out.set(bytes[c]!.subarray(a, b), o);
        o += b - a;
      }
    }
    for (let k = 0; k < nl.length; k++) out[o++] = nl[k]!;
  }
  return out.subarray(0, total);
}

/** Whole CSV in memory (tests, small tables). */
export function csvBytes(schema: Schema, batches: RecordBatch[], options: CsvWriteOptions = {}): Uint8Array {
  const s = setup(options);
  const parts: Uint8Array[] = [csvPreamble(schema, options)];
  for (const b of batches) parts.push(batchBytes(b, s));
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Write batches as UTF-8 CSV to `path`, atomically (temporary file in the same folder, then rename). */
export async function writeCsv(
  path: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: CsvWriteOptions = {},
): Promise<WriteResult> {
  const s = setup(options);
  return atomicWrite(path, async (fh) => {
    // Each batch's text is a fresh buffer, so the next batch is encoded while this one is written.
    const out = new WriteBehind(fh);
    // The same preamble partPreamble gives the placed parts: a whole file and its placed parts match.
    const head = csvPreamble(schema, options);
    await out.write(head);
    let bytes = head.length;
    let rows = 0;
    for await (const b of batches) {
      const t = batchBytes(b, s);
      await out.write(t);
      bytes += t.length;
      rows += b.numRows;
    }
    await out.flush();
    return { path, rows, bytes };
  });
}
