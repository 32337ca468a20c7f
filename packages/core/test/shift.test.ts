import { describe, expect, it } from 'vitest';
import {
  DateDay, Dictionary, Field, Float64, Int32, Int64, LargeUtf8, Schema, TimestampMillisecond, Utf8, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';
import { addNoise, batchFromColumns, dateShift, roundTo, shiftRules } from '../src/internal.js';
import { batchesOf, batchOfData, day, runAll } from './generalize-helpers.js';

const str = new Utf8();
const key = { id: 'k1', bytes: new Uint8Array(32).fill(3) };
const MS = 86_400_000;

/** Two-column batches: entity + date. */
function twoCols(entityType: DataType, entities: unknown[], dateType: DataType, dates: unknown[]) {
  const schema = new Schema([new Field('who', entityType, true), new Field('d', dateType, true)]);
  const e = vectorFromArray(entities as never[], entityType as never).data[0] as Data;
  const d = vectorFromArray(dates as never[], dateType as never).data[0] as Data;
  return { schema, batches: [batchFromColumns(schema, [e, d], entities.length)] };
}
async function dates(t: ReturnType<typeof dateShift>, src: ReturnType<typeof twoCols>) {
  const r = await runAll(t, src);
  return { ...r, values: r.out.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.getChildAt(1)!.get(i))) };
}

describe('date-shift', () => {
  const shift = (extra: Partial<Parameters<typeof dateShift>[0]> = {}) =>
    dateShift({ columns: ['d'], entityColumn: 'who', maxDays: 30, key, ...extra });

  it('all dates of one entity move by the same non-zero number of days within maxDays; Date32', async () => {
    const who = ['甲', '乙', '甲', null, '乙', '甲'];
    const ds = ['2024-01-01', '2024-01-01', '2024-03-01', '2024-01-01', '2024-02-01', null].map((s) => (s ? new Date(`${s}T00:00:00Z`) : null));
    const r = await dates(shift(), twoCols(str, who, new DateDay(), ds));
    const delta = (i: number) => ((r.values[i] as number) - ds[i]!.getTime()) / MS;
    expect(delta(0)).toBe(delta(2));
    expect(delta(1)).toBe(delta(4));
    for (const i of [0, 1]) { expect(Math.abs(delta(i))).toBeGreaterThan(0); expect(Math.abs(delta(i))).toBeLessThanOrEqual(30); }
    expect(r.values[3]).toBeNull(); // no entity: cannot shift consistently
    expect(r.values[5]).toBeNull();
    expect(r.reports[0]).toMatchObject({ rowsSeen: 6, nulls: 1, invalid: 1, extra: { keyId: 'k1', entityColumn: 'who' } });
  });
  it('same entity gets the same shift across date types, dictionaries and integer entities', async () => {
    const a = await dates(shift(), twoCols(str, ['123'], new DateDay(), [new Date('2024-01-01T00:00:00Z')]));
    const b = await dates(shift(), twoCols(new Int32(), [123], new TimestampMillisecond(), [new Date('2024-01-01T10:00:00Z')]));
    const c = await dates(shift(), twoCols(new Dictionary(str, new Int32()), ['123', '123'], str, ['2024年1月1日', '2024/1/1 10:00']));
    const d = await dates(shift(), twoCols(new Int64(), [123n], new LargeUtf8(), ['20240101']));
    const delta = ((a.values[0] as number) - Date.parse('2024-01-01T00:00:00Z')) / MS;
    expect(((b.values[0] as number) - Date.parse('2024-01-01T10:00:00Z')) / MS).toBe(delta);
    const iso = new Date(Date.parse('2024-01-01T00:00:00Z') + delta * MS).toISOString().slice(0, 10);
    expect(c.values).toEqual([iso, `${iso} 10:00:00`]);
    expect(d.values).toEqual([iso]);
  });
  it('date strings: malformed values follow onInvalid; a different key moves differently', async () => {
    const src = () => twoCols(str, ['a', 'a', 'a'], str, ['2024-02-30', '不详', '2024-02-01']);
    expect((await dates(shift(), src())).values.slice(0, 2)).toEqual([null, null]);
    expect((await dates(shift({ onInvalid: 'keep' }), src())).values.slice(0, 2)).toEqual(['2024-02-30', '不详']);
    await expect(dates(shift({ onInvalid: 'error' }), src())).rejects.toThrow(/row 1/);
    const many = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const day0 = many.map(() => new Date('2024-01-01T00:00:00Z'));
    const x = await dates(shift(), twoCols(str, many, new DateDay(), day0));
    const y = await dates(shift({ key: { id: 'k2', bytes: new Uint8Array(32).fill(4) } }), twoCols(str, many, new DateDay(), day0));
    expect(x.values.filter((v, i) => v === y.values[i]).length).toBeLessThan(5);
  });
  it('date strings with a time keep the time of day and its fractional seconds', async () => {
    const r = await dates(shift(), twoCols(str, ['a', 'a', 'a'], str, ['2024-08-13 12:30:45.5', '2024-08-13 12:30:45', '2024-08-13T08:00:00.123Z']));
    const [a, b, c] = r.values as string[];
    expect(a).toMatch(/^\d{4}-\d{2}-\d{2} 12:30:45\.500$/);
    expect(b).toMatch(/^\d{4}-\d{2}-\d{2} 12:30:45$/);
    expect(c).toMatch(/^\d{4}-\d{2}-\d{2} 08:00:00\.123$/);
    expect(a!.slice(0, 10)).toBe(b!.slice(0, 10));
  });
  it('empty batches, sliced date columns, bind errors', async () => {
    const empty = await dates(shift(), twoCols(str, [], new DateDay(), []));
    expect(empty.values).toEqual([]);
    const schema = new Schema([new Field('who', str, true), new Field('d', new DateDay(), true)]);
    const e = vectorFromArray(['x', 'a', 'a'], str).data[0]!.slice(1, 2);
    const d = vectorFromArray([null, new Date('2024-01-10T00:00:00Z'), null], new DateDay()).data[0]!.slice(1, 2);
    const s = await dates(shift(), { schema, batches: [batchFromColumns(schema, [e, d], 2)] });
    expect(s.values[1]).toBeNull();
    expect(s.values[0]).not.toBeNull();
    expect(() => shift({ entityColumn: 'nobody' }).bind(schema)).toThrow(/not found/);
    expect(() => shift().bind(new Schema([new Field('who', str), new Field('d', new Int32())]))).toThrow(/cannot be applied/);
    expect(() => shift().bind(new Schema([new Field('who', new Float64()), new Field('d', new DateDay())]))).toThrow(/entity column/);
  });
});

