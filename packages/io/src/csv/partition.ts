import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow';
import { TuominError, batchFromColumns } from '@tuomin/core/internal';
import type { CsvReadOptions } from './options.js';
import { resolveReadOptions } from './options.js';
import { detectDelimiter } from './detect-delimiter.js';
import { splitRecord } from './split-record.js';
import { uniqueHeader } from './header.js';
import { RecordParser } from './record-parser.js';
import { badRowError } from './bad-row.js';
import { notTextError } from './not-text.js';
import { firstInvalidUtf8 } from './decode-utf8.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SAMPLE_BYTES = 64 * 1024;
/** Bytes read at a time while finding boundaries: memory stays bounded whatever the file's size. */
const WINDOW_BYTES = 4 << 20;

/**
 * What every partition of one CSV shares, fixed once from the first bytes before any partition is
 * read: delimiter, columns, null tokens, and where the data rows start (after the byte order mark
 * and the header). Partitions are byte ranges of the file, so only UTF-8 is partitioned: in GBK
 * a trail byte can equal `|` (0x7C), so a byte that looks like a delimiter may not be one.
 */
export interface CsvLayout {
  file: string;
  delimiter: number;
  schema: Schema;
  nullTokens: Uint8Array[];
  batchSize: number;
  /** Byte offset of the first data row (or blank line) in the file. */
  dataStart: number;
  /** 1-based line of `dataStart`. */
  dataLine: number;
}

/**
 * The bytes of a file, read by range: a partition job reads only its own range, and finding the
 * boundaries reads the file once in windows (bounded memory), never whole.
 */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end), end clamped to `size`. */
  read(start: number, end: number): Uint8Array;
  /** Bytes [start, end) (end within `size`) into `into` from index `at`: a reader's window reused, never a fresh array per read. */
  readInto(start: number, end: number, into: Uint8Array, at: number): void;
}

export function memoryBytes(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (start, end) => bytes.subarray(start, Math.min(end, bytes.length)),
    readInto: (start, end, into, at) => into.set(bytes.subarray(start, end), at),
  };
}

/** A file open as `fd` (pinned by the caller), read with positioned reads. */
export function fileBytes(fd: number, size: number): ByteSource {
  return {
    size,
    read(start, end) {
      const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      this.readInto(start, start + out.length, out, 0);
      return out;
    },
    readInto(start, end, into, at) {
      const n = end - start;
      let got = 0;
      while (got < n) {
        const r = readSync(fd, into, at + got, n - got, start + got);
        if (r === 0) throw new TuominError('IO', `the file ended at byte ${start + got}, before ${start + n}: it changed while it was read`, { byteOffset: start + got }, 'read it again once the export has finished', { id: 'input.changedWhileRead', params: { end: start + got, expected: start + n } });
        got += r;
      }
    },
  };
}

/** A byte range [start, end) of the file that holds whole records: a unit of work for one reader. */
export interface CsvPartition {
  index: number;
  start: number;
  end: number;
}

/** A partition as read: its rows, and the counts the prefix sums need. */
export type PartitionRead =
  | { ok: true; part: CsvPartition; batches: RecordBatch[]; rows: number; lines: number }
  /** `boundary`: the range did not end on a record boundary (it ends inside a quoted field). */
  | { ok: false; part: CsvPartition; boundary: boolean; error: TuominError };

/** The partitions of a file joined in order: global row and line numbers by prefix sums. */
export interface JoinedPartitions {
  reads: Array<Extract<PartitionRead, { ok: true }>>;
  /** rowBase[i]: data rows before partition i; a row r of partition i is global row rowBase[i] + r + 1. */
  rowBase: number[];
  /** lineBase[i]: the 1-based line where partition i starts. */
  lineBase: number[];
  rows: number;
}

