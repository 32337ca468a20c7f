/**
 * Parquet DECIMAL(p, s) as agencies' warehouses write it (Oracle, DM or Kingbase through Spark;
 * written here by DuckDB's COPY): amounts in DECIMAL(18,2), wide values in DECIMAL(38,10) (beyond
 * 2^53 unscaled), negatives, nulls. The readers and the rules that make sense on numbers take them
 * exactly (core kernels/decimal.ts): kept values are never passed through a double, published
 * Parquet keeps DECIMAL, CSV prints the exact decimal text, round and noise work on the unscaled
 * integers; a rule that cannot take one refuses naming the column, its type and what to do.
 * Every value is checked against DuckDB's own text of it, read from our output's buffers.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Decimal, Field, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { addNoise, generalize, memorySource, mask, pipeline, roundTo, suppressRows, when, type Transform } from '@tuomin/core';
import { decimalText, unscaledBig } from '@tuomin/core/internal';
import { readParquet, writeCsv, writeParquet } from '@tuomin/io';
import { draftSpec, profileFile } from '@tuomin/publish';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { FORMATS, attemptRun, dataFiles, dataset, privacy, publishedCsv, scratchWithDuck, type Spec } from './support/sweep-flow.js';

const scratch = scratchWithDuck('tuomin-decimal-');
const ROWS = 2500;

/**
 * Seeded values in SQL (DuckDB's hash of the row number): amounts from -50,000.00 to 50,000.00,
 * every 9th null; wide values of 28 digits (10 after the point), negative half the time, every
 * 7th null; an age DECIMAL(4,1). Row groups of 1,000 rows, so the reader yields several chunks.
 */
