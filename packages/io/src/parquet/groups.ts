import { Schema, Table, tableToIPC } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { Rechunker } from '@tuomin/core/internal';
import { atomicWrite } from '../atomic.js';
import { WriteBehind } from '../write-behind.js';
import { sortKeyValueMetadata } from './sort-footer.js';
import { TType, ThriftDecodeError, decodeStruct, encodeStruct, type ThriftField, type ThriftList, type ThriftStruct, type ThriftValue } from './thrift-compact.js';
import { IpcBuffer, pq } from './wasm.js';
import type { ParquetCompression, ParquetWriteOptions, ParquetWriteResult } from './write.js';

/** One row group encoded as a complete standalone Parquet file (PAR1 … one row group … footer PAR1). */
export interface EncodedGroup {
  bytes: Uint8Array;
  rows: number;
}

const CODECS: Record<ParquetCompression, pq.Compression> = {
  snappy: pq.Compression.SNAPPY,
  zstd: pq.Compression.ZSTD,
  none: pq.Compression.UNCOMPRESSED,
};

/** Parquet's CompressionCodec numbers (ColumnMetaData.codec), to check that a part used the options' codec. */
const CODEC_IDS: Record<ParquetCompression, number> = { none: 0, snappy: 1, zstd: 6 };

/**
 * Encode exactly these rows as one row group, a standalone file. The rows are first put in one
 * batch of a canonical layout (core's Rechunker: null slots emptied, each dictionary column with
 * one dictionary rebuilt from its rows), because parquet-wasm's pages follow its write calls
 * (measured: the same 60,000 rows as 7-row and as 30,000-row batches gave different files). So the
 * same rows and options give the same bytes however they are batched.
 *
 * Schema-level metadata goes into the file's key-value metadata (readParquet puts it back on the
 * schema): inside the embedded ARROW:schema parquet-wasm would write it in a HashMap's order.
 *
 * parquet-wasm's defaults are kept, page statistics included, so it writes a column index and an
 * offset index per column chunk after the row group; `stitchParquet` moves them.
 *
 * `ipc`: the buffer the IPC stream is written into (wasm.ts IpcBuffer), kept by a caller that
 * encodes many groups, one per writer; without it each call allocates its own.
 */
export function encodeRowGroup(schema: Schema, batches: RecordBatch[], options: ParquetWriteOptions, ipc?: IpcBuffer): EncodedGroup {
  const codec = checkCompression(options, undefined);
  const { schema: bare, metadata } = splitSchemaMetadata(schema, options.metadata);
  let rows = 0;
  for (const b of batches) rows += b.numRows;
  if (rows === 0) {
    throw new TuominError('BAD_INPUT', 'a Parquet row group needs at least one row', {}, 'encode only non-empty row groups; an empty table is written by stitchParquet with no groups', { id: 'internal.bug' });
  }
  const rechunker = new Rechunker(bare, { rows, dictionaries: 'batch' });
  const out: RecordBatch[] = [];
  for (const b of batches) out.push(...rechunker.push(b));
  const last = rechunker.finish();
  if (last !== null) out.push(last);
  return { bytes: encodeCanonical(bare, out[0]!, codec, metadata, ipc), rows };
}

/**
 * The row group of one batch already in canonical layout (writeParquet's Rechunker made it), with
 * `schema` already without its metadata: what encodeRowGroup does after its own rechunking.
 */
export function encodeCanonical(bare: Schema, batch: RecordBatch, codec: pq.Compression, metadata: Record<string, string>, ipc = new IpcBuffer()): Uint8Array {
  // One IPC copy into WebAssembly memory, as the streaming writer had, from a buffer the writer
  // keeps; the encoded file comes back as a fresh JS buffer.
  const table = ipc.toWasm(new Table(bare, [batch]));
  return pq.writeParquet(table, properties(codec, batch.numRows, metadata));
}

