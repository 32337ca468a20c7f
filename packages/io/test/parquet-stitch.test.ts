import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, DateDay, Dictionary, Float64, Int32, Int64, LargeUtf8, Table, TimestampMillisecond, Utf8, makeTable, tableToIPC, vectorFromArray } from 'apache-arrow';
import { pq } from '../src/parquet/wasm.js';
import { TType, ThriftDecodeError, decodeStruct, encodeStruct, field, type ThriftList, type ThriftStruct } from '../src/parquet/thrift-compact.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-stitch-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Seeded (mulberry32), so a failing case can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['北京市朝阳区', '上海市浦东新区', '广州市天河区', '深圳市南山区', '成都市武侯区'];

/** n rows of every type the writer handles, nulls in every column, Chinese text, a seeded mix. */
function sample(n: number, seed = 1): Table {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const maybe = <T>(v: T): T | null => (rnd() < 0.1 ? null : v);
  const cols = {
    name: [] as Array<string | null>,
    large: [] as Array<string | null>,
    place: [] as Array<string | null>,
    n32: [] as Array<number | null>,
    n64: [] as Array<bigint | null>,
    fine: [] as Array<number | null>,
    ok: [] as Array<boolean | null>,
    day: [] as Array<Date | null>,
    at: [] as Array<Date | null>,
  };
  for (let i = 0; i < n; i++) {
    cols.name.push(maybe(`${pick(['张', '李', '王', '赵'])}${i}号`));
    cols.large.push(maybe(`备注 ${Math.floor(rnd() * 1e6)}，第${i}行`));
    cols.place.push(maybe(pick(PLACES)));
    cols.n32.push(maybe(Math.floor(rnd() * 2e6) - 1e6));
    cols.n64.push(maybe(BigInt(Math.floor(rnd() * 1e12)) - 500000000000n));
    cols.fine.push(maybe(Math.round(rnd() * 1e7) / 100));
    cols.ok.push(maybe(rnd() < 0.5));
    cols.day.push(maybe(new Date(Date.UTC(2000 + Math.floor(rnd() * 25), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)))));
    cols.at.push(maybe(new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 3e10))));
  }
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(cols.name, new Utf8()),
    large: vectorFromArray(cols.large, new LargeUtf8()),
    place: vectorFromArray(cols.place, new Dictionary(new Utf8(), new Int32())),
    n32: vectorFromArray(cols.n32, new Int32()),
    n64: vectorFromArray(cols.n64, new Int64()),
    fine: vectorFromArray(cols.fine, new Float64()),
    ok: vectorFromArray(cols.ok, new Bool()),
    day: vectorFromArray(cols.day, new DateDay()),
    at: vectorFromArray(cols.at, new TimestampMillisecond()),
  } as never);
}

/** A whole Parquet file written by parquet-wasm in one go. */
function wasmFile(t: Table, rowGroupSize: number, compression = pq.Compression.SNAPPY): Uint8Array {
  const props = new pq.WriterPropertiesBuilder().setCompression(compression).setMaxRowGroupSize(rowGroupSize).setCreatedBy('tuomin')
    .setKeyValueMetadata(new Map([['licence', 'CC-BY-4.0'], ['数据集', '行政处罚']])).build();
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(t, 'stream')), props);
}

function footerOf(file: Uint8Array): { bytes: Uint8Array; start: number } {
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(file.length - 8, true);
  const start = file.length - 8 - length;
  return { bytes: file.subarray(start, file.length - 8), start };
}

const int = (s: ThriftStruct, id: number): number => Number(field(s, id)!.value as bigint | number);
const list = (s: ThriftStruct, id: number): ThriftStruct[] => (field(s, id)!.value as ThriftList).items as ThriftStruct[];

