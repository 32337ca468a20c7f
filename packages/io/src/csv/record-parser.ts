import { COPY_BY_SET, COPY_WORD, copyWords, viewOf } from '@tuomin/core/internal';
import type { Data, LargeUtf8, Utf8 } from 'apache-arrow';
import { Utf8ColumnBuilder } from './column-builder.js';
import { giveBackBuilders, takeBuilders } from './builder-pool.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/**
 * Fields of a line with at most this many bytes left are split 4 bytes at a time in JS; longer
 * rests by memchr. The bound keeps a column's reserve (the rest of the line) small in wide files.
 * On the 500,000-row penalties extract the word scan took 0.19 CPU-s where a memchr call per field
 * took 0.25 (split and copy only).
 */
const SWAR_LINE = 4096;

export type BadKind = 'ragged' | 'unterminated-quote' | 'after-quote';

/** A bad record found by the parser; positions are indexes into the buffer passed to `parse`. */
export interface BadRecord {
  kind: BadKind;
  /** First byte of the record. */
  start: number;
  /** Where parsing resumes (just after the record, or after the physical line holding the problem). */
  resume: number;
  /** 1-based line of the record start, and of the problem. */
  line: number;
  problemLine: number;
  /** Byte of the problem (record start for ragged rows, the quote for quote errors). */
  pos: number;
  /** Fields found (ragged rows); for quote errors, the 1-based position of the field at fault. */
  fields: number;
}

/**
 * The hot loop: RFC 4180 records from UTF-8 bytes straight into per-column Utf8 builders.
 * Works on a window of the stream; an incomplete last record is rolled back and its start returned
 * so the caller can carry it into the next window.
 *
 * Readable version of the per-field logic:
 *   field = '"' (any byte but '"' | '""')* '"'   -> bytes with "" unescaped, never null
 *         | (any byte but delimiter, CR, LF)*       -> raw bytes; null if they equal a null token
 *   after a closing quote only a delimiter, a line end or end of input may follow.
 */
/**
 * A batch ends at `batchSize` rows, or earlier at MAX_BATCH_CELLS cells or MAX_BATCH_BYTES bytes
 * of records. Rows alone do not bound memory: every column preallocates its offsets for a full
 * batch (4 bytes a row), so 20,000 columns × 65,536 rows took 5.6 GB before a row was read, and
 * 100,000 columns never finished. 4 Mi cells are 16 MiB of offsets whatever the width.
 */
const MAX_BATCH_CELLS = 1 << 22;
const MAX_BATCH_BYTES = 64 << 20;

export class RecordParser {
  readonly ncols: number;
  readonly delim: number;
  readonly batchSize: number;
  /** Taken at the first record (a header-only parser needs none), given back by `close`. */
  private cols: Utf8ColumnBuilder[] | null = null;
  /** Receives the columns of ragged rows' extra fields; emptied after each record. */
  private trash = new Utf8ColumnBuilder(1, 64);
  private readonly nullTokens: Uint8Array[];
  private readonly nullTokenMax: number;
  /** Rows in the current batch. */
  rows = 0;
  /** Bytes of the records in the current batch. */
  private batchBytes = 0;
  /** Line number at the current parse position. */
  line = 1;
  /** Set when `parse` stopped at a bad record. */
  bad: BadRecord | null = null;
  /** Where the last incomplete record opened a still-unclosed quote (-1 if none), for too-long records. */
  openQuote = -1;
  openQuoteLine = 0;
  openQuoteField = 0;
  /** Closed batches: their columns (copied out of the builders) and row counts. */
  readonly ready: Data<Utf8 | LargeUtf8>[][] = [];
  readonly readyRows: number[] = [];
  /** stop[b] is 1 for the bytes that end an unquoted field. */
  private readonly stop: Uint8Array;