/** The file an empty table gives: schema only, no row group. */
function encodeEmpty(bare: Schema, codec: pq.Compression, metadata: Record<string, string>): Uint8Array {
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new Table(bare), 'stream')), properties(codec, 1, metadata));
}

export function checkCompression(options: ParquetWriteOptions, file: string | undefined): pq.Compression {
  const compression = options.compression ?? 'snappy';
  const codec = Object.prototype.hasOwnProperty.call(CODECS, compression) ? CODECS[compression] : undefined;
  if (codec === undefined) {
    throw new TuominError('BAD_SPEC', `unknown Parquet compression "${String(compression)}"`, file === undefined ? {} : { file }, 'use snappy, zstd or none', { id: 'parquet.compression', params: { compression: String(compression) } });
  }
  return codec;
}

/** The schema without its own metadata, and that metadata under the file's (the file's wins). */
export function splitSchemaMetadata(schema: Schema, metadata: Record<string, string> | undefined): { schema: Schema; metadata: Record<string, string> } {
  const merged: Record<string, string> = {};
  for (const [k, v] of schema.metadata) merged[k] = v;
  Object.assign(merged, metadata);
  if (schema.metadata.size === 0) return { schema, metadata: merged };
  return { schema: new Schema(schema.fields, new Map(), schema.dictionaries), metadata: merged };
}

function properties(codec: pq.Compression, rows: number, metadata: Record<string, string>): pq.WriterProperties {
  let b = new pq.WriterPropertiesBuilder().setCompression(codec).setMaxRowGroupSize(Math.max(1, rows)).setCreatedBy('tuomin');
  if (Object.keys(metadata).length) b = b.setKeyValueMetadata(new Map(Object.entries(metadata)));
  return b.build();
}

// Field ids of parquet.thrift.
const FMD = { NUM_ROWS: 3, ROW_GROUPS: 4 } as const;
const RG = { COLUMNS: 1, NUM_ROWS: 3, FILE_OFFSET: 5, TOTAL_COMPRESSED_SIZE: 6, ORDINAL: 7 } as const;
const CC = { FILE_PATH: 1, FILE_OFFSET: 2, META_DATA: 3, OFFSET_INDEX_OFFSET: 4, OFFSET_INDEX_LENGTH: 5, COLUMN_INDEX_OFFSET: 6, COLUMN_INDEX_LENGTH: 7, CRYPTO: 8, ENCRYPTED: 9 } as const;
const CMD = { CODEC: 4, TOTAL_COMPRESSED_SIZE: 7, DATA_PAGE_OFFSET: 9, INDEX_PAGE_OFFSET: 10, DICTIONARY_PAGE_OFFSET: 11, BLOOM_FILTER_OFFSET: 14 } as const;
const OI = { PAGE_LOCATIONS: 1 } as const;
const PL = { OFFSET: 1 } as const;

/** Parquet allows at most this many row groups in a file (RowGroup.ordinal is an i16). */
const MAX_GROUPS = 32767;

/**
 * Write `path` atomically from groups in order: 'PAR1', each group's column chunks at their new
 * offsets, then every group's column indexes, then every group's offset indexes (arrow-rs's layout),
 * then one footer: the first group's FileMetaData with every group's RowGroup (every offset moved,
 * ordinals renumbered), num_rows summed, key-value metadata in a fixed order (sort-footer.ts), the
 * fields this code does not know carried verbatim. No groups: the file an empty table gives.
 *
 * Every part is checked before a byte of it is written: one row group of the rows it claims, the
 * schema, key-value metadata, writer and codec the options give (compared with the empty file of
 * `schema`), column chunks that tile its data exactly, page indexes inside it. A part that fails a
 * check is refused and no file is left.
 *
 * Memory: one group's bytes at a time, plus its page indexes (a few bytes per page) until the end.
 */
