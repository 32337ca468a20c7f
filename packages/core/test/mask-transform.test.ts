import { describe, expect, it } from 'vitest';
import {
  type Data, Dictionary, Field, Int32, LargeUtf8, RecordBatch, Schema, Utf8, makeVector, vectorFromArray,
} from 'apache-arrow';
import {
  TuominError, batchFromColumns, buildMaskKernel, findRule, mask, maskData, maskOptions, maskRuleOptions, newCounts,
  type MaskRuleOptions, type Transform,
} from '../src/internal.js';

const fatal = new TextDecoder('utf-8', { fatal: true });

function decodeData(d: Data): (string | null)[] {
  if (d.dictionary) {
    const dict = d.dictionary.data.flatMap((c) => decodeData(c));
    const idx = d.values as ArrayLike<number>;
    return Array.from({ length: d.length }, (_, i) => (d.getValid(i) ? dict[idx[i]!]! : null));
  }
  const offs = d.valueOffsets as Int32Array | BigInt64Array;
  return Array.from({ length: d.length }, (_, i) => {
    if (!d.getValid(i)) return null;
    return fatal.decode((d.values as Uint8Array).subarray(Number(offs[i]!), Number(offs[i + 1]!)));
  });
}

async function runTransform(t: Transform, schema: Schema, batches: RecordBatch[]) {
  const bound = t.bind(schema);
  const out: RecordBatch[] = [];
  async function* src() { yield* batches; }
  for await (const b of bound.apply(src())) out.push(b);
  return { out, bound };
}

const col = (b: RecordBatch, i = 0) => decodeData(b.data.children[i]! as Data);
const strSchema = (type: Utf8 | LargeUtf8 | Dictionary = new Utf8()) => new Schema([new Field('身份证号', type, true), new Field('n', new Int32(), true)]);
function batchOf(values: (string | null)[], type: Utf8 | LargeUtf8 | Dictionary = new Utf8()): RecordBatch {
  const s = strSchema(type);
  return batchFromColumns(s, [vectorFromArray(values, type as Utf8).data[0]!, vectorFromArray(values.map((_, i) => i), new Int32()).data[0]!], values.length);
}

const IDS = ['11010519491231002X', null, '440524188001010014', 'bad', '', '身份证号码'];
const MASKED = ['110105********002X', null, '440524********0014', '***', '', '*****'];

