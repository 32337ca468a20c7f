import { describe, expect, it } from 'vitest';
import {
  Binary, BinaryView, Decimal, DenseUnion, Dictionary, Field, FixedSizeBinary, FixedSizeList, Float64, Int32, Int64, Int8,
  LargeBinary, LargeList, List, Map_, RecordBatch, Schema, SparseUnion, Struct, Utf8, Utf8View,
  makeData, makeVector, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';
import { ValueScanner, batchFromColumns, scanBatches, scanColumn } from '../src/internal.js';

// A resident ID with a numeric check digit (so it also fits a DECIMAL(18,0) or an Int64).
const ID = withCheck('11010519491231002');
const MOBILE = '13812345678';
const bytes = (s: string) => new TextEncoder().encode(s);

function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
  const check = '10X98765432'[sum % 11]!;
  return check === 'X' ? withCheck(String(Number(first17) + 1)) : first17 + check;
}

/** A resident ID whose check character is X. */
function withCheckX(): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (let n = 100; ; n++) {
    const first17 = `11010519491231${n}`;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
    if ('10X98765432'[sum % 11] === 'X') return `${first17}X`;
  }
}

function utf8(values: (string | null)[]): Data {
  return vectorFromArray(values, new Utf8()).data[0]!;
}

/** Rows (0-based, -1 for no row) and type names a column scan reports. */
function hitsOf(data: Data, rowBase = 0): string[] {
  const names = ['cn_id', 'cn_id15', 'cn_uscc', 'cn_mobile'];
  const out: string[] = [];
  scanColumn(data, new ValueScanner(), rowBase, { hit(row, type) { out.push(`${row}:${names[type] ?? type}`); } });
  return out;
}

/** Decimal Data from bigint values: 32-bit little-endian words, two's complement. */
function decimal(values: bigint[], scale: number, precision: number): Data {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(x & 0xffffffffn); x >>= 32n; }
  });
  return makeData({ type: new Decimal(scale, precision, 128), length: values.length, data: words });
}

function offsetsBinary(type: Binary | LargeBinary, values: string[]): Data {
  const parts = values.map(bytes);
  const data = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const offs = new Int32Array(values.length + 1);
  parts.forEach((p, i) => { data.set(p, offs[i]!); offs[i + 1] = offs[i]! + p.length; });
  const valueOffsets = type instanceof LargeBinary ? BigInt64Array.from(offs, BigInt) : offs;
  return makeData({ type, length: values.length, valueOffsets, data } as never);
}

/** Utf8View / BinaryView Data: values up to 12 bytes inline, longer ones in one variadic buffer. */
function views(type: Utf8View | BinaryView, values: string[]): Data {
  const v = new Uint8Array(values.length * 16);
  const dv = new DataView(v.buffer);
  const long: number[] = [];
  values.forEach((s, i) => {
    const b = bytes(s);
    dv.setInt32(i * 16, b.length, true);
    if (b.length <= 12) v.set(b, i * 16 + 4);
    else {
      v.set(b.subarray(0, 4), i * 16 + 4);
      dv.setInt32(i * 16 + 8, 0, true);
      dv.setInt32(i * 16 + 12, long.length, true);
      long.push(...b);
    }
  });
  return makeData({ type, length: values.length, views: v, variadicBuffers: [Uint8Array.from(long)] } as never);
}

async function* once(b: RecordBatch) {
  yield b;
}