export async function stitchParquet(path: string, schema: Schema, groups: AsyncIterable<EncodedGroup>, options: ParquetWriteOptions): Promise<ParquetWriteResult> {
  const codec = checkCompression(options, path);
  const codecId = CODEC_IDS[options.compression ?? 'snappy'];
  const { schema: bare, metadata } = splitSchemaMetadata(schema, options.metadata);
  const empty = encodeEmpty(bare, codec, metadata);
  const template = sortKeyValueMetadata(readFooter(empty, path, -1).meta);
  const expectedHead = encodeStruct(headOf(template));
  return atomicWrite(path, async (handle) => {
    const file = new WriteBehind(handle);
    await file.write(MAGIC);
    let pos = MAGIC.length;
    let rows = 0;
    const rowGroups: ThriftStruct[] = [];
    const columnIndexes: Array<{ chunk: ThriftStruct; bytes: Uint8Array }> = [];
    const offsetIndexes: Array<{ chunk: ThriftStruct; index: ThriftStruct }> = [];
    let g = 0;
    for await (const group of groups) {
      if (g >= MAX_GROUPS) throw badPart(path, g, `more than ${MAX_GROUPS} row groups, the most a Parquet file holds`);
      const part = checkPart(group, path, g, expectedHead, codecId);
      const delta = pos - MAGIC.length;
      await file.write(group.bytes.subarray(MAGIC.length, part.dataEnd));
      pos += part.dataEnd - MAGIC.length;
      rowGroups.push(moveRowGroup(part.rowGroup, delta, g));
      for (const c of part.chunks) {
        const moved = c.chunk;
        if (c.columnIndex) columnIndexes.push({ chunk: moved, bytes: c.columnIndex });
        if (c.offsetIndex) offsetIndexes.push({ chunk: moved, index: moveOffsetIndex(c.offsetIndex, delta) });
      }
      rows += group.rows;
      g++;
    }
    if (g === 0) {
      const bytes = encodeFile(template);
      await file.write(bytes.subarray(MAGIC.length)); // PAR1 is written
      await file.flush();
      return { path, rows: 0, bytes: bytes.length };
    }
    // Each chunk struct is the one inside rowGroups (moved in place by moveRowGroup), so setting
    // its index offsets here reaches the footer.
    for (const x of columnIndexes) {
      setInt(x.chunk, CC.COLUMN_INDEX_OFFSET, BigInt(pos));
      await file.write(x.bytes);
      pos += x.bytes.length;
    }
    for (const x of offsetIndexes) {
      const bytes = encodeStruct(x.index);
      setInt(x.chunk, CC.OFFSET_INDEX_OFFSET, BigInt(pos));
      setInt(x.chunk, CC.OFFSET_INDEX_LENGTH, bytes.length);
      await file.write(bytes);
      pos += bytes.length;
    }
    const meta = withFields(template, [
      { id: FMD.NUM_ROWS, type: TType.I64, value: BigInt(rows) },
      { id: FMD.ROW_GROUPS, type: TType.LIST, value: { kind: 'list', type: TType.LIST, elementType: TType.STRUCT, items: rowGroups } },
    ]);
    const footer = encodeStruct(meta);
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(0, footer.length, true);
    tail.set(MAGIC, 4);
    await file.write(footer);
    await file.write(tail);
    await file.flush();
    return { path, rows, bytes: pos + footer.length + 8 };
  });
}

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1

interface CheckedPart {
  rowGroup: ThriftStruct;
  /** End of the column chunks: the group's data is [4, dataEnd). */
  dataEnd: number;
  chunks: Array<{ chunk: ThriftStruct; columnIndex: Uint8Array | null; offsetIndex: ThriftStruct | null }>;
}