describe('mask() transform', () => {
  it('masks, keeps the other columns, reports counts and no values', async () => {
    const { out, bound } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id' }), strSchema(), [batchOf(IDS)]);
    expect(col(out[0]!)).toEqual(MASKED);
    expect(Array.from(out[0]!.getChildAt(1)!.toArray())).toEqual([0, 1, 2, 3, 4, 5]);
    const rep = bound.report();
    expect(rep).toEqual([{ transform: 'mask', columns: ['身份证号'], rowsSeen: 6, nulls: 1, valuesChanged: 4, invalid: 2, extra: { preset: 'cn.id', onInvalid: 'mask-all' } }]);
    expect(JSON.stringify(rep)).not.toContain('1101');
  });

  it('empty batches and multiple batches (multi-chunk stream)', async () => {
    const { out, bound } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id' }), strSchema(), [batchOf([]), batchOf(IDS.slice(0, 3)), batchOf([]), batchOf(IDS.slice(3))]);
    expect(out.map((b) => b.numRows)).toEqual([0, 3, 0, 3]);
    expect(out.flatMap((b) => col(b))).toEqual(MASKED);
    expect(bound.report()[0]!.rowsSeen).toBe(6);
  });

  it('sliced columns (Data.slice) respect value offsets and validity bits', async () => {
    const full = batchOf(['x', ...IDS, 'y']);
    const sliced = full.slice(1, 7);
    const { out } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id' }), strSchema(), [sliced]);
    expect(col(out[0]!)).toEqual(MASKED);
    // A sliced chunk straight into the kernel, both paths (in place and writing).
    const data = vectorFromArray(['x', ...IDS, 'y'], new Utf8()).data[0]!.slice(1, 6);
    for (const maskByte of [42, -1]) {
      const out2 = maskData(data, { kernel: buildMaskKernel({ preset: 'cn.id' }), onInvalid: 'mask-all', mask: new Uint8Array([42]), maskByte, counts: newCounts(), raise: () => { throw new Error(); } });
      expect(decodeData(out2)).toEqual(MASKED);
    }
  });

  it('LargeUtf8 stays LargeUtf8', async () => {
    const { out } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id' }), strSchema(new LargeUtf8()), [batchOf(IDS, new LargeUtf8())]);
    expect(String(out[0]!.schema.fields[0]!.type)).toBe('LargeUtf8');
    expect(col(out[0]!)).toEqual(MASKED);
  });

  it('dictionary columns: the dictionary is masked once, counts are per row', async () => {
    const type = new Dictionary(new Utf8(), new Int32());
    const values = ['张三', '李四', '张三', null, '张三', 'Bob'];
    const { out, bound } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.name' }), strSchema(type), [batchOf(values, type)]);
    const d = out[0]!.data.children[0]! as Data;
    expect(d.dictionary!.length).toBe(3);
    expect(col(out[0]!)).toEqual(['张*', '李*', '张*', null, '张*', '***']);
    expect(bound.report()[0]).toMatchObject({ rowsSeen: 6, nulls: 1, valuesChanged: 5, invalid: 1 });
  });

  it('dictionary + onInvalid null nulls the rows; error names the first row using the entry', async () => {
    const type = new Dictionary(new Utf8(), new Int32());
    const values = ['张三', 'Bob', null, 'Bob'];
    const { out, bound } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.name', onInvalid: 'null' }), strSchema(type), [batchOf(values, type)]);
    expect(col(out[0]!)).toEqual(['张*', null, null, null]);
    expect(out[0]!.data.children[0]!.nullCount).toBe(3);
    expect(bound.report()[0]).toMatchObject({ valuesChanged: 3, invalid: 2, nulls: 1 });
    const err = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.name', onInvalid: 'error' }), strSchema(type), [batchOf(['张三'], type), batchOf(values, type)]).catch((e) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect(err.location).toMatchObject({ column: '身份证号', row: 3, rule: 'mask cn.name' });
    expect(err.message).not.toContain('Bob');
  });

  it('onInvalid keep / null / error on plain columns', async () => {
    const keep = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id', onInvalid: 'keep' }), strSchema(), [batchOf(IDS)]);
    expect(col(keep.out[0]!)).toEqual(['110105********002X', null, '440524********0014', 'bad', '', '身份证号码']);
    expect(keep.bound.report()[0]).toMatchObject({ valuesChanged: 2, invalid: 2 });
    const nul = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id', onInvalid: 'null' }), strSchema(), [batchOf(IDS)]);
    expect(col(nul.out[0]!)).toEqual(['110105********002X', null, '440524********0014', null, '', null]);
    expect(nul.out[0]!.data.children[0]!.nullCount).toBe(3);
    // No raw value remains in the buffer under the new nulls.
    expect(fatal.decode(nul.out[0]!.data.children[0]!.values as Uint8Array)).not.toContain('bad');
    const err = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id', onInvalid: 'error' }), strSchema(), [batchOf(IDS.slice(0, 2)), batchOf(IDS.slice(2))]).catch((e) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect(err.code).toBe('BAD_VALUE');
    expect(err.location).toMatchObject({ column: '身份证号', row: 4, rule: 'mask cn.id' });
    expect(err.message).not.toContain('bad');
  });

  it('error row numbers are the same on the in-place and writing paths', async () => {
    const err = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.id', onInvalid: 'error', maskChar: '＊' }), strSchema(), [batchOf(IDS.slice(0, 2)), batchOf(IDS.slice(2))]).catch((e) => e);
    expect(err.location.row).toBe(4);
  });

  it('non-ASCII invalid values fall back from the in-place path without double counting', async () => {
    const { out, bound } = await runTransform(mask({ columns: ['身份证号'], preset: 'cn.mobile' }), strSchema(), [batchOf(['13812345678', '电话', null, '+86 13812345678'])]);
    expect(col(out[0]!)).toEqual(['138****5678', '**', null, '+86 138****5678']);
    expect(bound.report()[0]).toMatchObject({ rowsSeen: 4, nulls: 1, valuesChanged: 3, invalid: 1 });
  });

  it('in-place and writing paths agree for every preset that has both', () => {
    const samples: Record<string, string[]> = {
      'cn.id': ['11010519491231002X', '1101', '中文身份证号码', ''],
      'cn.mobile': ['13812345678', '+86 138-1234-5678', '0086 13812345678', '1', '电话号码'],
      'cn.bankcard': ['6222 0212 3456 7890', '62220212345678', '6222'],
      'cn.landline': ['0543-1234579', '(010)12345678', '12'],
    };
    for (const [preset, vals] of Object.entries(samples)) {
      const data = vectorFromArray(vals, new Utf8()).data[0]!;
      const results = [42, -1].map((maskByte) => {
        const counts = newCounts();
        const out = maskData(data, { kernel: buildMaskKernel({ preset } as MaskRuleOptions), onInvalid: 'mask-all', mask: new Uint8Array([42]), maskByte, counts, raise: () => { throw new Error(); } });
        return { v: decodeData(out), counts };
      });
      expect(results[0], preset).toEqual(results[1]);
    }
  });

  it('multi-chunk vectors via makeVector keep their chunks', () => {
    const v = makeVector([vectorFromArray(['13812345678'], new Utf8()).data[0]!, vectorFromArray(['13912345678', null], new Utf8()).data[0]!]);
    const counts = newCounts();
    const cx = { kernel: buildMaskKernel({ preset: 'cn.mobile' }), onInvalid: 'mask-all' as const, mask: new Uint8Array([42]), maskByte: 42, counts, raise: (): never => { throw new Error(); } };
    const outs = v.data.map((d) => maskData(d, cx));
    expect(outs.map(decodeData)).toEqual([['138****5678'], ['139****5678', null]]);
    expect(counts).toEqual({ rowsSeen: 3, nulls: 1, valuesChanged: 2, invalid: 0 });
  });
});