/** Fix the dialect and header from the first bytes (the sequential reader's rules). */
export function csvLayout(input: Uint8Array | ByteSource, options: CsvReadOptions & { file?: string } = {}): CsvLayout {
  const file = options.file ?? '<memory>';
  const o = resolveReadOptions(options);
  const src = input instanceof Uint8Array ? memoryBytes(input) : input;
  // A workbook or UTF-16 under a .csv name: the sequential reader's refusal, not a partitioned read of NULs.
  const notText = notTextError(file, src.read(0, 4096));
  if (notText) throw notText;
  const first = src.read(0, 3);
  const bom = first.length === 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  const sample = src.read(bom, bom + SAMPLE_BYTES);
  const sampleIsAll = bom + SAMPLE_BYTES >= src.size;
  if ((o.encoding !== 'auto' && o.encoding !== 'utf-8' && bom === 0) || !isUtf8(sample.subarray(0, completeUtf8(sample, sampleIsAll)))) {
    throw new TuominError('UNSUPPORTED', 'only UTF-8 files are read in partitions (a GBK trail byte can look like a delimiter)', { file }, 'read the file with one partition, or convert it to UTF-8 first (tuomin convert)', { id: 'partition.onlyUtfEight' });
  }
  const delimiter = (o.delimiter === 'auto' ? detectDelimiter(sample, sampleIsAll) : o.delimiter).charCodeAt(0);
  // The header is read from a prefix that doubles until it holds the whole first record.
  let prefix = Math.min(src.size, bom + SAMPLE_BYTES);
  for (;;) {
    const bytes = src.read(0, prefix);
    const whole = prefix >= src.size;
    let start = bom;
    while (start < bytes.length && (bytes[start] === LF || bytes[start] === CR)) start++;
    const rec = start < bytes.length ? splitRecord(bytes, start, bytes.length, delimiter, whole) : null;
    if (rec === null && !whole && prefix < o.maxRecordBytes) {
      prefix = Math.min(src.size, prefix * 2);
      continue;
    }
    const blankLines = lines(bytes, bom, start);
    if (rec === null || rec.malformed) {
      throw new TuominError('BAD_INPUT', rec ? 'unexpected character after a closing quote in the header line' : 'no header line (or an unterminated quote in it)', { file, line: 1 + blankLines, byteOffset: start },
        'read the file with one partition: the sequential reader says more', rec ? { id: 'csv.headerAfterQuote' } : { id: 'csv.noHeaderLine' });
    }
    const utf8 = new TextDecoder();
    const names = o.header ? uniqueHeader(rec.fields.map((f) => utf8.decode(f))).names : rec.fields.map((_, i) => `column_${i + 1}`);
    return {
      file,
      delimiter,
      schema: new Schema(names.map((n) => new Field(n, new Utf8(), true))),
      nullTokens: o.nullTokens.map((t) => new TextEncoder().encode(t)),
      batchSize: o.batchSize,
      dataStart: o.header ? rec.next : start,
      dataLine: 1 + blankLines + (o.header ? rec.lines : 0),
    };
  }
}

/** `n` cut points at even byte distances over the data (the nominal partition starts after the first). */
export function evenCuts(layout: CsvLayout, size: number, n: number): number[] {
  const span = size - layout.dataStart;
  return Array.from({ length: Math.max(0, n - 1) }, (_, i) => layout.dataStart + Math.floor((span * (i + 1)) / n));
}

/**
 * Partitions from nominal cut points, each moved forward to the next record boundary by quote
 * parity: a line end is a boundary when an even number of quotes precedes it since the data
 * start (a quoted field opens and closes with one quote each, and "" inside adds two). The quote
 * counts of the ranges between cuts are independent (a reader per range can count them), and
 * their prefix sums give the parity at each cut. A quote inside an unquoted field (a"b) breaks
 * parity: the guess is then checked when the partitions are read (readCsvPartitions).
 */
export function guessPartitions(input: Uint8Array | ByteSource, layout: CsvLayout, cuts: readonly number[], window = WINDOW_BYTES): CsvPartition[] {
  const src = input instanceof Uint8Array ? memoryBytes(input) : input;
  const end = src.size;
  const sorted = [...cuts].filter((c) => c > layout.dataStart && c < end).sort((a, b) => a - b);
  const starts = [layout.dataStart];
  let counted = layout.dataStart;
  let quotes = 0;
  for (const cut of sorted) {
    // Parity at cut - 1: a cut just after a line end keeps that line end's record boundary.
    const from = Math.max(cut - 1, starts[starts.length - 1]!);
    if (from < counted) continue; // inside the record the previous boundary search walked past
    quotes += countQuotes(src, counted, from, window);
    counted = from;
    // Walk window by window from the cut to the first line end outside quotes.
    let odd = (quotes & 1) === 1;
    let boundary = -1;
    for (let w = from; w < end && boundary < 0; w += window) {
      const bytes = src.read(w, w + window + 1); // one byte more: a CR's LF may sit past the window
      const stop = Math.min(window, bytes.length);
      for (let k = 0; k < stop; k++) {
        const b = bytes[k]!;
        if (b === QUOTE) odd = !odd;
        else if (!odd && (b === LF || b === CR)) {
          boundary = w + k + (b === CR && bytes[k + 1] === LF ? 2 : 1);
          break;
        }
      }
    }
    if (boundary < 0) break;
    quotes += countQuotes(src, counted, boundary, window);
    counted = boundary;
    if (boundary < end && boundary > starts[starts.length - 1]!) starts.push(boundary);
  }
  return starts.map((start, index) => ({ index, start, end: starts[index + 1] ?? end }));
}