function checkPart(group: EncodedGroup, path: string, g: number, expectedHead: Uint8Array, codecId: number): CheckedPart {
  const bytes = group.bytes;
  if (!(bytes instanceof Uint8Array)) throw badPart(path, g, 'not bytes');
  const { meta, start: footerStart } = readFooter(bytes, path, g);
  if (!sameBytes(encodeStruct(headOf(sortKeyValueMetadata(meta))), expectedHead)) {
    throw badPart(path, g, 'its schema, key-value metadata or writer differ from the file\'s');
  }
  const rowGroups = listOf(meta, FMD.ROW_GROUPS, path, g);
  if (rowGroups.length !== 1) throw badPart(path, g, `${rowGroups.length} row groups where one is expected`);
  const rg = rowGroups[0] as ThriftStruct;
  const rows = intOf(meta, FMD.NUM_ROWS, path, g);
  if (!Number.isSafeInteger(group.rows) || group.rows < 1 || rows !== group.rows || intOf(rg, RG.NUM_ROWS, path, g) !== group.rows) {
    throw badPart(path, g, `it holds ${rows} rows where ${String(group.rows)} were announced`);
  }
  const chunks = listOf(rg, RG.COLUMNS, path, g) as ThriftStruct[];
  // The data of the part: column chunks back to back from byte 4, as arrow-rs writes them; the
  // page indexes after them and before the footer.
  let dataEnd = MAGIC.length;
  const out: CheckedPart['chunks'] = [];
  for (const chunk of chunks) {
    for (const id of [CC.FILE_PATH, CC.CRYPTO, CC.ENCRYPTED]) if (has(chunk, id)) throw badPart(path, g, 'an external or encrypted column chunk');
    const md = structOf(chunk, CC.META_DATA, path, g);
    if (has(md, CMD.BLOOM_FILTER_OFFSET) || has(md, CMD.INDEX_PAGE_OFFSET)) throw badPart(path, g, 'a bloom filter or index page, which tuomin does not write');
    if (intOf(md, CMD.CODEC, path, g) !== codecId) throw badPart(path, g, 'a column compressed with another codec than the file\'s');
    const first = has(md, CMD.DICTIONARY_PAGE_OFFSET) ? intOf(md, CMD.DICTIONARY_PAGE_OFFSET, path, g) : intOf(md, CMD.DATA_PAGE_OFFSET, path, g);
    const data = intOf(md, CMD.DATA_PAGE_OFFSET, path, g);
    const size = intOf(md, CMD.TOTAL_COMPRESSED_SIZE, path, g);
    if (first !== dataEnd || data < first || size < 1 || data >= first + size) throw badPart(path, g, 'column chunks that do not follow one another');
    // ColumnChunk.file_offset: arrow-rs writes 0 ("not set", the field is deprecated); any other value must point into the chunk.
    if (has(chunk, CC.FILE_OFFSET) && intOf(chunk, CC.FILE_OFFSET, path, g) !== 0) {
      const fo = intOf(chunk, CC.FILE_OFFSET, path, g);
      if (fo < first || fo > first + size) throw badPart(path, g, 'a column chunk\'s file_offset outside it');
    }
    dataEnd = first + size;
    out.push({ chunk, columnIndex: null, offsetIndex: null });
  }
  const fileOffset = intOf(rg, RG.FILE_OFFSET, path, g);
  if (chunks.length === 0 || fileOffset !== MAGIC.length || dataEnd > footerStart) throw badPart(path, g, 'a row group outside its data');
  let indexEnd = dataEnd;
  const index = (chunk: ThriftStruct, at: number, len: number): { bytes: Uint8Array; struct: ThriftStruct } | null => {
    if (!has(chunk, at) && !has(chunk, len)) return null;
    const offset = intOf(chunk, at, path, g);
    const length = intOf(chunk, len, path, g);
    // Indexes follow the data back to back: every column index, then every offset index.
    if (offset !== indexEnd || length < 1 || offset + length > footerStart) throw badPart(path, g, 'a page index outside its place');
    indexEnd = offset + length;
    const b = bytes.subarray(offset, offset + length);
    try {
      const d = decodeStruct(b);
      if (d.end !== length) throw badPart(path, g, 'a page index of another length than announced');
      return { bytes: b, struct: d.struct };
    } catch (err) {
      if (err instanceof ThriftDecodeError) throw badPart(path, g, `a damaged page index: ${err.message}`);
      throw err;
    }
  };
  // Copied out, so the part's bytes can go once its data is written.
  for (const c of out) c.columnIndex = index(c.chunk, CC.COLUMN_INDEX_OFFSET, CC.COLUMN_INDEX_LENGTH)?.bytes.slice() ?? null;
  for (const c of out) {
    const oi = index(c.chunk, CC.OFFSET_INDEX_OFFSET, CC.OFFSET_INDEX_LENGTH)?.struct;
    if (oi === undefined) continue;
    const md = structOf(c.chunk, CC.META_DATA, path, g);
    const first = intOf(md, CMD.DATA_PAGE_OFFSET, path, g);
    const end = (has(md, CMD.DICTIONARY_PAGE_OFFSET) ? intOf(md, CMD.DICTIONARY_PAGE_OFFSET, path, g) : first) + intOf(md, CMD.TOTAL_COMPRESSED_SIZE, path, g);
    for (const loc of listOf(oi, OI.PAGE_LOCATIONS, path, g) as ThriftStruct[]) {
      const at = intOf(loc, PL.OFFSET, path, g);
      if (at < first || at >= end) throw badPart(path, g, 'a page location outside its column chunk');
    }
    c.offsetIndex = oi;
  }
  if (indexEnd !== footerStart) throw badPart(path, g, 'bytes between its page indexes and its footer');
  return { rowGroup: rg, dataEnd, chunks: out };
}

