import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';

/**
 * Bounds checks of an Arrow IPC file's metadata before apache-arrow reads it. apache-arrow trusts
 * every FlatBuffers offset and vector length: one flipped bit in a schema message made it build
 * billions of fields and exhaust the heap (the process dies, nothing can catch it), and a flipped
 * body length made it wait for bytes that never come. This walks each message the way the
 * official FlatBuffers verifier does (tables, vtables, vectors, strings inside the buffer), for
 * the tables of Arrow's Message.fbs and File.fbs, and checks every body and block inside the file.
 * It reads only the metadata (a few hundred bytes per batch), never the bodies.
 */
export async function verifyIpcStructure(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = await readAt(fh, 0, Math.min(8, size));
    if (size >= 6 && latin1(head.subarray(0, 6)) === 'ARROW1') await verifyFile(fh, size, path);
    else await verifyStream(fh, 0, size, path, true);
  } finally {
    await fh.close();
  }
}

/** The metadata of a message is larger than any real one (a real schema of 100,000 columns is ~10 MB). */
const MAX_METADATA = 256 * 1024 * 1024;
/** Fields nested deeper than this are refused (apache-arrow decodes them recursively). */
const MAX_FIELD_DEPTH = 64;

class Malformed extends Error {}

async function verifyFile(fh: FileHandle, size: number, path: string): Promise<void> {
  if (size < 18) throw bad(path, 'too short for an Arrow IPC file');
  const tail = await readAt(fh, size - 10, 10);
  if (latin1(tail.subarray(4, 10)) !== 'ARROW1') throw bad(path, 'the file does not end with the Arrow magic (truncated?)');
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) throw bad(path, 'the footer length points outside the file');
  const footer = await readAt(fh, footerStart, footerLength);
  let blocks: Array<{ offset: number; metadata: number; body: number }>;
  let fields: number[];
  let dictionaryBlocks: number;
  try {
    const fb = new Flat(footer);
    const root = fb.root();
    // Footer: 0 version, 1 schema, 2 dictionaries [Block], 3 recordBatches [Block], 4 custom_metadata.
    const schema = fb.table(root, 1);
    if (schema === null) throw new Malformed('the footer has no schema');
    fields = verifySchema(fb, schema);
    const dictionaries = fb.structs(root, 2, 24);
    dictionaryBlocks = dictionaries.length;
    blocks = [...dictionaries, ...fb.structs(root, 3, 24)].map((at) => ({
      offset: fb.i64(at), metadata: fb.i32(at + 8), body: fb.i64(at + 16),
    }));
    keyValues(fb, root, 4);
  } catch (err) {
    throw asBad(path, err, 'footer');
  }
  for (const b of blocks) {
    if (b.offset < 8 || b.metadata < 8 || b.body < 0 || b.offset + b.metadata + b.body > footerStart) {
      throw bad(path, `a block of the footer points outside the file (offset ${b.offset})`);
    }
    await verifyStream(fh, b.offset, b.offset + b.metadata + b.body, path, false, 1, { fields });
  }
  // apache-arrow's file reader finds batches only through the footer's blocks: a damaged footer
  // that lists fewer would drop rows without a word, so the messages between the magic and the
  // footer are walked too and their record batches counted.
  const inStream = await verifyStream(fh, 8, footerStart, path, false, Infinity, { fields });
  const listed = blocks.length - dictionaryBlocks;
  if (inStream !== listed) throw bad(path, `the footer lists ${listed} record batches but the file holds ${inStream}`);
}

/** Messages from `start` until the end-of-stream marker, `end`, or `limit` messages; returns how many were record batches. */
async function verifyStream(fh: FileHandle, start: number, end: number, path: string, wholeStream: boolean, limit = Infinity, schema: { fields: number[] | null; batches?: number } = { fields: null }): Promise<number> {
  let pos = start;
  let count = 0;
  schema.batches = 0;
  while (pos < end && count < limit) {
    if (end - pos < 4) {
      if (wholeStream) throw bad(path, `the stream ends inside a message header at byte ${pos} (truncated?)`);
      return schema.batches;
    }
    const prefix = await readAt(fh, pos, Math.min(8, end - pos));
    const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.length);
    let headerBytes = 4;
    let metaLength = view.getInt32(0, true);
    if (metaLength === -1) {
      if (prefix.length < 8) throw bad(path, `the stream ends inside a message header at byte ${pos} (truncated?)`);
      headerBytes = 8;
      metaLength = view.getInt32(4, true);
    }
    if (metaLength === 0) {
      // End-of-stream marker. Bytes after it would be batches nobody reads: a damaged length
      // that reads as 0 must not end the source early and quietly publish fewer rows.
      if (wholeStream && pos + headerBytes < end) throw bad(path, `an end-of-stream marker at byte ${pos} is followed by ${end - pos - headerBytes} more bytes (damaged)`);
      return schema.batches;
    }
    if (metaLength < 0 || metaLength > MAX_METADATA || pos + headerBytes + metaLength > end) {
      throw bad(path, `message ${count + 1} at byte ${pos} has a metadata length (${metaLength}) that does not fit the file (truncated or damaged)`);
    }
    const meta = await readAt(fh, pos + headerBytes, metaLength);
    let bodyLength: number;
    try {
      bodyLength = verifyMessage(meta, schema);
    } catch (err) {
      throw asBad(path, err, `message ${count + 1} at byte ${pos}`);
    }
    const next = pos + headerBytes + metaLength + bodyLength;
    if (next > end) throw bad(path, `message ${count + 1} at byte ${pos} announces a body of ${bodyLength} bytes that the file does not hold (truncated or damaged)`);
    pos = next;
    count++;
  }
  // A whole stream that stops at a message boundary without its end-of-stream marker is cut
  // there as likely as it is complete (every common writer closes with the marker): read, it
  // published the batches before the cut and quietly lost the rest.
  if (wholeStream && count < limit) {
    throw bad(path, `the stream ends after ${count} messages without its end-of-stream marker (cut at a message boundary, or written by a writer that was never closed)`);
  }
  return schema.batches;
}

