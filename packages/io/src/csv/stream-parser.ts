import { Field, Schema, Utf8 } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { GrowableBytes, TuominError, batchFromColumns } from '@tuomin/core/internal';
import { isUtf8 } from 'node:buffer';
import type { CsvDelimiter, CsvStats, ResolvedReadOptions } from './options.js';
import { DecodeFailure, MixedEncodingFailure, type DecodeStage, concatBytes, lineBreaks } from './decode-stage.js';
import { Utf8Stage, completeUtf8Prefix, firstInvalidUtf8 } from './decode-utf8.js';
import { findUtf8Line } from './mixed-encoding.js';
import { Gb18030Stage } from './decode-gb18030.js';
import { detectDelimiter } from './detect-delimiter.js';
import { splitRecord } from './split-record.js';
import { uniqueHeader } from './header.js';
import { RecordParser, lineEnd, type BadRecord } from './record-parser.js';
import { badRowError } from './bad-row.js';
import { notTextError } from './not-text.js';

const SAMPLE_BYTES = 64 * 1024;
const utf8Text = new TextDecoder();

/**
 * The whole CSV reader without I/O: feed raw chunks with `push`, call `end`, collect batches with
 * `takeBatches` and rejected raw rows with `takeRejects`. Detection (BOM, encoding, delimiter),
 * header, decoding, parsing, bad-row policy and position mapping all live here, so the file
 * reader and the in-memory parser behave identically.
 */
export class CsvStreamParser {
  readonly file: string;
  readonly opts: ResolvedReadOptions;
  readonly warnings: string[] = [];
  readonly stats: CsvStats = { rows: 0, bytes: 0, badRows: 0, encoding: '', delimiter: '', headerRenames: [] };
  schema: Schema | null = null;
  private stage: DecodeStage | null = null;
  private sample: Uint8Array = new Uint8Array(0);
  /** A byte order mark chose the encoding (so --encoding cannot change it). */
  private bomLocked = false;
  /** Auto-detected as UTF-8 although the first 64 KiB hold a byte that is not (see chooseEncoding). */
  private damagedUtf8 = false;
  private carry: Uint8Array = new Uint8Array(0);
  private windowBuf: Uint8Array = new Uint8Array(0);
  private parser: RecordParser | null = null;
  /** Line number at carry start, while there is no parser yet (header phase). */
  private headerLine = 1;
  private delimiter: CsvDelimiter | 'auto';
  private readonly batches: RecordBatch[] = [];
  private rejects: GrowableBytes | null = null;
  private ended = false;

  /** Stop after the header (readCsv learns the schema without parsing rows). */
  headerOnly = false;

  constructor(file: string, opts: ResolvedReadOptions) {
    this.file = file;
    this.opts = opts;
    this.delimiter = opts.delimiter;
  }

