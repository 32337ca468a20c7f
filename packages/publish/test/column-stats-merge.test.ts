/**
 * The column statistics are mergeable: a table split into 2–5 partitions at random row offsets,
 * each profiled by its own collector (given its first row) in batches of another size, then
 * merged, gives exactly what one pass gives: counts, first rows of violations, exact and
 * estimated distinct counts, with the `unique` column spilling to partition files.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bool, Data, Dictionary, Field, Int32, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { ColumnStatsCollector } from '../src/review/column-stats.js';

const N = 40_000;
const spill = mkdtempSync(join(tmpdir(), 'tuomin-stats-merge-'));
afterAll(() => rmSync(spill, { recursive: true, force: true }));

/** Seeded, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return s / 4294967296; };
}

function table(): { schema: Schema; columns: Data[]; specs: unknown[]; codes: number } {
  const r = rng(7);
  const id: Array<string | null> = [], code: Array<string | null> = [], flag: Array<string | null> = [], n: Array<number | null> = [], day: Array<string | null> = [], b: Array<boolean | null> = [];
  for (let i = 0; i < N; i++) {
    // ids: unique but for every 997th row (a repeat), with nulls and empty strings
    id.push(i % 1009 === 5 ? null : i % 1013 === 3 ? '' : `案-${i % 997 === 0 && i > 0 ? i - 1 : i}`);
    code.push(r() < 0.02 ? null : `C${Math.floor(r() * 30_000)}`);
    flag.push(r() < 0.01 ? null : r() < 0.001 ? '也许' : r() < 0.5 ? '是' : '否');
    n.push(r() < 0.05 ? null : Math.floor(r() * 100));
    day.push(r() < 0.002 ? '2024-02-30' : `2024-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`);
    b.push(r() < 0.1 ? null : r() < 0.5);
  }
  const dict = new Dictionary(new Utf8(), new Int32());
  const schema = new Schema([
    new Field('id', new Utf8(), true), new Field('code', new Utf8(), true), new Field('flag', dict, true),
    new Field('n', new Int32(), true), new Field('day', new Utf8(), true), new Field('b', new Bool(), true),
  ]);
  const columns = [
    vectorFromArray(id, new Utf8()).data[0]!, vectorFromArray(code, new Utf8()).data[0]!, vectorFromArray(flag, dict).data[0]!,
    vectorFromArray(n, new Int32()).data[0]!, vectorFromArray(day, new Utf8()).data[0]!, vectorFromArray(b, new Bool()).data[0]!,
  ] as Data[];
  const specs = [
    { constraints: { unique: true, required: true, maxLength: 6 } },
    { constraints: { pattern: 'C[0-9]{1,4}' } },
    { type: 'boolean', constraints: { required: true } },
    { type: 'integer', constraints: { unique: false } },
    { type: 'date', constraints: { enum: ['2024-01-10', '2024-01-11'] } },
    { type: 'boolean' },
  ];
  return { schema, columns, specs, codes: new Set(code.filter((c) => c !== null)).size };
}

function batchesOf(t: ReturnType<typeof table>, from: number, to: number, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let s = from; s < to; s += size) {
    const len = Math.min(size, to - s);
    // Slices of the whole columns: offsets that do not start at 0, validity bits at `offset + i`.
    const children = t.columns.map((c) => c.slice(s, len));
    out.push(new RecordBatch(t.schema, makeData({ type: new Struct(t.schema.fields), length: len, nullCount: 0, children })));
  }
  return out;
}

describe('ColumnStatsCollector.merge', () => {
  const t = table();
  const onePass = (): ReturnType<ColumnStatsCollector['finish']> => {
    const c = new ColumnStatsCollector(t.schema, t.specs as never, { spillDir: spill, maxInMemory: 5_000 });
    for (const b of batchesOf(t, 0, N, 1000)) c.add(b);
    return c.finish();
  };
  const whole = onePass();

  it('finds what the table holds (so the comparison below compares something)', () => {
    const [id, code, flag, n, day, b] = whole;
    expect(id).toMatchObject({ rows: N, nulls: 40, empties: 40, distinctEstimated: false });
    expect(id!.violations.map((v) => v.code)).toEqual(['cell/required', 'cell/maxLength', 'cell/unique']);
    expect(id!.violations.find((v) => v.code === 'cell/unique')!.count).toBe(40);
    expect(code!.distinctEstimated).toBe(true);
    // HyperLogLog: 0.81 % standard error; 3 % is nearly 4 of them.
    expect(t.codes).toBeGreaterThan(16_384);
    expect(Math.abs(code!.distinct - t.codes) / t.codes).toBeLessThan(0.03);
    expect(code!.violations.map((v) => v.code)).toEqual(['cell/pattern']);
    expect(flag!.violations.map((v) => v.code).sort()).toEqual(['cell/required', 'cell/type']);
    expect(n!.violations).toEqual([]);
    expect(day!.violations.map((v) => v.code)).toEqual(['cell/enum', 'cell/type']);
    expect(b).toMatchObject({ distinct: 2, violations: [] });
  });

  it.each([2, 3, 4, 5])('%i partitions merged give the one-pass statistics', (k) => {
    const r = rng(100 + k);
    const cuts = [0, ...Array.from({ length: k - 1 }, () => Math.floor(r() * N)).sort((a, b) => a - b), N];
    const parts = cuts.slice(0, -1).map((from, p) => {
      const c = new ColumnStatsCollector(t.schema, t.specs as never, { spillDir: spill, maxInMemory: 5_000, firstRow: from });
      for (const b of batchesOf(t, from, cuts[p + 1]!, 777)) c.add(b);
      return c;
    });
    // Merged in another order than the rows: first rows and counts must not depend on it.
    const into = parts.pop()!;
    for (const p of parts.reverse()) into.merge(p);
    expect(into.finish()).toEqual(whole);
    expect(readdirSync(spill)).toEqual([]);
  });
});