describe('the residual scan reads every type', () => {
  it('decimals as their digits: DECIMAL(18,0) IDs, DECIMAL(11,0) mobiles, a scaled decimal, negatives', () => {
    expect(hitsOf(decimal([BigInt(ID), 5n, -7n], 0, 18))).toEqual(['0:cn_id']);
    expect(hitsOf(decimal([12n, BigInt(MOBILE)], 0, 11))).toEqual(['1:cn_mobile']);
    // 13812345678.00 stored as DECIMAL(13,2): the point is written, the digits still read as a mobile.
    expect(hitsOf(decimal([BigInt(MOBILE) * 100n], 2, 13))).toEqual(['0:cn_mobile']);
    expect(hitsOf(decimal([-123456789012n], 0, 18))).toEqual([]);
    // Sliced: the words of the slice start at its offset.
    expect(hitsOf(decimal([1n, 2n, BigInt(ID)], 0, 18).slice(1, 2), 10)).toEqual(['11:cn_id']);
  });
  it('Int64 and Float64 identifiers, also under a null slot (the IPC writer publishes the buffer)', () => {
    const ints = makeData({ type: new Int64(), length: 2, nullCount: 1, nullBitmap: Uint8Array.of(0b01), data: BigInt64Array.of(1n, BigInt(ID)) });
    expect(hitsOf(ints)).toEqual(['1:cn_id']);
    expect(hitsOf(vectorFromArray([1.5, Number(MOBILE)], new Float64()).data[0]!)).toEqual(['1:cn_mobile']);
  });
  it('Binary, LargeBinary and FixedSizeBinary bytes are scanned as text', () => {
    expect(hitsOf(offsetsBinary(new Binary(), ['x', `身份证${ID}`]))).toEqual(['1:cn_id']);
    expect(hitsOf(offsetsBinary(new LargeBinary(), [MOBILE, 'y']))).toEqual(['0:cn_mobile']);
    const fixed = makeData({ type: new FixedSizeBinary(11), length: 2, data: bytes(`00000000000${MOBILE}`) });
    expect(hitsOf(fixed)).toEqual(['1:cn_mobile']);
  });
  it('Utf8View and BinaryView: inline and buffered values', () => {
    expect(hitsOf(views(new Utf8View(), ['短', MOBILE, `证件${ID}`]))).toEqual(['1:cn_mobile', '2:cn_id']);
    expect(hitsOf(views(new BinaryView(), [ID]).slice(0, 1), 4)).toEqual(['4:cn_id']);
  });
  it('List, LargeList, FixedSizeList: hits land on the row that owns the item', () => {
    const child = utf8(['a', MOBILE, 'b', 'c', ID]);
    const list = makeData({ type: new List(new Field('item', new Utf8(), true)), length: 3, valueOffsets: Int32Array.of(0, 2, 2, 5), child } as never) as Data;
    expect(hitsOf(list)).toEqual(['0:cn_mobile', '2:cn_id']);
    expect(hitsOf(list.slice(1, 2), 7)).toEqual(['8:cn_id']);
    const large = makeData({ type: new LargeList(new Field('item', new Utf8(), true)), length: 2, valueOffsets: BigInt64Array.of(0n, 4n, 5n), child } as never) as Data;
    expect(hitsOf(large)).toEqual(['0:cn_mobile', '1:cn_id']);
    const fixed = makeData({ type: new FixedSizeList(2, new Field('item', new Utf8(), true)), length: 2, child: utf8(['a', 'b', 'c', MOBILE]) } as never) as Data;
    expect(hitsOf(fixed)).toEqual(['1:cn_mobile']);
  });
  it('Struct and Map: every child', () => {
    const type = new Struct([new Field('a', new Utf8(), true), new Field('b', new Int64(), true)]);
    const struct = makeData({ type, length: 2, children: [utf8(['x', MOBILE]), vectorFromArray([BigInt(ID), 1n], new Int64()).data[0]!] });
    expect(hitsOf(struct).sort()).toEqual(['0:cn_id', '1:cn_mobile']);
    const entries = new Struct([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]);
    const kv = makeData({ type: entries, length: 3, children: [utf8(['k1', 'k2', ID]), utf8(['v', MOBILE, 'v'])] });
    const map = makeData({ type: new Map_(new Field('entries', entries, false)), length: 2, valueOffsets: Int32Array.of(0, 1, 3), child: kv } as never) as Data;
    expect(hitsOf(map).sort()).toEqual(['1:cn_id', '1:cn_mobile']);
  });
  it('sparse and dense unions; a dense child value no row points at is still reported', () => {
    const children = [new Field('s', new Utf8(), true), new Field('n', new Int64(), true)];
    const sparse = makeData({ type: new SparseUnion([0, 1], children), length: 2, typeIds: Int8Array.of(0, 1), children: [utf8(['x', 'y']), vectorFromArray([0n, BigInt(ID)], new Int64()).data[0]!] } as never) as Data;
    expect(hitsOf(sparse)).toEqual(['1:cn_id']);
    const dense = makeData({ type: new DenseUnion([0, 1], children), length: 2, typeIds: Int8Array.of(1, 0), valueOffsets: Int32Array.of(0, 0), children: [utf8([MOBILE, 'orphan ' + ID]), vectorFromArray([0n], new Int64()).data[0]!] } as never) as Data;
    expect(hitsOf(dense).sort()).toEqual(['-1:cn_id', '1:cn_mobile']);
  });
  it('dictionary columns: every entry, referenced or not, across batches', async () => {
    const dict = makeVector(utf8(['普通', ID, MOBILE]));
    const type = new Dictionary(new Utf8(), new Int32());
    const column = (indices: number[]) => makeData({ type, length: indices.length, data: Int32Array.from(indices), dictionary: dict } as never) as Data;
    const schema = new Schema([new Field('备注', type, true)]);
    // The mobile is referenced in the second batch only: not an unreferenced entry.
    async function* two() {
      yield batchFromColumns(schema, [column([0, 0])], 2);
      yield batchFromColumns(schema, [column([2])], 1);
    }
    const r = await scanBatches(schema, two());
    expect(r.findings.map((f) => [f.column, f.type, f.count, f.rows, f.place])).toEqual([
      ['备注', 'cn_id', 1, [], 'dictionary'],
      ['备注', 'cn_mobile', 1, [3], undefined],
    ]);
  });
  it('headers and nested field names are scanned; such a column is named by its number only', async () => {
    const schema = new Schema([
      new Field('编号', new Utf8(), true),
      new Field(ID, new Utf8(), true),
      new Field('info', new Struct([new Field(`tel_${MOBILE}`, new Utf8(), true)]), true),
    ]);
    const struct = makeData({ type: schema.fields[2]!.type as Struct, length: 1, children: [utf8(['x'])] });
    const b = batchFromColumns(schema, [utf8(['1']), utf8([`联系${MOBILE}`]), struct], 1);
    const r = await scanBatches(schema, once(b));
    expect(r.clean).toBe(false);
    expect(r.findings.map((f) => [f.column, f.type, f.count, f.place])).toEqual([
      ['column #2', 'cn_id', 1, 'header'],
      ['column #2', 'cn_mobile', 1, undefined],
      ['column #3', 'cn_mobile', 1, 'header'],
    ]);
    expect(JSON.stringify(r)).not.toContain(ID);
    expect(JSON.stringify(r)).not.toContain(MOBILE);
    const off = await scanBatches(schema, once(b), { headers: false });
    expect(off.findings.map((f) => f.column)).toEqual([ID]);
  });
  it('a header that glues an identifier to letters (p13812345678, id371602…x) is still an identifier', async () => {
    // snake_case names a publisher writes by hand: the detectors' boundaries let a letter before
    // the digits pass, and the header is published in every file (a hand-written spec's leak).
    const idX = withCheckX();
    const schema = new Schema([
      new Field(`p${MOBILE}`, new Utf8(), true),
      new Field(`c${idX.toLowerCase()}`, new Utf8(), true),
      new Field(`id${ID}note`, new Utf8(), true),
      new Field('col_7', new Utf8(), true),
      new Field('v2024q3', new Utf8(), true),
    ]);
    const b = batchFromColumns(schema, [utf8(['1']), utf8(['2']), utf8(['3']), utf8(['4']), utf8(['5'])], 1);
    const r = await scanBatches(schema, once(b));
    expect(r.findings.map((f) => [f.column, f.type, f.place])).toEqual([
      ['column #1', 'cn_mobile', 'header'],
      ['column #2', 'cn_id', 'header'],
      ['column #3', 'cn_id', 'header'],
    ]);
    expect(JSON.stringify(r)).not.toContain(MOBILE);
  });
  it('key-value metadata of the schema and of a field is scanned (Arrow and Parquet publish it)', async () => {
    const schema = new Schema(
      [new Field('备注', new Utf8(), true, new Map([['comment', `经办人电话${MOBILE}`]]))],
      new Map([['source.note', `身份证${ID}`], ['tool', 'x']]),
    );
    const r = await scanBatches(schema, once(batchFromColumns(schema, [utf8(['无'])], 1)));
    expect(r.findings.map((f) => [f.column, f.type, f.count, f.place])).toEqual([
      ['(schema metadata)', 'cn_id', 1, 'metadata'],
      ['备注', 'cn_mobile', 1, 'metadata'],
    ]);
  });
  it('a type the scan cannot read fails closed, naming the column and the type', async () => {
    // A type from a newer Arrow (run-end encoded, id 22): no kernel here knows its layout.
    const ree = { typeId: 22, children: [], toString: () => 'RunEndEncoded<Int32, Utf8>' } as unknown as DataType;
    const schema = new Schema([new Field('ok', new Int8(), true), new Field('runs', ree, true)]);
    await expect(scanBatches(schema, (async function* () {})())).rejects.toThrow(/column "runs".*#2 has type RunEndEncoded<Int32, Utf8>/s);
    const nested = new Schema([new Field('l', new List(new Field('item', ree, true)), true)]);
    await expect(scanBatches(nested, (async function* () {})())).rejects.toThrow(/child > RunEndEncoded/);
  });
});
