import type { RecordBatch, Schema } from 'apache-arrow';
import { GrowableBytes, columnData } from '@tuomin/core/internal';
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
  // The exact size is known, so one allocation (plus the slack of copyCell's last word).
  const out = new Uint8Array(total + WORD);
  const ov = new DataView(out.buffer);
  const d = s.delim;
  const d0 = d[0]!;
  const oneByteDelim = d.length === 1;
  const nl = s.newline;
  // Columns' buffers in plain arrays: the row loop reads them once per cell.
  const bytes = cols.map((e) => e.bytes);
  const views = cols.map((e) => new DataView(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength));
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
      if (b - a < LONG_CELL) o = copyCell(views[c]!, bytes[c]!, a, b, ov, out, o);
      else {
        out.set(bytes[c]!.subarray(a, b), o);
        o += b - a;
      }
    }
    for (let k = 0; k < nl.length; k++) out[o++] = nl[k]!;
  }
  return out.subarray(0, total);
}

/** Bytes copied by copyCell at a time; the output has this much slack past its end. */
const WORD = 4;
/**
 * Cells this long or longer are copied by set(). Below it, copyCell's 4-byte words beat both a
 * byte loop and set() with its subarray per cell: the interleave of 500,000 penalties rows took
 * 0.53 CPU-s with bytes below 32 and set() above, 0.27 s with words below 1,024.
 */
const LONG_CELL = 1024;

/**
 * Copy src[a, b) to out at `o` by little-endian 32-bit words through DataViews (unaligned reads
 * and writes, inlined by V8), the last word may write up to 3 bytes past the cell, which the next
 * cell or the output's slack takes; the source is read by words only where a whole word lies
 * inside its buffer, the rest byte by byte. Returns the output position after the cell.
 */
function copyCell(sv: DataView, src: Uint8Array, a: number, b: number, ov: DataView, out: Uint8Array, o: number): number {
  const last = src.length - WORD;
  const wordsEnd = b <= last ? b : last;
  while (a < wordsEnd) {
    ov.setInt32(o, sv.getInt32(a, true), true);
    a += WORD;
    o += WORD;
  }
  if (a > b) return o - (a - b);
  while (a < b) out[o++] = src[a++]!;
  return o;
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
    // The same preamble joinParts writes before the parts: a whole file and its joined parts match.
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
