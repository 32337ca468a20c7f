import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, RecordBatch, Schema, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { batchFromColumns, CHANGED, mapBatches, mapUtf8Data, newCounts, utf8At, utf8View, when, type Transform, type Utf8Kernel } from '../src/index.js';

const star: Utf8Kernel = (_src, s, e, out) => { out.append(new Uint8Array([42]), 0, 1); void s; void e; return CHANGED; };
const starAll: Transform = {
  name: 'star',
  bind(input) {
    const counts = newCounts();
    return mapBatches(input, (b) => batchFromColumns(input, [b.data.children[0]!, mapUtf8Data(b.data.children[1]!, star, counts)], b.numRows), () => [{ transform: 'star', columns: ['v'], ...counts }]);
  },
};

function col(b: RecordBatch, i: number): (string | null)[] {
  const d = b.data.children[i]! as Data;
  if (d.dictionary) return Array.from({ length: b.numRows }, (_, k) => b.getChildAt(i)!.get(k));
  const v = utf8View(d);
  return Array.from({ length: v.length }, (_, k) => utf8At(v, k));
}

async function run(kind: (string | null)[], values: (string | null)[], dict = false, cond: Parameters<typeof when>[0] = { column: 'kind', equals: '自然人' }) {
  const vt = dict ? new Dictionary(new Utf8(), new Int32()) : new Utf8();
  const schema = new Schema([new Field('kind', new Utf8(), true), new Field('v', vt, true)]);
  const batch = batchFromColumns(schema, [vectorFromArray(kind, new Utf8()).data[0]!, vectorFromArray(values, vt).data[0]!], kind.length);
  const bound = when(cond, starAll).bind(schema);
  const out: RecordBatch[] = [];
  for await (const b of bound.apply((async function* () { yield batch; yield batch.slice(1, 2); })())) out.push(b);
  return { out, report: bound.report()[0]! };
}

describe('when: apply a rule to matching rows only', () => {
  it('text columns: non-matching rows and nulls keep their values', async () => {
    const { out, report } = await run(['自然人', '法人', null, '自然人'], ['张三', '某公司', 'x', null]);
    expect(col(out[0]!, 1)).toEqual(['*', '某公司', 'x', null]);
    expect(col(out[1]!, 1)).toEqual(['某公司']);
    expect(report.extra).toMatchObject({ rowsMatched: 2, rowsNotMatched: 3 });
  });
  it('dictionary columns merge through one concatenated dictionary', async () => {
    const { out } = await run(['自然人', '法人', '自然人'], ['张三', '某公司', '张三'], true);
    expect(col(out[0]!, 1)).toEqual(['*', '某公司', '*']);
  });
  it('notIn and in', async () => {
    expect(col((await run(['a', 'b', 'c'], ['1', '2', '3'], false, { column: 'kind', notIn: ['a', 'b'] })).out[0]!, 1)).toEqual(['1', '2', '*']);
    expect(col((await run(['a', 'b', 'c'], ['1', '2', '3'], false, { column: 'kind', in: ['a', 'c'] })).out[0]!, 1)).toEqual(['*', '2', '*']);
  });
  it('rejects an unknown condition column at bind time', () => {
    const schema = new Schema([new Field('v', new Utf8(), true)]);
    expect(() => when({ column: 'nope', equals: 'x' }, starAll).bind(schema)).toThrow(/unknown condition column "nope"/);
  });
});
