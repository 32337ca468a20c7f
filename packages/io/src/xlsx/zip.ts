import zlib from 'node:zlib';
import { crc32 } from '../crc32.js';

/**
 * A write-only ZIP container (APPNOTE 6.3), enough for OOXML packages: deflate only, one disk,
 * entries appended in order, central directory at the end.
 *
 * Small parts go in with `addFile` (sizes known, no data descriptor). The one large part (a
 * worksheet) goes through `startFile`: its local header has bit 3 set and zero sizes, the data is
 * deflated chunk by chunk, and CRC-32 and sizes follow in a data descriptor. ZIP64 is decided when
 * an entry ends, like Go's archive/zip: 8-byte sizes in the data descriptor and a ZIP64 extra field
 * in the central directory only when a size or offset does not fit in 32 bits, and ZIP64
 * end-of-central-directory records only when the directory's offset, size or entry count does not
 * fit. Small files therefore stay plain ZIP, which every spreadsheet program opens.
 */
export interface ZipSink {
  /** Append bytes; resolves when the sink may take more. The writer never rewrites earlier bytes. */
  write(bytes: Uint8Array): Promise<void>;
}

export interface ZipOptions {
  /** zlib level, 0–9 (default 6). */
  level?: number;
  /** Write ZIP64 records even for small sizes (tests exercise that path without writing 4 GiB). */
  forceZip64?: boolean;
  /** Chunks being deflated at once on libuv's thread pool (default 3): compression runs beside the caller. */
  inFlight?: number;
}

