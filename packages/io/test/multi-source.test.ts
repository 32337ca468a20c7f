import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int32, Utf8, makeTable, vectorFromArray, type Data, type RecordBatch, type Table } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { openSource, writeOutput, type ReadOptions } from '../src/formats.js';
import { joinPartitions, openPartition, partitionBases, planPartitions } from '../src/partition/index.js';
import { random, readPartitions } from './partition-support.js';

/**
 * A source of several files (multi-source.ts, partition/files.ts), on monthly 医保报销 (medical
 * insurance reimbursement) extracts: Chinese headers, quoted newlines, one month with CRLF line
 * ends, NULL tokens. The reference is always the same rows in one concatenated file.
 */

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-multi-source-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const HEADER = ['结算单号', '参保人姓名', '身份证号', '就诊日期', '医疗机构', '诊断', '总费用', '统筹支付', '备注'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊'];
const HOSPITALS = ['市第一人民医院', '区中医院', '"仁济"社区卫生服务中心', '妇幼保健院, 东院'];

/** One month's data lines (no header): `rows` claims, seeded by the month. */
function monthRows(month: number, rows: number, eol: string): string[] {
  const rnd = random(1000 + month);
  const q = (v: string): string => (/[,"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return Array.from({ length: rows }, (_, i) => {
    const fee = Math.round(rnd() * 500_000) / 100;
    const note = rnd() < 0.15 ? `复诊${eol}医嘱：“多喝水”` : rnd() < 0.2 ? 'NULL' : rnd() < 0.1 ? '' : `第${i}次`;
    return [
      `YB2024${String(month).padStart(2, '0')}${String(i).padStart(6, '0')}`,
      NAMES[Math.floor(rnd() * NAMES.length)]!,
      rnd() < 0.1 ? 'NULL' : `11010519${80 + Math.floor(rnd() * 20)}0${1 + Math.floor(rnd() * 9)}1${String(i % 1000).padStart(3, '0')}X`,
      `2024-${String(month).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      HOSPITALS[Math.floor(rnd() * HOSPITALS.length)]!,
      rnd() < 0.5 ? 'J06.9 急性上呼吸道感染' : 'E11.9 2型糖尿病',
      fee.toFixed(2),
      rnd() < 0.1 ? 'NULL' : (fee * 0.7).toFixed(2),
      note,
    ].map(q).join(',');
  });
}

interface Months {
  files: string[];
  /** The same rows in one file. */
  joined: string;
  /** Data lines per month (for line numbers). */
  lines: string[][];
}

/** Four months, one with CRLF line ends; the joined file has one header and every month's rows in order. */
async function writeMonths(name: string, rows = [40, 55, 30, 47], edit?: (month: number, text: string) => string): Promise<Months> {
  const files: string[] = [];
  const lines: string[][] = [];
  const all: string[] = [];
  for (let m = 1; m <= rows.length; m++) {
    const eol = m === 2 ? '\r\n' : '\n';
    const data = monthRows(m, rows[m - 1]!, eol);
    lines.push(data);
    all.push(...data);
    const path = join(dir, `${name}-2024-${String(m).padStart(2, '0')}.csv`);
    await writeFile(path, (edit ?? ((_, t) => t))(m, `${HEADER.join(',')}${eol}${data.join(eol)}${eol}`));
    files.push(path);
  }
  const joined = join(dir, `${name}-all.csv`);
  await writeFile(joined, `${HEADER.join(',')}\n${all.join('\n')}\n`);
  return { files, joined, lines };
}

/**
 * Every column's cells from its buffers (value offsets, bytes, validity bits, respecting the
 * slice offset), not through Vector.get: what the readers built is compared, not a view of it.
 */
function cellsOf(batches: readonly RecordBatch[]): Array<Array<string | null>> {
  const utf8 = new TextDecoder();
  const cols: Array<Array<string | null>> = [];
  for (const b of batches) {
    b.data.children.forEach((d: Data, c) => {
      const out = (cols[c] ??= []);
      const offsets = d.valueOffsets as Int32Array;
      for (let i = 0; i < d.length; i++) {
        const k = d.offset + i;
        const valid = d.nullBitmap === null || d.nullBitmap.length === 0 || ((d.nullBitmap[k >> 3]! >> (k & 7)) & 1) === 1;
        out.push(valid ? utf8.decode(d.values.subarray(offsets[k]!, offsets[k + 1]!)) : null);
      }
    });
  }
  return cols;
}

async function readAll(path: string | string[], options: ReadOptions = {}): Promise<{ cells: Array<Array<string | null>>; names: string[]; source: Awaited<ReturnType<typeof openSource>> }> {
  const source = await openSource(path, options);
  const batches: RecordBatch[] = [];
  for await (const b of source.batches()) batches.push(b);
  return { cells: cellsOf(batches), names: source.schema.fields.map((f) => f.name), source };
}

async function failure(p: Promise<unknown>): Promise<TuominError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  return err as TuominError;
}

const NULLS: ReadOptions = { csv: { nullTokens: ['NULL'] }, batchSize: 16 };

describe('several CSV files as one source', () => {
  it('reads the rows of the concatenated file, with nulls, quoted newlines and a CRLF month; stats sum; files named with their sizes', async () => {
    const m = await writeMonths('same');
    const many = await readAll(m.files, NULLS);
    const one = await readAll(m.joined, NULLS);
    expect(many.names).toEqual(HEADER);
    expect(many.cells[0]!.length).toBe(172);
    expect(many.cells).toEqual(one.cells);
    // Nulls and quoted newlines came through as values, not as text.
    expect(many.cells[8]!.some((v) => v === null)).toBe(true);
    expect(many.cells[8]!.some((v) => v?.includes('\r\n'))).toBe(true);
    expect(many.source.stats).toMatchObject({ rows: 172, badRows: 0, encoding: 'utf-8', delimiter: ',' });
    const sizes = await Promise.all(m.files.map(async (f) => (await readFile(f)).length));
    expect(many.source.stats!.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(many.source.files).toEqual(m.files.map((path, k) => ({ path, bytes: sizes[k] })));
    // A second pass gives the same rows and the same figures (not twice the figures).
    const again = cellsOf(await collect(many.source.batches()));
    expect(again).toEqual(one.cells);
    expect(many.source.stats!.rows).toBe(172);
  });

  it('a one-element list is the file itself', async () => {
    const m = await writeMonths('single');
    const a = await readAll([m.files[0]!], NULLS);
    const b = await readAll(m.files[0]!, NULLS);
    expect(a.cells).toEqual(b.cells);
    expect(a.source.files).toBeUndefined();
  });

  it('fixes the delimiter on the first file: a later month whose first rows look semicolon-separated is still read with commas', async () => {
    const m = await writeMonths('delim', [20, 20], (month, text) => (month === 2 ? text.replace(/\r\n/g, '\n').split('\n').map((l, i) => (i === 0 ? l : `${l.replaceAll(',', ';')}`)).join('\n') : text));
    // Month 2's rows now hold one field each (no comma): ragged against the first file's header.
    const err = await failure(readAll(m.files, NULLS));
    expect(err.location.file).toBe(m.files[1]);
    expect(err.text?.id).toBe('csv.ragged');
  });

  it('refuses a later file whose header differs, naming the file and the first differing column', async () => {
    const swapped = [...HEADER];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    const m = await writeMonths('hdr', [10, 10, 10], (month, text) => (month === 3 ? text.replace(HEADER.join(','), swapped.join(',')) : text));
    const err = await failure(openSource(m.files, NULLS));
    expect(err.location.file).toBe(m.files[2]);
    expect(err.location.column).toBe('医疗机构');
    expect(err.text).toMatchObject({ id: 'source.columnsDiffer', params: { index: 4 } });
    expect(err.detail).toContain('column 4 is "医疗机构" there and "就诊日期" in the first file');
    // A column missing at the end.
    const short = await writeMonths('hdr2', [5, 5], (month, text) => (month === 2 ? text.replace(',备注', '').replace(/,[^,\n]*$/gm, (s) => s) : text));
    const err2 = await failure(openSource(short.files, NULLS));
    expect(err2.location.file).toBe(short.files[1]);
    expect(err2.detail).toContain('column 9 is missing there');
  });

  it('a bad row in the third file names that file and its own line', async () => {
    // Month 3's 7th data row loses its last field: line 8 of that file (after the header).
    const m = await writeMonths('bad', [30, 30, 30, 30], (month, text) => {
      if (month !== 3) return text;
      const lines = text.split('\n');
      lines[7] = lines[7]!.replace(/,[^,]*$/, '');
      return lines.join('\n');
    });
    expect(m.lines[2]![6]).not.toContain('\n'); // the row edited has no quoted newline, so its line is 8
    const err = await failure(readAll(m.files, NULLS));
    expect(err.text?.id).toBe('csv.ragged');
    expect(err.location).toMatchObject({ file: m.files[2], line: 8 });
  });

  it('an unterminated quote in a later file names that file and its line', async () => {
    const m = await writeMonths('quote', [10, 10], (month, text) => (month === 2 ? `${text}YB-x,"unclosed\n` : text));
    const err = await failure(readAll(m.files, NULLS));
    expect(err.location.file).toBe(m.files[1]);
    expect(err.text?.id).toBe('csv.unterminatedQuote');
  });

  it('refuses a GBK file among UTF-8 ones (not read as garbled text)', async () => {
    const m = await writeMonths('gbk', [10, 10, 10]);
    // Month 2 saved as GBK (GB18030 encodes these characters as GBK does).
    const text = await readFile(m.files[1]!, 'utf8');
    await writeFile(m.files[1]!, gbk(text));
    const err = await failure(openSource(m.files, NULLS));
    expect(err.text?.id).toBe('source.mixedEncodings');
    expect(err.location.file).toBe(m.files[1]);
    expect(err.detail).toContain('GB18030');
  });

  it('refuses files of two formats, naming both', async () => {
    const m = await writeMonths('fmt', [5, 5]);
    const tsv = join(dir, 'fmt-extra.tsv');
    await writeFile(tsv, `${HEADER.join('\t')}\n`);
    const err = await failure(openSource([m.files[0]!, tsv]));
    expect(err.text?.id).toBe('source.mixedFormats');
    expect(err.detail).toContain(m.files[0]!);
    expect(err.detail).toContain(tsv);
  });

  it('onBadRow skip: the bad rows of every file go to one reject file, in file order', async () => {
    const m = await writeMonths('skip', [12, 12, 12], (month, text) => (month === 1 || month === 3 ? `${text}坏行${month},只有两列\n` : text));
    const rejectPath = join(dir, 'skip.rejects.csv');
    const r = await readAll(m.files, { ...NULLS, csv: { ...NULLS.csv, onBadRow: 'skip', rejectPath } });
    expect(r.cells[0]!.length).toBe(36);
    expect(r.source.stats!.badRows).toBe(2);
    expect(await readFile(rejectPath, 'utf8')).toBe('坏行1,只有两列\n坏行3,只有两列\n');
    expect(r.source.warnings).toEqual([`2 bad row(s) written to ${rejectPath}`]);
    for (let k = 0; k < 3; k++) expect(existsSync(`${rejectPath}.${k}.part`)).toBe(false);
  });
});

describe('partitions over several files', () => {
  it('every partition lies in one file; read in order they give the concatenated file\'s rows; lines are each file\'s own', async () => {
    const m = await writeMonths('parts', [200, 260, 150, 220]);
    const plan = await planPartitions(m.files, NULLS, { bytes: 4096 });
    expect(plan.layout).toMatchObject({ kind: 'files', columns: HEADER, delimiter: ',' });
    expect(plan.files!.map((f) => f.path)).toEqual(m.files);
    expect(plan.partitions.length).toBeGreaterThan(8);
    // Refs carry their file, in file order; a file's last partition ends at its end.
    const fileOf = plan.partitions.map((p) => p.file);
    expect(fileOf).toEqual([...fileOf].sort());
    expect(new Set(fileOf)).toEqual(new Set([0, 1, 2, 3]));
    for (const [f, sub] of plan.files!.entries()) {
      const last = sub.partitions[sub.partitions.length - 1]!;
      expect(last.kind === 'csv-bytes' && last.end).toBe(sub.pin.size);
      expect(plan.partitions.filter((p) => p.file === f).length).toBe(sub.partitions.length);
    }
    const read = await readPartitions(plan, NULLS);
    const one = await readAll(m.joined, NULLS);
    const rows = read.rows;
    expect(rows.length).toBe(830);
    const cols = one.cells;
    expect(rows.map((r) => r.map((v) => (v === null ? null : String(v))))).toEqual(cols[0]!.map((_, i) => cols.map((c) => c[i]!)));
    // Rows continue across files; lines start again in each file (after its header, line 2).
    const bases = partitionBases(plan, read.counts);
    const firstOf = (f: number): number => plan.partitions.findIndex((p) => p.file === f);
    for (let f = 0; f < 4; f++) expect(bases.lineBase[firstOf(f)]).toBe(2);
    expect(bases.rowBase[firstOf(1)]).toBe(200);
    expect(bases.rowBase[firstOf(3)]).toBe(610);
  });

  it('a bad row in the third file: its partition\'s error, moved by the bases, names that file and its own line', async () => {
    const m = await writeMonths('partbad', [100, 100, 100], (month, text) => {
      if (month !== 3) return text;
      const lines = text.split('\n');
      // A data line well inside the file, without a quoted newline before it in the same record.
      let k = 60;
      while (lines[k - 1]!.split('"').length % 2 === 0 || lines[k]!.split('"').length % 2 === 0) k++;
      lines[k] = `${lines[k]},一列太多`;
      return lines.join('\n');
    });
    const text = await readFile(m.files[2]!, 'utf8');
    const badLine = text.split('\n').findIndex((l) => l.endsWith(',一列太多')) + 1;
    const plan = await planPartitions(m.files, NULLS, { bytes: 2048 });
    const counts: Array<{ rows: number; lines?: number }> = [];
    let err: TuominError | null = null;
    for (const ref of plan.partitions) {
      const p = await openPartition(plan, ref, NULLS);
      try {
        for await (const _ of p.batches()) { /* read through */ }
        counts.push(p.counts());
      } catch (e) {
        err = e as TuominError;
        const base = partitionBases(plan, counts).lineBase[ref.index]!;
        expect(ref.file).toBe(2);
        expect(err.location.file).toBe(m.files[2]);
        expect(err.location.line! + base - 1).toBe(badLine);
        break;
      }
    }
    expect(err?.text?.id).toBe('csv.ragged');
  });

  it('never joins partitions across a file\'s end; the plan is checked', async () => {
    const m = await writeMonths('join', [200, 200]);
    const plan = await planPartitions(m.files, NULLS, { bytes: 4096 });
    const lastOfFirst = plan.partitions.filter((p) => p.file === 0).length - 1;
    expect(() => joinPartitions(plan, lastOfFirst)).toThrow(/ends at the end of its file/);
    const joined = joinPartitions(plan, 0);
    expect(joined.partitions.length).toBe(plan.partitions.length - 1);
    expect(joined.files![0]!.partitions.length).toBe(plan.files![0]!.partitions.length - 1);
    const a = await readPartitions(plan, NULLS);
    const b = await readPartitions(joined, NULLS);
    expect(b.rows).toEqual(a.rows);
    // A ref moved to another file is refused.
    const forged = { ...plan, partitions: plan.partitions.map((p, k) => (k === 1 ? { ...p, file: 1 } : p)) };
    await expect(openPartition(forged, forged.partitions[1]!, NULLS)).rejects.toThrow(/not contiguous/);
  });

  it('small files are a whole partition each (GBK too: every file read whole, the encoding checked once); onBadRow skip reads all in one pass', async () => {
    const m = await writeMonths('whole', [5, 5, 5]);
    for (const f of m.files) await writeFile(f, gbk(await readFile(f, 'utf8')));
    // Together under one partition: the source is read whole; a partition each when three are asked for.
    expect((await planPartitions(m.files, NULLS, { bytes: 1 << 20 })).partitions).toEqual([{ index: 0, kind: 'whole' }]);
    const plan = await planPartitions(m.files, NULLS, { bytes: 1 << 20, min: 3 });
    expect(plan.partitions.map((p) => [p.kind, p.file])).toEqual([['whole', 0], ['whole', 1], ['whole', 2]]);
    const read = await readPartitions(plan, NULLS);
    expect(read.rows.length).toBe(15);
    expect(read.rows[0]![1]).toBe(NAMES.includes(String(read.rows[0]![1])) ? read.rows[0]![1] : 'not a name');
    const skip = await planPartitions(m.files, { ...NULLS, csv: { ...NULLS.csv, onBadRow: 'skip', rejectPath: null } }, { bytes: 64 });
    expect(skip.partitions).toEqual([{ index: 0, kind: 'whole' }]);
    expect(skip.single).toMatch(/onBadRow/);
    const all = await readPartitions(skip, { ...NULLS, csv: { ...NULLS.csv, onBadRow: 'skip', rejectPath: null } });
    expect(all.rows.length).toBe(15);
  });
});

describe('several NDJSON files', () => {
  const lines = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => JSON.stringify({ 结算单号: `YB${from + i}`, 诊断: i % 9 === 0 ? null : `诊断\n${(from + i) % 5}`, 备注: '"引号"' }));

  it('read as one source and over partitions (line ranges inside each file); a bad line names its file and its line, read or planned', async () => {
    const paths = [0, 1, 2].map((k) => join(dir, `nd-${k}.ndjson`));
    for (const [k, p] of paths.entries()) await writeFile(p, `${lines(k * 1000, 400).join('\n')}\n`);
    const seq = await readAll(paths);
    expect(seq.cells[0]!.length).toBe(1200);
    expect(seq.cells[0]![400]).toBe('YB1000');
    const plan = await planPartitions(paths, {}, { bytes: 8_000 });
    expect(plan.partitions.length).toBeGreaterThan(6);
    expect(new Set(plan.partitions.map((p) => p.file))).toEqual(new Set([0, 1, 2]));
    const read = await readPartitions(plan, {});
    expect(read.rows.map((r) => r[0])).toEqual(seq.cells[0]);
    // Line 301 of the second file is not JSON.
    const second = lines(1000, 400);
    second[300] = '{"结算单号": "YB1300", 诊断';
    await writeFile(paths[1]!, `${second.join('\n')}\n`);
    const err = await failure(readAll(paths));
    expect(err.location).toMatchObject({ file: paths[1], line: 301 });
    // The planner opens the files as one source first (the NDJSON column names come from the first rows): the same error.
    const planned = await failure(planPartitions(paths, {}, { bytes: 8_000 }));
    expect(planned.location).toMatchObject({ file: paths[1], line: 301 });
  });
});

