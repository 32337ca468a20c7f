import { describe, expect, it } from 'vitest';
import { Bool, DateDay, Dictionary, Field, Float64, Int32, LargeUtf8, List, RecordBatch, Schema, Type, Utf8, makeData, makeVector, vectorFromArray, type Data, type DataType } from 'apache-arrow';
import {
  batchFromColumns, CHANGED, columnData, dateShift, mapBatches, mapUtf8Data, mask, newCounts, roundTo, TuominError, utf8At, utf8View, when, type Transform, type Utf8Kernel,
} from '../src/internal.js';
import { day } from './generalize-helpers.js';

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

// ---- the inner rule sees the matching rows only ----

const KIND = '当事人类型';
const ID = '证件号码';
const natural = { column: KIND, equals: '自然人' };
const dictType = () => new Dictionary(new Utf8(), new Int32());

/** A two-column batch: the condition column, then the value column (plain, large or dictionary text). */
function pair(kind: (string | null)[], values: (string | null)[], vt: DataType = new Utf8(), kt: DataType = new Utf8()) {
  const schema = new Schema([new Field(KIND, kt, true), new Field(ID, vt, true)]);
  return { schema, batch: batchFromColumns(schema, [vectorFromArray(kind, kt as Utf8).data[0]!, vectorFromArray(values, vt as Utf8).data[0]!], kind.length) };
}

async function runBatches(t: Transform, schema: Schema, batches: RecordBatch[]) {
  const bound = t.bind(schema);
  const out: RecordBatch[] = [];
  for await (const b of bound.apply((async function* () { yield* batches; })())) out.push(b);
  return { out, reports: bound.report() };
}
const values = (out: RecordBatch[], i = 1) => out.flatMap((b) => col(b, i));

/** Wraps a rule and records the batches it is given (to see gathers and skips). */
function spy(inner: Transform) {
  const given: RecordBatch[] = [];
  let binds = 0;
  const t: Transform = {
    name: inner.name,
    bind(input) {
      binds++;
      const bound = inner.bind(input);
      return { ...bound, outputSchema: bound.outputSchema, apply: (bs) => bound.apply((async function* () { for await (const b of bs) { given.push(b); yield b; } })()), report: () => bound.report() };
    },
  };
  return { t, given, binds: () => binds };
}

const PERSON_A = '11010519491231002X';
const PERSON_B = '440524188001010014';
const USCC = '91371600MA3C8ULX2K'; // a company's credit code: not a resident ID