/**
 * Read one partition with the sequential reader's record parser, from its own bytes
 * (file[part.start, part.end), all a job reads). Its start must be a record boundary (the caller
 * knows it is once the partition before ended cleanly there); its end is checked: a range that
 * ends inside a quoted field is reported as `boundary`, never read as rows. Byte offsets in
 * errors are the file's.
 */
export function readCsvPartition(bytes: Uint8Array, layout: CsvLayout, part: CsvPartition, last: boolean): PartitionRead {
  if (bytes.length !== part.end - part.start) throw new RangeError(`partition ${part.index}: got ${bytes.length} bytes for the range ${part.start}–${part.end}`);
  const where = (at: number): { file: string; byteOffset: number } => ({ file: layout.file, byteOffset: part.start + at });
  if (!isUtf8(bytes)) {
    return { ok: false, part, boundary: false, error: new TuominError('BAD_INPUT', `partition ${part.index} (bytes ${part.start}–${part.end}) is not valid UTF-8`, where(0), 'convert the file to UTF-8, or read it with one partition to find the line', { id: 'partition.notUtf' }) };
  }
  const ncols = layout.schema.fields.length;
  const parser = new RecordParser(ncols, layout.delimiter, layout.batchSize, layout.nullTokens);
  const stop = parser.parse(bytes, 0, bytes.length, true);
  const bad = parser.bad;
  if (bad) {
    const boundary = !last && bad.kind === 'unterminated-quote';
    const what = boundary ? `partition ${part.index} (bytes ${part.start}–${part.end}) does not end on a record boundary: a quoted field is still open at its end` : `partition ${part.index}: a ${bad.kind} row (line ${bad.line} of the partition)`;
    return { ok: false, part, boundary, error: new TuominError('BAD_INPUT', what, where(bad.pos), boundary ? 'split the file elsewhere (the partitions are re-cut at the boundary the reader found)' : 'read the file with one partition to get the line and column',
      boundary ? { id: 'partition.openQuoteAtEnd' } : { id: 'partition.badRow', params: { kind: bad.kind, line: bad.line } }) };
  }
  if (stop !== bytes.length) {
    return { ok: false, part, boundary: true, error: new TuominError('BAD_INPUT', `partition ${part.index} stopped at byte ${part.start + stop}, before its end ${part.end}`, where(stop), undefined, { id: 'partition.notAtBoundary' }) };
  }
  parser.close();
  const batches = parser.ready.map((cols, k) => batchFromColumns(layout.schema, cols, parser.readyRows[k]!));
  const rows = parser.readyRows.reduce((a, b) => a + b, 0);
  return { ok: true, part, batches, rows, lines: parser.line - 1 };
}

/**
 * Read one partition as a stream of batches, window by window (memory: one window and one batch,
 * whatever the partition's size), with the record parser readCsvPartition uses. Its start must be a
 * record boundary (the job's caller proves it once the partition before ended cleanly); its end
 * is checked as the bytes run out: a range that ends inside a quoted field, or between the CR and
 * the LF of one line end, throws a PartitionEndError (`boundary`), after the batches before it
 * were yielded, so a consumer must keep nothing of a partition whose pass did not complete.
 * Returns the data rows and lines read; byte offsets in errors are the file's.
 */