describe('several typed files', () => {
  const claims = (from: number, n: number, idType: Int32 | Utf8 = new Int32()): Table => (makeTable as unknown as (c: object) => Table)({
    结算单号: vectorFromArray(Array.from({ length: n }, (_, i) => (idType instanceof Int32 ? from + i : String(from + i))), idType),
    诊断: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `诊断${(from + i) % 5}`)), new Utf8()),
  } as never);

  it('Parquet months read as one source; a file whose column has another type is refused', async () => {
    const paths = [0, 1, 2].map((k) => join(dir, `pq-${k}.parquet`));
    for (const [k, p] of paths.entries()) {
      const t = claims(k * 100, 100);
      await writeOutput(p, t.schema, (async function* () { yield* t.batches; })(), { parquet: { rowGroupSize: 32 } });
    }
    const src = await openSource(paths);
    const rows: number[] = [];
    for await (const b of src.batches()) for (const v of b.getChildAt(0)!.data[0]!.values as Int32Array) rows.push(v);
    expect(rows.length).toBe(300);
    expect(rows).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const plan = await planPartitions(paths, {}, { bytes: 64, min: 4 });
    expect(new Set(plan.partitions.map((p) => p.file))).toEqual(new Set([0, 1, 2]));
    expect((await readPartitions(plan, {})).rows.map((r) => r[0])).toEqual(rows);
    const odd = join(dir, 'pq-odd.parquet');
    const t = claims(0, 10, new Utf8());
    await writeOutput(odd, t.schema, (async function* () { yield* t.batches; })());
    const err = await failure(openSource([paths[0]!, odd]));
    expect(err.text?.id).toBe('source.columnsDiffer');
    expect(err.location).toMatchObject({ file: odd, column: '结算单号' });
  });
});

async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** GB18030 bytes of a text made of ASCII and the common characters these tests use. */
function gbk(text: string): Uint8Array {
  // Node has no GBK encoder: a table of the characters used, from the decoder (every 2-byte code).
  const table = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Uint8Array.from(out);
}

let GBK: Map<string, number> | null = null;
function gbkTable(): Map<string, number> {
  if (GBK) return GBK;
  GBK = new Map();
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(hi, lo));
      if (!GBK.has(ch)) GBK.set(ch, (hi << 8) | lo);
    }
  }
  return GBK;
}