/** Checks one Message table; returns its body length (and records a schema's field sizes in `schema`). */
function verifyMessage(meta: Uint8Array, schema: { fields: number[] | null; batches?: number }): number {
  const fb = new Flat(meta);
  const root = fb.root();
  // Message: 0 version, 1 header_type, 2 header, 3 bodyLength, 4 custom_metadata.
  const headerType = fb.u8(root, 1);
  const header = fb.table(root, 2);
  const bodyLength = fb.i64Field(root, 3);
  if (bodyLength < 0) throw new Malformed('negative body length');
  keyValues(fb, root, 4);
  if (header === null) throw new Malformed('a message without a header');
  if (headerType === 1) schema.fields = verifySchema(fb, header);
  else if (headerType === 3) {
    verifyRecordBatch(fb, header, bodyLength, schema.fields);
    schema.batches = (schema.batches ?? 0) + 1;
  }
  else if (headerType === 2) {
    // DictionaryBatch: 0 id, 1 data (RecordBatch), 2 isDelta.
    const data = fb.table(header, 1);
    if (data === null) throw new Malformed('a dictionary batch without data');
    verifyRecordBatch(fb, data, bodyLength, null);
  } else throw new Malformed(`unknown message type ${headerType}`);
  return bodyLength;
}

/** Returns, per top-level field, how many field nodes it takes in a record batch (itself and its descendants). */
function verifySchema(fb: Flat, schema: number): number[] {
  // Schema: 0 endianness, 1 fields, 2 custom_metadata, 3 features.
  const sizes = fb.tables(schema, 1).map((f) => verifyField(fb, f, 1));
  keyValues(fb, schema, 2);
  fb.vector(schema, 3, 8);
  return sizes;
}

function verifyField(fb: Flat, field: number, depth: number): number {
  if (depth > MAX_FIELD_DEPTH) throw new Malformed(`fields nested deeper than ${MAX_FIELD_DEPTH} levels`);
  // Field: 0 name, 1 nullable, 2 type_type, 3 type, 4 dictionary, 5 children, 6 custom_metadata.
  fb.string(field, 0);
  // The Type union's tag: Null (1) to LargeListView (26) in Schema.fbs; anything else is damage.
  const typeTag = fb.u8(field, 2);
  if (typeTag < 1 || typeTag > 26) throw new Malformed(`a field has the unknown type tag ${typeTag}`);
  const type = fb.table(field, 3);
  if (type !== null) fb.anyTable(type);
  const dict = fb.table(field, 4);
  if (dict !== null) {
    // DictionaryEncoding: 0 id, 1 indexType (Int), 2 isOrdered, 3 dictionaryKind.
    const indexType = fb.table(dict, 1);
    if (indexType !== null) fb.anyTable(indexType);
  }
  let nodes = 1;
  for (const c of fb.tables(field, 5)) nodes += verifyField(fb, c, depth + 1);
  keyValues(fb, field, 6);
  // A dictionary-encoded field's children describe its value type: their nodes travel in the
  // dictionary batch, and the record batch holds one node, the indices' (Arrow's Schema.fbs and
  // every writer agree). Counting them refused a dictionary of structs written by apache-arrow.
  return dict !== null ? 1 : nodes;
}

function verifyRecordBatch(fb: Flat, batch: number, bodyLength: number, fields: number[] | null): void {
  // RecordBatch: 0 length, 1 nodes [FieldNode], 2 buffers [Buffer], 3 compression, 4 variadicBufferCounts.
  const length = fb.i64Field(batch, 0);
  if (length < 0) throw new Malformed('negative row count');
  const nodes = fb.structs(batch, 1, 16);
  for (const n of nodes) {
    if (fb.i64(n) < 0 || fb.i64(n + 8) < 0) throw new Malformed('negative length or null count');
  }
  if (fields !== null) {
    // One node per field of the schema, and each column as long as the batch: a damaged row
    // count (read as 0) would otherwise drop the batch's rows without a word.
    const expected = fields.reduce((a, b) => a + b, 0);
    if (nodes.length !== expected) throw new Malformed(`a record batch has ${nodes.length} column nodes where the schema has ${expected}`);
    let at = 0;
    for (const size of fields) {
      if (fb.i64(nodes[at]!) !== length) throw new Malformed(`a column holds ${fb.i64(nodes[at]!)} rows where its record batch says ${length}`);
      at += size;
    }
  }
  for (const b of fb.structs(batch, 2, 16)) {
    const offset = fb.i64(b);
    const length = fb.i64(b + 8);
    if (offset < 0 || length < 0 || offset + length > bodyLength) throw new Malformed('a buffer lies outside the message body');
  }
  const compression = fb.table(batch, 3);
  if (compression !== null) fb.anyTable(compression);
  fb.vector(batch, 4, 8);
}