async function writeSource(file: string): Promise<string> {
  const path = join(scratch.dir, file);
  await scratch.duck.run(`COPY (
    SELECT i::INTEGER AS id,
      CASE WHEN i % 9 = 4 THEN NULL ELSE ((hash(i) % 10000001)::BIGINT - 5000000)::DECIMAL(18,2) / 100 END::DECIMAL(18,2) AS amount,
      CASE WHEN i % 7 = 3 THEN NULL ELSE (CASE WHEN hash(i * 3) % 2 = 0 THEN -1 ELSE 1 END)
        * ((hash(i * 5) % 1000000000000000000)::HUGEINT * 10000000000 + (hash(i * 11) % 10000000000)::HUGEINT)::DECIMAL(38,0) / 10000000000 END::DECIMAL(38,10) AS wide,
      ((hash(i * 13) % 900)::INTEGER / 10)::DECIMAL(4,1) AS age
    FROM range(${ROWS}) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  return path;
}

/** DuckDB's text of every value of a column, by id (null as null). */
async function duckText(path: string, column: string, expr = column): Promise<Map<number, string | null>> {
  const r = await scratch.duck.runAndReadAll(`SELECT id, CAST(${expr} AS VARCHAR) FROM '${path}' ORDER BY id`);
  return new Map(r.getRows().map((row) => [Number(row[0]), row[1] === null ? null : String(row[1])]));
}

/** Our text of every value of a decimal column, read from the chunks' buffers (validity from bit offset). */
function ourText(batches: RecordBatch[], column: string): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const b of batches) {
    const ids = b.getChild('id')!;
    const col = b.getChild(column)!;
    let row = 0;
    for (const d of col.data as Data[]) {
      const t = d.type as unknown as { scale: number; bitWidth: number; typeId: number };
      const stride = t.bitWidth / 32;
      for (let i = 0; i < d.length; i++, row++) {
        const j = d.offset + i;
        const valid = d.nullCount === 0 || ((d.nullBitmap![j >> 3]! >> (j & 7)) & 1) === 1;
        out.set(Number(ids.get(row)), valid ? decimalText(unscaledBig(d.values as Uint32Array, i, stride), t.scale) : null);
      }
    }
  }
  return out;
}

async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** The source's batches cut every way a stream cuts them: sliced, split mid-chunk, with empty batches. */
async function cutBatches(path: string): Promise<{ schema: RecordBatch['schema']; batches: RecordBatch[] }> {
  const src = await readParquet(path, { batchSize: 700 });
  const read = await collect(src.batches());
  const batches: RecordBatch[] = [];
  for (const b of read) {
    const mid = Math.floor(b.numRows / 3);
    batches.push(b.slice(0, mid), b.slice(mid, mid), b.slice(mid));
  }
  return { schema: src.schema, batches };
}

const run = async (path: string, t: Transform): Promise<RecordBatch[]> => {
  const { schema, batches } = await cutBatches(path);
  return collect(pipeline(memorySource(schema, batches), t));
};

describe('reading DECIMAL from Parquet', () => {
  it('DECIMAL(18,2), DECIMAL(38,10) and DECIMAL(4,1) arrive as Decimal128 with every value exact, nulls as nulls, over several chunks', async () => {
    const path = await writeSource('read.parquet');
    const src = await readParquet(path, { batchSize: 700 });
    expect(src.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['id:Int32', 'amount:Decimal[18e+2]', 'wide:Decimal[38e+10]', 'age:Decimal[4e+1]']);
    const batches = await collect(src.batches());
    expect(batches.length).toBeGreaterThan(3);
    for (const c of ['amount', 'wide', 'age']) {
      const ours = ourText(batches, c);
      const duck = await duckText(path, c);
      expect(ours.size).toBe(ROWS);
      expect(ours).toEqual(duck);
    }
    // The data really holds what the test is about: negatives, nulls, values beyond 2^53 unscaled.
    const wide = [...(await duckText(path, 'wide')).values()];
    expect(wide.filter((v) => v === null).length).toBeGreaterThan(300);
    expect(wide.filter((v) => v !== null && v.startsWith('-') && v.replace(/[-.]/g, '').length > 20).length).toBeGreaterThan(500);
  });
});

describe('keeping DECIMAL: published Parquet keeps the type, CSV prints the exact text', () => {
  it('Parquet out: DECIMAL(18,2) and DECIMAL(38,10) as DuckDB reads them back, every value equal', async () => {
    const path = await writeSource('keep.parquet');
    const { schema, batches } = await cutBatches(path);
    const out = join(scratch.dir, 'keep-out.parquet');
    await writeParquet(out, schema, (async function* () { yield* batches; })());
    const types = await scratch.duck.runAndReadAll(`SELECT typeof(amount), typeof(wide), typeof(age) FROM '${out}' LIMIT 1`);
    expect(types.getRows()[0]!.map(String)).toEqual(['DECIMAL(18,2)', 'DECIMAL(38,10)', 'DECIMAL(4,1)']);
    const diff = await scratch.duck.runAndReadAll(`SELECT count(*) FROM '${path}' a FULL JOIN '${out}' b USING (id)
      WHERE a.amount IS DISTINCT FROM b.amount OR a.wide IS DISTINCT FROM b.wide OR a.age IS DISTINCT FROM b.age OR a.id IS NULL OR b.id IS NULL`);
    expect(Number(diff.getRows()[0]![0])).toBe(0);
  });

  it('CSV out: each cell is DuckDB\'s text of the decimal, digit for digit', async () => {
    const path = await writeSource('keep-csv.parquet');
    const { schema, batches } = await cutBatches(path);
    const out = join(scratch.dir, 'keep-out.csv');
    await writeCsv(out, schema, (async function* () { yield* batches; })());
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,amount,wide,age');
    const duck = { amount: await duckText(path, 'amount'), wide: await duckText(path, 'wide'), age: await duckText(path, 'age') };
    for (const line of lines.slice(1)) {
      const [id, amount, wide, age] = line.split(',');
      const k = Number(id);
      expect([amount, wide, age]).toEqual([duck.amount.get(k) ?? '', duck.wide.get(k) ?? '', duck.age.get(k) ?? '']);
    }
    expect(lines.length).toBe(ROWS + 1);
  });
});

/** The readable reference: half away from zero on the unscaled integers, in BigInt. */
function roundUnscaled(values: Map<number, string | null>, unit: number, scale: number): Map<number, string | null> {
  const b = BigInt(unit);
  const out = new Map<number, string | null>();
  for (const [id, v] of values) {
    if (v === null) { out.set(id, null); continue; }
    const u = BigInt(v.replace('.', ''));
    const a = u < 0n ? -u : u;
    const q = (2n * (a % b) >= b ? a / b + 1n : a / b) * b;
    out.set(id, decimalText(u < 0n ? -q : q, scale));
  }
  return out;
}

describe('round on DECIMAL is exact and keeps the type', () => {
  it.each([
    ['amount', 100, 'nearest', 'round(amount / 100) * 100'],
    ['amount', 0.5, 'down', 'floor(amount * 2) / 2'],
    ['amount', 1000, 'up', 'ceil(amount / 1000) * 1000'],
    ['wide', 0.01, 'nearest', 'round(wide, 2)'],
    // DuckDB divides a DECIMAL(38,10) through a double: here the reference is BigInt (roundUnscaled).
    ['wide', 1000000, 'nearest', null],
    ['wide', 0.0000000001, 'down', 'wide'],
  ] as const)('%s to %s (%s), as DuckDB computes it', async (column, base, mode, expr) => {
    const path = await writeSource(`round-${column}-${base}-${mode}.parquet`);
    const out = await run(path, roundTo({ columns: [column], base, mode }));
    expect(String(out[0]!.schema.fields.find((f) => f.name === column)!.type)).toBe(column === 'amount' ? 'Decimal[18e+2]' : 'Decimal[38e+10]');
    const scale = column === 'amount' ? 2 : 10;
    const want = expr !== null ? await duckText(path, column, `(${expr})::DECIMAL(38,${scale})`) : roundUnscaled(await duckText(path, column), base * 10 ** scale, scale);
    expect(ourText(out, column)).toEqual(want);
  });

  it('refuses a base finer than the scale, naming the column and what to do', async () => {
    const path = await writeSource('round-fine.parquet');
    const err = await run(path, roundTo({ columns: ['amount'], base: 0.001 })).catch((e: Error) => e);
    expect(String(err)).toMatch(/column "amount"/);
    expect(String(err)).toMatch(/finer than the column's 2 decimals/);
    expect(String(err)).toMatch(/multiple of 0\.01/);
  });
});

describe('noise on DECIMAL adds noise rounded to the last digit, to the stored digits exactly', () => {
  it('the change of each value is the noise a zero of the same column gets, even beyond 2^53 unscaled', async () => {
    const path = await writeSource('noise.parquet');
    const zeros = join(scratch.dir, 'noise-zeros.parquet');
    await scratch.duck.run(`COPY (SELECT id, amount, CASE WHEN wide IS NULL THEN NULL ELSE 0 END::DECIMAL(38,10) AS wide, age FROM '${path}') TO '${zeros}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    const noise = (): Transform => addNoise({ columns: ['wide', 'amount'], scale: 3, seed: 7 });
    const a = await run(path, noise());
    const z = await run(zeros, noise());
    expect(String(a[0]!.schema.fields[2]!.type)).toBe('Decimal[38e+10]');
    const before = await duckText(path, 'wide');
    const after = ourText(a, 'wide');
    const noiseOf = ourText(z, 'wide');
    const unscaled = (t: string): bigint => BigInt(t.replace('.', ''));
    let changed = 0;
    for (const [id, v] of before) {
      if (v === null) { expect(after.get(id)).toBeNull(); continue; }
      expect(unscaled(after.get(id)!) - unscaled(v), `row ${id}`).toBe(unscaled(noiseOf.get(id)!));
      if (after.get(id) !== v) changed++;
    }
    expect(changed).toBeGreaterThan(ROWS * 0.8);
    // DECIMAL(18,2): each amount moved by a multiple of 0.01, nulls kept.
    const amounts = ourText(a, 'amount');
    const src = await duckText(path, 'amount');
    for (const [id, v] of src) expect(amounts.get(id) === null, `row ${id}`).toBe(v === null);
  });
});

