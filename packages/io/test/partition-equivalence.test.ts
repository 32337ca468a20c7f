import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Float64, Int32, RecordBatch, Schema, Table, Utf8, makeTable, tableToIPC, vectorFromArray } from 'apache-arrow';
import { writeOutput, type ReadOptions } from '../src/formats.js';
import { partitionBases, planPartitions } from '../src/partition/index.js';
import { random, readPartitions, sequential } from './partition-support.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-partition-eq-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const ROWS = 600;
const NAMES = ['张三', '李四', '王五', '赵六', 'Ann', ''];

/** Rows with Chinese text, nulls, quoted newlines (CRLF too), quotes and delimiters in values. */
function values(seed: number): Array<{ id: number; name: string | null; note: string | null; kind: string | null; amount: number | null }> {
  const rnd = random(seed);
  return Array.from({ length: ROWS }, (_, i) => ({
    id: i,
    name: rnd() < 0.1 ? null : NAMES[Math.floor(rnd() * NAMES.length)]!,
    note: rnd() < 0.1 ? null : rnd() < 0.2 ? `第${i}行\n续"引号", 逗号\r\n末` : `备注 ${i}`,
    kind: rnd() < 0.1 ? null : ['甲', '乙', '丙'][Math.floor(rnd() * 3)]!,
    amount: rnd() < 0.1 ? null : Math.round(rnd() * 1e6) / 100,
  }));
}

function table(seed: number): Table {
  const v = values(seed);
  return (makeTable as unknown as (columns: object) => Table)({
    id: vectorFromArray(v.map((r) => r.id), new Int32()),
    name: vectorFromArray(v.map((r) => r.name), new Utf8()),
    note: vectorFromArray(v.map((r) => r.note), new Utf8()),
    kind: vectorFromArray(v.map((r) => r.kind), new Dictionary(new Utf8(), new Int32())),
    amount: vectorFromArray(v.map((r) => r.amount), new Float64()),
  } as never);
}

async function* batchesOf(t: Table, size: number): AsyncIterable<RecordBatch> {
  for (const b of t.batches) for (let s = 0; s < b.numRows; s += size) yield b.slice(s, Math.min(b.numRows, s + size));
}

function csvText(seed: number, eol: string, bom: boolean): string {
  const q = (s: string | null): string => (s === null ? '' : /[",\r\n]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = ['id,name,note,kind,amount'];
  for (const r of values(seed)) {
    lines.push([String(r.id), q(r.name), q(r.note), q(r.kind), r.amount === null ? '' : String(r.amount)].join(','));
    if (r.id % 97 === 5) lines.push(''); // blank lines are not rows
  }
  return (bom ? '\ufeff' : '') + lines.join(eol) + eol;
}

function ndjsonText(seed: number, eol: string, bom: boolean): string {
  const lines: string[] = [];
  for (const r of values(seed)) {
    // Missing keys and null are both null; numbers stay as written; a nested value becomes its JSON.
    const o: Record<string, unknown> = { id: r.id, name: r.name, note: r.note };
    if (r.kind !== null) o.kind = r.kind;
    if (r.amount !== null) o.amount = r.id % 50 === 0 ? { v: r.amount } : r.amount;
    lines.push(JSON.stringify(o));
    if (r.id % 89 === 3) lines.push(r.id % 2 ? '' : '   ');
  }
  return (bom ? '\ufeff' : '') + lines.join(eol) + (seed % 2 ? eol : '');
}

/** The 1-based line of byte `at` (LF, CRLF and a lone CR each end a line). */
function lineAt(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  return line;
}

interface Case { name: string; file: string; options: ReadOptions }
const cases: Case[] = [];

beforeAll(async () => {
  const add = async (name: string, file: string, write: (path: string) => Promise<unknown>, options: ReadOptions = {}): Promise<void> => {
    const path = join(dir, file);
    await write(path);
    cases.push({ name, file: path, options });
  };
  await add('CSV, LF', 'lf.csv', (p) => writeFile(p, csvText(1, '\n', false)));
  await add('CSV, CRLF, BOM, nulls', 'crlf.csv', (p) => writeFile(p, csvText(2, '\r\n', true)), { csv: { nullTokens: [''] } });
  await add('TSV', 'tab.tsv', (p) => writeFile(p, csvText(3, '\n', false).replaceAll(',', '\t').replace(/"[^"]*"/g, (m) => m.replaceAll('\t', ','))));
  await add('CSV, no header', 'nohead.csv', (p) => writeFile(p, csvText(4, '\r\n', false)), { csv: { header: false } });
  await add('NDJSON, LF, final newline', 'a.ndjson', (p) => writeFile(p, ndjsonText(5, '\n', false)));
  await add('NDJSON, CRLF, BOM, no final newline', 'b.jsonl', (p) => writeFile(p, ndjsonText(6, '\r\n', true)));
  const t = table(7);
  await add('Parquet, row groups of 53', 'a.parquet', (p) => writeOutput(p, t.schema, batchesOf(t, 600), { parquet: { rowGroupSize: 53 }, metadata: { 来源: '某局' } }));
  // apache-arrow's own writer keeps the batches as given (tuomin's writer re-batches to fixed rows).
  const sliced = t.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 41) }, (_, k) => b.slice(k * 41, Math.min(b.numRows, k * 41 + 41))));
  const withMeta = new Table(new Schema(t.schema.fields, new Map([['来源', '某局']])), sliced.map((b) => new RecordBatch(new Schema(t.schema.fields, new Map([['来源', '某局']])), b.data)));
  await add('Arrow IPC file, batches of 41, dictionary column', 'a.arrow', (p) => writeFile(p, tableToIPC(withMeta, 'file')));
});

