import type { RecordBatch, Schema } from 'apache-arrow';
import { COPY_BY_SET, COPY_WORD, GrowableBytes, columnData, copyWords, viewOf } from '@tuomin/core/internal';
import { atomicWrite } from '../atomic.js';
import { WriteBehind } from '../write-behind.js';
import type { CsvWriteOptions, WriteResult } from './options.js';
import { type CellRules, type ColumnScratch, appendCell, cellRules, columnScratch, encodeColumn } from './encode-column.js';

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

/**
 * The CSV text of each batch as a fresh buffer, rows only (a part held in memory: format/parts.ts).
 * The columns' encodings reuse their buffers from batch to batch; only the text is new.
 */
export function csvBatchEncoder(options: CsvWriteOptions = {}): (batch: RecordBatch) => Uint8Array {
  const s = setup(options);
  const scratch: ColumnScratch[] = [];
  return (batch) => batchBytes(batch, s, scratchFor(scratch, batch));
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

/**
 * One batch's rows being interleaved: each column encoded once (into `scratch` when given), then
 * `fill` copies whole rows into an output buffer, as many as fit, from the row it stopped at.
 */
class BatchRows {
  readonly n: number;
  /** Bytes of all the rows. */
  readonly total: number;
  /** The next row to copy. */
  row = 0;
  private readonly bytes: Uint8Array[];
  private readonly views: DataView[];
  private readonly offs: Int32Array[];

  constructor(batch: RecordBatch, private readonly s: WriterSetup, scratch: ColumnScratch[] | null) {
    const n = batch.numRows;
    const ncols = batch.schema.fields.length;
    this.n = ncols === 0 ? 0 : n;
    let total = this.n * ((ncols - 1) * s.delim.length + s.newline.length);
    // Columns' buffers in plain arrays: the row loop reads them once per cell.
    this.bytes = [];
    this.views = [];
    this.offs = [];
    for (let c = 0; c < ncols && this.n > 0; c++) {
      const e = encodeColumn(columnData(batch, c), s.rules, batch.schema.fields[c]!.name, scratch?.[c]);
      this.bytes.push(e.bytes);
      this.views.push(viewOf(e.bytes));
      this.offs.push(e.offsets);
      total += e.offsets[n]! - e.offsets[0]!;
    }
    this.total = total;
  }

  /** Bytes of row i with its delimiters and newline. */
  rowBytes(i: number): number {
    const offs = this.offs;
    let len = (offs.length - 1) * this.s.delim.length + this.s.newline.length;
    for (let c = 0; c < offs.length; c++) len += offs[c]![i + 1]! - offs[c]![i]!;
    return len;
  }

  /**
   * Copy rows from `this.row` into out[o, …) while a row and copyWords' slack fit before `end`
   * (at most out.length - COPY_WORD); returns the new `o`, `this.row` is the first row not copied.
   */
  fill(out: Uint8Array, ov: DataView, o: number, end: number): number {
    const n = this.n;
    const ncols = this.offs.length;
    const d = this.s.delim;
    const d0 = d[0]!;
    const oneByteDelim = d.length === 1;
    const nl = this.s.newline;
    const bytes = this.bytes;
    const views = this.views;
    const offs = this.offs;
    // Only a buffer that may not hold every row checks each row's length first.
    const check = o + this.total - this.bytesBefore(this.row) > end;
    let i = this.row;
    for (; i < n; i++) {
      if (check && o + this.rowBytes(i) > end) break;
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
    this.row = i;
    return o;
  }

  /** Bytes of rows [0, i). */
  private bytesBefore(i: number): number {
    if (i === 0) return 0;
    const offs = this.offs;
    let len = i * ((offs.length - 1) * this.s.delim.length + this.s.newline.length);
    for (let c = 0; c < offs.length; c++) len += offs[c]![i]! - offs[c]![0]!;
    return len;
  }
}

/** Column scratch buffers for each column of `batch`, kept in `scratch` from batch to batch. */
function scratchFor(scratch: ColumnScratch[], batch: RecordBatch): ColumnScratch[] {
  while (scratch.length < batch.schema.fields.length) scratch.push(columnScratch());
  return scratch;
}

/** The CSV text of one batch in a fresh buffer of its exact size (plus copyWords' slack). */
function batchBytes(batch: RecordBatch, s: WriterSetup, scratch: ColumnScratch[] | null): Uint8Array {
  const rows = new BatchRows(batch, s, scratch);
  const out = new Uint8Array(rows.total + COPY_WORD);
  rows.fill(out, new DataView(out.buffer), 0, rows.total);
  return out.subarray(0, rows.total);
}

/**
 * Bytes of each output buffer of writeCsv. Two are used in turn: one filled while WriteBehind
 * writes the other, so a write of 238 MB of CSV allocates 2 MiB instead of a buffer per batch
 * (docs/performance.md, "Twelfth session"). A row longer than this gets a buffer of its own.
 */
export const CSV_WRITE_BUFFER = 1 << 20;

/**
 * Write the rows of `batches` as CSV through `out` (the header is the caller's). Each batch's
 * columns are encoded into buffers kept from the batch before, and its rows copied into two
 * buffers of CSV_WRITE_BUFFER bytes used in turn. Safe because WriteBehind keeps one write in
 * flight: write(b) returns once the write before it (of the other buffer) has completed, so the
 * buffer filled next is never one the file system is still reading (csv-write-buffers.test.ts
 * writes through a slow handle that reads each buffer only when its write completes).
 */
export async function writeCsvRows(out: WriteBehind, batches: AsyncIterable<RecordBatch>, options: CsvWriteOptions = {}): Promise<{ rows: number; bytes: number }> {
  const s = setup(options);
  const scratch: ColumnScratch[] = [];
  const ring = [new Uint8Array(CSV_WRITE_BUFFER), new Uint8Array(CSV_WRITE_BUFFER)];
  const views = ring.map((b) => new DataView(b.buffer));
  const end = CSV_WRITE_BUFFER - COPY_WORD;
  let cur = 0;
  let o = 0;
  let rows = 0;
  let bytes = 0;
  for await (const b of batches) {
    const br = new BatchRows(b, s, scratchFor(scratch, b));
    while (true) {
      o = br.fill(ring[cur]!, views[cur]!, o, end);
      if (br.row === br.n) break;
      if (o === 0) {
        // One row longer than a whole buffer: a buffer of its own (rare; written at once).
        const len = br.rowBytes(br.row);
        const big = new Uint8Array(len + COPY_WORD);
        br.fill(big, new DataView(big.buffer), 0, len);
        await out.write(big.subarray(0, len));
        continue;
      }
      await out.write(ring[cur]!.subarray(0, o));
      cur ^= 1;
      o = 0;
    }
    rows += b.numRows;
    bytes += br.total;
  }
  if (o > 0) await out.write(ring[cur]!.subarray(0, o));
  return { rows, bytes };
}

/** Whole CSV in memory (tests, small tables). */
export function csvBytes(schema: Schema, batches: RecordBatch[], options: CsvWriteOptions = {}): Uint8Array {
  const s = setup(options);
  const parts: Uint8Array[] = [csvPreamble(schema, options)];
  for (const b of batches) parts.push(batchBytes(b, s, null));
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
  setup(options); // a bad delimiter is refused before a file is opened
  return atomicWrite(path, async (fh) => {
    // The rows are encoded while the buffer before is written.
    const out = new WriteBehind(fh);
    // The same preamble partPreamble gives the placed parts: a whole file and its placed parts match.
    const head = csvPreamble(schema, options);
    await out.write(head);
    const r = await writeCsvRows(out, batches, options);
    await out.flush();
    return { path, rows: r.rows, bytes: head.length + r.bytes };
  });
}