/** The row group with every file offset moved by `delta` (in place: the structs are the part's own) and its ordinal set. */
function moveRowGroup(rg: ThriftStruct, delta: number, ordinal: number): ThriftStruct {
  const d = BigInt(delta);
  addInt(rg, RG.FILE_OFFSET, d);
  if (has(rg, RG.ORDINAL)) setInt(rg, RG.ORDINAL, ordinal);
  for (const chunk of listOf(rg, RG.COLUMNS, '', 0) as ThriftStruct[]) {
    // ColumnChunk.file_offset 0 is "not set" (arrow-rs); checkPart placed any other value in the chunk.
    if (has(chunk, CC.FILE_OFFSET) && intOf(chunk, CC.FILE_OFFSET, '', 0) !== 0) addInt(chunk, CC.FILE_OFFSET, d);
    const md = chunk.fields.find((f) => f.id === CC.META_DATA)!.value as ThriftStruct;
    addInt(md, CMD.DATA_PAGE_OFFSET, d);
    if (has(md, CMD.DICTIONARY_PAGE_OFFSET)) addInt(md, CMD.DICTIONARY_PAGE_OFFSET, d);
  }
  return rg;
}

function moveOffsetIndex(oi: ThriftStruct, delta: number): ThriftStruct {
  const d = BigInt(delta);
  for (const loc of (oi.fields.find((f) => f.id === OI.PAGE_LOCATIONS)!.value as ThriftList).items as ThriftStruct[]) addInt(loc, PL.OFFSET, d);
  return oi;
}

/** FileMetaData without its row count and row groups: what every part of one file shares. */
function headOf(meta: ThriftStruct): ThriftStruct {
  return { kind: 'struct', fields: meta.fields.filter((f) => f.id !== FMD.NUM_ROWS && f.id !== FMD.ROW_GROUPS) };
}

/** `meta` with these fields replaced where they are, or inserted before the first field of a higher id. */
function withFields(meta: ThriftStruct, fields: ThriftField[]): ThriftStruct {
  const out = meta.fields.map((f) => fields.find((x) => x.id === f.id) ?? f);
  for (const x of fields) {
    if (meta.fields.some((f) => f.id === x.id)) continue;
    const at = out.findIndex((f) => f.id > x.id);
    out.splice(at < 0 ? out.length : at, 0, x);
  }
  return { kind: 'struct', fields: out };
}