describe('partitions read in order give openSource\'s schema and rows', () => {
  for (const name of ['CSV, LF', 'CSV, CRLF, BOM, nulls', 'TSV', 'CSV, no header', 'NDJSON, LF, final newline', 'NDJSON, CRLF, BOM, no final newline', 'Parquet, row groups of 53', 'Arrow IPC file, batches of 41, dictionary column']) {
    it(name, async () => {
      const c = cases.find((x) => x.name === name)!;
      for (const batchSize of [undefined, 17]) {
        const options: ReadOptions = { ...c.options, ...(batchSize ? { batchSize } : {}) };
        const expected = await sequential(c.file, options);
        expect(expected.rows.length).toBe(ROWS + (c.options.csv?.header === false ? 1 : 0));
        // Parquet starts two decoder workers per partition: fewer counts keep the test short.
        for (const n of name.startsWith('Parquet') ? [1, 2, 5, 8] : [1, 2, 3, 4, 5, 6, 7, 8]) {
          const plan = await planPartitions(c.file, options, { bytes: 1 << 30, min: n });
          // Plain data: a plan crosses postMessage and JSON.
          expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
          expect(plan.partitions.length, `${n} wanted`).toBe(n === 1 ? 1 : n);
          expect(plan.single).toBeUndefined();
          const got = await readPartitions(JSON.parse(JSON.stringify(plan)), options);
          expect(got.schema, `${n} partitions`).toEqual(expected.schema);
          expect(got.rows, `${n} partitions, batch size ${batchSize}`).toEqual(expected.rows);
          expect(got.maxBatch).toBeLessThanOrEqual(batchSize ?? 65536);
          expect(got.counts.reduce((a, x) => a + x.rows, 0)).toBe(expected.rows.length);
          // Global numbers by prefix sums: each partition starts on the line an editor shows there.
          expect(got.joins).toBe(0);
          const { rowBase, lineBase } = partitionBases(plan, got.counts);
          const bytes = readFileSync(c.file);
          plan.partitions.forEach((p, k) => {
            expect(rowBase[k]).toBe(got.counts.slice(0, k).reduce((a, x) => a + x.rows, 0));
            if (p.kind === 'csv-bytes' || p.kind === 'ndjson-lines') expect(lineBase[k], `partition ${k}`).toBe(lineAt(bytes, p.start));
          });
        }
      }
    });
  }
});