export function* streamCsvPartition(src: ByteSource, layout: CsvLayout, part: CsvPartition, last: boolean, window = WINDOW_BYTES, maxRecordBytes = 64 << 20): Generator<RecordBatch, { rows: number; lines: number }> {
  const ncols = layout.schema.fields.length;
  const parser = new RecordParser(ncols, layout.delimiter, layout.batchSize, layout.nullTokens);
  const where = (at: number): { file: string; byteOffset: number } => ({ file: layout.file, byteOffset: at });
  // Cut points come from guessPartitions, always just after a line end: anything else is a bad plan, not a guess to retry.
  const before = part.start > layout.dataStart ? src.read(part.start - 1, part.start)[0] : LF;
  if (part.start < layout.dataStart || part.end < part.start || part.end > src.size || (before !== LF && before !== CR)) {
    throw new TuominError('BAD_INPUT', `partition ${part.index} (bytes ${part.start}–${part.end}) does not start just after a line end inside the data`, where(part.start), 'this is a bug in how the file was split: read it with one partition', { id: 'internal.bug' });
  }
  const around = part.end > part.start ? src.read(part.end - 1, part.end + 1) : new Uint8Array(0);
  if (!last && around.length === 2 && around[0] === CR && around[1] === LF) {
    throw new PartitionEndError(part.index, new TuominError('BAD_INPUT', `partition ${part.index} (bytes ${part.start}–${part.end}) does not end on a record boundary: it ends between the CR and the LF of a line end`, where(part.end), undefined, { id: 'partition.notAtBoundary' }));
  }
  let rows = 0;
  // One window buffer for the whole partition: the record left open at the end of a window (the
  // carry) is moved to its front and the next bytes are read in after it. A fresh array per read
  // and a copy to join the carry cost page faults and garbage collections: the partition reader
  // took 2.5 CPU-s for 500,000 rows where the sequential reader, which reuses its window, took 1.5.
  let win = new Uint8Array(0);
  let carried = 0;
  // Of the carried bytes, those already checked as UTF-8 (a character split across two windows is checked with the second).
  let checked = 0;
  for (let pos = part.start; ;) {
    const readEnd = Math.min(part.end, pos + window);
    const n = carried + (readEnd - pos);
    if (win.length < n) {
      const next = new Uint8Array(Math.max(n, win.length * 2));
      next.set(win.subarray(0, carried));
      win = next;
    }
    src.readInto(pos, readEnd, win, carried);
    const buf = win.subarray(0, n);
    const final = readEnd >= part.end;
    const whole = completeUtf8(buf, final);
    if (!isUtf8(buf.subarray(checked, whole))) {
      const at = pos - carried + checked + firstInvalidUtf8(buf.subarray(checked, whole));
      throw new TuominError('BAD_INPUT', `partition ${part.index} (bytes ${part.start}–${part.end}) is not valid UTF-8`, where(at), 'convert the file to UTF-8, or read it with one partition to find the line', { id: 'partition.notUtf' });
    }
    const bufStart = pos - carried;
    const stop = parser.parse(buf, 0, buf.length, final);
    const bad = parser.bad;
    if (bad) {
      const boundary = final && !last && bad.kind === 'unterminated-quote';
      if (!boundary) {
        // The sequential reader's error, with the line counted from the partition's start (the
        // coordinator moves it past the earlier partitions' lines).
        throw badRowError(bad, { ...where(bufStart + bad.pos), line: bad.problemLine }, layout.schema, String.fromCharCode(layout.delimiter));
      }
      const what = `partition ${part.index} (bytes ${part.start}–${part.end}) does not end on a record boundary: a quoted field is still open at its end`;
      throw new PartitionEndError(part.index, new TuominError('BAD_INPUT', what, where(bufStart + bad.pos), 'split the file elsewhere (join this partition with the next: joinPartitions)', { id: 'partition.openQuoteAtEnd' }));
    }
    if (final && stop !== buf.length) {
      throw new PartitionEndError(part.index, new TuominError('BAD_INPUT', `partition ${part.index} (bytes ${part.start}–${part.end}) does not end on a record boundary: the parser stopped at byte ${bufStart + stop}`, where(bufStart + stop), undefined, { id: 'partition.notAtBoundary' }));
    }
    if (final) parser.close();
    while (parser.ready.length > 0) {
      const cols = parser.ready.shift()!;
      const n = parser.readyRows.shift()!;
      rows += n;
      yield batchFromColumns(layout.schema, cols, n);
    }
    if (final) return { rows, lines: parser.line - 1 };
    // The sequential reader's limit (stream-parser.ts): a record still open after this many bytes is an error.
    if (buf.length - stop > maxRecordBytes) {
      throw new TuominError('BAD_INPUT', `partition ${part.index}: a row is longer than ${maxRecordBytes} bytes (an unterminated quote, or no line ends)`, where(bufStart + stop), 'read the file with one partition to get the line; check --delimiter and --encoding', { id: 'csv.rowTooLong', params: { max: maxRecordBytes } });
    }
    win.copyWithin(0, stop, n);
    carried = n - stop;
    checked = Math.max(0, whole - stop);
    pos = readEnd;
  }
}