describe('bands, suppress and k-anonymity read DECIMAL', () => {
  it('generalize bins gives the bands of the values', async () => {
    const path = await writeSource('bins.parquet');
    const out = await run(path, generalize({ columns: ['age'], method: 'bins', bins: { width: 10, output: 'range' } } as never));
    const duck = await duckText(path, 'age', `CAST(floor(age / 10) * 10 AS INTEGER) || '-' || CAST(floor(age / 10) * 10 + 9 AS INTEGER)`);
    const got = new Map<number, string | null>();
    for (const b of out) for (let i = 0; i < b.numRows; i++) got.set(Number(b.getChild('id')!.get(i)), b.getChild('age')!.get(i) as string | null);
    expect(got).toEqual(duck);
  });

  it('suppress-rows tests a decimal against a number (gt, equals)', async () => {
    const path = await writeSource('suppress.parquet');
    const out = await run(path, suppressRows({ where: { any: [{ column: 'amount', gt: 40000 }, { column: 'age', equals: 45.5 }] } }));
    const kept = await scratch.duck.runAndReadAll(`SELECT count(*) FROM '${path}' WHERE NOT (coalesce(amount > 40000, false) OR age = 45.5)`);
    expect(out.reduce((a, b) => a + b.numRows, 0)).toBe(Number(kept.getRows()[0]![0]));
    expect(ourText(out, 'wide').size).toBe(Number(kept.getRows()[0]![0]));
  });

  it('a rule that cannot take a decimal refuses, naming the column, its type and the rules that do', async () => {
    const path = await writeSource('refuse.parquet');
    const err = await run(path, mask({ columns: ['amount'], preset: 'cn.mobile' })).catch((e: Error) => e);
    expect(String(err)).toMatch(/amount/);
    expect(String(err)).toMatch(/Decimal/);
  });
});