describe('noise and round', () => {
  it('noise is deterministic for seed and order, bounded for uniform, keeps nulls and types', async () => {
    const vals = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? null : 1000 + i));
    const run = (seed: number, chunks: unknown[][]) => runAll(addNoise({ columns: ['x'], distribution: 'uniform', scale: 5, seed }), batchesOf('x', new Int32(), chunks));
    const a = await run(1, [vals]);
    const b = await run(1, [vals.slice(0, 50), [], vals.slice(50)]);
    const c = await run(2, [vals]);
    expect(a.values).toEqual(b.values);
    expect(a.values).not.toEqual(c.values);
    a.values.forEach((v, i) => {
      if (vals[i] === null) expect(v).toBeNull();
      else { expect(Number.isInteger(v)).toBe(true); expect(Math.abs((v as number) - vals[i]!)).toBeLessThanOrEqual(5); }
    });
    expect(String(a.schema.fields[0]!.type)).toBe('Int32');
    expect(a.reports[0]).toMatchObject({ rowsSeen: 200, nulls: 29 });
  });
  it('Laplace noise on floats has about the right spread; Int64 and sliced columns', async () => {
    const n = 4000;
    const r = await runAll(addNoise({ columns: ['x'], scale: 2, seed: 7 }), batchesOf('x', new Float64(), [new Array(n).fill(0)]));
    const mean = (r.values as number[]).reduce((s, v) => s + Math.abs(v), 0) / n;
    expect(mean).toBeGreaterThan(1.8); // E|X| = b for Laplace(b)
    expect(mean).toBeLessThan(2.2);
    const big = await runAll(addNoise({ columns: ['x'], scale: 1, seed: 7 }), batchesOf('x', new Int64(), [[10n ** 12n]]));
    expect(Math.abs(Number(big.values[0]) - 1e12)).toBeLessThan(50);
    const sliced = vectorFromArray([1, 2, null, 4], new Int32()).data[0]!.slice(1, 3);
    const s = await runAll(addNoise({ columns: ['x'], scale: 1, seed: 7 }), batchOfData('x', sliced));
    expect(s.values[1]).toBeNull();
  });
  it('round to a base, nearest / down / up, ints and floats', async () => {
    const fines = [149, 150, 151, -150, null, 0, 2_147_483_600];
    const r = await runAll(roundTo({ columns: ['f'], base: 100 }), batchesOf('f', new Int32(), [fines]));
    expect(r.values).toEqual([100, 200, 200, -200, null, 0, 2_147_483_600]);
    expect(r.reports[0]).toMatchObject({ rowsSeen: 7, nulls: 1, valuesChanged: 4 });
    const down = await runAll(roundTo({ columns: ['f'], base: 0.5, mode: 'down' }), batchesOf('f', new Float64(), [[1.26, -1.26, 0.1 + 0.2]]));
    expect(down.values).toEqual([1, -1.5, 0]);
    const up = await runAll(roundTo({ columns: ['f'], base: 0.1, mode: 'up' }), batchesOf('f', new Float64(), [[0.21]]));
    expect(up.values).toEqual([0.3]);
    expect(() => roundTo({ columns: ['f'], base: 10 }).bind(new Schema([new Field('f', str)]))).toThrow(/cannot be applied/);
  });
  it('rules parse their examples and use ctx.seed / ctx.resolveKey', () => {
    for (const def of shiftRules) expect(def.options.safeParse(def.example).success, def.type).toBe(true);
    const ctx = { resolveKey: () => key, scope: {}, seed: 9 };
    const noise = shiftRules.find((d) => d.type === 'noise')!;
    expect(noise.create(['x'], noise.options.parse(noise.example), ctx).name).toBe('noise');
    const ds = shiftRules.find((d) => d.type === 'date-shift')!;
    expect(ds.create(['d'], ds.options.parse(ds.example), ctx).name).toBe('date-shift');
  });
});
