/**
 * A column with identifiers inside under a header an attacker knows (交通工具 of a border
 * crossing: flights, and now and then a car's plate): the draft redacts it and keeps it a
 * quasi-identifier, so the search generalizes what redaction leaves. Found by
 * test/unseen-domains-3.test.ts: the flight published as it was, outside every class.
 */
import { describe, expect, it } from 'vitest';
import { Field, RecordBatch, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import { batchFromColumns, profileBatches } from '@tuomin/core/internal';
import { suggestColumn } from '../src/index.js';

async function* one(b: RecordBatch) {
  yield b;
}

describe('draft: identifiers inside a column an attacker knows', () => {
  it('交通工具 with plates among flights: redacted, and a quasi-identifier with a value-then-* hierarchy', async () => {
    const values = Array.from({ length: 500 }, (_, i) => (i % 16 === 0 ? `鲁A${String(10000 + i * 7).slice(-5)}` : ['SC4017', 'MU5101', 'CA1234', 'KE848', 'OZ318', '步行'][i % 6]!));
    const schema = new Schema([new Field('交通工具（航班/车牌）', new Utf8(), true)]);
    const p = await profileBatches(schema, one(batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length)));
    const s = suggestColumn(p.columns[0]!);
    expect({ role: s.role, quasiIdentifier: s.quasiIdentifier, rule: s.rule, hierarchy: s.hierarchy }).toEqual({
      role: 'quasi', quasiIdentifier: true, rule: { type: 'redact' }, hierarchy: { builtin: 'prefix', keep: [7] },
    });
  });
});

describe('draft: a contact field', () => {
  it('a name and a phone in most short cells (张伟 13812345678, 王芳（母亲）139…) is left out, not redacted around the name', async () => {
    const names = ['张伟', '王芳', '欧阳建国', '李娜', '刘洋', '陈静'];
    const values = Array.from({ length: 300 }, (_, i) => `${names[i % 6]}${['（母亲） ', ' ', ' +86 '][i % 3]}1${['38', '39', '58', '86'][i % 4]}${String(10000000 + i * 7919).slice(-8)}`);
    const schema = new Schema([new Field('紧急联系人', new Utf8(), true)]);
    const p = await profileBatches(schema, one(batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length)));
    const s = suggestColumn(p.columns[0]!);
    expect({ role: s.role, drop: s.drop }).toEqual({ role: 'direct', drop: true });
  });

  it('IDs listed under an ID header (a 低保 roll\'s 成员身份证号) are left out: redacted, the masks counted the household', async () => {
    const ids = ['371602198003041235', '371602200501011231', '371602201203041234'];
    const values = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? '' : ids.slice(0, 1 + (i % 3)).join(i % 2 ? ';' : '，')));
    const schema = new Schema([new Field('成员身份证号', new Utf8(), true)]);
    const p = await profileBatches(schema, one(batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length)));
    const s = suggestColumn(p.columns[0]!);
    expect({ role: s.role, drop: s.drop }).toEqual({ role: 'direct', drop: true });
  });

  it('free text with a phone in a few cells is still redacted', async () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? `已电话通知，联系电话1390000${String(1000 + i)}` : ['材料齐全', '已核实', '待补充材料'][i % 3]!));
    const schema = new Schema([new Field('情况说明', new Utf8(), true)]);
    const p = await profileBatches(schema, one(batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length)));
    expect(suggestColumn(p.columns[0]!).rule).toEqual({ type: 'redact' });
  });
});

describe('draft: rounding a measure', () => {
  it('the base comes from the digits before the point: bid prices of four decimals in 万元 round to 100 (a base from their length, 10,000, made every price 0)', async () => {
    const values = Array.from({ length: 400 }, (_, i) => (50 + ((i * 7919) % 4950) + (i % 97) / 97).toFixed(4));
    const schema = new Schema([new Field('投标报价（万元）', new Utf8(), true)]);
    const p = await profileBatches(schema, one(batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length)));
    expect(p.columns[0]!.integerDigits).toBe(4);
    expect(suggestColumn(p.columns[0]!).rule).toEqual([{ type: 'cast', to: 'float64' }, { type: 'round', base: 100 }]);
  });
});
