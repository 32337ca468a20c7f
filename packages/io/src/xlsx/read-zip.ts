import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { TuominError } from '@tuomin/core';
import { crc32 } from '../crc32.js';

/** One member of a ZIP archive, from its central directory. */
export interface ZipMember {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The end of central directory record is within the last 22 + 65,535 bytes (its comment). */
const EOCD_SEARCH = 22 + 0xffff;
/** A workbook's central directory lists a few dozen parts; 64 MiB is far beyond any real one. */
const MAX_DIRECTORY = 64 << 20;

/**
 * The central directory of a ZIP archive (ZIP64 included), read from the end of the file: the
 * members' names, sizes and where their data starts. Nothing is inflated here.
 */
export async function readZipDirectory(path: string, fileSize: number): Promise<Map<string, ZipMember>> {
  const h = await open(path, 'r');
  try {
    const tailLen = Math.min(fileSize, EOCD_SEARCH);
    const tail = Buffer.alloc(tailLen);
    await h.read(tail, 0, tailLen, fileSize - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw damaged(path, 'no end of central directory record: the file is cut short or is not a ZIP archive');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    if ((count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
      // ZIP64: the locator just before the record points at the ZIP64 end record (our writer makes these past 4 GiB).
      const at = Number(tail.readBigUInt64LE(eocd - 20 + 8));
      const rec = Buffer.alloc(56);
      await h.read(rec, 0, 56, at);
      if (rec.readUInt32LE(0) !== 0x06064b50) throw damaged(path, 'the ZIP64 end record is not where its locator says');
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirSize > MAX_DIRECTORY || dirOffset + dirSize > fileSize) throw damaged(path, 'the central directory lies outside the file');
    const dir = Buffer.alloc(dirSize);
    await h.read(dir, 0, dirSize, dirOffset);
    const members = new Map<string, ZipMember>();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dirSize || dir.readUInt32LE(p) !== 0x02014b50) throw damaged(path, `central directory entry ${k + 1} of ${count} is damaged`);
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const m: ZipMember = {
        name: dir.toString('utf8', p + 46, p + 46 + nameLen),
        flags: dir.readUInt16LE(p + 8),
        method: dir.readUInt16LE(p + 10),
        crc: dir.readUInt32LE(p + 16),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localOffset: dir.readUInt32LE(p + 42),
      };
      readZip64Extra(dir, p + 46 + nameLen, extraLen, m);
      members.set(m.name.replace(/\\/g, '/'), m);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return members;
  } finally {
    await h.close();
  }
}

/** Sizes and offset that did not fit in 32 bits are in the ZIP64 extra field (id 1), in this order. */
function readZip64Extra(dir: Buffer, start: number, len: number, m: ZipMember): void {
  let q = start;
  while (q + 4 <= start + len) {
    const id = dir.readUInt16LE(q);
    const size = dir.readUInt16LE(q + 2);
    if (id === 1) {
      let r = q + 4;
      if (m.size === 0xffffffff) { m.size = Number(dir.readBigUInt64LE(r)); r += 8; }
      if (m.compressedSize === 0xffffffff) { m.compressedSize = Number(dir.readBigUInt64LE(r)); r += 8; }
      if (m.localOffset === 0xffffffff) m.localOffset = Number(dir.readBigUInt64LE(r));
      return;
    }
    q += 4 + size;
  }
}

/**
 * The bytes of one member, inflated as they are read: a stream of chunks, never the whole part.
 * The inflated size and CRC-32 are checked against the directory at the end, and inflating more
 * than the directory announced stops at once (a ZIP bomb, or a damaged file, is not read on).
 */
export async function* memberBytes(path: string, m: ZipMember, part: string): AsyncIterable<Uint8Array> {
  if (m.flags & 1) {
    throw new TuominError('UNSUPPORTED', `the workbook part ${part} is encrypted`, { file: path },
      'remove the password in Excel or WPS (File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password: empty) and save again', { id: 'xlsx.encrypted' });
  }
  if (m.method !== 0 && m.method !== 8) throw damaged(path, `the part ${part} is compressed with method ${m.method} (only stored and deflate are ZIP's for workbooks)`);
  const h = await open(path, 'r');
  let dataStart: number;
  try {
    const local = Buffer.alloc(30);
    await h.read(local, 0, 30, m.localOffset);
    if (local.readUInt32LE(0) !== 0x04034b50) throw damaged(path, `the part ${part} is not where the central directory says`);
    dataStart = m.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await h.close();
  }
  if (m.compressedSize === 0) {
    if (m.size !== 0) throw damaged(path, `the part ${part} has no data`);
    return;
  }
  const raw = createReadStream(path, { start: dataStart, end: dataStart + m.compressedSize - 1, highWaterMark: 1 << 20 });
  const bytes = m.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 18 })) : raw;
  raw.on('error', (e) => bytes.destroy(e));
  let crc = 0;
  let total = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > m.size) throw damaged(path, `the part ${part} inflates to more than the ${m.size} bytes its directory entry announces`);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof TuominError) throw e;
    throw damaged(path, `the part ${part} does not inflate (${(e as { code?: string }).code ?? 'damaged deflate data'})`);
  } finally {
    bytes.destroy();
    raw.destroy();
  }
  if (total !== m.size || (crc >>> 0) !== m.crc) throw damaged(path, `the part ${part} fails its size or CRC-32 check`);
}

/** A small part (workbook, relationships, styles) as text; parts over `max` bytes are refused. */
export async function memberText(path: string, m: ZipMember, part: string, max = 64 << 20): Promise<string> {
  if (m.size > max) throw damaged(path, `the part ${part} is ${m.size} bytes, more than the ${max} a workbook's ${part} can sensibly hold`);
  const chunks: Uint8Array[] = [];
  for await (const c of memberBytes(path, m, part)) chunks.push(c);
  return utf8Text(path, Buffer.concat(chunks), part);
}

export function utf8Text(path: string, bytes: Uint8Array, part: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw damaged(path, `the part ${part} is not UTF-8`);
  }
}

export function damaged(path: string, what: string): TuominError {
  return new TuominError('BAD_INPUT', `not a readable XLSX workbook: ${what}`, { file: path },
    'open the file in Excel or WPS and save it again as .xlsx ("Excel Workbook") or "CSV UTF-8", then read that copy', { id: 'xlsx.damaged', params: { what } });
}
