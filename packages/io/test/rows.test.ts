import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { Field, Float64, Int64, Schema, Utf8, DateDay } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { parse } from 'fast-csv';
import { rowsSource, rowsToBatches } from '../src/rows/index.js';

async function collect(batches: AsyncIterable<RecordBatch>): Promise<{ rows: unknown[]; sizes: number[] }> {
  const rows: unknown[] = [];
  const sizes: number[] = [];
  for await (const b of batches) {
    sizes.push(b.numRows);
    for (const r of b.toArray()) rows.push(r.toJSON());
  }
  return { rows, sizes };
}

const csvText = [
  '姓名,证件号码,处罚金额,备注',
  '张三,11010519491231002X,5000,',
  '"李四, 王五",310101199001011234,1200.50,"第一行',
  '第二行"',
  '赵六,,0,"引号""内"""',
].join('\r\n');

describe('rowsToBatches', () => {
  it('turns a fast-csv parser stream into batches with the same values', async () => {
    const expected: Record<string, string>[] = [];
    await new Promise<void>((resolve, reject) => {
      Readable.from([csvText]).pipe(parse({ headers: true })).on('data', (r) => expected.push(r)).on('end', resolve).on('error', reject);
    });
    expect(expected).toHaveLength(3);
    const stream = Readable.from([csvText]).pipe(parse({ headers: true }));
    const source = await rowsSource(stream, { batchSize: 2 });
    expect(source.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['姓名:Utf8', '证件号码:Utf8', '处罚金额:Utf8', '备注:Utf8']);
    const { rows, sizes } = await collect(source.batches());
    expect(sizes).toEqual([2, 1]);
    expect(rows).toEqual(expected);
    expect(source.rowsRead()).toBe(3);
  });

  it('accepts array rows with column names, and infers types when asked', async () => {
    const rows = [
      ['1', '2024年8月13日', '3.5', '007'],
      ['22', '2024/8/1', '', '010'],
      [null, '20240801', '-1', null],
    ];
    const text = await collect(rowsToBatches(rows, { columns: ['n', 'd', 'x', 'code'] }));
    expect(text.rows[1]).toEqual({ n: '22', d: '2024/8/1', x: '', code: '010' });
    const typed = await rowsSource(rows, { columns: ['n', 'd', 'x', 'code'], infer: true });
    // Mixed date styles are all dates; "007" is a code, not a number; '' becomes null once typed.
    expect(typed.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Date32<DAY>', 'Float64', 'Utf8']);
    const { rows: got } = await collect(typed.batches());
    expect(got).toEqual([
      { n: 1n, d: Date.UTC(2024, 7, 13), x: 3.5, code: '007' },
      { n: 22n, d: Date.UTC(2024, 7, 1), x: null, code: '010' },
      { n: null, d: Date.UTC(2024, 7, 1), x: -1, code: null },
    ]);
  });

  it('casts to a given schema and converts JS values (numbers, booleans, dates, objects) to text first', async () => {
    const schema = new Schema([
      new Field('id', new Int64(), true),
      new Field('fine', new Float64(), true),
      new Field('when', new DateDay(), true),
      new Field('note', new Utf8(), true),
    ]);
    const rows = [
      { id: 5, fine: 1200.5, when: '2024-08-13', note: { a: 1 } },
      { id: '6', fine: undefined, when: null, note: true },
    ];
    const { rows: got } = await collect(rowsToBatches(rows, { schema }));
    expect(got).toEqual([
      { id: 5n, fine: 1200.5, when: Date.UTC(2024, 7, 13), note: '{"a":1}' },
      { id: 6n, fine: null, when: null, note: 'true' },
    ]);
  });

  it('names the row of a ragged array, an unexpected key, or a value that does not fit the schema', async () => {
    await expect(collect(rowsToBatches([['a', 'b'], ['c']], { columns: ['x', 'y'] }))).rejects.toThrow(/row 2: row has 1 cells, expected 2/);
    await expect(collect(rowsToBatches([{ a: '1' }, { a: '2', b: '3' }], { inferFrom: 1 }))).rejects.toThrow(/row 2: unexpected key "b"/);
    const schema = new Schema([new Field('id', new Int64(), true)]);
    const err = await collect(rowsToBatches([{ id: '1' }, { id: '11010519491231002X' }], { schema, name: 'input.csv' })).catch((e: Error) => e);
    expect(String(err)).toMatch(/input\.csv, row 2, column "id": value does not parse as integer/);
    // The offending value is personal data: never in the message.
    expect(String(err)).not.toContain('11010519491231002X');
  });

  it('handles no rows, null-only columns and batch boundaries', async () => {
    const empty = await rowsSource([], { columns: ['a'] });
    expect(empty.schema.fields.map((f) => f.name)).toEqual(['a']);
    expect((await collect(empty.batches())).rows).toEqual([]);
    const many = Array.from({ length: 10 }, (_, i) => ({ k: i % 3 === 0 ? null : `值${i}` }));
    const { rows, sizes } = await collect(rowsToBatches(many, { batchSize: 4, inferFrom: 2 }));
    expect(sizes).toEqual([4, 4, 2]);
    expect(rows).toEqual(many);
  });

  it('can be read only once', async () => {
    const s = await rowsSource([{ a: '1' }]);
    await collect(s.batches());
    expect(() => s.batches()).toThrow(/read once/);
  });
});
