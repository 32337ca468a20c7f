import { describe, expect, it } from 'vitest';
import {
  Bool, type Data, Dictionary, Field, Float64, Int32, Int64, LargeUtf8, RecordBatch, Schema, Utf8, vectorFromArray,
} from 'apache-arrow';
import {
  TuominError, batchFromColumns, dropColumns, findRule, gather, nullColumns, predicateSchema, suppressRows, type Transform,
} from '../src/internal.js';

const dictType = () => new Dictionary(new Utf8(), new Int32());
const schema = new Schema([
  new Field('处罚类型', new Utf8(), true),
  new Field('金额', new Float64(), true),
  new Field('件数', new Int32(), true),
  new Field('公开', new Bool(), true),
  new Field('地区', dictType(), true),
  new Field('备注', new LargeUtf8(), true),
  new Field('编号', new Int64(), true),
]);

interface Row { t: string | null; amt: number | null; n: number | null; pub: boolean | null; area: string | null; note: string | null; id: bigint | null }
const ROWS: Row[] = [
  { t: '警告', amt: 0, n: 1, pub: true, area: '滨城区', note: '无', id: 1n },
  { t: '罚款', amt: 5000.5, n: 2, pub: false, area: '沾化区', note: '已缴纳', id: 2n },
  { t: null, amt: null, n: null, pub: null, area: null, note: null, id: null },
  { t: '通报批评', amt: 0, n: 3, pub: true, area: '滨城区', note: '张三 身份证 370000', id: 4n },
  { t: '罚款', amt: 200, n: 4, pub: true, area: '惠民县', note: '', id: 5n },
];

function batchOf(rows: Row[]): RecordBatch {
  const cols = [
    vectorFromArray(rows.map((r) => r.t), new Utf8()), vectorFromArray(rows.map((r) => r.amt), new Float64()),
    vectorFromArray(rows.map((r) => r.n), new Int32()), vectorFromArray(rows.map((r) => r.pub), new Bool()),
    vectorFromArray(rows.map((r) => r.area), dictType()), vectorFromArray(rows.map((r) => r.note), new LargeUtf8()),
    vectorFromArray(rows.map((r) => r.id), new Int64()),
  ];
  return batchFromColumns(schema, cols.map((c) => c.data[0]! as Data), rows.length);
}

async function run(t: Transform, batches: RecordBatch[], s = schema) {
  const bound = t.bind(s);
  const out: RecordBatch[] = [];
  for await (const b of bound.apply((async function* () { yield* batches; })())) out.push(b);
  return { out, bound, rows: out.flatMap((b) => b.toArray().map((r) => r.toJSON() as Record<string, unknown>)) };
}

/** Every byte of the text buffers of a batch, decoded: checks suppressed values leave nothing behind. */
function allText(b: RecordBatch): string {
  const dec = new TextDecoder();
  return b.data.children.map((c) => {
    const d = c as Data;
    const own = d.values instanceof Uint8Array && d.valueOffsets ? dec.decode(d.values) : '';
    const dict = d.dictionary ? d.dictionary.data.map((x) => dec.decode(x.values as Uint8Array)).join('') : '';
    return own + dict;
  }).join('|');
}