  constructor(ncols: number, delim: number, batchSize: number, nullTokens: Uint8Array[]) {
    this.ncols = ncols;
    this.delim = delim;
    this.batchSize = Math.max(1, Math.min(batchSize, Math.floor(MAX_BATCH_CELLS / Math.max(1, ncols))));
    this.nullTokens = nullTokens;
    this.nullTokenMax = nullTokens.reduce((m, t) => Math.max(m, t.length), -1);
    this.stop = new Uint8Array(256);
    this.stop[delim] = 1;
    this.stop[LF] = 1;
    this.stop[CR] = 1;
  }

  /** The builders of the whole pass (see Utf8ColumnBuilder: each batch is copied out of them). */
  private newColumns(): Utf8ColumnBuilder[] {
    const rowsHint = Math.min(this.batchSize, 65536);
    // 16 bytes per value to start with (capped at 64 MiB over all columns); a column grows by doubling.
    const first = Math.max(1024, Math.min(rowsHint * 16, Math.floor((64 << 20) / Math.max(1, this.ncols))));
    return takeBuilders(this.ncols, rowsHint, first);
  }

  /** Close the current batch (if it has rows) and queue its columns. */
  flush(): void {
    if (this.rows === 0) return;
    const rows = this.rows;
    this.ready.push(this.cols!.map((c) => c.take(rows)));
    this.readyRows.push(rows);
    this.batchBytes = 0;
    this.rows = 0;
  }

  /** Flush, and give the builders back for the next parser (see builder-pool.ts): the pass is over. */
  close(): void {
    this.flush();
    if (this.cols !== null) giveBackBuilders(this.cols);
    this.cols = null;
  }

  private isNullToken(buf: Uint8Array, s: number, e: number): boolean {
    const n = e - s;
    if (n > this.nullTokenMax) return false;
    const tokens = this.nullTokens;
    for (let t = 0; t < tokens.length; t++) {
      const tok = tokens[t]!;
      if (tok.length !== n) continue;
      let k = 0;
      while (k < n && tok[k] === buf[s + k]) k++;
      if (k === n) return true;
    }
    return false;
  }

  private rollback(upTo: number): void {
    const cols = this.cols;
    const row = this.rows;
    if (cols !== null) for (let c = 0; c < upTo && c < this.ncols; c++) cols[c]!.rollback(row);
    const t = this.trash;
    t.offsets.length = 1;
    t.bytes.length = 0;
  }

