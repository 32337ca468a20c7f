import { describe, expect, it } from 'vitest';
import {
  Dictionary, Field, Int32, Int64, RecordBatch, Schema, Utf8, makeData, makeVector, vectorFromArray, type Data,
} from 'apache-arrow';
import { ValueScanner, batchFromColumns, makeUtf8Data, scanBatches, scanColumn, utf8View } from '../src/internal.js';

const ID = '11010519491231002X';
const MOBILE = '13812345678';

function utf8(values: (string | null)[]): Data {
  return vectorFromArray(values, new Utf8()).data[0]!;
}

function large(values: (string | null)[]): Data {
  const v = utf8View(utf8(values));
  return makeUtf8Data(v.length, v.offsets, v.values, v.validity, v.nulls, true);
}

/** Rows (0-based) and types a column scan reports. */
function hitsOf(data: Data, rowBase = 0): string[] {
  const out: string[] = [];
  const scanner = new ValueScanner();
  scanColumn(data, scanner, rowBase, { hit(row, type) { out.push(`${row}:${type}`); } });
  return out;
}

async function* gen(batches: RecordBatch[]) {
  yield* batches;
}

describe('scanColumn', () => {
  const values = ['无', null, `身份证${ID}`, '', `电话${MOBILE}，当事人李四`, null];
  it('skips nulls and reports rows of Utf8 and LargeUtf8 alike', () => {
    expect(hitsOf(utf8(values))).toEqual(['2:0', '4:3', '4:14']);
    expect(hitsOf(large(values))).toEqual(['2:0', '4:3', '4:14']);
  });
  it('respects slice offsets of validity and value offsets', () => {
    const sliced = utf8(values).slice(2, 3);
    expect(hitsOf(sliced, 100)).toEqual(['100:0', '102:3', '102:14']);
    expect(hitsOf(utf8(values).slice(1, 1))).toEqual([]);
  });
  it('dictionary columns: each entry scanned once, hits mapped through indices and nulls', () => {
    const dict = vectorFromArray(['普通', `手机${MOBILE}`, ID], new Utf8());
    const indices = new Int32Array([0, 1, 1, 2, 0, 2]);
    const validity = new Uint8Array([0b111011]); // row 2 is null
    const type = new Dictionary(new Utf8(), new Int32());
    const data = makeData({ type, length: 6, nullCount: 1, nullBitmap: validity, data: indices, dictionary: makeVector(dict) } as never) as Data;
    expect(hitsOf(data)).toEqual(['1:3', '3:0', '5:0']);
    // Entry 1 (the mobile) is referenced by no row of the slice, but is published with the
    // dictionary all the same: reported with no row (-1).
    expect(hitsOf(data.slice(3, 3), 10)).toEqual(['10:0', '12:0', '-1:3']);
  });
  it('numeric columns: identifiers stored as numbers are found', () => {
    const ints = vectorFromArray([BigInt(MOBILE), 42n, null, 4111111111111111n], new Int64()).data[0]!;
    expect(hitsOf(ints)).toEqual(['0:3', '3:5']);
  });
  it('empty chunks', () => {
    expect(hitsOf(utf8([]))).toEqual([]);
  });
});

describe('scanBatches', () => {
  const schema = new Schema([new Field('姓名', new Utf8(), true), new Field('处罚事由', new Utf8(), true), new Field('n', new Int32(), true)]);
  function batch(names: (string | null)[], reasons: (string | null)[]): RecordBatch {
    const n = vectorFromArray(names.map((_, i) => i), new Int32()).data[0]!;
    return batchFromColumns(schema, [utf8(names), utf8(reasons), n], names.length);
  }
  it('aggregates per (column, type) over multi-chunk input with 1-based rows', async () => {
    const b1 = batch(['张三', null, '某公司'], ['超速', `当事人身份证${ID}`, null]);
    const empty = batch([], []);
    const b2 = batch(['李四', '欧阳娜娜'], [`联系${MOBILE}，另一号码13912345678`, '无']);
    const r = await scanBatches(schema, gen([b1, empty, b2]));
    expect(r.rows).toBe(5);
    expect(r.clean).toBe(false);
    const brief = r.findings.map((f) => [f.column, f.type, f.count, f.rows]);
    expect(brief).toEqual([
      ['姓名', 'person_name', 3, [1, 4, 5]],
      ['处罚事由', 'cn_id', 1, [2]],
      ['处罚事由', 'cn_mobile', 1, [4]],
    ]);
  });
  it('caps row numbers unless allRows, filters types, reports clean data as clean', async () => {
    const many = batch(Array(150).fill('无'), Array(150).fill(`电话${MOBILE}`));
    const capped = await scanBatches(schema, gen([many]));
    expect(capped.findings[0]!.count).toBe(150);
    expect(capped.findings[0]!.rows).toHaveLength(100);
    const all = await scanBatches(schema, gen([many]), { allRows: true });
    expect(all.findings[0]!.rows).toHaveLength(150);
    const none = await scanBatches(schema, gen([many]), { types: ['cn_id'] });
    expect(none).toEqual({ clean: true, rows: 150, findings: [] });
  });
  it('a sliced record batch is scanned from its offset', async () => {
    const b = batch(['甲', '乙', '丙', '丁'], ['无', ID, '无', MOBILE]);
    const r = await scanBatches(schema, gen([b.slice(1, 4)]));
    // RecordBatch.slice(begin, end): rows 乙 丙 丁.
    expect(r.rows).toBe(3);
    expect(r.findings.map((f) => [f.type, f.rows])).toEqual([['cn_id', [1]], ['cn_mobile', [3]]]);
  });
});