describe('Decimal256 (arrow-js reads it; no Parquet writer here makes one): the same kernels', () => {
  // 8 words a value; values beyond 2^127 and negatives, a null, sliced at an odd offset.
  const values = [10n ** 60n + 12345n, -(10n ** 50n) - 55n, null, 149n, -150n, 0n];
  function decimal256(): RecordBatch {
    const words = new Uint32Array(values.length * 8);
    const valid = new Uint8Array(8);
    values.forEach((v, i) => {
      if (v === null) return;
      valid[i >> 3]! |= 1 << (i & 7);
      let x = BigInt.asUintN(256, v);
      for (let k = 0; k < 8; k++) { words[i * 8 + k] = Number(x & 0xffffffffn); x >>= 32n; }
    });
    const field = new Field('v', new Decimal(2, 76, 256), true);
    const schema = new Schema([field]);
    const d = makeData({ type: field.type, length: values.length, nullCount: 1, nullBitmap: valid, data: words });
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: values.length, nullCount: 0, children: [d] }));
  }
  const texts = (batches: RecordBatch[]): Array<string | null> => batches.flatMap((b) => (b.getChildAt(0)!.data as Data[]).flatMap((d) => {
    const out: Array<string | null> = [];
    for (let i = 0; i < d.length; i++) {
      const j = d.offset + i;
      out.push(d.nullCount === 0 || ((d.nullBitmap![j >> 3]! >> (j & 7)) & 1) === 1 ? decimalText(unscaledBig(d.values as Uint32Array, i, 8), 2) : null);
    }
    return out;
  }));
  it('round to 1 (half away from zero), plain and sliced, stays Decimal256', async () => {
    const b = decimal256();
    const out = await collect(pipeline(memorySource(b.schema, [b.slice(0, 3), b.slice(3, 3), b.slice(3)]), roundTo({ columns: ['v'], base: 1 })));
    expect(String(out[0]!.schema.fields[0]!.type)).toBe('Decimal[76e+2]');
    // 10^60 + 12345 at scale 2 is 10^58 + 123.45: to 10^58 + 123; 149 is 1.49: 1; -150 is -1.50: -2.
    expect(texts(out)).toEqual([`1${'0'.repeat(55)}123.00`, `-1${'0'.repeat(47)}1.00`, null, '1.00', '-2.00', '0.00']);
  });
  it('a result beyond the precision is refused by column and row, never wrapped', async () => {
    const field = new Field('v', new Decimal(2, 4, 128), true);
    const schema = new Schema([field]);
    const words = new Uint32Array([9999, 0, 0, 0]);
    const d = makeData({ type: field.type, length: 1, nullCount: 0, data: words });
    const b = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 1, nullCount: 0, children: [d] }));
    const err = await collect(pipeline(memorySource(schema, [b]), roundTo({ columns: ['v'], base: 1 }))).catch((e: Error) => e);
    expect(String(err)).toMatch(/row 1, column "v"/);
    expect(String(err)).toMatch(/DECIMAL\(4,2\)/);
    expect(String(err)).not.toContain('99.99');
  });
});