  push(raw: Uint8Array): void {
    this.stats.bytes += raw.length;
    if (this.stage === null) {
      // Copy: the caller may reuse its read buffer.
      this.sample = this.sample.length === 0 ? raw.slice() : concatBytes(this.sample, raw);
      if (this.sample.length < SAMPLE_BYTES) return;
      raw = this.startStage(false);
    }
    this.feed(raw, false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    let raw: Uint8Array = new Uint8Array(0);
    if (this.stage === null) raw = this.startStage(true);
    if (this.schema === null || !this.headerOnly) this.feed(raw, true);
    if (this.schema === null) {
      this.schema = new Schema([]);
      this.warnings.push('the file is empty: no header and no rows');
    }
    this.collect(true);
  }

  takeBatches(): RecordBatch[] {
    return this.batches.splice(0, this.batches.length);
  }

  takeRejects(): Uint8Array | null {
    const r = this.rejects;
    if (r === null || r.length === 0) return null;
    this.rejects = null;
    return r.finish();
  }

  /** Look at the first bytes: BOM, then encoding. Returns the bytes to decode. */
  private startStage(final: boolean): Uint8Array {
    let s = this.sample;
    this.sample = new Uint8Array(0);
    const requested = this.opts.encoding;
    let bom = 0;
    let encoding: string = requested;
    if (s.length >= 2 && ((s[0] === 0xff && s[1] === 0xfe) || (s[0] === 0xfe && s[1] === 0xff))) {
      // Excel's "Unicode text" and some exports: UTF-16, which is not read (nor is UTF-32, FF FE 00 00).
      throw new TuominError('BAD_INPUT', `the file is UTF-16 (it starts with the byte order mark ${s[0] === 0xff ? 'FF FE' : 'FE FF'}), which is not read`, { file: this.file, line: 1, byteOffset: 0 },
        'save it as UTF-8 (Excel: Save As "CSV UTF-8"; iconv -f UTF-16 -t UTF-8), or as GBK', { id: 'csv.utfSixteen', params: { bom: s[0] === 0xff ? 'FF FE' : 'FE FF' } });
    }
    const notText = notTextError(this.file, s);
    if (notText) throw notText;
    if (s.length >= 3 && s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) {
      bom = 3;
      if (requested === 'gb18030' || requested === 'gbk') {
        this.warnings.push(`the file starts with a UTF-8 byte order mark, so it was read as UTF-8 (not ${requested})`);
      }
      encoding = 'utf-8';
    } else if (s.length >= 4 && s[0] === 0x84 && s[1] === 0x31 && s[2] === 0x95 && s[3] === 0x33 && requested !== 'utf-8') {
      bom = 4;
      encoding = requested === 'auto' ? 'gb18030' : requested;
    } else if (requested === 'auto') {
      // Exactly the first 64 KiB, so the answer does not depend on how the input was chunked.
      const first = s.subarray(0, SAMPLE_BYTES);
      const head = final && s.length <= SAMPLE_BYTES ? first : first.subarray(0, completeUtf8Prefix(first));
      if (isUtf8(head)) encoding = 'utf-8';
      else {
        // UTF-8 Chinese lines before the first byte that is not UTF-8: a UTF-8 file with a damaged
        // byte (or a GBK part after a UTF-8 one). Read as GB18030 it was refused at its first
        // line, as "mixed encodings"; read as UTF-8 the error names the line that holds the byte.
        const clean = head.subarray(0, firstInvalidUtf8(head));
        this.damagedUtf8 = findUtf8Line(clean) >= 0;
        encoding = this.damagedUtf8 ? 'utf-8' : 'gb18030';
      }
    }
    this.stats.encoding = encoding;
    this.bomLocked = bom > 0;
    this.stage = encoding === 'utf-8' ? new Utf8Stage(bom) : new Gb18030Stage(bom, encoding);
    return s.subarray(bom);
  }

  private feed(raw: Uint8Array, final: boolean): void {
    const stage = this.stage!;
    let piece: Uint8Array;
    try {
      piece = stage.decode(raw, final);
    } catch (err) {
      if (err instanceof DecodeFailure) throw this.decodeError(err);
      throw err;
    }
    const buf = this.window(piece);
    stage.startWindow(buf);
    let p = 0;
    if (this.schema === null) {
      const start = this.readHeader(buf, final);
      if (start < 0) {
        this.keepCarry(buf, 0, final);
        return;
      }
      p = start;
      if (this.headerOnly) {
        this.keepCarry(buf, p, final);
        return;
      }
    }
    p = this.parseWindow(buf, p, final);
    this.keepCarry(buf, p, final);
    this.collect(false);
  }

  /** carry + piece in one reused buffer (fresh multi-MiB buffers per read cost page faults and GC). */
  private window(piece: Uint8Array): Uint8Array {
    const c = this.carry;
    if (c.length === 0) return piece;
    const n = c.length + piece.length;
    if (this.windowBuf.length < n) this.windowBuf = new Uint8Array(Math.max(n, this.windowBuf.length * 2));
    const w = this.windowBuf;
    w.set(c, 0);
    w.set(piece, c.length);
    return w.subarray(0, n);
  }

  private keepCarry(buf: Uint8Array, p: number, final: boolean): void {
    this.stage!.consume(p);
    this.carry = p === buf.length ? new Uint8Array(0) : buf.slice(p);
    if (!final && this.carry.length > this.opts.maxRecordBytes && this.parser === null) {
      throw new TuominError('BAD_INPUT', `the header line is longer than ${this.opts.maxRecordBytes} bytes`, {
        file: this.file, line: 1, byteOffset: this.stage!.origOffset(0),
      }, 'check --encoding and --delimiter, or look for an unterminated quote in the first line', { id: 'csv.headerTooLong', params: { max: this.opts.maxRecordBytes } });
    }
  }

  /** Parse the header (or count columns when there is none). Returns where data starts, -1 if more bytes are needed. */
  private readHeader(buf: Uint8Array, final: boolean): number {
    if (buf.length === 0 && !final) return -1;
    if (this.delimiter === 'auto') {
      if (buf.length < SAMPLE_BYTES / 2 && !final) {
        // Too little decoded text to judge yet (GB18030 cuts at line ends).
        if (lineBreaks(buf, 0, buf.length) < 20) return -1;
      }
      this.delimiter = detectDelimiter(buf, final);
    }
    this.stats.delimiter = this.delimiter;
    const delim = this.delimiter.charCodeAt(0);
    let start = 0;
    while (start < buf.length && (buf[start] === 10 || buf[start] === 13)) start++; // leading blank lines
    if (start >= buf.length) return -1; // nothing but blank lines so far (or an empty file)
    const rec = splitRecord(buf, start, buf.length, delim, final);
    if (rec === null) {
      if (!final) return -1;
      const quote = buf.indexOf(34, start);
      throw new TuominError('BAD_INPUT', 'unterminated quoted field in the header line', {
        file: this.file, line: 1 + lineBreaks(buf, 0, start), byteOffset: this.stage!.origOffset(quote < 0 ? start : quote),
      }, 'close the quote, or write a quote inside a quoted name as ""', { id: 'csv.headerUnterminatedQuote' });
    }
    if (rec.malformed) {
      throw new TuominError('BAD_INPUT', 'unexpected character after a closing quote in the header line', {
        file: this.file, line: 1 + lineBreaks(buf, 0, start), byteOffset: this.stage!.origOffset(start),
      }, 'inside a quoted name write a quote as ""; a quoted name must be followed by the delimiter or the line end', { id: 'csv.headerAfterQuote' });
    }
    const blankLines = lineBreaks(buf, 0, start);
    let names: string[];
    let dataStart: number;
    let line: number;
    if (this.opts.header) {
      const raw = rec.fields.map((f) => utf8Text.decode(f));
      const u = uniqueHeader(raw);
      names = u.names;
      this.stats.headerRenames = u.renames;
      for (const r of u.renames) {
        this.warnings.push(
          r.from.trim() === ''
            ? `column ${r.index + 1} has a blank name; named it "${r.to}"`
            : `column ${r.index + 1} repeats the name "${r.from}"; renamed it "${r.to}"`,
        );
      }
      dataStart = rec.next;
      line = 1 + blankLines + rec.lines;
    } else {
      names = rec.fields.map((_, i) => `column_${i + 1}`);
      dataStart = start;
      line = 1 + blankLines;
    }
    this.schema = new Schema(names.map((n) => new Field(n, new Utf8(), true)));
    const tokens = this.opts.nullTokens.map((t) => new TextEncoder().encode(t));
    this.parser = new RecordParser(names.length, delim, this.opts.batchSize, tokens);
    this.parser.line = line;
    this.headerLine = line;
    return dataStart;
  }

  private parseWindow(buf: Uint8Array, from: number, final: boolean): number {
    const parser = this.parser!;
    let p = this.parseSkippingBad(buf, from, final);
    // A record still open after maxRecordBytes: an unterminated quote (or no line ends at all).
    while (!final && buf.length - p > this.opts.maxRecordBytes) {
      if (parser.openQuote < 0) {
        throw new TuominError('BAD_INPUT', `a row is longer than ${this.opts.maxRecordBytes} bytes without a line end`, {
          file: this.file, line: parser.line, byteOffset: this.stage!.origOffset(p),
        }, 'check --delimiter and --encoding; the file may not be CSV', { id: 'csv.rowTooLong', params: { max: this.opts.maxRecordBytes } });
      }
      const q = parser.openQuote;
      const resume = lineEnd(buf, q, buf.length);
      this.badRow({
        kind: 'unterminated-quote', start: p, resume, line: parser.line, problemLine: parser.openQuoteLine, pos: q, fields: parser.openQuoteField + 1,
      });
      parser.line = parser.openQuoteLine + 1;
      p = this.parseSkippingBad(buf, resume, final);
    }
    return p;
  }

  /** Parse from `from`; each bad record is rejected (or thrown) and parsing resumes after it. */
  private parseSkippingBad(buf: Uint8Array, from: number, final: boolean): number {
    const parser = this.parser!;
    let p = parser.parse(buf, from, buf.length, final);
    for (let bad = parser.bad; bad !== null; bad = parser.bad) {
      this.badRow(bad);
      p = parser.parse(buf, bad.resume, buf.length, final);
    }
    return p;
  }

  private badRow(bad: BadRecord): void {
    if (this.opts.onBadRow === 'error') throw this.badRowError(bad);
    this.stats.badRows++;
    const bytes = this.stage!.origBytes(bad.start, bad.resume);
    const r = (this.rejects ??= new GrowableBytes(1024));
    r.append(bytes, 0, bytes.length);
    const last = bytes[bytes.length - 1];
    if (last !== 10 && last !== 13) r.push(10);
  }

  private badRowError(bad: BadRecord): TuominError {
    return badRowError(bad, { file: this.file, line: bad.problemLine, byteOffset: this.stage!.origOffset(bad.pos) }, this.schema!, this.delimiter);
  }

  private decodeError(f: DecodeFailure): TuominError {
    const before = this.parser ? this.parser.line : this.headerLine;
    const line = before + lineBreaks(this.carry, 0, this.carry.length) + f.breaksBefore;
    const enc = this.stats.encoding;
    if (f instanceof MixedEncodingFailure) {
      return new TuominError('BAD_INPUT', `this line is UTF-8 but the file is read as ${enc.toUpperCase()} (${this.stats.encoding === this.opts.encoding ? 'as asked' : 'its first 64 KiB are not UTF-8'}): the file mixes encodings, and decoding it as one would publish garbled text`, {
        file: this.file, line, byteOffset: f.offset,
      }, 'convert the file to one encoding first (for example iconv -f GB18030 -t UTF-8 on the GBK part, then join the parts), then read it again', { id: 'csv.mixedEncoding', params: { encoding: enc.toUpperCase() } });
    }
    if (this.damagedUtf8) {
      return new TuominError('BAD_INPUT', 'bytes that are not valid UTF-8 in a file that is UTF-8 up to them: a damaged byte, or the file mixes encodings (a GBK part after UTF-8 lines)', { file: this.file, line, byteOffset: f.offset },
        'repair or remove the damaged bytes on this line; if the rest of the file is GBK, convert that part to UTF-8 first (iconv -f GB18030 -t UTF-8), then read it again', { id: 'csv.damagedUtf8' });
    }
    const other = enc === 'utf-8' ? 'gb18030' : 'utf-8';
    // A byte order mark decides the encoding, so --encoding cannot help then.
    const hint = this.bomLocked
      ? `the file starts with a ${enc === 'utf-8' ? 'UTF-8' : 'GB18030'} byte order mark but holds other bytes: re-save it in one encoding, or repair the bytes at this offset`
      : `pass --encoding ${other} if the file is ${other === 'gb18030' ? 'GBK/GB18030' : 'UTF-8'}, or repair the bytes at this offset`;
    const encoding = enc === 'utf-8' ? 'UTF-8' : enc.toUpperCase();
    return new TuominError('BAD_INPUT', `bytes that are not valid ${encoding}`, {
      file: this.file, line, byteOffset: f.offset,
    }, hint, this.bomLocked
      ? { id: 'csv.invalidBytesBom', params: { encoding: enc === 'utf-8' ? 'UTF-8' : 'GB18030' } }
      : { id: 'csv.invalidBytes', params: { encoding, other: other === 'gb18030' ? 'GBK/GB18030' : 'UTF-8', otherOption: other } });
  }

  private collect(final: boolean): void {
    const parser = this.parser;
    if (parser === null) return;
    if (final) parser.close();
    const schema = this.schema!;
    while (parser.ready.length > 0) {
      const cols = parser.ready.shift()!;
      const rows = parser.readyRows.shift()!;
      this.batches.push(batchFromColumns(schema, cols, rows));
      this.stats.rows += rows;
    }
  }
}