describe('suppressRows drop', () => {
  it('drops matching rows across every column type, counts them', async () => {
    const { rows, bound, out } = await run(suppressRows({ where: { column: '处罚类型', in: ['警告', '通报批评'] } }), [batchOf(ROWS)]);
    expect(rows.map((r) => r['处罚类型'])).toEqual(['罚款', null, '罚款']);
    expect(rows.map((r) => r['金额'])).toEqual([5000.5, null, 200]);
    expect(rows.map((r) => r['件数'])).toEqual([2, null, 4]);
    expect(rows.map((r) => r['公开'])).toEqual([false, null, true]);
    expect(rows.map((r) => r['地区'])).toEqual(['沾化区', null, '惠民县']);
    expect(rows.map((r) => r['备注'])).toEqual(['已缴纳', null, '']);
    expect(rows.map((r) => r['编号'])).toEqual([2n, null, 5n]);
    expect(String(out[0]!.schema.fields[5]!.type)).toBe('LargeUtf8');
    expect(allText(out[0]!)).not.toMatch(/警告|张三|滨城区/);
    expect(bound.report()).toEqual([{ transform: 'suppress-rows', columns: schema.fields.map((f) => f.name), rowsSeen: 5, valuesChanged: 2, invalid: 0, nulls: 0, extra: { action: 'drop', rowsMatched: 2 } }]);
  });

  it('predicate language: equals, matches, isNull, numbers, booleans, all/any/not', async () => {
    const cases: [unknown, number[]][] = [
      [{ column: '处罚类型', equals: '罚款' }, [1, 4]],
      [{ column: '备注', matches: '身份证\\s*\\d+' }, [3]],
      [{ column: '处罚类型', isNull: true }, [2]],
      [{ column: '处罚类型', isNull: false }, [0, 1, 3, 4]],
      [{ column: '金额', gt: 100, lte: 5000.5 }, [1, 4]],
      [{ column: '件数', in: [1, 3] }, [0, 3]],
      [{ column: '编号', gte: 4 }, [3, 4]],
      [{ column: '公开', equals: false }, [1]],
      [{ column: '地区', equals: '滨城区' }, [0, 3]],
      [{ column: '地区', matches: '县$' }, [4]],
      [{ all: [{ column: '处罚类型', equals: '罚款' }, { column: '金额', lt: 1000 }] }, [4]],
      [{ any: [{ column: '处罚类型', equals: '警告' }, { column: '地区', equals: '惠民县' }] }, [0, 4]],
      [{ not: { column: '处罚类型', equals: '罚款' } }, [0, 2, 3]],
      [{ column: '处罚类型', equals: '不存在' }, []],
    ];
    for (const [where, dropped] of cases) {
      expect(predicateSchema.safeParse(where).success, JSON.stringify(where)).toBe(true);
      const { rows } = await run(suppressRows({ where: where as never }), [batchOf(ROWS)]);
      const kept = ROWS.map((r, i) => i).filter((i) => !dropped.includes(i));
      expect(rows.map((r) => r['编号']), JSON.stringify(where)).toEqual(kept.map((i) => ROWS[i]!.id));
    }
  });

  it('empty, sliced and multiple batches; row counts stay right', async () => {
    const full = batchOf([ROWS[4]!, ...ROWS, ROWS[0]!]);
    const sliced = full.slice(1, 6);
    const { out, rows, bound } = await run(suppressRows({ where: { column: '地区', equals: '滨城区' } }), [batchOf([]), sliced, batchOf(ROWS.slice(0, 2))]);
    expect(out.map((b) => b.numRows)).toEqual([0, 3, 1]);
    expect(rows.map((r) => r['地区'])).toEqual(['沾化区', null, '惠民县', '沾化区']);
    expect(rows.map((r) => r['公开'])).toEqual([false, null, true, false]);
    expect(bound.report()[0]!.extra).toEqual({ action: 'drop', rowsMatched: 3 });
  });

  it('a multi-chunk dictionary is compacted into one chunk', () => {
    const dict = makeDictData(['甲', '乙'], ['丙']);
    const out = gather(dict, Int32Array.from([2, 0]), null);
    // Entries kept in dictionary order (an ordered dictionary stays ordered), in one chunk.
    expect(out.dictionary!.toArray()).toEqual(['甲', '丙']);
    expect(out.dictionary!.data.length).toBe(1);
    expect([0, 1].map((i) => out.dictionary!.get(Number(out.values[i])))).toEqual(['丙', '甲']);
  });
});

function makeDictData(a: string[], b: string[]): Data {
  const base = vectorFromArray([...a, ...b], dictType()).data[0]!;
  const dict = vectorFromArray(a, new Utf8()).concat(vectorFromArray(b, new Utf8()));
  return base.clone(base.type, base.offset, base.length, base.nullCount, base.buffers as never, base.children, dict as never) as Data;
}

describe('suppressRows null', () => {
  it('nulls the chosen columns in matching rows, leaves no bytes, makes fields nullable', async () => {
    const strict = new Schema(schema.fields.map((f) => new Field(f.name, f.type, f.name !== '备注', f.metadata)));
    const b = batchFromColumns(strict, batchOf(ROWS).data.children as Data[], ROWS.length);
    const { rows, out, bound } = await run(suppressRows({ where: { column: '备注', matches: '身份证' }, action: 'null', columns: ['备注', '地区', '金额'] }), [b], strict);
    expect(out[0]!.schema.fields.find((f) => f.name === '备注')!.nullable).toBe(true);
    expect(rows.map((r) => r['备注'])).toEqual(['无', '已缴纳', null, null, '']);
    expect(rows.map((r) => r['地区'])).toEqual(['滨城区', '沾化区', null, null, '惠民县']);
    expect(rows.map((r) => r['金额'])).toEqual([0, 5000.5, null, null, 200]);
    expect(rows.map((r) => r['处罚类型'])).toEqual(ROWS.map((r) => r.t));
    expect(allText(out[0]!)).not.toContain('张三');
    expect(bound.report()[0]).toMatchObject({ valuesChanged: 3, extra: { action: 'null', rowsMatched: 1 } });
  });
});