describe('round under when: on a DECIMAL column', () => {
  it('rounds the matching rows exactly and scatters them back among the untouched ones (sliced input)', async () => {
    const field = new Field('v', new Decimal(2, 18, 128), true);
    const schema = new Schema([new Field('k', new Utf8(), true), field]);
    const unscaled = [12345n, -98765n, 55n, -150n, 999999999999999999n, -7n];
    const words = new Uint32Array(unscaled.length * 4);
    unscaled.forEach((v, i) => { let x = BigInt.asUintN(128, v); for (let k = 0; k < 4; k++) { words[i * 4 + k] = Number(x & 0xffffffffn); x >>= 32n; } });
    const d = makeData({ type: field.type, length: unscaled.length, nullCount: 0, data: words });
    const k = vectorFromArray(['a', 'b', 'a', 'a', 'b', 'a'], new Utf8()).data[0]!;
    const b = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: unscaled.length, nullCount: 0, children: [k, d] }));
    const out = await collect(pipeline(memorySource(schema, [b.slice(0, 1), b.slice(1)]), when({ column: 'k', equals: 'a' }, roundTo({ columns: ['v'], base: 1 }))));
    const got = out.flatMap((x) => (x.getChild('v')!.data as Data[]).flatMap((c) => Array.from({ length: c.length }, (_, i) => decimalText(unscaledBig(c.values as Uint32Array, i, 4), 2))));
    expect(String(out[0]!.schema.fields[1]!.type)).toBe('Decimal[18e+2]');
    expect(got).toEqual(['123.00', '-987.65', '1.00', '-2.00', '9999999999999999.99', '0.00']);
  });
});

describe('k-anonymity over a DECIMAL quasi-identifier', () => {
  it('an age DECIMAL(4,1) generalized by an interval hierarchy: every class of the published CSV holds at least k', async () => {
    const path = join(scratch.dir, 'ages.parquet');
    await scratch.duck.run(`COPY (SELECT i AS id, ['滨城区','沾化区','惠民县'][(1 + i % 3)::INTEGER] AS 区县,
      ((hash(i) % 900)::INTEGER / 10)::DECIMAL(4,1) AS age FROM range(1200) t(i)) TO '${path}' (FORMAT parquet)`);
    const spec: Spec = {
      ...dataset('decimal-ages', '年龄（DECIMAL）', 'ages.parquet'),
      output: { folder: 'out', formats: ['csv', 'parquet'] },
      columns: { id: { description: '序号', drop: true }, 区县: { description: '区县' }, age: { description: '年龄' } },
      privacy: privacy(['区县'], [], { age: [5, 10, 20] }),
    };
    const o = await attemptRun(spec, { dir: scratch.dir });
    expect(o.reasons, o.message).toEqual([]);
    const p = await publishedCsv(scratch.duck, o.result!);
    const [c, a] = [p.columns.indexOf('区县'), p.columns.indexOf('age')];
    const classes = new Map<string, number>();
    for (const r of p.rows) classes.set(`${r[c]}|${r[a]}`, (classes.get(`${r[c]}|${r[a]}`) ?? 0) + 1);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(5);
    // Generalized to bands, not printed as doubles' digits or unscaled integers.
    expect(p.rows.every((r) => r[a] === null || /^(\d+-\d+|\*|\d+\.\d)$/.test(String(r[a]))), p.rows.slice(0, 5).map((r) => r[a]).join(' ')).toBe(true);
  });
});