describe('bind() and options validation', () => {
  it('unknown column lists the columns and suggests the closest', () => {
    const e = (() => { try { mask({ columns: ['身份证'], preset: 'cn.id' }).bind(strSchema()); } catch (x) { return x; } })() as TuominError;
    expect(e).toBeInstanceOf(TuominError);
    expect(e.message).toContain('did you mean "身份证号"');
    expect(e.message).toContain('available: 身份证号, n');
    expect(e.location.column).toBe('身份证');
  });
  it('non-string column is refused', () => {
    expect(() => mask({ columns: ['n'] }).bind(strSchema())).toThrow(/Int32.*text columns/);
  });
  it('bad options are a TuominError naming the option', () => {
    const e = (() => { try { mask({ columns: ['x'], preset: 'cn.name', keepFirst: 2 }); } catch (x) { return x; } })() as TuominError;
    expect(e.code).toBe('BAD_SPEC');
    expect(e.location.path).toBe('keepFirst');
    expect(() => mask({ columns: [] })).toThrow(TuominError);
  });
  it('onInvalid null makes the output field nullable', () => {
    const s = new Schema([new Field('a', new Utf8(), false)]);
    expect(mask({ columns: ['a'], preset: 'cn.id', onInvalid: 'null' }).bind(s).outputSchema.fields[0]!.nullable).toBe(true);
    expect(mask({ columns: ['a'], preset: 'cn.id' }).bind(s).outputSchema.fields[0]!.nullable).toBe(false);
  });
  it('the spec rule is registered and its example is valid', () => {
    const rule = findRule('mask')!;
    expect(rule.options).toBe(maskRuleOptions);
    expect(rule.options.safeParse(rule.example).success).toBe(true);
    const t = rule.create(['身份证号'], rule.example, { resolveKey: () => { throw new Error(); }, scope: {}, seed: 1 });
    expect(t.bind(strSchema()).outputSchema.fields.length).toBe(2);
    expect(maskOptions.safeParse({ columns: ['a'], ...rule.example }).success).toBe(true);
  });
});

describe('every preset gives the same result on every column layout', () => {
  const SAMPLES: Record<string, (string | null)[]> = {
    'cn.id': ['11010519491231002X', null, '1101', '身份证', '', '440524188001010014'],
    'cn.mobile': ['13812345678', null, '+86 139-1234-5678', '电话', '1', ''],
    'cn.name': ['张三', null, '欧阳娜娜', '阿卜杜拉·买买提', 'Bob', '张'],
    'cn.bankcard': ['6222 0212 3456 7890', null, '622202123456789', '卡', '12'],
    email: ['dave@x.cn', null, '张伟@例子.中国', 'bad', 'a@b'],
    'cn.plate': ['苏D40000', null, '陕A1234AD', '车牌', 'X'],
    'cn.address': ['山东省滨州市滨城区黄河五路', null, '北京市海淀区中关村', '某地', '上海浦东新区张江'],
    'cn.landline': ['0543-1234579', null, '(010)12345678', '座机', '0'],
    ipv4: ['192.168.1.1', null, '10.0.0.1', '地址', '1.2.3'],
  };
  const layouts = {
    plain: (v: (string | null)[]) => [vectorFromArray(v, new Utf8()).data[0]!],
    sliced: (v: (string | null)[]) => [vectorFromArray(['前', ...v, '后'], new Utf8()).data[0]!.slice(1, v.length)],
    large: (v: (string | null)[]) => [vectorFromArray(v, new LargeUtf8()).data[0]!],
    dictionary: (v: (string | null)[]) => [vectorFromArray([...v, ...v], new Dictionary(new Utf8(), new Int32())).data[0]!.slice(v.length, v.length)],
    twoChunks: (v: (string | null)[]) => [vectorFromArray(v.slice(0, 2), new Utf8()).data[0]!, vectorFromArray([], new Utf8()).data[0]!, vectorFromArray(v.slice(2), new Utf8()).data[0]!],
  };
  for (const [preset, values] of Object.entries(SAMPLES)) {
    it(preset, () => {
      let expected: unknown;
      for (const [name, make] of Object.entries(layouts)) {
        const counts = newCounts();
        const cx = { kernel: buildMaskKernel({ preset } as MaskRuleOptions), onInvalid: 'mask-all' as const, mask: new Uint8Array([42]), maskByte: 42, counts, raise: (): never => { throw new Error(); } };
        const got = make(values).flatMap((d) => decodeData(maskData(d, cx)));
        const result = { got, counts };
        if (expected === undefined) {
          expected = result;
          expect(got.filter((x) => x !== null).every((x) => !values.includes(x) || x === '')).toBe(true);
        } else expect(result, `${preset} ${name}`).toEqual(expected);
      }
    });
  }
});
