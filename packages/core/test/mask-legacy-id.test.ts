import { describe, expect, it } from 'vitest';
import { Field, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import { batchFromColumns, mask, utf8At, utf8View } from '../src/internal.js';

async function run(values: (string | null)[], opts: Record<string, unknown> = {}) {
  const schema = new Schema([new Field('id', new Utf8(), true)]);
  const batch = batchFromColumns(schema, [vectorFromArray(values, new Utf8()).data[0]!], values.length);
  const bound = mask({ columns: ['id'], preset: 'cn.id', ...opts }).bind(schema);
  const out: (string | null)[] = [];
  for await (const b of bound.apply((async function* () { yield batch; })())) {
    const v = utf8View(b.data.children[0]!);
    for (let i = 0; i < v.length; i++) out.push(utf8At(v, i));
  }
  return { out, report: bound.report()[0]! };
}

describe('cn.id mask on legacy 15-digit IDs', () => {
  it('keeps at most the region and the sequence; the birth date never shows', async () => {
    const { out, report } = await run(['130503670401001', '11010519491231002X', null, '12345']);
    expect(out[0]).toBe('130503******001');
    expect(out[1]).toBe('110105********002X');
    expect(out[2]).toBeNull();
    expect(out[3]).toBe('*****'); // not an ID: onInvalid mask-all
    expect(report.invalid).toBe(1);
    expect(report.valuesChanged).toBe(3);
  });
  it('honours smaller keep counts and fixed-width masks', async () => {
    expect((await run(['130503670401001'], { keepFirst: 2, keepLast: 1 })).out[0]).toBe('13************1');
    expect((await run(['130503670401001'], { fixedWidth: 4 })).out[0]).toBe('130503****001');
  });
});