interface Entry {
  name: Uint8Array;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const U32 = 0xffffffff;
const U16 = 0xffff;
/** 1980-01-01 00:00 in MS-DOS form: a fixed time keeps the file byte-identical for identical input. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DEFLATE = 8;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION = 20;
const VERSION_ZIP64 = 45;
/** A final, empty, fixed-Huffman deflate block: ends a stream built from sync-flushed segments. */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

function deflateSegment(chunk: Uint8Array, level: number): Promise<Buffer> {
  // Z_SYNC_FLUSH instead of Z_FINISH: the segment ends byte-aligned on a non-final block, so
  // independently compressed segments concatenate into one valid deflate stream (as pigz does).
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(chunk, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 1 << 18 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

export class ZipWriter {
  private readonly sink: ZipSink;
  private readonly level: number;
  private readonly forceZip64: boolean;
  readonly inFlight: number;
  private readonly entries: Entry[] = [];
  private offset = 0;
  private streaming = false;
  private finished = false;

  constructor(sink: ZipSink, options: ZipOptions = {}) {
    this.sink = sink;
    this.level = options.level ?? 6;
    if (!Number.isInteger(this.level) || this.level < 0 || this.level > 9) throw new TypeError(`compression level must be an integer 0-9, got ${this.level}`);
    this.forceZip64 = options.forceZip64 ?? false;
    this.inFlight = Math.max(1, options.inFlight ?? 3);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.offset;
  }

  /** A small part: deflated in one call, CRC and sizes in the local header. */
  async addFile(name: string, data: Uint8Array): Promise<void> {
    this.checkIdle();
    const compressed = zlib.deflateRawSync(data, { level: this.level });
    const entry = this.newEntry(name, 0);
    entry.crc = crc32(data, 0);
    entry.size = data.length;
    entry.compressed = compressed.length;
    if (entry.size >= U32 || entry.compressed >= U32) throw new RangeError(`ZIP part ${name} is too large for addFile; use startFile`);
    await this.emit(localHeader(entry));
    await this.emit(compressed);
  }

  /**
   * A large part, streamed. Chunks are deflated on the thread pool, a few at a time, and written
   * in order; `write` keeps a reference to each chunk until it is compressed, so pass a buffer
   * that is not reused. Call `end` before adding anything else.
   */
  async startFile(name: string): Promise<ZipEntryStream> {
    this.checkIdle();
    const entry = this.newEntry(name, FLAG_DESCRIPTOR);
    this.streaming = true;
    await this.emit(localHeader(entry));
    return new ZipEntryStream(this, entry, this.level);
  }

  /** Central directory and end records; returns the total size of the archive in bytes. */
  async finish(): Promise<number> {
    this.checkIdle();
    this.finished = true;
    const start = this.offset;
    for (const e of this.entries) await this.emit(centralHeader(e, this.forceZip64));
    const size = this.offset - start;
    const count = this.entries.length;
    if (this.forceZip64 || count >= U16 || size >= U32 || start >= U32) {
      const record = this.offset;
      await this.emit(zip64End(count, size, start));
      await this.emit(zip64Locator(record));
    }
    await this.emit(endRecord(count, size, start, this.forceZip64));
    return this.offset;
  }

  /** @internal */
  async emit(bytes: Uint8Array): Promise<void> {
    this.offset += bytes.length;
    await this.sink.write(bytes);
  }

  /** @internal */
  endStream(entry: Entry): Uint8Array {
    this.streaming = false;
    this.entries.push(entry);
    const zip64 = this.forceZip64 || entry.size >= U32 || entry.compressed >= U32;
    return dataDescriptor(entry, zip64);
  }

  private newEntry(name: string, flags: number): Entry {
    const bytes = new TextEncoder().encode(name);
    const utf8 = bytes.some((b) => b > 0x7f) ? FLAG_UTF8 : 0;
    const entry: Entry = { name: bytes, flags: flags | utf8, crc: 0, compressed: 0, size: 0, offset: this.offset };
    if (flags === 0) this.entries.push(entry);
    return entry;
  }

  private checkIdle(): void {
    if (this.finished) throw new Error('ZIP archive already finished');
    if (this.streaming) throw new Error('a streamed ZIP entry is still open: end it first');
  }
}

export class ZipEntryStream {
  private readonly zip: ZipWriter;
  private readonly entry: Entry;
  private readonly level: number;
  private readonly pending: Array<Promise<Buffer>> = [];
  private crc = 0;
  private size = 0;
  private compressed = 0;

  constructor(zip: ZipWriter, entry: Entry, level: number) {
    this.zip = zip;
    this.entry = entry;
    this.level = level;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    const segment = deflateSegment(chunk, this.level);
    // Observed in order by drainOne; this only keeps an abandoned stream from an unhandled rejection.
    segment.catch(() => {});
    this.pending.push(segment);
    while (this.pending.length >= this.zip.inFlight) await this.drainOne();
  }

  async end(): Promise<void> {
    while (this.pending.length > 0) await this.drainOne();
    await this.zip.emit(FINAL_BLOCK);
    this.compressed += FINAL_BLOCK.length;
    this.entry.crc = this.crc;
    this.entry.size = this.size;
    this.entry.compressed = this.compressed;
    await this.zip.emit(this.zip.endStream(this.entry));
  }

  private async drainOne(): Promise<void> {
    const out = await this.pending.shift()!;
    this.compressed += out.length;
    await this.zip.emit(out);
  }

}

class Bytes {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  private o = 0;
  constructor(n: number) {
    this.buf = new Uint8Array(n);
    this.view = new DataView(this.buf.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.o, v, true);
    this.o += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.o, v >>> 0, true);
    this.o += 4;
    return this;
  }
  u64(v: number): this {
    this.view.setBigUint64(this.o, BigInt(v), true);
    this.o += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.o);
    this.o += b.length;
    return this;
  }
}

function localHeader(e: Entry): Uint8Array {
  // A streamed entry's CRC and sizes are zero here and follow in the data descriptor.
  return new Bytes(30 + e.name.length)
    .u32(0x04034b50).u16(VERSION).u16(e.flags).u16(DEFLATE).u16(DOS_TIME).u16(DOS_DATE)
    .u32(e.crc).u32(e.compressed).u32(e.size)
    .u16(e.name.length).u16(0)
    .bytes(e.name).buf;
}

function dataDescriptor(e: Entry, zip64: boolean): Uint8Array {
  if (!zip64) return new Bytes(16).u32(0x08074b50).u32(e.crc).u32(e.compressed).u32(e.size).buf;
  return new Bytes(24).u32(0x08074b50).u32(e.crc).u64(e.compressed).u64(e.size).buf;
}

function centralHeader(e: Entry, force: boolean): Uint8Array {
  // The ZIP64 extra field holds, in this order, only the values whose 32-bit field says 0xFFFFFFFF.
  const bigSize = force || e.size >= U32;
  const bigCompressed = force || e.compressed >= U32;
  const bigOffset = force || e.offset >= U32;
  const extraLength = (bigSize ? 8 : 0) + (bigCompressed ? 8 : 0) + (bigOffset ? 8 : 0);
  const zip64 = extraLength > 0;
  const b = new Bytes(46 + e.name.length + (zip64 ? 4 + extraLength : 0))
    .u32(0x02014b50).u16(zip64 ? VERSION_ZIP64 : VERSION).u16(zip64 ? VERSION_ZIP64 : VERSION)
    .u16(e.flags).u16(DEFLATE).u16(DOS_TIME).u16(DOS_DATE)
    .u32(e.crc).u32(bigCompressed ? U32 : e.compressed).u32(bigSize ? U32 : e.size)
    .u16(e.name.length).u16(zip64 ? 4 + extraLength : 0).u16(0)
    .u16(0).u16(0).u32(0)
    .u32(bigOffset ? U32 : e.offset)
    .bytes(e.name);
  if (zip64) {
    b.u16(0x0001).u16(extraLength);
    if (bigSize) b.u64(e.size);
    if (bigCompressed) b.u64(e.compressed);
    if (bigOffset) b.u64(e.offset);
  }
  return b.buf;
}

function zip64End(count: number, size: number, offset: number): Uint8Array {
  return new Bytes(56)
    .u32(0x06064b50).u64(44).u16(VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0)
    .u64(count).u64(count).u64(size).u64(offset).buf;
}

function zip64Locator(recordOffset: number): Uint8Array {
  return new Bytes(20).u32(0x07064b50).u32(0).u64(recordOffset).u32(1).buf;
}

function endRecord(count: number, size: number, offset: number, force: boolean): Uint8Array {
  const n = force || count >= U16 ? U16 : count;
  return new Bytes(22)
    .u32(0x06054b50).u16(0).u16(0).u16(n).u16(n)
    .u32(force || size >= U32 ? U32 : size).u32(force || offset >= U32 ? U32 : offset).u16(0).buf;
}
