/**
 * Generalization kernels on 2,000,000 values: ours (buffer kernels) vs the naive path
 * (Vector.get + JS string work + vectorFromArray) vs DuckDB on one thread, after checking
 * that all three give the same output on a sample.
 */
import { DateDay, Field, Int32, RecordBatch, Schema, Utf8, Vector, vectorFromArray, type Data } from 'apache-arrow';
import { batchFromColumns, generalize, type GeneralizeOptions } from '@tuomin/core';
import { assertSame, benchRows, report, row, timeIt, type ResultRow } from './lib/harness.js';
import { duckdb } from './lib/duckdb.js';
import { mulberry32 } from './lib/random.js';

const N = benchRows(2_000_000);
const SAMPLE = 2000;
const AS_OF = '2024-08-13';


const REGIONS = ['371602', '370102', '110105', '440305', '310115', '510107', '330106', '420106', '320106', '610113'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function makeData(n: number): { ids: string[]; dates: string[]; ages: number[] } {
  const rnd = mulberry32(20240813);
  const ids: string[] = new Array(n);
  const dates: string[] = new Array(n);
  const ages: number[] = new Array(n);
  const day0 = Date.UTC(1940, 0, 1) / 86400000;
  for (let i = 0; i < n; i++) {
    const birth = new Date((day0 + Math.floor(rnd() * 25500)) * 86400000);
    const body = REGIONS[Math.floor(rnd() * REGIONS.length)]! + birth.toISOString().slice(0, 10).replaceAll('-', '') + pad(Math.floor(rnd() * 1000), 3);
    let s = 0;
    for (let k = 0; k < 17; k++) s += (body.charCodeAt(k) - 48) * W[k]!;
    ids[i] = body + CHECK[s % 11]!;
    dates[i] = new Date(Date.UTC(2015, 0, 1) + Math.floor(rnd() * 3650) * 86400000).toISOString().slice(0, 10);
    ages[i] = Math.floor(rnd() * 100);
  }
  return { ids, dates, ages };
}

/** The readers' default batch size: the kernels see columns in chunks of this many rows. */
const BATCH_ROWS = 65_536;

/** A vector of BATCH_ROWS-row chunks, each with buffers of its own, as a reader produces them. */
function chunked<T>(values: T[], type: Utf8 | DateDay | Int32): Vector {
  const parts: Data[] = [];
  for (let s = 0; s < values.length; s += BATCH_ROWS) parts.push(vectorFromArray(values.slice(s, s + BATCH_ROWS) as never, type as never).data[0]!);
  return new Vector(parts);
}

/** Run a generalize transform over every chunk of one column, one batch per chunk; returns the output column. */
async function oursAsync(options: GeneralizeOptions, vec: Vector): Promise<Vector> {
  const schema = new Schema([new Field('c', vec.type, true)]);
  const bound = generalize({ ...options, columns: ['c'] } as never).bind(schema);
  const batches = vec.data.map((d) => batchFromColumns(schema, [d], d.length));
  const out: Data[] = [];
  for await (const b of bound.apply((async function* () { yield* batches; })())) out.push((b as RecordBatch).getChildAt(0)!.data[0]!);
  return new Vector(out);
}

const head = (v: Vector, n = SAMPLE): unknown[] => Array.from({ length: Math.min(n, v.length) }, (_, i) => v.get(i));

// The JS strings exist only while the vectors and DuckDB's table are built: kept alive, millions
// of strings make each major GC (which external buffer allocations trigger) far slower than in a
// real pipeline, which holds no JS strings.
async function setup() {
  const { ids, dates, ages } = makeData(N);
  const idVec = chunked(ids, new Utf8());
  const dateVec = chunked(dates, new Utf8());
  const dayVec = chunked(dates.map((d) => new Date(`${d}T00:00:00Z`)), new DateDay());
  const ageVec = chunked(ages, new Int32());
  const bytesOf = (v: Vector): number => v.data.reduce((a, d) => a + (d.values as Uint8Array).length, 0);

  console.log(`generated ${N} rows`);
  const db = await duckdb(1);
  await db.run('CREATE TABLE t (i INTEGER, id VARCHAR, ds VARCHAR, age INTEGER)');
  const app = await db.createAppender('t');
  for (let i = 0; i < N; i++) {
    app.appendInteger(i); app.appendVarchar(ids[i]!); app.appendVarchar(dates[i]!); app.appendInteger(ages[i]!); app.endRow();
  }
  app.closeSync();
  console.log('loaded duckdb');
  await db.run('CREATE TABLE td AS SELECT i, CAST(ds AS DATE) AS d FROM t');
  return { idVec, dateVec, dayVec, ageVec, idBytes: bytesOf(idVec), dateBytes: bytesOf(dateVec), db };
}

export default async function (): Promise<void> {
  const { idVec, dateVec, dayVec, ageVec, idBytes, dateBytes, db } = await setup();
  const duckSample = async (expr: string, table = 't'): Promise<unknown[]> =>
    (await db.runAndReadAll(`SELECT ${expr} AS r FROM ${table} ORDER BY i LIMIT ${SAMPLE}`)).getRows().map((r) => r[0]);
  const duckTime = (expr: string, table = 't') => timeIt(`duckdb ${expr}`, () => db.run(`CREATE OR REPLACE TEMP TABLE r AS SELECT ${expr} AS r FROM ${table}`), 10, 5);

  const rows: ResultRow[] = [];
  const cases: Array<{
    name: string; options: GeneralizeOptions; input: Vector; bytes: number;
    naive: () => Vector; sql: string; sqlSample?: string; table?: string; fmt?: (v: unknown) => unknown;
  }> = [
    {
      name: 'date string → month', options: { method: 'date', unit: 'month' }, input: dateVec, bytes: dateBytes,
      naive: () => {
        const out = new Array<string | null>(N);
        for (let i = 0; i < N; i++) {
          const s = dateVec.get(i) as string | null;
          const m = s === null ? null : /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
          out[i] = m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : null;
        }
        return vectorFromArray(out, new Utf8());
      },
      sql: `strftime(date_trunc('month', CAST(ds AS DATE)), '%Y-%m')`,
    },
    {
      name: 'Date32 → month', options: { method: 'date', unit: 'month' }, input: dayVec, bytes: N * 4,
      naive: () => {
        const out = new Array<Date | null>(N);
        for (let i = 0; i < N; i++) {
          const ms = dayVec.get(i) as number | null;
          if (ms === null) { out[i] = null; continue; }
          const d = new Date(ms);
          out[i] = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        }
        return vectorFromArray(out, new DateDay());
      },
      sql: `date_trunc('month', d)::DATE`, sqlSample: `strftime(date_trunc('month', d), '%Y-%m-%d')`, table: 'td',
      fmt: (v) => new Date(v as number).toISOString().slice(0, 10),
    },
    {
      name: 'ID → age band (10y, top 80)', options: { method: 'age', from: 'id', asOf: AS_OF, bins: { width: 10, top: 80 } }, input: idVec, bytes: idBytes,
      naive: () => {
        const out = new Array<string | null>(N);
        for (let i = 0; i < N; i++) {
          const s = idVec.get(i) as string | null;
          if (s === null || s.length !== 18) { out[i] = null; continue; }
          const age = 2024 - Number(s.slice(6, 10)) - (s.slice(10, 14) > '0813' ? 1 : 0);
          const lo = Math.floor(age / 10) * 10;
          out[i] = age >= 80 ? '>=80' : `[${lo},${lo + 10})`;
        }
        return vectorFromArray(out, new Utf8());
      },
      sql: `(WITH_AGE)`,
    },
    {
      name: 'ID → county code', options: { method: 'id-region', level: 'county' }, input: idVec, bytes: idBytes,
      naive: () => {
        const out = new Array<string | null>(N);
        for (let i = 0; i < N; i++) { const s = idVec.get(i) as string | null; out[i] = s === null ? null : s.slice(0, 6); }
        return vectorFromArray(out, new Utf8());
      },
      sql: 'substr(id, 1, 6)',
    },
    {
      name: 'ID → city code', options: { method: 'id-region', level: 'city' }, input: idVec, bytes: idBytes,
      naive: () => {
        const out = new Array<string | null>(N);
        for (let i = 0; i < N; i++) { const s = idVec.get(i) as string | null; out[i] = s === null ? null : `${s.slice(0, 4)}00`; }
        return vectorFromArray(out, new Utf8());
      },
      sql: `substr(id, 1, 4) || '00'`,
    },
    {
      name: 'Int32 → bins (10, top 90)', options: { method: 'bins', bins: { width: 10, top: 90 } }, input: ageVec, bytes: N * 4,
      naive: () => {
        const out = new Array<string | null>(N);
        for (let i = 0; i < N; i++) {
          const a = ageVec.get(i) as number | null;
          if (a === null) { out[i] = null; continue; }
          const lo = Math.floor(a / 10) * 10;
          out[i] = a >= 90 ? '>=90' : `[${lo},${lo + 10})`;
        }
        return vectorFromArray(out, new Utf8());
      },
      sql: `CASE WHEN age >= 90 THEN '>=90' ELSE '[' || (age // 10 * 10) || ',' || (age // 10 * 10 + 10) || ')' END`,
    },
  ];
  const ageSql = `CASE WHEN a >= 80 THEN '>=80' ELSE '[' || (a // 10 * 10) || ',' || (a // 10 * 10 + 10) || ')' END`;
  const ageFrom = `(SELECT i, 2024 - CAST(substr(id, 7, 4) AS INTEGER) - CASE WHEN substr(id, 11, 4) > '0813' THEN 1 ELSE 0 END AS a FROM t)`;

  for (const c of cases) {
    const sql = c.sql === '(WITH_AGE)' ? ageSql : c.sql;
    const table = c.sql === '(WITH_AGE)' ? ageFrom : (c.table ?? 't');
    const o = await oursAsync(c.options, c.input);
    const fmt = c.fmt ?? ((v: unknown) => v);
    const mine = head(o).map(fmt);
    assertSame(`${c.name}: ours vs naive`, mine, head(c.naive()).map(fmt));
    assertSame(`${c.name}: ours vs duckdb`, mine, await duckSample(c.sqlSample ?? sql, table));
    // Five warm-ups for both sides: the first runs (JIT tiers, heap and arenas growing) are slower.
    const msOurs = await timeIt(`ours ${c.name}`, () => oursAsync(c.options, c.input), 10, 5);
    const msNaive = await timeIt(`naive ${c.name}`, c.naive, 1);
    const msDuck = await duckTime(sql, table);
    console.log(`${c.name}: ours ${msOurs.toFixed(1)} ms, naive ${msNaive.toFixed(1)} ms, duckdb ${msDuck.toFixed(1)} ms`);
    rows.push(row({ case: `${c.name}`, rows: N, bytes: c.bytes, ms: msOurs, peer: 'naive (Vector.get)', peerMs: msNaive }));
    rows.push(row({ case: `${c.name}`, rows: N, bytes: c.bytes, ms: msOurs, peer: 'duckdb 1 thread', peerMs: msDuck }));
  }
  await report('generalize', rows);
}
