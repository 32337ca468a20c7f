import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, LargeUtf8, Schema, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { batchFromColumns, memorySource, pipeline, redact, utf8At, utf8View } from '../src/internal.js';

function run(values: (string | null)[], type: Utf8 | LargeUtf8 | Dictionary = new Utf8(), opts: Record<string, unknown> = {}, slice?: [number, number]) {
  const schema = new Schema([new Field('处罚事由', type, true)]);
  let data = vectorFromArray(values, type).data[0]! as Data;
  if (slice) data = data.slice(slice[0], slice[1]);
  const batch = batchFromColumns(schema, [data], data.length);
  const t = redact({ columns: ['处罚事由'], ...opts });
  const bound = t.bind(schema);
  return { bound, batch };
}

async function apply(values: (string | null)[], type?: Utf8 | LargeUtf8 | Dictionary, opts?: Record<string, unknown>, slice?: [number, number]) {
  const { bound, batch } = run(values, type, opts, slice);
  const out: (string | null)[] = [];
  for await (const b of bound.apply((async function* () { yield batch; })())) {
    const col = b.data.children[0]!;
    if (col.dictionary) for (let i = 0; i < b.numRows; i++) out.push(b.getChildAt(0)!.get(i));
    else {
      const v = utf8View(col);
      for (let i = 0; i < v.length; i++) out.push(utf8At(v, i));
    }
  }
  return { out, report: bound.report()[0]! };
}

const text = '当事人身份证号11010519491231002X，联系电话13812345678，经查违法。';

describe('redact', () => {
  it('masks identifiers inside Chinese text, keeping length and the rest', async () => {
    const { out, report } = await apply([text, null, '无违法事实', '']);
    expect(out[0]).toBe('当事人身份证号******************，联系电话***********，经查违法。');
    expect(out[0]!.length).toBe(text.length);
    expect(out.slice(1)).toEqual([null, '无违法事实', '']);
    expect(report.valuesChanged).toBe(1);
    expect(report.nulls).toBe(1);
    expect(report.extra!.findings).toEqual({ cn_id: 1, cn_mobile: 1 });
  });
  it('tags instead of masking, and leaves invalid look-alikes alone', async () => {
    const { out } = await apply([text, '订单号110105194912310021不是身份证'], new Utf8(), { replacement: 'tag' });
    expect(out[0]).toBe('当事人身份证号〔身份证号〕，联系电话〔手机号〕，经查违法。');
    expect(out[1]).toBe('订单号110105194912310021不是身份证');
  });
  it('sliced, LargeUtf8 and dictionary columns', async () => {
    expect((await apply(['x', text, 'y'], new Utf8(), {}, [1, 2])).out[0]).toContain('******************');
    expect((await apply([text], new LargeUtf8())).out[0]).toContain('***********');
    const d = await apply([text, text, null], new Dictionary(new Utf8(), new Int32()));
    expect(d.out[0]).toContain('******************');
    expect(d.report.valuesChanged).toBe(2);
  });
  it('only the requested types', async () => {
    const { out } = await apply([text], new Utf8(), { types: ['cn_mobile'] });
    expect(out[0]).toContain('11010519491231002X');
    expect(out[0]).not.toContain('13812345678');
  });
  it('fails at bind on unknown or non-text columns', () => {
    const schema = new Schema([new Field('a', new Int32(), true)]);
    expect(() => redact({ columns: ['b'] }).bind(schema)).toThrow(/unknown column "b"/);
    expect(() => redact({ columns: ['a'] }).bind(schema)).toThrow(/text column/);
  });
  it('works in a pipeline over empty and multiple batches', async () => {
    const schema = new Schema([new Field('s', new Utf8(), true)]);
    const mk = (v: string[]) => batchFromColumns(schema, [vectorFromArray(v, new Utf8()).data[0]!], v.length);
    const p = pipeline(memorySource(schema, [mk([]), mk([text]), mk(['ok'])]), redact({ columns: ['s'] }));
    let rows = 0;
    for await (const b of p) rows += b.numRows;
    expect(rows).toBe(2);
    expect(p.reports()[0]!.rowsSeen).toBe(2);
  });
  it('counts findings per row on dictionary columns, as on plain ones (repeated and unused entries, nulls)', async () => {
    const values = [text, text, '联系电话13900001111', null, '无', text, '联系电话13900001111'];
    const plain = await apply(values);
    const dict = await apply(values, new Dictionary(new Utf8(), new Int32()));
    expect(dict.out).toEqual(plain.out);
    expect(dict.report.extra!.findings).toEqual(plain.report.extra!.findings);
    expect((plain.report.extra!.findings as Record<string, number>).cn_mobile).toBe(5);
    expect(dict.report).toMatchObject({ rowsSeen: 7, nulls: 1, valuesChanged: plain.report.valuesChanged });
  });
  it('an ID with a wrong check digit is redacted after an identity label, and left alone without one', async () => {
    const { out } = await apply(['当事人身份证号110105194912310021，罚款', '公民身份号码：11010519491231002Y', '订单号110105194912310021']);
    expect(out[0]).toBe('当事人身份证号******************，罚款');
    expect(out[2]).toBe('订单号110105194912310021');
  });
});
