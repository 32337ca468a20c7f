import { describe, expect, it } from 'vitest';
import { Dictionary, Field, Int32, LargeUtf8, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import { synthesize, synthesizeRules } from '../src/internal.js';
import { batchesOf, batchOfData, runAll } from './generalize-helpers.js';

const str = new Utf8();
const key = { id: 'k1', bytes: new Uint8Array(32).fill(7) };
const other = { id: 'k2', bytes: new Uint8Array(32).fill(8) };

describe('synthesize', () => {
  it('same input → same fake across batches and transform instances; nulls and empty strings kept', async () => {
    const values = ['张三', '李四', '张三', null, '', '王五'];
    const a = await runAll(synthesize({ columns: ['n'], kind: 'name', key }), batchesOf('n', str, [values.slice(0, 3), [], values.slice(3)]));
    const b = await runAll(synthesize({ columns: ['n'], kind: 'name', key }), batchesOf('n', str, [values]));
    expect(a.values).toEqual(b.values);
    expect(a.values[0]).toBe(a.values[2]);
    expect(a.values[0]).not.toBe('张三');
    expect(a.values[3]).toBeNull();
    expect(a.values[4]).toBe('');
    expect(a.values[0]).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(a.reports[0]).toMatchObject({ rowsSeen: 6, nulls: 1, valuesChanged: 4, invalid: 0, extra: { kind: 'name', keyId: 'k1' } });
    expect(JSON.stringify(a.reports)).not.toContain('张三');
    expect(JSON.stringify(a.reports)).not.toContain(String(a.values[0]));
  });
  it('a different key gives different fakes', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `用户${i}`);
    const a = await runAll(synthesize({ columns: ['n'], kind: 'name', key }), batchesOf('n', str, [values]));
    const b = await runAll(synthesize({ columns: ['n'], kind: 'name', key: other }), batchesOf('n', str, [values]));
    const same = a.values.filter((v, i) => v === b.values[i]).length;
    expect(same).toBeLessThan(5);
  });
  it('phones are valid mobile numbers; address and company look Chinese', async () => {
    const values = Array.from({ length: 50 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
    const p = await runAll(synthesize({ columns: ['p'], kind: 'phone', key }), batchesOf('p', str, [values]));
    for (const v of p.values) expect(v).toMatch(/^1(?:3\d|4[5-79]|5[0-35-9]|6[5-7]|7[0-8]|8\d|9[0125-9])\d{8}$/);
    const ad = await runAll(synthesize({ columns: ['a'], kind: 'address', key }), batchesOf('a', new LargeUtf8(), [['山东省滨州市滨城区黄河五路1号']]));
    expect(String(ad.schema.fields[0]!.type)).toBe('LargeUtf8');
    expect(ad.values[0]).toMatch(/[省市区]/);
    const co = await runAll(synthesize({ columns: ['c'], kind: 'company', key }), batchesOf('c', str, [['某某有限公司', 'x']]));
    expect(co.values[0]).toMatch(/公司|集团/);
  });
  it('dictionary columns fake each entry once; sliced columns; multi-byte and odd input', async () => {
    const d = await runAll(synthesize({ columns: ['n'], kind: 'name', key }),
      batchesOf('n', new Dictionary(str, new Int32()), [['张三', '李四', '张三', null]]));
    const plain = await runAll(synthesize({ columns: ['n'], kind: 'name', key }), batchesOf('n', str, [['张三', '李四']]));
    expect(d.values).toEqual([plain.values[0], plain.values[1], plain.values[0], null]);
    expect(d.reports[0]).toMatchObject({ rowsSeen: 4, nulls: 1, valuesChanged: 3 });
    const sliced = vectorFromArray(['a', '张三', null, '\u{1F600}\u0000'], str).data[0]!.slice(1, 3);
    const s = await runAll(synthesize({ columns: ['n'], kind: 'name', key }), batchOfData('n', sliced));
    expect(s.values[0]).toBe(plain.values[0]);
    expect(s.values[1]).toBeNull();
    expect(s.values[2]).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
  });
  it('rule: key resolved through the context, never in options', () => {
    const def = synthesizeRules[0]!;
    expect(def.options.safeParse(def.example).success).toBe(true);
    expect(def.options.safeParse({ kind: 'name', key: {} }).success).toBe(false);
    let asked: unknown;
    const t = def.create(['n'], def.options.parse(def.example), { resolveKey: (r) => { asked = r; return key; }, scope: {}, seed: 0 });
    expect(asked).toEqual({ env: 'TUOMIN_SYNTH_KEY' });
    expect(t.bind(new Schema([new Field('n', str)])).outputSchema.fields[0]!.type.toString()).toBe('Utf8');
    expect(() => t.bind(new Schema([new Field('n', new Int32())]))).toThrow(/cannot be applied/);
  });
});
