/**
 * Every bundled package, published in all five formats, read back with independent readers: DuckDB
 * for Parquet (and for the CSV, with the types the datapackage declares), SheetJS for XLSX,
 * apache-arrow for Arrow IPC, JSON.parse for NDJSON. Each typed copy must carry the declared types
 * and the same values as the CSV, nulls and empty strings kept apart.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DateUnit, Type, tableFromIPC, vectorFromArray, Utf8, Dictionary, Int32, makeData } from 'apache-arrow';
import type { DataType, Decimal, Date_, Timestamp } from 'apache-arrow';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalText } from '../packages/io/src/format/value-text.js';
import { loadSpec } from '../packages/publish/src/spec/load.js';
import { main } from '../packages/cli/src/main.js';
import { textToType } from '../packages/publish/src/run/output-kernels.js';

const KEY_ENV = { TUOMIN_KEY: '3f1c9a6be27d40851c0e6fa9d2b47c13' };
const FORMATS = '[csv, parquet, arrow, ndjson, xlsx]';

interface Field { name: string; type: string; missingValues?: string[] }

/** A copy of a bundled spec in a fresh folder (absolute source and hierarchy paths) that publishes every format. */
async function specCopy(name: string, edit: (s: string) => string = (s) => s): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tuomin-typed-${name}-`));
  const text = (await readFile(`fixtures/specs/${name}.yaml`, 'utf8'))
    .replace(/path: \.\.\/samples\//, `path: ${resolve('fixtures/samples')}/`)
    .replaceAll('file: hierarchies/', `file: ${resolve('fixtures/specs/hierarchies')}/`)
    .replace('folder: ../out', 'folder: out')
    .replace(/formats: \[[^\]]*\]/, `formats: ${FORMATS}`);
  await writeFile(join(dir, 'spec.yaml'), edit(text));
  return join(dir, 'spec.yaml');
}

async function run(spec: string): Promise<{ code: number; json: Record<string, any>; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } });
  const code = await main(['run', spec, '--json'], { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd: process.cwd(), env: { ...process.env, ...KEY_ENV } });
  return { code, json: JSON.parse(out || '{}') as Record<string, any>, err };
}

/** The DuckDB type a declared type must arrive as, from the Parquet file. */
function duckType(f: Field, scales: Map<string, number>): string {
  switch (f.type) {
    case 'string': return 'VARCHAR';
    case 'integer': return 'BIGINT';
    case 'number': return scales.has(f.name) ? `DECIMAL(38,${scales.get(f.name)})` : 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'datetime': return 'TIMESTAMP';
    default: throw new Error(`no DuckDB type for ${f.type}`);
  }
}

function arrowTypeOk(f: Field, t: DataType, scale: number | undefined): boolean {
  switch (f.type) {
    case 'string': return t.typeId === Type.Utf8 || (t.typeId === Type.Dictionary && (t as Dictionary).dictionary.typeId === Type.Utf8);
    case 'integer': return t.typeId === Type.Int && (t as unknown as { bitWidth: number }).bitWidth === 64;
    case 'number': return scale === undefined ? t.typeId === Type.Float : t.typeId === Type.Decimal && (t as Decimal).scale === scale;
    case 'boolean': return t.typeId === Type.Bool;
    case 'date': return t.typeId === Type.Date && (t as Date_).unit === DateUnit.DAY;
    case 'datetime': return t.typeId === Type.Timestamp && !(t as Timestamp).timezone;
    default: return false;
  }
}

const sql = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const MS_PER_DAY = 86400000;

let db: DuckDBInstance;
let con: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});
afterAll(() => {
  con?.closeSync();
  db?.closeSync();
});

async function rows(q: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(q)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Publishes a spec in every format and reads each copy back with its independent reader. */
async function checkTypedCopies(spec: string): Promise<void> {
  const r = await run(spec);
  expect(r.code, r.err).toBe(0);
  const pkg = r.json.packageDir as string;
  const dp = JSON.parse(await readFile(join(pkg, 'datapackage.json'), 'utf8'));
  const resource = (format: string) => dp.resources.find((x: { format: string }) => x.format === format);
  const fields = resource('csv').schema.fields as Field[];
  const scales = new Map<string, number>();
  for (const [source, c] of Object.entries((await loadSpec(spec)).spec.columns)) if (c.scale !== undefined) scales.set(c.name ?? source, c.scale);
  const file = (format: string) => join(pkg, resource(format).path as string);
  const n = r.json.rows as number;

  // Parquet, read by DuckDB: the declared types, column by column.
  const described = await rows(`DESCRIBE SELECT * FROM read_parquet(${sql(file('parquet'))})`);
  expect(described.map((d) => [d.column_name, d.column_type])).toEqual(fields.map((f) => [f.name, duckType(f, scales)]));
  // The CSV, read by DuckDB with the declared types and the package's null convention (an
  // unquoted empty field is null, a quoted "" an empty string), holds the same rows in the same order.
  const columns = `{${fields.map((f) => `${sql(f.name)}: ${sql(duckType(f, scales))}`).join(', ')}}`;
  const csv = `read_csv(${sql(file('csv'))}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false, columns = ${columns})`;
  const numbered = (from: string) => `SELECT row_number() OVER () AS rn, * FROM ${from}`;
  const [{ c: csvRows }] = await rows(`SELECT count(*)::INTEGER AS c FROM ${csv}`) as [{ c: number }];
  expect(csvRows).toBe(n);
  const diff = await rows(`SELECT count(*)::INTEGER AS c FROM ((${numbered(`read_parquet(${sql(file('parquet'))})`)}) EXCEPT ALL (${numbered(csv)}))`);
  expect(diff[0]!.c).toBe(0);

  // Nulls and empty strings stay apart in the CSV; a field whose "" is text says so.
  for (const f of fields.filter((x) => x.type === 'string')) {
    const [counts] = await rows(`SELECT count(*) FILTER (WHERE "${f.name}" IS NULL)::INTEGER AS nulls, count(*) FILTER (WHERE "${f.name}" = '')::INTEGER AS empties FROM ${csv}`) as [{ nulls: number; empties: number }];
    expect(f.missingValues, f.name).toEqual(counts.empties > 0 && counts.nulls === 0 ? [] : undefined);
  }
  expect(resource('csv')['gov:nulls']).toContain('allow_quoted_nulls = false');

  // The CSV's values as JavaScript values: the reference for the other copies.
  const ref = await rows(`SELECT * FROM ${csv}`);
  const expectedOf = (f: Field, v: unknown): unknown => {
    if (v === null) return null;
    if (f.type === 'number') return Number(v);
    if (f.type === 'integer') return Number(v);
    if (f.type === 'date') return (v as Date).getTime() / MS_PER_DAY;
    if (f.type === 'datetime') return (v as Date).getTime();
    return v;
  };

  // Arrow IPC, read by apache-arrow.
  const table = tableFromIPC(await readFile(file('arrow')));
  expect(table.numRows).toBe(n);
  for (const f of fields) {
    const col = table.getChild(f.name)!;
    expect(arrowTypeOk(f, col.type as DataType, scales.get(f.name)), `${f.name}: ${String(col.type)}`).toBe(true);
    const got = Array.from({ length: n }, (_, i) => {
      const v = col.get(i) as unknown;
      if (v === null) return null;
      if (f.type === 'number' && scales.has(f.name)) return Number(decimalText(col.data[0]!.values as Uint32Array, i, 4, scales.get(f.name)!));
      if (f.type === 'date' || f.type === 'datetime') return f.type === 'date' ? (v as number) / MS_PER_DAY : Number(v);
      return typeof v === 'bigint' ? Number(v) : v;
    });
    expect(got, f.name).toEqual(ref.map((row) => expectedOf(f, row[f.name])));
  }

  // XLSX, read by SheetJS: numbers are number cells, dates date cells with an ISO format,
  // booleans boolean cells, text text cells; a null is no cell, an empty string an empty text cell.
  const wb = XLSX.read(readFileSync(file('xlsx')), { type: 'buffer', cellNF: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  fields.forEach((f, c) => {
    const col = XLSX.utils.encode_col(c);
    expect(ws[`${col}1`]?.v).toBe(f.name);
    for (let i = 0; i < n; i++) {
      const cell = ws[`${col}${i + 2}`] as XLSX.CellObject | undefined;
      const want = ref[i]![f.name];
      if (want === null) { expect(cell, `${f.name} row ${i + 1}`).toBeUndefined(); continue; }
      const where = `${f.name} row ${i + 1}`;
      switch (f.type) {
        case 'number':
        case 'integer':
          expect([cell?.t, cell?.v], where).toEqual(['n', Number(want)]);
          if (scales.has(f.name)) expect(cell?.z, where).toBe(scales.get(f.name)! > 0 ? `0.${'0'.repeat(scales.get(f.name)!)}` : '0');
          break;
        case 'date':
          expect([cell?.t, cell?.v, cell?.z], where).toEqual(['n', (want as Date).getTime() / MS_PER_DAY + 25569, 'yyyy-mm-dd']);
          break;
        case 'datetime':
          expect([cell?.t, cell?.z], where).toEqual(['n', 'yyyy-mm-dd hh:mm:ss']);
          expect(cell?.v as number, where).toBeCloseTo((want as Date).getTime() / MS_PER_DAY + 25569, 8);
          break;
        case 'boolean':
          expect([cell?.t, cell?.v], where).toEqual(['b', want]);
          break;
        default:
          expect([cell?.t, cell?.v], where).toEqual(['s', want]);
      }
    }
  });

  // NDJSON: numbers as JSON numbers, dates as ISO text, nulls as null.
  const lines = (await readFile(file('ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(n);
  for (const f of fields) {
    expect(lines.map((l) => {
      const v = l[f.name];
      if (v === null || v === undefined) return null;
      if (f.type === 'date') return Date.parse(v as string) / MS_PER_DAY;
      if (f.type === 'datetime') return Date.parse(`${v as string}Z`);
      return v;
    }), f.name).toEqual(ref.map((row) => expectedOf(f, row[f.name])));
  }
}

describe('typed copies of every bundled package, read by independent readers', () => {
  for (const name of ['penalties', 'enterprises', 'employment']) {
    it(`${name}: Parquet (DuckDB), Arrow, XLSX (SheetJS) and NDJSON carry the declared types and the CSV's values`, async () => {
      await checkTypedCopies(await specCopy(name));
    }, 120_000);
  }

  it('integer, boolean and datetime columns too (enterprises with three more columns)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-typed-more-'));
    const src = (await readFile('fixtures/samples/enterprises.csv', 'utf8')).trimEnd().split('\n');
    const extra = (i: number): string => [
      i % 7 === 3 ? '' : String(((i * 1000003) % 100000) - 50000),
      i % 11 === 5 ? '' : ['是', '否', 'true', '0'][i % 4]!,
      i % 13 === 6 ? '' : `2024-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:3${i % 6}:0${i % 10}${i % 3 === 0 ? '.123' : ''}`,
    ].join(',');
    await writeFile(join(dir, 'enterprises.csv'), [`${src[0]},年检次数,存续,更新时间`, ...src.slice(1).map((l, i) => `${l},${extra(i)}`)].join('\n') + '\n');
    const spec = await specCopy('enterprises', (s) => s
      .replace(/path: \S*enterprises\.csv/, `path: ${join(dir, 'enterprises.csv')}`)
      .replace('\ncolumns:\n', '\ncolumns:\n  年检次数: { name: inspections, description: 年检次数, type: integer }\n  存续: { name: active, description: 是否存续, type: boolean }\n  更新时间: { name: updated_at, description: 更新时间, type: datetime }\n'));
    await checkTypedCopies(spec);
  }, 120_000);

  it('the CSV keeps its bytes: penalties money and dates are written as the source wrote them', async () => {
    const r = await run(await specCopy('penalties'));
    expect(r.code, r.err).toBe(0);
    const csv = await readFile(join(r.json.packageDir as string, 'data/binzhou-admin-penalties.csv'), 'utf8');
    const src = (await readFile('fixtures/samples/penalties.csv', 'utf8')).trim().split('\n');
    const header = src[0]!.split(',');
    const out = csv.trim().split('\n');
    const amount = header.indexOf('罚款金额');
    const day = header.indexOf('决定日期');
    // Neither the money nor the date column contains a comma: split is safe for them.
    const pick = (lines: string[], a: number, d: number) => lines.slice(1).map((l) => { const x = l.split(','); return `${x.at(a - header.length)!}|${x.at(d - header.length)!}`; });
    expect(pick(out, amount, day)).toEqual(pick(src, amount, day));
  }, 60_000);

  it('fails closed when a value the review accepts cannot be held by a typed copy (more decimals than the scale), naming column and row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-typed-bad-'));
    const lines = (await readFile('fixtures/samples/enterprises.csv', 'utf8')).split('\n');
    expect(lines[1]).toContain(',450.00,');
    lines[1] = lines[1]!.replace(',450.00,', ',450.005,');
    await writeFile(join(dir, 'enterprises.csv'), lines.join('\n'));
    const spec = await specCopy('enterprises', (s) => s.replace(/path: \S*enterprises\.csv/, `path: ${join(dir, 'enterprises.csv')}`));
    const r = await run(spec);
    expect(r.code).not.toBe(0);
    expect(r.json.error).toMatchObject({ code: 'BAD_VALUE', column: 'registered_capital', row: 1 });
    expect(r.err).toContain('number with 2 decimals');
    expect(r.err).not.toContain('450.005');
  }, 60_000);
});