function keyValues(fb: Flat, table: number, field: number): void {
  for (const kv of fb.tables(table, field)) {
    fb.string(kv, 0);
    fb.string(kv, 1);
  }
}

/** A bounds-checked FlatBuffers reader: every read that would leave the buffer throws Malformed. */
class Flat {
  private readonly view: DataView;
  private visits = 0;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(pos: number, n: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + n > this.buf.length) throw new Malformed('an offset points outside the metadata');
  }
  private u32(pos: number): number {
    this.need(pos, 4);
    return this.view.getUint32(pos, true);
  }
  i32(pos: number): number {
    this.need(pos, 4);
    return this.view.getInt32(pos, true);
  }
  i64(pos: number): number {
    this.need(pos, 8);
    return Number(this.view.getBigInt64(pos, true));
  }
  root(): number {
    const t = this.u32(0);
    this.anyTable(t);
    return t;
  }
  /** A table's vtable and inline size lie inside the buffer. */
  anyTable(t: number): void {
    // Offsets may point back at a table already seen (a loop, or one child listed 3 times at each
    // of 64 levels): real tables do not share bytes, so more visits than 4-byte words is damage.
    if (++this.visits > this.buf.length / 4 + 16) throw new Malformed('tables refer to each other in a loop');
    const vt = t - this.i32(t);
    this.need(vt, 4);
    const vtSize = this.view.getUint16(vt, true);
    const tableSize = this.view.getUint16(vt + 2, true);
    if (vtSize < 4 || (vtSize & 1) !== 0) throw new Malformed('a malformed vtable');
    this.need(vt, vtSize);
    this.need(t, tableSize);
    for (let k = 4; k < vtSize; k += 2) {
      const off = this.view.getUint16(vt + k, true);
      if (off !== 0 && off >= tableSize) throw new Malformed('a field outside its table');
    }
  }
  /** Absolute position of field `i` of table `t`, or -1 when absent. */
  private field(t: number, i: number): number {
    const vt = t - this.i32(t);
    const vtSize = this.view.getUint16(vt, true);
    const k = 4 + 2 * i;
    if (k >= vtSize) return -1;
    const off = this.view.getUint16(vt + k, true);
    return off === 0 ? -1 : t + off;
  }
  u8(t: number, i: number): number {
    const p = this.field(t, i);
    if (p < 0) return 0;
    this.need(p, 1);
    return this.buf[p]!;
  }
  i64Field(t: number, i: number): number {
    const p = this.field(t, i);
    return p < 0 ? 0 : this.i64(p);
  }
  private ref(t: number, i: number): number {
    const p = this.field(t, i);
    if (p < 0) return -1;
    return p + this.u32(p);
  }
  table(t: number, i: number): number | null {
    const p = this.ref(t, i);
    if (p < 0) return null;
    this.anyTable(p);
    return p;
  }
  /** Start of the elements of vector field `i` (length checked against `size` bytes each), and its length. */
  vector(t: number, i: number, size: number): { start: number; length: number } | null {
    const p = this.ref(t, i);
    if (p < 0) return null;
    const length = this.u32(p);
    this.need(p + 4, length * size);
    return { start: p + 4, length };
  }
  string(t: number, i: number): void {
    const v = this.vector(t, i, 1);
    if (v !== null) this.need(v.start, v.length + 1);
  }
  structs(t: number, i: number, size: number): number[] {
    const v = this.vector(t, i, size);
    const out: number[] = [];
    if (v !== null) for (let k = 0; k < v.length; k++) out.push(v.start + k * size);
    return out;
  }
  tables(t: number, i: number): number[] {
    const v = this.vector(t, i, 4);
    const out: number[] = [];
    if (v === null) return out;
    for (let k = 0; k < v.length; k++) {
      const at = v.start + 4 * k;
      const table = at + this.u32(at);
      this.anyTable(table);
      out.push(table);
    }
    return out;
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

function bad(path: string, why: string): TuominError {
  return new TuominError('BAD_INPUT', `not a valid Arrow IPC file: ${why}`, { file: path },
    'the file is damaged or truncated: copy it again from its origin, or export it again', { id: 'input.damaged', params: { format: 'Arrow IPC', why } });
}

function asBad(path: string, err: unknown, where: string): TuominError {
  if (err instanceof Malformed) return bad(path, `${where}: ${err.message}`);
  throw err;
}