describe('the draft flow, end to end', () => {
  it('profile → draft → run over a Parquet of amounts: the amounts are rounded (not dropped) and published as DECIMAL in Parquet, exact text in CSV', async () => {
    const path = join(scratch.dir, 'arrears.parquet');
    await scratch.duck.run(`COPY (
      SELECT 'N' || lpad(CAST(i AS VARCHAR), 6, '0') AS 通知书编号,
        ['王','李','张','刘','陈','杨','赵','黄'][(1 + hash(i * 17) % 8)::INTEGER] || ['建国','秀英','志强','丽娟','海燕','明','伟','静'][(1 + hash(i * 19) % 8)::INTEGER] AS 纳税人姓名,
        ['滨城区','沾化区','惠民县','阳信县','无棣县','博兴县','邹平市'][(1 + i % 7)::INTEGER] AS 区县,
        ['企业所得税','增值税','个人所得税','房产税'][(1 + hash(i) % 4)::INTEGER] AS 税种,
        CASE WHEN i % 11 = 5 THEN NULL ELSE ((hash(i * 7) % 99999999)::BIGINT + 100)::DECIMAL(18,2) / 100 END::DECIMAL(18,2) AS 欠税金额
      FROM range(4200) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const specPath = join(scratch.dir, 'arrears.yaml');
    const drafted = parse(draftSpec(await profileFile(path), specPath, '2026-12-01')) as Spec;
    const amount = drafted.columns['欠税金额'];
    expect(amount.drop, JSON.stringify(amount)).toBeUndefined();
    expect(amount.rule).toMatchObject({ type: 'round' });
    const spec = parse(fillCatalogMetadata(stringify(drafted))) as Spec;
    spec.source.path = 'arrears.parquet';
    spec.output = { folder: 'out', formats: FORMATS };
    writeFileSync(specPath, stringify(spec));
    const o = await attemptRun(spec, { dir: scratch.dir });
    expect(o.reasons, o.message).toEqual([]);
    // Two workers (partitions of the Parquet's row groups) publish the same bytes.
    const typed = ['csv', 'parquet'];
    const two = await attemptRun({ ...spec, output: { ...spec.output, formats: typed } }, { dir: scratch.dir, workers: 2, partitionBytes: 4096 });
    expect(two.reasons, two.message).toEqual([]);
    expect(two.result!.parallel, JSON.stringify(two.result!.parallel)).toMatchObject({ workers: 2 });
    expect((two.result!.parallel as { partitions: number }).partitions).toBeGreaterThan(1);
    // The CSV byte for byte; the Parquet row for row (its footer holds the spec's digest, and the
    // two specs differ in their formats).
    const csvOf = (r: typeof o.result): Array<[string, string]> => dataFiles(r!).filter(([f]) => f.endsWith('.csv'));
    expect(csvOf(two.result)).toEqual(csvOf(o.result));
    const [p1, p2] = [o, two].map((x) => join(x.result!.packageDir, x.result!.files.find((f) => f.format === 'parquet')!.path));
    const differ = await scratch.duck.runAndReadAll(`SELECT (SELECT count(*) FROM (SELECT * FROM '${p1}' EXCEPT ALL SELECT * FROM '${p2}')) + (SELECT count(*) FROM (SELECT * FROM '${p2}' EXCEPT ALL SELECT * FROM '${p1}'))`);
    expect(Number(differ.getRows()[0]![0])).toBe(0);
    const pq = o.result!.files.find((f) => f.format === 'parquet')!;
    const csv = o.result!.files.find((f) => f.format === 'csv')!;
    const base = Number(amount.rule.base);
    const folder = o.result!.packageDir;
    const t = await scratch.duck.runAndReadAll(`SELECT typeof(欠税金额) FROM '${join(folder, pq.path)}' LIMIT 1`);
    expect(String(t.getRows()[0]![0])).toBe('DECIMAL(18,2)');
    // Every published amount is the source's, rounded to the base as DuckDB rounds it; CSV the same text.
    const want = await scratch.duck.runAndReadAll(`SELECT CAST((round(欠税金额 / ${base}) * ${base})::DECIMAL(18,2) AS VARCHAR) AS v FROM '${path}' ORDER BY v`);
    const gotPq = await scratch.duck.runAndReadAll(`SELECT CAST(欠税金额 AS VARCHAR) AS v FROM '${join(folder, pq.path)}' ORDER BY v`);
    const gotCsv = await scratch.duck.runAndReadAll(`SELECT 欠税金额 AS v FROM read_csv('${join(folder, csv.path)}', all_varchar = true, header = true) ORDER BY v`);
    expect(gotPq.getRows()).toEqual(want.getRows());
    expect(gotCsv.getRows().map((r) => r[0] ?? null)).toEqual(want.getRows().map((r) => r[0] ?? null));
  });
});