describe('textToType (the output-types kernel)', () => {
  const utf8 = (values: Array<string | null>) => vectorFromArray(values, new Utf8()).data[0]!;
  it('decimals are exact at the declared scale; more digits, 38 digits or a non-number are refused', () => {
    const r = textToType('number', 2)(utf8(['1400.5', '-0.05', '1.5e3', '0.001', '', null, '12345678901234567890.12', '1e40', '+7', '.5', '2.500', '-0']));
    const words = r.data.values as Uint32Array;
    const text = (i: number) => (r.data.getValid(i) ? decimalText(words, i, 4, 2) : null);
    expect(Array.from({ length: 12 }, (_, i) => text(i))).toEqual(['1400.50', '-0.05', '1500.00', null, null, null, '12345678901234567890.12', null, '7.00', '0.50', '2.50', '0.00']);
    expect([r.invalid, r.firstInvalid]).toEqual([3, 3]);
  });
  it('numbers without a scale are the doubles Number() reads, on the fast path and off it', () => {
    // A seeded LCG: short decimals (the fast path) and long ones, exponents, signs.
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const texts = Array.from({ length: 4000 }, (_, k) => {
      const int = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 12))));
      const frac = String(Math.floor(next() * 10 ** 9)).padStart(9, '0').slice(0, Math.floor(next() * (k % 2 ? 9 : 4)));
      return `${next() < 0.3 ? '-' : ''}${int}${frac ? `.${frac}` : ''}${k % 7 === 0 ? `e${Math.floor(next() * 40) - 20}` : ''}`;
    });
    const r = textToType('number', undefined)(utf8(texts));
    expect(r.invalid).toBe(0);
    expect(Array.from(r.data.values as Float64Array)).toEqual(texts.map(Number));
  });

  it('dictionary chunks, integers beyond 2^53, booleans, dates and datetimes without a zone', () => {
    const dict = makeData({ type: new Dictionary(new Utf8(), new Int32()), length: 3, data: new Int32Array([1, 0, 1]), dictionary: vectorFromArray(['2024-02-29', '1969-12-31'], new Utf8()) });
    const d = textToType('date', undefined)(dict);
    expect(Array.from(d.data.values as Int32Array)).toEqual([-1, 19782, -1]);
    const big = textToType('integer', undefined)(utf8(['9007199254740993', '-9223372036854775808', '9223372036854775808', '007']));
    expect([...(big.data.values as BigInt64Array)].slice(0, 2)).toEqual([9007199254740993n, -9223372036854775808n]);
    expect([big.invalid, big.firstInvalid, (big.data.values as BigInt64Array)[3]]).toEqual([1, 2, 7n]);
    const b = textToType('boolean', undefined)(utf8(['是', 'false', 'Y', 'maybe']));
    expect([0, 1, 2].map((i) => b.data.getValid(i) && ((b.data.values as Uint8Array)[0]! >> i) & 1)).toEqual([1, 0, 1]);
    expect(b.invalid).toBe(1);
    const t = textToType('datetime', undefined)(utf8(['2024-01-05 10:00', '2024-01-05T10:00:00.123', '2024-01-05T10:00:00Z', '2024-01-05T10:00:00+08:00', '2024-01-05T10:00:00.1234']));
    expect([...(t.data.values as BigInt64Array)].slice(0, 2)).toEqual([BigInt(Date.UTC(2024, 0, 5, 10)), BigInt(Date.UTC(2024, 0, 5, 10, 0, 0, 123))]);
    expect([t.invalid, t.firstInvalid]).toEqual([3, 2]);
  });
});