/**
 * A partition that did not end on a record boundary (or, for `partition` = index - 1, one whose
 * start shows the partition before it did not): the coordinator joins `partition` with the next
 * (partition/join.ts joinPartitions) and runs the joined range again. The rows of the partitions
 * after it must be dropped: they were read from a start that is not a record boundary.
 */
export class PartitionEndError extends TuominError {
  readonly partition: number;
  readonly boundary = true as const;
  constructor(partition: number, cause: TuominError) {
    super(cause.code, cause.detail, cause.location, cause.hint, cause.text);
    this.name = 'PartitionEndError';
    this.partition = partition;
  }
}

/**
 * The contiguity check: the reads must cover the data exactly once, in order (the first starts at
 * the data start, each starts where the one before ended, the last ends at the end of the file),
 * and each must have ended on a record boundary. Anything else is an error naming the partition,
 * never rows lost or read twice. Then global row and line numbers by prefix sums.
 */
export function joinCsvPartitions(layout: CsvLayout, size: number, reads: readonly PartitionRead[]): JoinedPartitions {
  const fail = (msg: string, byteOffset: number): never => {
    throw new TuominError('BAD_INPUT', `the partitions of the file are not contiguous: ${msg}`, { file: layout.file, byteOffset }, 'this is a bug in how the file was split: read it with one partition', { id: 'internal.bug' });
  };
  if (reads.length === 0) fail('there are none', layout.dataStart);
  let at = layout.dataStart;
  const ok: JoinedPartitions['reads'] = [];
  const rowBase: number[] = [];
  const lineBase: number[] = [];
  let rows = 0;
  let line = layout.dataLine;
  for (const r of reads) {
    if (r.part.start !== at) fail(`partition ${r.part.index} starts at byte ${r.part.start}, but the data before it ends at byte ${at}`, r.part.start);
    if (!r.ok) throw r.error;
    ok.push(r);
    rowBase.push(rows);
    lineBase.push(line);
    rows += r.rows;
    line += r.lines;
    at = r.part.end;
  }
  if (at !== size) fail(`the last partition ends at byte ${at}, the file at byte ${size}`, at);
  return { reads: ok, rowBase, lineBase, rows };
}

/**
 * Try and validate (as DuckDB's parallel CSV reader does): guess the partitions by quote parity,
 * read each on its own, then walk them in order. The first starts at a known boundary; when a
 * partition ends cleanly the next one's start is proven. A partition that ends inside a quoted
 * field is joined with the next and read again, so a wrong guess costs a re-read, never a row.
 */
export function readCsvPartitions(input: Uint8Array | ByteSource, layout: CsvLayout, cuts: readonly number[], window = WINDOW_BYTES): JoinedPartitions {
  const src = input instanceof Uint8Array ? memoryBytes(input) : input;
  const read = (p: CsvPartition, last: boolean): PartitionRead => readCsvPartition(src.read(p.start, p.end), layout, p, last);
  let parts = guessPartitions(src, layout, cuts, window);
  let reads = parts.map((p, i) => read(p, i === parts.length - 1));
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    if (r.ok) continue;
    if (!r.boundary) throw r.error;
    // Join partition i with i + 1 and read the joined range again; later partitions keep their reads.
    const next = parts[i + 1]!;
    const joined = { index: r.part.index, start: r.part.start, end: next.end };
    parts = [...parts.slice(0, i), joined, ...parts.slice(i + 2)];
    reads = [...reads.slice(0, i), read(joined, i === parts.length - 1), ...reads.slice(i + 2)];
    i--;
  }
  return joinCsvPartitions(layout, src.size, reads);
}

/** Quotes in [from, to), read window by window; memchr-backed indexOf jumps from quote to quote. */
function countQuotes(src: ByteSource, from: number, to: number, window: number): number {
  let n = 0;
  for (let w = from; w < to; w += window) {
    const bytes = src.read(w, Math.min(to, w + window));
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = b.indexOf(QUOTE); i >= 0; i = b.indexOf(QUOTE, i + 1)) n++;
  }
  return n;
}

function lines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) n++;
  return n;
}

/** Length of the longest prefix of whole UTF-8 sequences (a sample may cut one). */
function completeUtf8(b: Uint8Array, whole: boolean): number {
  if (whole) return b.length;
  let i = b.length;
  for (let k = 0; k < 3 && i > 0 && (b[i - 1]! & 0xc0) === 0x80; k++) i--;
  if (i > 0 && b[i - 1]! >= 0xc0) i--;
  return i;
}