describe('when: the inner rule sees only the matching rows', () => {
  const idError = () => mask({ columns: [ID], preset: 'cn.id', onInvalid: 'error' });

  it('onInvalid: error is not raised by a row the condition excludes (法人 with a USCC)', async () => {
    const { schema, batch } = pair(['自然人', '法人', '自然人'], [PERSON_A, USCC, PERSON_B]);
    const { out, reports } = await runBatches(when(natural, idError()), schema, [batch]);
    expect(values(out)).toEqual(['110105********002X', USCC, '440524********0014']);
    expect(reports[0]).toMatchObject({ rowsSeen: 2, valuesChanged: 2, invalid: 0, nulls: 0, extra: { rowsMatched: 2, rowsNotMatched: 1 } });
  });

  it('an error from a matching row names its row in the whole input, over several batches', async () => {
    const b1 = pair(['法人', '自然人', '法人'], [USCC, PERSON_A, USCC]);
    const b2 = pair(['法人', '法人'], [USCC, USCC]); // none match
    const b3 = pair(['自然人', '自然人'], [PERSON_B, PERSON_A]); // all match
    const b4 = pair(['法人', '自然人', '法人', '自然人'], [USCC, PERSON_B, USCC, '身份证号码']);
    const err = await runBatches(when(natural, idError()), b1.schema, [b1.batch, b2.batch, b3.batch, b4.batch]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    // 3 + 2 + 2 rows before b4, whose 4th row is the bad one; the inner rule saw it as its 5th.
    expect((err as TuominError).location).toMatchObject({ column: ID, row: 11, rule: 'mask cn.id' });
    expect((err as TuominError).code).toBe('BAD_VALUE');
    expect(String(err)).toMatch(/^TuominError: row 11, column "证件号码", rule mask cn\.id: value does not fit the cn\.id format/);
    expect((err as TuominError).hint).toContain('onInvalid');
    // Its message id too, so the CLI words it in Chinese as it would without when:.
    expect((err as TuominError).text).toEqual({ id: 'mask.notFormat', params: { preset: 'cn.id' } });
    expect(String(err)).not.toContain('身份证号码');
    // In an all-match batch too (the batch goes through as it is).
    const bad3 = pair(['自然人', '自然人'], [PERSON_B, 'x']);
    const err3 = await runBatches(when(natural, idError()), b1.schema, [b1.batch, bad3.batch]).catch((e: unknown) => e) as TuominError;
    expect(err3.location.row).toBe(5);
    // And in a sliced batch: rows 2..4 of b4 are rows 1..3 of the stream.
    const err4 = await runBatches(when(natural, idError()), b1.schema, [b4.batch.slice(1, 4)]).catch((e: unknown) => e) as TuominError;
    expect(err4.location.row).toBe(3);
  });

  it('counts cover the matching rows only: rowsSeen, valuesChanged, invalid, nulls', async () => {
    const kinds = ['自然人', '法人', '自然人', '法人', '自然人', '法人', null];
    const ids = [PERSON_A, USCC, 'bad', null, null, USCC, PERSON_B];
    const { schema, batch } = pair(kinds, ids);
    const { out, reports } = await runBatches(when(natural, mask({ columns: [ID], preset: 'cn.id', onInvalid: 'keep' })), schema, [batch, batch.slice(2, 3)]);
    expect(values(out)).toEqual(['110105********002X', USCC, 'bad', null, null, USCC, PERSON_B, 'bad']);
    // matching: rows 1, 3, 5 of the first batch and the one row of the second.
    expect(reports[0]).toMatchObject({ rowsSeen: 4, valuesChanged: 1, invalid: 2, nulls: 1, extra: { when: natural, rowsMatched: 4, rowsNotMatched: 4 } });
  });

  it('a batch where every row matches goes through as it is; none matching skips the rule', async () => {
    const s = spy(starAll);
    const { schema, batch } = pair(['自然人', '自然人'], ['张三', '李四']);
    const none = pair(['法人', null], ['某公司', '某某']).batch;
    const empty = batch.slice(0, 0);
    const t = when(natural, s.t);
    const { out, reports } = await runBatches(t, schema, [batch, none, empty]);
    expect(s.binds()).toBe(1);
    expect(s.given).toHaveLength(1);
    expect(s.given[0]).toBe(batch);
    expect(values(out)).toEqual(['*', '*', '某公司', '某某']);
    expect(out.map((b) => b.numRows)).toEqual([2, 2, 0]);
    expect(reports[0]).toMatchObject({ rowsSeen: 2, valuesChanged: 2, extra: { rowsMatched: 2, rowsNotMatched: 2 } });
    // Nothing matches anywhere: the rule still binds (and refuses a bad spec) but never runs.
    const s2 = spy(starAll);
    const r2 = await runBatches(when(natural, s2.t), schema, [none]);
    expect(s2.binds()).toBe(1);
    expect(s2.given).toHaveLength(0);
    expect(values(r2.out)).toEqual(['某公司', '某某']);
    expect(r2.reports[0]).toMatchObject({ rowsSeen: 0, valuesChanged: 0, extra: { rowsMatched: 0, rowsNotMatched: 2 } });
    expect(() => when(natural, mask({ columns: ['nope'], preset: 'cn.id' })).bind(schema)).toThrow(/nope/);
  });

  it('skipped batches carry the output schema (a rule that may null a column makes it nullable)', async () => {
    const schema = new Schema([new Field(KIND, new Utf8(), false), new Field(ID, new Utf8(), false)]);
    const mk = (k: string[], v: string[]) => batchFromColumns(schema, [vectorFromArray(k, new Utf8()).data[0]!, vectorFromArray(v, new Utf8()).data[0]!], k.length);
    const bound = when(natural, mask({ columns: [ID], preset: 'cn.name', onInvalid: 'null' })).bind(schema);
    expect(bound.outputSchema.fields[1]!.nullable).toBe(true);
    const out: RecordBatch[] = [];
    for await (const b of bound.apply((async function* () { yield mk(['法人'], ['某公司']); yield mk(['自然人', '法人'], ['Bob', 'x']); yield mk(['自然人'], ['张三']); })())) out.push(b);
    for (const b of out) expect(b.schema.fields[1]!.nullable).toBe(true);
    expect(values(out)).toEqual(['某公司', null, 'x', '张*']);
  });

  it('a partly matching batch gives the rule a batch of the matching rows only', async () => {
    const s = spy(starAll);
    const { schema, batch } = pair(['法人', '自然人', '法人', '自然人'], ['某公司', '张三', '某某有限公司', '李四']);
    await runBatches(when(natural, s.t), schema, [batch]);
    expect(s.given).toHaveLength(1);
    expect(col(s.given[0]!, 0)).toEqual(['自然人', '自然人']);
    expect(col(s.given[0]!, 1)).toEqual(['张三', '李四']);
  });

  it('nulls in the condition column never match, also for notEquals and notIn; dictionary entries too', async () => {
    const kinds = ['自然人', null, '法人', null];
    const ids = ['张三', '李四', '某公司', '王五'];
    for (const kt of [new Utf8(), dictType()]) {
      const { schema, batch } = pair(kinds, ids, new Utf8(), kt);
      expect(values((await runBatches(when({ column: KIND, notEquals: '法人' }, starAll), schema, [batch])).out)).toEqual(['*', '李四', '某公司', '王五']);
      expect(values((await runBatches(when({ column: KIND, notIn: ['法人', '其他组织'] }, starAll), schema, [batch])).out)).toEqual(['*', '李四', '某公司', '王五']);
      expect(values((await runBatches(when(natural, starAll), schema, [batch.slice(1, 3)])).out)).toEqual(['李四', '某公司']);
    }
    // A null entry in the condition's dictionary (not just a null index).
    const dict = vectorFromArray(['自然人', null, '法人'], new Utf8()).data[0]!;
    const kind = makeData({ type: dictType(), length: 3, nullCount: 0, data: new Int32Array([1, 0, 2]), dictionary: makeVector(dict) } as never) as Data;
    const schema = new Schema([new Field(KIND, dictType(), true), new Field(ID, new Utf8(), true)]);
    const batch = batchFromColumns(schema, [kind, vectorFromArray(['a', 'b', 'c'], new Utf8()).data[0]!], 3);
    expect(values((await runBatches(when({ column: KIND, notEquals: '法人' }, starAll), schema, [batch])).out)).toEqual(['a', '*', 'c']);
  });

  it('nulls in the value column: kept where the condition excludes the row, counted where it matches', async () => {
    const { schema, batch } = pair(['自然人', '法人', '自然人', '法人'], [null, null, '张三', '某公司']);
    const { out, reports } = await runBatches(when(natural, mask({ columns: [ID], preset: 'cn.name', onInvalid: 'null' })), schema, [batch]);
    expect(values(out)).toEqual([null, null, '张*', '某公司']);
    expect(out[0]!.data.children[1]!.nullCount).toBe(2);
    expect(reports[0]).toMatchObject({ rowsSeen: 2, nulls: 1, valuesChanged: 1 });
    // A value the rule makes null (onInvalid: null) in a matching row becomes null in place.
    const b2 = pair(['法人', '自然人', '法人'], ['ABC公司', 'Bob', 'XYZ']).batch;
    const r2 = await runBatches(when(natural, mask({ columns: [ID], preset: 'cn.name', onInvalid: 'null' })), schema, [b2]);
    expect(values(r2.out)).toEqual(['ABC公司', null, 'XYZ']);
    expect(r2.reports[0]).toMatchObject({ rowsSeen: 1, invalid: 1 });
  });

  it('sliced and multi-batch input, Chinese text, plain and LargeUtf8 columns', async () => {
    const kinds = ['法人', '自然人', '自然人', '法人', '自然人', '法人'];
    const names = ['滨州市某某有限公司', '欧阳娜娜', '张三', '山东某某集团', '司马光', '个体户'];
    for (const vt of [new Utf8(), new LargeUtf8()]) {
      const { schema, batch } = pair(kinds, names, vt);
      const t = when(natural, mask({ columns: [ID], preset: 'cn.name' }));
      const { out, reports } = await runBatches(t, schema, [batch.slice(1, 4), batch.slice(4), batch.slice(0, 1), batch]);
      expect(values(out)).toEqual([
        '欧阳**', '张*', '山东某某集团',
        '司马*', '个体户',
        '滨州市某某有限公司',
        '滨州市某某有限公司', '欧阳**', '张*', '山东某某集团', '司马*', '个体户',
      ]);
      expect(out[0]!.data.children[1]!.typeId).toBe(vt.typeId);
      expect(reports[0]).toMatchObject({ rowsSeen: 6, valuesChanged: 6, extra: { rowsMatched: 6, rowsNotMatched: 6 } });
    }
  });

  it('dictionary columns: values, condition, sliced, and a dictionary in two chunks', async () => {
    const kinds = ['自然人', '法人', '自然人', '法人', null];
    const names = ['张三', '张三', '李四', null, '王五'];
    for (const kt of [new Utf8(), dictType()]) {
      const { schema, batch } = pair(kinds, names, dictType(), kt);
      const t = when(natural, mask({ columns: [ID], preset: 'cn.name' }));
      const { out, reports } = await runBatches(t, schema, [batch, batch.slice(1, 3), batch.slice(2, 2)]);
      expect(values(out)).toEqual(['张*', '张三', '李*', null, '王五', '张三', '李*']);
      expect(out[0]!.data.children[1]!.typeId).toBe(Type.Dictionary);
      expect(reports[0]).toMatchObject({ rowsSeen: 3, valuesChanged: 3, nulls: 0 });
    }
    // Dictionaries whose entries come in two chunks (a delta), for the condition and the values.
    const chunked = (a: string[], b: string[], idx: number[]) => makeData({
      type: dictType(), length: idx.length, nullCount: 0, data: new Int32Array(idx),
      dictionary: makeVector([vectorFromArray(a, new Utf8()).data[0]!, vectorFromArray(b, new Utf8()).data[0]!]),
    } as never) as Data;
    const schema = new Schema([new Field(KIND, dictType(), true), new Field(ID, dictType(), true)]);
    const batch = batchFromColumns(schema, [chunked(['法人'], ['自然人'], [1, 0, 1, 0]), chunked(['张三', '某公司'], ['李四'], [0, 1, 2, 1])], 4);
    const { out } = await runBatches(when(natural, mask({ columns: [ID], preset: 'cn.name' })), schema, [batch, batch.slice(1, 3)]);
    expect(values(out)).toEqual(['张*', '某公司', '李*', '某公司', '某公司', '李*']);
  });

  it('date-shift per entity under when: matching rows move like without when, the others stay', async () => {
    const who = ['甲', '乙', '甲', '乙'];
    const kinds = ['自然人', '法人', '自然人', '自然人'];
    const d = [day('2024-01-01'), day('2024-02-01'), day('2024-03-01'), day('2024-04-01')];
    const schema = new Schema([new Field(KIND, new Utf8(), true), new Field('who', new Utf8(), true), new Field('d', new DateDay(), true)]);
    const batch = batchFromColumns(schema, [
      vectorFromArray(kinds, new Utf8()).data[0]!, vectorFromArray(who, new Utf8()).data[0]!,
      makeData({ type: new DateDay(), length: 4, nullCount: 0, data: new Int32Array(d) }),
    ], 4);
    const key = { id: 'k1', bytes: new Uint8Array(32).fill(3) };
    const shift = () => dateShift({ columns: ['d'], entityColumn: 'who', maxDays: 30, key });
    const days = (out: RecordBatch[]) => out.flatMap((b) => Array.from(b.data.children[2]!.values as Int32Array));
    const plain = days((await runBatches(shift(), schema, [batch])).out);
    const { out, reports } = await runBatches(when(natural, shift()), schema, [batch.slice(0, 2), batch.slice(2)]);
    expect(days(out)).toEqual([plain[0], d[1], plain[2], plain[3]]);
    expect(plain[0]! - d[0]!).toBe(plain[2]! - d[2]!);
    expect(reports[0]).toMatchObject({ rowsSeen: 3, valuesChanged: 3 });
  });

  it('columns the rule does not read are not taken: a list column passes through, and reading one is refused', async () => {
    const listType = new List(new Field('item', new Int32(), true));
    const schema = new Schema([new Field(KIND, new Utf8(), true), new Field(ID, new Utf8(), true), new Field('tags', listType, true)]);
    const batch = batchFromColumns(schema, [
      vectorFromArray(['法人', '自然人', '法人'], new Utf8()).data[0]!, vectorFromArray(['某公司', '张三', '某某'], new Utf8()).data[0]!,
      vectorFromArray([[1], [2, 3], []], listType).data[0]!,
    ], 3);
    const { out } = await runBatches(when(natural, mask({ columns: [ID], preset: 'cn.name' })), schema, [batch]);
    expect(values(out)).toEqual(['某公司', '张*', '某某']);
    expect(out[0]!.data.children[2]).toBe(batch.data.children[2]);
    expect(out[0]!.data.children[0]).toBe(batch.data.children[0]);
    const readsTags: Transform = { name: 'reads-tags', bind: (input) => mapBatches(input, (b) => { void columnData(b, 2).values; return b; }, () => []) };
    await expect(runBatches(when(natural, readsTags), schema, [batch])).rejects.toThrow(/rule reads-tags reads column "tags" of type List<Int32>, which when: cannot take rows from/);
  });

  it('numeric and boolean columns: matching rows take the rule\'s values and nulls, the others keep theirs', async () => {
    const schema = new Schema([new Field(KIND, new Utf8(), true), new Field('fine', new Float64(), true), new Field('flag', new Bool(), true)]);
    const batch = batchFromColumns(schema, [
      vectorFromArray(['自然人', '法人', '自然人', '法人', '自然人'], new Utf8()).data[0]!,
      vectorFromArray([1234, 1234, null, null, 5678], new Float64()).data[0]!,
      vectorFromArray([true, true, false, null, true], new Bool()).data[0]!,
    ], 5);
    // A test rule: flips the flag, and nulls it where the fine is null.
    const flip: Transform = {
      name: 'flip',
      bind: (input) => mapBatches(input, (b) => {
        const f = columnData(b, 1), g = columnData(b, 2);
        const flags = Array.from({ length: b.numRows }, (_, i) => (f.getValid(i) ? !makeVector(g).get(i) : null));
        return batchFromColumns(input, [columnData(b, 0), f, vectorFromArray(flags, new Bool()).data[0]!], b.numRows);
      }, () => []),
    };
    const got = async (t: Transform, bs: RecordBatch[]) => (await runBatches(t, schema, bs)).out.flatMap((b) => b.toArray().map((r) => [r.fine, r.flag]));
    expect(await got(when(natural, roundTo({ columns: ['fine'], base: 100 })), [batch, batch.slice(1, 4)])).toEqual([
      [1200, true], [1234, true], [null, false], [null, null], [5700, true],
      [1234, true], [null, false], [null, null],
    ]);
    expect(await got(when(natural, flip), [batch.slice(1)])).toEqual([[1234, true], [null, null], [null, null], [5678, false]]);
  });

  it('refuses a rule that changes a column between dictionary and plain text at run time', async () => {
    const toPlain: Transform = {
      name: 'to-plain',
      bind: (input) => mapBatches(input, (b) => batchFromColumns(input, [b.data.children[0]!, vectorFromArray(['x', 'y'].slice(0, b.numRows), new Utf8()).data[0]!], b.numRows), () => []),
    };
    const { schema, batch } = pair(['自然人', '法人', '自然人'], ['a', 'b', 'c'], dictType());
    await expect(runBatches(when(natural, toPlain), schema, [batch])).rejects.toThrow(/between dictionary and plain text/);
  });
});