  /**
   * Parse records from buf[start, end). Returns the index of the first byte not consumed: `end`,
   * or the start of an incomplete last record (when !final), or the start of a bad record (then
   * `this.bad` is set and parsing should resume at `bad.resume`).
   */
  parse(buf: Uint8Array, start: number, end: number, final: boolean): number {
    const delim = this.delim;
    const ncols = this.ncols;
    const hasNullTokens = this.nullTokens.length > 0;
    const trash = this.trash;
    const stop = this.stop;
    const cols = (this.cols ??= this.newColumns());
    let line = this.line;
    let i = start;
    const nb = Buffer.from(buf.buffer, buf.byteOffset, end);
    // Field bytes are copied by 4-byte words (copyWords): 0.1 CPU-s less per 500,000 penalties
    // rows than a byte loop below 24 bytes and set() above.
    const sv = viewOf(buf);
    const delim4 = Math.imul(delim, 0x01010101);
    let nextLF = -1;
    let nextCR = -1;
    let nextDelim = -1;
    this.bad = null;
    this.openQuote = -1;
    while (i < end) {
      const recStart = i;
      const recLine = line;
      let c = buf[i]!;
      if ((c === LF || c === CR) && ncols !== 1) {
        // A blank line is not a row (except in one-column files, where it is an empty value).
        if (c === CR) {
          if (i + 1 >= end && !final) break;
          i += buf[i + 1] === LF ? 2 : 1;
        } else i++;
        line++;
        continue;
      }
      // Fast path: fields of an LF or CRLF line, up to the first field that starts with a quote.
      // memchr-backed Buffer.indexOf finds the line end; the delimiters are found 4 bytes at a
      // time while the bytes are copied (by memchr, cached, in lines longer than SWAR_LINE).
      let fi = 0;
      if (nextCR < i) {
        nextCR = nb.indexOf(CR, i);
        if (nextCR < 0) nextCR = end;
      }
      if (nextLF < i) {
        nextLF = nb.indexOf(LF, i);
        if (nextLF < 0) nextLF = end;
      }
      // The fields end at `lf`, or just before a CR that directly precedes it (CRLF files).
      const lf = nextLF >= end ? end : nextLF < nextCR ? nextLF : nextCR === nextLF - 1 ? nextCR : end;
      if (lf < end) {
        let s = i;
        let whole = true;
        for (;;) {
          if (buf[s] === QUOTE) {
            whole = false;
            break;
          }
          const col = fi < ncols ? cols[fi]! : trash;
          const bb = col.bytes;
          let d: number;
          let o = bb.length;
          if (lf - s <= SWAR_LINE) {
            // The rest of a line of ordinary length: the delimiter is looked for 4 bytes at a time
            // while the bytes are copied (no memchr call per field); a word with the delimiter
            // (x has a zero byte: (x - 0x01..01) & ~x & 0x80..80) is finished byte by byte. The
            // copy is committed below unless the field is a null token.
            if (o + (lf - s) + COPY_WORD > bb.buf.length) bb.reserve(lf - s + COPY_WORD);
            const dst = bb.buf;
            const dv = bb.view();
            let k = s;
            const lastWord = lf - COPY_WORD;
            while (k <= lastWord) {
              const w = sv.getInt32(k, true);
              const x = w ^ delim4;
              if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
              dv.setInt32(o, w, true);
              o += COPY_WORD;
              k += COPY_WORD;
            }
            while (k < lf && buf[k] !== delim) dst[o++] = buf[k++]!;
            d = k;
          } else {
            if (nextDelim < s) {
              nextDelim = nb.indexOf(delim, s);
              if (nextDelim < 0) nextDelim = end;
            }
            d = nextDelim < lf ? nextDelim : lf;
            const n = d - s;
            if (o + n + COPY_WORD > bb.buf.length) bb.reserve(n + COPY_WORD);
            if (n < COPY_BY_SET) o = copyWords(sv, buf, s, d, bb.view(), bb.buf, o);
            else {
              bb.buf.set(buf.subarray(s, d), o);
              o += n;
            }
          }
          if (hasNullTokens && this.isNullToken(buf, s, d)) {
            col.pushNull(fi < ncols ? this.rows : 0);
          } else {
            bb.length = o;
            const off = col.offsets;
            if (off.length === off.buf.length) off.reserve(1);
            off.buf[off.length++] = o;
          }
          fi++;
          if (d === lf) break;
          s = d + 1;
        }
        if (whole) {
          i = nextLF + 1;
          line++;
          if (fi !== ncols) {
            this.rollback(fi);
            this.bad = { kind: 'ragged', start: recStart, resume: i, line: recLine, problemLine: recLine, pos: recStart, fields: fi };
            this.line = line;
            return recStart;
          }
          this.batchBytes += i - recStart;
          if (++this.rows === this.batchSize || this.batchBytes >= MAX_BATCH_BYTES) this.flush();
          continue;
        }
        i = s; // continue with the general loop at the quoted field
      }
      let quoteAt = -1;
      let quoteLine = 0;
      for (;;) {
        const col = fi < ncols ? cols[fi]! : trash;
        if (i < end && buf[i] === QUOTE) {
          quoteAt = i;
          quoteLine = line;
          i++;
          let seg = i;
          const out = col.bytes;
          for (;;) {
            while (i < end) {
              const b = buf[i]!;
              if (b === QUOTE) break;
              if (b === LF) line++;
              else if (b === CR && buf[i + 1] !== LF) line++;
              i++;
            }
            if (i >= end || (i + 1 >= end && !final)) {
              this.rollback(fi + 1);
              if (!final) {
                this.openQuote = quoteAt;
                this.openQuoteLine = quoteLine;
                this.openQuoteField = fi;
                this.line = recLine;
                return recStart;
              }
              return this.badQuote(buf, recStart, recLine, quoteAt, quoteLine, end, fi);
            }
            if (i + 1 < end && buf[i + 1] === QUOTE) {
              out.append(buf, seg, i + 1);
              i += 2;
              seg = i;
              continue;
            }
            out.append(buf, seg, i);
            i++;
            break;
          }
          col.offsets.push(out.length);
          if (i < end) {
            const a = buf[i]!;
            if (a !== delim && a !== LF && a !== CR) {
              this.rollback(fi + 1);
              const resume = lineEnd(buf, i, end);
              if (resume >= end && !final) {
                // The rest of the bad line is in the next window: retry with more bytes.
                this.line = recLine;
                return recStart;
              }
              this.bad = {
                kind: 'after-quote', start: recStart, resume, line: recLine, problemLine: line, pos: i, fields: fi + 1,
              };
              this.line = line + (resume > i && isEol(buf[resume - 1]!) ? 1 : 0);
              return recStart;
            }
          } else if (!final) {
            this.rollback(fi + 1);
            this.line = recLine;
            return recStart;
          }
        } else {
          const s = i;
          while (i < end && stop[buf[i]!] === 0) i++;
          if (i >= end && !final) {
            this.rollback(fi + 1);
            this.line = recLine;
            return recStart;
          }
          if (hasNullTokens && this.isNullToken(buf, s, i)) {
            col.pushNull(fi < ncols ? this.rows : 0);
          } else {
            // Inlined GrowableBytes.append + GrowableInt32.push: this is the hottest line.
            const bb = col.bytes;
            const n = i - s;
            if (bb.length + n + COPY_WORD > bb.buf.length) bb.reserve(n + COPY_WORD);
            let o = bb.length;
            if (n < COPY_BY_SET) o = copyWords(sv, buf, s, i, bb.view(), bb.buf, o);
            else {
              bb.buf.set(buf.subarray(s, i), o);
              o += n;
            }
            bb.length = o;
            const off = col.offsets;
            if (off.length === off.buf.length) off.reserve(1);
            off.buf[off.length++] = o;
          }
        }
        fi++;
        if (i >= end) break; // end of input (final)
        c = buf[i]!;
        if (c === delim) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= end) {
            if (!final) {
              this.rollback(fi);
              this.line = recLine;
              return recStart;
            }
            i++;
          } else i += buf[i + 1] === LF ? 2 : 1;
        } else i++;
        line++;
        break;
      }
      if (fi !== ncols) {
        this.rollback(fi);
        this.bad = { kind: 'ragged', start: recStart, resume: i, line: recLine, problemLine: recLine, pos: recStart, fields: fi };
        this.line = line;
        return recStart;
      }
      this.batchBytes += i - recStart;
      if (++this.rows === this.batchSize || this.batchBytes >= MAX_BATCH_BYTES) this.flush();
    }
    this.line = line;
    return i;
  }

  private badQuote(buf: Uint8Array, recStart: number, recLine: number, quoteAt: number, quoteLine: number, end: number, field: number): number {
    const resume = lineEnd(buf, quoteAt, end);
    this.bad = {
      kind: 'unterminated-quote', start: recStart, resume, line: recLine, problemLine: quoteLine, pos: quoteAt, fields: field + 1,
    };
    this.line = quoteLine + (resume > quoteAt && isEol(buf[resume - 1]!) ? 1 : 0);
    return recStart;
  }
}

function isEol(b: number): boolean {
  return b === LF || b === CR;
}

/** Index just past the line end (CR, LF or CRLF) at or after `from`, or `end`. */
export function lineEnd(buf: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const b = buf[i]!;
    if (b === LF) return i + 1;
    if (b === CR) return i + 1 < end && buf[i + 1] === LF ? i + 2 : i + 1;
    i++;
  }
  return end;
}
