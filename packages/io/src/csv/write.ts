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
  // The exact size is known, so one allocation and no bounds checks in the loop.
  const out = new Uint8Array(total);
  const d = s.delim;
  const d0 = d[0]!;
  const oneByteDelim = d.length === 1;
  const nl = s.newline;
  // Columns' buffers in plain arrays: the row loop reads them once per cell.
  const bytes = cols.map((e) => e.bytes);
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
      const src = bytes[c]!;
      const off = offs[c]!;
      const a = off[i]!;
      const b = off[i + 1]!;
      // Short cells by a byte loop: cheaper than creating a subarray for set().
      if (b - a < 32) {
        for (let k = a; k < b; k++) out[o++] = src[k]!;
      } else {
        out.set(src.subarray(a, b), o);
        o += b - a;
      }
    }
    for (let k = 0; k < nl.length; k++) out[o++] = nl[k]!;
  }
  return out;
}

/** Whole CSV in memory (tests, small tables). */
export function csvBytes(schema: Schema, batches: RecordBatch[], options: CsvWriteOptions = {}): Uint8Array {
  const s = setup(options);
  const parts: Uint8Array[] = [];
  if (options.bom) parts.push(BOM);
  if (options.header ?? true) parts.push(headerBytes(schema, s));
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
    let bytes = 0;
    let rows = 0;
    if (options.bom) {
      await out.write(BOM);
      bytes += BOM.length;
    }
    if (options.header ?? true) {
      const h = headerBytes(schema, s);
      await out.write(h);
      bytes += h.length;
    }
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