function encodeFile(meta: ThriftStruct): Uint8Array {
  const footer = encodeStruct(meta);
  const out = new Uint8Array(MAGIC.length + footer.length + 8);
  out.set(MAGIC, 0);
  out.set(footer, MAGIC.length);
  new DataView(out.buffer).setUint32(MAGIC.length + footer.length, footer.length, true);
  out.set(MAGIC, MAGIC.length + footer.length + 4);
  return out;
}

function readFooter(bytes: Uint8Array, path: string, g: number): { meta: ThriftStruct; start: number } {
  if (bytes.length < 12) throw badPart(path, g, 'shorter than a Parquet file');
  if (!sameBytes(bytes.subarray(0, 4), MAGIC) || !sameBytes(bytes.subarray(bytes.length - 4), MAGIC)) throw badPart(path, g, 'no PAR1 at its ends');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 8, true);
  const start = bytes.length - 8 - length;
  if (start < MAGIC.length) throw badPart(path, g, 'a footer longer than the part');
  try {
    const d = decodeStruct(bytes.subarray(start, bytes.length - 8));
    if (d.end !== length) throw badPart(path, g, 'bytes after its footer');
    return { meta: d.struct, start };
  } catch (err) {
    if (err instanceof ThriftDecodeError) throw badPart(path, g, `a damaged footer: ${err.message}`);
    throw err;
  }
}

function badPart(path: string, g: number, why: string): TuominError {
  const what = g < 0 ? 'the empty Parquet file parquet-wasm wrote' : `encoded row group ${g + 1}`;
  return new TuominError('IO', `cannot join the Parquet row groups: ${what} is not usable (${why})`, { file: path },
    'nothing was written; the row groups come from tuomin itself, so report this as a bug in tuomin (or a damaged disk)', { id: 'internal.bug' });
}

function has(s: ThriftStruct, id: number): boolean {
  return s.fields.some((f) => f.id === id);
}

function valueOf(s: ThriftStruct, id: number, type: number, path: string, g: number): ThriftValue {
  const f = s.fields.find((x) => x.id === id);
  if (!f || f.type !== type) throw badPart(path, g, `field ${id} missing or of another type`);
  return f.value;
}

function intOf(s: ThriftStruct, id: number, path: string, g: number): number {
  const f = s.fields.find((x) => x.id === id);
  if (!f || (f.type !== TType.I64 && f.type !== TType.I32 && f.type !== TType.I16)) throw badPart(path, g, `field ${id} missing or not an integer`);
  const v = Number(f.value as bigint | number);
  if (!Number.isSafeInteger(v) || v < 0) throw badPart(path, g, `field ${id} out of range`);
  return v;
}

function listOf(s: ThriftStruct, id: number, path: string, g: number): ThriftValue[] {
  const l = valueOf(s, id, TType.LIST, path, g) as ThriftList;
  if (l.elementType !== TType.STRUCT) throw badPart(path, g, `field ${id} is not a list of structs`);
  return l.items;
}

function structOf(s: ThriftStruct, id: number, path: string, g: number): ThriftStruct {
  return valueOf(s, id, TType.STRUCT, path, g) as ThriftStruct;
}

function addInt(s: ThriftStruct, id: number, d: bigint): void {
  const f = s.fields.find((x) => x.id === id)!;
  f.value = typeof f.value === 'bigint' ? f.value + d : Number(BigInt(f.value as number) + d);
}

/** Set an integer field keeping its wire type (i64 as bigint, i32/i16 as number). */
function setInt(s: ThriftStruct, id: number, v: bigint | number): void {
  const f = s.fields.find((x) => x.id === id)!;
  f.value = f.type === TType.I64 ? BigInt(v) : Number(v);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