describe('Thrift compact codec', () => {
  it('decodes and encodes back, byte for byte, the footer and every page index of files parquet-wasm writes', () => {
    for (const compression of [pq.Compression.SNAPPY, pq.Compression.ZSTD, pq.Compression.UNCOMPRESSED]) {
      const file = wasmFile(sample(3000, 7), 1000, compression);
      const footer = footerOf(file);
      const { struct: meta, end } = decodeStruct(footer.bytes);
      expect(end).toBe(footer.bytes.length);
      expect(Buffer.from(encodeStruct(meta)).equals(Buffer.from(footer.bytes))).toBe(true);
      const groups = list(meta, 4);
      expect(groups).toHaveLength(3);
      let indexes = 0;
      for (const g of groups) {
        for (const chunk of list(g, 1)) {
          // Column index (ColumnChunk 6/7) and offset index (4/5): parquet-wasm writes both by default.
          for (const [at, len] of [[6, 7], [4, 5]] as const) {
            const offset = int(chunk, at);
            const length = int(chunk, len);
            const bytes = file.subarray(offset, offset + length);
            const d = decodeStruct(bytes);
            expect(d.end).toBe(length);
            expect(Buffer.from(encodeStruct(d.struct)).equals(Buffer.from(bytes))).toBe(true);
            indexes++;
          }
        }
      }
      expect(indexes).toBe(3 * 9 * 2);
    }
  });

  it('keeps what it does not know: every wire type, long field headers, long lists, maps and booleans in lists', () => {
    const s: ThriftStruct = {
      kind: 'struct',
      fields: [
        { id: 1, type: TType.TRUE, value: true },
        { id: 2, type: TType.FALSE, value: false },
        { id: 3, type: TType.I8, value: -5 },
        { id: 4, type: TType.I16, value: -32768 },
        { id: 5, type: TType.I32, value: 2147483647 },
        { id: 6, type: TType.I64, value: -(2n ** 63n) },
        { id: 7, type: TType.DOUBLE, value: new Uint8Array([1, 2, 3, 4, 5, 6, 0xf8, 0x7f]) },
        { id: 30, type: TType.BINARY, value: new TextEncoder().encode('未知字段') },
        { id: 29, type: TType.LIST, value: { kind: 'list', type: TType.LIST, elementType: TType.I64, items: Array.from({ length: 40 }, (_, i) => BigInt(i) * 1000000007n) } },
        { id: 200, type: TType.SET, value: { kind: 'list', type: TType.SET, elementType: TType.TRUE, items: [1, 0, 2, 1] } },
        { id: 201, type: TType.MAP, value: { kind: 'map', keyType: TType.BINARY, valueType: TType.STRUCT, entries: [[new Uint8Array([97]), { kind: 'struct', fields: [{ id: 1, type: TType.I32, value: -1 }] }]] } },
        { id: 202, type: TType.MAP, value: { kind: 'map', keyType: 0, valueType: 0, entries: [] } },
        { id: 203, type: TType.STRUCT, value: { kind: 'struct', fields: [] } },
      ],
    };
    const bytes = encodeStruct(s);
    const d = decodeStruct(bytes);
    expect(d.end).toBe(bytes.length);
    expect(d.struct).toEqual(s);
    expect(Buffer.from(encodeStruct(d.struct)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses damaged or non-canonical bytes with the offset, never reading past the end', () => {
    const footer = footerOf(wasmFile(sample(100), 50)).bytes;
    for (const cut of [1, 7, Math.floor(footer.length / 2), footer.length - 1]) {
      expect(() => decodeStruct(footer.subarray(0, cut))).toThrow(ThriftDecodeError);
    }
    // A list claiming more elements than there are bytes.
    expect(() => decodeStruct(new Uint8Array([0x19, 0xfc, 0xff, 0xff, 0x03]))).toThrow(/than the bytes/);
    // A padded varint and a long field header where a short one fits would not encode back the same.
    expect(() => decodeStruct(new Uint8Array([0x15, 0x81, 0x00, 0x00]))).toThrow(/padded varint/);
    expect(() => decodeStruct(new Uint8Array([0x05, 0x02, 0x00, 0x00]))).toThrow(/long field header/);
    expect(() => decodeStruct(new Uint8Array([0x1d, 0x00]))).toThrow(/unknown Thrift type 13/);
  });
});