describe('dropColumns and nullColumns', () => {
  it('dropColumns removes the columns and reports them', async () => {
    const { out, bound } = await run(dropColumns({ columns: ['备注', '编号'] }), [batchOf(ROWS), batchOf([])]);
    expect(out[0]!.schema.fields.map((f) => f.name)).toEqual(['处罚类型', '金额', '件数', '公开', '地区']);
    expect(out[0]!.numCols).toBe(5);
    expect(out[1]!.numRows).toBe(0);
    expect(bound.report()[0]).toMatchObject({ transform: 'drop', columns: ['备注', '编号'], rowsSeen: 5, valuesChanged: 10 });
  });
  it('nullColumns nulls every value of any supported type and keeps the type', async () => {
    const sliced = batchOf([ROWS[0]!, ...ROWS]).slice(1, 5);
    const { out, rows, bound } = await run(nullColumns({ columns: ['处罚类型', '金额', '公开', '地区', '备注', '编号'] }), [sliced]);
    for (const r of rows) for (const k of ['处罚类型', '金额', '公开', '地区', '备注', '编号']) expect(r[k]).toBeNull();
    expect(rows.map((r) => r['件数'])).toEqual([1, 2, null, 3]);
    expect(String(out[0]!.schema.fields[4]!.type)).toBe(String(dictType()));
    expect(allText(out[0]!).replaceAll('|', '')).toBe('');
    expect(bound.report()[0]).toMatchObject({ transform: 'null', rowsSeen: 4, valuesChanged: 6 * 3, nulls: 6 });
  });
});

describe('errors and rules', () => {
  it('unknown columns, wrong tests for a type, bad regex, columns with drop', () => {
    expect(() => dropColumns({ columns: ['备注x'] }).bind(schema)).toThrow(/did you mean "备注"/);
    expect(() => suppressRows({ where: { column: '金额', matches: 'x' } }).bind(schema)).toThrow(/does not apply to column "金额"/);
    expect(() => suppressRows({ where: { column: '处罚类型', gt: 1 } }).bind(schema)).toThrow(TuominError);
    expect(() => suppressRows({ where: { column: '公开', equals: 'yes' } }).bind(schema)).toThrow(TuominError);
    expect(() => suppressRows({ where: { column: '处罚类型', matches: '(' } })).toThrow(/regular expression/);
    expect(() => suppressRows({ where: { column: '处罚类型' } as never })).toThrow(/needs one test/);
    expect(() => suppressRows({ where: { column: '处罚类型', equals: 'x' }, columns: ['金额'] })).toThrow(/action: null/);
    const nested = new Schema([new Field('l', vectorFromArray([[1]]).type, true)]);
    expect(() => nullColumns({ columns: ['l'] }).bind(nested)).toThrow(/cannot null or filter/);
  });
  it('drop, null and suppress-rows are spec rules with valid examples', async () => {
    for (const type of ['drop', 'null', 'suppress-rows']) {
      const rule = findRule(type)!;
      expect(rule.options.safeParse(rule.example).success, type).toBe(true);
      const cols = type === 'suppress-rows' ? ['备注'] : ['编号'];
      const t = rule.create(cols, rule.example, { resolveKey: () => { throw new Error(); }, scope: {}, seed: 1 });
      const { rows } = await run(t, [batchOf(ROWS)]);
      if (type === 'drop') expect(rows[0]).not.toHaveProperty('编号');
      if (type === 'null') expect(rows.every((r) => r['编号'] === null)).toBe(true);
      if (type === 'suppress-rows') expect(rows.map((r) => r['备注'])).toEqual([null, '已缴纳', null, null, '']);
    }
    expect(findRule('null')!.options.safeParse({ extra: 1 }).success).toBe(false);
  });
});
