import type { RecordBatch, Schema } from 'apache-arrow';
import { GrowableBytes, columnData } from '@tuomin/core';
import { atomicWrite } from '../atomic.js';
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
  return { rules: cellRules(delimiter, options.nullToken ?? ''), delim: enc.encode(delimiter), newline: enc.encode(options.newline ?? '\n') };
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
  const cols: EncodedColumn[] = [];
  let total = 0;
  for (let c = 0; c < ncols; c++) {
    const e = encodeColumn(columnData(batch, c), s.rules);
    cols.push(e);
    total += e.offsets[n]! - e.offsets[0]!;
  }
  const d = s.delim;
  const nl = s.newline;
  const out = new GrowableBytes(total + n * (ncols * d.length + nl.length) + 16);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < ncols; c++) {
      if (c > 0) out.append(d, 0, d.length);
      const e = cols[c]!;
      out.append(e.bytes, e.offsets[i]!, e.offsets[i + 1]!);
    }
    // A one-column row holding an empty cell would be a blank line; cells are never empty then,
    // because empty values are written as "" (or as the null token).
    out.append(nl, 0, nl.length);
  }
  return out.finish();
}

/** Whole CSV in memory (tests, small tables). */
export function csvBytes(schema: Schema, batches: RecordBatch[], options: CsvWriteOptions = {}): Uint8Array {
  const s = setup(options);
  const parts: Uint8Array[] = [];
  if (options.bom) parts.push(BOM);
  if (options.header ?? true) parts.push(headerBytes(schema, s));
  for (const b of batches) parts.push(batchBytes(b, s));
  return new Uint8Array(Buffer.concat(parts));
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
    let bytes = 0;
    let rows = 0;
    if (options.bom) {
      await fh.write(BOM);
      bytes += BOM.length;
    }
    if (options.header ?? true) {
      const h = headerBytes(schema, s);
      await fh.write(h);
      bytes += h.length;
    }
    for await (const b of batches) {
      const t = batchBytes(b, s);
      await fh.write(t);
      bytes += t.length;
      rows += b.numRows;
    }
    return { path, rows, bytes };
  });
}
